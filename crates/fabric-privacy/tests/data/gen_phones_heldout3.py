#!/usr/bin/env python3
"""Held-out phone-number evaluation set #3 (generator for phones_heldout3.jsonl).

Provenance
----------
This is held-out set #3. It was written by an author who never saw the phone
detector, its source code, its training/tuning corpora or the other held-out
sets in this directory. Number drawing, formatting variants, text templates and
look-alike negatives were all designed from first principles (national
numbering plans and the way people in each country actually write numbers),
with `phonenumbers` as the only oracle.

This set must NEVER be used to tune the detector. Its figures are gates only.
If the detector misses lines here, fix the detector from first principles and
from other data -- never by editing this file, editing the jsonl, changing the
seed or regenerating the set until the numbers look better.

What it holds
-------------
* 600 positive lines: 20 regions (US CA GB DE FR ES IT NL CH AT BE SE PL IE IN
  BR MX AU JP CN) x (20 national-format + 10 international-format numbers).
  Mobile and fixed-line numbers alternate (US/CA/MX numbers are
  FIXED_LINE_OR_MOBILE in the metadata). National formats follow each
  country's usual groupings and separators (spaces, dashes, dots, slashes,
  brackets around area codes, DE `030/...`, JP `03(1234)5678`, full-width JP
  digits, BR `(11) 9 1234-5678`, IN 10-digit mobiles, ...) plus untidy
  variants (unbroken digits, odd grouping), including numbers of countries
  without a trunk prefix (ES, PL, IT, MX, BR area codes in brackets, CN
  mobiles, IN mobiles without the 0). International formats use +CC and,
  where the country dials 00 abroad, 00CC, with the spacing/punctuation seen in
  practice (`+49 (0)30 ...`, `0044 20 ...`, `+33 6 12 34 56 78`,
  `+86 139 1234 5678`, `(+41) ...`, `+1 (212) ...`, unbroken `+CC...`).
* The texts are in the styles an AI agent's memory store holds rather than
  ordinary prose: chat/SMS threads with timestamps (WhatsApp/LINE/WeChat-like
  exports), CRM CSV exports with a header row (the phone in one cell, other
  cells holding ids, dates, amounts, postcodes), YAML blocks, vCards, calendar
  invites, OCR'd business cards with line breaks, support-ticket summaries,
  voice-call transcripts and shorthand notes, mostly in the region's language
  (en, de, fr, es, it, nl, sv, pl, pt-BR, ja, zh; CA/CH/BE mix languages).
* Exactly half of the positive lines (300/600, 15 per region) contain no
  phone-related word in any language anywhere in the text (no phone, tel,
  mobile, call, number, Nummer, numero, numer, Handy, portable, 电话, 号码,
  電話, 番号, SMS, WhatsApp, vCard TEL, ...); the other half contain at least
  one. This is not marked in the jsonl.
* 200 negative lines (`"region": "NONE"`, 10 per region's locale/language):
  numeric look-alikes that are not phone numbers, in the same styles and
  languages (chat threads, CSV exports and price lists, YAML, calendar
  entries, OCR'd receipts, tickets, transcripts, notes) -- VAT/tax ids
  (USt-IdNr, P.IVA, NIP, CNPJ, GSTIN, ABN, ...), national ids (SSN, PESEL,
  CPF, personnummer, Aadhaar, 身份证, ...), IBANs/IBAN fragments and account
  numbers, order/invoice numbers, tracking numbers, amounts with thousands
  separators (`94.416.607,89 €`, `41 028 956 kr`, `CHF 57'096'916.50`),
  dates and times, postcodes with street numbers, version strings, ISBNs,
  GPS coordinates, serial numbers and IP/MAC addresses.

Line format (one JSON object per line, keys exactly these):
  {"region": "FR", "text": "...", "value": "<substring>", "format": "national"|"international"}
  {"region": "NONE", "text": "...", "value": "", "format": "negative"}
Order: positives grouped by region (in the order above), then negatives.

Guarantees checked by this script (generation retries until they hold)
---------------------------------------------------------------------
* Each positive value is exactly one number: `phonenumbers.parse(value,
  region)` gives a number for which `is_valid_number` is true, whose region
  is the line's region, and whose type matches the intended kind (mobile /
  fixed; FIXED_LINE_OR_MOBILE accepted). Known fictional/drama ranges (Ofcom
  drama numbers, ARCEP fiction ranges, ACMA fictitious ranges, Swedish fiction
  ranges, NANP 555) are excluded.
* The value occurs exactly once in its text.
* `phonenumbers.PhoneNumberMatcher(text, region)` (default leniency VALID)
  finds a match whose raw_string equals the value at the value's position.
* No other part of a positive text is matched: for every one of the 20
  regions, every PhoneNumberMatcher match overlaps the value's span.
* "format" is "international" iff the value starts with + / (+ / 00.
* Phone-word-free positives are checked against a conservative multilingual
  regex list; phone-word positives are checked to contain one.
* Negative texts: PhoneNumberMatcher finds no match for any of the 20 regions
  (candidates that do match somewhere are redrawn, so look-alikes that
  libphonenumber itself would take for a phone are not in the set).
* No value and no text occurs twice.
* Fixed seed; output is byte-identical across runs with the same phonenumbers.

Generated with phonenumbers 9.0.43 (Python 3.11). Other versions may draw
different numbers (validity feeds the retry loop); the script prints a warning.

How to run
----------
  pip install --user phonenumbers==9.0.43
  python3 gen_phones_heldout3.py            # writes phones_heldout3.jsonl next to this file
  python3 gen_phones_heldout3.py OUT.jsonl  # or to another path
"""

import csv
import io
import json
import os
import random
import re
import sys

import phonenumbers
from phonenumbers import PhoneNumberFormat as PNF
from phonenumbers import PhoneNumberType as PNT

SEED = 3_2024_0917
EXPECTED_PN_VERSION = "9.0.43"
REGIONS = ["US", "CA", "GB", "DE", "FR", "ES", "IT", "NL", "CH", "AT",
           "BE", "SE", "PL", "IE", "IN", "BR", "MX", "AU", "JP", "CN"]
N_NAT, N_INT, N_NEG = 20, 10, 200

# ---------------------------------------------------------------------------
# Number drawing
# ---------------------------------------------------------------------------
M, F = "mobile", "fixed"


def _p(prefixes, lens):
    return [(p, lens) for p in prefixes]


NANP_AREAS = {
    "US": ["212", "646", "415", "312", "617", "206", "303", "404", "512", "713",
           "305", "702", "919", "615", "503", "612", "215", "602", "314", "720"],
    "CA": ["416", "647", "604", "778", "514", "438", "403", "613", "780", "902",
           "306", "204", "519", "905", "418"],
}

SPECS = {
    "GB": {F: _p(["203", "207", "208", "121", "161", "131", "141", "113", "117",
                  "1223", "1865", "2890", "2920", "1632"], [10]),
           M: _p(["74", "75", "77", "78", "79"], [10])},
    "DE": {F: _p(["30", "40", "89", "69", "221", "211", "711", "351", "341",
                  "511", "6221", "911"], [10, 11]),
           M: _p(["151", "152", "157", "176"], [11]) +
              _p(["160", "170", "171", "172", "175", "177", "178", "179", "162", "163"], [10])},
    "FR": {F: _p(["1", "2", "3", "4", "5"], [9]),
           M: _p(["6", "73", "74", "75", "76", "77", "78"], [9])},
    "ES": {F: _p(["91", "93", "95", "96", "94", "98", "976", "983", "928"], [9]),
           M: _p(["6", "71", "72", "73", "74"], [9])},
    "IT": {F: _p(["02", "06", "011", "055", "081", "051", "010", "041", "091"], [9, 10]),
           M: _p(["32", "33", "34", "35", "36", "38", "39"], [10])},
    "NL": {F: _p(["20", "10", "70", "30", "40", "50", "13", "24", "53"], [9]),
           M: _p(["61", "62", "63", "64", "65"], [9])},
    "CH": {F: _p(["44", "43", "22", "31", "61", "21", "41", "71", "91", "32"], [9]),
           M: _p(["76", "77", "78", "79", "75"], [9])},
    "AT": {F: _p(["1"], [8, 9, 10]) + _p(["316", "512", "662", "732", "463"], [9, 10]),
           M: _p(["664", "650", "660", "676", "699", "680", "681"], [10, 11])},
    "BE": {F: _p(["2", "3", "9", "4", "50", "16", "11", "81", "65"], [8]),
           M: _p(["47", "48", "49", "46"], [9])},
    "SE": {F: _p(["8"], [8, 9]) + _p(["31", "40", "18", "90", "13"], [8, 9]),
           M: _p(["70", "72", "73", "76", "79"], [9])},
    "PL": {F: _p(["22", "12", "61", "71", "58", "42", "32", "81"], [9]),
           M: _p(["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"], [9])},
    "IE": {F: _p(["1"], [8]) + _p(["21", "91", "61", "51"], [9]),
           M: _p(["83", "85", "86", "87", "89"], [9])},
    "IN": {F: _p(["112", "113", "114", "222", "226", "802", "804", "442", "404", "332", "202"], [10]),
           M: _p(["9", "8", "7", "6"], [10])},
    "BR": {F: _p(["112", "113", "114", "212", "213", "312", "313", "413", "513", "613",
                  "713", "813", "193", "853"], [10]),
           M: _p(["119", "219", "319", "419", "519", "619", "719", "819", "199", "859"], [11])},
    "MX": {F: _p(["55", "33", "81", "222", "442", "664", "998", "999", "477"], [10]),
           M: _p(["55", "33", "81", "222", "442", "664", "998", "999", "477"], [10])},
    "AU": {F: _p(["28", "29", "38", "39", "73", "89", "88"], [9]),
           M: _p(["40", "41", "42", "43", "44", "45", "46", "47", "48", "49"], [9])},
    "JP": {F: _p(["3", "6"], [9]) + _p(["45", "52", "11", "92", "75", "78"], [9]),
           M: _p(["90", "80", "70"], [10])},
    "CN": {F: _p(["10", "21", "20", "28", "25", "27"], [10]) + _p(["755", "571", "512"], [11]),
           M: _p(["13", "15", "18", "17", "19"], [11])},
}

# fictional / drama / reserved ranges (on the national significant number)
BLACKLIST = {
    "GB": re.compile(r"^(7700900|7700|207946|2079460|11[3-8]4960|1214960|1314960|1414960|"
                     r"1514960|1614960|2896496|2920180|1632960|1632)"),
    "FR": re.compile(r"^(19900|26191|35301|46571|53649|63998)"),
    "AU": re.compile(r"^(49157[0-3]|[2378]5550|[2378]7010)"),
    "SE": re.compile(r"^(3139006|406280[4]|84650040|980319|7017406)"),
    "US": re.compile(r"^\d{3}555"),
    "CA": re.compile(r"^\d{3}555"),
}


def rdigits(rng, n):
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def kind_ok(num, kind):
    t = phonenumbers.number_type(num)
    if t == PNT.FIXED_LINE_OR_MOBILE:
        return True
    return t == (PNT.MOBILE if kind == M else PNT.FIXED_LINE)


def draw_number(rng, region, kind):
    cc = phonenumbers.country_code_for_region(region)
    for _ in range(5000):
        if region in NANP_AREAS:
            exch = str(rng.randint(2, 9)) + rdigits(rng, 2)
            if exch[1:] == "11":
                continue
            nsn = rng.choice(NANP_AREAS[region]) + exch + rdigits(rng, 4)
        else:
            prefix, lens = rng.choice(SPECS[region][kind])
            nsn = prefix + rdigits(rng, rng.choice(lens) - len(prefix))
        bl = BLACKLIST.get(region)
        if bl and bl.match(nsn):
            continue
        num = phonenumbers.parse("+%d%s" % (cc, nsn))
        if not phonenumbers.is_valid_number(num):
            continue
        if phonenumbers.region_code_for_number(num) != region:
            continue
        if not kind_ok(num, kind):
            continue
        return num
    raise RuntimeError("cannot draw %s %s" % (region, kind))


# ---------------------------------------------------------------------------
# Formatting variants
# ---------------------------------------------------------------------------
FW = str.maketrans("0123456789-()+ ", "０１２３４５６７８９－（）＋　")


def chunk(s, sizes):
    out, i = [], 0
    for k in sizes:
        if i >= len(s):
            break
        out.append(s[i:i + k])
        i += k
    if i < len(s):
        out.append(s[i:])
    return out


def pairs(s):
    if len(s) % 2:
        return [s[:3]] + chunk(s[3:], [2] * 10)
    return chunk(s, [2] * 10)


def odd_groups(rng, s):
    while True:
        sizes = []
        rest = len(s)
        while rest > 0:
            k = min(rest, rng.choice([2, 3, 3, 4, 4, 5]))
            sizes.append(k)
            rest -= k
        if len(sizes) >= 2 and sizes[-1] >= 2:
            return chunk(s, sizes)


def national_variant(rng, name, num):
    nat = phonenumbers.format_number(num, PNF.NATIONAL)
    ng = re.findall(r"\d+", nat)
    nd = "".join(ng)
    nsn = phonenumbers.national_significant_number(num)
    a, rest = ng[0], ng[1:]
    rd = "".join(rest)
    v = {
        "off": lambda: nat,
        "sp": lambda: " ".join(ng),
        "dash": lambda: "-".join(ng),
        "dot": lambda: ".".join(ng),
        "slash": lambda: a + "/" + rd,
        "slash_sp": lambda: a + "/" + " ".join(rest),
        "slash_sp2": lambda: a + " / " + " ".join(rest),
        "paren": lambda: "(" + a + ") " + " ".join(rest),
        "paren_dash": lambda: "(" + a + ") " + "-".join(rest),
        "paren_flat": lambda: "(" + a + ") " + rd,
        "paren_tight": lambda: "(" + a + ")" + "-".join(rest),
        "area_rest": lambda: a + " " + rd,
        "area_dash_rest": lambda: a + "-" + rd,
        "area_dash_sp": lambda: a + "-" + " ".join(rest),
        "flat": lambda: nd,
        "pairs": lambda: " ".join(pairs(nd)),
        "pairs_dot": lambda: ".".join(pairs(nd)),
        "pairs_dash": lambda: "-".join(pairs(nd)),
        "rest_pairs": lambda: a + " " + " ".join(pairs(rd)),
        "rest_3": lambda: a + " " + " ".join(chunk(rd, [3] * 5)),
        "rest_34": lambda: a + " " + rd[:-4] + " " + rd[-4:],
        "slash_pairs_dot": lambda: a + "/" + ".".join(pairs(rd)),
        "odd": lambda: " ".join(odd_groups(rng, nd)),
        "odd_dash": lambda: "-".join(odd_groups(rng, nd)),
        # NANP
        "one_dash": lambda: "1-" + "-".join(ng),
        "one_paren": lambda: "1 " + nat,
        # no trunk prefix (IN mobiles, CN)
        "nt_sp": lambda: nsn[:5] + " " + nsn[5:],
        "nt_flat": lambda: nsn,
        "nt_334": lambda: nsn[:3] + "-" + nsn[3:6] + "-" + nsn[6:],
        "nt_4_3_3": lambda: " ".join(chunk(nsn, [4, 3, 3])),
        # JP
        "jp_paren_mid": lambda: ng[0] + "(" + ng[1] + ")" + ng[2] if len(ng) == 3 else nat,
        "jp_fw": lambda: nat.translate(FW),
        "jp_paren_area": lambda: "(" + a + ")" + "-".join(rest),
        # BR
        "br_9sp": lambda: "(" + a + ") " + rd[0] + " " + rd[1:5] + "-" + rd[5:],
        "br_sp": lambda: a + " " + "-".join(rest),
        "br_tight": lambda: "(" + a + ")" + "-".join(rest),
        "br_0": lambda: "(0" + a + ") " + "-".join(rest),
        "br_9sp2": lambda: a + " " + rd[0] + " " + rd[1:5] + " " + rd[5:],
        # GB London 0207 xxx xxxx habit
        "gb_0207": lambda: nd[:4] + " " + nd[4:7] + " " + nd[7:],
        # MX
        "mx_pairs": lambda: a + " " + " ".join(pairs(rd)),
        "mx_paren_dash": lambda: "(" + a + ") " + "-".join(rest),
        # PL 2-3-2-2 etc
        "pl_332": lambda: " ".join(chunk(nd, [3, 3, 3])),
        "pl_2322": lambda: " ".join(chunk(nd, [2, 3, 2, 2])),
        "pl_paren_fixed": lambda: "(" + nd[:2] + ") " + nd[2:5] + "-" + nd[5:7] + "-" + nd[7:],
        # CN
        "cn_344": lambda: " ".join(chunk(nd, [3, 4, 4])) if nd[0] == "1" else nat,
        "cn_dash_344": lambda: "-".join(chunk(nd, [3, 4, 4])) if nd[0] == "1" else nat,
    }
    return v[name]()


def international_variant(rng, name, num):
    cc = str(num.country_code)
    intl = phonenumbers.format_number(num, PNF.INTERNATIONAL)
    ig = re.findall(r"\d+", intl)[1:]
    nat = phonenumbers.format_number(num, PNF.NATIONAL)
    nsn = phonenumbers.national_significant_number(num)
    a, rest = ig[0], ig[1:]
    v = {
        "i_off": lambda: intl,
        "i_dash": lambda: "+" + cc + "-" + "-".join(ig),
        "i_dot": lambda: "+" + cc + " " + ".".join(ig),
        "i_00": lambda: "00" + cc + " " + " ".join(ig),
        "i_00_dash": lambda: "00" + cc + "-" + "-".join(ig),
        "i_00_flat": lambda: "00" + cc + nsn,
        "i_00_rest": lambda: "00" + cc + " " + a + " " + "".join(rest),
        "i_0": lambda: "+" + cc + " (0)" + a + " " + " ".join(rest),
        "i_0sp": lambda: "+" + cc + " (0) " + a + " " + " ".join(rest),
        "i_0_flat": lambda: "+" + cc + " (0)" + a + " " + "".join(rest),
        "i_0_slash": lambda: "+" + cc + " (0)" + a + "/" + "".join(rest),
        "i_0_dash": lambda: "+" + cc + "-(0)" + a + "-" + "-".join(rest),
        "i_flat": lambda: "+" + cc + nsn,
        "i_flat_sp": lambda: "+" + cc + " " + nsn,
        "i_rest": lambda: "+" + cc + " " + a + " " + "".join(rest),
        "i_paren_cc": lambda: "(+" + cc + ") " + " ".join(ig),
        "i_paren_area": lambda: "+" + cc + " (" + a + ") " + " ".join(rest),
        "i_plus_nat": lambda: "+" + cc + " " + nat,
        "i_odd": lambda: "+" + cc + " " + " ".join(odd_groups(rng, nsn)),
        "i_pairs": lambda: "+" + cc + " " + " ".join(pairs(nsn)),
        "i_us_dot": lambda: "+1." + ".".join(ig),
        "i_us_dash": lambda: "+1-" + "-".join(ig),
        "i_mx_1": lambda: "+52 1 " + " ".join(ig),
        "i_br_paren": lambda: "+55 (" + a + ") " + "-".join(rest),
        "i_cn_344": lambda: "+86 " + " ".join(chunk(nsn, [3, 4, 4])),
        "i_in_sp": lambda: "+91 " + nsn[:5] + " " + nsn[5:],
        "i_in_dash": lambda: "+91-" + nsn[:5] + "-" + nsn[5:],
        "i_jp_0": lambda: "+81-(0)" + a + "-" + "-".join(rest),
        "i_jp_sp": lambda: "+81 " + " ".join(ig),
    }
    return v[name]()


NAT_VARIANTS = {
    "US": ["off", "dash", "dot", "sp", "flat", "one_dash", "paren_tight", "one_paren", "odd"],
    "CA": ["off", "dash", "dot", "sp", "flat", "one_dash", "paren_tight", "odd"],
    "GB": ["off", "paren", "flat", "area_rest", "gb_0207", "odd", "dash", "rest_3"],
    "DE": ["off", "slash", "slash_sp2", "paren_flat", "area_dash_rest", "flat", "rest_pairs",
           "rest_34", "rest_3", "odd"],
    "FR": ["off", "pairs_dot", "flat", "pairs_dash", "odd", "rest_3"],
    "ES": ["off", "pl_332", "flat", "dash", "dot", "odd", "area_rest"],
    "IT": ["off", "area_rest", "flat", "area_dash_rest", "slash", "paren", "dot", "odd"],
    "NL": ["off", "area_dash_rest", "flat", "rest_34", "paren", "odd", "rest_pairs"],
    "CH": ["off", "flat", "rest_34", "slash_sp", "dash", "area_rest", "odd"],
    "AT": ["off", "slash", "rest_pairs", "paren", "area_dash_rest", "flat", "odd", "rest_3"],
    "BE": ["off", "slash_pairs_dot", "rest_3", "flat", "dash", "dot", "odd"],
    "SE": ["off", "sp", "flat", "area_dash_rest", "rest_pairs", "paren", "odd"],
    "PL": ["off", "pl_332", "dash", "flat", "pl_paren_fixed", "pl_2322", "odd"],
    "IE": ["off", "flat", "dash", "paren", "area_rest", "area_dash_rest", "odd"],
    "IN": ["nt_sp", "nt_flat", "off", "nt_334", "nt_4_3_3", "area_dash_sp", "area_rest",
           "paren_dash", "odd"],
    "BR": ["off", "br_sp", "br_9sp", "flat", "br_tight", "br_0", "br_9sp2", "odd"],
    "MX": ["off", "paren", "dash", "flat", "mx_pairs", "mx_paren_dash", "odd"],
    "AU": ["off", "flat", "sp", "area_rest", "rest_pairs", "dash", "odd"],
    "JP": ["off", "flat", "sp", "jp_paren_mid", "jp_fw", "jp_paren_area", "odd_dash"],
    "CN": ["off", "flat", "cn_dash_344", "area_dash_rest", "paren", "paren_flat", "odd",
           "cn_344"],
}

# bracket-around-area-code variants: used for mobiles only in these regions
PAREN_VARIANTS = {"paren", "paren_dash", "paren_flat", "paren_tight", "jp_paren_mid", "jp_paren_area",
                  "pl_paren_fixed", "i_paren_area"}
PAREN_MOBILE_OK = {"US", "CA", "MX", "BR", "NL", "DE", "AT"}


def variants_for(region, fmt, kind):
    names = INT_VARIANTS[region] if fmt == "international" else NAT_VARIANTS[region]
    if kind == M and region not in PAREN_MOBILE_OK:
        names = [n for n in names if n not in PAREN_VARIANTS]
    return names


INT_VARIANTS = {
    "US": ["i_off", "i_plus_nat", "i_us_dash", "i_us_dot", "i_flat", "i_paren_area", "i_flat_sp"],
    "CA": ["i_off", "i_plus_nat", "i_us_dash", "i_us_dot", "i_flat", "i_paren_area"],
    "GB": ["i_off", "i_0", "i_0sp", "i_00", "i_flat", "i_rest", "i_paren_cc", "i_odd"],
    "DE": ["i_off", "i_0", "i_0_slash", "i_00", "i_flat", "i_dash", "i_0_flat", "i_00_rest"],
    "FR": ["i_off", "i_0", "i_00", "i_flat", "i_dot", "i_paren_cc", "i_00_flat"],
    "ES": ["i_off", "i_00", "i_flat", "i_dash", "i_paren_cc", "i_odd"],
    "IT": ["i_off", "i_00", "i_flat", "i_rest", "i_paren_cc", "i_00_rest", "i_dash"],
    "NL": ["i_off", "i_0", "i_00", "i_flat", "i_dash", "i_0_flat"],
    "CH": ["i_off", "i_0", "i_00", "i_flat", "i_paren_cc", "i_0sp"],
    "AT": ["i_off", "i_0", "i_0_slash", "i_00", "i_flat", "i_0_flat"],
    "BE": ["i_off", "i_0", "i_00", "i_flat", "i_dot", "i_pairs"],
    "SE": ["i_off", "i_0", "i_00", "i_flat", "i_dash", "i_odd"],
    "PL": ["i_off", "i_00", "i_flat", "i_dash", "i_paren_cc", "i_00_rest"],
    "IE": ["i_off", "i_0", "i_00", "i_flat", "i_dash", "i_rest"],
    "IN": ["i_off", "i_in_sp", "i_in_dash", "i_flat", "i_00", "i_flat_sp", "i_dash"],
    "BR": ["i_off", "i_br_paren", "i_flat", "i_dash", "i_flat_sp"],
    "MX": ["i_off", "i_00", "i_flat", "i_dash", "i_paren_area"],
    "AU": ["i_off", "i_flat", "i_rest", "i_0", "i_paren_cc", "i_dash"],
    "JP": ["i_off", "i_jp_0", "i_jp_sp", "i_flat", "i_dash"],
    "CN": ["i_off", "i_cn_344", "i_dash", "i_00", "i_flat", "i_00_dash"],
}

# ---------------------------------------------------------------------------
# Phone-word detector (conservative; used to certify the no-phone-word lines)
# ---------------------------------------------------------------------------
PHONE_WORDS = re.compile("|".join([
    r"phone", r"fone", r"\btel\b", r"\btél\b", r"telef", r"teléf", r"t[ée]l[ée]ph", r"telep",
    r"\btlf", r"\btfn", r"\bfon\b", r"mobil", r"m[óo]vil", r"\bmob\b", r"cell", r"\bcel\b",
    r"handy", r"\bfax", r"call", r"anruf", r"\bruf", r"rückruf", r"appel", r"llam", r"chiam",
    r"\bbel(len|t|de)?\b", r"terugbel", r"\bring", r"uppring", r"dzwo", r"dzwoń",
    r"\blig(a|ar|ue|ou|o|ação|acao|ações)\b", r"ligaç", r"\bzap\b", r"whats", r"\bsms\b",
    r"\bgsm\b", r"nummer", r"number", r"n[úu]mero", r"numer", r"\bnr\b", r"n°", r"nº",
    r"\bno\.", r"\bkom\b", r"\bkom\.", r"komór", r"komork", r"portable", r"fisso", r"fijo",
    r"\bfixe\b", r"festnetz", r"mobiel", r"celular", r"gebeld", r"\bport\.", r"\bmarc(a|as|ar|ame|ó)\b", r"durchwahl", r"hotline", r"voicemail", r"\bdial", r"\bext\b",
    r"\bsim\b", r"\btext(ed|ing)? me\b", r"ramal", r"\bvoip\b",
    "电话", "手机", "号码", "致电", "来电", "拨", "回电", "座机", "短信", "打给", "微信同号",
    "電話", "携帯", "番号", "ＴＥＬ", "ケータイ", "着信", "発信", "コール", "折り返", "ショートメール",
]), re.IGNORECASE)

# ---------------------------------------------------------------------------
# Locale data (per region)
# ---------------------------------------------------------------------------
R = {}
R["US"] = dict(
    names=["Jennifer Walsh", "Marcus Reed", "Priya Natarajan", "Tom Keller", "Alicia Gomez",
           "Derek Chu", "Shannon O'Brien", "Kevin Lindqvist"],
    cos=["Ridgeway Supply Co.", "Bluebird Analytics", "Hartwell & Sons Roofing", "Cobalt Dental Group",
         "Summit Freight LLC"],
    cities=["Chicago", "Denver", "Austin", "Seattle", "Boston", "Atlanta"],
    tld="com", roles=["Account Executive", "Operations Manager", "Office Manager", "Sales Director"],
)
R["CA"] = dict(
    names=["Marie-Ève Tremblay", "Jason MacDonald", "Harpreet Sandhu", "Olivier Gagnon", "Emily Chen",
           "Sébastien Roy", "Karen Wilson"],
    cos=["Northshore Logistics Inc.", "Groupe Boréal", "Maple Leaf Dental", "Pacific Rim Trading Ltd.",
         "Services Laurentides"],
    cities=["Toronto", "Montréal", "Vancouver", "Calgary", "Ottawa", "Québec"],
    tld="ca", roles=["Account Manager", "Directrice des ventes", "Project Coordinator", "Conseiller"],
)
R["GB"] = dict(
    names=["Oliver Bennett", "Charlotte Hughes", "Rajesh Patel", "Siobhan Kelly", "James Whitfield",
           "Amelia Clarke", "Gareth Jones"],
    cos=["Thornbury Lettings Ltd", "Kestrel Print & Design", "Hawthorn Surveyors", "Brightwater Legal LLP",
         "Pennine Joinery"],
    cities=["Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff", "London"],
    tld="co.uk", roles=["Lettings Negotiator", "Account Manager", "Practice Manager", "Director"],
)
R["IE"] = dict(
    names=["Aoife Byrne", "Ciarán Murphy", "Niamh O'Connor", "Seán Doyle", "Gráinne Walsh",
           "Declan Brennan", "Orla Kavanagh"],
    cos=["Liffey Property Services", "Shannon Bay Marine", "Corrib Consulting Ltd", "Ardmore Builders",
         "Emerald Vet Clinic"],
    cities=["Dublin", "Cork", "Galway", "Limerick", "Waterford"],
    tld="ie", roles=["Office Manager", "Letting Agent", "Account Manager", "Director"],
)
R["AU"] = dict(
    names=["Lachlan Smith", "Chloe Nguyen", "Mitchell Brown", "Sarah O'Neill", "Jayden Wright",
           "Mei Lin Tan", "Bridget Cooper"],
    cos=["Harbourside Realty", "Outback Solar Pty Ltd", "Coral Coast Plumbing", "Southern Cross Freight",
         "Eucalypt Physio"],
    cities=["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide"],
    tld="com.au", roles=["Property Manager", "Sales Consultant", "Practice Manager", "Director"],
)
R["IN"] = dict(
    names=["Rahul Sharma", "Priya Iyer", "Amit Verma", "Sneha Kulkarni", "Arjun Reddy", "Kavita Nair",
           "Vikram Singh"],
    cos=["Shree Ganesh Traders", "Nexus Infotech Pvt Ltd", "Sai Krupa Enterprises", "Bluestone Realty",
         "Annapurna Caterers"],
    cities=["Mumbai", "Bengaluru", "Pune", "Hyderabad", "Chennai", "Delhi"],
    tld="in", roles=["Sales Manager", "Proprietor", "Senior Consultant", "Branch Head"],
)
R["DE"] = dict(
    names=["Anna Schmidt", "Lukas Becker", "Sabine Hoffmann", "Murat Yılmaz", "Jonas Wagner",
           "Katrin Vogel", "Stefan Krüger"],
    cos=["Müller Haustechnik GmbH", "Brandt & Söhne Bau", "Kanzlei Weber Lorenz", "Nordlicht Logistik GmbH",
         "Praxis Dr. Albers"],
    cities=["Berlin", "Hamburg", "München", "Köln", "Leipzig", "Stuttgart"],
    tld="de", roles=["Vertriebsleiterin", "Projektleiter", "Geschäftsführer", "Bauleiter"],
)
R["AT"] = dict(
    names=["Lisa Gruber", "Florian Huber", "Verena Steiner", "Markus Pichler", "Johanna Moser",
           "Thomas Wimmer"],
    cos=["Alpenblick Hausverwaltung GmbH", "Tischlerei Hofer", "Steirische Kellerei KG", "Donau IT Solutions",
         "Ordination Dr. Berger"],
    cities=["Wien", "Graz", "Linz", "Salzburg", "Innsbruck"],
    tld="at", roles=["Prokuristin", "Projektleiter", "Geschäftsführerin", "Hausverwaltung"],
)
R["CH"] = dict(
    names=["Nicole Brunner", "Reto Keller", "Sandrine Favre", "Luca Bernasconi", "Martina Meier",
           "Urs Baumann"],
    cos=["Zürcher Treuhand AG", "Garage Lüthi GmbH", "Atelier Dubois Sàrl", "Ticino Costruzioni SA",
         "Berner Velo AG"],
    cities=["Zürich", "Bern", "Genève", "Lausanne", "Basel", "Lugano"],
    tld="ch", roles=["Leiterin Verkauf", "Chef de projet", "Geschäftsführer", "Responsabile"],
)
R["FR"] = dict(
    names=["Camille Martin", "Julien Lefèvre", "Sophie Moreau", "Karim Benali", "Élodie Girard",
           "Thomas Fournier", "Claire Dubois"],
    cos=["Menuiserie Roux SARL", "Cabinet Lambert Avocats", "Boulangerie du Marché", "Transports Perrin",
         "Agence Immo Rive Gauche"],
    cities=["Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille"],
    tld="fr", roles=["Chargée de clientèle", "Gérant", "Responsable commercial", "Conductrice de travaux"],
)
R["BE"] = dict(
    names=["Lotte Peeters", "Maxime Dupont", "Jens Janssens", "Amélie Lambert", "Pieter De Smet",
           "Nathalie Renard"],
    cos=["Bouwbedrijf Claes NV", "Boulangerie Wauters", "Immo Ardennes SPRL", "Vlaamse Drukkerij BV",
         "Cabinet Dr. Mertens"],
    cities=["Bruxelles", "Antwerpen", "Gent", "Liège", "Namur", "Leuven"],
    tld="be", roles=["Zaakvoerder", "Gérante", "Projectleider", "Conseiller"],
)
R["ES"] = dict(
    names=["Lucía García", "Javier Fernández", "Marta López", "Sergio Martín", "Nerea Etxeberria",
           "Pablo Ruiz", "Carmen Ortega"],
    cos=["Reformas Hermanos Ruiz S.L.", "Clínica Dental Sonrisa", "Gestoría Alameda", "Transportes Navarro",
         "Fincas Levante"],
    cities=["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Zaragoza"],
    tld="es", roles=["Jefa de ventas", "Gerente", "Responsable de obra", "Administración"],
)
R["MX"] = dict(
    names=["Guadalupe Hernández", "José Luis Ramírez", "Fernanda Torres", "Alejandro Cruz",
           "Mariana Flores", "Ricardo Mendoza"],
    cos=["Plomería Hernández", "Grupo Constructor Anáhuac", "Despacho Contable Ríos", "Transportes del Bajío",
         "Consultorio Dental Sonríe"],
    cities=["Ciudad de México", "Guadalajara", "Monterrey", "Puebla", "Querétaro", "Mérida"],
    tld="com.mx", roles=["Gerente de ventas", "Director general", "Coordinadora", "Contador"],
)
R["IT"] = dict(
    names=["Giulia Rossi", "Marco Bianchi", "Francesca Romano", "Alessandro Conti", "Chiara Esposito",
           "Davide Ricci", "Sara Colombo"],
    cos=["Idraulica Ferrari S.r.l.", "Studio Legale Marchetti", "Pasticceria Gallo", "Trasporti Lombardi",
         "Agenzia Case Tevere"],
    cities=["Milano", "Roma", "Torino", "Napoli", "Bologna", "Firenze"],
    tld="it", roles=["Responsabile commerciale", "Titolare", "Geometra", "Amministratore"],
)
R["NL"] = dict(
    names=["Sanne de Vries", "Daan Jansen", "Fleur Bakker", "Mohamed El Amrani", "Lars Visser",
           "Eva van Dijk", "Bram Smit"],
    cos=["Installatiebedrijf Mulder", "Van Dam Advocaten", "Bakkerij De Molen", "Groen Logistiek BV",
         "Tandartspraktijk Zuid"],
    cities=["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen"],
    tld="nl", roles=["Accountmanager", "Eigenaar", "Projectleider", "Office manager"],
)
R["SE"] = dict(
    names=["Emma Lindberg", "Johan Andersson", "Sara Nilsson", "Erik Johansson", "Maja Karlsson",
           "Oskar Berg"],
    cos=["Lindqvist Bygg AB", "Advokatfirman Ek", "Bageriet Solrosen", "Nordvind Logistik AB",
         "Tandläkare Holm"],
    cities=["Stockholm", "Göteborg", "Malmö", "Uppsala", "Umeå"],
    tld="se", roles=["Säljchef", "VD", "Projektledare", "Kontorschef"],
)
R["PL"] = dict(
    names=["Anna Kowalska", "Piotr Nowak", "Katarzyna Wiśniewska", "Tomasz Wójcik", "Magdalena Kamińska",
           "Marcin Lewandowski"],
    cos=["Instalacje Kowalczyk Sp. z o.o.", "Kancelaria Zielińska", "Piekarnia Pod Lipami",
         "Trans-Pol Logistyka", "Gabinet Stomatologiczny Uśmiech"],
    cities=["Warszawa", "Kraków", "Poznań", "Wrocław", "Gdańsk", "Łódź"],
    tld="pl", roles=["Kierownik sprzedaży", "Właściciel", "Koordynatorka projektu", "Prezes zarządu"],
)
R["BR"] = dict(
    names=["Ana Souza", "Lucas Oliveira", "Juliana Santos", "Rafael Lima", "Camila Pereira",
           "Bruno Carvalho", "Patrícia Gomes"],
    cos=["Construtora Horizonte Ltda.", "Clínica Sorriso Feliz", "Contabilidade Ribeiro",
         "Transportadora Rápido Sul", "Padaria Pão Dourado"],
    cities=["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Porto Alegre", "Recife"],
    tld="com.br", roles=["Gerente comercial", "Sócio-diretor", "Coordenadora", "Engenheiro"],
)
R["JP"] = dict(
    names=["山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健", "伊藤 直子", "渡辺 翔"],
    cos=["株式会社ミナト精機", "有限会社さくら企画", "東邦ロジスティクス株式会社", "たかはし歯科クリニック",
         "北斗建設株式会社"],
    cities=["東京", "大阪", "名古屋", "福岡", "札幌", "横浜"],
    tld="co.jp", roles=["営業部 課長", "代表取締役", "総務部", "プロジェクトマネージャー"],
)
R["CN"] = dict(
    names=["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏"],
    cos=["上海晨光贸易有限公司", "深圳市华信科技有限公司", "杭州云帆网络科技有限公司", "成都锦程物流有限公司",
         "北京康泰口腔诊所"],
    cities=["北京", "上海", "深圳", "杭州", "成都", "广州"],
    tld="cn", roles=["销售经理", "总经理", "项目主管", "采购部"],
)

ROMAN = {"JP": ["yamada", "sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe"],
         "CN": ["zhangwei", "wangfang", "lina", "liuyang", "chenjing", "yanglei", "zhaomin"]}


def slug(s):
    s = s.lower()
    for a, b in [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("é", "e"), ("è", "e"), ("ê", "e"),
                 ("á", "a"), ("à", "a"), ("í", "i"), ("ó", "o"), ("ú", "u"), ("ñ", "n"), ("ç", "c"),
                 ("ł", "l"), ("ś", "s"), ("ń", "n"), ("ą", "a"), ("ę", "e"), ("ż", "z"), ("ź", "z"),
                 ("ć", "c"), ("å", "a"), ("ã", "a"), ("õ", "o"), ("ı", "i"), ("ë", "e"), ("ï", "i"),
                 ("â", "a"), ("ô", "o"), ("É", "e")]:
        s = s.replace(a, b)
    return re.sub(r"[^a-z]+", "", s)


JP_DOM = ["minato-seiki", "sakura-kikaku", "toho-logi", "takahashi-dental", "hokuto-kensetsu"]
CN_DOM = ["chenguang-trade", "huaxin-tech", "yunfan-net", "jincheng56", "kangtai-dental"]
FREEMAIL = ("gmail.com", "outlook.com", "yahoo.com")


def email(rng, region, name, co):
    if region in ROMAN:
        user = ROMAN[region][R[region]["names"].index(name)]
        dom = (JP_DOM if region == "JP" else CN_DOM)[R[region]["cos"].index(co)]
    else:
        parts = name.split()
        user = slug(parts[0]) + rng.choice([".", "_", ""]) + slug(parts[-1])
        dom = slug(co.split()[0]) + slug(co.split()[1] if len(co.split()) > 1 else "")
        dom = dom[:18]
    if rng.random() < 0.25 and region not in ROMAN:
        return user + "@" + rng.choice(FREEMAIL)
    return user + "@" + dom + "." + R[region]["tld"]


def address(rng, region):
    n = rng.randint(2, 189)
    if region == "US":
        return rng.choice(["%d Market St, Suite %d, San Francisco, CA 941%02d" % (n * 10, rng.randint(2, 9) * 100, rng.randint(2, 33)),
                           "%d W Lake St, Chicago, IL 606%02d" % (n * 10 + 4, rng.randint(1, 60)),
                           "%d Congress Ave, Austin, TX 787%02d" % (n * 10 + 1, rng.randint(1, 50))])
    if region == "CA":
        return rng.choice(["%d Front St W, Toronto, ON M5V %dG%d" % (n * 5, rng.randint(1, 9), rng.randint(1, 9)),
                           "%d rue Sainte-Catherine O, Montréal (QC) H3B %dE%d" % (n * 10 + 1, rng.randint(1, 9), rng.randint(1, 9)),
                           "%d W Hastings St, Vancouver, BC V6B %dK%d" % (n * 4, rng.randint(1, 9), rng.randint(1, 9))])
    if region == "GB":
        return rng.choice(["%d Deansgate, Manchester M3 %dBY" % (n, rng.randint(1, 9)),
                           "Unit %d, Riverside Park, Leeds LS%d %dQD" % (rng.randint(1, 30), rng.randint(1, 28), rng.randint(1, 9)),
                           "%d Park Street, Bristol BS1 %dLX" % (n, rng.randint(1, 9))])
    if region == "IE":
        return rng.choice(["%d Grafton Street, Dublin 2, D02 X%d85" % (n, rng.randint(1, 9)),
                           "Unit %d, Kilkenny Road Business Park, Carlow R93 E%d97" % (rng.randint(1, 40), rng.randint(1, 9)),
                           "%d Shop Street, Galway H91 K%dP2" % (n, rng.randint(1, 9))])
    if region == "AU":
        return rng.choice(["Level %d, %d Collins St, Melbourne VIC 3000" % (rng.randint(2, 30), n),
                           "%d/%d George St, Sydney NSW 2000" % (rng.randint(1, 40), n * 3),
                           "%d Adelaide St, Brisbane City QLD 4000" % n])
    if region == "IN":
        return rng.choice(["Flat %d, Sai Residency, Andheri East, Mumbai 400 0%d" % (rng.randint(101, 904), rng.randint(51, 99)),
                           "#%d, 5th Cross, Indiranagar, Bengaluru 560 038" % n,
                           "Plot %d, Sector %d, Gurugram, Haryana 1220%02d" % (n, rng.randint(2, 80), rng.randint(1, 99))])
    if region == "DE":
        return rng.choice(["Invalidenstr. %d, 10115 Berlin" % n, "Schanzenstraße %d, 20357 Hamburg" % n,
                           "Leopoldstr. %d, 80802 München" % n, "Ehrenstraße %d, 50672 Köln" % n])
    if region == "AT":
        return rng.choice(["Mariahilfer Straße %d/%d, 1070 Wien" % (n, rng.randint(2, 20)),
                           "Herrengasse %d, 8010 Graz" % n, "Landstraße %d, 4020 Linz" % n])
    if region == "CH":
        return rng.choice(["Bahnhofstrasse %d, 8001 Zürich" % n, "Rue du Rhône %d, 1204 Genève" % n,
                           "Marktgasse %d, 3011 Bern" % n, "Via Nassa %d, 6900 Lugano" % n])
    if region == "FR":
        return rng.choice(["%d rue Oberkampf, 75011 Paris" % n, "%d cours Lafayette, 69003 Lyon" % n,
                           "%d bd de la Liberté, 59000 Lille" % n, "%d allée des Tilleuls, 44300 Nantes" % n])
    if region == "BE":
        return rng.choice(["Rue de la Loi %d, 1000 Bruxelles" % n, "Meir %d, 2000 Antwerpen" % n,
                           "Veldstraat %d, 9000 Gent" % n, "Rue Saint-Gilles %d, 4000 Liège" % n])
    if region == "ES":
        return rng.choice(["C/ Gran Vía %d, 3º B, 28013 Madrid" % n, "Carrer de Mallorca %d, 08036 Barcelona" % n,
                           "Av. del Puerto %d, 46023 Valencia" % n, "C/ Sierpes %d, 41004 Sevilla" % n])
    if region == "MX":
        return rng.choice(["Av. Insurgentes Sur %d, Col. Del Valle, 03100 CDMX" % (n * 10),
                           "Av. Chapultepec %d, Col. Americana, 44160 Guadalajara, Jal." % n,
                           "Paseo de Montejo %d, Centro, 97000 Mérida, Yuc." % n])
    if region == "IT":
        return rng.choice(["Via Torino %d, 20123 Milano" % n, "Via del Corso %d, 00186 Roma" % n,
                           "Corso Vittorio Emanuele II %d, 10121 Torino" % n, "Via dei Mille %d, 80121 Napoli" % n])
    if region == "NL":
        return rng.choice(["Prinsengracht %d, 1016 GV Amsterdam" % n, "Coolsingel %d, 3012 AA Rotterdam" % n,
                           "Oudegracht %d, 3511 AL Utrecht" % n])
    if region == "SE":
        return rng.choice(["Drottninggatan %d, 111 21 Stockholm" % n, "Kungsportsavenyen %d, 411 36 Göteborg" % n,
                           "Södergatan %d, 211 34 Malmö" % n])
    if region == "PL":
        return rng.choice(["ul. Marszałkowska %d/%d, 00-514 Warszawa" % (n, rng.randint(2, 60)),
                           "ul. Floriańska %d, 31-019 Kraków" % n, "ul. Półwiejska %d, 61-888 Poznań" % n])
    if region == "BR":
        return rng.choice(["Av. Afonso Pena, %d – sala %d, Centro, Belo Horizonte – MG, 30130-001" % (n * 10, rng.randint(11, 99)),
                           "Rua Voluntários da Pátria, %d, Botafogo, Rio de Janeiro – RJ, 22270-010" % n,
                           "Rua XV de Novembro, %d, Centro, Curitiba – PR, 80020-310" % n])
    if region == "JP":
        return rng.choice(["〒105-0011 東京都港区芝公園%d-%d-%d" % (rng.randint(1, 4), rng.randint(1, 9), rng.randint(1, 20)),
                           "〒530-0001 大阪府大阪市北区梅田%d-%d-%d" % (rng.randint(1, 3), rng.randint(1, 9), rng.randint(1, 20)),
                           "〒460-0008 愛知県名古屋市中区栄%d-%d-%d" % (rng.randint(1, 5), rng.randint(1, 9), rng.randint(1, 20))])
    if region == "CN":
        return rng.choice(["上海市浦东新区世纪大道%d号%d楼" % (n, rng.randint(2, 30)),
                           "深圳市南山区科技园南区%d栋%d室" % (rng.randint(1, 20), rng.randint(101, 1806)),
                           "北京市朝阳区建国路%d号" % n])
    raise KeyError(region)


def postcode(rng, region):
    return {
        "US": lambda: "%05d" % rng.randint(10001, 98999), "CA": lambda: "M%dV %dK%d" % (rng.randint(1, 9), rng.randint(1, 9), rng.randint(1, 9)),
        "GB": lambda: "M%d %dBY" % (rng.randint(1, 40), rng.randint(1, 9)), "IE": lambda: "D%02d X%dE5" % (rng.randint(1, 24), rng.randint(1, 9)),
        "AU": lambda: str(rng.choice([2000, 3000, 4000, 5000, 6000]) + rng.randint(0, 99)),
        "IN": lambda: str(rng.randint(110001, 600099)), "DE": lambda: "%05d" % rng.randint(10115, 99998),
        "AT": lambda: str(rng.randint(1010, 9999)), "CH": lambda: str(rng.randint(1000, 9658)),
        "FR": lambda: "%05d" % rng.randint(1000, 95999), "BE": lambda: str(rng.randint(1000, 9992)),
        "ES": lambda: "%05d" % rng.randint(1001, 52080), "MX": lambda: "%05d" % rng.randint(1000, 99999),
        "IT": lambda: "%05d" % rng.randint(10, 98168), "NL": lambda: "%d %s" % (rng.randint(1011, 9999), rng.choice(["AB", "GV", "KL", "XT"])),
        "SE": lambda: "%d %02d" % (rng.randint(111, 984), rng.randint(10, 99)), "PL": lambda: "%02d-%03d" % (rng.randint(0, 99), rng.randint(0, 999)),
        "BR": lambda: "%05d-%03d" % (rng.randint(1000, 99999), rng.randint(0, 999)), "JP": lambda: "%03d-%04d" % (rng.randint(100, 999), rng.randint(0, 9999)),
        "CN": lambda: "%06d" % rng.randint(100000, 850000),
    }[region]()


def group3(intpart, sep):
    s = str(intpart)
    out = []
    while len(s) > 3:
        out.insert(0, s[-3:])
        s = s[:-3]
    out.insert(0, s)
    return sep.join(out)


def indian(intpart):
    s = str(intpart)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    parts = []
    while len(head) > 2:
        parts.insert(0, head[-2:])
        head = head[:-2]
    if head:
        parts.insert(0, head)
    return ",".join(parts + [tail])


def money(region, value, lang=None, decimals=True):
    ip = int(value)
    cents = int(round((value - ip) * 100))
    def fmt(ts, ds, dec=decimals):
        return group3(ip, ts) + ((ds + "%02d" % cents) if dec else "")
    if region in ("US", "AU"):
        return "$" + fmt(",", ".")
    if region == "CA":
        return (fmt(" ", ",") + " $") if lang == "fr" else ("$" + fmt(",", "."))
    if region == "GB":
        return "£" + fmt(",", ".")
    if region == "IE":
        return "€" + fmt(",", ".")
    if region == "DE":
        return fmt(".", ",") + " €"
    if region == "AT":
        return "€ " + fmt(".", ",")
    if region == "CH":
        return "CHF " + fmt("'", ".")
    if region == "FR":
        return fmt("\u202f", ",") + " €"
    if region in ("BE", "ES"):
        return fmt(".", ",") + " €"
    if region in ("IT", "NL"):
        return "€ " + fmt(".", ",")
    if region == "SE":
        return fmt(" ", ",", False) + " kr"
    if region == "PL":
        return fmt(" ", ",") + " zł"
    if region == "IN":
        return "₹" + indian(ip) + (".%02d" % cents if decimals else "")
    if region == "BR":
        return "R$ " + fmt(".", ",")
    if region == "MX":
        return "$" + fmt(",", ".") + " MXN"
    if region == "JP":
        return "¥" + group3(ip, ",") if ip % 2 else group3(ip, ",") + "円"
    if region == "CN":
        return "¥" + fmt(",", ".") if ip % 2 else str(ip) + "元"
    raise KeyError(region)


def small_amount(rng, region, lang):
    v = rng.choice([rng.randint(15, 980) + rng.choice([0, 0.5, 0.99, 0.25]), rng.randint(1000, 39000) + 0.0])
    if region == "JP":
        v = float(rng.randint(800, 480000))
    return money(region, v, lang)


MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(),
    "nl": "januari februari maart april mei juni juli augustus september oktober november december".split(),
    "sv": "januari februari mars april maj juni juli augusti september oktober november december".split(),
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
}


def rand_date(rng):
    y = rng.choice([2023, 2024, 2025])
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    return y, m, d


def date_str(rng, region, lang, textual=None):
    y, m, d = rand_date(rng)
    if textual is None:
        textual = rng.random() < 0.4
    if lang in ("ja", "zh"):
        return "%d年%d月%d日" % (y, m, d) if textual or rng.random() < 0.5 else "%d/%02d/%02d" % (y, m, d)
    if textual:
        mn = MONTHS[lang][m - 1]
        if lang == "en":
            return ("%s %d, %d" % (mn, d, y)) if region in ("US", "CA") else ("%d %s %d" % (d, mn, y))
        if lang == "de":
            return "%d. %s %d" % (d, mn, y)
        if lang in ("es", "pt"):
            return "%d de %s de %d" % (d, mn, y)
        return "%d %s %d" % (d, mn, y)
    if region == "US":
        return "%d/%d/%d" % (m, d, y)
    if region in ("DE", "AT", "CH", "PL"):
        return "%02d.%02d.%d" % (d, m, y)
    if region == "NL":
        return "%d-%d-%d" % (d, m, y)
    if region in ("SE", "CA"):
        return "%d-%02d-%02d" % (y, m, d)
    return "%02d/%02d/%d" % (d, m, y)


def time_str(rng, region):
    h, mi = rng.randint(8, 19), rng.choice([0, 15, 30, 45, 10, 20, 40, 50])
    if region in ("US", "CA", "AU", "IN") and rng.random() < 0.6:
        return "%d:%02d %s" % ((h - 1) % 12 + 1, mi, "AM" if h < 12 else "PM")
    if region in ("FR",) and rng.random() < 0.5:
        return "%dh%02d" % (h, mi)
    return "%d:%02d" % (h, mi)


def time_pair(rng, region):
    h, mi = rng.randint(8, 18), rng.choice([0, 15, 30, 45])
    dur = rng.choice([30, 45, 60, 90])
    h2, mi2 = h + (mi + dur) // 60, (mi + dur) % 60
    if region in ("US", "CA", "AU", "IN") and rng.random() < 0.6:
        f = lambda a, b: "%d:%02d %s" % ((a - 1) % 12 + 1, b, "AM" if a < 12 else "PM")
    elif region == "FR" and rng.random() < 0.5:
        f = lambda a, b: "%dh%02d" % (a, b)
    else:
        f = lambda a, b: "%d:%02d" % (a, b)
    return f(h, mi), f(h2, mi2)


def rec_id(rng):
    return rng.choice(["CRM-%05d" % rng.randint(1, 99999), "CUS%06d" % rng.randint(1, 999999),
                       "A-%04d" % rng.randint(1, 9999), "0017Q%05dXyZ" % rng.randint(0, 99999),
                       "K%05d" % rng.randint(1, 99999)])


def tk_id(rng):
    return rng.choice(["#%05d" % rng.randint(10000, 99999), "INC%07d" % rng.randint(1, 9999999),
                       "SR-%05d" % rng.randint(1, 99999), "TCK-%06d" % rng.randint(1, 999999)])


# ---------------------------------------------------------------------------
# Language templates (positives)
# ---------------------------------------------------------------------------
L = {}
L["en"] = dict(
    chat_np=["hey it's {N}, from tomorrow I'm on {P}", "ok so {N2} is covering the handover, reachable on {P} until 6",
             "{N2} says to ping directly: {P}", "pls save this: {P} ({N2}, the plumber)",
             "btw {N2}'s new one is {P}", "landed. reachable on {P} for the rest of the week"],
    chat_p=["can you call me back on {P} when you get a sec?", "my new mobile is {P}, old one's dead",
            "text me at {P}, don't use the work phone", "{N2}'s cell: {P}", "ring {N2} on {P}, they know about it"],
    fill=["sounds good", "see you at {T}", "👍", "running late, sorry", "which entrance?", "thx!", "ok will do"],
    note_np=["{N2} ({CO}) – {P} – wants quote for Q3, follow up {D}",
             "met {N2} at the {C} expo. {P}. interested in pilot, budget ~{A}",
             "landlord: {N2}, {P}, rent due on the 1st, ref {ID}", "{N2} / {CO} / {P} / {EM}"],
    note_p=["TODO: call {N2} re invoice {ID} – {P}", "{N2} phone {P} (prefers mornings)",
            "emergency contact: {N2}, mobile {P}", "{CO} switchboard: phone {P}, ask for {N2}"],
    ticket_np=["Ticket {TK} | Status: open | Customer {N2} ({CO}) reports login loop since {D}. Best reached at {P} between 9–5. Priority: P2.",
               "Summary: refund of {A} requested for order {ID}. Customer asks that we reach out via {P} rather than email. Assigned to {N}."],
    ticket_p=["Ticket {TK}: customer {N2} requested a callback at {P} regarding failed payment of {A} on {D}.",
              "Case {TK} – escalated. Phone: {P}. Customer unable to access account after password reset."],
    tr_np=["[00:01:07] Agent: What's the best way to reach you?\n[00:01:12] Customer: Yeah, it's {P}.\n[00:01:15] Agent: Perfect, thanks.",
           "Speaker 1: so who do I chase about the delivery?\nSpeaker 2: {N2} in logistics, {P}, they'll sort it.\nSpeaker 1: great"],
    tr_p=["[00:00:41] Agent: And what's a good phone number for you?\n[00:00:45] Customer: {P}.\n[00:00:49] Agent: Great, noted on the account.",
          "Caller: hi, I'm calling about my order {ID}\nAgent: sure, can I take a callback number?\nCaller: {P}"],
    csv=["id", "name", "company", "created", "amount", "postcode"], csv_np="contact", csv_p="phone",
    cal=["Subject", "When", "Where", "Notes"], cal_subj=["Site visit", "Quarterly review", "Kick-off", "Viewing"],
    cal_np=["On-site contact: {N2}, {P}", "Ask reception for {N2}: {P}"],
    cal_p=["If running late, call {P}", "Dial-in: {P}"],
    card_p=["Tel. {P}", "Mob: {P}", "Mobile {P}", "Tel {P}"],
    yaml_note=["prefers mornings", "met at trade fair", "invoice pending", "vip"],
)
L["de"] = dict(
    chat_np=["bin ab morgen unter {P} erreichbar, die alte ist abgemeldet", "{N2} meinte, du sollst dich direkt melden: {P}",
             "Hier die Kontaktdaten vom Installateur: {N2}, {P}", "Schreib {N2} einfach kurz an, {P}, ist informiert",
             "zur Info: {P} ({N2}, Hausverwaltung)"],
    chat_p=["Kannst du mich unter {P} zurückrufen?", "Meine neue Handynummer: {P}", "Ruf am besten {N2} an, Tel. {P}",
            "Festnetz ist {P}, aber erst ab 18 Uhr"],
    fill=["passt, bis später", "bin gleich da", "👍", "Welcher Eingang?", "danke dir!", "ok, {T} passt"],
    note_np=["{N2} ({CO}) – {P} – Angebot bis {D} schicken", "Messe {C}: {N2}, {P}, Interesse an Pilotprojekt, Budget ca. {A}",
             "Vermieter {N2} / {P} / Miete zum 3. Werktag, Ref. {ID}", "{N2} · {CO} · {P} · {EM}"],
    note_p=["TODO: {N2} wg. Rechnung {ID} anrufen – {P}", "{N2}, Tel. {P} (vormittags besser)",
            "Notfallkontakt: {N2}, Handy {P}", "Zentrale {CO}: Telefon {P}"],
    ticket_np=["Ticket {TK} | Status: offen | Kunde {N2} ({CO}) meldet seit {D} eine Login-Schleife. Erreichbar unter {P} zwischen 9 und 17 Uhr. Prio 2.",
               "Zusammenfassung: Erstattung über {A} zu Bestellung {ID} beantragt. Kunde bittet um Rückmeldung über {P} statt per Mail. Zuständig: {N}."],
    ticket_p=["Ticket {TK}: Kunde {N2} bittet um Rückruf unter {P} wegen fehlgeschlagener Zahlung ({A}) am {D}.",
              "Fall {TK} – eskaliert. Telefon: {P}. Kunde kommt nach Passwort-Reset nicht ins Konto."],
    tr_np=["[00:01:07] Agent: Wie erreichen wir Sie am besten?\n[00:01:12] Kundin: Unter {P}.\n[00:01:15] Agent: Danke, ist notiert.",
           "Sprecher 1: Wer kümmert sich um die Lieferung?\nSprecher 2: {N2} aus der Logistik, {P}, klärt das.\nSprecher 1: super"],
    tr_p=["[00:00:41] Agent: Unter welcher Telefonnummer erreichen wir Sie?\n[00:00:45] Kunde: {P}.\n[00:00:49] Agent: Danke, ist hinterlegt.",
          "Anrufer: Hallo, es geht um meine Bestellung {ID}\nAgent: Gern, unter welcher Nummer kann ich zurückrufen?\nAnrufer: {P}"],
    csv=["Kunden-ID", "Name", "Firma", "Angelegt", "Betrag", "PLZ"], csv_np="Kontakt", csv_p="Telefon",
    cal=["Betreff", "Wann", "Ort", "Notizen"], cal_subj=["Baustellenbegehung", "Quartalsgespräch", "Kick-off", "Besichtigung"],
    cal_np=["Ansprechpartner vor Ort: {N2}, {P}", "Am Empfang nach {N2} fragen: {P}"],
    cal_p=["Bei Verspätung bitte anrufen: {P}", "Einwahl per Telefon: {P}"],
    card_p=["Tel. {P}", "Mobil {P}", "Telefon: {P}", "Tel {P}"],
    yaml_note=["vormittags besser", "Messekontakt", "Rechnung offen", "Stammkunde"],
)
L["fr"] = dict(
    chat_np=["c'est {N}, je suis joignable au {P} jusqu'à vendredi", "{N2} dit d'écrire directement : {P}",
             "le plombier : {N2}, {P}, il passe jeudi", "garde ça stp → {P} ({N2}, syndic)", "au cas où : {P}"],
    chat_p=["tu peux me rappeler au {P} ?", "mon nouveau portable : {P}", "appelle {N2} au {P}, tout est calé",
            "le fixe c'est le {P}, mais après 18h"],
    fill=["ok ça marche", "j'arrive", "👍", "quelle entrée ?", "merci !", "{T} ça me va"],
    note_np=["{N2} ({CO}) – {P} – envoyer devis avant le {D}", "Salon {C} : {N2}, {P}, intéressé par un pilote, budget env. {A}",
             "Proprio {N2} / {P} / loyer le 5, réf. {ID}", "{N2} · {CO} · {P} · {EM}"],
    note_p=["À faire : appeler {N2} pour la facture {ID} – {P}", "{N2}, tél. {P} (plutôt le matin)",
            "Contact d'urgence : {N2}, portable {P}", "Standard {CO} : téléphone {P}"],
    ticket_np=["Ticket {TK} | Statut : ouvert | Le client {N2} ({CO}) signale une boucle de connexion depuis le {D}. Joignable au {P} entre 9h et 17h. Priorité 2.",
               "Résumé : remboursement de {A} demandé pour la commande {ID}. Le client souhaite être recontacté au {P} plutôt que par e-mail. Assigné à {N}."],
    ticket_p=["Ticket {TK} : le client {N2} demande à être rappelé au {P} suite à l'échec du paiement de {A} le {D}.",
              "Dossier {TK} – escaladé. Téléphone : {P}. Le client n'accède plus à son compte après réinitialisation."],
    tr_np=["[00:01:07] Conseiller : Comment peut-on vous joindre ?\n[00:01:12] Cliente : Au {P}.\n[00:01:15] Conseiller : Parfait, c'est noté.",
           "Intervenant 1 : qui s'occupe de la livraison ?\nIntervenant 2 : {N2} à la logistique, {P}, s'en occupe.\nIntervenant 1 : top"],
    tr_p=["[00:00:41] Conseiller : Quel est votre numéro de téléphone ?\n[00:00:45] Client : {P}.\n[00:00:49] Conseiller : Merci, c'est enregistré.",
          "Appelant : bonjour, c'est pour ma commande {ID}\nConseiller : à quel numéro puis-je vous rappeler ?\nAppelant : {P}"],
    csv=["id_client", "nom", "société", "créé_le", "montant", "code_postal"], csv_np="contact", csv_p="téléphone",
    cal=["Objet", "Quand", "Lieu", "Notes"], cal_subj=["Visite de chantier", "Point trimestriel", "Lancement projet", "Visite appartement"],
    cal_np=["Contact sur place : {N2}, {P}", "Demander {N2} à l'accueil : {P}"],
    cal_p=["En cas de retard, appeler le {P}", "Accès audio par téléphone : {P}"],
    card_p=["Tél. {P}", "Port. {P}", "Tél : {P}", "Mobile {P}"],
    yaml_note=["plutôt le matin", "rencontré au salon", "facture en attente", "client fidèle"],
)
L["es"] = dict(
    chat_np=["soy {N}, a partir de mañana estoy en el {P}", "{N2} dice que le escribas directamente: {P}",
             "el técnico: {N2}, {P}, viene el jueves", "guárdalo porfa → {P} ({N2}, administración)", "por si acaso: {P}"],
    chat_p=["¿me puedes llamar al {P} cuando puedas?", "mi nuevo móvil: {P}", "llama a {N2} al {P}, ya está al tanto",
            "el fijo es el {P}, pero a partir de las 6", "mi celular nuevo es {P}"],
    fill=["vale, perfecto", "ya voy", "👍", "¿qué puerta?", "¡gracias!", "a las {T} me va bien"],
    note_np=["{N2} ({CO}) – {P} – mandar presupuesto antes del {D}", "Feria {C}: {N2}, {P}, interesado en piloto, presupuesto aprox. {A}",
             "Casero {N2} / {P} / alquiler el día 5, ref. {ID}", "{N2} · {CO} · {P} · {EM}"],
    note_p=["Pendiente: llamar a {N2} por la factura {ID} – {P}", "{N2}, tel. {P} (mejor por la mañana)",
            "Contacto de emergencia: {N2}, móvil {P}", "Centralita {CO}: teléfono {P}"],
    ticket_np=["Ticket {TK} | Estado: abierto | El cliente {N2} ({CO}) reporta un bucle de inicio de sesión desde el {D}. Localizable en el {P} de 9 a 17 h. Prioridad 2.",
               "Resumen: se solicita reembolso de {A} del pedido {ID}. El cliente pide que le contactemos en el {P} en lugar de por correo. Asignado a {N}."],
    ticket_p=["Ticket {TK}: el cliente {N2} solicita que le llamen al {P} por el pago fallido de {A} del {D}.",
              "Caso {TK} – escalado. Teléfono: {P}. El cliente no puede acceder a su cuenta tras restablecer la contraseña."],
    tr_np=["[00:01:07] Agente: ¿Dónde le podemos localizar?\n[00:01:12] Clienta: En el {P}.\n[00:01:15] Agente: Perfecto, anotado.",
           "Hablante 1: ¿quién lleva lo de la entrega?\nHablante 2: {N2}, de logística, {P}, lo resuelve.\nHablante 1: genial"],
    tr_p=["[00:00:41] Agente: ¿Me confirma su número de teléfono?\n[00:00:45] Cliente: {P}.\n[00:00:49] Agente: Gracias, queda registrado.",
          "Cliente: hola, es por mi pedido {ID}\nAgente: claro, ¿a qué número le devuelvo la llamada?\nCliente: {P}"],
    csv=["id_cliente", "nombre", "empresa", "alta", "importe", "cp"], csv_np="contacto", csv_p="teléfono",
    cal=["Asunto", "Cuándo", "Lugar", "Notas"], cal_subj=["Visita de obra", "Revisión trimestral", "Arranque de proyecto", "Visita al piso"],
    cal_np=["Contacto en sitio: {N2}, {P}", "Preguntar por {N2} en recepción: {P}"],
    cal_p=["Si llegas tarde, llama al {P}", "Acceso por teléfono: {P}"],
    card_p=["Tel. {P}", "Móvil {P}", "Cel. {P}", "Tel: {P}"],
    yaml_note=["mejor por la mañana", "contacto de feria", "factura pendiente", "cliente habitual"],
)
L["it"] = dict(
    chat_np=["sono {N}, da domani mi trovi al {P}", "{N2} dice di scrivere direttamente: {P}",
             "l'idraulico: {N2}, {P}, passa giovedì", "salvalo per favore → {P} ({N2}, amministratore condominio)",
             "per ogni evenienza: {P}"],
    chat_p=["mi richiami al {P} appena puoi?", "il mio nuovo cellulare: {P}", "chiama {N2} al {P}, è già al corrente",
            "il fisso è {P}, ma dopo le 18"],
    fill=["ok perfetto", "arrivo", "👍", "quale ingresso?", "grazie!", "alle {T} va bene"],
    note_np=["{N2} ({CO}) – {P} – inviare preventivo entro il {D}", "Fiera {C}: {N2}, {P}, interessato a un pilota, budget circa {A}",
             "Proprietario {N2} / {P} / affitto il 5, rif. {ID}", "{N2} · {CO} · {P} · {EM}"],
    note_p=["Da fare: chiamare {N2} per la fattura {ID} – {P}", "{N2}, tel. {P} (meglio la mattina)",
            "Contatto di emergenza: {N2}, cell. {P}", "Centralino {CO}: telefono {P}"],
    ticket_np=["Ticket {TK} | Stato: aperto | Il cliente {N2} ({CO}) segnala un loop di login dal {D}. Reperibile al {P} dalle 9 alle 17. Priorità 2.",
               "Riepilogo: richiesto rimborso di {A} per l'ordine {ID}. Il cliente chiede di essere ricontattato al {P} anziché via e-mail. Assegnato a {N}."],
    ticket_p=["Ticket {TK}: il cliente {N2} chiede di essere richiamato al {P} per il pagamento non riuscito di {A} del {D}.",
              "Pratica {TK} – escalation. Telefono: {P}. Il cliente non accede all'account dopo il reset della password."],
    tr_np=["[00:01:07] Operatore: Dove possiamo trovarla?\n[00:01:12] Cliente: Al {P}.\n[00:01:15] Operatore: Perfetto, annotato.",
           "Interlocutore 1: chi segue la consegna?\nInterlocutore 2: {N2} della logistica, {P}, se ne occupa.\nInterlocutore 1: ottimo"],
    tr_p=["[00:00:41] Operatore: Mi conferma il suo numero di telefono?\n[00:00:45] Cliente: {P}.\n[00:00:49] Operatore: Grazie, registrato.",
          "Cliente: buongiorno, è per l'ordine {ID}\nOperatore: certo, a che numero la richiamo?\nCliente: {P}"],
    csv=["id_cliente", "nome", "azienda", "creato", "importo", "cap"], csv_np="contatto", csv_p="telefono",
    cal=["Oggetto", "Quando", "Luogo", "Note"], cal_subj=["Sopralluogo", "Revisione trimestrale", "Kick-off", "Visita appartamento"],
    cal_np=["Referente in loco: {N2}, {P}", "Chiedere di {N2} alla reception: {P}"],
    cal_p=["In caso di ritardo chiamare il {P}", "Accesso telefonico: {P}"],
    card_p=["Tel. {P}", "Cell. {P}", "Tel: {P}", "Mob. {P}"],
    yaml_note=["meglio la mattina", "conosciuto in fiera", "fattura aperta", "cliente storico"],
)
L["nl"] = dict(
    chat_np=["hoi, {N} hier, vanaf morgen ben ik bereikbaar op {P}", "{N2} zegt dat je rechtstreeks contact kunt opnemen: {P}",
             "de loodgieter: {N2}, {P}, komt donderdag", "even opslaan aub → {P} ({N2}, VvE)", "voor de zekerheid: {P}"],
    chat_p=["kun je me terugbellen op {P}?", "mijn nieuwe mobiel: {P}", "bel {N2} even op {P}, is op de hoogte",
            "vast nummer is {P}, maar pas na 18u"],
    fill=["prima, tot straks", "ben er zo", "👍", "welke ingang?", "dank je!", "{T} is goed"],
    note_np=["{N2} ({CO}) – {P} – offerte sturen vóór {D}", "Beurs {C}: {N2}, {P}, interesse in pilot, budget ca. {A}",
             "Verhuurder {N2} / {P} / huur op de 1e, ref. {ID}", "{N2} · {CO} · {P} · {EM}"],
    note_p=["TODO: {N2} bellen over factuur {ID} – {P}", "{N2}, tel. {P} (liefst 's ochtends)",
            "Noodcontact: {N2}, mobiel {P}", "Receptie {CO}: telefoon {P}"],
    ticket_np=["Ticket {TK} | Status: open | Klant {N2} ({CO}) meldt sinds {D} een inloglus. Bereikbaar op {P} tussen 9 en 17 uur. Prio 2.",
               "Samenvatting: terugbetaling van {A} aangevraagd voor bestelling {ID}. Klant wil liever via {P} benaderd worden dan per mail. Toegewezen aan {N}."],
    ticket_p=["Ticket {TK}: klant {N2} vraagt om teruggebeld te worden op {P} i.v.m. mislukte betaling van {A} op {D}.",
              "Zaak {TK} – geëscaleerd. Telefoon: {P}. Klant kan na wachtwoordreset niet inloggen."],
    tr_np=["[00:01:07] Medewerker: Hoe kunnen we u het beste bereiken?\n[00:01:12] Klant: Op {P}.\n[00:01:15] Medewerker: Top, genoteerd.",
           "Spreker 1: wie regelt de levering?\nSpreker 2: {N2} van logistiek, {P}, lost het op.\nSpreker 1: prima"],
    tr_p=["[00:00:41] Medewerker: Wat is uw telefoonnummer?\n[00:00:45] Klant: {P}.\n[00:00:49] Medewerker: Dank u, staat erin.",
          "Klant: hallo, het gaat om bestelling {ID}\nMedewerker: op welk nummer kan ik u terugbellen?\nKlant: {P}"],
    csv=["klant_id", "naam", "bedrijf", "aangemaakt", "bedrag", "postcode"], csv_np="contact", csv_p="telefoon",
    cal=["Onderwerp", "Wanneer", "Locatie", "Notities"], cal_subj=["Bouwoverleg", "Kwartaalgesprek", "Kick-off", "Bezichtiging"],
    cal_np=["Contactpersoon ter plaatse: {N2}, {P}", "Bij de receptie naar {N2} vragen: {P}"],
    cal_p=["Bij vertraging bellen naar {P}", "Inbellen via telefoon: {P}"],
    card_p=["Tel. {P}", "Mob. {P}", "Tel: {P}", "Mobiel {P}"],
    yaml_note=["liefst 's ochtends", "ontmoet op beurs", "factuur open", "vaste klant"],
)
L["sv"] = dict(
    chat_np=["hej, {N} här – från i morgon når du mig på {P}", "{N2} säger att du kan höra av dig direkt: {P}",
             "rörmokaren: {N2}, {P}, kommer på torsdag", "spara den här tack → {P} ({N2}, BRF)", "för säkerhets skull: {P}"],
    chat_p=["kan du ringa mig på {P}?", "mitt nya mobilnummer: {P}", "ring {N2} på {P}, allt är förberett",
            "hemtelefonen är {P}, men efter 18"],
    fill=["toppen, vi ses", "är där snart", "👍", "vilken entré?", "tack!", "{T} funkar"],
    note_np=["{N2} ({CO}) – {P} – skicka offert före {D}", "Mässan i {C}: {N2}, {P}, intresserad av pilot, budget ca {A}",
             "Hyresvärd {N2} / {P} / hyran den 25:e, ref. {ID}", "{N2} · {CO} · {P} · {EM}"],
    note_p=["Att göra: ring {N2} om faktura {ID} – {P}", "{N2}, tfn {P} (helst förmiddag)",
            "Nödkontakt: {N2}, mobil {P}", "Växel {CO}: telefon {P}"],
    ticket_np=["Ärende {TK} | Status: öppet | Kunden {N2} ({CO}) har inloggningsproblem sedan {D}. Nås på {P} mellan 9 och 17. Prio 2.",
               "Sammanfattning: återbetalning på {A} begärd för order {ID}. Kunden vill hellre bli kontaktad via {P} än via mejl. Tilldelad {N}."],
    ticket_p=["Ärende {TK}: kunden {N2} vill bli uppringd på {P} angående misslyckad betalning på {A} den {D}.",
              "Ärende {TK} – eskalerat. Telefon: {P}. Kunden kommer inte in på kontot efter lösenordsbyte."],
    tr_np=["[00:01:07] Handläggare: Hur når vi dig enklast?\n[00:01:12] Kund: På {P}.\n[00:01:15] Handläggare: Toppen, noterat.",
           "Talare 1: vem sköter leveransen?\nTalare 2: {N2} på logistik, {P}, fixar det.\nTalare 1: bra"],
    tr_p=["[00:00:41] Handläggare: Vilket telefonnummer har du?\n[00:00:45] Kund: {P}.\n[00:00:49] Handläggare: Tack, det är sparat.",
          "Kund: hej, det gäller order {ID}\nHandläggare: vilket nummer kan jag ringa tillbaka på?\nKund: {P}"],
    csv=["kund_id", "namn", "företag", "skapad", "belopp", "ort"], csv_np="kontakt", csv_p="telefon",
    cal=["Ämne", "När", "Plats", "Anteckningar"], cal_subj=["Platsbesök", "Kvartalsgenomgång", "Uppstart", "Visning"],
    cal_np=["Kontaktperson på plats: {N2}, {P}", "Fråga efter {N2} i receptionen: {P}"],
    cal_p=["Vid försening, ring {P}", "Telefonmöte: {P}"],
    card_p=["Tel. {P}", "Mobil {P}", "Tfn {P}", "Tel: {P}"],
    yaml_note=["helst förmiddag", "träffad på mässa", "faktura obetald", "stamkund"],
)
L["pl"] = dict(
    chat_np=["cześć, tu {N}, od jutra jestem pod {P}", "{N2} mówi, żeby pisać bezpośrednio: {P}",
             "hydraulik: {N2}, {P}, przyjdzie w czwartek", "zapisz to proszę → {P} ({N2}, wspólnota)", "na wszelki wypadek: {P}"],
    chat_p=["możesz oddzwonić na {P}?", "mój nowy numer komórki: {P}", "zadzwoń do {N2} na {P}, wszystko ustalone",
            "stacjonarny to {P}, ale po 18 (tel. domowy)"],
    fill=["ok, pasuje", "już jadę", "👍", "które wejście?", "dzięki!", "{T} pasuje"],
    note_np=["{N2} ({CO}) – {P} – wysłać ofertę do {D}", "Targi {C}: {N2}, {P}, zainteresowany pilotażem, budżet ok. {A}",
             "Właściciel mieszkania {N2} / {P} / czynsz do 10., ref. {ID}", "{N2} · {CO} · {P} · {EM}"],
    note_p=["Do zrobienia: zadzwonić do {N2} ws. faktury {ID} – {P}", "{N2}, tel. {P} (najlepiej rano)",
            "Kontakt awaryjny: {N2}, kom. {P}", "Centrala {CO}: telefon {P}"],
    ticket_np=["Zgłoszenie {TK} | Status: otwarte | Klient {N2} ({CO}) zgłasza pętlę logowania od {D}. Dostępny pod {P} w godz. 9–17. Priorytet 2.",
               "Podsumowanie: wniosek o zwrot {A} za zamówienie {ID}. Klient prosi o kontakt pod {P} zamiast mailowo. Przypisane: {N}."],
    ticket_p=["Zgłoszenie {TK}: klient {N2} prosi o oddzwonienie pod {P} w sprawie nieudanej płatności {A} z {D}.",
              "Sprawa {TK} – eskalacja. Telefon: {P}. Klient nie może zalogować się po resecie hasła."],
    tr_np=["[00:01:07] Konsultant: Jak najlepiej się z panią skontaktować?\n[00:01:12] Klientka: Pod {P}.\n[00:01:15] Konsultant: Dziękuję, zanotowane.",
           "Mówca 1: kto ogarnia dostawę?\nMówca 2: {N2} z logistyki, {P}, załatwi to.\nMówca 1: super"],
    tr_p=["[00:00:41] Konsultant: Jaki jest pana numer telefonu?\n[00:00:45] Klient: {P}.\n[00:00:49] Konsultant: Dziękuję, zapisane.",
          "Klient: dzień dobry, chodzi o zamówienie {ID}\nKonsultant: na jaki numer mogę oddzwonić?\nKlient: {P}"],
    csv=["id_klienta", "imię_nazwisko", "firma", "utworzono", "kwota", "kod_pocztowy"], csv_np="kontakt", csv_p="telefon",
    cal=["Temat", "Kiedy", "Miejsce", "Notatki"], cal_subj=["Wizja lokalna", "Przegląd kwartalny", "Spotkanie startowe", "Oglądanie mieszkania"],
    cal_np=["Osoba kontaktowa na miejscu: {N2}, {P}", "W recepcji pytać o {N2}: {P}"],
    cal_p=["W razie spóźnienia dzwonić: {P}", "Dołączenie telefoniczne: {P}"],
    card_p=["tel. {P}", "kom. {P}", "Tel.: {P}", "tel. kom. {P}"],
    yaml_note=["najlepiej rano", "poznany na targach", "faktura otwarta", "stały klient"],
)
L["pt"] = dict(
    chat_np=["oi, é a {N}, a partir de amanhã estou no {P}", "{N2} pediu pra falar direto: {P}",
             "o encanador: {N2}, {P}, vem na quinta", "salva aí por favor → {P} ({N2}, síndico)", "só pra garantir: {P}"],
    chat_p=["pode me ligar no {P} quando der?", "meu celular novo: {P}", "liga pra {N2} no {P}, já tá sabendo",
            "o fixo é {P}, mas só depois das 18h", "me chama no zap {P}"],
    fill=["fechado", "tô chegando", "👍", "qual portaria?", "valeu!", "{T} tá ótimo"],
    note_np=["{N2} ({CO}) – {P} – mandar orçamento até {D}", "Feira {C}: {N2}, {P}, interessado em piloto, orçamento aprox. {A}",
             "Proprietário {N2} / {P} / aluguel dia 5, ref. {ID}", "{N2} · {CO} · {P} · {EM}"],
    note_p=["Pendente: ligar pra {N2} sobre a nota {ID} – {P}", "{N2}, tel. {P} (melhor de manhã)",
            "Contato de emergência: {N2}, cel. {P}", "Recepção {CO}: telefone {P}"],
    ticket_np=["Ticket {TK} | Status: aberto | Cliente {N2} ({CO}) relata loop de login desde {D}. Disponível no {P} das 9h às 17h. Prioridade 2.",
               "Resumo: reembolso de {A} solicitado para o pedido {ID}. Cliente prefere contato pelo {P} em vez de e-mail. Atribuído a {N}."],
    ticket_p=["Chamado {TK}: cliente {N2} pede retorno por telefone no {P} sobre pagamento recusado de {A} em {D}.",
              "Caso {TK} – escalado. Telefone: {P}. Cliente não consegue acessar a conta após redefinir a senha."],
    tr_np=["[00:01:07] Atendente: Qual a melhor forma de falar com a senhora?\n[00:01:12] Cliente: No {P}.\n[00:01:15] Atendente: Perfeito, anotado.",
           "Pessoa 1: quem cuida da entrega?\nPessoa 2: {N2} da logística, {P}, resolve.\nPessoa 1: show"],
    tr_p=["[00:00:41] Atendente: Qual o seu telefone para contato?\n[00:00:45] Cliente: {P}.\n[00:00:49] Atendente: Obrigado, registrado.",
          "Cliente: oi, é sobre o pedido {ID}\nAtendente: claro, em qual número posso retornar a ligação?\nCliente: {P}"],
    csv=["id_cliente", "nome", "empresa", "criado_em", "valor", "cep"], csv_np="contato", csv_p="telefone",
    cal=["Assunto", "Quando", "Local", "Observações"], cal_subj=["Visita técnica", "Revisão trimestral", "Kick-off", "Visita ao imóvel"],
    cal_np=["Contato no local: {N2}, {P}", "Procurar {N2} na recepção: {P}"],
    cal_p=["Se atrasar, ligar para {P}", "Acesso por telefone: {P}"],
    card_p=["Tel. {P}", "Cel. {P}", "Fone: {P}", "WhatsApp {P}"],
    yaml_note=["melhor de manhã", "conheci na feira", "nota em aberto", "cliente antigo"],
)
L["ja"] = dict(
    chat_np=["{N}です。明日からはこちらにお願いします：{P}", "{N2}さんに直接連絡してください。{P}",
             "水道屋さん：{N2}さん {P} 木曜に来ます", "念のため控えておいて→{P}（{N2}さん・管理会社）", "連絡先変わりました {P}"],
    chat_p=["{P}に折り返しお電話いただけますか？", "新しい携帯番号です：{P}", "{N2}さんに電話して。{P} 話は通してあります",
            "固定電話は{P}、18時以降でお願いします"],
    fill=["了解です", "もうすぐ着きます", "👍", "どの入口？", "ありがとう！", "{T}で大丈夫です"],
    note_np=["{N2}（{CO}）：{P}／{D}までに見積送付", "{C}展示会：{N2}様 {P} パイロット導入に関心、予算約{A}",
             "大家 {N2} / {P} / 家賃は毎月27日、管理ID {ID}", "{N2}・{CO}・{P}・{EM}"],
    note_p=["TODO：請求書{ID}の件で{N2}さんに電話 {P}", "{N2}さん TEL {P}（午前中希望）",
            "緊急連絡先：{N2}（携帯）{P}", "{CO} 代表電話 {P}"],
    ticket_np=["チケット{TK}｜ステータス：対応中｜{CO}の{N2}様より、{D}からログインがループするとの報告。平日9時〜17時は{P}で対応可。優先度2。",
               "概要：注文{ID}について{A}の返金依頼。メールではなく{P}への連絡を希望。担当：{N}。"],
    ticket_p=["チケット{TK}：{N2}様より、{D}の決済失敗（{A}）について{P}へ折り返し電話の依頼あり。",
              "案件{TK}（エスカレーション済）電話：{P}。パスワード再設定後にログイン不可。"],
    tr_np=["[00:01:07] オペレーター：ご連絡先を伺えますか。\n[00:01:12] お客様：{P}です。\n[00:01:15] オペレーター：承知しました。",
           "話者1：配送の件は誰に聞けばいい？\n話者2：物流の{N2}さん、{P}。\n話者1：了解"],
    tr_p=["[00:00:41] オペレーター：お電話番号をお願いします。\n[00:00:45] お客様：{P}です。\n[00:00:49] オペレーター：ありがとうございます。",
          "お客様：注文{ID}の件でお電話しました\nオペレーター：折り返しのお電話番号は？\nお客様：{P}"],
    csv=["顧客ID", "氏名", "会社名", "登録日", "金額", "〒"], csv_np="連絡先", csv_p="電話番号",
    cal=["件名", "日時", "場所", "メモ"], cal_subj=["現地調査", "四半期レビュー", "キックオフ", "内見"],
    cal_np=["現地担当：{N2}さん {P}", "受付で{N2}さんを呼び出し：{P}"],
    cal_p=["遅れる場合は{P}へ電話", "電話会議：{P}"],
    card_p=["TEL {P}", "携帯 {P}", "TEL：{P}", "Tel. {P}"],
    yaml_note=["午前中希望", "展示会で名刺交換", "請求未処理", "常連"],
)
L["zh"] = dict(
    chat_np=["我是{N}，明天起找我请用{P}", "{N2}说直接联系就行：{P}", "修水管的师傅：{N2}，{P}，周四上门",
             "帮忙存一下→{P}（{N2}，物业）", "新的联系方式：{P}"],
    chat_p=["方便的话回个电话，{P}", "我换新手机号了：{P}", "给{N2}打电话，{P}，已经打过招呼了", "座机是{P}，下午6点以后打"],
    fill=["好的", "马上到", "👍", "哪个门？", "谢谢！", "{T}可以"],
    note_np=["{N2}（{CO}）：{P}，{D}前发报价", "{C}展会：{N2}，{P}，对试点感兴趣，预算约{A}",
             "房东{N2} / {P} / 每月5日交房租，单据{ID}", "{N2}·{CO}·{P}·{EM}"],
    note_p=["待办：就发票{ID}给{N2}打电话 {P}", "{N2} 电话 {P}（上午方便）", "紧急联系人：{N2}，手机{P}", "{CO}总机电话 {P}"],
    ticket_np=["工单{TK}｜状态：处理中｜{CO}的{N2}反映自{D}起登录循环。工作日9点至17点可通过{P}联系。优先级2。",
               "摘要：订单{ID}申请退款{A}。客户希望通过{P}联系，不要发邮件。负责人：{N}。"],
    ticket_p=["工单{TK}：{N2}请求回电至{P}，关于{D}支付失败（{A}）。", "案例{TK}（已升级）电话：{P}。重置密码后无法登录。"],
    tr_np=["[00:01:07] 客服：请问怎么联系您比较方便？\n[00:01:12] 客户：{P}。\n[00:01:15] 客服：好的，已记录。",
           "说话人1：配送的事找谁？\n说话人2：物流部的{N2}，{P}，会处理。\n说话人1：好的"],
    tr_p=["[00:00:41] 客服：请提供您的联系电话。\n[00:00:45] 客户：{P}。\n[00:00:49] 客服：好的，谢谢。",
          "客户：你好，我问一下订单{ID}\n客服：请问回拨哪个号码？\n客户：{P}"],
    csv=["客户ID", "姓名", "公司", "创建日期", "金额", "邮编"], csv_np="联系方式", csv_p="联系电话",
    cal=["主题", "时间", "地点", "备注"], cal_subj=["现场勘查", "季度复盘", "项目启动会", "看房"],
    cal_np=["现场对接人：{N2} {P}", "到前台找{N2}：{P}"],
    cal_p=["如迟到请拨打{P}", "电话会议：{P}"],
    card_p=["电话 {P}", "手机 {P}", "Tel：{P}", "手机：{P}"],
    yaml_note=["上午方便", "展会认识", "发票未结", "老客户"],
)

REGION_EXTRA = {
    "IN": dict(chat_np=["bhai {N2} ka contact {P} hai, kal tak confirm karega", "sir pls share the quote with {N2}, {P}"],
               chat_p=["Sir pls call on {P} after 6pm", "whatsapp pe bhej do, {P}"]),
    "MX": dict(chat_p=["¿me marcas al {P} cuando puedas?", "mi cel nuevo: {P}"]),
    "AU": dict(chat_np=["arvo works, I'm on {P} if anything changes"]),
    "GB": dict(chat_np=["cheers, I'm on {P} if anything comes up"]),
}


def lang_for(rng, region):
    if region == "CA":
        return "fr" if rng.random() < 0.3 else "en"
    if region == "CH":
        x = rng.random()
        return "fr" if x < 0.3 else ("it" if x < 0.4 else "de")
    if region == "BE":
        return "fr" if rng.random() < 0.5 else "nl"
    return {"US": "en", "GB": "en", "IE": "en", "AU": "en", "IN": "en", "DE": "de", "AT": "de", "FR": "fr",
            "ES": "es", "MX": "es", "IT": "it", "NL": "nl", "SE": "sv", "PL": "pl", "BR": "pt", "JP": "ja",
            "CN": "zh"}[region]


def fill(t, ctx):
    return re.sub(r"\{([A-Z0-9_]+)\}", lambda m: ctx[m.group(1)], t)


def chat_stamps(rng, region, n):
    """n increasing chat-export timestamps in the region's usual export style"""
    y, m, d = rand_date(rng)
    t = rng.randint(7 * 3600, 21 * 3600)
    out = []
    for _ in range(n):
        h, mi, s = t // 3600, (t // 60) % 60, t % 60
        out.append(_stamp(region, y, m, d, h, mi, s))
        t += rng.randint(5, 900)
    return out


def _stamp(region, y, m, d, h, mi, s):
    if region == "US":
        return "[%d/%d/%02d, %d:%02d %s]" % (m, d, y % 100, (h - 1) % 12 + 1, mi, "AM" if h < 12 else "PM")
    if region in ("GB", "IE", "AU"):
        return "[%02d/%02d/%d, %02d:%02d]" % (d, m, y, h, mi)
    if region == "IN":
        return "%02d/%02d/%02d, %d:%02d %s -" % (d, m, y % 100, (h - 1) % 12 + 1, mi, "am" if h < 12 else "pm")
    if region in ("DE", "AT", "CH"):
        return "[%02d.%02d.%02d, %02d:%02d:%02d]" % (d, m, y % 100, h, mi, s)
    if region in ("FR", "BE", "CA"):
        return "%02d/%02d/%d %02d:%02d -" % (d, m, y, h, mi)
    if region in ("ES", "MX"):
        return "[%d/%d/%02d, %d:%02d]" % (d, m, y % 100, h, mi)
    if region == "IT":
        return "%02d/%02d/%02d, %02d:%02d -" % (d, m, y % 100, h, mi)
    if region == "NL":
        return "[%02d-%02d-%d %02d:%02d]" % (d, m, y, h, mi)
    if region == "SE":
        return "%d-%02d-%02d %02d:%02d" % (y, m, d, h, mi)
    if region == "PL":
        return "[%02d.%02d.%d, %02d:%02d]" % (d, m, y, h, mi)
    if region == "BR":
        return "[%02d/%02d/%d %02d:%02d]" % (d, m, y, h, mi)
    if region == "JP":
        return "%02d:%02d" % (h, mi)
    if region == "CN":
        return "%d-%02d-%02d %02d:%02d" % (y, m, d, h, mi)
    raise KeyError(region)


def first(name):
    return name.split()[0] if " " in name and not re.search(r"[\u3040-\u9fff]", name) else name


def style_chat(rng, region, lang, ctx, np_):
    T = L[lang]
    extra = REGION_EXTRA.get(region, {})
    pool = T["chat_np" if np_ else "chat_p"] + extra.get("chat_np" if np_ else "chat_p", [])
    msg = fill(rng.choice(pool), ctx)
    me, other = first(ctx["N"]), first(ctx["N2"] if rng.random() < 0.5 else rng.choice(R[region]["names"]))
    if other == me:
        other = first(rng.choice([n for n in R[region]["names"] if first(n) != me]))
    before = [(other, fill(rng.choice(T["fill"]), ctx))] if rng.random() < 0.7 else []
    after = [(other, fill(rng.choice(T["fill"]), ctx))] if rng.random() < 0.7 else []
    seq = before + [(me, msg)] + after
    if region == "JP":
        y, m, d = rand_date(rng)
        wd = "月火水木金土日"[rng.randint(0, 6)]
        st = chat_stamps(rng, region, len(seq))
        lines = ["%d/%02d/%02d(%s)" % (y, m, d, wd)] + ["%s\t%s\t%s" % (t, a, b) for t, (a, b) in zip(st, seq)]
        return "\n".join(lines)
    st = chat_stamps(rng, region, len(seq))
    if region == "CN":
        return "\n".join("%s %s\n%s" % (a, t, b) for t, (a, b) in zip(st, seq))
    return "\n".join("%s %s: %s" % (t, a, b) for t, (a, b) in zip(st, seq))


def style_note(rng, region, lang, ctx, np_):
    return fill(rng.choice(L[lang]["note_np" if np_ else "note_p"]), ctx)


def style_ticket(rng, region, lang, ctx, np_):
    return fill(rng.choice(L[lang]["ticket_np" if np_ else "ticket_p"]), ctx)


def style_transcript(rng, region, lang, ctx, np_):
    return fill(rng.choice(L[lang]["tr_np" if np_ else "tr_p"]), ctx)


CSV_DELIM = {"en": ",", "de": ";", "fr": ";", "es": ";", "it": ";", "nl": ";", "sv": ";", "pl": ";",
             "pt": ";", "ja": ",", "zh": ","}


def style_csv(rng, region, lang, ctx, np_):
    T = L[lang]
    hdr = T["csv"]
    plabel = T["csv_np" if np_ else "csv_p"]
    keep = [0, 1] + sorted(rng.sample([2, 3, 4, 5], rng.randint(2, 4)))
    ppos = rng.randint(1, len(keep))
    header = [hdr[i] for i in keep]
    header.insert(ppos, plabel)
    nrows = rng.randint(1, 3)
    prow = rng.randrange(nrows)
    rows = []
    for r in range(nrows):
        name = ctx["N2"] if r == prow else rng.choice(R[region]["names"])
        co = ctx["CO"] if r == prow else rng.choice(R[region]["cos"])
        y, m, d = rand_date(rng)
        vals = {0: rec_id(rng), 1: name, 2: co, 3: "%d-%02d-%02d" % (y, m, d) if rng.random() < 0.6 else date_str(rng, region, lang, False),
                4: small_amount(rng, region, lang).replace("\u202f", " "), 5: postcode(rng, region) if hdr[5] != "ort" else rng.choice(R[region]["cities"])}
        row = [vals[i] for i in keep]
        if r == prow:
            cell = ctx["P"]
        else:
            cell = rng.choice([email(rng, region, name, co), ""])
        row.insert(ppos, cell)
        rows.append(row)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=CSV_DELIM[lang], lineterminator="\n",
                   quoting=csv.QUOTE_MINIMAL if rng.random() < 0.6 else csv.QUOTE_ALL)
    w.writerow(header)
    for row in rows:
        w.writerow(row)
    return buf.getvalue().rstrip("\n")


def style_yaml(rng, region, lang, ctx, np_):
    key = rng.choice(["contact", "reach", "primary_contact"]) if np_ else rng.choice(["phone", "mobile", "tel"])
    v = ctx["P"]
    if rng.random() < 0.3:
        v = '"' + v + '"'
    lines = ["- name: " + ctx["N2"], "  org: " + ctx["CO"], "  %s: %s" % (key, v), "  city: " + ctx["C"],
             "  last_seen: %d-%02d-%02d" % rand_date(rng), "  note: " + rng.choice(L[lang]["yaml_note"])]
    if rng.random() < 0.5:
        lines.insert(3, "  email: " + ctx["EM"])
    if rng.random() < 0.5:
        lines = ["memory:", "  kind: contact", "  id: " + rec_id(rng), "  entity:"] + ["    " + l[2:] for l in lines]
    return "\n".join(lines)


def style_vcard(rng, region, lang, ctx, np_):
    assert not np_
    t = rng.choice(["CELL", "WORK", "cell", "work,voice"])
    lines = ["BEGIN:VCARD", "VERSION:3.0", "FN:" + ctx["N2"], "ORG:" + ctx["CO"], "TITLE:" + ctx["ROLE"],
             "TEL;TYPE=%s:%s" % (t, ctx["P"]), "EMAIL:" + ctx["EM"], "END:VCARD"]
    return "\n".join(lines)


def style_calendar(rng, region, lang, ctx, np_):
    T = L[lang]
    lab = T["cal"]
    note = fill(rng.choice(T["cal_np" if np_ else "cal_p"]), ctx)
    if rng.random() < 0.5:
        return "\n".join(["%s: %s – %s" % (lab[0], rng.choice(T["cal_subj"]), ctx["CO"]),
                          "%s: %s, %s–%s" % (lab[1], ctx["D"], ctx["T"], ctx["T2"]),
                          "%s: %s" % (lab[2], ctx["ADDR"]),
                          "%s: %s" % (lab[3], note)])
    y, m, d = rand_date(rng)
    h = rng.randint(8, 17)
    return "\n".join(["BEGIN:VEVENT", "DTSTART:%d%02d%02dT%02d0000" % (y, m, d, h),
                      "DTEND:%d%02d%02dT%02d3000" % (y, m, d, h),
                      "SUMMARY:%s (%s)" % (rng.choice(T["cal_subj"]), ctx["CO"]),
                      "LOCATION:" + ctx["ADDR"].replace(",", "\\,"),
                      "DESCRIPTION:" + note.replace(",", "\\,"), "END:VEVENT"])


def ocr_noise(rng, s):
    # OCR artefacts on text lines only (never on digits): l->I, rn->m, stray pipe
    if re.search(r"\d", s) or rng.random() < 0.6:
        return s
    if "rn" in s and rng.random() < 0.5:
        return s.replace("rn", "m", 1)
    if "l" in s:
        i = s.index("l")
        return s[:i] + "I" + s[i + 1:]
    return s + " |"


def style_card(rng, region, lang, ctx, np_):
    co = ctx["CO"].upper() if rng.random() < 0.5 and lang not in ("ja", "zh") else ctx["CO"]
    plines = [ctx["P"]] if np_ else [fill(rng.choice(L[lang]["card_p"]), ctx)]
    if np_ and rng.random() < 0.4:
        plines = [ctx["P"] + " | " + ctx["EM"]]
        em = []
    else:
        em = [ctx["EM"]]
    dom = ctx["EM"].split("@")[1]
    parts = [co, ctx["N2"], ctx["ROLE"], ctx["ADDR"].replace(", ", "\n", 1 if rng.random() < 0.5 else 0)] + plines + em
    if dom not in FREEMAIL and rng.random() < 0.6:
        parts.append("www." + dom)
    parts = [ocr_noise(rng, p) for p in parts]
    if rng.random() < 0.3:
        parts.insert(rng.randint(1, 3), "")
    return "\n".join(parts)


STYLES = [style_chat, style_csv, style_yaml, style_calendar, style_card, style_ticket, style_transcript,
          style_note, style_vcard]

# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def spans(text, region):
    return [(m.start, m.end, m.raw_string) for m in phonenumbers.PhoneNumberMatcher(text, region)]


def positive_ok(text, value, region, np_):
    if text.count(value) != 1:
        return False
    s = text.index(value)
    e = s + len(value)
    if not any(a == s and b == e and raw == value for a, b, raw in spans(text, region)):
        return False
    for rg in REGIONS:
        for a, b, _ in spans(text, rg):
            if b <= s or a >= e:
                return False
    has = bool(PHONE_WORDS.search(text))
    return has != np_


def value_ok(value, region, num):
    try:
        p = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return False
    return (phonenumbers.is_valid_number(p) and p.country_code == num.country_code
            and p.national_number == num.national_number
            and phonenumbers.region_code_for_number(p) == region)


def negative_ok(text):
    for rg in REGIONS:
        if spans(text, rg):
            return False
    return True


# ---------------------------------------------------------------------------
# Positives
# ---------------------------------------------------------------------------


def make_positive(rng, region, fmt, kind, np_, style_idx):
    for attempt in range(400):
        num = draw_number(rng, region, kind)
        vname = rng.choice(variants_for(region, fmt, kind))
        value = (international_variant if fmt == "international" else national_variant)(rng, vname, num)
        if not value_ok(value, region, num):
            continue
        if (fmt == "international") != bool(re.match(r"^(\+|\(\+|00)", value)):
            continue
        lang = lang_for(rng, region)
        style = STYLES[style_idx]
        if style is style_vcard and np_:
            style = style_yaml
        n, n2 = rng.sample(R[region]["names"], 2)
        co = rng.choice(R[region]["cos"])
        ctx = dict(P=value, N=n, N2=n2, CO=co, C=rng.choice(R[region]["cities"]),
                   D=date_str(rng, region, lang),
                   A=small_amount(rng, region, lang), ADDR=address(rng, region), ID=rec_id(rng), TK=tk_id(rng),
                   EM=email(rng, region, n2, co), ROLE=rng.choice(R[region]["roles"]))
        ctx["T"], ctx["T2"] = time_pair(rng, region)
        text = style(rng, region, lang, ctx, np_)
        if positive_ok(text, value, region, np_):
            return {"region": region, "text": text, "value": value, "format": fmt}, kind, vname, lang
    raise RuntimeError("could not build positive for %s %s %s" % (region, fmt, kind))


# ---------------------------------------------------------------------------
# Negatives
# ---------------------------------------------------------------------------
NEG_LAB = {
    "order": dict(en="order", de="Bestellung", fr="commande", es="pedido", it="ordine", nl="bestelling", sv="order",
                  pl="zamówienie", pt="pedido", ja="注文", zh="订单"),
    "invoice": dict(en="invoice", de="Rechnung", fr="facture", es="factura", it="fattura", nl="factuur", sv="faktura",
                    pl="faktura", pt="nota fiscal", ja="請求書", zh="发票"),
    "tracking": dict(en="tracking", de="Sendungsverfolgung", fr="suivi colis", es="seguimiento", it="tracking",
                     nl="track & trace", sv="kolli-id", pl="przesyłka", pt="rastreio", ja="お問い合わせ伝票", zh="运单"),
    "amount": dict(en="total", de="Summe", fr="montant", es="importe", it="importo", nl="bedrag", sv="belopp",
                   pl="kwota", pt="valor", ja="合計", zh="金额"),
    "datetime": dict(en="slot", de="Termin", fr="créneau", es="cita", it="appuntamento", nl="afspraak", sv="tid",
                     pl="termin", pt="horário", ja="日時", zh="时间"),
    "address": dict(en="address", de="Adresse", fr="adresse", es="dirección", it="indirizzo", nl="adres", sv="adress",
                    pl="adres", pt="endereço", ja="住所", zh="地址"),
    "version": dict(en="version", de="Version", fr="version", es="versión", it="versione", nl="versie", sv="version",
                    pl="wersja", pt="versão", ja="バージョン", zh="版本"),
    "isbn": dict(en="ISBN", de="ISBN", fr="ISBN", es="ISBN", it="ISBN", nl="ISBN", sv="ISBN", pl="ISBN", pt="ISBN",
                 ja="ISBN", zh="ISBN"),
    "gps": dict(en="coords", de="Koordinaten", fr="coordonnées GPS", es="coordenadas", it="coordinate", nl="coördinaten",
                sv="koordinater", pl="współrzędne", pt="coordenadas", ja="座標", zh="坐标"),
    "serial": dict(en="S/N", de="Seriennr.", fr="n° de série", es="nº de serie", it="matricola", nl="serienr.",
                   sv="serienr", pl="nr seryjny", pt="nº de série", ja="シリアル", zh="序列号"),
    "account": dict(en="account", de="Bankverbindung", fr="RIB", es="cuenta", it="IBAN", nl="rekening", sv="konto",
                    pl="rachunek", pt="conta", ja="振込先", zh="收款账户"),
    "vat": dict(en="tax id", de="USt-IdNr.", fr="TVA intracom.", es="CIF", it="P.IVA", nl="btw-id", sv="org.nr",
                pl="NIP", pt="CNPJ", ja="登録番号", zh="统一社会信用代码"),
    "natid": dict(en="ID", de="Steuer-ID", fr="n° sécu", es="DNI", it="codice fiscale", nl="BSN", sv="personnr",
                  pl="PESEL", pt="CPF", ja="マイナンバー", zh="身份证"),
    "net": dict(en="IP", de="IP", fr="IP", es="IP", it="IP", nl="IP", sv="IP", pl="IP", pt="IP", ja="IP", zh="IP"),
}
NEG_CATS = list(NEG_LAB.keys())
# tax / national ids are named per country, not per language
VAT_LABEL = dict(US="EIN", CA="BN", GB="VAT reg.", IE="VAT no.", AU="ABN", IN="GSTIN", DE="USt-IdNr.", AT="UID",
                 CH="UID", FR="TVA intracom.", BE="TVA/btw", NL="btw-id", ES="CIF", MX="RFC", IT="P.IVA",
                 SE="org.nr", PL="NIP", BR="CNPJ", JP="登録番号", CN="统一社会信用代码")
NATID_LABEL = dict(US="SSN", CA="SIN", GB="NINO", IE="PPSN", AU="TFN", IN="Aadhaar", DE="Steuer-ID", AT="SV-Nr.",
                   CH="AHV-Nr.", FR="n° sécu", BE="rijksregister/registre national", NL="BSN", ES="DNI", MX="CURP",
                   IT="codice fiscale", SE="personnr", PL="PESEL", BR="CPF", JP="マイナンバー", CN="身份证")


def neg_label(cat, region, lang):
    if cat == "vat":
        return VAT_LABEL[region]
    if cat == "natid":
        return NATID_LABEL[region]
    return NEG_LAB[cat][lang]


def iban(rng, cc, bban):
    rearr = bban + cc + "00"
    num = "".join(str(int(c, 36)) for c in rearr)
    ck = 98 - int(num) % 97
    s = cc + "%02d" % ck + bban
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def isbn13(rng):
    core = "978" + rng.choice(["3", "2", "84", "88", "90", "91", "83", "85", "4", "7", "1", "0"])
    pub = rdigits(rng, rng.randint(2, 5))
    title = rdigits(rng, 12 - len(core) - len(pub))
    body = core + pub + title
    tot = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    ck = str((10 - tot % 10) % 10)
    return "-".join([core[:3], core[3:], pub, title, ck])


def neg_value(rng, cat, region, lang):
    d = lambda n: rdigits(rng, n)
    if cat == "order":
        return rng.choice(["%s-%s-%s" % (d(3), d(7), d(7)), "#%s" % d(6), "%s-%d-%s" % (region, rng.choice([2023, 2024, 2025]), d(6)),
                           "SO%s" % d(8), "%d/%s/%s" % (rng.choice([2024, 2025]), d(2), d(5))])
    if cat == "invoice":
        return rng.choice(["INV-%d-%s" % (rng.choice([2023, 2024]), d(5)), "RE-%d-%s" % (rng.choice([2024, 2025]), d(4)),
                           "F%d/%s" % (rng.choice([2024, 2025]), d(4)), "FV/%s/%02d/%d" % (d(3), rng.randint(1, 12), rng.choice([2024, 2025])),
                           "%s-%s" % (d(4), d(6)) + "/A", "No. %s" % d(8)])
    if cat == "tracking":
        return rng.choice(["1Z%s%s%s" % (rng.choice(["999AA1", "A8V4X2", "W0R783"]), d(2), d(8)),
                           "9400 1%s %s %s %s %s" % (d(3), d(4), d(4), d(4), d(2)),
                           "JJD%s" % d(18), "3S%s%s" % (rng.choice(["KABA", "GPLN", "DHLX"]), d(9)),
                           "RR%s%s" % (d(9), rng.choice(["IT", "DE", "FR", "ES", "PL", "SE"])),
                           "SF%s" % d(13), "%s%s" % (rng.choice(["LP", "CY", "UA"]), d(9) + "CN"),
                           "00340434%s" % d(12), "LX%sDE" % d(9)])
    if cat == "amount":
        big = rng.randint(1_000_000, 98_000_000) + rng.choice([0, 0.5, 0.89, 0.25])
        return rng.choice([money(region, big, lang).replace("\u202f", " "),
                           (lambda sep: group3(int(big), sep) + " " + {".": "EUR", " ": rng.choice(["EUR", "PLN", "SEK"]),
                                                                      ",": "USD", "'": "CHF"}[sep])(rng.choice([".", " ", ",", "'"]))])
    if cat == "datetime":
        y, m, dd = rand_date(rng)
        h, mi = rng.randint(7, 19), rng.choice([0, 15, 30, 45])
        opts = ["%d-%02d-%02dT%02d:%02d:00Z" % (y, m, dd, h, mi), "%s %s" % (date_str(rng, region, lang), time_str(rng, region))]
        if lang in ("ja", "zh"):
            opts.append("%d年%d月%d日 %d%s%02d分" % (y, m, dd, h, "時" if lang == "ja" else "点", mi))
        elif region == "US":
            opts.append("%d/%d/%d %d:%02d %s" % (m, dd, y, (h - 1) % 12 + 1, mi, "AM" if h < 12 else "PM"))
        elif region in ("DE", "AT", "CH", "PL"):
            opts.append("%02d.%02d.%d, %02d:%02d–%02d:%02d" % (dd, m, y, h, mi, h + 1, mi))
        elif region in ("FR", "BE"):
            opts.append("%02d/%02d/%d %02dh%02d" % (dd, m, y, h, mi))
        else:
            opts.append("%s, %s–%s" % ((date_str(rng, region, lang, False),) + time_pair(rng, region)))
        return rng.choice(opts)
    if cat == "address":
        return address(rng, region)
    if cat == "version":
        return rng.choice(["v%d.%d.%d" % (rng.randint(1, 5), rng.randint(0, 30), rng.randint(0, 99)),
                           "10.0.%d.%d" % (rng.randint(17000, 26000), rng.randint(1, 4000)),
                           "%d.%d.%d-rc.%d+%d%02d%02d" % (rng.randint(0, 4), rng.randint(0, 20), rng.randint(0, 9), rng.randint(1, 5), 2024, rng.randint(1, 12), rng.randint(1, 28)),
                           "build %d.%02d.%s" % (rng.choice([2024, 2025]), rng.randint(1, 12), d(4)),
                           "Android %d (UP1A.%s.%s)" % (rng.randint(12, 15), d(6), d(3))])
    if cat == "isbn":
        return isbn13(rng)
    if cat == "gps":
        lat, lon = rng.uniform(-45, 65), rng.uniform(-120, 150)
        return rng.choice(["%.6f, %.6f" % (lat, lon), "%d°%02d′%02d″%s %d°%02d′%02d″%s" % (
            abs(int(lat)), rng.randint(0, 59), rng.randint(0, 59), "N" if lat > 0 else "S",
            abs(int(lon)), rng.randint(0, 59), rng.randint(0, 59), "E" if lon > 0 else "W"),
            "N %d° %02d.%03d' E %03d° %02d.%03d'" % (abs(int(lat)), rng.randint(0, 59), rng.randint(0, 999),
                                                    abs(int(lon)), rng.randint(0, 59), rng.randint(0, 999))])
    if cat == "serial":
        return rng.choice(["C02%sJG5H" % "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(4)),
                           "%sCE%sD0G" % (d(1), d(3)), "%s-%s-%s-%s" % (d(4), d(4), d(4), d(2)) + "X",
                           "PF%sZQ%s" % (d(2), d(2)), "%sAB%s" % (d(6), d(4))])
    if cat == "account":
        if region in ("DE", "AT", "CH", "FR", "ES", "IT", "NL", "BE", "SE", "PL", "IE", "GB"):
            cc = region
            bban = {"DE": lambda: d(18), "AT": lambda: d(16), "CH": lambda: d(17), "FR": lambda: d(10) + d(11) + d(2),
                    "ES": lambda: d(20), "IT": lambda: "X" + d(10) + d(12), "NL": lambda: "ABNA" + d(10),
                    "BE": lambda: d(12), "SE": lambda: d(20), "PL": lambda: d(24), "IE": lambda: "AIBK" + d(14),
                    "GB": lambda: "NWBK" + d(14)}[region]()
            full = iban(rng, cc, bban)
            return full if rng.random() < 0.6 else full[:9] + " … " + full[-7:]
        return {"US": lambda: "routing %s / acct ****%s" % ("0" + d(8), d(4)), "CA": lambda: "transit %s-%s, acct ****%s" % (d(5), d(3), d(3)),
                "IN": lambda: "A/c ****%s, IFSC HDFC0%s" % (d(4), d(6)), "BR": lambda: "ag. %s, c/c %s-%s" % (d(4), d(5), d(1)),
                "MX": lambda: "CLABE %s %s %s" % (d(3), d(3), d(12)), "AU": lambda: "BSB %s-%s acc ****%s" % (d(3), d(3), d(4)),
                "JP": lambda: "三井住友銀行 渋谷支店 普通 ****%s" % d(3), "CN": lambda: "招商银行 6225 **** **** %s" % d(4)}[region]()
    if cat == "vat":
        return {"DE": lambda: "DE" + d(9), "AT": lambda: "ATU" + d(8), "CH": lambda: "CHE-%s.%s.%s MWST" % (d(3), d(3), d(3)),
                "FR": lambda: "FR%s %s" % (d(2), d(9)), "BE": lambda: "BE 0%s.%s.%s" % (d(3), d(3), d(3)), "NL": lambda: "NL%sB01" % d(9),
                "ES": lambda: "B%s" % d(8), "IT": lambda: "IT" + d(11), "PL": lambda: "PL" + d(10),
                "SE": lambda: "556%s-%s" % (d(3), d(4)), "IE": lambda: "IE%sW" % d(7), "GB": lambda: "GB%s" % d(9),
                "US": lambda: "%s-%s" % (d(2), d(7)), "CA": lambda: "%s RT0001" % d(9),
                "IN": lambda: "27AAB%s%sZ%s" % ("CX", d(4) + "K1", rng.choice("ABCDE")),
                "BR": lambda: "%s.%s.%s/0001-%s" % (d(2), d(3), d(3), d(2)), "MX": lambda: "GOMA%s%s" % (d(6), "HT2"),
                "AU": lambda: "%s %s %s %s" % (d(2), d(3), d(3), d(3)), "JP": lambda: "T" + d(13),
                "CN": lambda: "91%s%sX" % (d(6), "MA" + d(7))}[region]()
    if cat == "natid":
        return {"DE": lambda: "%s %s %s %s" % (d(2), d(3), d(3), d(3)), "AT": lambda: "%s %02d%02d%02d" % (d(4), rng.randint(1, 28), rng.randint(1, 12), rng.randint(50, 99)),
                "CH": lambda: "756.%s.%s.%s" % (d(4), d(4), d(2)), "FR": lambda: "%s %02d %02d %s %s %s" % (rng.choice("12"), rng.randint(50, 99), rng.randint(1, 12), d(2), d(3), d(3)) + " %s" % d(2),
                "BE": lambda: "%02d.%02d.%02d-%s.%s" % (rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28), d(3), d(2)),
                "NL": lambda: d(9), "ES": lambda: d(8) + rng.choice("TRWAGMYFPDXBNJZSQVHLCKE"),
                "IT": lambda: "RSSMRA%02dA%02dH501%s" % (rng.randint(50, 99), rng.randint(1, 28), rng.choice("UXZ")),
                "PL": lambda: "%02d%02d%02d%s" % (rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28), d(5)),
                "SE": lambda: "%02d%02d%02d-%s" % (rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28), d(4)),
                "IE": lambda: d(7) + rng.choice("ABCDEFW"), "GB": lambda: "QQ %s %s %s C" % (d(2), d(2), d(2)),
                "US": lambda: "%s-%s-%s" % (d(3), d(2), d(4)), "CA": lambda: "%s %s %s" % (d(3), d(3), d(3)),
                "IN": lambda: "%s %s %s" % (rng.choice("23456789") + d(3), d(4), d(4)), "BR": lambda: "%s.%s.%s-%s" % (d(3), d(3), d(3), d(2)),
                "MX": lambda: "GOMA%02d%02d%02dHDFRRN0%s" % (rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28), d(1)),
                "AU": lambda: "%s %s %s" % (d(3), d(3), d(3)), "JP": lambda: "%s %s %s" % (d(4), d(4), d(4)),
                "CN": lambda: "%s%04d%02d%02d%s" % (rng.choice(["110105", "310115", "440305"]), rng.randint(1960, 2002), rng.randint(1, 12), rng.randint(1, 28), d(3) + rng.choice("0123456789X"))}[region]()
    if cat == "net":
        return rng.choice(["%d.%d.%d.%d" % (rng.choice([10, 172, 192]), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)),
                           ":".join("%02X" % rng.randint(0, 255) for _ in range(6)),
                           "2001:db8:%x::%x" % (rng.randint(0, 65535), rng.randint(0, 65535))])
    raise KeyError(cat)


NEG_CHAT = dict(
    en=["here's the {L}: {X}", "{L} {X} — can you double-check?", "ok got it, {L} is {X}", "fyi {L}: {X}"],
    de=["hier: {L} {X}", "{L} {X} – kannst du das prüfen?", "ok, notiert – {L} {X}", "zur Info: {L} {X}"],
    fr=["voilà : {L} {X}", "{L} {X} – tu peux vérifier ?", "ok noté, {L} {X}", "pour info : {L} {X}"],
    es=["ahí va: {L} {X}", "{L} {X} – ¿lo revisas?", "ok, apuntado: {L} {X}", "para que conste: {L} {X}"],
    it=["ecco: {L} {X}", "{L} {X} – puoi controllare?", "ok, segnato: {L} {X}", "per info: {L} {X}"],
    nl=["hier: {L} {X}", "{L} {X} – kun je het checken?", "ok, genoteerd: {L} {X}", "ter info: {L} {X}"],
    sv=["här: {L} {X}", "{L} {X} – kan du kolla?", "ok, noterat: {L} {X}", "för info: {L} {X}"],
    pl=["proszę: {L} {X}", "{L} {X} – możesz sprawdzić?", "ok, zapisane: {L} {X}", "dla info: {L} {X}"],
    pt=["segue: {L} {X}", "{L} {X} – consegue conferir?", "ok, anotado: {L} {X}", "só pra registrar: {L} {X}"],
    ja=["{L}：{X} です", "{L} {X} の確認お願いします", "了解、{L}は{X}ですね", "念のため {L}：{X}"],
    zh=["{L}：{X}", "{L} {X}，麻烦核对一下", "好的，{L}是{X}", "备注一下，{L}：{X}"],
)
NEG_TICKET = dict(
    en="Ticket {TK} | Status: open | {N2} asks about {L1} {X1}. Also mentions {L2} {X2}. Priority: P3.",
    de="Ticket {TK} | Status: offen | {N2} fragt nach {L1} {X1}. Bezieht sich außerdem auf {L2} {X2}. Prio 3.",
    fr="Ticket {TK} | Statut : ouvert | {N2} demande où en est {L1} {X1}. Mentionne aussi {L2} {X2}. Priorité 3.",
    es="Ticket {TK} | Estado: abierto | {N2} pregunta por {L1} {X1}. También menciona {L2} {X2}. Prioridad 3.",
    it="Ticket {TK} | Stato: aperto | {N2} chiede informazioni su {L1} {X1}. Cita anche {L2} {X2}. Priorità 3.",
    nl="Ticket {TK} | Status: open | {N2} vraagt naar {L1} {X1}. Noemt ook {L2} {X2}. Prio 3.",
    sv="Ärende {TK} | Status: öppet | {N2} frågar om {L1} {X1}. Nämner även {L2} {X2}. Prio 3.",
    pl="Zgłoszenie {TK} | Status: otwarte | {N2} pyta o {L1} {X1}. Wspomina też {L2} {X2}. Priorytet 3.",
    pt="Ticket {TK} | Status: aberto | {N2} pergunta sobre {L1} {X1}. Também cita {L2} {X2}. Prioridade 3.",
    ja="チケット{TK}｜ステータス：未対応｜{N2}様より{L1} {X1}について問い合わせ。{L2} {X2}にも言及。優先度3。",
    zh="工单{TK}｜状态：待处理｜{N2}咨询{L1} {X1}，另提到{L2} {X2}。优先级3。",
)
NEG_TR = dict(
    en="[00:01:07] Agent: Can you read me the {L1}?\n[00:01:12] Customer: Sure, {X1}.\n[00:01:20] Agent: And the {L2}?\n[00:01:24] Customer: {X2}.",
    de="[00:01:07] Agent: Können Sie mir {L1} vorlesen?\n[00:01:12] Kunde: Ja, {X1}.\n[00:01:20] Agent: Und {L2}?\n[00:01:24] Kunde: {X2}.",
    fr="[00:01:07] Conseiller : Vous pouvez me lire {L1} ?\n[00:01:12] Client : Oui, {X1}.\n[00:01:20] Conseiller : Et {L2} ?\n[00:01:24] Client : {X2}.",
    es="[00:01:07] Agente: ¿Me lee {L1}?\n[00:01:12] Cliente: Sí, {X1}.\n[00:01:20] Agente: ¿Y {L2}?\n[00:01:24] Cliente: {X2}.",
    it="[00:01:07] Operatore: Mi legge {L1}?\n[00:01:12] Cliente: Sì, {X1}.\n[00:01:20] Operatore: E {L2}?\n[00:01:24] Cliente: {X2}.",
    nl="[00:01:07] Medewerker: Kunt u {L1} voorlezen?\n[00:01:12] Klant: Ja, {X1}.\n[00:01:20] Medewerker: En {L2}?\n[00:01:24] Klant: {X2}.",
    sv="[00:01:07] Handläggare: Kan du läsa upp {L1}?\n[00:01:12] Kund: Ja, {X1}.\n[00:01:20] Handläggare: Och {L2}?\n[00:01:24] Kund: {X2}.",
    pl="[00:01:07] Konsultant: Może pan przeczytać: {L1}?\n[00:01:12] Klient: Tak, {X1}.\n[00:01:20] Konsultant: A {L2}?\n[00:01:24] Klient: {X2}.",
    pt="[00:01:07] Atendente: Pode ler {L1} pra mim?\n[00:01:12] Cliente: Sim, {X1}.\n[00:01:20] Atendente: E {L2}?\n[00:01:24] Cliente: {X2}.",
    ja="[00:01:07] オペレーター：{L1}をお願いします。\n[00:01:12] お客様：{X1}です。\n[00:01:20] オペレーター：{L2}は？\n[00:01:24] お客様：{X2}です。",
    zh="[00:01:07] 客服：请报一下{L1}。\n[00:01:12] 客户：{X1}。\n[00:01:20] 客服：{L2}呢？\n[00:01:24] 客户：{X2}。",
)
NEG_REMARK = dict(
    en=["check w/ accounting", "pending", "done ✔", "sent to {N2}"], de=["mit Buchhaltung abgleichen", "offen", "erledigt ✔", "an {N2} geschickt"],
    fr=["voir avec la compta", "en attente", "fait ✔", "envoyé à {N2}"], es=["revisar con contabilidad", "pendiente", "hecho ✔", "enviado a {N2}"],
    it=["verificare con amministrazione", "in sospeso", "fatto ✔", "inviato a {N2}"], nl=["checken met boekhouding", "open", "gedaan ✔", "naar {N2} gestuurd"],
    sv=["stäm av med ekonomi", "pågår", "klart ✔", "skickat till {N2}"], pl=["sprawdzić z księgowością", "w toku", "zrobione ✔", "wysłane do {N2}"],
    pt=["conferir com o financeiro", "pendente", "feito ✔", "enviado pra {N2}"], ja=["経理に確認", "保留", "完了 ✔", "{N2}さんに送付済"],
    zh=["与财务核对", "待处理", "已完成 ✔", "已发给{N2}"],
)
NEG_COLS = dict(
    en=["sku", "description", "qty", "unit_price", "total"], de=["Artikel", "Bezeichnung", "Menge", "Einzelpreis", "Gesamt"],
    fr=["réf", "désignation", "qté", "prix_unitaire", "total"], es=["ref", "descripción", "cant", "precio_unit", "total"],
    it=["codice", "descrizione", "qtà", "prezzo_unit", "totale"], nl=["artikel", "omschrijving", "aantal", "stukprijs", "totaal"],
    sv=["artikel", "beskrivning", "antal", "à-pris", "summa"], pl=["indeks", "opis", "ilość", "cena_jedn", "wartość"],
    pt=["sku", "descrição", "qtd", "preço_unit", "total"], ja=["品番", "品名", "数量", "単価", "小計"], zh=["货号", "品名", "数量", "单价", "小计"],
)
NEG_ITEMS = dict(
    en=["USB-C cable 2m", "A4 paper, 5 reams", "Desk lamp", "Toner cartridge"], de=["USB-C-Kabel 2 m", "Kopierpapier A4", "Schreibtischlampe", "Tonerkartusche"],
    fr=["Câble USB-C 2 m", "Ramette A4", "Lampe de bureau", "Cartouche toner"], es=["Cable USB-C 2 m", "Papel A4", "Lámpara de escritorio", "Cartucho de tóner"],
    it=["Cavo USB-C 2 m", "Carta A4", "Lampada da scrivania", "Cartuccia toner"], nl=["USB-C-kabel 2 m", "Printpapier A4", "Bureaulamp", "Tonercassette"],
    sv=["USB-C-kabel 2 m", "Kopieringspapper A4", "Skrivbordslampa", "Tonerkassett"], pl=["Kabel USB-C 2 m", "Papier A4", "Lampka biurkowa", "Toner"],
    pt=["Cabo USB-C 2 m", "Papel A4", "Luminária de mesa", "Cartucho de toner"], ja=["USB-Cケーブル 2m", "コピー用紙A4", "デスクライト", "トナー"],
    zh=["USB-C数据线 2米", "A4复印纸", "台灯", "硒鼓"],
)
NEG_OTHER_COLS = dict(en=["ref", "date", "postcode"], de=["Vorgang", "Datum", "PLZ"], fr=["réf", "date", "code_postal"],
                      es=["ref", "fecha", "cp"], it=["rif", "data", "cap"], nl=["ref", "datum", "postcode"], sv=["ref", "datum", "ort"],
                      pl=["ref", "data", "kod"], pt=["ref", "data", "cep"], ja=["管理ID", "日付", "〒"], zh=["编码", "日期", "邮编"])


def price_val(rng):
    return rng.randint(1, 240) + rng.choice([0, 0.5, 0.99, 0.49])


def price(region, lang, v):
    if lang in ("en", "ja", "zh") or region in ("MX", "CH"):
        return "%.2f" % v
    return ("%.2f" % v).replace(".", ",")


def make_negative(rng, region, cat, style):
    lang = lang_for(rng, region)
    lab = lambda c: neg_label(c, region, lang)
    x1 = neg_value(rng, cat, region, lang)
    cat2 = rng.choice([c for c in NEG_CATS if c != cat])
    x2 = neg_value(rng, cat2, region, lang)
    names = R[region]["names"]
    ctx = dict(N2=rng.choice(names), TK=tk_id(rng), L1=lab(cat), X1=x1, L2=lab(cat2), X2=x2)
    if style == "chat":
        me, other = rng.sample(names, 2)
        msgs = [(first(other), fill(rng.choice(L[lang]["fill"]), dict(T=time_str(rng, region)))),
                (first(me), fill(rng.choice(NEG_CHAT[lang]), dict(L=lab(cat), X=x1)))]
        if rng.random() < 0.5:
            msgs.append((first(other), fill(rng.choice(NEG_CHAT[lang]), dict(L=lab(cat2), X=x2))))
        st = chat_stamps(rng, region, len(msgs))
        if region == "JP":
            return "\n".join(["%s\t%s\t%s" % (t, a, b) for t, (a, b) in zip(st, msgs)])
        if region == "CN":
            return "\n".join("%s %s\n%s" % (a, t, b) for t, (a, b) in zip(st, msgs))
        return "\n".join("%s %s: %s" % (t, a, b) for t, (a, b) in zip(st, msgs))
    if style == "ticket":
        return fill(NEG_TICKET[lang], ctx)
    if style == "transcript":
        return fill(NEG_TR[lang], ctx)
    if style == "note":
        rem = fill(rng.choice(NEG_REMARK[lang]), ctx)
        return fill(rng.choice(["{L1}: {X1}; {L2}: {X2} – ", "{L1} {X1} / {L2} {X2} / "]), ctx) + rem
    if style == "yaml":
        keys = {"order": "order_id", "invoice": "invoice_no", "tracking": "tracking", "amount": "amount", "datetime": "when",
                "address": "address", "version": "version", "isbn": "isbn", "gps": "location", "serial": "serial",
                "account": "iban", "vat": "vat_id", "natid": "national_id", "net": "ip"}
        v1 = x1 if rng.random() < 0.6 else '"%s"' % x1
        return "\n".join(["- ref: " + ctx["TK"], "  %s: %s" % (keys[cat], v1), "  %s: %s" % (keys[cat2], x2),
                          "  owner: " + ctx["N2"], "  note: " + fill(rng.choice(NEG_REMARK[lang]), ctx)])
    if style == "csv":
        delim = CSV_DELIM[lang]
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=delim, lineterminator="\n")
        if rng.random() < 0.5:
            cols = NEG_COLS[lang] + [lab(cat)]
            w.writerow(cols)
            for i in range(rng.randint(2, 4)):
                q = rng.randint(1, 40)
                u = price_val(rng)
                w.writerow(["%s-%s" % (rng.choice("ABCKPX"), rdigits(rng, 4)), rng.choice(NEG_ITEMS[lang]), q,
                            price(region, lang, u), price(region, lang, round(q * u, 2)),
                            x1 if i == 0 else neg_value(rng, cat, region, lang)])
        else:
            oc = NEG_OTHER_COLS[lang]
            w.writerow([oc[0], lab(cat), lab(cat2), oc[1], oc[2]])
            for i in range(rng.randint(1, 3)):
                y, m, dd = rand_date(rng)
                w.writerow([rec_id(rng), x1 if i == 0 else neg_value(rng, cat, region, lang),
                            x2 if i == 0 else neg_value(rng, cat2, region, lang), "%d-%02d-%02d" % (y, m, dd),
                            postcode(rng, region) if oc[2] != "ort" else rng.choice(R[region]["cities"])])
        return buf.getvalue().rstrip("\n")
    if style == "calendar":
        T = L[lang]
        lab4 = T["cal"]
        return "\n".join(["%s: %s – %s" % (lab4[0], rng.choice(T["cal_subj"]), rng.choice(R[region]["cos"])),
                          "%s: %s, %s–%s" % ((lab4[1], date_str(rng, region, lang)) + time_pair(rng, region)),
                          "%s: %s" % (lab4[2], address(rng, region)),
                          "%s: %s %s; %s %s" % (lab4[3], lab(cat), x1, lab(cat2), x2)])
    if style == "receipt":
        co = rng.choice(R[region]["cos"])
        lines = [co.upper() if lang not in ("ja", "zh") else co, address(rng, region).replace(", ", "\n", 1),
                 "%s %s" % (lab("vat"), neg_value(rng, "vat", region, lang)),
                 "%s %s" % (date_str(rng, region, lang, False), time_str(rng, region))]
        total = 0.0
        for it in rng.sample(NEG_ITEMS[lang], rng.randint(1, 3)):
            v = price_val(rng)
            total += v
            lines.append("%s  %s" % (it, price(region, lang, v)))
        lines.append("%s  %s" % (lab("amount").upper() if lang not in ("ja", "zh") else lab("amount"),
                                 money(region, round(total, 2), lang).replace("\u202f", " ")))
        lines.append("%s %s" % (lab(cat), x1))
        return "\n".join(lines)
    raise KeyError(style)


NEG_STYLES = ["chat", "csv", "yaml", "calendar", "receipt", "ticket", "transcript", "note"]

# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                              "phones_heldout3.jsonl")
    if phonenumbers.__version__ != EXPECTED_PN_VERSION:
        print("warning: phonenumbers %s (set was generated with %s); output may differ"
              % (phonenumbers.__version__, EXPECTED_PN_VERSION), file=sys.stderr)
    rng = random.Random(SEED)
    rows = []
    summary = {}
    npw = 0
    for region in REGIONS:
        fmts = ["national"] * N_NAT + ["international"] * N_INT
        rng.shuffle(fmts)
        nps = [True] * 15 + [False] * 15
        rng.shuffle(nps)
        styles = [i % len(STYLES) for i in range(30)]
        rng.shuffle(styles)
        cnt = {"national": 0, "international": 0, M: 0, F: 0}
        for i in range(30):
            kind = M if i % 2 == 0 else F
            row, kind, vname, lang = make_positive(rng, region, fmts[i], kind, nps[i], styles[i])
            rows.append(row)
            cnt[fmts[i]] += 1
            cnt[kind] += 1
            npw += nps[i]
        summary[region] = cnt
    negs = []
    cats = NEG_CATS[:]
    for k in range(N_NEG):
        region = REGIONS[k % len(REGIONS)]
        done = False
        for shift in range(len(cats)):
            cat = cats[(k + shift) % len(cats)]
            for _ in range(60):
                style = NEG_STYLES[(k // len(REGIONS) + k) % len(NEG_STYLES)] if _ < 30 else rng.choice(NEG_STYLES)
                text = make_negative(rng, region, cat, style)
                if negative_ok(text) and not any(n["text"] == text for n in negs):
                    negs.append({"region": "NONE", "text": text, "value": "", "format": "negative"})
                    done = True
                    break
            if done:
                break
        if not done:
            raise RuntimeError("negative slot %d failed" % k)
    values = [r["value"] for r in rows]
    texts = [r["text"] for r in rows + negs]
    if len(set(values)) != len(values) or len(set(texts)) != len(texts):
        raise RuntimeError("duplicate value or text")
    with open(out, "w", encoding="utf-8") as fh:
        for row in rows + negs:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print("wrote %d lines to %s (phonenumbers %s)" % (len(rows) + len(negs), out, phonenumbers.__version__))
    print("region  national  international  mobile  fixed")
    for region in REGIONS:
        c = summary[region]
        print("%-6s  %8d  %13d  %6d  %5d" % (region, c["national"], c["international"], c[M], c[F]))
    print("positives: %d (no phone word: %d), negatives: %d" % (len(rows), npw, len(negs)))


if __name__ == "__main__":
    main()
