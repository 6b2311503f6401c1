#!/usr/bin/env python3
"""Generates tests/data/heldout.jsonl: the held-out split of the second pass's types (national
ids, wallet and MAC addresses), never used to tune the detector.

It differs from gen_corpus.py on purpose: its own seed, its own templates (longer sentences,
the value mid-sentence or at the end, other languages and punctuation), other number formats
where a type has several, and labelled hard negatives of each kind: version strings, order
numbers, dates, times, amounts, UUIDs, hashes, base64 blobs, and bad-checksum look-alikes of
every type (one digit or letter changed).

Each line: {"text": ..., "entities": [{"type": ..., "value": ...}], "kind": ...} where kind is
"positive" or the negative kind.   Run: python3 tests/data/gen_heldout.py
"""

import base64
import os
import random
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import national_values as nv  # noqa: E402

rng = random.Random(77031)

POSITIVES = {
    "UK_NINO": (lambda: nv.nino(rng, rng.random() < 0.4), [
        "HMRC wrote back about NI {v} and the tax code change.",
        "Payroll needs your National Insurance number ({v}) by Friday.",
        "Her NI no. is {v}, keep it out of the ticket.",
    ]),
    "DE_TAX_ID": (lambda: nv.de_tax_id(rng, rng.random() < 0.5), [
        "Bitte die steuerliche Identifikationsnummer {v} im Formular eintragen.",
        "Laut Finanzamt lautet die Steuer-IdNr. {v}.",
        "The German tax ID {v} belongs to the contractor.",
    ]),
    "FR_NIR": (lambda: nv.fr_nir(rng, rng.random() < 0.6), [
        "Son numéro de Sécurité sociale est le {v}, à ne pas diffuser.",
        "Pour la mutuelle, indiquez le NIR {v} sur la feuille.",
        "French social security number {v} for the onboarding file.",
    ]),
    "ES_DNI": (lambda: nv.es_dni(rng, rng.choice(["dni", "nie"])), [
        "Para el contrato necesitamos el DNI {v} escaneado.",
        "El titular, con NIE {v}, firmó ayer.",
        "Spanish ID {v} was on the rental form.",
    ]),
    "IT_FISCAL_CODE": (lambda: nv.it_fiscal_code(rng), [
        "Il codice fiscale del cliente è {v}, verificato.",
        "Per la fattura serve il C.F. {v} del committente.",
        "Italian tax code {v} printed on the tessera sanitaria.",
    ]),
    "NL_BSN": (lambda: nv.nl_bsn(rng, rng.random() < 0.4), [
        "Het BSN van de aanvrager is {v}; niet doorsturen.",
        "Vul je burgerservicenummer ({v}) in bij DigiD.",
        "Dutch citizen service number (BSN) {v} on the payslip.",
    ]),
    "IN_AADHAAR": (lambda: nv.aadhaar(rng, rng.random() < 0.6), [
        "KYC done with Aadhaar card {v} and PAN.",
        "Please link your Aadhaar ({v}) with the bank account.",
        "UIDAI sent an OTP for Aadhaar number {v}.",
    ]),
    "CA_SIN": (lambda: nv.ca_sin(rng, rng.choice([" ", "-"])), [
        "Your Social Insurance Number {v} is needed for the T4 slip.",
        "Employer asked for the SIN {v} before payroll.",
        "Numéro d'assurance sociale {v} pour Service Canada.",
    ]),
    "BR_CPF": (lambda: nv.br_cpf(rng, rng.random() < 0.8), [
        "O CPF do titular é {v}, confirmado na Receita.",
        "Nota fiscal emitida para o CPF {v}.",
        "Brazilian taxpayer id (CPF) {v} on the invoice.",
    ]),
    "CRYPTO_WALLET": (lambda: rng.choice([nv.bitcoin, nv.bech32, nv.ethereum])(rng), [
        "Refund the deposit to {v} once the chain confirms.",
        "His cold wallet is {v}, do not share.",
        "Donations: {v}",
    ]),
    "MAC_ADDRESS": (lambda: nv.mac(rng, rng.choice(["colon", "dash", "dots"])), [
        "The DHCP lease for {v} expired overnight.",
        "Whitelist the printer's hardware address {v} on the switch.",
        "ARP table shows {v} on port 12.",
    ]),
}


def changed(value):
    """One digit or letter of `value` changed: a look-alike that fails its check."""
    places = [i for i, c in enumerate(value) if c.isalnum()]
    i = rng.choice(places[2:] if len(places) > 4 else places)
    c = value[i]
    if c.isdigit():
        new = str((int(c) + rng.randrange(1, 10)) % 10)
    elif c.isupper():
        new = rng.choice([x for x in "ABCDEFGHJKLMNPQRSTUVWXYZ" if x != c])
    else:
        new = rng.choice([x for x in "abcdefghijkmnopqrstuvwxyz" if x != c])
    return value[:i] + new + value[i + 1:]


def negative(kind):
    if kind == "version":
        return rng.choice(["Upgraded to %d.%d.%d-beta.%d yesterday." % (rng.randrange(9), rng.randrange(30), rng.randrange(99), rng.randrange(9)),
                           "Kernel 6.%d.%d-%d-generic is running." % (rng.randrange(12), rng.randrange(50), rng.randrange(100, 999)),
                           "Pinned numpy==1.%d.%d and torch %d.%d.%d." % (rng.randrange(30), rng.randrange(9), rng.randrange(3), rng.randrange(9), rng.randrange(9))])
    if kind == "order":
        return rng.choice(["Your order %d-%07d-%07d has shipped." % (rng.randrange(100, 999), rng.randrange(10 ** 7), rng.randrange(10 ** 7)),
                           "Bestellnummer %d, Lieferung morgen." % rng.randrange(10 ** 8, 10 ** 12),
                           "Pedido nº %d confirmado." % rng.randrange(10 ** 8, 10 ** 11),
                           "Case %d escalated to tier 2." % rng.randrange(10 ** 8, 10 ** 9)])
    if kind == "date":
        return rng.choice(["Due %04d-%02d-%02d." % (rng.randrange(1990, 2030), rng.randrange(1, 13), rng.randrange(1, 29)),
                           "Am %02d.%02d.%04d beginnt der Kurs." % (rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(1990, 2030)),
                           "Born %02d/%02d/%04d in Lyon." % (rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(1940, 2010))])
    if kind == "time":
        return rng.choice(["Standup at %02d:%02d:%02d UTC." % (rng.randrange(24), rng.randrange(60), rng.randrange(60)),
                           "Elapsed %02d:%02d:%02d.%03d on the run." % (rng.randrange(24), rng.randrange(60), rng.randrange(60), rng.randrange(1000))])
    if kind == "amount":
        return rng.choice(["Paid R$ %d.%03d.%03d,%02d in total." % (rng.randrange(1, 9), rng.randrange(1000), rng.randrange(1000), rng.randrange(100)),
                           "Budget: ₹%d,%02d,%03d for the quarter." % (rng.randrange(1, 99), rng.randrange(100), rng.randrange(1000)),
                           "Invoice total %d %03d %03d,%02d EUR." % (rng.randrange(1, 9), rng.randrange(1000), rng.randrange(1000), rng.randrange(100))])
    if kind == "uuid":
        return "Trace %s failed at step %d." % (uuid.UUID(int=rng.getrandbits(128), version=4), rng.randrange(10))
    if kind == "hash":
        return rng.choice(["sha1 %s" % "".join(rng.choice("0123456789abcdef") for _ in range(40)),
                           "Block hash 0x%s." % "".join(rng.choice("0123456789abcdef") for _ in range(64)),
                           "md5: %s" % "".join(rng.choice("0123456789abcdef") for _ in range(32))])
    if kind == "base64":
        blob = base64.b64encode(bytes(rng.randrange(256) for _ in range(rng.randrange(18, 60)))).decode()
        return "Attachment payload %s (truncated)." % blob
    raise ValueError(kind)


NEGATIVE_KINDS = ["version", "order", "date", "time", "amount", "uuid", "hash", "base64"]


def main():
    records = []
    for pii_type, (make, templates) in POSITIVES.items():
        for _ in range(60):
            value = make()
            records.append({"text": rng.choice(templates).replace("{v}", value), "entities": [{"type": pii_type, "value": value}],
                            "kind": "positive"})
        # Bad-checksum look-alikes in the same sentences (types with a checksum: not a
        # NINO, a MAC or an Ethereum address in one case, where any change is another value).
        if pii_type in ("UK_NINO", "MAC_ADDRESS"):
            continue
        for _ in range(40):
            value = changed(nv.bitcoin(rng) if pii_type == "CRYPTO_WALLET" else make())
            records.append({"text": rng.choice(templates).replace("{v}", value), "entities": [], "kind": "bad_checksum"})
    for kind in NEGATIVE_KINDS:
        for _ in range(150):
            records.append({"text": negative(kind), "entities": [], "kind": kind})
    rng.shuffle(records)
    nv.write_jsonl("heldout.jsonl", records)


if __name__ == "__main__":
    main()
