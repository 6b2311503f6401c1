"""Generate phones_dev8.jsonl: a development set for the phone-number PII detector.

Part 1 (positives), for Brazil (BR), India (IN) and Ireland (IE): 60 lines per
region, 50 numbers written in national format the way locals write them
(trunk 0, area codes in brackets, Brazilian carrier-selection codes, bare digit
runs, toll-free/shared-cost ranges, ...) and 10 in international format (+CC,
00CC, "+353 (0)87 ...").  Exactly half of each region's lines contain no
phone-related word anywhere (no tel/phone/mobile/call/contact/number/whatsapp/
ligar/celular/...); contexts are what an assistant's memory holds: notes, chats,
JSON tool output, CSV rows, e-mail signatures, forms and reminders.  Every
value is the exact substring as written, is valid for its region according to
`phonenumbers` (a Brazilian carrier prefix is stripped before validating),
occurs once in the text, and no other valid number is found in the text.

Part 2 (negatives): 20 regions x 15 kinds of phone-sized (7-13 digit) non-phone
digit strings (order/invoice/tracking/ticket numbers, national ids, tax and bank
numbers, amounts, dates, versions, ISBNs, serials, GPS, addresses, meter
readings / measurements / freight weights), in the region's language, many
grouped like local phone numbers.  Each text is redrawn until
phonenumbers.PhoneNumberMatcher (leniency VALID) finds nothing with the line's
region and with "US".

Written independently of the detector's source and of the other data sets.
Run with a Python that has `phonenumbers` (e.g. /tmp/phvenv/bin/python).
"""
import datetime, json, os, random, re
import phonenumbers as P

R = random.Random(80_808)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "phones_dev8.jsonl")
VALID = P.Leniency.VALID
PHONE_WORD = re.compile(
    r"(?i)\b(?:\w*phone\w*|tel\w*|fone\w*|ph|mob\w*|cell\w*|cel|celular\w*|call\w*|contact\w*|"
    r"contato\w*|fax|numbers?|num|n[úu]mero\w*|nambar|nº|whats\w*|wa|wpp|zap\w*|liga|ligar|ligue|"
    r"liga[çc][ãa]o|chama\w*|ring\w*|dial\w*|sms|text\w*|txt|landline|helpline|hotline|toll\w*|"
    r"freephone|reach\w*|ramal|baat|karo|msg|message\w*|mensage\w*)\b")

def d(n): return "".join(R.choice("0123456789") for _ in range(n))
def nz(n): return R.choice("123456789") + d(n - 1)
def L(n): return "".join(R.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))
def fill(pat): return "".join(R.choice("0123456789") if c == "#" else c for c in pat)

# ---------------------------------------------------------------- positives
BR_DDD = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42,
          43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74,
          75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99]
IN_STD2 = [11, 22, 33, 44, 80, 40, 20, 79]
IN_STD34 = [141, 172, 484, 522, 612, 124, 891, 471, 422, 824, 674, 755, 731, 181, 231, 361,
            1332, 2692, 8182, 4652, 1842, 2752]
IE_AREA = [21, 91, 61, 51, 71, 74, 66, 64, 65, 56, 57, 58, 59, 94, 98, 49, 42, 41, 44, 45, 46, 47,
           53, 52, 62, 63, 67, 68, 69, 43, 90, 93, 95, 96, 97, 402, 404, 505, 506]

def g_br():
    m, l = "9" + R.choice("6789") + d(7), R.choice("2345") + d(7)
    return dict(a=R.choice(BR_DDD), m=m, m1=m[0], m4a=m[1:5], m5=m[:5], m4=m[5:], l4a=l[:4],
                l4b=l[4:], t3=d(3), t4=d(4), c=R.choice(["21", "15", "41", "31", "12", "14"]))

def g_in():
    m, s = R.choice("6789") + d(9), R.choice(IN_STD34)
    q, sub = R.choice("2345") + d(7), R.choice("2345") + d(9 - len(str(s)))
    return dict(m=m, m5=m[:5], m5b=m[5:], s2=R.choice(IN_STD2), q=q, q4=q[:4], q4b=q[4:], s=s,
                sub=sub, t3=d(3), t4=d(4))

def g_ie():
    r = R.choice("2345679") + d(R.choice([5, 6]))
    return dict(mp=R.choice([83, 85, 86, 87, 89]), m3=d(3), m4=d(4), d1a=R.choice("2345789") + d(2),
                d1b=d(4), c=R.choice(IE_AREA), r=r, r3=r[:3], rr=r[3:],
                t=R.choice(["1800", "1800", "0818", "1890", "1850"]), t3a=nz(3), t3b=d(3))

FORMATS = {  # region: (generator, national formats, international formats)
    "BR": (g_br, ["({a}) {m5}-{m4}", "{a} {m5}-{m4}", "0{a} {m5}-{m4}", "(0{a}) {l4a}-{l4b}",
                  "({a}) {l4a}-{l4b}", "0800 {t3} {t4}", "0 {c} {a} {m5}-{m4}", "0{c} ({a}) {m5}-{m4}",
                  "{a}{m}", "({a}) {m1} {m4a}-{m4}", "{a} {l4a}-{l4b}"],
           ["+55 {a} {m5}-{m4}", "+55 ({a}) {m5}-{m4}", "+55 {a} {l4a}-{l4b}", "+55{a}{m}",
            "+55 ({a}) {m1} {m4a}-{m4}"]),
    "IN": (g_in, ["{m5} {m5b}", "0{m5} {m5b}", "{m}", "{m5}-{m5b}", "0{s2}-{q4} {q4b}", "(0{s2}) {q}",
                  "0{s2} {q4} {q4b}", "0{s}-{sub}", "(0{s}) {sub}", "1800 {t3} {t4}", "1800-{t3}-{t4}",
                  "0{m}"],
           ["+91 {m5} {m5b}", "+91-{m5}-{m5b}", "+91{m}", "0091 {m5} {m5b}", "+91 {s2} {q4} {q4b}",
            "+91 (0){s2} {q4} {q4b}", "+91-{s}-{sub}"]),
    "IE": (g_ie, ["0{mp} {m3} {m4}", "0{mp}-{m3}-{m4}", "0{mp}{m3}{m4}", "(0{mp}) {m3} {m4}",
                  "(01) {d1a} {d1b}", "01 {d1a} {d1b}", "01-{d1a}{d1b}", "0{c}-{r}", "0{c} {r3} {rr}",
                  "(0{c}) {r}", "{t} {t3a} {t3b}"],
           ["+353 (0){mp} {m3} {m4}", "+353 {mp} {m3} {m4}", "00353 1 {d1a} {d1b}", "+353 {c} {r3} {rr}",
            "+353-1-{d1a}{d1b}", "+353 (0)1 {d1a} {d1b}", "00353 {mp} {m3} {m4}"]),
}

NAMES = {
    "BR": (["Ana", "Bruno", "Carla", "Diego", "Fernanda", "Gustavo", "Juliana", "Lucas", "Mariana",
            "Rafael", "Patrícia", "Thiago"], ["Souza", "Oliveira", "Santos", "Pereira", "Costa", "Almeida", "Ribeiro", "Carvalho", "Gomes"]),
    "IN": (["Aarav", "Priya", "Rohit", "Sneha", "Vikram", "Ananya", "Karan", "Meera", "Arjun", "Divya",
            "Rahul", "Kavya"], ["Sharma", "Iyer", "Patel", "Reddy", "Gupta", "Nair", "Singh", "Mehta", "Das"]),
    "IE": (["Aoife", "Ciarán", "Siobhán", "Declan", "Niamh", "Seán", "Orla", "Cian", "Róisín", "Eoin",
            "Gráinne", "Darragh"], ["Murphy", "Kelly", "O'Brien", "Walsh", "Byrne", "Ryan", "Doyle", "Brennan"]),
}

# (templates without any phone word, templates with one)
POS_TPL = {
    "BR": ([
        "Anotação: {name}, eletricista do prédio — {p}. Só atende depois das 14h.",
        "[09:41] {first}: tô no {p} até sexta, depois volto pro Rio",
        '{{"nome": "{name}", "cidade": "Belo Horizonte", "principal": "{p}", "origem": "formulario_site"}}',
        "id;nome;cidade;canal;status\n1042;{name};Recife;{p};ativo",
        "Abraços,\n{name}\nAnalista Financeira | Construtora Horizonte\n{p}\nAv. Paulista, 1000 - São Paulo/SP",
        "Nome completo: {name}\nResponsável financeiro: {p}\nTurma: 3º ano B",
        "Lembrete: consulta com a Dra. {last} na quarta às 15h. Para remarcar: {p}.",
        "Usuário pediu para guardar: diarista {first} — {p} (vem às terças).",
        "Resultado da busca: Pizzaria Bella Napoli · Aberto até 23h · {p} · Rua Harmonia, 512",
        "{first} disse que o {p} é o do escritório, mas só fica lá de manhã.",
    ], [
        "Me liga no {p} depois das 18h, combinado?", "Tel.: {p} | e-mail: financeiro@horizonte.com.br",
        "WhatsApp de {first}: {p}", '{{"nome": "{name}", "telefone": "{p}", "tipo": "cliente"}}',
        "nome,celular,cidade\n{name},{p},Campinas", "Att,\n{name}\nCel: {p}",
        "Telefone para contato: {p}\nMelhor horário: manhã",
        "Lembrete: ligar para o Dr. {last} no {p} para confirmar o exame.", "Anota o número de {first}: {p}",
        "Fone fixo da loja: {p}, procurar por {first}.",
    ]),
    "IN": ([
        "Note to self: {name} (plumber, Andheri East) - {p}, comes only after 11 am.",
        "[10:14] {first}: bhai {p} pe location bhej dena, main nikal raha hoon",
        '{{"name": "{name}", "city": "Pune", "primary": "{p}", "source": "lead_form"}}',
        "lead_id,name,city,alt,stage\n2231,{name},Jaipur,{p},hot",
        "Regards,\n{name}\nSenior Manager - Operations\nShree Balaji Logistics Pvt. Ltd.\n{p}",
        "Name: {name}\nGuardian: {p}\nClass: VII-B",
        "Reminder: Dr. {last}'s clinic on Thursday, 5 pm. Reception: {p}, confirm before noon.",
        "{first} ka naya wala {p} hai, purana band ho gaya",
        "Search result: Sagar Ratna, Connaught Place · Open till 11 pm · {p}",
        "Landlord {name} — {p}. Rent due on the 5th.",
    ], [
        "Call me on {p} after 6, I'm in meetings till then.", "Mob: {p}",
        "mera number {p} hai, WhatsApp bhi isi pe hai",
        '{{"name": "{name}", "mobile": "{p}", "verified": true}}', "name,phone,city\n{name},{p},Lucknow",
        "Regards,\n{name}\nPh: {p}", "Contact person: {name}, {p}",
        "{first} ko phone karo {p} pe, woh gate pe wait kar raha hai", "Customer care (toll-free): {p}",
        "Reminder: call the bank branch on {p} about the locker.",
    ]),
    "IE": ([
        "Mechanic in Naas - {first}, {p}. Said to drop the car in before 9.",
        "[18:22] {first}: grand so, I'm on {p} if the bus is late",
        '{{"name": "{name}", "county": "Cork", "primary": "{p}", "source": "web"}}',
        "id,name,county,alt,status\n118,{name},Galway,{p},active",
        "Kind regards,\n{name}\nPractice Manager | Ballsbridge Dental\n{p}",
        "Name: {name}\nNext of kin: {p}\nGP: Dr. {last}",
        "Reminder: physio with {first} on Tuesday at 10:30, Ranelagh. To reschedule: {p}.",
        "Childminder {first} - {p}, can do Mondays and Wednesdays.",
        "Search result: The Hungry Monk, Greystones · Open until 10 pm · {p}",
        "User asked me to remember: landlord {name}, {p}, rent due on the 1st.",
    ], [
        "Ring me on {p} when you're outside.", "Mob: {p}", "Text {first} on {p} about Saturday.",
        '{{"name": "{name}", "phone": "{p}", "opt_in": false}}', "name,phone,county\n{name},{p},Kildare",
        "Kind regards,\n{name}\nTel: {p}", "Contact: {name}, {p}",
        "Call the GP surgery on {p} to book the flu jab.", "Her number is {p}, she said WhatsApp is best.",
        "Customer service: call us on {p}",
    ]),
}

# template indexes fit for a business number (no-word, word side): (any number, toll-free only)
BIZ = {"BR": (([4, 8], []), ([1, 9], [])), "IN": (([4, 8], []), ([9], [8])), "IE": (([4, 8], []), ([5], [9]))}

def core(region, v):  # strip a Brazilian carrier-selection prefix ("0 21 ", "021 ") before validating
    if region == "BR" and v.startswith("0") and len(re.sub(r"\D", "", v)) >= 13:
        return re.sub(r"^0 ?\d\d ", "", v)
    return v

def valid_for(region, v):
    try:
        n = P.parse(core(region, v), region)
    except P.NumberParseException:
        return False
    return P.is_valid_number(n) and P.region_code_for_number(n) == region

def positives(region):
    gen, nat, intl = FORMATS[region]
    nowords, words = POS_TPL[region]
    firsts, lasts = NAMES[region]
    rows = []
    for i in range(60):
        fmt = nat[i % len(nat)] if i < 50 else intl[(i - 50) % len(intl)]
        k, (biz, tollonly) = (i // 2) % 10, BIZ[region][i % 2]  # toll-free numbers only in business contexts
        if re.match(r"\{t\}|0800|1800", fmt):
            k = k if k in biz + tollonly else (biz + tollonly)[(i // 4) % len(biz + tollonly)]
        elif k in tollonly:
            k = (k + 1) % 10
        tpl = (nowords if i % 2 == 0 else words)[k]
        for _ in range(500):
            v = fmt.format(**gen())
            if not valid_for(region, v):
                continue
            first, last = R.choice(firsts), R.choice(lasts)
            text = tpl.format(p=v, first=first, last=last, name=f"{first} {last}")
            start = text.find(v)
            if text.count(v) != 1 or any(m.end <= start or m.start >= start + len(v)
                                         for m in P.PhoneNumberMatcher(text, region, VALID)):
                continue
            assert bool(PHONE_WORD.search(text)) == (i % 2 == 1), text
            rows.append(dict(region=region, text=text, value=v,
                             format="national" if i < 50 else "international"))
            break
        else:
            raise RuntimeError(f"no valid draw for {region} {fmt}")
    return rows

# ---------------------------------------------------------------- negatives
KINDS = ["order", "invoice", "tracking", "ticket", "national_id", "tax_id", "bank", "amount",
         "datetime", "version", "isbn", "serial", "gps", "address", "meter_reading", "measurement",
         "parcel_weight"]

def T(s): return [x.strip() for x in s.split("|")]

NEG_TPL = {  # 17 templates per language, in KINDS order, separated by '|'
    "en": T('Order {v} has shipped, estimated delivery Thursday. | '
           'Invoice {v} from the property manager is due at the end of the month. | '
           'Tracking ID {v}: the parcel arrived at the sorting hub. | '
           "Flight booked, e-ticket {v}, seat 14C. | Onboarding paperwork needs the user's {v}. | "
           'Company details for the invoice template: {v}. | Salary is paid into {v}. | '
           'Quote accepted, total {v} including tax. | Backup completed on {v} without errors. | '
           'The bug only shows up on {v}. | Book for the reading group: ISBN {v}. | '
           'Warranty claim for the laptop, serial {v}. | Trailhead parking: {v}. | Delivery address: {v}. | '
           'Electricity meter reading submitted: {v} kWh. | Upload finished: {v} bytes transferred. | '
           'Consolidated freight loaded, total weight {v} kg.'),
    "de": T('Bestellung {v} wurde versandt, Lieferung voraussichtlich Donnerstag. | '
           'Rechnung {v} der Hausverwaltung ist bis Monatsende fällig. | '
           'Sendungsnummer {v}: Das Paket ist im Verteilzentrum angekommen. | '
           'Flug gebucht, Ticketnummer {v}, Sitz 14C. | Für den Antrag braucht der Nutzer seine {v}. | '
           'Firmendaten für die Rechnungsvorlage: {v}. | Das Gehalt geht auf {v}. | '
           'Angebot angenommen, Gesamtsumme {v} inkl. MwSt. | Backup am {v} erfolgreich abgeschlossen. | '
           'Der Fehler tritt nur unter {v} auf. | Buch für den Lesekreis: ISBN {v}. | '
           'Garantiefall Laptop, Seriennummer {v}. | Parkplatz am Wanderweg: {v}. | Lieferadresse: {v}. | '
           'Zählerstand Strom gemeldet: {v} kWh. | Upload abgeschlossen: {v} Bytes übertragen. | '
           'Sammelladung verladen, Gesamtgewicht {v} kg.'),
    "fr": T('La commande {v} a été expédiée, livraison prévue jeudi. | '
           'La facture {v} du syndic est à régler avant la fin du mois. | '
           'Numéro de suivi {v} : le colis est arrivé au centre de tri. | '
           'Vol réservé, billet électronique {v}, siège 14C. | '
           "Pour le dossier, l'utilisateur doit fournir son {v}. | "
           'Infos société pour le modèle de facture : {v}. | Le salaire est versé sur le {v}. | '
           'Devis accepté, total {v} TTC. | Sauvegarde terminée le {v} sans erreur. | '
           'Le bug ne se reproduit que sous {v}. | Livre pour le club de lecture : ISBN {v}. | '
           "Garantie de l'ordinateur portable, numéro de série {v}. | Parking du départ de randonnée : {v}. | "
           'Adresse de livraison : {v}. | Relevé du compteur électrique transmis : {v} kWh. | '
           'Envoi terminé : {v} octets transférés. | Groupage chargé, poids total {v} kg.'),
    "es": T('El pedido {v} ya salió del almacén, entrega prevista el jueves. | '
           'La factura {v} de la comunidad vence a fin de mes. | '
           'Número de seguimiento {v}: el paquete llegó al centro de distribución. | '
           'Vuelo reservado, billete electrónico {v}, asiento 14C. | '
           'Para el trámite el usuario necesita su {v}. | Datos fiscales para la plantilla de factura: {v}. | '
           'La nómina se ingresa en la {v}. | Presupuesto aceptado, total {v} con IVA. | '
           'Copia de seguridad completada el {v} sin errores. | El fallo solo ocurre en {v}. | '
           'Libro para el club de lectura: ISBN {v}. | Garantía del portátil, número de serie {v}. | '
           'Estacionamiento al inicio de la ruta: {v}. | Dirección de entrega: {v}. | '
           'Lectura del medidor de luz enviada: {v} kWh. | Subida completada: {v} bytes transferidos. | '
           'Carga consolidada, peso total {v} kg.'),
    "it": T("L'ordine {v} è stato spedito, consegna prevista giovedì. | "
           'La fattura {v} del condominio scade a fine mese. | '
           'Codice di tracciamento {v}: il pacco è arrivato al centro di smistamento. | '
           'Volo prenotato, biglietto elettronico {v}, posto 14C. | Per la pratica serve la sua {v}. | '
           'Dati aziendali per il modello di fattura: {v}. | Lo stipendio viene accreditato sul {v}. | '
           'Preventivo accettato, totale {v} IVA inclusa. | Backup completato il {v} senza errori. | '
           'Il bug si presenta solo su {v}. | Libro per il gruppo di lettura: ISBN {v}. | '
           "Garanzia del portatile, numero di serie {v}. | Parcheggio all'inizio del sentiero: {v}. | "
           'Indirizzo di consegna: {v}. | Lettura del contatore della luce inviata: {v} kWh. | '
           'Caricamento completato: {v} byte trasferiti. | Groupage caricato, peso totale {v} kg.'),
    "nl": T('Bestelling {v} is verzonden, levering verwacht op donderdag. | '
           'Factuur {v} van de VvE moet voor het einde van de maand betaald zijn. | '
           'Track & trace-code {v}: het pakket is in het sorteercentrum aangekomen. | '
           'Vlucht geboekt, e-ticket {v}, stoel 14C. | Voor de aanvraag is het {v} van de gebruiker nodig. | '
           'Bedrijfsgegevens voor het factuursjabloon: {v}. | Het salaris wordt gestort op {v}. | '
           'Offerte akkoord, totaal {v} incl. btw. | Back-up voltooid op {v} zonder fouten. | '
           'De bug treedt alleen op in {v}. | Boek voor de leesclub: ISBN {v}. | '
           'Garantieclaim laptop, serienummer {v}. | Parkeerplaats bij het startpunt van de wandeling: {v}. | '
           'Bezorgadres: {v}. | Meterstand stroom doorgegeven: {v} kWh. | '
           'Upload klaar: {v} bytes overgezet. | Groupage geladen, totaalgewicht {v} kg.'),
    "sv": T('Order {v} har skickats, leverans beräknas till torsdag. | '
           'Faktura {v} från bostadsrättsföreningen förfaller i slutet av månaden. | '
           'Kollinummer {v}: paketet har anlänt till terminalen. | '
           'Flyget är bokat, e-biljett {v}, plats 14C. | Till ansökan behövs användarens {v}. | '
           'Företagsuppgifter till fakturamallen: {v}. | Lönen betalas in via {v}. | '
           'Offert godkänd, totalt {v} inkl. moms. | Säkerhetskopian slutfördes {v} utan fel. | '
           'Buggen uppträder bara i {v}. | Bok till läsecirkeln: ISBN {v}. | '
           'Garantiärende för laptopen, serienummer {v}. | Parkering vid leden: {v}. | Leveransadress: {v}. | '
           'Elmätarställning inskickad: {v} kWh. | Uppladdning klar: {v} byte överförda. | '
           'Samlastning lastad, total vikt {v} kg.'),
    "pl": T('Zamówienie {v} zostało wysłane, dostawa planowana na czwartek. | '
           'Faktura {v} od zarządcy budynku jest płatna do końca miesiąca. | '
           'Numer przesyłki {v}: paczka dotarła do sortowni. | '
           'Lot zarezerwowany, bilet elektroniczny {v}, miejsce 14C. | '
           'Do wniosku potrzebny jest {v} użytkownika. | Dane firmy do szablonu faktury: {v}. | '
           'Dane do bankowości: {v}. | Oferta zaakceptowana, razem {v} brutto. | '
           'Kopia zapasowa zakończona {v} bez błędów. | Błąd występuje tylko w {v}. | '
           'Książka na spotkanie klubu: ISBN {v}. | Reklamacja laptopa, numer seryjny {v}. | '
           'Parking przy szlaku: {v}. | Adres dostawy: {v}. | Odczyt licznika prądu wysłany: {v} kWh. | '
           'Wysyłanie zakończone: przesłano {v} bajtów. | '
           'Ładunek zbiorczy załadowany, waga całkowita {v} kg.'),
    "pt": T('O pedido {v} foi enviado, entrega prevista para quinta. | '
           'A fatura {v} do condomínio vence no fim do mês. | '
           'Código de rastreio {v}: o pacote chegou ao centro de distribuição. | '
           'Voo reservado, bilhete eletrônico {v}, assento 14C. | Para o cadastro o usuário precisa do {v}. | '
           'Dados da empresa para o modelo de nota: {v}. | O salário cai na {v}. | '
           'Orçamento aprovado, total {v} com impostos. | Backup concluído em {v} sem erros. | '
           'O bug só acontece no {v}. | Livro do clube de leitura: ISBN {v}. | '
           'Garantia do notebook, número de série {v}. | Estacionamento da trilha: {v}. | '
           'Endereço de entrega: {v}. | Leitura do medidor de luz enviada: {v} kWh. | '
           'Upload concluído: {v} bytes transferidos. | Carga consolidada, peso total {v} kg.'),
    "ja": T('注文 {v} の商品は発送済みです。木曜日お届け予定。 | 管理会社の請求書 {v} の支払期限は月末です。 | 伝票番号 {v}：荷物は仕分けセンターに到着しました。 | '
           '航空券を予約済み。eチケット {v}、座席14C。 | 手続きに必要なもの：{v} | 請求書テンプレート用の会社情報：{v} | 給与振込先：みずほ銀行 {v} | '
           '見積もり承認済み、合計 {v}（税込） | バックアップは {v} に正常終了しました。 | この不具合は {v} でのみ再現します。 | 読書会の本：ISBN {v} | '
           'ノートPCの保証修理、製造番号 {v} | 登山口の駐車場：{v} | お届け先：{v} | 電気メーター検針値：{v} kWh | アップロード完了：{v} バイト転送 | '
           '混載貨物の総重量 {v} kg'),
    "zh": T('订单 {v} 已发货，预计周四送达。 | 物业发票 {v} 月底前需付款。 | 快递单号 {v}：包裹已到达分拣中心。 | 机票已订，电子客票 {v}，座位14C。 | 办理手续需要：{v} | '
           '开票信息：{v} | 工资转入{v}。 | 报价已确认，总计 {v}（含税） | 备份于 {v} 成功完成。 | 该问题仅在 {v} 上出现。 | 读书会用书：ISBN {v} | '
           '笔记本保修，序列号 {v} | 登山口停车场：{v} | 收货地址：{v} | 电表读数已提交：{v} kWh | 上传完成：共传输 {v} 字节 | 拼箱货物总重 {v} kg'),
}
SHELLS = ["{t}", "[memory] {t}", '{{"type": "note", "text": "{t}"}}', "User: {t}"]

# region: lang, thousands/decimal separators, currency, airline prefix, ISBN group, (lat, lon),
#         phone-like groupings
META = {
    "US": ("en", ",.", "${}", "001", "1", (39.74, -104.99), ["###-###-####", "### ### ####"]),
    "CA": ("en", ",.", "C${}", "014", "1", (49.28, -123.12), ["###-###-####", "###.###.####"]),
    "GB": ("en", ",.", "£{}", "125", "1", (54.46, -3.09), ["##### ######", "#### ### ####"]),
    "IE": ("en", ",.", "€{}", "053", "1", (53.01, -6.33), ["### ### ####", "## ### ####"]),
    "AU": ("en", ",.", "A${}", "081", "0", (-37.81, 144.96), ["#### ### ###", "## #### ####"]),
    "IN": ("en", ",.", "₹{}", "098", "0", (19.08, 72.88), ["##### #####", "####-###-###"]),
    "DE": ("de", ".,", "{} €", "220", "3", (48.14, 11.58), ["#### #######", "### ########"]),
    "AT": ("de", ".,", "€ {}", "257", "3", (47.27, 11.39), ["#### ######", "### #######"]),
    "CH": ("de", "'.", "CHF {}", "724", "3", (46.56, 7.96), ["### ### ## ##", "## ### ## ##"]),
    "FR": ("fr", "\u202f,", "{} €", "057", "2", (45.92, 6.87), ["## ## ## ## ##", "# ## ## ## ##"]),
    "BE": ("fr", "\u202f,", "{} €", "082", "2", (50.41, 5.93), ["### ## ## ##", "## ### ## ##"]),
    "ES": ("es", ".,", "{} €", "075", "84", (40.42, -3.70), ["### ### ###", "### ## ## ##"]),
    "MX": ("es", ",.", "${} MXN", "139", "607", (19.43, -99.13), ["## #### ####", "### ### ####"]),
    "IT": ("it", ".,", "€ {}", "055", "88", (46.41, 11.84), ["### ### ####", "## #### ####"]),
    "NL": ("nl", ".,", "€ {}", "074", "90", (52.09, 5.12), ["## ### ####", "### ### ###"]),
    "SE": ("sv", "\u00a0,", "{} kr", "117", "91", (63.18, 14.64), ["###-### ## ##", "##-### ## ##"]),
    "PL": ("pl", "\u00a0,", "{} zł", "080", "83", (49.30, 19.95), ["### ### ###", "## ### ## ##"]),
    "BR": ("pt", ".,", "R$ {}", "957", "85", (-22.95, -43.21), ["####-####", "#####-####"]),
    "JP": ("ja", ",.", "¥{}", "131", "4", (35.36, 138.73), ["###-####-####", "##-####-####"]),
    "CN": ("zh", ",.", "¥{}", "999", "7", (30.27, 120.15), ["### #### ####", "####-########"]),
}
DATEFMT = {"en": "%d/%m/%Y %H:%M", "de": "%d.%m.%Y, %H:%M Uhr", "fr": "%d/%m/%Y à %Hh%M",
           "es": "%d/%m/%Y a las %H:%M", "it": "%d/%m/%Y alle %H:%M", "nl": "%d-%m-%Y om %H:%M",
           "sv": "%Y-%m-%d kl. %H:%M", "pl": "%d.%m.%Y o %H:%M", "pt": "%d/%m/%Y às %H:%M",
           "ja": "%Y/%m/%d %H:%M", "zh": "%Y-%m-%d %H:%M"}

def luhn(s):  # append the Luhn check digit
    t = [int(c) for c in s[::-1]]
    return s + str((-sum(sum(divmod(2 * x, 10)) for x in t[0::2]) - sum(t[1::2])) % 10)

def aba():
    b = [int(c) for c in d(8)]
    return "".join(map(str, b)) + str(-(3 * (b[0] + b[3] + b[6]) + 7 * (b[1] + b[4] + b[7]) + b[2] + b[5]) % 10)

def nhs():  # NHS number, mod-11 check digit
    b = d(9); c = (11 - sum(int(x) * w for x, w in zip(b, range(10, 1, -1))) % 11) % 11
    return f"{b[:3]} {b[3:6]} {b[6:]}{c}" if c != 10 else nhs()

def bsn():  # Dutch BSN, 11-test
    b = nz(8); c = sum(int(x) * w for x, w in zip(b, range(9, 1, -1))) % 11
    return b + str(c) if c < 10 else bsn()

def cpf():
    b = [int(c) for c in d(9)]
    for k in (10, 11):
        b.append(sum(x * w for x, w in zip(b, range(k, 1, -1))) * 10 % 11 % 10)
    s = "".join(map(str, b))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"

def isbn(group):
    rest = 9 - len(group)
    pub = R.randint(2, rest - 2)
    body = "978" + group + d(rest)
    chk = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body)) % 10) % 10
    return f"978-{group}-{body[3 + len(group):3 + len(group) + pub]}-{body[3 + len(group) + pub:]}-{chk}"

def dob(): return f"{R.randint(50, 99)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"

REGION_IDS = {  # region: (national id, tax id, bank, address) fragments
    "US": lambda: (f"SSN {R.randint(100, 665)}-{R.randint(10, 99)}-{R.randint(1000, 9999)}",
                   f"EIN {R.randint(10, 99)}-{d(7)}", f"ABA routing number {aba()}",
                   f"{R.randint(100, 9999)} Maple Ave, Springfield, IL {R.randint(62701, 62799)}-{d(4)}"),
    "CA": lambda: ((lambda s: f"SIN {s[:3]} {s[3:6]} {s[6:]}")(luhn(nz(8))), f"Business Number {nz(9)} RT0001",
                   f"transit/institution {d(5)}-{R.choice(['001', '002', '003', '004', '006', '010'])}",
                   f"{R.randint(101, 2405)}-{R.randint(1000, 9999)} Main St, Vancouver BC V5V 3N2"),
    "GB": lambda: (f"NHS number {nhs()}", f"UTR {d(5)} {d(5)}",
                   f"Barclays, sort code {d(2)}-{d(2)}-{d(2)}, account ending {d(4)}",
                   f"Rose Cottage, Church Lane, Bramhope, Leeds LS16 9AT (UPRN 72{d(8)})"),
    "IE": lambda: (f"PPSN {d(7)}{L(1)}{R.choice(['', 'A', 'W'])}", f"VAT IE {d(7)}{L(1)}",
                   f"AIB, sort code 93-{d(2)}-{d(2)}, account ending {d(4)}",
                   f"Apt {R.randint(1001, 1420)}, {R.randint(100, 199)} Ringsend Road, Dublin 4, D04 X2K7"),
    "AU": lambda: (f"TFN {d(3)} {d(3)} {d(3)}", f"ABN {R.randint(10, 99)} {d(3)} {d(3)} {d(3)}",
                   f"BSB {R.choice(['062', '063', '082', '033'])}-{d(3)}, account {d(6)}",
                   f"{R.randint(1001, 1904)}/{R.randint(100, 420)} Smith Street, Fitzroy VIC 3065"),
    "IN": lambda: (f"Aadhaar {R.randint(2, 9)}{d(3)} {d(4)} {d(4)}",
                   f"GSTIN {R.randint(1, 37):02d}{L(5)}{d(4)}{L(1)}{R.randint(1, 9)}Z{R.choice('0123456789ABCDEF')}",
                   f"SBI A/c {R.choice('23')}{d(10)}",
                   f"H.No. {R.randint(1, 9)}-{R.randint(1, 9)}-{R.randint(100, 699)}/{R.randint(10, 99)}/A, "
                   f"Banjara Hills, Hyderabad 5000{R.randint(10, 99)}"),
    "DE": lambda: (f"Rentenversicherungsnummer {R.randint(10, 89)} {dob()} {L(1)} {d(3)}",
                   f"Steuernummer {R.randint(10, 99)}/{d(3)}/{d(5)}", f"Konto {nz(10)}",
                   f"Lindenstraße {R.randint(10, 199)} {R.randint(10115, 14199)} Berlin"),
    "AT": lambda: (f"Sozialversicherungsnummer {nz(4)} {dob()}", f"Steuernummer {R.randint(10, 99)}-{d(3)}/{d(4)}",
                   f"Konto {d(11)}", f"Mariahilfer Straße {R.randint(100, 199)}/{R.randint(1, 9)}/"
                   f"{R.randint(10, 40)}, 1{R.randint(1, 23):02d}0 Wien"),
    "CH": lambda: (f"AHV-Nummer 756.{d(4)}.{d(4)}.{d(2)}", f"UID CHE-{d(3)}.{d(3)}.{d(3)}",
                   f"Postkonto {R.randint(10, 99)}-{d(6)}-{d(1)}",
                   f"Bahnhofstrasse {R.randint(100, 199)}, 80{R.randint(1, 57):02d} Zürich"),
    "FR": lambda: (f"numéro de carte d'identité {d(12)}", f"numéro fiscal {nz(2)} {d(2)} {d(3)} {d(3)} {d(3)}",
                   f"compte n° {d(11)}", f"TSA {R.randint(10000, 99999)} - {R.randint(10000, 95999)} "
                   f"{R.choice(['Dardilly', 'Lille', 'Nantes'])} Cedex"),
    "BE": lambda: (f"numéro de registre national {R.randint(50, 99)}.{R.randint(1, 12):02d}.{R.randint(1, 28):02d}-"
                   f"{d(3)}.{d(2)}", f"TVA BE 0{d(3)}.{d(3)}.{d(3)}", f"compte {d(3)}-{d(7)}-{d(2)}",
                   f"Rue de la Loi {R.randint(100, 250)} bte {R.randint(10, 99)}, 10{R.randint(0, 99):02d} Bruxelles"),
    "ES": lambda: ((lambda n: f"DNI {n}-{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}")(R.randint(10 ** 7, 10 ** 8 - 1)),
                   f"NIF B{d(8)}", f"cuenta {d(10)}",
                   f"C/ Gran Vía {R.randint(100, 199)}, {R.randint(1, 9)}º B, 280{R.randint(10, 99)} Madrid"),
    "MX": lambda: (f"NSS {d(11)}", f"cuenta predial {d(3)}-{d(3)}-{d(2)}-{d(3)}", f"cuenta BBVA {d(10)}",
                   f"Av. Insurgentes Sur {R.randint(1000, 3999)}, Col. Crédito Constructor, 0{R.randint(3000, 3999)} CDMX"),
    "IT": lambda: (f"carta d'identità A{L(1)} {d(7)}", f"P.IVA {d(11)}", f"conto corrente n. {d(12)}",
                   f"Via del Corso {R.randint(100, 399)}, 00{R.randint(118, 199)} Roma"),
    "NL": lambda: (f"BSN {bsn()}", f"KvK-nummer {nz(8)}", f"NL{R.randint(10, 99)} ABNA {d(4)} {d(4)} {d(2)}",
                   f"Prinsengracht {R.randint(100, 999)}-{R.randint(1, 3)} 10{R.randint(11, 19)} {L(2)} Amsterdam"),
    "SE": lambda: (f"personnummer {dob()}-{d(4)}", f"organisationsnummer 55{d(4)}-{d(4)}", f"bankgiro {d(4)}-{d(4)}",
                   f"Drottninggatan {R.randint(10, 120)}, 111 {R.randint(20, 60)} Stockholm"),
    "PL": lambda: (f"PESEL {d(11)}", f"NIP {d(3)}-{d(3)}-{d(2)}-{d(2)}", f"numer klienta PKO {nz(8)}",
                   f"ul. Marszałkowska {R.randint(100, 150)} m. {R.randint(10, 99)}, 00-{R.randint(100, 999)} Warszawa"),
    "BR": lambda: (f"CPF {cpf()}", f"Inscrição Estadual {d(3)}.{d(3)}.{d(3)}.{d(3)}",
                   f"agência {d(4)}, conta {d(5)}-{d(1)}",
                   f"Rua Augusta, {R.randint(1000, 2999)}, 01{d(3)}-{d(3)} São Paulo - SP"),
    "JP": lambda: (f"マイナンバー {d(4)} {d(4)} {d(4)}", f"法人番号 {nz(13)}", f"店番{d(3)} 普通{d(7)}",
                   f"〒150-00{d(2)} 東京都渋谷区渋谷{R.randint(1, 4)}-{R.randint(1, 30)}-{R.randint(1, 20)}"),
    "CN": lambda: (f"护照号码 E{d(8)}", f"纳税人识别号 9131{d(4)}MA1K{d(4)}X", f"招商银行账号 {d(4)} {d(4)} {d(4)}",
                   f"上海市浦东新区世纪大道{R.randint(100, 2000)}号，邮编200{R.randint(100, 999)}"),
}

def num(region, n, dec=""):
    ts, ds = META[region][1]
    s = str(n)
    head, parts = (s[:-3], [s[-3:]]) if region == "IN" else ("", [s[max(0, i - 3):i] for i in range(len(s), 0, -3)][::-1])
    while head:  # Indian lakh/crore grouping: 12,34,567
        head, parts = head[:-2], [head[-2:]] + parts
    return ts.join(parts) + (ds + dec if dec else "")

def fragment(region, kind, ri):
    lang, _, cur, airline, group, (lat, lon), pats = META[region]
    if kind in ("national_id", "tax_id", "bank", "address"):
        return REGION_IDS[region]()[["national_id", "tax_id", "bank", "address"].index(kind)]
    if kind == "order": return fill(pats[0])
    if kind == "invoice": return fill(pats[1])
    if kind == "serial": return fill(R.choice(pats))
    if kind == "tracking": return fill("####-####-####" if region == "JP" else "#### #### ####")
    if kind == "ticket": return f"{airline}-{d(10)}"
    if kind == "amount":
        if region == "JP": return cur.format(num(region, R.randint(10 ** 6, 10 ** 9 - 1)))
        return cur.format(num(region, R.randint(10 ** 4, 10 ** 7 - 1), d(2)))
    if kind == "datetime":
        t = datetime.datetime(2019, 1, 1) + datetime.timedelta(minutes=R.randint(0, 6 * 365 * 24 * 60))
        return t.strftime("%m/%d/%Y %I:%M %p" if region == "US" else DATEFMT[lang])
    if kind == "version":
        if ri % 2: return f"Windows build 10.0.{R.choice([19045, 22621, 22631, 26100])}.{R.randint(1000, 4500)}"
        return f"Chrome {R.randint(110, 131)}.0.{R.randint(5481, 6778)}.{R.randint(2, 204)}"
    if kind == "isbn": return isbn(group)
    if kind == "gps": return f"{lat + R.uniform(-0.5, 0.5):.4f}, {lon + R.uniform(-0.5, 0.5):.4f}"
    if kind == "meter_reading": return f"{d(7)}{META[region][1][1]}{d(1)}"
    if kind == "measurement": return num(region, R.randint(10 ** 6, 10 ** 10 - 1))
    if kind == "parcel_weight": return num(region, R.randint(10 ** 5, 10 ** 7 - 1), d(1))
    raise KeyError(kind)

def clean(text, region):
    return not any(True for rr in (region, "US") for _ in P.PhoneNumberMatcher(text, rr, VALID))

def negatives(region, ri):
    lang = META[region][0]
    kinds = KINDS[:14] + [KINDS[14 + ri % 3]]  # meter reading / measurement / weight rotate by region
    rows = []
    for kind in kinds:
        tpl = NEG_TPL[lang][KINDS.index(kind)]
        for _ in range(1000):
            frag = fragment(region, kind, ri)
            nd = len(re.sub(r"\D", "", frag))
            assert 7 <= nd <= 13, (region, kind, frag)
            text = R.choice(SHELLS).format(t=tpl.format(v=frag))
            if clean(text, region):
                rows.append(dict(region=region, text=text, value="", format="negative", _kind=kind))
                break
        else:
            raise RuntimeError(f"no clean draw for {region} {kind}")
    return rows

def main():
    rows = [r for reg in ("BR", "IN", "IE") for r in positives(reg)]
    rows += [r for i, reg in enumerate(META) for r in negatives(reg, i)]
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: v for k, v in r.items() if not k.startswith("_")}, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} lines to {OUT}")

if __name__ == "__main__":
    main()
