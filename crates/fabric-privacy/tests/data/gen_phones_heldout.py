#!/usr/bin/env python3
"""Generates tests/data/phones_heldout.jsonl: phone numbers of twenty countries in their
national format (as people of that country write them), for the per-country recall gate.

Needs the `phonenumbers` package (Python port of libphonenumber):
    python3 -m venv /tmp/ph && /tmp/ph/bin/pip install phonenumbers
    /tmp/ph/bin/python tests/data/gen_phones_heldout.py
The output is committed, so the tests need no Python. Numbers are the metadata's example
numbers of fixed-line and mobile types with their last four digits redrawn (kept only when
still valid), each in a sentence with that country's own word for phone.
"""

import os
import random

import sys

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import national_values as nv  # noqa: E402

rng = random.Random(90210)

COUNTRIES = {
    "US": ["Call me at {v} after six.", "My cell is {v}."],
    "CA": ["Reach the office at {v}.", "Phone: {v}"],
    "GB": ["Ring me on {v} tomorrow.", "My mobile is {v}."],
    "DE": ["Ruf mich unter {v} an.", "Telefon: {v}"],
    "FR": ["Appelle-moi au {v} ce soir.", "Mon portable : {v}"],
    "ES": ["Llámame al {v} mañana.", "Mi teléfono es {v}."],
    "IT": ["Chiamami al {v} domani.", "Il mio cellulare è {v}."],
    "NL": ["Bel me op {v} vanavond.", "Mijn telefoonnummer is {v}."],
    "CH": ["Ruf mich unter {v} an.", "Tel. {v}"],
    "AT": ["Erreichbar unter {v}.", "Handy: {v}"],
    "BE": ["Bel me op {v}.", "Téléphone : {v}"],
    "SE": ["Ring mig på {v}.", "Mitt telefonnummer är {v}."],
    "PL": ["Zadzwoń pod numer {v}.", "Mój telefon: {v}"],
    "IE": ["Call me on {v} later.", "Mobile: {v}"],
    "IN": ["Call me on {v} today.", "My mobile number is {v}."],
    "BR": ["Me liga no {v} amanhã.", "Meu celular é {v}."],
    "MX": ["Llámame al {v}.", "Mi celular es {v}."],
    "AU": ["Give me a call on {v}.", "Mobile: {v}"],
    "JP": ["電話番号は {v} です。", "Call the Tokyo office at {v}."],
    "CN": ["请拨打 {v} 联系我。", "My phone in Beijing is {v}."],
}


def numbers(region, count):
    out = []
    for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE):
        example = phonenumbers.example_number_for_type(region, kind)
        if example is None:
            continue
        national = str(example.national_number)
        tries = 0
        while len([n for n in out if n[1] == kind]) < count // 2 and tries < 500:
            tries += 1
            candidate = national[:-4] + "%04d" % rng.randrange(10000)
            parsed = phonenumbers.parse("+%d%s" % (example.country_code, candidate))
            if phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (kind, PhoneNumberType.FIXED_LINE_OR_MOBILE):
                out.append((phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL), kind))
    return [text for text, _ in out]


def main():
    records = []
    for region, templates in COUNTRIES.items():
        for value in numbers(region, 20):
            records.append({"region": region, "text": rng.choice(templates).replace("{v}", value), "value": value})
    nv.write_jsonl("phones_heldout.jsonl", records)


if __name__ == "__main__":
    main()
