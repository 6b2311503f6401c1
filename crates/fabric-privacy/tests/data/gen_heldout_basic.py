#!/usr/bin/env python3
"""Generates tests/data/heldout_basic.jsonl: a held-out split for the six "basic" PII types
of the detector (EMAIL, CREDIT_CARD, SSN, IBAN, IP_ADDRESS, URL), never used to tune it.

It was written apart from the detector (without reading its source) and differs from the
other sets in this directory: heldout.jsonl covers national ids, wallets and MAC addresses,
the phones_*.jsonl files cover phone numbers, and corpus.jsonl is the tuning corpus. This
file has its own seed (424242), its own templates and value generators, and covers:

  * positives (480 entity mentions, 80 per type) in many registers (chat, support tickets,
    e-mails, log lines, JSON, CSV rows, Markdown tables, key: value blocks) and in English,
    German, French, Spanish, Portuguese and Italian, with the value at the start, middle or
    end, inside parentheses, quotes or angle brackets, followed by punctuation; 444 lines,
    36 of which hold two entities of different types (both listed);
  * values that are valid by construction: Luhn-valid cards of real brand shapes (Visa,
    Mastercard 51-55 and 2221-2720, Amex 4-6-5, Discover 6011/65) compact, spaced or dashed;
    SSNs with a legal area/group/serial next to an SSN / social security word; IBANs of 17
    countries at their registered length with ISO 13616 mod-97 check digits, compact or in
    groups of four; e-mails with varied local parts and TLDs; IPv4 (public, private,
    documentation ranges) and IPv6 (full, compressed, IPv4-embedded); http(s) URLs only
    (with ports, paths, queries, fragments);
  * 204 hard negatives labelled by kind: luhn_fail, ssn_invalid, iban_bad_checksum, version,
    order_number, tracking_number, date_time, amount, uuid, hash_hex, not_email, isbn. No
    phone numbers anywhere. Each negative is checked by a conservative scanner (below) to
    hold no valid instance of any of the six types, and each positive, with its listed
    values masked, to hold no other one.

Each line: {"text": ..., "entities": [{"type": ..., "value": ...}], "kind": ...} where kind is
"positive" or the negative kind; every value occurs verbatim in its text. Output is
deterministic and the lines are shuffled with the same seed.

Run (standard library only), from the repository root:
    python3 crates/fabric-privacy/tests/data/gen_heldout_basic.py
"""

import datetime
import ipaddress
import json
import os
import re
import urllib.parse

import random

rng = random.Random(424242)

OUT_NAME = "heldout_basic.jsonl"
SINGLES_PER_TYPE = 68   # + 12 mentions in two-entity lines = 80 per type
PAIR_LINES_PER_PAIR = 6
NEGATIVE_COUNTS = {
    "luhn_fail": 20, "ssn_invalid": 20, "iban_bad_checksum": 20,
    "version": 16, "order_number": 16, "tracking_number": 16, "date_time": 16,
    "amount": 16, "uuid": 16, "hash_hex": 16, "not_email": 16, "isbn": 16,
}

DIGITS = "0123456789"
HEX = "0123456789abcdef"


def digits(n):
    return "".join(rng.choice(DIGITS) for _ in range(n))


# ---------------------------------------------------------------- checksums

def luhn_ok(number):
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_digit(partial):
    for d in DIGITS:
        if luhn_ok(partial + d):
            return d
    raise AssertionError


def iban_mod97(compact):
    s = compact[4:] + compact[:4]
    num = "".join(str(int(c, 36)) for c in s)
    return int(num) % 97


def iban_check_digits(country, bban):
    n = iban_mod97(country + "00" + bban)
    return "%02d" % (98 - n)


def ssn_ok(area, group, serial):
    a, g, s = int(area), int(group), int(serial)
    return a != 0 and a != 666 and a < 900 and g != 0 and s != 0


def isbn13_check(first12):
    t = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(first12))
    return str((10 - t % 10) % 10)


def isbn10_check(first9):
    t = sum(int(c) * (10 - i) for i, c in enumerate(first9))
    r = (11 - t % 11) % 11
    return "X" if r == 10 else str(r)


# ---------------------------------------------------------------- value generators

CARD_BRANDS = ["visa", "visa", "visa", "mc5", "mc5", "mc2", "amex", "amex", "disc"]


def card_digits(brand=None):
    brand = brand or rng.choice(CARD_BRANDS)
    if brand == "visa":
        body = "4" + digits(14)
    elif brand == "mc5":
        body = "5" + str(rng.randint(1, 5)) + digits(13)
    elif brand == "mc2":
        body = str(rng.randint(2221, 2720)) + digits(11)
    elif brand == "amex":
        body = rng.choice(["34", "37"]) + digits(12)
    else:
        body = rng.choice(["6011" + digits(11), "65" + digits(13)])
    return body + luhn_digit(body)


def card_format(num, style=None):
    style = style or rng.choice(["compact", "compact", "space", "space", "space", "dash", "dash"])
    if style == "compact":
        return num
    sep = " " if style == "space" else "-"
    if len(num) == 15:
        parts = [num[:4], num[4:10], num[10:]]
    else:
        parts = [num[i:i + 4] for i in range(0, len(num), 4)]
    return sep.join(parts)


def make_card(_hint=None):
    return card_format(card_digits())


def ssn_parts_valid():
    while True:
        area = "%03d" % rng.randint(1, 899)
        if area != "666":
            break
    return area, "%02d" % rng.randint(1, 99), "%04d" % rng.randint(1, 9999)


def make_ssn(_hint=None):
    a, g, s = ssn_parts_valid()
    sep = " " if rng.random() < 0.15 else "-"
    return sep.join((a, g, s))


def n(k):
    return digits(k)


def be_bban():
    base = n(10)
    r = int(base) % 97
    return base + "%02d" % (r if r else 97)


def lu_bban():
    acct = "".join(rng.choice(DIGITS * 3 + "ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(13))
    return n(3) + acct


IBAN_BBAN = {
    "DE": lambda: n(18),
    "FR": lambda: n(5) + n(5) + n(11) + n(2),
    "GB": lambda: rng.choice(["NWBK", "BARC", "HBUK", "LOYD", "MIDL", "NAIA"]) + n(14),
    "ES": lambda: n(20),
    "IT": lambda: rng.choice("ABCDEFGHIJKLMNPRSTUVWXYZ") + n(10) + n(12),
    "NL": lambda: rng.choice(["ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB"]) + n(10),
    "BE": be_bban,
    "AT": lambda: n(16),
    "CH": lambda: n(5) + n(12),
    "PL": lambda: n(24),
    "PT": lambda: n(21),
    "IE": lambda: rng.choice(["AIBK", "BOFI", "IPBS", "ULSB"]) + n(14),
    "SE": lambda: n(20),
    "DK": lambda: n(14),
    "NO": lambda: n(11),
    "FI": lambda: n(14),
    "LU": lu_bban,
}
IBAN_LENGTHS = {"DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "AT": 20,
                "CH": 21, "PL": 28, "PT": 25, "IE": 22, "SE": 24, "DK": 18, "NO": 15, "FI": 18,
                "LU": 20, "LI": 21, "HR": 21, "CZ": 24, "SK": 24, "HU": 28, "RO": 24, "GR": 27,
                "SI": 19, "BG": 22, "LT": 20, "LV": 21, "EE": 20, "MT": 31, "CY": 28, "IS": 26,
                "MC": 27, "SM": 27, "BR": 29, "TR": 26, "SA": 24, "AE": 23}


def iban_compact(country=None):
    country = country or rng.choice(sorted(IBAN_BBAN))
    bban = IBAN_BBAN[country]()
    iban = country + iban_check_digits(country, bban) + bban
    assert len(iban) == IBAN_LENGTHS[country], (country, iban)
    return iban


def iban_format(compact, style=None):
    style = style or rng.choice(["compact", "grouped", "grouped"])
    if style == "compact":
        return compact
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def make_iban(_hint=None):
    return iban_format(iban_compact())


FIRST = ["ana", "lukas", "marie", "joao", "giulia", "carlos", "emma", "noah", "sofia", "matteo",
         "lea", "pierre", "ines", "tomasz", "aoife", "sven", "chloe", "diego", "beatriz", "felix",
         "yuki", "omar", "priya", "olga", "henrik", "camille", "rafael", "chiara"]
LAST = ["lopez", "mueller", "dubois", "silva", "rossi", "garcia", "schmidt", "martin", "costa",
        "bianchi", "fernandez", "weber", "bernard", "santos", "ricci", "murphy", "nowak", "jansen",
        "lindqvist", "peeters", "oliveira", "moreau", "hoffmann", "esposito"]
TAGS = ["news", "billing", "github", "shop2024", "test", "promo", "jobs", "x"]
ROLES = ["billing", "support", "no-reply", "it-helpdesk", "hr.team", "sales_eu", "accounts.payable",
         "info", "privacy-office", "ops24"]
PROVIDERS = ["gmail.com", "outlook.de", "web.de", "gmx.net", "yahoo.fr", "orange.fr", "hotmail.es",
             "libero.it", "sapo.pt", "uol.com.br", "icloud.com", "proton.me", "yahoo.co.uk",
             "t-online.de", "laposte.net", "bol.com.br"]
COMPANIES = ["nordwind", "acme-logistics", "bluepeak", "finlytics", "casaverde", "lumenlabs",
             "tecnoservizi", "brightforge", "solaris-energia", "alpenbank", "kvadrat", "quintaflor",
             "datahaus", "mercado-sul", "petitpont", "harbourline"]
TLDS = ["com", "org", "net", "de", "co.uk", "io", "fr", "com.br", "es", "it", "pt", "nl", "ch",
        "at", "be", "eu", "dev", "ac.uk", "com.au", "ie", "pl", "se", "app", "info"]
SUBS = ["mail", "eng", "corp", "mx", "support", "uk", "de", "intern", "lab"]


def make_email(_hint=None):
    f, l = rng.choice(FIRST), rng.choice(LAST)
    pattern = rng.randrange(11)
    if pattern == 0:
        local = "%s.%s" % (f, l)
    elif pattern == 1:
        local = "%s_%s" % (f, l)
    elif pattern == 2:
        local = "%s-%s" % (f, l)
    elif pattern == 3:
        local = f[0] + l
    elif pattern == 4:
        local = "%s.%s%d" % (f, l, rng.randint(1, 99))
    elif pattern == 5:
        local = "%s+%s" % (f, rng.choice(TAGS))
    elif pattern == 6:
        local = "%s.%s+%s" % (f, l, rng.choice(TAGS))
    elif pattern == 7:
        local = "%s%d" % (l, rng.randint(1970, 2005))
    elif pattern == 8:
        local = rng.choice(ROLES)
    elif pattern == 9:
        local = "%s.%s.%s" % (f[0], rng.choice("abcdeghjkmprst"), l)
    else:
        local = "%s.%s" % (f.capitalize(), l.capitalize())
    if rng.random() < 0.35:
        domain = rng.choice(PROVIDERS)
    else:
        domain = "%s.%s" % (rng.choice(COMPANIES), rng.choice(TLDS))
        if rng.random() < 0.4:
            domain = rng.choice(SUBS) + "." + domain
    return local + "@" + domain


PUBLIC_FIRST = [23, 31, 37, 45, 46, 62, 77, 78, 81, 85, 88, 91, 94, 104, 109, 134, 141, 145,
                151, 176, 178, 185, 188, 193, 195, 203, 212, 213, 217]


def ipv4():
    kind = rng.randrange(6)
    if kind == 0:
        return "10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randint(1, 254))
    if kind == 1:
        return "172.%d.%d.%d" % (rng.randint(16, 31), rng.randrange(256), rng.randint(1, 254))
    if kind == 2:
        return "192.168.%d.%d" % (rng.randrange(256), rng.randint(1, 254))
    if kind == 3:
        return "%s.%d" % (rng.choice(["192.0.2", "198.51.100", "203.0.113"]), rng.randint(1, 254))
    return "%d.%d.%d.%d" % (rng.choice(PUBLIC_FIRST), rng.randrange(256), rng.randrange(256),
                            rng.randint(1, 254))


def ipv6():
    kind = rng.randrange(3)
    prefix = rng.choice([[0x2001, 0x0db8], [0x2a02, 0x0810], [0x2a00, 0x1450], [0xfe80, 0],
                         [0xfd12, 0x3456], [0x2606, 0x4700], [0x2003, 0x00e1]])
    if kind == 0:
        groups = prefix + [rng.randrange(0x10000) for _ in range(6)]
        return str(ipaddress.IPv6Address(":".join("%x" % g for g in groups)).exploded)
    if kind == 1:
        groups = prefix + [rng.randrange(0x10000) for _ in range(6)]
        start = rng.randint(2, 5)
        for i in range(start, start + rng.randint(2, 3)):
            groups[i] = 0
        if rng.random() < 0.3:
            groups = prefix + [0] * 5 + [rng.randint(1, 0xff)]
        return ipaddress.IPv6Address(":".join("%x" % g for g in groups)).compressed
    v4 = rng.choice(["192.0.2", "198.51.100", "203.0.113"]) + ".%d" % rng.randint(1, 254)
    return rng.choice(["::ffff:", "64:ff9b::", "::ffff:"]) + v4


def make_ip(hint=None):
    if hint == "v4" or (hint is None and rng.random() < 0.55):
        return ipv4()
    return ipv6()


URL_SUBS = ["www", "www", "api", "docs", "shop", "app", "status", "portal", "blog", "help", ""]
PATH_WORDS = ["account", "settings", "orders", "invoices", "de", "fr", "pt-br", "kb", "articles",
              "v2", "reset-password", "downloads", "produkte", "ayuda", "prodotti", "release-notes",
              "2024", "tickets", "search", "users"]
QUERY = [("page", lambda: str(rng.randint(2, 40))), ("lang", lambda: rng.choice(["de", "fr", "es", "it"])),
         ("utm_source", lambda: rng.choice(["newsletter", "twitter", "partner"])),
         ("q", lambda: rng.choice(["winter+jacken", "reset%20pin", "tarifa", "fattura"])),
         ("id", lambda: str(rng.randint(1000, 99999))), ("sort", lambda: rng.choice(["asc", "desc"])),
         ("ref", lambda: "".join(rng.choice(HEX) for _ in range(6))), ("token", lambda: "".join(rng.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(10)))]


def make_url(_hint=None):
    scheme = "https" if rng.random() < 0.8 else "http"
    sub = rng.choice(URL_SUBS)
    host = "%s.%s" % (rng.choice(COMPANIES), rng.choice(TLDS))
    if sub:
        host = sub + "." + host
    port = ":" + str(rng.choice([8080, 8443, 3000, 9000, 5001])) if rng.random() < 0.2 else ""
    segs = [rng.choice(PATH_WORDS) for _ in range(rng.randint(0, 3))]
    if rng.random() < 0.3:
        segs.append(str(rng.randint(100, 999999)))
    if segs and rng.random() < 0.2:
        segs[-1] += rng.choice([".html", ".pdf", ".php"])
    path = "/" + "/".join(segs) if segs else rng.choice(["", "/"])
    if segs and rng.random() < 0.2 and "." not in segs[-1]:
        path += "/"
    query = ""
    if rng.random() < 0.4:
        keys = rng.sample(range(len(QUERY)), rng.randint(1, 3))
        query = "?" + "&".join("%s=%s" % (QUERY[k][0], QUERY[k][1]()) for k in keys)
    frag = "#" + rng.choice(["faq", "section-3", "L120", "pricing", "top", "comments"]) if rng.random() < 0.2 else ""
    if (query or frag) and not path:
        path = "/"
    return "%s://%s%s%s%s%s" % (scheme, host, port, path, query, frag)


# ---------------------------------------------------------------- templates
# (template, hint): hint restricts the value generator (only used for IP v4/v6).

EMAIL_T = [
    "{v} hat sich für den Newsletter angemeldet, bitte Double-Opt-in prüfen.",
    "hey, can you resend the invoice to {v}? the old address bounces",
    "Ticket #58213 – customer says password reset mails never reach {v}.",
    "From: Helpdesk <{v}>\nSubject: Re: your refund\n\nHi, we processed it today.",
    '{"user_id": 90412, "contact": "{v}", "verified": false}',
    "2024-06-03T11:22:09Z INFO mailer: delivered msg 7f3a to={v} status=250",
    "id;nome;email;cidade\n311;Joana;{v};Porto",
    "| Campo | Valor |\n|---|---|\n| Correo | {v} |\n| Estado | activo |",
    "Abteilung: Einkauf\nE-Mail: {v}\nStandort: Hamburg",
    "Pour toute question, écrivez à {v} (réponse sous 48 h).",
    "Per favore, mettete in copia {v}: gestisce lei le fatture.",
    "Mi correo nuevo es {v}, el anterior ya no funciona.",
    "Pode enviar o contrato para o e-mail \"{v}\"? Obrigado!",
    "Bounce notice: <{v}> mailbox full, retry in 4h",
    "Add {v} as a reviewer on the security doc.",
    "Contact: {v}",
    "Wir haben Ihre Anfrage erhalten und antworten an {v}.",
    "L'adresse '{v}' est déjà associée à un autre compte.",
    "git config user.email \"{v}\"",
    "CC: {v}; please keep the thread private.",
    "Registrado con {v} — si no fuiste tú, avísanos.",
    "Lembrete: a reunião foi remarcada, confirme presença respondendo para {v}!",
    "Utente segnalato: {v} (3 tentativi di accesso falliti)",
    "email,plan,seats\n{v},enterprise,25",
]

CARD_T = [
    "Card on file: {v}, exp 09/27.",
    "{v} was declined twice at checkout, customer asks why.",
    "Bitte belasten Sie die Kreditkarte {v} mit dem offenen Betrag.",
    "Le paiement par carte ({v}) a été refusé par la banque.",
    "Número de tarjeta: {v}\nCaducidad: 11/26\nTitular: L. Ortega",
    '{"payment_method": "card", "pan": "{v}", "exp_month": 4, "exp_year": 2028}',
    "2024-02-19 17:03:44 ERROR gateway: authorization failed pan={v} code=05",
    "order_id,card_number,amount\n88123,{v},149.90",
    "| Cliente | Cartão |\n|---|---|\n| Silva | {v} |",
    "pls charge my card {v} for the annual plan thx",
    "Il numero della carta è {v}, scadenza 03/29.",
    "Customer read the card number aloud on the call: {v}. Redact before sharing the recording.",
    "Kartennummer: {v}",
    "Meu cartão de crédito {v} foi clonado, preciso bloquear urgente!",
    "Refund issued to card \"{v}\" (partial).",
    "CARD={v} CVV=*** AMOUNT=59.00 EUR",
    "Veuillez noter le numéro de carte {v} pour la réservation de l'hôtel.",
    "Kreditkarte <{v}> abgelaufen?",
    "Pagamento rifiutato: carta {v}; riprovare con un altro metodo.",
    "Hi! Just used {v} to pay for order 55213, can you confirm?",
    "cartão: {v} / validade 08/30",
    "La tarjeta {v} aparece como robada en el sistema antifraude.",
]

SSN_T = [
    "Employee SSN: {v}",
    "Please confirm your Social Security number ({v}) before we release the W-2.",
    "{v} is the SSN listed on the I-9, but HR has a different one.",
    '{"employee": "R. Patel", "ssn": "{v}", "state": "NJ"}',
    "applicant_id,ssn,dob\n20931,{v},1984-07-12",
    "| Field | Value |\n|---|---|\n| SSN | {v} |",
    "2024-04-01 09:12:55 WARN export: unmasked social security number {v} in report 77",
    "Die US-Sozialversicherungsnummer (SSN) des Mitarbeiters lautet {v}.",
    "Le numéro de sécurité sociale américain (SSN) {v} figure sur le formulaire.",
    "Su número de Seguro Social (SSN) es {v}; no lo comparta.",
    "O SSN do cliente americano é {v}, conforme o formulário W-9.",
    "Il numero di previdenza sociale USA (SSN) del dipendente è {v}.",
    "my social security # is {v} lol don't tell anyone",
    "SSN {v} — verified against SSA records.",
    "Tax form shows social security no. \"{v}\" for the dependent.",
    "Social Security Number: {v}\nFiling status: single",
    "Can you mask the SSN in ticket 4471? it says {v}",
    "ssn=<{v}> matched 2 rows",
    "Identity check failed: SSN {v} does not match the name on file.",
    "Nos envió su social security number, {v}, por chat.",
]

IBAN_T = [
    "IBAN: {v}",
    "Bitte überweisen Sie den Betrag auf das Konto {v} (Verwendungszweck: Rechnung 2024-117).",
    "Merci d'effectuer le virement sur l'IBAN {v} avant le 15 mars.",
    "Nuestra cuenta para transferencias: {v}.",
    "O reembolso será feito para o IBAN {v}, certo?",
    "Coordinate bancarie: IBAN {v}, intestato a Rossi S.r.l.",
    '{"beneficiary": "Nordlicht GmbH", "iban": "{v}", "currency": "EUR"}',
    "supplier;iban;terms\nNordlicht AG;{v};30 days",
    "| Lieferant | IBAN |\n|---|---|\n| Weber KG | {v} |",
    "{v} is the new payout account, please update the vendor record.",
    "payout failed: iban={v} reason=ACCOUNT_CLOSED",
    "Can you double-check the IBAN \"{v}\"? The bank says it's unknown.",
    "Account holder: J. Murphy\nIBAN: {v}\nReference: rent March",
    "Salary goes to {v} from next month on.",
    "Rekening: {v} (ten name van P. de Vries)",
    "Bankverbindung <{v}>, bitte nicht weitergeben.",
    "Le RIB joint indique {v} ; pouvez-vous confirmer ?",
    "Hola, te paso mi IBAN para la transferencia: {v}",
    "SEPA mandate signed for {v} - first debit on the 1st.",
    "Por favor confirme os dados: {v}; titular Ana Costa.",
    "Gentile cliente, l'addebito su {v} non è andato a buon fine.",
    "Refund → {v}",
]

IP_T = [
    ("Failed SSH login from {v} (user root, 5 attempts).", None),
    ("{v} - - [12/Mar/2024:10:15:32 +0000] \"GET /api/items HTTP/1.1\" 200 512", None),
    ("Der Server ist unter {v} erreichbar, Port 8443.", None),
    ("Connexion refusée depuis l'adresse {v}.", None),
    ("La IP de la impresora es {v}, reiníciala si falla.", None),
    ("O firewall bloqueou o IP {v} por excesso de requisições.", None),
    ("L'indirizzo IP {v} risulta nella blacklist.", None),
    ('{"event": "login", "src_ip": "{v}", "ok": true}', None),
    ("timestamp,src,action\n2024-05-02T08:00:01Z,{v},DENY", None),
    ("| Host | Address |\n|---|---|\n| db-01 | {v} |", None),
    ("hostname: web-02\naddress: {v}\nrole: frontend", None),
    ("ping {v} times out since the reboot", None),
    ("Add {v} to the allowlist please.", None),
    ("rate limit exceeded for client <{v}>", None),
    ("Our VPN gateway moved to {v}; update your client profiles.", None),
    ("nameserver {v}", None),
    ("Jan 14 03:22:17 fw01 kernel: DROP IN=eth0 SRC={v} PROTO=TCP DPT=22", None),
    ("Can someone explain why traffic to \"{v}\" spikes at midnight?", None),
    ("Angreifer-IP: {v}. Bitte sperren.", None),
    ("Proxy läuft auf {v}:3128, bitte im Browser eintragen.", "v4"),
    ("upstream {v}:8080 timed out (110)", "v4"),
    ("connect to [{v}]:443 failed: network unreachable", "v6"),
    ("El router anuncia el prefijo; la dirección asignada es {v}.", "v6"),
]

URL_T = [
    "Docs are here: {v}",
    "See {v} for the full changelog.",
    "{v} returns a 502 since this morning.",
    "Die Anleitung findest du unter {v}.",
    "Lien de réinitialisation : {v} (valable 24 h).",
    "Puedes ver el pedido en {v}, allí aparece el estado.",
    "Acesse {v} para emitir a segunda via do boleto.",
    "Il modulo è disponibile qui: {v}!",
    "Details in the [release notes]({v}).",
    "Unsubscribe: <{v}>",
    '{"callback_url": "{v}", "retries": 3}',
    "id,url,status\n17,{v},404",
    "| Service | Endpoint |\n|---|---|\n| billing | {v} |",
    "2024-03-09T22:10:05Z ERROR fetch {v} failed: timeout after 30s",
    "webhook: {v}\nsecret: (rotated)\nenabled: yes",
    "Check out this thread (\"{v}\") before replying.",
    "Weiterleitung auf {v} funktioniert nicht mehr?",
    "Le formulaire ({v}) plante sous Safari.",
    "redirect_uri={v} rejected by auth server",
    "Me mandaron este enlace: {v} ¿es phishing?",
    "Ho salvato il link '{v}' nei preferiti.",
]

SINGLE = {
    "EMAIL": (make_email, [(t, None) for t in EMAIL_T]),
    "CREDIT_CARD": (make_card, [(t, None) for t in CARD_T]),
    "SSN": (make_ssn, [(t, None) for t in SSN_T]),
    "IBAN": (make_iban, [(t, None) for t in IBAN_T]),
    "IP_ADDRESS": (make_ip, IP_T),
    "URL": (make_url, [(t, None) for t in URL_T]),
}

MAKERS = {k: v[0] for k, v in SINGLE.items()}

# Two entities of different types: {a} is the first type, {b} the second.
PAIRS = [
    (("EMAIL", "URL"), [
        "Sign-up from {a} via the landing page {b}.",
        "Bitte bestätige {a} über den Link {b}",
        '{"email": "{a}", "profile": "{b}"}',
    ]),
    (("URL", "IP_ADDRESS"), [
        "GET {a} from {b} took 4.2s",
        "Le domaine de {a} pointe maintenant vers {b}.",
        "health check {a} failed; backend {b} marked down",
    ]),
    (("IP_ADDRESS", "SSN"), [
        "Audit: the record with SSN {b} was viewed from {a}.",
        "2024-01-05 10:00:00 ALERT export of social security number {b} by host {a}",
        "Acceso desde {a} a la ficha con SSN {b}.",
    ]),
    (("SSN", "IBAN"), [
        "Onboarding form: SSN {a}, payout IBAN {b}.",
        "Personalakte: Social Security No. {a}; Gehaltskonto {b}.",
        '{"ssn": "{a}", "iban": "{b}"}',
    ]),
    (("IBAN", "CREDIT_CARD"), [
        "Refund to IBAN {a} or back to the card {b}?",
        "Zahlungsarten: IBAN {a} oder Kreditkarte {b}.",
        "iban;card\n{a};{b}",
    ]),
    (("CREDIT_CARD", "EMAIL"), [
        "Receipt for card {a} sent to {b}.",
        "Le reçu de la carte {a} a été envoyé à {b}.",
        "pan={a} user={b} result=DECLINED",
    ]),
]


# ---------------------------------------------------------------- negatives

def bad_card():
    num = card_digits()
    last = str((int(num[-1]) + rng.randint(1, 9)) % 10)
    num = num[:-1] + last
    assert not luhn_ok(num)
    return card_format(num)


def bad_ssn():
    a, g, s = ssn_parts_valid()
    why = rng.randrange(5)
    if why == 0:
        a = "000"
    elif why == 1:
        a = "666"
    elif why == 2:
        a = "%03d" % rng.randint(900, 999)
    elif why == 3:
        g = "00"
    else:
        s = "0000"
    assert not ssn_ok(a, g, s)
    sep = " " if rng.random() < 0.15 else "-"
    return sep.join((a, g, s))


def bad_iban():
    good = iban_compact()
    if rng.random() < 0.5:
        cd = int(good[2:4])
        while True:
            new = rng.randint(2, 98)
            if new != cd:
                break
        bad = good[:2] + "%02d" % new + good[4:]
    else:
        places = [i for i in range(4, len(good)) if good[i].isdigit()]
        i = rng.choice(places)
        bad = good[:i] + str((int(good[i]) + rng.randint(1, 9)) % 10) + good[i + 1:]
    assert iban_mod97(bad) != 1
    return iban_format(bad)


def uuid4():
    v = rng.getrandbits(128)
    v = (v & ~(0xf << 76)) | (4 << 76)
    v = (v & ~(0x3 << 62)) | (0x2 << 62)
    h = "%032x" % v
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def hexs(k):
    return "".join(rng.choice(HEX) for _ in range(k))


def neg_text(kind):
    r = rng.randrange
    if kind == "luhn_fail":
        return rng.choice([
            "Card on file: {v}, exp 10/28.",
            "Die Kreditkarte {v} wurde abgelehnt.",
            "Numéro de carte saisi : {v} (refusé).",
            "tarjeta={v} resultado=INVALIDA",
            '{"pan": "{v}", "status": "rejected"}',
            "Cartão {v} recusado, confira os números.",
            "Carta di credito {v}: numero non valido.",
        ]).replace("{v}", bad_card())
    if kind == "ssn_invalid":
        return rng.choice([
            "SSN: {v}",
            "Applicant entered social security number {v} on the form.",
            "The SSN field says {v}, which the SSA never issues.",
            '{"ssn": "{v}", "valid": false}',
            "Número de Seguro Social (SSN): {v}",
            "Social Security No. {v} — rejected by the validator.",
            "Die SSN {v} im Formular ist ungültig.",
        ]).replace("{v}", bad_ssn())
    if kind == "iban_bad_checksum":
        return rng.choice([
            "IBAN: {v}",
            "Bitte überweisen Sie auf {v}.",
            "Virement vers l'IBAN {v} refusé par la banque.",
            "La cuenta {v} no pasa la validación.",
            '{"iban": "{v}", "error": "checksum"}',
            "IBAN do fornecedor: {v}",
            "Coordinate IBAN {v} errate, ricontrollare.",
        ]).replace("{v}", bad_iban())
    if kind == "version":
        return rng.choice([
            lambda: "Windows build 10.0.%d.%d installed overnight." % (r(19041, 22632), r(1000, 4400)),
            lambda: "Chrome %d.0.%d.%d crashes on startup." % (r(110, 127), r(5400, 6600), r(30, 220)),
            lambda: "Bitte auf Version %d.%d.%d aktualisieren." % (r(1, 20), r(0, 40), r(0, 60)),
            lambda: "Kernel 5.15.0-%d-generic läuft." % r(90, 130),
            lambda: "nginx/%d.%d.%d returned 502" % (r(1, 2), r(18, 27), r(0, 5)),
            lambda: "Firmware %d.%d.%d.%d (build %d)" % (r(1, 9), r(0, 9), r(0, 9), r(1000, 9999), r(100, 999)),
            lambda: "Unity %d.%d.%df1 est requis." % (r(2020, 2024), r(1, 4), r(1, 40)),
            lambda: "Versión v%d.%d.%d-rc.%d publicada." % (r(1, 12), r(0, 20), r(0, 20), r(1, 6)),
            lambda: "SQL Server %d.0.%d.%d aplicado." % (r(13, 17), r(4000, 5000), r(1, 9)),
            lambda: "App %d.%d (%d) disponibile su TestFlight." % (r(1, 9), r(0, 20), r(300, 2000)),
        ])()
    if kind == "order_number":
        L = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        return rng.choice([
            lambda: "Order #%s%s-%08d shipped today." % (rng.choice(L), rng.choice(L), r(10 ** 7, 10 ** 8)),
            lambda: "Bestellnr. %03d-%07d-%07d, Lieferung morgen." % (r(100, 999), r(10 ** 6, 10 ** 7), r(10 ** 6, 10 ** 7)),
            lambda: "Commande n° CMD-%d-%07d confirmée." % (r(2019, 2025), r(10 ** 6)),
            lambda: "Pedido #%d confirmado." % r(10 ** 8, 10 ** 9),
            lambda: "Ordine n. %d/IT/%06d in lavorazione." % (r(2019, 2025), r(10 ** 5)),
            lambda: "PO %d received by warehouse." % r(4500000000, 4599999999),
            lambda: "invoice INV-%d-%06d is overdue" % (r(2019, 2025), r(10 ** 5)),
            lambda: "A encomenda %d-%05d saiu para entrega." % (r(10, 99), r(10 ** 4, 10 ** 5)),
        ])()
    if kind == "tracking_number":
        return rng.choice([
            lambda: "UPS tracking 1Z%s%s%s%02d%08d" % (hexs(3).upper(), rng.choice("ABCDEFX"), rng.choice("ABCDEFX"), r(100), r(10 ** 8)),
            lambda: "USPS: %s" % " ".join([("94%02d" % r(100))] + ["%04d" % r(10000) for _ in range(4)] + ["%02d" % r(100)]),
            lambda: "Sendungsnummer JJD%018d" % r(10 ** 17, 10 ** 18),
            lambda: "Royal Mail RR%09dGB" % r(10 ** 8, 10 ** 9),
            lambda: "FedEx %04d %04d %04d" % (r(10000), r(10000), r(10000)),
            lambda: "Colis DPD %04d %04d %04d %02d en transit." % (r(10000), r(10000), r(10000), r(100)),
            lambda: "Seguimiento Correos: PQ4%s%013dX" % ("".join(rng.choice("ABCDEFGH") for _ in range(3)), r(10 ** 12, 10 ** 13)),
            lambda: "Código de rastreio: LB%09dBR" % r(10 ** 8, 10 ** 9),
        ])()
    if kind == "date_time":
        y, mo, d, h, mi, s = r(2015, 2030), r(1, 13), r(1, 29), r(24), r(60), r(60)
        return rng.choice([
            "Created %04d-%02d-%02dT%02d:%02d:%02d+01:00" % (y, mo, d, h, mi, s),
            "Termin am %02d.%02d.%04d um %02d:%02d Uhr." % (d, mo, y, h, mi),
            "Meeting moved to %02d/%02d/%04d %d:%02d PM." % (mo, d, y, r(1, 13), mi),
            "Le rendez-vous est le %02d/%02d/%04d à %02dh%02d." % (d, mo, y, h, mi),
            "Last-Modified: %s, %02d %s %04d %02d:%02d:%02d GMT" % (
                datetime.date(y, mo, d).strftime("%a"), d, datetime.date(y, mo, d).strftime("%b"), y, h, mi, s),
            "backup_%04d%02d%02d-%02d%02d%02d.tar finished" % (y, mo, d, h, mi, s),
            "Scadenza: %02d-%02d-%04d, ore %02d:%02d" % (d, mo, y, h, mi),
            "ts=%04d-%02d-%02d %02d:%02d:%02d.%06d level=info" % (y, mo, d, h, mi, s, r(10 ** 6)),
        ])
    if kind == "amount":
        return rng.choice([
            lambda: "Total due: $%d,%03d.%02d" % (r(1, 99), r(1000), r(100)),
            lambda: "Rechnungsbetrag: %d.%03d,%02d €" % (r(1, 99), r(1000), r(100)),
            lambda: "Montant : %d %03d,%02d EUR" % (r(1, 99), r(1000), r(100)),
            lambda: "Valor: R$ %d.%03d.%03d,%02d" % (r(1, 9), r(1000), r(1000), r(100)),
            lambda: "Saldo pendiente: %d.%03d.%03d,%02d COP" % (r(1, 99), r(1000), r(1000), r(100)),
            lambda: "Preis: CHF %d'%03d.%02d" % (r(1, 99), r(1000), r(100)),
            lambda: "Budget approved: USD %d,%03d,%03d.00" % (r(1, 9), r(1000), r(1000)),
            lambda: "Importo: € %d.%03d,%02d (IVA inclusa)" % (r(1, 99), r(1000), r(100)),
        ])()
    if kind == "uuid":
        return rng.choice([
            "request_id=%s status=500",
            "Korrelations-ID: %s",
            "Objet %s supprimé.",
            '{"trace_id": "%s", "span": 3}',
            "No se encontró el recurso %s.",
        ]) % uuid4()
    if kind == "hash_hex":
        return rng.choice([
            lambda: "sha256:%s" % hexs(64),
            lambda: "Commit %s fixed the regression." % hexs(rng.choice([7, 8, 10, 12])),
            lambda: "MD5 (setup.exe) = %s" % hexs(32),
            lambda: "Prüfsumme (SHA-1): %s" % hexs(40),
            lambda: "etag=\"%s\"" % hexs(32),
            lambda: "Le hash du fichier est %s." % hexs(64).upper(),
        ])()
    if kind == "not_email":
        h = rng.choice(FIRST) + rng.choice(["", "_" + rng.choice(LAST), str(r(10, 99))])
        return rng.choice([
            "Mail to %s@localhost bounced (no MX)." % h,
            "root@db%02d:~$ systemctl restart postgres" % r(1, 20),
            "thanks @%s for the review!" % h,
            "Form validation: \"%s@%s\" is not a valid address." % (h[0], rng.choice("bcdxyz")),
            "ping @%s-team when the deploy is done" % rng.choice(["devops", "infra", "payments", "qa", "mobile"]),
            "cargo add serde@1.0.%d" % r(150, 210),
            "npm install @types/node@%d.%d.%d" % (r(16, 22), r(0, 12), r(0, 30)),
            "Das Feld enthielt nur \"%s@\" ohne Domain." % h,
            "ssh %s@build-runner-%d" % (rng.choice(["deploy", "ci", "ops"]), r(1, 40)),
            "Escribió %s@empresa sin dominio completo." % h,
            "@%s public %s()" % (rng.choice(["Override", "Deprecated", "Test"]), rng.choice(["String toString", "void setUp", "int hashCode", "void run"])),
            "Obrigado, @%s! Vou revisar hoje." % h,
        ])
    if kind == "isbn":
        if rng.random() < 0.6:
            body = rng.choice(["978", "979"]) + digits(9)
            full = body + isbn13_check(body)
            if rng.random() < 0.5:
                g = rng.randint(1, 2)
                p = rng.randint(2, 4)
                text_isbn = "-".join([full[:3], full[3:3 + g], full[3 + g:3 + g + p], full[3 + g + p:12], full[12]])
            else:
                text_isbn = full
        else:
            body = digits(9)
            full = body + isbn10_check(body)
            text_isbn = "-".join([full[0], full[1:4], full[4:9], full[9]])
        return rng.choice([
            "ISBN %s",
            "ISBN-13: %s (Taschenbuch)",
            "Réf. ouvrage : ISBN %s",
            "Libro pedido, ISBN %s.",
            "Il volume (ISBN %s) è esaurito.",
        ]) % text_isbn
    raise ValueError(kind)


# ---------------------------------------------------------------- conservative scanner

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
SCHEME_RE = re.compile(r"(?i)[a-z][a-z0-9+.-]*://|\bwww\.")
DOMAIN_RE = re.compile(r"(?i)\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|de|fr|es|it|pt|uk|br|nl|be|at|ch|eu|dev|app|info|co|me|ie|pl|se|au)\b")
DOTTED_RE = re.compile(r"\d+(?:\.\d+)+")
COLON_RE = re.compile(r"[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")
DIGIT_RUN_RE = re.compile(r"(?<![0-9A-Za-z])\d+(?:[ -]\d+)*(?![0-9A-Za-z])")
SSN_RE = re.compile(r"(?<!\d)(\d{3})[- ]?(\d{2})[- ]?(\d{4})(?!\d)")
IBAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,32}")


def scan(text):
    """Anything that might be one of the six types, judged generously (so a clean result is
    strong evidence that a negative holds none)."""
    hits = []
    for m in EMAIL_RE.finditer(text):
        hits.append(("EMAIL", m.group()))
    for m in SCHEME_RE.finditer(text):
        hits.append(("URL", m.group()))
    for m in DOMAIN_RE.finditer(text):
        hits.append(("URL?", m.group()))
    for m in DOTTED_RE.finditer(text):
        parts = m.group().split(".")
        for i in range(len(parts) - 3):
            w = parts[i:i + 4]
            if all(len(p) <= 3 and int(p) <= 255 for p in w):
                hits.append(("IP_ADDRESS", ".".join(w)))
    for m in COLON_RE.finditer(text):
        tok = m.group()
        if tok.count(":") < 2:
            continue
        if "::" in tok:
            hits.append(("IP_ADDRESS", tok))
            continue
        try:
            ipaddress.ip_address(tok.strip(".:"))
            hits.append(("IP_ADDRESS", tok))
        except ValueError:
            pass
    for m in DIGIT_RUN_RE.finditer(text):
        groups = re.split(r"[ -]", m.group())
        for i in range(len(groups)):
            for j in range(i + 1, len(groups) + 1):
                d = "".join(groups[i:j])
                if 13 <= len(d) <= 19 and luhn_ok(d):
                    hits.append(("CREDIT_CARD", d))
    for m in SSN_RE.finditer(text):
        if ssn_ok(*m.groups()):
            hits.append(("SSN", m.group()))
    for m in IBAN_RE.finditer(text):
        compact = m.group().replace(" ", "")
        cands = [compact]
        L = IBAN_LENGTHS.get(compact[:2])
        if L and len(compact) >= L:
            cands.append(compact[:L])
        for c in cands:
            if iban_mod97(c) == 1:
                hits.append(("IBAN", c))
    return hits


def value_valid(etype, v):
    if etype == "CREDIT_CARD":
        d = re.sub(r"[ -]", "", v)
        shapes = (len(d) == 16 and d[0] == "4") or (len(d) == 16 and 51 <= int(d[:2]) <= 55) or \
                 (len(d) == 16 and 2221 <= int(d[:4]) <= 2720) or (len(d) == 15 and d[:2] in ("34", "37")) or \
                 (len(d) == 16 and (d.startswith("6011") or d.startswith("65")))
        return d.isdigit() and shapes and luhn_ok(d)
    if etype == "SSN":
        m = re.fullmatch(r"(\d{3})([- ])(\d{2})\2(\d{4})", v)
        return bool(m) and ssn_ok(m.group(1), m.group(3), m.group(4))
    if etype == "IBAN":
        c = v.replace(" ", "")
        return IBAN_LENGTHS.get(c[:2]) == len(c) and iban_mod97(c) == 1
    if etype == "EMAIL":
        return EMAIL_RE.fullmatch(v) is not None
    if etype == "IP_ADDRESS":
        try:
            ipaddress.ip_address(v)
            return True
        except ValueError:
            return False
    if etype == "URL":
        u = urllib.parse.urlsplit(v)
        return u.scheme in ("http", "https") and "." in u.hostname and not v[-1] in ".,;:!?)'\""
    raise ValueError(etype)


# ---------------------------------------------------------------- build

def cycle(items, count):
    out = []
    while len(out) < count:
        batch = list(items)
        rng.shuffle(batch)
        out.extend(batch)
    return out[:count]


def positive(text, entities):
    for etype, v in entities:
        assert value_valid(etype, v), (etype, v)
        assert v in text, (v, text)
    masked = text
    for _, v in entities:
        masked = masked.replace(v, "VALUE")
    assert not scan(masked), (scan(masked), text)
    entities = sorted(entities, key=lambda e: text.index(e[1]))
    return {"text": text, "entities": [{"type": t, "value": v} for t, v in entities], "kind": "positive"}


def main():
    records = []
    for etype, (make, templates) in SINGLE.items():
        for tpl, hint in cycle(templates, SINGLES_PER_TYPE):
            v = make(hint)
            records.append(positive(tpl.replace("{v}", v), [(etype, v)]))
    for (ta, tb), templates in PAIRS:
        for tpl in cycle(templates, PAIR_LINES_PER_PAIR):
            a, b = MAKERS[ta](None), MAKERS[tb](None)
            records.append(positive(tpl.replace("{a}", a).replace("{b}", b), [(ta, a), (tb, b)]))
    for kind, count in NEGATIVE_COUNTS.items():
        for _ in range(count):
            for _attempt in range(100):
                text = neg_text(kind)
                if not scan(text):
                    break
            else:
                raise AssertionError("no clean negative for " + kind)
            records.append({"text": text, "entities": [], "kind": kind})
    rng.shuffle(records)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), OUT_NAME)
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print("wrote %d records to %s" % (len(records), path))


if __name__ == "__main__":
    main()
