#!/usr/bin/env python3
"""Held-out phone-number evaluation set #2 for the fabric-privacy PII detector.

A held-out set written apart from the detector by a different author, who did
not read the detector's code, patterns, corpora or other test data. It is
never used to tune the detector: its figures are gates only (pass/fail
thresholds reported as they come out), not a signal to iterate against.
If the detector misses lines here, fix the detector from first principles and
other data; do not edit, filter or regenerate this set to make numbers move.

What it holds (phones_heldout2.jsonl, written next to this script):
  * 20 regions x 25 positive lines: US CA GB DE FR ES IT NL CH AT BE SE PL IE
    IN BR MX AU JP CN. Text styled like an assistant's memory: bullet lists,
    key: value blocks, JSON-ish snippets in prose, markdown table rows,
    forwarded e-mail headers, meeting transcripts, one-line addresses, and
    lines full of other numbers (dates, amounts, postcodes, order numbers).
    Mostly in the region's language; about a third of lines carry no
    phone-related word at all. 15 national / 10 international values per
    region, mobile and fixed-line mixed.
      {"region": "FR", "text": "...", "value": "<exact substring>",
       "format": "national" | "international"}
  * 200 negative lines of phone look-alikes that are not phones:
      {"region": "NONE", "text": "...", "value": "", "format": "negative"}

Guarantees checked at generation time with Google's libphonenumber (Python
port, `pip install --user phonenumbers`):
  * every value parses in its region and is_valid_number() is true, and it
    parses back to the very number that was drawn (random digits in plausible
    ranges, retried until valid; no fictional 555-01xx / Ofcom drama ranges);
  * the value occurs exactly once in its text and PhoneNumberMatcher(text,
    region) finds exactly one match whose raw string is the value;
  * negative lines give no PhoneNumberMatcher match for any of the 20 regions.

Deterministic: fixed seed (validity depends on libphonenumber metadata; this
file was produced with phonenumbers 9.0.43). Run: python3 gen_phones_heldout2.py
"""
import datetime
import json
import os
import re
import random
import sys
import unicodedata
import uuid
from collections import Counter, defaultdict

import phonenumbers as pn
from phonenumbers import PhoneNumberFormat as PF, PhoneNumberType as PT

SEED = 20240917
rng = random.Random(SEED)
ri, pick = rng.randint, rng.choice
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "phones_heldout2.jsonl")
REGIONS = "US CA GB DE FR ES IT NL CH AT BE SE PL IE IN BR MX AU JP CN".split()
STYLES = ["bullet", "kv", "json", "table", "email", "transcript", "address", "multi"]

# ---------------------------------------------------------------- numbers ---
# NSN (no trunk prefix) leading digits / lengths: "mobile;fixed" ("=" same).
NUM = {
    "US": "201 212 312 404 415 503 512 617 646 713 720 818 919/10;=",
    "CA": "236 403 416 438 514 587 604 613 647 780 902/10;=",
    "GB": "74 75 77 78 79/10;20 113 117 121 131 141 161 191 1223 1865 29 28/10",
    "DE": "151 152 157 159 160 162 163 170 171 172 173 174 175 176 177 178 179/10,11;"
          "30 40 69 89 211 221 228 341 351 421 511 711 911 6221 7071/9,10,11",
    "FR": "6 7/9;1 2 3 4 5/9",
    "ES": "6 71 72 73 74/9;91 93 94 95 96 98/9",
    "IT": "32 33 34 35 36 38 39/10;02 06 010 011 041 051 055 081/9,10",
    "NL": "61 62 63 64 65 68/9;10 20 23 30 40 43 50 70/9",
    "CH": "75 76 77 78 79/9;21 22 26 31 41 43 44 61 71 91/9",
    "AT": "650 660 664 676 681 688 699/10,11;1 316 463 512 662 732/8,9,10",
    "BE": "460 465 468 47 48 49/9;2 3 4 9 10 11 50 81/8",
    "SE": "70 72 73 76 79/9;8 31 40 13 18 60 90/8,9",
    "PL": "50 51 53 57 60 66 69 72 73 78 79 88/9;12 22 32 42 58 61 71 81/9",
    "IE": "83 85 86 87 89/9;1 21 61 91 51 74 66/8,9",
    "IN": "62 63 70 72 73 74 75 76 77 78 79 80 81 82 83 84 85 86 87 88 89 90 91 93 94 95 96 97 98 99/10;"
          "11 22 33 40 44 80 20 79/10",
    "BR": "119 219 319 419 519 619 719 819 199 279 489 859/11;112 113 213 313 413 514 613 713 193 483/10",
    "MX": "55 33 81 222 442 664 998 477/10;=",
    "AU": "40 41 42 43 44 45 46 47 48 49/9;2 3 7 8/9",
    "JP": "70 80 90/10;3 6 11 45 52 75 78 92/9",
    "CN": "130 131 133 135 136 137 138 139 150 151 152 155 158 159 176 177 180 181 186 187 188 189 199/11;"
          "10 20 21 25 27 28 571 755/10,11",
}
# fictional / reserved-for-drama ranges we never emit (matched on the NSN)
BAD = {"US": r"^\d{3}555", "CA": r"^\d{3}555",
       "GB": r"^(7700900|(11[3-8]|121|131|141|151|161|191)4960|2079460|28\d?9?0180|2920180|1632960|3069990)",
       "AU": r"^(49157[0-2]|[2378]5550|[2378]7010)"}
TRUNK0 = {"GB", "DE", "FR", "NL", "CH", "AT", "BE", "SE", "IE", "AU"}
MOB, FIX = {PT.MOBILE, PT.FIXED_LINE_OR_MOBILE}, {PT.FIXED_LINE, PT.FIXED_LINE_OR_MOBILE}

# National writing styles per region, over the groups of libphonenumber's
# NATIONAL format: h head, t head w/o trunk 0, a/b 2nd/3rd group, r rest
# joined, s rest spaced, k rest hyphened, o rest dotted, p rest in pairs,
# d all digits, n3 threes, x "91 123 45 67". M:/F: = mobile/fixed only.
NAT = {
    "US": "({h}) {a}-{b}|{h}-{a}-{b}|{h}.{a}.{b}|{h} {a} {b}|1-{h}-{a}-{b}|1 ({h}) {a}-{b}|{d}",
    "CA": "({h}) {a}-{b}|{h}-{a}-{b}|{h}.{a}.{b}|{h} {a} {b}|1-{h}-{a}-{b}|{d}",
    "GB": "{h} {s}|{d}|({h}) {s}|{h} {r}|M:{h}-{r}",
    "DE": "{h} {r}|{h}/{r}|{h}-{r}|({h}) {p}|{h} {p}|{h}/{p}|{h} / {r}",
    "FR": "{h} {s}|{h}.{o}|{d}|{h}-{k}|{h} {s}",
    "ES": "{h} {s}|{d}|{n3}|F:{x}|{n3}|{h} {s}",
    "IT": "{h} {s}|{d}|{h}/{r}|{h}-{r}|{h} {r}|{h}.{r}",
    "NL": "{h}-{r}|{h} {r}|{h} {s}|({h}) {s}|M:{h} {p}|F:{h}-{s}",
    "CH": "{h} {s}|{d}|{h}/{s}|{h} {r}|{h}.{o}|{h} {s}",
    "AT": "{h} {r}|{h}/{r}|({h}) {r}|{h} {p}|{h}/{p}|{h}-{r}",
    "BE": "{h} {s}|{h}/{o}|{h}/{s}|{h}.{o}|{d}|{h} {s}",
    "SE": "{h}-{s}|{d}|{h} {s}|{h}-{r}|{h} {r}|{h}-{s}",
    "PL": "{h} {s}|{h}-{k}|{d}|F:({h}) {s}|{h} {r}|M:{h} {s}",
    "IE": "{h} {s}|{d}|({h}) {s}|{h}-{r}|{h} {r}",
    "IN": "{h} {s}|{d}|M:{t} {s}|M:{t}{r}|M:{t}-{r}|F:{h}-{r}|F:({h}) {r}",
    "BR": "({h}) {a}-{b}|{h} {a}-{b}|({h}) {a} {b}|{d}|({h}){a}-{b}|({h}) {a}-{b}",
    "MX": "{h} {s}|({h}) {k}|{h}-{k}|{d}|({h}) {s}|{h} {s}",
    "AU": "{h} {s}|{d}|F:({h}) {s}|F:{h}-{k}|M:{h}-{k}|{h} {s}",
    "JP": "{h}-{k}|{h} {s}|{d}|F:({h}) {a}-{b}|F:{h}({a}){b}|{h}-{k}",
    "CN": "{h} {s}|{d}|{h}-{k}|F:({h}) {s}|F:{h}-{r}|F:({h}){r}|M:{h}-{k}",
}
INT = "{I}|+{c}{R}|+{c} {R}|00{c} {S}|00{c} {S}|00{c}{R}|+{c}-{K}|+{c} {S}"
INT_X = {"US": "|+1 ({h}) {a}-{b}|+1-{h}-{a}-{b}|+1.{h}.{a}.{b}", "CA": "|+1 ({h}) {a}-{b}|+1-{h}-{a}-{b}",
         "DE": "|+{c} {t} {p}", "AT": "|+{c} {t} {p}", "CH": "|+{c} {t} {s}"}

def P2(s):
    k = 3 if len(s) % 2 else 0
    return ([s[:k]] if k else []) + [s[i:i + 2] for i in range(k, len(s), 2)]

def gen_number(reg, mobile):
    m, f = NUM[reg].split(";")
    spec = m if (mobile or f == "=") else f
    pres, lens = spec.split("/")
    for _ in range(50000):
        p, n = pick(pres.split()), int(pick(lens.split(",")))
        nsn = p + "".join(pick("0123456789") for _ in range(n - len(p)))
        if reg in BAD and re.match(BAD[reg], nsn):
            continue
        x = pn.parse("+%d%s" % (pn.country_code_for_region(reg), nsn))
        if pn.is_valid_number_for_region(x, reg) and pn.number_type(x) in (MOB if mobile else FIX):
            return x
    raise RuntimeError("no number for %s" % reg)

def same(a, b):
    return (a.country_code, a.national_number, bool(a.italian_leading_zero)) == \
           (b.country_code, b.national_number, bool(b.italian_leading_zero))

def write_number(reg, x, fmt, mobile):
    nat = pn.format_number(x, PF.NATIONAL)
    g = re.findall(r"\d+", nat)
    gi = re.findall(r"\d+", pn.format_number(x, PF.INTERNATIONAL))
    r, d = "".join(g[1:]), "".join(g)
    f = dict(h=g[0], t=g[0].lstrip("0") or g[0], r=r, s=" ".join(g[1:]), k="-".join(g[1:]),
             o=".".join(g[1:]), p=" ".join(P2(r)), d=d, n3=" ".join(d[i:i + 3] for i in range(0, len(d), 3)),
             x=d[:2] + " " + " ".join(P2(d[2:])), c=gi[0], S=" ".join(gi[1:]), K="-".join(gi[1:]),
             R="".join(gi[1:]), I=pn.format_number(x, PF.INTERNATIONAL))
    if len(g) > 1:
        f["a"] = g[1]
    if len(g) > 2:
        f["b"] = g[2]
    if fmt == "national":
        tpl = NAT[reg].split("|")
    else:
        tpl = (INT + INT_X.get(reg, "") + ("|+{c} (0){S}|+{c} (0) {S}" if reg in TRUNK0 else "")).split("|")
    tpl = [t[2:] if t[:2] in ("M:", "F:") else t for t in tpl
           if not ((t.startswith("M:") and not mobile) or (t.startswith("F:") and mobile))]
    rng.shuffle(tpl)
    for t in tpl:
        try:
            v = t.format(**f)
            y = pn.parse(v, reg)
        except (KeyError, IndexError, pn.NumberParseException):
            continue
        if pn.is_valid_number(y) and same(x, y):
            return v
    return None

# ------------------------------------------------------------ phone words ---
PREF = ("phone telephon telefon telefoon tel. teléfon téléphon mobil mobiel móvil movil cell dial fax sms "
        "whatsapp landline hotline contact reach text handy rufnummer anruf festnetz durchwahl natel erreich "
        "kontakt portable appel rappel joign joindre celular llam llám contacto cellulare chiam contatto "
        "raggiungibil bellen bereikbaar samtal ringa komórk komork dzwo zadzwo fone ligar ligue contato").split()
EXACT = "call calls calling tel tél ph mob cel ring bel kom gsm tfn tlf ruf liga zap".split()
ANY = "number nummer numer numér númer 電話 携帯 ケータイ 番号 連絡 电话 手机 号码 座机 联系 致电 拨打".split()
WB = r"(?<![^\W\d_])"
PHONE_RE = re.compile("(?i)" + WB + "(?:" + "|".join(map(re.escape, PREF)) + ")|" + WB + "(?:" +
                      "|".join(EXACT) + r")(?![^\W\d_])|" + "|".join(ANY))

# --------------------------------------------------------------- language ---
def blk(text):
    out = {}
    for line in text.strip().splitlines():
        for part in line.split(" ;; "):
            k, v = part.strip().split("=", 1)
            out[k] = v.split("|")
    return out

LANG = {k: blk(v) for k, v in {
    "en": """lbl=Phone:|Tel.|M:Mobile:|M:Cell:|F:Landline:|Ph. ;; key=phone|M:mobile|tel|M:cell ;; H=Name|City|Address|Date|Note ;; words=Order|Invoice|Total ;; mail=---------- Forwarded message ---------|From|To|Date|Subject
mem=Saved for later:|User asked me to remember:|Memory update —|Notes about the user's household: ;; roles=landlord|dentist|plumber|accountant|babysitter|vet|piano teacher|mechanic|sister|caretaker
notes=prefers mornings|weekdays only|speaks Spanish too|closed on Mondays|ask for Sam at the front desk|pays by invoice ;; subjects=Re: quote for the kitchen|Fwd: moving day|Re: school pickup rota|Invoice and next steps ;; close=Best regards,|Thanks,|Cheers,|Kind regards,
title=Meeting transcript|Weekly sync (auto-transcript)|Standup notes ;; ack=Got it, thanks.|Perfect, noted.|Great, I'll pass it on.|Sounds good. ;; ask=Who do we ask about the venue?|And the site manager's details? ;; kw=You can call me on {P} if anything changes.|M:My mobile is {P}, text me when you land.|Best number for me is {P}.
no=Write this down: {P}, that's the site office.|It's {P}, ask for Dave at the front desk.|Okay so for the venue it's {P}, they open at nine.""",
    "de": """lbl=Tel.:|Telefon:|M:Mobil:|M:Handy:|Tel.|F:Festnetz: ;; key=telefon|M:handy|M:mobil|tel ;; H=Name|Ort|Adresse|Datum|Notiz ;; words=Bestellung|Rechnung|Summe ;; mail=---------- Weitergeleitete Nachricht ---------|Von|An|Datum|Betreff
mem=Für später gemerkt:|Der Nutzer bat mich, Folgendes zu speichern:|Gedächtnis-Update –|Notizen zum Haushalt: ;; roles=Vermieter|Zahnärztin|Klempner|Steuerberater|Babysitterin|Tierarzt|Klavierlehrerin|Werkstatt|Schwester|Hausmeister
notes=lieber vormittags|nur werktags|spricht auch Englisch|montags geschlossen|nach Frau Yilmaz fragen|zahlt per Rechnung ;; subjects=AW: Angebot Küche|WG: Umzugstermin|AW: Abholplan Kita|Rechnung und nächste Schritte ;; close=Viele Grüße|Beste Grüße|Mit freundlichen Grüßen|LG
title=Besprechung (Transkript)|Wochenrunde – automatisches Transkript|Jour fixe, Mitschrift ;; ack=Alles klar, danke.|Perfekt, notiert.|Gut, gebe ich weiter.|Passt. ;; ask=Wen fragen wir wegen der Location?|Und die Daten vom Bauleiter? ;; kw=Ruf mich einfach unter {P} an, falls sich was ändert.|M:Meine Handynummer ist {P}.|Am besten erreichst du mich unter {P}.
no=Schreib mit: {P}, das ist das Büro auf der Baustelle.|Das ist die {P}, nach Herrn Brandt fragen.|Also für die Location: {P}, die sind ab neun da.""",
    "fr": """lbl=Tél. :|Tél :|M:Portable :|Téléphone :|M:Mobile :|F:Tél. fixe : ;; key=tel|M:portable|telephone|M:mobile ;; H=Nom|Ville|Adresse|Date|Remarque ;; words=Commande|Facture|Total ;; mail=---------- Message transféré ---------|De|À|Date|Objet
mem=À retenir :|L'utilisateur m'a demandé de mémoriser :|Mise à jour mémoire —|Notes sur le foyer : ;; roles=propriétaire|dentiste|plombier|comptable|baby-sitter|vétérinaire|prof de piano|garagiste|sœur|gardien
notes=plutôt le matin|en semaine uniquement|parle aussi anglais|fermé le lundi|demander Mme Laurent à l'accueil|paie sur facture ;; subjects=RE: devis cuisine|TR: jour du déménagement|RE: planning de la crèche|Facture et prochaines étapes ;; close=Cordialement,|Bien à vous,|Merci,|Bonne journée,
title=Transcription de réunion|Point hebdo (transcription auto)|Compte rendu de réunion ;; ack=D'accord, merci.|Parfait, c'est noté.|Super, je transmets.|Ça marche. ;; ask=On demande à qui pour la salle ?|Et les coordonnées du chef de chantier ? ;; kw=Tu peux m'appeler au {P} si ça change.|M:Mon portable, c'est le {P}.|Le mieux c'est mon numéro perso : {P}.
no=Note bien : {P}, c'est le bureau du chantier.|C'est le {P}, demande Julien à l'accueil.|Pour la salle : {P}, ils ouvrent à neuf heures.""",
    "es": """lbl=Tel.:|Teléfono:|M:Móvil:|Tlf.:|Tel: ;; key=telefono|M:movil|tel ;; H=Nombre|Ciudad|Dirección|Fecha|Nota ;; words=Pedido|Factura|Total ;; mail=---------- Mensaje reenviado ---------|De|Para|Fecha|Asunto
mem=Para recordar:|El usuario me pidió guardar:|Actualización de memoria —|Notas del hogar: ;; roles=casero|dentista|fontanero|gestor|canguro|veterinaria|profe de piano|taller|hermana|portero
notes=mejor por la mañana|solo entre semana|habla inglés también|cierra los lunes|preguntar por Marta en recepción|paga con factura ;; subjects=RE: presupuesto cocina|RV: día de la mudanza|RE: turnos del cole|Factura y próximos pasos ;; close=Saludos,|Un saludo,|Gracias,|Atentamente,
title=Transcripción de la reunión|Reunión semanal (transcripción automática)|Acta de la reunión ;; ack=Vale, gracias.|Perfecto, anotado.|Genial, lo paso.|De acuerdo. ;; ask=¿A quién preguntamos por el local?|¿Y los datos del jefe de obra? ;; kw=Llámame al {P} si cambia algo.|M:Mi móvil es el {P}.|M:Mejor escríbeme al WhatsApp, {P}.|Mi teléfono es el {P}.
no=Apunta: {P}, es la oficina de la obra.|Es el {P}, pregunta por Javier en recepción.|Para el local: {P}, abren a las nueve.""",
    "it": """lbl=Tel.|Telefono:|M:Cell.|M:Cellulare:|Tel:|F:Tel. fisso: ;; key=telefono|M:cellulare|tel|M:cell ;; H=Nome|Città|Indirizzo|Data|Nota ;; words=Ordine|Fattura|Totale ;; mail=---------- Messaggio inoltrato ---------|Da|A|Data|Oggetto
mem=Da ricordare:|L'utente mi ha chiesto di salvare:|Aggiornamento memoria —|Note sulla famiglia: ;; roles=padrone di casa|dentista|idraulico|commercialista|babysitter|veterinaria|maestra di piano|meccanico|sorella|portinaio
notes=meglio al mattino|solo feriali|parla anche inglese|chiuso il lunedì|chiedere di Giulia in reception|paga con fattura ;; subjects=R: preventivo cucina|I: giorno del trasloco|R: turni scuola|Fattura e prossimi passi ;; close=Cordiali saluti,|Un saluto,|Grazie,|Buona giornata,
title=Trascrizione della riunione|Riunione settimanale (trascrizione automatica)|Verbale dell'incontro ;; ack=Ok, grazie.|Perfetto, segnato.|Bene, lo giro.|D'accordo. ;; ask=A chi chiediamo per la sala?|E i dati del capocantiere? ;; kw=Chiamami al {P} se cambia qualcosa.|M:Il mio cellulare è {P}.|Il numero migliore è {P}.
no=Segna: {P}, è l'ufficio del cantiere.|È il {P}, chiedi di Marco in reception.|Per la sala: {P}, aprono alle nove.""",
    "nl": """lbl=Tel.:|Telefoon:|M:Mobiel:|Tel:|Telefoonnummer:|M:GSM: ;; key=telefoon|M:mobiel|tel|M:gsm ;; H=Naam|Plaats|Adres|Datum|Notitie ;; words=Bestelling|Factuur|Totaal ;; mail=---------- Doorgestuurd bericht ---------|Van|Aan|Datum|Onderwerp
mem=Om te onthouden:|De gebruiker vroeg me dit op te slaan:|Geheugen-update —|Notities over het huishouden: ;; roles=verhuurder|tandarts|loodgieter|boekhouder|oppas|dierenarts|pianolerares|garage|zus|conciërge
notes=liefst 's ochtends|alleen doordeweeks|spreekt ook Engels|maandag gesloten|vraag naar Sanne bij de balie|betaalt op factuur ;; subjects=RE: offerte keuken|FW: verhuisdag|RE: ophaalrooster school|Factuur en vervolgstappen ;; close=Met vriendelijke groet,|Groetjes,|Bedankt,|Groet,
title=Transcript vergadering|Weekoverleg (automatisch transcript)|Notulen overleg ;; ack=Top, dank je.|Prima, genoteerd.|Goed, ik geef het door.|Helder. ;; ask=Wie vragen we voor de zaal?|En de gegevens van de uitvoerder? ;; kw=Bel me gerust op {P} als er iets verandert.|M:Mijn mobiele nummer is {P}.|Je kunt me bellen op {P}.
no=Schrijf op: {P}, dat is de bouwkeet.|Het is {P}, vraag naar Joost bij de balie.|Voor de zaal: {P}, ze zijn er vanaf negen uur.""",
    "sv": """lbl=Tel:|Telefon:|M:Mobil:|Tfn:|M:Mobilnr:|Tel. ;; key=telefon|M:mobil|tel|tfn ;; H=Namn|Ort|Adress|Datum|Anteckning ;; words=Order|Faktura|Summa ;; mail=---------- Vidarebefordrat meddelande ---------|Från|Till|Datum|Ämne
mem=Att komma ihåg:|Användaren bad mig spara:|Minnesuppdatering –|Anteckningar om hushållet: ;; roles=hyresvärd|tandläkare|rörmokare|revisor|barnvakt|veterinär|pianolärare|verkstad|syster|fastighetsskötare
notes=helst förmiddag|bara vardagar|pratar även engelska|stängt på måndagar|fråga efter Sara i receptionen|betalar mot faktura ;; subjects=SV: offert kök|VB: flyttdagen|SV: hämtschema förskolan|Faktura och nästa steg ;; close=Vänliga hälsningar,|Mvh,|Tack,|Hälsningar,
title=Mötesutskrift|Veckomöte (automatisk transkribering)|Anteckningar från mötet ;; ack=Toppen, tack.|Perfekt, antecknat.|Bra, jag för det vidare.|Okej. ;; ask=Vem frågar vi om lokalen?|Och uppgifterna till platschefen? ;; kw=Ring mig på {P} om något ändras.|M:Mitt mobilnummer är {P}.|Du når mig på telefon {P}.
no=Skriv upp: {P}, det är byggkontoret.|Det är {P}, fråga efter Erik i receptionen.|För lokalen: {P}, de öppnar klockan nio.""",
    "pl": """lbl=Tel.:|Telefon:|M:Tel. kom.:|M:Komórka:|Nr tel.:|tel. ;; key=telefon|M:komorka|tel|M:kom ;; H=Imię i nazwisko|Miasto|Adres|Data|Uwagi ;; words=Zamówienie|Faktura|Razem ;; mail=---------- Przekazana wiadomość ---------|Od|Do|Data|Temat
mem=Do zapamiętania:|Użytkownik poprosił o zapisanie:|Aktualizacja pamięci —|Notatki o domu: ;; roles=właściciel mieszkania|dentystka|hydraulik|księgowa|opiekunka|weterynarz|nauczycielka pianina|warsztat|siostra|dozorca
notes=najlepiej rano|tylko w dni robocze|mówi też po angielsku|w poniedziałki zamknięte|pytać o panią Kasię w recepcji|płaci przelewem ;; subjects=Odp: wycena kuchni|PD: dzień przeprowadzki|Odp: grafik odbioru z przedszkola|Faktura i kolejne kroki ;; close=Pozdrawiam,|Z poważaniem,|Dzięki,|Serdecznie,
title=Transkrypcja spotkania|Cotygodniowe spotkanie (transkrypcja automatyczna)|Notatki ze spotkania ;; ack=Jasne, dzięki.|Super, zanotowane.|Dobra, przekażę.|OK. ;; ask=Kogo pytamy o salę?|A dane kierownika budowy? ;; kw=Dzwoń śmiało pod {P}, gdyby coś się zmieniło.|M:Mój numer komórki to {P}.|Najlepiej pod numerem {P}.
no=Zapisz: {P}, to biuro budowy.|To jest {P}, pytaj o pana Tomka w recepcji.|Do sali: {P}, otwierają o dziewiątej.""",
    "pt": """lbl=Tel.:|Telefone:|M:Celular:|M:Cel.:|M:WhatsApp:|Fone: ;; key=telefone|M:celular|tel|M:whatsapp ;; H=Nome|Cidade|Endereço|Data|Obs. ;; words=Pedido|Nota fiscal|Total ;; mail=---------- Mensagem encaminhada ---------|De|Para|Data|Assunto
mem=Para lembrar:|O usuário pediu para eu guardar:|Atualização de memória —|Notas sobre a casa: ;; roles=locador|dentista|encanador|contador|babá|veterinária|professora de piano|oficina|irmã|porteiro
notes=de preferência de manhã|só em dias úteis|fala inglês também|fechado às segundas|perguntar pela Ana na recepção|paga por boleto ;; subjects=RE: orçamento da cozinha|ENC: dia da mudança|RE: escala da escola|Nota fiscal e próximos passos ;; close=Abraço,|Atenciosamente,|Obrigado,|Att.,
title=Transcrição da reunião|Reunião semanal (transcrição automática)|Ata da reunião ;; ack=Beleza, valeu.|Perfeito, anotado.|Ótimo, repasso.|Combinado. ;; ask=Com quem falamos sobre o salão?|E os dados do mestre de obras? ;; kw=Pode me ligar no {P} se mudar alguma coisa.|M:Meu celular é {P}.|M:Me chama no zap, {P}.|Meu telefone é {P}.
no=Anota aí: {P}, é o escritório da obra.|É {P}, pergunta pelo Rafael na recepção.|Do salão: {P}, eles abrem às nove.""",
    "ja": """lbl=電話：|TEL：|M:携帯：|電話番号：|Tel. |M:携帯番号： ;; key=電話|M:携帯|tel|電話番号 ;; H=氏名|市区町村|住所|日付|メモ ;; words=注文|請求書|合計 ;; mail=---------- 転送メッセージ ---------|差出人|宛先|日付|件名
mem=覚えておくこと：|ユーザーから保存を頼まれた内容：|メモリ更新 —|家族についてのメモ： ;; roles=大家さん|歯医者|水道屋|税理士|ベビーシッター|獣医|ピアノの先生|整備工場|姉|管理人
notes=午前中が希望|平日のみ|英語も話せる|月曜定休|受付で佐藤さんを呼ぶ|請求書払い ;; subjects=Re: キッチンの見積もり|Fw: 引っ越し日程|Re: 送迎当番表|請求書と今後の流れ ;; close=よろしくお願いします。|以上です。|ありがとうございます。|取り急ぎ。
title=会議の文字起こし|定例ミーティング（自動文字起こし）|打ち合わせメモ ;; ack=了解です、ありがとうございます。|承知しました。|共有しておきます。|はい。 ;; ask=会場の件は誰に聞けばいい？|現場監督の情報は？ ;; kw=何かあれば{P}に電話してください。|M:携帯は{P}です。|電話番号は{P}です。
no=メモしてください、{P}、現場事務所です。|{P}です、受付で田中を呼んでください。|会場は{P}、九時から開いています。""",
    "zh": """lbl=电话：|M:手机：|Tel：|联系电话：|F:座机：|M:手机号： ;; key=电话|M:手机|tel|F:座机 ;; H=姓名|城市|地址|日期|备注 ;; words=订单|发票|合计 ;; mail=---------- 转发的邮件 ---------|发件人|收件人|日期|主题
mem=需要记住：|用户让我保存：|记忆更新 —|家庭相关备注： ;; roles=房东|牙医|水管工|会计|保姆|兽医|钢琴老师|修车厂|姐姐|物业
notes=最好上午|仅工作日|也会说英语|周一休息|到前台找李女士|开发票付款 ;; subjects=回复：厨房报价|转发：搬家日期|回复：接送排班|发票及后续安排 ;; close=谢谢！|此致|祝好，|辛苦了。
title=会议转写|周会（自动转写）|会议纪要 ;; ack=好的，谢谢。|收到，记下了。|好，我转告一下。|没问题。 ;; ask=场地的事找谁？|工地负责人怎么找？ ;; kw=M:有变化就打我手机{P}。|我的电话是{P}。|可以拨打{P}找我。
no=记一下：{P}，是工地办公室。|是{P}，到前台找王经理。|场地那边：{P}，九点开门。""",
}.items()}

# --------------------------------------------------------------- countries ---
CTRY = {k: blk(v) for k, v in {
    "US": """lang=en ;; date=%m/%d/%Y ;; money=$~,~.~ ;; addr={no} {st}, {city} {pc} ;; fn=James|Maria|Robert|Linda|Michael|Jennifer|David|Aisha|Kevin|Sarah ;; ln=Smith|Johnson|Garcia|Miller|Davis|Rodriguez|Nguyen|Patel|Brooks|Carter
cities=Austin, TX/78701|Portland, OR/97205|Columbus, OH/43215|Denver, CO/80202|Raleigh, NC/27601 ;; st=Maple Ave|Oak Street|W 5th St|Lakeview Dr|Elm Court ;; mail=gmail.com|yahoo.com|outlook.com ;; co=Brightside Dental|Carter & Sons Plumbing|Northwind Realty|Bluebird Daycare""",
    "CA": """lang=en|en|en|fr ;; date=%Y-%m-%d ;; money=$~,~.~ ;; addr={no} {st}, {city} {pc} ;; fn=Liam|Olivia|Noah|Emma|Ethan|Chloé|Mathieu|Priya|Lucas|Sophie ;; ln=Tremblay|Roy|Gagnon|MacDonald|Wong|Campbell|Singh|Bouchard|Martin|Leblanc
cities=Toronto, ON/M5V 2T6|Montréal, QC/H2X 1Y4|Vancouver, BC/V6B 1A1|Calgary, AB/T2P 1J9|Halifax, NS/B3J 1S9 ;; st=Queen St W|Rue Sainte-Catherine|Granville St|Main Street|Barrington St ;; mail=gmail.com|videotron.ca|shaw.ca ;; co=Maple Leaf Movers|Clinique dentaire Roy|Harbourfront Realty|Northern Lights Daycare""",
    "GB": """lang=en ;; date=%d/%m/%Y ;; money=£~,~.~ ;; addr={no} {st}, {city} {pc} ;; xl=M:Mob: ;; fn=Oliver|Amelia|George|Isla|Harry|Priya|Jack|Sophie|Mohammed|Emily ;; ln=Smith|Jones|Taylor|Brown|Williams|Khan|Evans|Wilson|Thomas|Roberts
cities=London/N1 9GU|Manchester/M1 4BT|Leeds/LS1 4DY|Bristol/BS1 5TR|Edinburgh/EH1 1YZ ;; st=High Street|Station Road|Church Lane|Victoria Road|Park Avenue ;; mail=gmail.com|btinternet.com|hotmail.co.uk ;; co=Riverside Dental Practice|J. Evans Plumbing Ltd|Northgate Lettings|Little Acorns Nursery""",
    "DE": """lang=de ;; date=%d.%m.%Y ;; money=~.~,~ € ;; addr={st} {no}, {pc} {city} ;; fn=Anna|Jonas|Lena|Felix|Marie|Lukas|Sophie|Paul|Emma|Mehmet ;; ln=Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Hoffmann|Yilmaz
cities=Berlin/10115|München/80331|Hamburg/20095|Köln/50667|Leipzig/04109 ;; st=Hauptstraße|Lindenallee|Goethestraße|Bahnhofstraße|Am Markt ;; mail=web.de|gmx.de|t-online.de ;; co=Praxis Dr. Weber|Malerbetrieb Krüger GmbH|Hausverwaltung Nord|Kita Sonnenschein""",
    "FR": """lang=fr ;; date=%d/%m/%Y ;; money=~ ~,~ € ;; addr={no} {st}, {pc} {city} ;; fn=Camille|Lucas|Léa|Hugo|Chloé|Louis|Manon|Nathan|Inès|Jules ;; ln=Martin|Bernard|Dubois|Thomas|Robert|Petit|Durand|Leroy|Moreau|Laurent
cities=Paris/75011|Lyon/69002|Marseille/13001|Toulouse/31000|Nantes/44000 ;; st=rue de la République|avenue Jean Jaurès|boulevard Voltaire|rue Victor Hugo|place du Marché ;; mail=orange.fr|free.fr|gmail.com ;; co=Cabinet dentaire Dubois|Plomberie Moreau SARL|Agence Immobilière du Centre|Crèche Les Petits Loups""",
    "ES": """lang=es ;; date=%d/%m/%Y ;; money=~.~,~ € ;; addr={st} {no}, {pc} {city} ;; fn=Lucía|Hugo|María|Pablo|Carmen|Javier|Sofía|Daniel|Marta|Alejandro ;; ln=García|Fernández|González|Rodríguez|López|Martínez|Sánchez|Pérez|Gómez|Ruiz
cities=Madrid/28013|Barcelona/08002|Valencia/46002|Sevilla/41004|Bilbao/48001 ;; st=Calle Mayor|Avenida de la Constitución|Calle de Alcalá|Paseo de Gracia|Plaza de España ;; mail=gmail.com|hotmail.es|yahoo.es ;; co=Clínica Dental Sonrisa|Fontanería Ruiz S.L.|Inmobiliaria Centro|Escuela Infantil Los Pinos""",
    "IT": """lang=it ;; date=%d/%m/%Y ;; money=€ ~.~,~ ;; addr={st} {no}, {pc} {city} ;; fn=Giulia|Marco|Francesca|Luca|Chiara|Alessandro|Sara|Matteo|Elena|Davide ;; ln=Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Marino|Greco
cities=Milano/20121|Roma/00184|Torino/10121|Bologna/40121|Napoli/80132 ;; st=Via Roma|Corso Italia|Via Garibaldi|Piazza Duomo|Via Mazzini ;; mail=libero.it|gmail.com|alice.it ;; co=Studio Dentistico Ricci|Idraulica Greco srl|Immobiliare Centro|Asilo Nido Arcobaleno""",
    "NL": """lang=nl ;; date=%d-%m-%Y ;; money=€ ~.~,~ ;; addr={st} {no}, {pc} {city} ;; fn=Sanne|Daan|Emma|Lars|Fleur|Joost|Lotte|Bram|Anouk|Mohamed ;; ln=de Jong|Jansen|de Vries|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder
cities=Amsterdam/1015 CJ|Rotterdam/3011 AD|Utrecht/3511 LX|Den Haag/2511 BT|Eindhoven/5611 AZ ;; st=Keizersgracht|Kerkstraat|Dorpsstraat|Stationsplein|Oudegracht ;; mail=ziggo.nl|gmail.com|kpnmail.nl ;; co=Tandartspraktijk Visser|Loodgietersbedrijf Bakker|Makelaardij Centrum|Kinderopvang De Vlinder""",
    "CH": """lang=de|de|de|fr ;; date=%d.%m.%Y ;; money=CHF ~'~.~ ;; addr={st} {no}, {pc} {city} ;; xl=M:Natel: ;; fn=Noah|Mia|Luca|Lea|Elias|Laura|Leon|Nina|Samuel|Chiara ;; ln=Müller|Meier|Schmid|Keller|Weber|Huber|Gerber|Brunner|Baumann|Rochat
cities=Zürich/8001|Bern/3011|Basel/4051|Luzern/6003|Lausanne/1003 ;; st=Bahnhofstrasse|Seestrasse|Dorfstrasse|Rue du Lac|Marktgasse ;; mail=bluewin.ch|gmx.ch|gmail.com ;; co=Zahnarztpraxis Keller|Sanitär Huber AG|Immobilien Brunner|Kita Regenbogen""",
    "AT": """lang=de ;; date=%d.%m.%Y ;; money=€ ~.~,~ ;; addr={st} {no}, {pc} {city} ;; fn=Lukas|Anna|David|Lena|Tobias|Sarah|Florian|Julia|Maximilian|Katharina ;; ln=Gruber|Huber|Bauer|Wagner|Pichler|Steiner|Moser|Mayer|Hofer|Leitner
cities=Wien/1010|Graz/8010|Linz/4020|Salzburg/5020|Innsbruck/6020 ;; st=Mariahilfer Straße|Hauptplatz|Herrengasse|Landstraße|Getreidegasse ;; mail=gmx.at|aon.at|chello.at ;; co=Zahnarztpraxis Dr. Huber|Installateur Moser GmbH|Hausverwaltung Steiner|Kindergarten Sonnenblume""",
    "BE": """lang=nl|fr ;; date=%d/%m/%Y ;; money=€ ~.~,~ ;; addr={st} {no}, {pc} {city} ;; fn=Lucas|Emma|Louis|Olivia|Arthur|Marie|Noah|Elise|Liam|Lotte ;; ln=Peeters|Janssens|Maes|Jacobs|Mertens|Willems|Dubois|Lambert|Dupont|Claes
cities=Brussel/1000|Antwerpen/2000|Gent/9000|Liège/4000|Leuven/3000 ;; st=Meir|Veldstraat|Rue Neuve|Bondgenotenlaan|Boulevard d'Avroy ;; mail=telenet.be|skynet.be|gmail.com ;; co=Tandartspraktijk Maes|Plomberie Lambert|Immo Centrum|Kinderdagverblijf Het Nestje""",
    "SE": """lang=sv ;; date=%Y-%m-%d ;; money=~ ~,~ kr ;; addr={st} {no}, {pc} {city} ;; fn=Erik|Anna|Lars|Maria|Oskar|Elsa|Johan|Sara|Ali|Ebba ;; ln=Andersson|Johansson|Karlsson|Nilsson|Eriksson|Larsson|Olsson|Persson|Svensson|Lindberg
cities=Stockholm/111 51|Göteborg/411 06|Malmö/211 20|Uppsala/753 20|Lund/222 21 ;; st=Drottninggatan|Storgatan|Kungsgatan|Södra Vägen|Järnvägsgatan ;; mail=telia.com|gmail.com|hotmail.se ;; co=Tandläkare Lindberg|Rörfirma Olsson AB|Fastighets AB Centrum|Förskolan Solrosen""",
    "PL": """lang=pl ;; date=%d.%m.%Y ;; money=~ ~,~ zł ;; addr=ul. {st} {no}, {pc} {city} ;; fn=Anna|Jakub|Zofia|Kacper|Maria|Piotr|Julia|Tomasz|Katarzyna|Michał ;; ln=Nowak|Kowalski|Wiśniewska|Wójcik|Kamińska|Lewandowski|Zielińska|Szymański|Woźniak|Dąbrowski
cities=Warszawa/00-950|Kraków/31-042|Wrocław/50-101|Poznań/61-772|Gdańsk/80-831 ;; st=Marszałkowska|Długa|Floriańska|Piotrkowska|Świętojańska ;; mail=wp.pl|onet.pl|gmail.com ;; co=Gabinet Stomatologiczny Nowak|Hydraulika Wójcik|Biuro Nieruchomości Centrum|Przedszkole Słoneczko""",
    "IE": """lang=en ;; date=%d/%m/%Y ;; money=€~,~.~ ;; addr={no} {st}, {city}, {pc} ;; xl=M:Mob: ;; fn=Seán|Aoife|Conor|Niamh|Jack|Ciara|Darragh|Saoirse|Oisín|Emma ;; ln=Murphy|Kelly|O'Sullivan|Walsh|Byrne|Ryan|O'Brien|Doyle|McCarthy|Kennedy
cities=Dublin 2/D02 F205|Cork/T12 K8AF|Galway/H91 E2K3|Limerick/V94 T9PX|Waterford/X91 R6FC ;; st=Main Street|Grafton Street|Patrick Street|Shop Street|O'Connell Street ;; mail=gmail.com|eircom.net|hotmail.com ;; co=Riverside Dental|Byrne Plumbing Ltd|Liffey Lettings|Little Steps Creche""",
    "IN": """lang=en ;; date=%d-%m-%Y ;; money=₹~IN~.~ ;; addr={no}, {st}, {city} - {pc} ;; xl=M:Mob: ;; fn=Aarav|Priya|Rohan|Ananya|Vikram|Sneha|Arjun|Kavya|Rahul|Meera ;; ln=Sharma|Patel|Iyer|Reddy|Gupta|Nair|Singh|Mehta|Das|Kulkarni
cities=Mumbai/400001|New Delhi/110001|Bengaluru/560001|Chennai/600002|Pune/411001 ;; st=MG Road|Linking Road|Park Street|Anna Salai|FC Road ;; mail=gmail.com|yahoo.co.in|rediffmail.com ;; co=Smile Dental Clinic|Sharma Plumbing Works|Sunrise Realty|Little Stars Playschool""",
    "BR": """lang=pt ;; date=%d/%m/%Y ;; money=R$ ~.~,~ ;; addr={st}, {no} – {city}, CEP {pc} ;; fn=Ana|João|Mariana|Pedro|Juliana|Lucas|Camila|Rafael|Beatriz|Gabriel ;; ln=Silva|Santos|Oliveira|Souza|Lima|Pereira|Costa|Almeida|Ferreira|Rodrigues
cities=São Paulo - SP/01310-200|Rio de Janeiro - RJ/20040-020|Belo Horizonte - MG/30130-010|Curitiba - PR/80010-000|Recife - PE/50030-230 ;; st=Av. Paulista|Rua das Flores|Rua XV de Novembro|Av. Rio Branco|Rua da Aurora ;; mail=gmail.com|uol.com.br|bol.com.br ;; co=Clínica Odontológica Sorriso|Hidráulica Costa ME|Imobiliária Central|Escola Infantil Pequeno Príncipe""",
    "MX": """lang=es ;; date=%d/%m/%Y ;; money=$~,~.~ MXN ;; addr={st} {no}, Col. Centro, C.P. {pc}, {city} ;; xl=M:Cel.:|M:Celular: ;; fn=José|Guadalupe|Juan|Fernanda|Luis|Valeria|Carlos|Ximena|Diego|Mariana ;; ln=Hernández|García|Martínez|López|González|Pérez|Rodríguez|Sánchez|Ramírez|Flores
cities=Ciudad de México/06000|Guadalajara/44100|Monterrey/64000|Puebla/72000|Mérida/97000 ;; st=Av. Reforma|Calle Madero|Av. Juárez|Calle Hidalgo|Av. Insurgentes Sur ;; mail=gmail.com|hotmail.com|prodigy.net.mx ;; co=Consultorio Dental Sonrisas|Plomería Flores|Inmobiliaria del Centro|Guardería Arcoíris""",
    "AU": """lang=en ;; date=%d/%m/%Y ;; money=$~,~.~ ;; addr={no} {st}, {city} {pc} ;; xl=M:Mob: ;; fn=Jack|Charlotte|William|Olivia|Thomas|Mia|James|Chloe|Lachlan|Ruby ;; ln=Smith|Jones|Williams|Brown|Wilson|Taylor|Nguyen|Kelly|Martin|Anderson
cities=Sydney NSW/2000|Melbourne VIC/3000|Brisbane QLD/4000|Perth WA/6000|Adelaide SA/5000 ;; st=George St|Collins St|Queen St|Hay St|King William St ;; mail=bigpond.com|gmail.com|optusnet.com.au ;; co=Harbourside Dental|Kelly Plumbing Pty Ltd|Coastal Property Management|Little Koalas Childcare""",
    "JP": """lang=ja ;; date=%Y年%-m月%-d日 ;; money=¥~,~~ ;; addr=〒{pc} {city}{st}{no} ;; nm={l} {f} ;; fn=陽子|翔太|美咲|大輔|彩|健太|由美|拓也|真由|直樹 ;; ln=田中|鈴木|佐藤|高橋|伊藤|渡辺|山本|中村|小林|加藤 ;; rom=tanaka|suzuki|sato|takahashi|ito|watanabe|yamamoto
cities=東京都渋谷区/150-0002|大阪市北区/530-0001|横浜市中区/231-0023|名古屋市中区/460-0008|福岡市博多区/812-0011 ;; st=道玄坂|梅田|山下町|栄|博多駅前 ;; mail=docomo.ne.jp|gmail.com|yahoo.co.jp ;; co=田中歯科医院|鈴木設備工業|さくら不動産|ひまわり保育園""",
    "CN": """lang=zh ;; date=%Y年%-m月%-d日 ;; money=¥~,~.~ ;; addr={city}{st}{no}号（邮编 {pc}） ;; nm={l}{f} ;; fn=伟|芳|娜|敏|静|磊|洋|婷|强|丽 ;; ln=王|李|张|刘|陈|杨|赵|黄|周|吴 ;; rom=wangwei|lina|zhangmin|liuyang|chenjing|zhaolei
cities=北京市朝阳区/100020|上海市浦东新区/200120|广州市天河区/510620|深圳市南山区/518052|杭州市西湖区/310012 ;; st=建国路|世纪大道|天河路|科技园路|文三路 ;; mail=qq.com|163.com|126.com ;; co=阳光口腔诊所|王师傅水电维修|安居房产中介|小太阳幼儿园""",
}.items()}

def money(spec):
    pre, th, dc, suf = spec.split("~")
    v = pick([ri(5, 99), ri(100, 9999), ri(1000, 250000)])
    if th == "IN":
        head, s = str(v)[:-3], str(v)[-3:]
        while head:
            head, s = head[:-2], head[-2:] + "," + s
    else:
        s = f"{v:,}".replace(",", th)
    return pre + s + (dc + "%02d" % ri(0, 99) if dc else "") + suf

def rdate(fmt):
    return (datetime.date(2022, 1, 1) + datetime.timedelta(days=ri(0, 1800))).strftime(fmt)

def ascii_(s):
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if ch.isascii() and ch.isalpha())

class Ctx:
    def __init__(self, reg, lang, mob):
        self.reg, self.c, self.L, self.mob = reg, CTRY[reg], LANG[lang], mob
        self.native = lang == CTRY[reg]["lang"][0]

    def opt(self, v):  # drop M:/F: items of the other number type
        return [t[2:] if t[:2] in ("M:", "F:") else t for t in v if t[:2] != ("F:" if self.mob else "M:")]

    def w(self, k):
        return pick(self.opt(self.L[k]))

    def person(self):
        f, l = pick(self.c["fn"]), pick(self.c["ln"])
        disp = self.c.get("nm", ["{f} {l}"])[0].format(f=f, l=l)
        loc = pick(self.c["rom"]) if "rom" in self.c else (ascii_(f) + "." + ascii_(l)).lower()
        return disp, loc + "@" + pick(self.c["mail"])

    def name(self):
        return self.person()[0]

    def city(self):
        return pick(self.c["cities"]).split("/")

    def addr(self):
        city, pc = self.city()
        no = "%d-%d-%d" % (ri(1, 5), ri(1, 30), ri(1, 20)) if self.reg == "JP" else str(ri(1, 240))
        return self.c["addr"][0].format(no=no, st=pick(self.c["st"]), city=city, pc=pc)

    def date(self):
        return rdate(self.c["date"][0])

    def money(self):
        return money(self.c["money"][0])

    def lab(self):
        return pick(self.opt(self.L["lbl"] + (self.c.get("xl", []) if self.native else [])))

    def ph(self, kw, P):
        lab = self.lab()
        return (lab + ("" if lab.endswith(" ") or lab[-1] in "：" else " ") + P) if kw else P

def cap(s):
    return s[:1].upper() + s[1:]

# ------------------------------------------------------------------ styles ---
def s_bullet(x, kw, P):
    mk = pick(["- ", "* ", "• "])
    if rng.random() < 0.6:
        items = [f"{x.w('roles')}: {x.name()}, {x.w('notes')}", f"{x.w('roles')}: {x.name()} ({x.city()[0]})"]
        items.insert(ri(0, 2), f"{cap(x.w('roles'))}: {x.name()} — {x.ph(kw, P)}")
        return x.w("mem") + "\n" + "\n".join(mk + i for i in items)
    return f"{x.w('mem')}\n{mk}{x.name()} · {x.w('roles')} · {x.ph(kw, P)} · {x.w('notes')}"

def s_kv(x, kw, P):
    H = x.L["H"]
    k = cap(x.w("key")) if kw else cap(x.w("roles"))
    rows = [(H[1], x.city()[0]) if rng.random() < .5 else (H[2], x.addr()), (k, P), (H[4], x.w("notes"))]
    rng.shuffle(rows)
    rows.insert(0, (H[0], x.name()))
    if rng.random() < 0.65:
        return "\n".join(f"{a}: {b}" for a, b in rows)
    return pick(["; ", " | "]).join(f"{a}={b}" for a, b in rows)

def s_json(x, kw, P):
    H = [h.lower() for h in x.L["H"]]
    if kw:
        d = {H[0]: x.name(), x.w("key"): P, H[1]: x.city()[0]}
    elif rng.random() < 0.5:
        d = {x.w("roles"): P, H[4]: x.w("notes"), H[3]: x.date()}
    else:
        (n1, _), (n2, e2) = x.person(), x.person()
        d = {n1: P, n2: e2}
    js = json.dumps(d, ensure_ascii=False)
    return pick([f"{x.w('mem')} {js}", f"{x.w('mem')} {js} ({x.date()})"])

def s_table(x, kw, P):
    H = x.L["H"]
    if kw:
        hdr = [H[0], H[1], cap(x.w("key")), H[4]]
        rows = [[x.name(), x.city()[0], P, x.w("notes")], [x.name(), x.city()[0], "—", x.w("notes")]]
    else:
        hdr = None
        (n2, e2) = x.person()
        rows = [[x.name(), x.w("roles"), x.city()[0], P], [n2, x.w("roles"), x.city()[0], e2]]
    rng.shuffle(rows)
    out = [] if hdr is None else ["| " + " | ".join(hdr) + " |", "|" + "---|" * len(hdr)]
    return "\n".join(out + ["| " + " | ".join(r) + " |" for r in rows])

def s_email(x, kw, P):
    fwd, frm, to, dt, subj = x.L["mail"]
    (n, e), (n2, e2) = x.person(), x.person()
    co = pick(x.c["co"])
    sig = f"{co}\n{x.ph(True, P)}" if kw else pick([f"{co} · {x.addr()} · {P}", f"{co}\n{P} · {e}"])
    when = f"{x.date()} {ri(7, 21)}:{ri(10, 59)}"
    return (f"{fwd}\n{frm}: {n} <{e}>\n{dt}: {when}\n{subj}: {x.w('subjects')}\n{to}: {n2} <{e2}>"
            f"\n\n{x.w('close')}\n{n}\n{sig}")

def s_transcript(x, kw, P):
    a, b = x.name(), x.name()
    say = x.w("kw" if kw else "no").format(P=P)
    lines = [(a, x.w("ask")), (b, say), (a, x.w("ack"))]
    t0 = ri(60, 3000)
    ts = [f"[00:{t // 60:02d}:{t % 60:02d}] " for t in (t0, t0 + ri(3, 20), t0 + ri(25, 50))]
    ts = ts if rng.random() < 0.5 else [""] * 3
    return f"{x.w('title')} — {x.date()}\n" + "\n".join(f"{t}{p}: {s}" for t, (p, s) in zip(ts, lines))

def s_address(x, kw, P):
    n, co, ad, ph = x.name(), pick(x.c["co"]), x.addr(), x.ph(kw, P)
    return pick([f"{n}, {ad}, {ph}", f"{co} — {ad} — {ph}", f"{ad} · {ph} ({n})"])

def s_multi(x, kw, P):
    o, inv, tot = x.L["words"]
    city, pc = x.city()
    on = pick([str(ri(100000, 9999999)), f"A{ri(10000, 99999)}-{ri(10, 99)}", f"{ri(100, 999)}-{ri(1000000, 9999999)}"])
    invn = pick([f"{ri(2022, 2026)}-{ri(100, 99999):05d}", f"RE{ri(10000, 999999)}"])
    ph = x.ph(kw, P)
    return pick([f"{o} #{on} · {x.date()} · {tot} {x.money()} · {pc} {city} · {ph}",
                 f"{inv} {invn} ({x.date()}): {x.money()} — {x.name()}, {ph}",
                 f"{x.date()}: {o} {on}, {tot} {x.money()}; {x.addr()}; {ph}"])

STYLE_FN = {s: globals()["s_" + s] for s in STYLES}

def matcher_hits(text, reg):
    return [(m.start, m.end, m.raw_string) for m in pn.PhoneNumberMatcher(text, reg)]

# --------------------------------------------------------------- positives ---
def positives():
    rows, meta, fails = [], [], Counter()
    for ci, reg in enumerate(REGIONS):
        fmts = ["national"] * 15 + ["international"] * 10
        kws = [False] * 9 + [True] * 16
        sty = [STYLES[(i + ci) % 8] for i in range(25)]
        mob = [i % 2 == 0 for i in range(25)]
        for lst in (fmts, kws, sty, mob):
            rng.shuffle(lst)
        for i in range(25):
            for _ in range(500):
                lang = pick(CTRY[reg]["lang"])
                if lang != "en" and rng.random() < 0.1:
                    lang = "en"
                x = Ctx(reg, lang, mob[i])
                val = write_number(reg, gen_number(reg, mob[i]), fmts[i], mob[i])
                if val is None:
                    fails["format"] += 1
                    continue
                text = STYLE_FN[sty[i]](x, kws[i], val)
                if text.count(val) != 1:
                    fails["count"] += 1
                    continue
                if bool(PHONE_RE.search(text)) != kws[i]:
                    fails["kw-" + sty[i] + "-" + lang] += 1
                    continue
                st = text.index(val)
                if matcher_hits(text, reg) != [(st, st + len(val), val)]:
                    fails["matcher"] += 1
                    continue
                rows.append({"region": reg, "text": text, "value": val, "format": fmts[i]})
                meta.append((reg, sty[i], kws[i], mob[i], lang))
                break
            else:
                sys.exit(f"could not build {reg} #{i} ({sty[i]}, kw={kws[i]}): {fails.most_common(5)}")
    return rows, meta, fails

# --------------------------------------------------------------- negatives ---
def dig(n):
    return str(ri(1, 9)) + "".join(str(ri(0, 9)) for _ in range(n - 1))

def d0(n):
    return "".join(str(ri(0, 9)) for _ in range(n))

def cdate():
    return rdate(pick(["%d.%m.%Y", "%m/%d/%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]))

def cmoney():
    return money(CTRY[pick(REGIONS)]["money"][0])

def ean(prefix, n):
    s = prefix + d0(n - len(prefix) - 1)
    return s + str((10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(s))) % 10)

def isbn():
    s = ean("978" + str(ri(0, 9)), 13)
    a = ri(2, 3)
    return f"ISBN {s[:3]}-{s[3]}-{s[4:4 + a]}-{s[4 + a:12]}-{s[12]}"

def letters(n):
    return "".join(pick("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))

NEG = [
    lambda: f"Termin am {rdate('%d.%m.%Y')} um {ri(8, 18)}:{pick(['00', '15', '30', '45'])} Uhr, Raum {ri(100, 450)}",
    lambda: f"- Due: {rdate('%m/%d/%Y')}\n- Paid: {rdate('%m/%d/%Y')}\n- Late fee: ${ri(10, 99)}.{ri(10, 99)}",
    lambda: f"Rendez-vous le {rdate('%d/%m/%Y')} à {ri(8, 18)}h{pick(['00', '15', '30'])} (bâtiment {ri(1, 12)}, porte {ri(100, 999)})",
    lambda: (lambda d: f"Check-in {d:%Y-%m-%d} 15:00 · check-out {d + datetime.timedelta(days=ri(1, 14)):%Y-%m-%d} 11:00")(
        datetime.date(2022, 1, 1) + datetime.timedelta(days=ri(0, 1800))),
    lambda: f"{rdate('%Y年%-m月%-d日')} {ri(9, 20)}:{ri(10, 59)} 開始、{ri(2, 5)}階の会議室",
    lambda: f"Öffnungszeiten: Mo–Fr {ri(7, 9)}:30–{ri(17, 19)}:00, Sa {ri(8, 10)}:00–{ri(12, 14)}:00",
    lambda: f"log {rdate('%Y-%m-%d')}T{ri(10, 23)}:{ri(10, 59)}:{ri(10, 59)}.{ri(100, 999)}Z request took {ri(100, 9999)} ms",
    lambda: (lambda c: f"{LANG[c['lang'][0]]['words'][2]}: {money(c['money'][0])} (+ {money(c['money'][0])})")(CTRY[pick(REGIONS)]),
    lambda: f"Budget: {cmoney()} / spent {cmoney()} / left {cmoney()}",
    lambda: (lambda c: f"Ship to: {ri(100, 9999)} Pine St, {c[0]} {c[1]}{d0(2)}-{d0(4)}")(pick(
        [("Boston, MA", "021"), ("New York, NY", "100"), ("Hartford, CT", "061"), ("Newark, NJ", "071"), ("Springfield, IL", "627")])),
    lambda: f"Endereço: Rua Augusta, {ri(1, 2999)} – São Paulo/SP, CEP 0{ri(1, 5)}{d0(3)}-{d0(3)}",
    lambda: f"ul. Nowy Świat {ri(1, 80)}, 0{ri(0, 4)}-{d0(3)} Warszawa",
    lambda: f"Prinsengracht {ri(1, 999)}, 10{d0(2)} {letters(2)} Amsterdam",
    lambda: pick([f"Order #{dig(9)} shipped {cdate()}", f"Bestellnummer {dig(3)}-{dig(7)}-{dig(7)}",
                  f"Commande n° {dig(10)} du {rdate('%d/%m/%Y')}", f"Pedido {dig(4)}-{dig(6)} enviado"]),
    lambda: pick([f"Invoice INV-{ri(2019, 2026)}-{d0(6)}: {cmoney()}", f"Rechnung Nr. {ri(2019, 2026)}{d0(5)} vom {rdate('%d.%m.%Y')}",
                  f"Factura F{ri(2019, 2026)}/{d0(5)}, vencimiento {rdate('%d/%m/%Y')}"]),
    lambda: pick([f"Ticket #{dig(7)} (priority {ri(1, 4)})", f"Kundennummer: {dig(10)}", f"Customer ID {dig(8)}",
                  f"Numer klienta: {dig(9)}", f"Case {d0(8)} escalated", f"Reservation code {letters(2)}{dig(6)}"]),
    lambda: pick([f"USt-IdNr. DE{dig(9)}", f"TVA intracom. FR{d0(2)} {dig(9)}", f"P.IVA {d0(11)}", f"NIF B{d0(8)}",
                  f"EIN {d0(2)}-{d0(7)}", f"CPF {d0(3)}.{d0(3)}.{d0(3)}-{d0(2)}", f"CNPJ {d0(2)}.{d0(3)}.{d0(3)}/0001-{d0(2)}",
                  f"NIP {d0(3)}-{d0(3)}-{d0(2)}-{d0(2)}", f"BTW NL{d0(9)}B01", f"Org.nr {d0(6)}-{d0(4)}",
                  f"VAT GB {d0(3)} {d0(4)} {d0(2)}", f"UID CHE-{d0(3)}.{d0(3)}.{d0(3)} MWST", f"Steuernummer {d0(2)}/{d0(3)}/{d0(5)}"]),
    lambda: pick([f"IBAN DE{d0(2)} {d0(4)} {d0(4)} {d0(4)} {d0(4)} {d0(2)}", f"IBAN endet auf …{d0(4)} {d0(2)}",
                  f"FR76 {d0(4)} {d0(4)} {d0(4)} {d0(4)} {d0(4)} {d0(3)}", f"Virement vers IT{d0(2)} X{d0(5)} {d0(5)} …"]),
    lambda: pick([f"request id {uuid.UUID(int=rng.getrandbits(128), version=4)}", f"- session: {uuid.UUID(int=rng.getrandbits(128), version=4)}"]),
    lambda: pick([f"sha256: {rng.getrandbits(256):064x}", f"fixed in commit {rng.getrandbits(28):07x}", f"md5 {rng.getrandbits(128):032x}"]),
    lambda: pick([f"upgraded to v{ri(1, 5)}.{ri(0, 20)}.{ri(0, 99)}", f"Build {ri(2019, 2026)}.{ri(1, 12):02d}.{ri(1000, 9999)}",
                  f"Android {ri(9, 15)}.{ri(0, 3)}, app {ri(1, 9)}.{ri(0, 30)}.{ri(0, 9)} (build {dig(6)})"]),
    lambda: pick([f"server at {ri(10, 223)}.{ri(0, 255)}.{ri(0, 255)}.{ri(1, 254)}:{ri(1024, 65000)}",
                  f"gateway {ri(10, 223)}.{ri(0, 255)}.{ri(0, 255)}.{ri(1, 254)}, mask 255.255.255.0"]),
    lambda: pick([f"{rng.uniform(-60, 70):.6f}, {rng.uniform(-180, 180):.6f}",
                  f"{ri(0, 89)}°{ri(0, 59)}′{ri(0, 59)}″N {ri(0, 179)}°{ri(0, 59)}′{ri(0, 59)}″E"]),
    lambda: f"{pick(['Book club pick', 'Lektüre', 'À lire', 'Da leggere'])}: {isbn()}",
    lambda: pick([f"SKU {letters(2)}-{d0(4)}-{d0(3)}", f"EAN {ean(str(ri(40, 44)), 13)}", f"Art.-Nr. {dig(6)}-{d0(2)}",
                  f"Réf. {dig(3)}.{d0(3)}.{d0(2)}"]),
    lambda: "Lotto: " + " ".join("%02d" % n for n in sorted(rng.sample(range(1, 50), 6))) + f", Superzahl {ri(0, 9)}",
    lambda: pick([f"Final score {ri(80, 130)}-{ri(80, 130)}", f"{ri(0, 5)}:{ri(0, 5)} ({ri(0, 3)}:{ri(0, 3)}) nach Verlängerung",
                  f"{pick(['6-4 3-6 7-6', '7-5 6-3', '4-6 6-4 6-2'])} in {ri(1, 3)}h{ri(10, 59)}"]),
    lambda: pick([f"worked there {ri(1995, 2010)}–{ri(2011, 2024)}", f"Studium {ri(2000, 2012)}-{ri(2013, 2016)}, Promotion {ri(2016, 2019)}-{ri(2020, 2024)}",
                  f"Baujahr {ri(1950, 1999)}, renoviert {ri(2000, 2015)}–{ri(2016, 2024)}"]),
    lambda: pick([f"{ri(40, 240)} x {ri(40, 240)} x {ri(20, 90)} cm, {ri(1, 80)},{ri(0, 9)} kg", f"{pick([110, 120, 220, 230, 240])} V / {pick([50, 60])} Hz, {ri(500, 3000)} W",
                  f"{ri(1, 42)}.{ri(0, 9)} km in {ri(20, 59)}:{ri(10, 59)}", f"Screen {pick(['1920x1080', '2560x1440', '3840x2160'])}, {ri(60, 240)} Hz"]),
    lambda: pick([f"Sort code {d0(2)}-{d0(2)}-{d0(2)}, account {d0(8)}", f"Routing {d0(9)}, account ending {d0(4)}",
                  f"Flight LH {ri(100, 2999)}, seat {ri(1, 40)}{pick('ABCDEF')}, gate {letters(1)}{ri(1, 60)}",
                  f"Sendungsnummer {d0(20)}", f"S/N {d0(4)}-{d0(4)}-{d0(4)}", f"ISO {ri(9000, 45001)}:{ri(2005, 2024)}"]),
    lambda: f"{pick(['Invoice', 'Rechnung', 'Facture'])} {ri(2020, 2026)}-{d0(5)} · {cdate()} · {cmoney()} · {pick([f'{d0(2)}-{d0(3)}', d0(5), f'{dig(4)} {letters(2)}'])}",
]

def negatives():
    rows, fails = [], 0
    for i in range(200):
        for _ in range(2000):
            text = NEG[i % len(NEG)]()
            if not any(matcher_hits(text, r) for r in REGIONS):
                rows.append({"region": "NONE", "text": text, "value": "", "format": "negative"})
                break
            fails += 1
        else:
            sys.exit(f"negative generator {i % len(NEG)} never clean")
    return rows, fails

def main():
    pos, meta, pfails = positives()
    neg, nfails = negatives()
    with open(OUT, "w", encoding="utf-8") as fh:
        for r in pos + neg:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    per = defaultdict(Counter)
    for r in pos + neg:
        per[r["region"]][r["format"]] += 1
    print(f"wrote {len(pos) + len(neg)} lines to {OUT}")
    for reg in REGIONS + ["NONE"]:
        print(f"  {reg:4s} " + " ".join(f"{k}={v}" for k, v in sorted(per[reg].items())))
    print("styles:", dict(Counter(m[1] for m in meta)))
    print("no phone word:", sum(not m[2] for m in meta), "/", len(meta), "| mobile:", sum(m[3] for m in meta),
          "| langs:", dict(Counter(m[4] for m in meta)))
    print("positive retries:", dict(pfails), "| negative retries:", nfails)


if __name__ == "__main__":
    main()
