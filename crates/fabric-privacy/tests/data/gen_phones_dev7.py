#!/usr/bin/env python3
"""Generate phones_dev7.jsonl: a dev set for the phone-number PII detector (ES, PL, IT, MX).

Per region: 60 positives in national format (no country code) and 10 international (+CC, 00CC, or CC
without '+'), grouped the way locals write their own numbers (pairs, triples, dashes, dots, slashes,
brackets, unbroken digits, the disused Polish "(0-22)" trunk 0), inside text an agent's memory would
hold: CRM exports (CSV/TSV with local headers), JSON/YAML tool output, OCR'd invoices, web forms,
calendar entries, voicemail transcripts, signatures, timestamped chats, classified ads, municipal
notices, contact lists, minutes, delivery notes. Exactly 60% of positives have no phone word (PW).
Then 40 negatives per region: non-phone digit strings (DNI/NIE/CIF, NSS, PESEL, NIP, REGON, KRS,
NRB/IBAN, codice fiscale, P.IVA, RFC, CURP, CLABE, invoice/order/tracking/policy numbers, amounts,
dates, postal codes, EAN codes, meter readings, bank references).
Checked with `phonenumbers`: each value parses with its region (Polish trunk 0 stripped), is valid,
region_code_for_number == region, occurs once in its text, and PhoneNumberMatcher (VALID; ES/PL/IT/MX)
finds nothing else; negatives get no match at all. Deterministic (fixed seed).
Written independently of the detector's source and of the other test sets/generators in this
directory (only the JSON line format was copied). Run: /tmp/phvenv/bin/python gen_phones_dev7.py
"""
import datetime as dt
import json
import random
import re
import unicodedata
from pathlib import Path

import phonenumbers as pn
from phonenumbers import Leniency, PhoneNumberMatcher

SEED = 7_2025_0707
rng = random.Random(SEED)
OUT = Path(__file__).with_name("phones_dev7.jsonl")
REGIONS = ["ES", "PL", "IT", "MX"]
N_NAT, N_INT, N_NEG = 60, 10, 40
NW_NAT, NW_INT = 36, 6  # positives without any phone word (42/70 = 60%)

# Phone words in the four languages (+ English). No-word templates must not match.
PW = re.compile(r"(?<![^\W\d_])(tel|tfno|tlf|m[óo]v|cel\b|cel\.|celular|cell|kom\.|kom[óo]r|whats|wa\b|contact"
                r"|contatt|kontakt|n[uú]mer|núm|num\.|nr\b|n[º°]|llam|lláma|chiam|richiam|dzwo|zadzw|oddzw|fax"
                r"|phone|call\b|calling|mobile|sms|lada|ext\.|buzón|segreteria|poczta g|mensaje de voz)", re.I)

def D(n):
    return "".join(rng.choice("0123456789") for _ in range(n))

def L(n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
    return "".join(rng.choice(alphabet) for _ in range(n))

def ascii_(s):
    return unicodedata.normalize("NFKD", s.replace("ł", "l").replace("Ł", "L")).encode("ascii", "ignore").decode()

# ---------------------------------------------------------------- region data
# cities: name:area code:postal prefix; the first `big` cities (2-digit areas) get 4x weight.
# pmob: share of mobiles; masks: X = digit, anything else literal (a literal 0 = disused PL trunk prefix).
DATA = {
    "ES": dict(
        cc="34", big=2, pmob=0.45, dsep="/", cur=("", " €"), th=".", dec=",",
        mob=lambda: rng.choice(["6" + D(8), "7" + rng.choice("1234") + D(7)]),
        doc=lambda: rng.choice([f"A-2024-{D(4)}", f"FS{D(5)}", f"T-{D(4)}/24"]),
        cities="Madrid:91:28|Barcelona:93:08|Sevilla:954:41|Valencia:963:46|Zaragoza:976:50|Bilbao:944:48"
               "|Málaga:952:29|Murcia:968:30|Palma:971:07|Valladolid:983:47|Oviedo:985:33|Pamplona:948:31",
        names="María García Pérez|Javier Romero Gil|Lucía Navarro|Sergio Molina Ortega|Pilar Iglesias|Jordi Puig Serra"
              "|Montse Vidal|Álvaro Rubio Castro|Raquel Sánchez Lozano|Iñaki Etxeberria|Rocío Márquez|Manuel Serrano"
              "|Elena Fernández Cano|Nuria Casals|Carmen López Vega|Alejandro Martín Ruiz",
        cos="Reformas Hnos. Molina S.L.|Asesoría Gestiona|Talleres Ortega|Clínica Dental Sonrisas"
            "|Construcciones Ebro S.A.|Cerrajería Rápida Sur|Fontanería Ruiz e Hijos|Inmobiliaria Alameda",
        streets="C/ Alcalá 112, 3º B|Avda. de la Constitución 45|C/ Mayor 7, bajo|Pza. de España 3, 2º izq."
                "|C/ San Vicente 28|Ronda de Triana 14|Paseo de Gracia 61, 4º 1ª|C/ Uría 19, 5º D",
        mails="gmail.com|hotmail.es|yahoo.es|outlook.es",
        masks={"L2": "XX XXX XX XX|XX XXX XXXX|XXXXXXXXX|(XX) XXX XX XX|XX-XXX-XX-XX|XX.XXX.XX.XX|XXX XXX XXX",
               "L3": "XXX XXX XXX|XXX XX XX XX|XXXXXXXXX|XXX-XX-XX-XX|(XXX) XX XX XX|XXX.XXX.XXX|XXX-XXX-XXX",
               "M": "XXX XXX XXX|XXX XX XX XX|XXXXXXXXX|XXX-XXX-XXX|XXX.XX.XX.XX|XXX XXXXXX"}),
    "PL": dict(
        cc="48", big=0, pmob=0.55, dsep=".", cur=("", " zł"), th=" ", dec=",",
        mob=lambda: rng.choice("50 51 53 57 60 66 69 72 73 78 79 88".split()) + D(7),
        doc=lambda: rng.choice([f"WZ/{D(4)}/03/2024", f"FV/{rng.randint(1, 999)}/2024", f"PZ-{D(5)}"]),
        cities="Warszawa:22:02|Kraków:12:31|Poznań:61:60|Wrocław:71:53|Gdańsk:58:80|Łódź:42:90|Katowice:32:40"
               "|Lublin:81:20|Szczecin:91:70|Bydgoszcz:52:85|Białystok:85:15|Rzeszów:17:35|Kielce:41:25|Olsztyn:89:10",
        names="Anna Kowalska|Piotr Nowak|Katarzyna Wiśniewska|Tomasz Wójcik|Agnieszka Kamińska|Michał Lewandowski"
              "|Magdalena Zielińska|Paweł Szymański|Joanna Woźniak|Krzysztof Dąbrowski|Marta Kozłowska"
              "|Grzegorz Jankowski|Ewa Mazur|Łukasz Krawczyk|Dorota Piotrowska|Marek Grabowski",
        cos="Usługi Remontowe Nowak|Biuro Rachunkowe Bilans Sp. z o.o.|Auto-Serwis Jankowski|PHU Mazur|Stolarka Dąb"
            "|Gabinet Stomatologiczny Uśmiech|Hydro-Instal s.c.|Szkoła Językowa Lingua|Biuro Nieruchomości Dom",
        streets="ul. Marszałkowska 84/92 m. 15|ul. Długa 12|al. Jerozolimskie 65/79|ul. Piotrkowska 104 lok. 3"
                "|os. Tysiąclecia 21/4|ul. Mickiewicza 7|ul. Grunwaldzka 188|ul. Lipowa 3a",
        mails="wp.pl|onet.pl|o2.pl|interia.pl|gmail.com",
        masks={"L2": "(XX) XXX XX XX|XX XXX-XX-XX|XXXXXXXXX|XX XXX XX XX|XX-XXX-XX-XX|(0-XX) XXX XX XX"
                     "|0XX XXX-XX-XX|XX XXXXXXX|(XX) XXX XX XX|XX XXX-XX-XX|XXXXXXXXX",  # repeats = weight
               "M": "XXX XXX XXX|XXX-XXX-XXX|XXXXXXXXX|XXX XX XX XX"}),
    "IT": dict(
        cc="39", big=2, pmob=0.55, dsep="/", cur=("€ ", ""), th=".", dec=",",
        mob=lambda: rng.choice("320 327 328 329 330 331 333 334 335 338 339 340 342 345 346 347 348 349 350 351 "
                               "366 368 370 371 377 380 388 389 391 392 393".split()) + D(7),
        doc=lambda: rng.choice([f"{rng.randint(1, 999)}/2024", f"DDT-{D(5)}", f"FPR {rng.randint(1, 999)}/24"]),
        cities="Roma:06:001|Milano:02:201|Torino:011:101|Napoli:081:801|Firenze:055:501|Bologna:051:401|Bari:080:701"
               "|Venezia:041:301|Genova:010:161|Palermo:091:901|Bolzano:0471:391|Trento:0461:381|Verona:045:371",
        names="Giulia Rossi|Marco Bianchi|Francesca Romano|Luca Colombo|Chiara Ricci|Alessandro Marino|Sara Greco"
              "|Davide Bruno|Elena Gallo|Matteo Conti|Valentina De Luca|Stefano Esposito|Federica Moretti"
              "|Giorgio Fontana|Paola Barbieri|Andrea Lombardi",
        cos="Idraulica Bianchi S.n.c.|Studio Commercialista Ricci|Autofficina Conti|Studio Dentistico Sorriso"
            "|Edilnord S.r.l.|Ferramenta Gallo|Impresa di Pulizie Splendor|Agenzia Immobiliare Centro",
        streets="Via Nazionale 194|Corso Vittorio Emanuele II 58|Piazza Garibaldi 3|Viale Monza 112, int. 4"
                "|Via Roma 21/B|Via dei Mille 9|Corso Buenos Aires 33|Via Toledo 256",
        mails="libero.it|gmail.com|alice.it|virgilio.it|tiscali.it",
        masks={"L2": "XX XXXX XXXX|XX/XXXXXXXX|XX-XXXXXXXX|XX XXXXXXXX|(XX) XXXX XXXX|XX.XXXX.XXXX|XXXXXXXXXX",
               "L3": "XXX XXX XXXX|XXX/XXXXXXX|XXX-XXXXXXX|XXX XXXXXXX|XXX.XXX.XXXX|XXXXXXXXXX|(XXX) XXXXXXX",
               "L4": "XXXX XXXXXX|XXXX/XXXXXX|XXXX-XXXXXX|XXXX XX XX XX|XXXXXXXXXX|XXXX XXX XXX",
               "M": "XXX XXX XXXX|XXXXXXXXXX|XXX/XXXXXXX|XXX.XXX.XXXX|XXX-XXXXXXX|XXX XXXXXXX|XXX XX XX XXX"
                    "|XXX-XXX-XXXX"}),
    "MX": dict(
        cc="52", big=3, pmob=0.0, dsep="/", cur=("$", ""), th=",", dec=".", mob=None,
        doc=lambda: rng.choice([f"A-{D(5)}", f"R{D(4)}", f"RM-{D(4)}"]),
        cities="Ciudad de México:55:0|Guadalajara:33:44|Monterrey:81:64|Puebla:222:72|Mérida:999:97|Tijuana:664:22"
               "|Querétaro:442:76|León:477:37|Chihuahua:614:31|Cancún:998:77|Toluca:722:50|Hermosillo:662:83",
        names="Guadalupe Hernández Ruiz|José Luis Ramírez|Mariana Torres Vega|Juan Carlos Flores|Fernanda Gutiérrez"
              "|Alejandro Mendoza Ríos|Daniela Cruz|Luis Ángel Reyes|Ximena Morales Ochoa|Ricardo Jiménez"
              "|Valeria Castillo|Eduardo Vargas Soto|Itzel Domínguez|Arturo Salazar|Rosa María Aguilar",
        cos="Refaccionaria El Güero|Despacho Contable Flores y Asociados S.C.|Taller Mecánico Hermanos Cruz"
            "|Consultorio Dental Sonríe|Materiales Ortiz S.A. de C.V.|Plomería Express|Inmobiliaria Los Arcos",
        streets="Av. Insurgentes Sur 1602, Col. Crédito Constructor|Calle Morelos 215, Col. Centro"
                "|Av. Vallarta 3233 int. 4, Col. Vallarta Poniente|Privada Los Pinos 12, Fracc. Las Fuentes"
                "|Av. Constitución 1040 Ote.|Calle Hidalgo 58, Barrio de San Juan",
        mails="gmail.com|hotmail.com|outlook.com|prodigy.net.mx|yahoo.com.mx",
        masks={"L2": "XX XXXX XXXX|(XX) XXXX-XXXX|XXXXXXXXXX|XX-XXXX-XXXX|XX XX XX XX XX|(XX) XXXX XXXX"
                     "|XX.XXXX.XXXX|XX XXXX-XXXX",
               "L3": "XXX XXX XXXX|(XXX) XXX-XXXX|XXXXXXXXXX|XXX-XXX-XXXX|XXX XXX XX XX|(XXX) XXX XX XX"
                     "|XXX.XXX.XXXX"}),
}
for _d in DATA.values():
    _d["cities"] = [tuple(c.split(":")) for c in _d["cities"].split("|")]
    _d.update({k: _d[k].split("|") for k in ("names", "cos", "streets", "mails")})
    _d["masks"] = {k: v.split("|") for k, v in _d["masks"].items()}

# ---------------------------------------------------------------- positive templates
# {p} phone, {n}/{n2} names, {f} first name, {c}/{C} city, {z} postal code, {s} street, {co} company,
# {e} e-mail, {d}/{d2} dates, {dc} chat date, {t}/{t2} times, {a} amount, {q} small int, {w} weight, {o} doc ref
NW = {  # no phone word anywhere
    "ES": [
        "nombre;empresa;provincia;c1;alta\n{n};{co};{c};{p};{d}",
        "cliente\tpoblación\tcp\tinfo\tobservaciones\n{n}\t{c}\t{z}\t{p}\tpresupuesto enviado",
        '{{"id": "cli_{q}", "nombre": "{n}", "c1": "{p}", "localidad": "{c}", "activo": true}}',
        "Un saludo,\n\n{n}\nDpto. Administración | {co}\n{s} · {z} {c}\n{p}\n{e}",
        "[{dc}, {t}] {f}: te paso lo de mi cuñado para lo de la caldera → {n2} {p}\n[{dc}, {t2}] Yo: mil gracias!!",
        "VENDO bici de montaña talla M, poco uso, {a}. Recogida en {c}. Preguntar por {f}: {p} (tardes)",
        "ALBARÁN DE ENTREGA {o}\nDestinatario: {n}\n{s}\n{z} {c}\n{p}\nBultos: {q} | Peso: {w} kg",
        "Acta reunión de la comunidad ({d}): se aprueba el presupuesto de {co}. Persona de referencia: {n} — {p}.",
        "Datos para el campamento de verano\n- Madre/padre: {n} {p}\n- Alergias: ninguna\n- Recogida: {t2}",
        "{d} {t} Visita piso {s} con {n} ({p}) — llevar llaves y certificado energético",
        'cliente:\n  nombre: {n}\n  ciudad: {c}\n  datos: "{p}"\n  pendiente_pago: true',
        "Formulario web {d} {t}\nNombre: {n}\nEmail: {e}\nLocalidad: {c}\nCampo 3: {p}\nMensaje: ¿quedan plazas?",
        "FACTURA SIMPLIFICADA {o}\n{co}\n{s}\n{z} {C}   {p}\nBASE IMP. {a}\nIVA 21% INCL.",
    ],
    "PL": [
        "imię i nazwisko;firma;miasto;pole1;data dodania\n{n};{co};{c};{p};{d}",
        "Klient\tMiasto\tKod\tInfo\tUwagi\n{n}\t{c}\t{z}\t{p}\twysłano wycenę",
        '{{"id": {q}, "osoba": "{n}", "dane": "{p}", "miejscowosc": "{c}"}}',
        "Pozdrawiam serdecznie\n{n}\nSpecjalista ds. sprzedaży\n{co}\n{s}, {z} {c}\n{p}\n{e}",
        "[{dc} {t}] {f}: podsyłam ci tego hydraulika co nam robił łazienkę - {n2} {p}\n[{dc} {t2}] Ja: dzięki!",
        "Sprzedam wózek dziecięcy 3w1, stan bardzo dobry, {a}. Odbiór osobisty {c}. {f}, {p}",
        "DOKUMENT WZ {o}\nOdbiorca: {n}\n{s}\n{z} {c}\n{p}\nIlość paczek: {q}, waga {w} kg",
        "Protokół z zebrania wspólnoty ({d}): przegląd instalacji gazowej wykona {co}. Koordynator: {n}, {p}.",
        "Lista rodziców - wycieczka klasy 3b\n- {n} {p}\n- alergie: brak",
        "{d}, godz. {t} - oględziny mieszkania {s}, {n} ({p}), zabrać klucze",
        'klient:\n  nazwa: {n}\n  miasto: {c}\n  dane: "{p}"\n  zaleglosci: false',
        "Zgłoszenie z formularza ({d} {t})\nImię: {n}\nE-mail: {e}\nMiasto: {c}\nPole 3: {p}\nTreść: wycena okien",
        "FAKTURA {o}\nSprzedawca: {co}\n{s}\n{z} {C}\n{p}\nRazem do zapłaty: {a}",
    ],
    "IT": [
        "nominativo;azienda;città;campo1;data inserimento\n{n};{co};{c};{p};{d}",
        "Cliente\tCittà\tCAP\tInfo\tNote\n{n}\t{c}\t{z}\t{p}\tpreventivo inviato",
        '{{"id": "c{q}", "nominativo": "{n}", "info": "{p}", "comune": "{c}"}}',
        "Cordiali saluti\n\n{n}\nUfficio Amministrazione - {co}\n{s} - {z} {c}\n{p}\n{e}",
        "[{dc}, {t}] {f}: ti giro l'idraulico che è venuto da noi, {n2} {p}\n[{dc}, {t2}] Io: grazie mille!",
        "Vendo passeggino trio usato pochissimo, {a}. Ritiro a {c}. {f} {p} ore serali",
        "DDT {o}\nDestinatario: {n}\n{s}\n{z} {c}\n{p}\nColli: {q} - Peso: {w} kg",
        "Verbale assemblea condominiale del {d}: approvato il preventivo di {co}. Referente: {n}, {p}.",
        "Elenco genitori gita 3ªB\n- {n} {p}\n- Allergie: nessuna",
        "{d} ore {t} sopralluogo appartamento {s} con {n} ({p}) - portare chiavi",
        'cliente:\n  nominativo: {n}\n  citta: {c}\n  dati: "{p}"\n  insoluto: false',
        "Modulo dal sito ({d} {t})\nNome: {n}\nEmail: {e}\nComune: {c}\nCampo 3: {p}\nMessaggio: preventivo pittura",
        "FATTURA {o}\n{co}\n{s}\n{z} {C}\n{p}\nTOTALE DOCUMENTO {a}",
    ],
    "MX": [
        "nombre,empresa,ciudad,c1,fecha alta\n{n},{co},{c},{p},{d}",
        "Cliente\tCiudad\tC.P.\tInfo\tNotas\n{n}\t{c}\t{z}\t{p}\tcotización enviada",
        '{{"id": "mx-{q}", "nombre": "{n}", "datos": "{p}", "ciudad": "{c}"}}',
        "Saludos cordiales,\n\n{n}\nGerente de Ventas | {co}\n{s}, C.P. {z}, {c}\n{p}\n{e}",
        "[{dc} {t}] {f}: te paso al señor de los tinacos, {n2} {p}\n[{dc} {t2}] Yo: va, gracias!!",
        "VENDO refrigerador Mabe 14 pies, funciona perfecto, {a}. Entrega en {c}. Preguntar por {f} {p}",
        "NOTA DE REMISIÓN {o}\nCliente: {n}\n{s}\nC.P. {z} {c}\n{p}\nPiezas: {q} | Peso: {w} kg",
        "Minuta junta de vecinos ({d}): se aprueba cotización de {co}. Responsable: {n} — {p}. Próxima junta {d2}.",
        "Lista de papás - excursión 4°A\n• {n} {p}\n• Alergias: ninguna",
        "{d} {t} cita para ver depa en {s} con {n} ({p}), llevar INE",
        'cliente:\n  nombre: {n}\n  ciudad: {c}\n  datos: "{p}"\n  adeudo: false',
        "Formulario del sitio ({d} {t})\nNombre: {n}\nCorreo: {e}\nCiudad: {c}\nCampo 3: {p}\nMensaje: cotizar paneles",
        "FACTURA {o}\n{co}\n{s}\nC.P. {z} {C}\n{p}\nTOTAL {a}",
    ],
}
W = {  # with a phone word
    "ES": [
        "{n}\n{co}\nTel.: {p} | {e}",
        "Buzón de voz ({t}): Hola, soy {f} de {co}, llámame cuando puedas al {p}, gracias, hasta luego.",
        "Se alquila plaza de garaje en {s} ({c}), {a}/mes. Llamar al {p} a partir de las 18 h.",
        "Nombre,Móvil,Email,Ciudad\n{n},{p},{e},{c}",
        "AYUNTAMIENTO DE {C}\nAvisos de averías en alumbrado público: teléfono {p} (de 8 a 15 h).",
        "[{dc}, {t}] {f}: el número del fontanero es {p}, dile que vas de mi parte",
        '{{"name": "{n}", "phone": "{p}", "source": "crm_export"}}',
        "Reunión {d}: {n} ({co}) queda en enviar propuesta. Contacto: {p}.",
    ],
    "PL": [
        "{n}\n{co}\ntel. kom. {p}\n{e}",
        "Poczta głosowa ({t}): Dzień dobry, tu {f} z firmy {co}, proszę o telefon pod numer {p}, dziękuję.",
        "Wynajmę garaż przy {s} ({c}), {a}/mies. Dzwonić {p} po 17:00.", "Imię i nazwisko,Telefon,E-mail\n{n},{p},{e}",
        "URZĄD MIASTA {C}\nAwarie oświetlenia ulicznego prosimy zgłaszać pod nr tel. {p} (pn.-pt. 7:30-15:30).",
        "[{dc} {t}] {f}: numer do pana od klimatyzacji {p}", '{{"name": "{n}", "phone": "{p}", "tags": ["lead"]}}',
        "Spotkanie {d}: {n} ({co}) prześle ofertę do piątku. Kontakt: {p}.",
    ],
    "IT": [
        "{n}\n{co}\nTel. {p}\n{e}",
        "Segreteria telefonica ({t}): Buongiorno, sono {f} di {co}, mi può richiamare al {p}? Grazie.",
        "Affittasi box auto in {s} ({c}), {a}/mese. Chiamare il {p} dopo le 18.", "Nome,Cellulare,Email\n{n},{p},{e}",
        "COMUNE DI {C}\nSegnalazioni guasti illuminazione pubblica al numero {p} (lun-ven 8-14).",
        "[{dc}, {t}] {f}: il numero del tecnico della caldaia è {p}", '{{"name": "{n}", "phone": "{p}"}}',
        "Riunione {d}: {n} ({co}) invierà la proposta entro venerdì. Contatto: {p}.",
    ],
    "MX": [
        "{n}\n{co}\nCel. {p}\n{e}",
        "Mensaje de voz ({t}): Hola, habla {f} de {co}, me regresas la llamada al {p} por favor, gracias.",
        "Se renta cuarto amueblado en {s}, {c}, {a} al mes. Informes al WhatsApp {p}",
        "Nombre,Celular,Correo\n{n},{p},{e}",
        "H. AYUNTAMIENTO DE {C}\nReporte de fugas de agua: teléfono {p} (lunes a viernes de 8 a 16 h).",
        "[{dc} {t}] {f}: el número del plomero es {p}, dile que vas de mi parte", '{{"name": "{n}", "phone": "{p}"}}',
        "Junta {d}: {n} ({co}) envía propuesta el viernes. Contacto: {p}.",
    ],
}

# ---------------------------------------------------------------- shared helpers
def date(R):
    d = dt.date(2023, 6, 1) + dt.timedelta(days=rng.randint(0, 800))
    return f"{d.day:02d}{DATA[R]['dsep']}{d.month:02d}{DATA[R]['dsep']}{d.year}"

def chatdate(R):
    d = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 500))
    return f"{d.day:02d}.{d.month:02d}.{d.year}" if R == "PL" else f"{d.day}/{d.month}/{d.year % 100}"

def hm(lo, hi):
    return f"{rng.randint(lo, hi)}:{rng.randint(0, 59):02d}"

def money(R, lo, hi, cents=True):
    g = DATA[R]
    s = f"{rng.randint(lo, hi):,}".replace(",", g["th"])
    if cents:
        s += g["dec"] + rng.choice(["00", "50", f"{rng.randint(0, 99):02d}"])
    return g["cur"][0] + s + g["cur"][1]

def postal(R, city):
    z = city[2] + D(5 - len(city[2]))
    return z[:2] + "-" + z[2:] if R == "PL" else z

def context(R, city):
    g = DATA[R]
    n, n2 = rng.sample(g["names"], 2)
    first, last = ascii_(n).lower().split()[:2]
    return dict(n=n, n2=n2, f=n.split()[0], c=city[0], C=city[0].upper(), z=postal(R, city),
                s=rng.choice(g["streets"]), co=rng.choice(g["cos"]), e=f"{first}.{last}@{rng.choice(g['mails'])}",
                d=date(R), d2=date(R), dc=chatdate(R), t=hm(7, 14), t2=hm(15, 22), a=money(R, 15, 950),
                q=rng.randint(2, 48), w=f"{rng.randint(1, 40)}{g['dec']}{rng.randint(0, 9)}", o=g["doc"]())

def all_matches(text):
    return [(m.start, m.end) for reg in REGIONS for m in PhoneNumberMatcher(text, reg, leniency=Leniency.VALID)]

# ---------------------------------------------------------------- positives
INTL = [("+{cc} ", True), ("+{cc}", False), ("00{cc} ", True), ("{cc} ", True), ("(+{cc}) ", True),
        ("00{cc}", False), ("{cc}", False)]  # (prefix, keep national grouping?)
INTL_W = [5, 2, 2, 2, 1, 1, 1]

def apply_mask(mask, digits):
    assert mask.count("X") == len(digits), (mask, digits)
    it = iter(digits)
    return "".join(next(it) if ch == "X" else ch for ch in mask)

def gen_number(R):
    g = DATA[R]
    city = rng.choices(g["cities"], weights=[4] * g["big"] + [1] * (len(g["cities"]) - g["big"]))[0]
    if rng.random() < g["pmob"]:
        return city, "M", g["mob"]()
    area = city[1]
    total = 10 if R == "MX" or (R == "IT" and (len(area) > 2 or area in ("06", "02"))) else 9
    return city, "L%d" % len(area), area + rng.choice("23456789") + D(total - len(area) - 1)

def is_valid(value, R, trunk):
    try:
        num = pn.parse(re.sub(r"^(\(?)0-?", r"\1", value) if trunk else value, R)
    except pn.NumberParseException:
        return False
    return pn.is_valid_number(num) and pn.region_code_for_number(num) == R

def make_positive(R, fmt, tpl, want_word):
    g = DATA[R]
    for _ in range(500):
        city, kind, digits = gen_number(R)
        mask, trunk = rng.choice(g["masks"][kind]), False
        if fmt == "international":
            prefix, keep = rng.choices(INTL, weights=INTL_W)[0]
            if "0" in mask or ("(" in mask and prefix.startswith("(")):
                continue
            value = prefix.format(cc=g["cc"]) + apply_mask(mask if keep else "X" * len(digits), digits)
        else:
            value, trunk = apply_mask(mask, digits), "0" in mask
        if not is_valid(value, R, trunk):
            continue
        text = tpl.format(p=value, **context(R, city)).replace(".. ", ". ")
        if text.count(value) != 1:
            continue
        s = text.index(value)
        if any(not (a < s + len(value) and b > s) for a, b in all_matches(text)):
            continue  # another (valid) number somewhere else in the text
        assert (PW.search(text) is not None) == want_word, (R, want_word, PW.search(text), text)
        return {"region": R, "text": text, "value": value, "format": fmt}
    raise RuntimeError(f"could not build positive for {R}: {tpl!r}")

# ---------------------------------------------------------------- negative identifiers
def ean13(prefix):
    body = prefix + D(12 - len(prefix))
    return body + str((10 - sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body)) % 10) % 10)

def iban(cc, bban, grouped=True):
    s = f"{cc}{98 - int(''.join(str(int(ch, 36)) for ch in bban + cc + '00')) % 97:02d}{bban}"
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if grouped else s

def luhn_digit(body):
    return str((10 - sum(sum(divmod(int(c) * (2 - i % 2), 10)) for i, c in enumerate(reversed(body))) % 10) % 10)

def weighted(body, weights, mod):
    return sum(int(c) * w for c, w in zip(body, weights)) % mod

def common_neg(R):
    city = rng.choice(DATA[R]["cities"])
    return dict(c=city[0], z=postal(R, city), co=rng.choice(DATA[R]["cos"]), d=date(R), d2=date(R),
                t=hm(7, 14), t2=hm(15, 22), a=money(R, 20, 9800), pr=money(R, 85_000, 950_000, False),
                big=money(R, 1_200_000, 990_000_000, rng.random() < 0.3), q=rng.randint(2, 500),
                ord=rng.choice([f"{D(3)}-{D(7)}-{D(7)}", D(10), D(11), f"{D(3)} {D(3)} {D(3)}"]),
                tkt=rng.choice([f"INC{D(7)}", f"#{D(9)}", f"{D(4)}-{D(6)}"]),
                pol=rng.choice([D(10), f"{D(3)}/{D(7)}", f"{D(2)}-{D(8)}", D(9)]),
                bref=rng.choice([D(12), f"{D(4)} {D(4)} {D(4)}", D(10)]),
                ctr=rng.choice([f"{L(2)}/{rng.randint(2019, 2025)}/{D(5)}", D(9), f"{D(4)}-{D(5)}"]),
                lot=f"L{D(5)}", meter=f"{rng.randint(0, 99999):06d}", mid=f"{rng.choice(['18M', '21K', 'ZX'])}{D(6)}")

def neg_ES():
    n, pre, m, b = rng.randint(10**6, 10**8 - 1), rng.choice("XYZ"), rng.randint(0, 10**7 - 1), D(7)
    dni = f"{n:08d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]
    nie = f"{pre}{m:07d}" + "TRWAGMYFPDXBNJZSQVHLCKE"[int(f"{'XYZ'.index(pre)}{m:07d}") % 23]
    s = sum(int(b[i]) for i in (1, 3, 5)) + sum(sum(divmod(int(b[i]) * 2, 10)) for i in (0, 2, 4, 6))
    prov, num = rng.choice(["28", "08", "41", "46", "50", "29"]), D(8)
    nss = f"{prov}{num}{int(prov + num) % 97:02d}"
    return dict(dni=rng.choice([dni, f"{dni[:2]}.{dni[2:5]}.{dni[5:8]}-{dni[8]}"]), nie=nie,
                cif=f"B{b}{(10 - s % 10) % 10}",
                nss=rng.choice([nss, f"{nss[:2]}/{nss[2:10]}/{nss[10:]}", f"{nss[:2]} {nss[2:10]} {nss[10:]}"]),
                iban=iban("ES", rng.choice(["2100", "0049", "0182", "0081", "2085"]) + D(16)),
                inv=rng.choice([f"2024/{D(6)}", f"F24-{D(5)}", D(10)]),
                trk=rng.choice([f"PQ4F6P{D(16)}L", D(11), f"{D(4)} {D(4)} {D(4)}"]),
                cat=f"{D(7)}{L(2)}{D(4)}{L(1)}{D(4)}{L(2)}", ean=ean13("84"))

def neg_PL():
    y, mo, dd = rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28)
    body = f"{y % 100:02d}{mo + (20 if y >= 2000 else 0):02d}{dd:02d}{D(4)}"
    nb = rng.choice(["526", "527", "113", "521", "677", "951", "779", "894", "583", "725"]) + D(6)
    nip = nb + str(weighted(nb, [6, 5, 7, 2, 3, 4, 5, 6, 7], 11))
    if len(nip) != 10:  # checksum 10 never occurs in a real NIP
        return neg_PL()
    rb = f"{rng.randrange(1, 98, 2):02d}" + D(6)
    nrb = iban("PL", rng.choice(["10901014", "10202892", "11402004", "12401037", "10500099"]) + D(16), False)[2:]
    return dict(pesel=body + str((10 - weighted(body, [1, 3, 7, 9] * 3, 10)) % 10),
                nip=rng.choice([nip, f"{nip[:3]}-{nip[3:6]}-{nip[6:8]}-{nip[8:]}",
                                f"{nip[:3]}-{nip[3:5]}-{nip[5:7]}-{nip[7:]}"]),
                regon=rb + str(weighted(rb, [8, 9, 2, 3, 4, 5, 6, 7], 11) % 10), krs="0000" + D(6),
                dowod=f"{L(3)} {D(6)}", nrb=nrb[:2] + " " + " ".join(nrb[i:i + 4] for i in range(2, 26, 4)),
                inv=rng.choice([f"FV/{rng.randint(1, 999)}/{rng.randint(1, 12):02d}/2024", f"{D(4)}/2024"]),
                trk=rng.choice([D(24), f"{D(4)} {D(4)} {D(4)} {D(4)}", f"00{D(16)}"]),
                kw=f"{rng.choice(['WA1M', 'KR1P', 'PO1P', 'WR1K'])}/{D(8)}/{D(1)}", ean=ean13("590"))

CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

def codice_fiscale(first, last):
    def part(s, is_first):
        s = ascii_(s).upper().replace(" ", "")
        cons = [c for c in s if c in "BCDFGHJKLMNPQRSTVWXYZ"]
        cons = [cons[0], cons[2], cons[3]] if is_first and len(cons) >= 4 else cons
        return ("".join(cons) + "".join(c for c in s if c in "AEIOU") + "XXX")[:3]
    cf = (part(last, False) + part(first, True) + f"{rng.randint(50, 99)}" + rng.choice("ABCDEHLMPRST")
          + f"{rng.randint(1, 28) + rng.choice([0, 40]):02d}" + rng.choice(["H501", "F205", "L219", "F839", "D612"]))
    tot = sum(CF_ODD[int(c, 36) % 26 if c.isalpha() else int(c)] if i % 2 == 0
              else (ord(c) - 65 if c.isalpha() else int(c)) for i, c in enumerate(cf))
    return cf + chr(65 + tot % 26)

def neg_IT():
    first, last = rng.choice(DATA["IT"]["names"]).split(" ", 1)
    pb = D(7) + f"{rng.randint(1, 100):03d}"
    s = sum(int(c) if i % 2 == 0 else sum(divmod(2 * int(c), 10)) for i, c in enumerate(pb))
    return dict(cf=codice_fiscale(first, last), piva=pb + str((10 - s % 10) % 10),
                rea=f"{rng.choice(['RM', 'MI', 'TO', 'NA'])}-{rng.randint(100000, 1999999)}",
                iban=iban("IT", L(1) + rng.choice(["03069", "02008", "05034", "01030"]) + D(17)),
                inv=rng.choice([f"{rng.randint(1, 999)}/2024", f"FPR {rng.randint(1, 999)}/24", D(10)]),
                trk=rng.choice([f"RA{D(9)}IT", D(12), f"{D(3)} {D(3)} {D(3)} {D(3)}"]),
                pdr=D(14), pod=f"IT001E{D(8)}", ts="80380" + D(15), ean=ean13("80"))

def neg_MX():
    ymd = f"{rng.randint(55, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    cb = rng.choice(["002", "012", "014", "072", "021"]) + rng.choice(["180", "320", "580", "650"]) + D(11)
    clabe = cb + str((10 - sum((int(c) * w) % 10 for c, w in zip(cb, [3, 7, 1] * 6)) % 10) % 10)
    nb = D(10)
    return dict(rfc=f"{L(4)}{ymd}{L(2, 'ABCDEFGHJKLMNPRSTUVWXYZ123456789')}{D(1)}",
                curp=f"{L(4)}{ymd}{rng.choice('HM')}{rng.choice(['DF', 'JC', 'NL', 'PL', 'YN', 'BC', 'QT'])}"
                     f"{L(3, 'BCDFGHJKLMNPRSTVXZ')}{rng.choice('0A')}{D(1)}",
                clabe=rng.choice([clabe, f"{clabe[:3]} {clabe[3:6]} {clabe[6:17]} {clabe[17]}"]),
                bank={"002": "Banamex", "012": "BBVA", "014": "Santander", "072": "Banorte", "021": "HSBC"}[cb[:3]],
                nssmx=nb + luhn_digit(nb),
                uuid="%08X-%04X-%04X-%04X-%012X" % tuple(rng.getrandbits(b) for b in (32, 16, 16, 16, 48)),
                inv=rng.choice([f"A{D(5)}", f"FAC-{D(6)}", D(9)]),
                trk=rng.choice([D(22), f"{D(4)} {D(3)} {D(3)}", "1" + D(9)]), svc=D(12),
                ine=f"{L(6)}{D(8)}{rng.choice('HM')}{D(3)}",
                ped=f"{rng.randint(20, 25)} {D(2)} {D(4)} {D(7)}", ean=ean13("750"))


NEG = {
    "ES": [
        "DNI: {dni} — fecha de caducidad {d}", "Adjunto copia del NIE {nie} para el contrato de alquiler.",
        "Proveedor: {co}, CIF {cif}, factura {inv} por importe de {a}",
        "Número de afiliación a la Seguridad Social: {nss}", "Domiciliación de recibos — IBAN {iban}",
        "Pedido {ord} confirmado. Entrega estimada: {d} entre las {t} y las {t2}.",
        "Envío {trk} en reparto. Código postal de destino {z} ({c}).",
        "Lectura del contador de agua a {d}: {meter} m³ (contador {mid}).",
        "Póliza nº {pol}, recibo de {a}, vencimiento {d}.",
        "Ref. catastral {cat}. Superficie construida 94 m², valor catastral {pr}.",
        "Incidencia {tkt} registrada el {d} a las {t}.", "EAN {ean} · Lote {lot} · Cad. {d}",
        "Precio de venta {pr}; entrada {a}; gastos de comunidad 60 €/mes.",
        "Transferencia recibida — referencia {bref} — {a}",
        "Contrato {ctr} firmado el {d} en {c} por importe de {big}.",
    ],
    "PL": [
        "PESEL: {pesel}, seria i numer dowodu: {dowod}", "Dane do faktury: {co}, NIP {nip}, REGON {regon}",
        "Spółka wpisana do rejestru przedsiębiorców KRS pod numerem {krs}.",
        "Proszę o przelew na rachunek {nrb}, tytułem: {inv}",
        "Faktura {inv} z dnia {d} na kwotę {a}, termin płatności 14 dni.", "Przesyłka {trk} została nadana {d} o {t}.",
        "Zamówienie #{ord} — {q} szt., wartość {a}",
        "Stan licznika energii na dzień {d}: {meter} kWh, nr licznika {mid}", "Polisa OC nr {pol} ważna do {d}.",
        "Księga wieczysta {kw}, powierzchnia działki 1 250 m², cena {pr}",
        "Zgłoszenie serwisowe {tkt} przyjęte {d}, godz. {t}", "Kod EAN {ean}, partia {lot}, data ważności {d}",
        "Wartość inwestycji: {big}, dofinansowanie {a}", "Numer referencyjny przelewu: {bref}",
        "Umowa {ctr} zawarta w dniu {d} w miejscowości {c}, {z}.",
    ],
    "IT": [
        "Codice fiscale: {cf}", "{co} - P.IVA {piva} - REA {rea}", "Coordinate bancarie: IBAN {iban}",
        "Fattura {inv} del {d}, imponibile {a}, IVA 22%", "Ordine {ord} spedito il {d}, tracking {trk}",
        "Lettura contatore gas al {d}: {meter} Smc, PDR {pdr}",
        "POD {pod} - potenza impegnata 3 kW - consumo annuo {q}0 kWh", "Polizza RCA {pol}, scadenza {d}, premio {a}",
        "Tessera sanitaria {ts} valida fino al {d}", "Pratica {tkt} aperta il {d} alle {t}",
        "Codice articolo {ean} - lotto {lot} - scad. {d}",
        "Prezzo richiesto {pr}, trattabile. Superficie 85 mq, CAP {z} ({c}).",
        "Bonifico CRO {bref} del {d}, importo {a}", "Contratto {ctr} sottoscritto a {c} il {d}, valore {big}",
    ],
    "MX": [
        "RFC: {rfc} · Régimen 612", "CURP {curp}", "Datos para transferencia: CLABE {clabe} ({bank})",
        "NSS (IMSS): {nssmx}", "Factura {inv} · Folio fiscal {uuid} · Total {a}",
        "Pedido {ord} enviado el {d}, guía {trk}",
        "Recibo CFE: no. de servicio {svc}, lectura actual {meter} kWh, periodo {d} al {d2}",
        "Póliza de auto {pol} vigente hasta {d}", "Ticket {tkt} generado el {d} a las {t}",
        "SKU {ean} · Lote {lot} · Caducidad {d}", "Casa en venta {pr}, enganche {a}, acepto crédito Infonavit",
        "Referencia de pago {bref} — pagar antes del {d} en tienda",
        "Contrato {ctr} firmado en {c}, C.P. {z}, monto {big}", "Clave de elector {ine}",
        "Pedimento {ped}, importe de impuestos {a}",
    ],
}
NEG_FIELDS = {"ES": neg_ES, "PL": neg_PL, "IT": neg_IT, "MX": neg_MX}

def make_negative(R, tpl):
    for _ in range(500):
        text = tpl.format(**common_neg(R), **NEG_FIELDS[R]()).replace(".. ", ". ")
        if not all_matches(text):
            return {"region": R, "text": text, "value": "", "format": "negative"}
    raise RuntimeError(f"could not build clean negative for {R}: {tpl!r}")

def main():
    lines = []
    for R in REGIONS:
        nw, w = NW[R], W[R]
        plan = [("national", nw[i % len(nw)], False) for i in range(NW_NAT)]
        plan += [("national", w[i % len(w)], True) for i in range(N_NAT - NW_NAT)]
        plan += [("international", rng.choice(nw), False) for _ in range(NW_INT)]
        plan += [("international", rng.choice(w), True) for _ in range(N_INT - NW_INT)]
        pos = [make_positive(R, fmt, tpl, want) for fmt, tpl, want in plan]
        nat, intl = pos[:N_NAT], pos[N_NAT:]
        rng.shuffle(nat)
        rng.shuffle(intl)
        lines += nat + intl + [make_negative(R, NEG[R][i % len(NEG[R])]) for i in range(N_NEG)]
    with OUT.open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in lines)
    print(f"wrote {len(lines)} lines to {OUT}")

if __name__ == "__main__":
    main()
