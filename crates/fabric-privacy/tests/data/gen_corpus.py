#!/usr/bin/env python3
"""Generates tests/data/corpus.jsonl: a labelled PII corpus for fabric-privacy.

Deterministic (fixed seed); run from anywhere:  python3 tests/data/gen_corpus.py
Each line: {"text": ..., "locale": ..., "entities": [{"type": ..., "value": ...}]}.
Values are valid by construction (Luhn-valid cards with real issuer prefixes, IBANs with
correct check digits, SSNs in valid ranges, RFC 5737 / RFC 3849 documentation addresses,
fictional 555-01xx phone lines, reserved example domains). Negatives are realistic texts
with dates, times, versions, order numbers, ZIP codes, prices and numbers that look like
PII but are not.
"""

import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import national_values as nv  # noqa: E402

SEED = 20240515
rng = random.Random(SEED)

# ---------------------------------------------------------------- value generators


luhn_check_digit = nv.luhn_digit


def luhn_valid(number):
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def digits(count):
    return "".join(rng.choice("0123456789") for _ in range(count))


def group(chars, sep=" ", size=4):
    return sep.join(chars[i:i + size] for i in range(0, len(chars), size))


ISSUERS = [
    ("4", 16, "Visa"), ("4", 16, "Visa"), ("51", 16, "Mastercard"), ("55", 16, "Mastercard"),
    ("2221", 16, "Mastercard"), ("2720", 16, "Mastercard"), ("34", 15, "Amex"),
    ("37", 15, "Amex"), ("6011", 16, "Discover"), ("65", 16, "Discover"),
    ("3528", 16, "JCB"), ("3589", 16, "JCB"), ("36", 14, "Diners"), ("62", 16, "UnionPay"),
]


def card():
    prefix, length, _ = rng.choice(ISSUERS)
    payload = prefix + digits(length - len(prefix) - 1)
    number = payload + luhn_check_digit(payload)
    style = rng.randrange(3)
    if style == 0:
        return number
    sep = " " if style == 1 else "-"
    if length == 15:
        return sep.join([number[:4], number[4:10], number[10:]])
    if length == 14:
        return sep.join([number[:4], number[4:10], number[10:]])
    return group(number, sep)


def not_luhn_16():
    while True:
        number = rng.choice("4536") + digits(15)
        if not luhn_valid(number):
            return number


IBAN_LAYOUTS = {
    "DE": "n18", "GB": "a4n14", "FR": "n23", "ES": "n20", "NL": "a4n10", "IT": "a1n22",
    "BE": "n12", "CH": "n17", "AT": "n16", "IE": "a4n14", "PT": "n21", "PL": "n24",
}


def iban_check(country, bban):
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    return "%02d" % (98 - number % 97)


def iban(country=None, grouped=None):
    country = country or rng.choice(sorted(IBAN_LAYOUTS))
    layout = IBAN_LAYOUTS[country]
    bban = ""
    for part in layout.replace("a", " a").replace("n", " n").split():
        kind, count = part[0], int(part[1:])
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if kind == "a" else "0123456789"
        bban += "".join(rng.choice(alphabet) for _ in range(count))
    value = country + iban_check(country, bban) + bban
    if grouped is None:
        grouped = rng.random() < 0.6
    return group(value) if grouped else value


def bad_iban():
    value = iban(grouped=False)
    check = int(value[2:4])
    wrong = "%02d" % ((check - 2 + 7) % 97 + 2)
    return value[:2] + wrong + value[4:]


def ssn(style=None):
    while True:
        area = rng.randrange(1, 900)
        if area != 666:
            break
    number = "%03d%02d%04d" % (area, rng.randrange(1, 100), rng.randrange(1, 10000))
    style = style or rng.choice(["-", "-", "-", " "])
    if style == "bare":
        return number
    return style.join([number[:3], number[3:5], number[5:]])


def invalid_ssn():
    kind = rng.randrange(5)
    if kind == 0:
        return "000-%02d-%04d" % (rng.randrange(1, 100), rng.randrange(1, 10000))
    if kind == 1:
        return "666-%02d-%04d" % (rng.randrange(1, 100), rng.randrange(1, 10000))
    if kind == 2:
        return "%03d-%02d-%04d" % (rng.randrange(900, 1000), rng.randrange(1, 100), rng.randrange(1, 10000))
    if kind == 3:
        return "%03d-00-%04d" % (rng.randrange(1, 900), rng.randrange(1, 10000))
    return "%03d-%02d-0000" % (rng.randrange(1, 666), rng.randrange(1, 100))


US_AREAS = ["212", "415", "206", "312", "617", "303", "512", "646", "713", "404", "202", "305"]


def nanp():
    area = rng.choice(US_AREAS)
    line = "01%02d" % rng.randrange(0, 100)
    return rng.choice([
        "(%s) 555-%s", "%s-555-%s", "%s.555.%s", "+1 %s 555 %s", "+1-%s-555-%s", "1-%s-555-%s",
        "(%s) 555 %s",
    ]) % (area, line)


def intl_phone(locale):
    if locale == "en-GB":
        return rng.choice([
            "+44 20 7946 0%03d" % rng.randrange(1000),
            "+44 7700 900%03d" % rng.randrange(1000),
            "+44 (0)20 7946 0%03d" % rng.randrange(1000),
            "+44 161 496 0%03d" % rng.randrange(1000),
        ])
    if locale == "de":
        return rng.choice([
            "+49 30 %d" % rng.randrange(100000, 999999),
            "+49 151 %d" % rng.randrange(10000000, 99999999),
            "+49 89 %d %d" % (rng.randrange(1000, 9999), rng.randrange(1000, 9999)),
            "+49-40-%d" % rng.randrange(1000000, 9999999),
        ])
    if locale == "fr":
        return "+33 %d %02d %02d %02d %02d" % (
            rng.choice([1, 6, 7]), rng.randrange(100), rng.randrange(100), rng.randrange(100),
            rng.randrange(100))
    if locale == "es":
        return rng.choice([
            "+34 91%d %03d %03d" % (rng.randrange(10), rng.randrange(1000), rng.randrange(1000)),
            "+34 6%02d %02d %02d %02d" % (rng.randrange(100), rng.randrange(100),
                                         rng.randrange(100), rng.randrange(100)),
        ])
    return nanp()


def phone(locale):
    if locale == "en-US" or rng.random() < 0.15:
        return nanp()
    return intl_phone(locale)


FIRST = ["jane", "john", "maria", "li", "oliver", "amelie", "jose", "priya", "lukas", "chloe",
         "sofia", "mateo", "emma", "noah", "hannah", "pierre", "lucia", "ahmed", "yuki", "sam"]
LAST = ["doe", "smith", "garcia", "mueller", "dupont", "chen", "kaur", "okafor", "schmidt",
        "martin", "lopez", "nguyen", "brown", "fischer", "bernard", "fernandez", "taylor"]
DOMAINS = {
    "en-US": ["example.com", "example.org", "mail.example.com", "corp.example.net"],
    "en-GB": ["example.co.uk", "example.org", "nhs.example.uk"],
    "de": ["example.de", "firma.example.com", "example.org"],
    "fr": ["example.fr", "societe.example.com", "example.net"],
    "es": ["example.es", "empresa.example.com", "example.org"],
}


def email(locale):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    local = rng.choice([
        "%s.%s" % (first, last), "%s%d" % (first, rng.randrange(1, 99)), "%s_%s" % (first, last),
        "%s.%s+notes" % (first, last), "%s%s" % (first[0], last), "%s-%s" % (first, last),
    ])
    if rng.random() < 0.1:
        local = local.capitalize()
    return "%s@%s" % (local, rng.choice(DOMAINS[locale]))


def ipv4():
    prefix = rng.choice(["192.0.2", "198.51.100", "203.0.113", "10.0.0", "10.12.4",
                         "172.16.30", "192.168.1", "192.168.0"])
    return "%s.%d" % (prefix, rng.randrange(1, 255))


def ipv6():
    kind = rng.randrange(6)
    h = lambda: "%x" % rng.randrange(1, 0xffff)
    if kind == 0:
        return "2001:db8::%s" % h()
    if kind == 1:
        return "2001:db8:%s:%s::%s" % (h(), h(), h())
    if kind == 2:
        return "2001:0db8:" + ":".join("%04x" % rng.randrange(0x10000) for _ in range(6))
    if kind == 3:
        return "fe80::%s:%s:%s:%s" % (h(), h(), h(), h())
    if kind == 4:
        return "::ffff:192.0.2.%d" % rng.randrange(1, 255)
    return "2001:db8:%s::%s:%s" % (h(), h(), h())


def ip():
    return ipv4() if rng.random() < 0.6 else ipv6()


PATHS = ["docs/setup", "tickets/4821", "wiki/Onboarding", "share?id=a81f", "reset-password",
         "kb/article/123", "orders/2024/10023?ref=mail", "status", "blog/2024/03/release-notes",
         "s/AbC9xZ", "files/report.pdf"]


def url(locale):
    host = rng.choice(["example.com", "www.example.org", "portal.example.net", "app.example.de",
                       "intranet.example.fr", "help.example.es", "example.co.uk"])
    path = rng.choice(PATHS)
    kind = rng.randrange(4)
    if kind == 0:
        return "https://%s/%s" % (host, path)
    if kind == 1:
        return "http://%s/%s" % (host, path)
    if kind == 2:
        return "https://%s" % host
    return "www.example.%s/%s" % (rng.choice(["com", "org", "net"]), path)


# ---------------------------------------------------------------- templates

# Positive templates per locale and type. {v} is the value.
POSITIVE = {
    "EMAIL": {
        "en-US": ["Please reach me at {v} if anything changes.", "User email updated to {v}",
                  "cc {v} on the next status update", "Customer {v} asked about the refund.",
                  "Forwarded the invoice to {v}.", "Remember: Sarah's work address is {v}"],
        "en-GB": ["Drop me a line at {v}, cheers.", "Contact address on file: {v}",
                  "Her new email is {v} (personal)."],
        "de": ["Bitte schreiben Sie an {v}.", "Neue E-Mail-Adresse des Kunden: {v}",
               "Kontakt: {v}, Rückmeldung bis Freitag."],
        "fr": ["Écrivez-moi à {v} pour la suite.", "Adresse e-mail du client : {v}",
               "Merci de répondre à {v} avant lundi."],
        "es": ["Escríbeme a {v} cuando puedas.", "Correo del cliente: {v}",
               "Mándale el presupuesto a {v}."],
    },
    "PHONE": {
        "en-US": ["Call me at {v} after 5pm.", "Customer phone: {v}", "Mobile {v}, prefers text.",
                  "Left a voicemail at {v} regarding ticket 4471.", "You can reach support on {v}."],
        "en-GB": ["Ring me on {v} tomorrow.", "Phone number on the account: {v}",
                  "Her mobile is {v}, ok to text."],
        "de": ["Rufen Sie mich unter {v} an.", "Telefon: {v}", "Handynummer des Kunden: {v}"],
        "fr": ["Appelez-moi au {v} demain matin.", "Téléphone du client : {v}",
               "Mon portable : {v}"],
        "es": ["Llámame al {v} por la tarde.", "Teléfono del cliente: {v}", "Móvil: {v}"],
    },
    "SSN": {
        "en-US": ["SSN on file: {v}", "Employee social security number {v} needs verification.",
                  "Tax form lists {v} as the SSN.", "Applicant provided {v} for the background check.",
                  "Verified identity with SSN {v} today."],
    },
    "CREDIT_CARD": {
        "en-US": ["Card on file: {v}, exp 09/27.", "Charge the Visa {v} for the renewal.",
                  "Customer paid with {v}.", "Payment method updated to card {v}"],
        "en-GB": ["Card number {v}, expiry 11/26.", "Please refund to card {v}."],
        "de": ["Kreditkarte: {v}, gültig bis 03/28.", "Zahlung mit Karte {v} fehlgeschlagen."],
        "fr": ["Numéro de carte : {v}", "Paiement par carte {v} refusé."],
        "es": ["Tarjeta: {v}, caduca 05/27.", "Pago con la tarjeta {v} confirmado."],
    },
    "IBAN": {
        "en-US": ["Wire the deposit to IBAN {v}.", "Vendor bank account: {v}"],
        "en-GB": ["Please transfer to IBAN {v} by Friday.", "Account details: {v}"],
        "de": ["Bitte überweisen Sie auf IBAN {v}.", "Kontoverbindung: {v}",
               "Neue Bankverbindung des Lieferanten: {v}"],
        "fr": ["Merci de faire le virement sur l'IBAN {v}.", "RIB du fournisseur : {v}"],
        "es": ["Haz la transferencia a la cuenta {v}.", "IBAN del proveedor: {v}"],
    },
    "IP_ADDRESS": {
        "en-US": ["Login from {v} flagged as unusual.", "The API server is at {v}.",
                  "Blocked traffic from {v} after the alert.", "ssh admin@bastion then hop to {v}",
                  "Customer's router reported address {v}"],
        "en-GB": ["Failed logins from {v} overnight.", "Gateway address is {v}."],
        "de": ["Zugriff von {v} blockiert.", "Der Server hat die Adresse {v}."],
        "fr": ["Connexion suspecte depuis {v}.", "Adresse IP du serveur : {v}"],
        "es": ["Acceso bloqueado desde {v}.", "La IP del servidor es {v}."],
    },
    "URL": {
        "en-US": ["Docs are at {v} if you need them.", "Shared the link {v} in the channel.",
                  "Reset your password here: {v}", "See {v} for details."],
        "en-GB": ["Have a look at {v} when you get a chance.", "Link: {v}"],
        "de": ["Die Anleitung finden Sie unter {v}.", "Link zum Dokument: {v}"],
        "fr": ["Le document est ici : {v}", "Voir {v} pour plus d'infos."],
        "es": ["El enlace es {v}", "Más información en {v}."],
    },
}

# Bare nine-digit SSNs and bare ten-digit phones count only with a context word.
CONTEXT_ONLY = [
    ("SSN", lambda: ssn("bare"), ["ssn {v}", "SSN: {v} (from the W-2)", "social security number {v}"]),
    ("PHONE", lambda: "%s555%s" % (rng.choice(US_AREAS), "01%02d" % rng.randrange(100)),
     ["phone {v}", "call {v} after lunch", "tel: {v}"]),
]

LOCALES = ["en-US", "en-GB", "de", "fr", "es"]


def random_date(locale):
    year, month, day = rng.randrange(2019, 2026), rng.randrange(1, 13), rng.randrange(1, 29)
    if locale == "en-US":
        return rng.choice(["%02d/%02d/%d" % (month, day, year), "%d-%02d-%02d" % (year, month, day)])
    if locale == "de":
        return "%02d.%02d.%d" % (day, month, year)
    return rng.choice(["%02d/%02d/%d" % (day, month, year), "%d-%02d-%02d" % (year, month, day)])


def negative(locale):
    """A realistic text with no PII, often with hard-negative numbers."""
    kind = rng.randrange(22)
    d = random_date(locale)
    t = "%d:%02d" % (rng.randrange(0, 24), rng.randrange(0, 60))
    if kind == 0:
        return {"en-US": "Meeting moved to %s at %s." % (d, t), "en-GB": "Meeting moved to %s at %s." % (d, t),
                "de": "Termin verschoben auf den %s um %s Uhr." % (d, t),
                "fr": "Réunion déplacée au %s à %s." % (d, t),
                "es": "Reunión movida al %s a las %s." % (d, t)}[locale]
    if kind == 1:
        return rng.choice(["Upgraded the app to %d.%d.%d last night." % (rng.randrange(1, 5), rng.randrange(20), rng.randrange(10)),
                           "Build v10.0.%d is on the test ring." % rng.randrange(10000, 22000),
                           "Running Windows 10.0.%d.%d on that laptop." % (rng.randrange(19041, 22631), rng.randrange(100, 4000)),
                           "Bumped the dependency from 1.%d.%d to 1.%d.0." % (rng.randrange(9), rng.randrange(9), rng.randrange(10, 20)),
                           "Firmware version %d.%d.%d.%d fixed the wifi drops." % (rng.randrange(1, 9), rng.randrange(9), rng.randrange(9), rng.randrange(99))])
    if kind == 2:
        return rng.choice(["Order #%d shipped on %s." % (rng.randrange(100000000, 999999999), d),
                           "Order %d is delayed." % rng.randrange(1000000, 9999999),
                           "Ticket #%d closed." % rng.randrange(10000, 99999),
                           "Invoice INV-%d-%05d was paid." % (rng.randrange(2019, 2026), rng.randrange(100000)),
                           "Reference number %d for your records." % rng.randrange(100000000, 999999999),
                           "PO %d approved by finance." % rng.randrange(4500000000, 4599999999)])
    if kind == 3:
        return {"en-US": "Ship to ZIP %05d or %05d-%04d." % (rng.randrange(10000, 99999), rng.randrange(10000, 99999), rng.randrange(10000)),
                "en-GB": "Postcode SW1A 1AA, London, flat %d." % rng.randrange(1, 40),
                "de": "Lieferadresse: %05d Berlin, Hausnummer %d." % (rng.randrange(10000, 14199), rng.randrange(1, 200)),
                "fr": "Livraison au %d rue de Rivoli, %05d Paris." % (rng.randrange(1, 200), rng.randrange(75001, 75020)),
                "es": "Código postal %05d, Madrid, piso %d." % (rng.randrange(28001, 28080), rng.randrange(1, 9))}[locale]
    if kind == 4:
        return {"en-US": "Total came to $%d,%03d.%02d including tax." % (rng.randrange(1, 99), rng.randrange(1000), rng.randrange(100)),
                "en-GB": "That's £%d.%02d per month." % (rng.randrange(5, 999), rng.randrange(100)),
                "de": "Der Betrag beträgt %d.%03d,%02d €." % (rng.randrange(1, 99), rng.randrange(1000), rng.randrange(100)),
                "fr": "Montant : %d %03d,%02d €" % (rng.randrange(1, 99), rng.randrange(1000), rng.randrange(100)),
                "es": "El total es %d.%03d,%02d €." % (rng.randrange(1, 99), rng.randrange(1000), rng.randrange(100))}[locale]
    if kind == 5:
        return rng.choice(["Tracking number %s, not a card." % not_luhn_16(),
                           "Batch id %s failed the import." % not_luhn_16(),
                           "Serial %s %s %s %s on the sticker." % tuple(group(not_luhn_16()).split())])
    if kind == 6:
        return rng.choice(["Employee id %d in HR system." % rng.randrange(100000000, 999999999),
                           "Account number %d at the gym." % rng.randrange(100000000, 999999999),
                           "Member %d since 2019." % rng.randrange(100000000, 999999999)])
    if kind == 7:
        return rng.choice(["Invalid test value %s from the QA sheet." % invalid_ssn(),
                           "The form rejected %s as expected." % invalid_ssn()])
    if kind == 8:
        return rng.choice(["Aspect ratio %d:%d works best." % rng.choice([(16, 9), (4, 3), (21, 9)]),
                           "Score was %d:%d at half time." % (rng.randrange(5), rng.randrange(5)),
                           "Device tag DEV-%02X%02X%02X registered." % (rng.randrange(256), rng.randrange(256), rng.randrange(256)),
                           "Timestamp 2024-%02d-%02dT%02d:%02d:%02dZ in the log." % (rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(24), rng.randrange(60), rng.randrange(60))])
    if kind == 9:
        return rng.choice(["Use std::vector instead of a raw array.", "Call fabric::Error::source() to see why.",
                           "Note: the agent should summarize before storing.", "Remember: keep it short."])
    if kind == 10:
        return rng.choice(["Commit %s fixed the flaky test." % "".join(rng.choice("0123456789abcdef") for _ in range(12)),
                           "Request id 550e8400-e29b-41d4-a716-%012x" % rng.randrange(16 ** 12),
                           "Hash sha256:%s" % "".join(rng.choice("0123456789abcdef") for _ in range(16))])
    if kind == 11:
        return rng.choice(["Bad IBAN %s bounced, check digits wrong." % bad_iban(),
                           "Cited ISO 9001 and ISO 27001 in the audit."])
    if kind == 12:
        return rng.choice(["Follow @%s%s for updates." % (rng.choice(FIRST), rng.choice(LAST)),
                           "Email format is first dot last at example dot com.",
                           "Mention me as %s@team in the doc." % rng.choice(FIRST)])
    if kind == 13:
        return rng.choice(["Call the front desk at extension %d." % rng.randrange(100, 9999),
                           "Local number 555-01%02d only works in the building." % rng.randrange(100),
                           "Room %d, floor %d." % (rng.randrange(100, 999), rng.randrange(1, 30))])
    if kind == 14:
        return rng.choice(["Population of %d,%03d,%03d in the census." % (rng.randrange(1, 99), rng.randrange(1000), rng.randrange(1000)),
                           "We processed %d records in %d.%d seconds." % (rng.randrange(1000, 99999), rng.randrange(60), rng.randrange(10)),
                           "Sprint %d velocity was %d points, up %d%%." % (rng.randrange(1, 60), rng.randrange(10, 90), rng.randrange(1, 40))])
    if kind == 15:
        return rng.choice(["Released 1.2.3 and 2.0.0-rc.1 this week.", "pip install requests==2.31.0",
                           "Chrome %d.0.%d.%d crashed on load." % (rng.randrange(100, 130), rng.randrange(5000, 7000), rng.randrange(10, 250))])
    if kind == 16:
        return rng.choice(["Dimensions 1920x1080 and 2560x1440.", "Coordinates 48.8566, 2.3522 for the venue.",
                           "ISBN 978-3-16-148410-0 is the reference book."])
    generic = {
        "en-US": ["The agent summarized the meeting notes and filed them.", "User prefers dark mode and short answers.",
                  "Remind me to water the plants on Sunday.", "The deploy went fine; no rollback needed."],
        "en-GB": ["Fancy a cuppa before the stand-up?", "The customer was chuffed with the fix.",
                  "Colour scheme approved by the design team."],
        "de": ["Der Kunde möchte eine Rückmeldung bis Freitag.", "Das Protokoll der Besprechung liegt im Wiki.",
               "Bitte die Änderungen vor dem Release prüfen."],
        "fr": ["Le client souhaite une réponse rapide.", "Compte rendu de la réunion envoyé à l'équipe.",
               "Penser à mettre à jour la documentation."],
        "es": ["El cliente pidió una respuesta antes del viernes.", "Las notas de la reunión están en la wiki.",
               "Hay que revisar los cambios antes de publicar."],
    }
    return rng.choice(generic[locale])


def positive(pii_type, locale):
    value = {
        "EMAIL": lambda: email(locale), "PHONE": lambda: phone(locale), "SSN": lambda: ssn(),
        "CREDIT_CARD": card, "IBAN": lambda: iban(), "IP_ADDRESS": ip, "URL": lambda: url(locale),
    }[pii_type]()
    template = rng.choice(POSITIVE[pii_type][locale])
    return template.replace("{v}", value), [{"type": pii_type, "value": value}]


NON_ASCII_LOCALS = ["jürgen.müller", "josé.garcía", "françois", "zoë.brontë", "søren", "łukasz.wójcik",
                    "renée", "çağla", "ñandú", "björn.ångström"]


def typed_forms():
    """Forms people type outside the canonical ones (lower-case IBANs, non-ASCII e-mail local
    parts, bare ten-digit phones, dotted card numbers), with identifier look-alikes. Drawn
    from a generator of their own, so the records above stay as they were."""
    local_rng = random.Random(20261130)
    records = []

    def add(text, entities):
        records.append({"text": text, "locale": "en-US", "entities": entities})

    for _ in range(25):
        value = iban(grouped=local_rng.random() < 0.5).lower()
        add(local_rng.choice(["pay to iban {v} please", "bank details: {v}", "sepa {v}"]).replace("{v}", value),
            [{"type": "IBAN", "value": value}])
    for _ in range(25):
        value = "%s@%s" % (local_rng.choice(NON_ASCII_LOCALS), local_rng.choice(["example.de", "example.fr", "example.com"]))
        add(local_rng.choice(["write to {v} today", "Kontakt: {v}", "cc {v} on it"]).replace("{v}", value),
            [{"type": "EMAIL", "value": value}])
    for _ in range(25):
        value = "%s%d%04d" % (local_rng.choice(US_AREAS), local_rng.randrange(200, 1000), local_rng.randrange(10000))
        add(local_rng.choice(["Ana said {v} works best.", "Notes: Ana {v}, after 5pm.", "Reach Ana at {v} tomorrow."]).replace("{v}", value),
            [{"type": "PHONE", "value": value}])
        number = "%s%d%04d" % (local_rng.choice(US_AREAS), local_rng.randrange(200, 1000), local_rng.randrange(10000))
        add(local_rng.choice(["Order {v} shipped.", "Invoice #{v} paid.", "Ticket {v} closed.", "Customer id {v} merged."]).replace("{v}", number), [])
    for _ in range(25):
        prefix, length, _ = local_rng.choice([issuer for issuer in ISSUERS if issuer[1] == 16])
        payload = prefix + "".join(local_rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
        value = group(payload + luhn_check_digit(payload), ".")
        add(local_rng.choice(["card {v} on file", "paid with {v}", "Karte {v}"]).replace("{v}", value),
            [{"type": "CREDIT_CARD", "value": value}])
    return records


NATIONAL_TEMPLATES = {
    "UK_NINO": (lambda r: nv.nino(r, r.random() < 0.5), ["NI number {v}", "National Insurance: {v}", "my NINO is {v}"]),
    "DE_TAX_ID": (lambda r: nv.de_tax_id(r, r.random() < 0.5), ["Steuer-ID {v}", "Steueridentifikationsnummer: {v}", "IdNr {v} beim Finanzamt"]),
    "FR_NIR": (lambda r: nv.fr_nir(r, True), ["numéro de sécurité sociale {v}", "NIR : {v}", "carte vitale {v}"]),
    "ES_DNI": (lambda r: nv.es_dni(r, r.choice(["dni", "nie"])), ["DNI {v}", "mi NIE es {v}", "documento {v}"]),
    "IT_FISCAL_CODE": (nv.it_fiscal_code, ["codice fiscale {v}", "CF: {v}", "il mio codice {v}"]),
    "NL_BSN": (lambda r: nv.nl_bsn(r, r.random() < 0.3), ["BSN {v}", "burgerservicenummer: {v}", "mijn BSN is {v}"]),
    "IN_AADHAAR": (lambda r: nv.aadhaar(r, r.random() < 0.7), ["Aadhaar {v}", "Aadhaar no. {v}", "UIDAI number {v}"]),
    "CA_SIN": (lambda r: nv.ca_sin(r, r.choice([" ", "-", ""])), ["SIN: {v}", "social insurance number {v}", "SIN {v} on the T4"]),
    "BR_CPF": (lambda r: nv.br_cpf(r, r.random() < 0.7), ["CPF {v}", "meu CPF: {v}", "CPF nº {v}"]),
    "CRYPTO_WALLET": (lambda r: r.choice([nv.bitcoin, nv.bech32, nv.ethereum])(r), ["send to {v}", "wallet {v}", "pay {v} in BTC/ETH"]),
    "MAC_ADDRESS": (lambda r: nv.mac(r, r.choice(["colon", "dash", "dots"])), ["MAC {v}", "device {v} joined the wifi", "hw addr {v}"]),
}


def national_forms():
    """National ids, wallet and MAC addresses (the second pass's types), from a generator of
    their own, and the same numbers without their country's word (not flagged)."""
    local_rng = random.Random(20261202)
    records = []
    for pii_type, (make, templates) in NATIONAL_TEMPLATES.items():
        for _ in range(30):
            value = make(local_rng)
            text = local_rng.choice(templates).replace("{v}", value)
            records.append({"text": text, "locale": "en-US", "entities": [{"type": pii_type, "value": value}]})
    for make in (lambda r: nv.nl_bsn(r, False), lambda r: nv.de_tax_id(r, False), lambda r: nv.aadhaar(r, False)):
        for _ in range(10):
            records.append({"text": "reference %s in the ledger" % make(local_rng), "locale": "en-US", "entities": []})
    return records


def main():
    records = []
    types = list(POSITIVE)
    # Single-entity positives: 130 per type, spread over the locales that use the type.
    for pii_type in types:
        locales = sorted(POSITIVE[pii_type])
        for index in range(130):
            locale = locales[index % len(locales)]
            text, entities = positive(pii_type, locale)
            if rng.random() < 0.3:
                text = negative(locale) + " " + text
            records.append({"text": text, "locale": locale, "entities": entities})
    # Context-only positives.
    for pii_type, make, templates in CONTEXT_ONLY:
        for _ in range(25):
            value = make()
            records.append({"text": rng.choice(templates).replace("{v}", value), "locale": "en-US",
                            "entities": [{"type": pii_type, "value": value}]})
    # Multi-entity notes.
    for index in range(150):
        locale = LOCALES[index % len(LOCALES)]
        chosen = rng.sample([t for t in types if locale in POSITIVE[t]], 2)
        parts, entities = [], []
        for pii_type in chosen:
            text, found = positive(pii_type, locale)
            parts.append(text)
            entities += found
        if rng.random() < 0.5:
            parts.insert(1, negative(locale))
        records.append({"text": " ".join(parts), "locale": locale, "entities": entities})
    # Negatives.
    for index in range(450):
        locale = LOCALES[index % len(LOCALES)]
        text = negative(locale)
        if rng.random() < 0.4:
            text += " " + negative(locale)
        records.append({"text": text, "locale": locale, "entities": []})
    records += typed_forms()
    records += national_forms()
    rng.shuffle(records)
    nv.write_jsonl("corpus.jsonl", records)


if __name__ == "__main__":
    main()
