"""Valid values of the national ids, wallet and MAC addresses, by construction (each
issuer's published check), for gen_corpus.py and gen_heldout.py, and the JSONL writer of the
generators."""

import hashlib
import json
import os

DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
VERHOEFF_D = [[0,1,2,3,4,5,6,7,8,9],[1,2,3,4,0,6,7,8,9,5],[2,3,4,0,1,7,8,9,5,6],[3,4,0,1,2,8,9,5,6,7],[4,0,1,2,3,9,5,6,7,8],
              [5,9,8,7,6,0,4,3,2,1],[6,5,9,8,7,1,0,4,3,2],[7,6,5,9,8,2,1,0,4,3],[8,7,6,5,9,3,2,1,0,4],[9,8,7,6,5,4,3,2,1,0]]
VERHOEFF_P = [[0,1,2,3,4,5,6,7,8,9],[1,5,7,6,2,8,3,0,9,4],[5,8,0,3,7,9,6,1,4,2],[8,9,1,6,0,4,3,5,2,7],
              [9,4,5,3,1,2,6,8,7,0],[4,2,8,6,5,7,3,9,0,1],[2,7,9,3,8,0,6,4,1,5],[7,0,4,6,9,1,3,2,5,8]]
VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def nino(r, spaced):
    first = r.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = r.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
        second = r.choice("ABCEGHJKLMNPRSTWXYZ")
    d = "".join(r.choice("0123456789") for _ in range(6))
    suffix = r.choice("ABCD")
    if spaced:
        return "%s%s %s %s %s %s" % (first, second, d[:2], d[2:4], d[4:], suffix)
    return first + second + d + suffix


def de_tax_id(r, grouped):
    while True:
        digits = [r.randrange(1, 10)] + [r.randrange(10) for _ in range(9)]
        counts = [digits.count(x) for x in set(digits)]
        if sorted(counts)[-1] not in (2, 3) or sum(1 for c in counts if c >= 2) != 1:
            continue
        product = 10
        for x in digits:
            s = (x + product) % 10 or 10
            product = (s * 2) % 11
        value = "".join(map(str, digits)) + str((11 - product) % 10)
        return "%s %s %s %s" % (value[:2], value[2:5], value[5:8], value[8:]) if grouped else value


def fr_nir(r, grouped):
    body = "%d%02d%02d%02d%03d%03d" % (r.choice([1, 2]), r.randrange(100), r.randrange(1, 13), r.randrange(1, 96),
                                        r.randrange(1, 1000), r.randrange(1, 1000))
    key = 97 - int(body) % 97
    value = body + "%02d" % key
    if grouped:
        return "%s %s %s %s %s %s %s" % (value[0], value[1:3], value[3:5], value[5:7], value[7:10], value[10:13], value[13:])
    return value


def es_dni(r, form):
    if form == "nie":
        prefix = r.choice("XYZ")
        number = r.randrange(10 ** 7)
        letter = DNI_LETTERS[int(str("XYZ".index(prefix)) + "%07d" % number) % 23]
        return r.choice(["%s%07d%s", "%s-%07d-%s"]) % (prefix, number, letter)
    number = r.randrange(10 ** 7, 10 ** 8)
    return r.choice(["%08d%s", "%08d-%s"]) % (number, DNI_LETTERS[number % 23])


def it_fiscal_code(r):
    letters = "".join(r.choice("BCDFGHLMNPRSTVZ") for _ in range(6))
    body = letters + "%02d" % r.randrange(100) + r.choice("ABCDEHLMPRST") + "%02d" % r.choice(list(range(1, 32)) + list(range(41, 72))) \
        + r.choice("ABCDEFGHILMZ") + "%03d" % r.randrange(1, 1000)
    total = 0
    for i, ch in enumerate(body):
        index = int(ch) if ch.isdigit() else ord(ch) - 65
        total += CF_ODD[index] if i % 2 == 0 else index
    return body + chr(65 + total % 26)


def nl_bsn(r, dotted):
    while True:
        digits = [r.randrange(10) for _ in range(8)]
        total = sum(x * w for x, w in zip(digits, range(9, 1, -1)))
        last = total % 11
        if last < 10 and digits[0] != 0:
            value = "".join(map(str, digits)) + str(last)
            return "%s.%s.%s" % (value[:4], value[4:6], value[6:]) if dotted else value


def aadhaar(r, spaced):
    body = str(r.randrange(2, 10)) + "".join(r.choice("0123456789") for _ in range(10))
    c = 0
    for i, x in enumerate(reversed(body)):
        c = VERHOEFF_D[c][VERHOEFF_P[(i + 1) % 8][int(x)]]
    value = body + str(VERHOEFF_INV[c])
    return "%s %s %s" % (value[:4], value[4:8], value[8:]) if spaced else value


def luhn_digit(payload):
    total = 0
    for i, ch in enumerate(reversed(payload)):
        x = int(ch)
        if i % 2 == 0:
            x *= 2
            if x > 9:
                x -= 9
        total += x
    return str((10 - total % 10) % 10)


def ca_sin(r, sep):
    body = str(r.choice([1, 2, 3, 4, 5, 6, 7, 9])) + "".join(r.choice("0123456789") for _ in range(7))
    value = body + luhn_digit(body)
    return sep.join([value[:3], value[3:6], value[6:]])


def br_cpf(r, punctuated):
    while True:
        digits = [r.randrange(10) for _ in range(9)]
        if len(set(digits)) > 1:
            break
    for count in (9, 10):
        total = sum(x * w for x, w in zip(digits, range(count + 1, 1, -1)))
        digits.append(total * 10 % 11 % 10)
    value = "".join(map(str, digits))
    return "%s.%s.%s-%s" % (value[:3], value[3:6], value[6:9], value[9:]) if punctuated else value


def b58encode(data):
    number = int.from_bytes(data, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = B58[rem] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def bitcoin(r):
    payload = bytes([r.choice([0, 5])]) + bytes(r.randrange(256) for _ in range(20))
    check = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58encode(payload + check)


def bech32(r):
    charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    data = [0] + [r.randrange(32) for _ in range(32)]
    values = [3, 3, 0, 2, 3] + data + [0] * 6
    chk = 1
    for v in values:
        top = chk >> 25
        chk = ((chk & 0x1ffffff) << 5) ^ v
        for i in range(5):
            if (top >> i) & 1:
                chk ^= gen[i]
    polymod = chk ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(charset[d] for d in data + checksum)


def ethereum(r):
    # Lower case (no EIP-55 checksum in one case); mixed case needs Keccak, which hashlib
    # offers only as sha3 (a different padding): lower and upper case only.
    value = "".join(r.choice("0123456789abcdef") for _ in range(40))
    return "0x" + (value if r.random() < 0.7 else value.upper())


def mac(r, style):
    octets = [r.randrange(256) for _ in range(6)]
    octets[0] |= 2 if octets == [0] * 6 else 0
    if style == "dots":
        h = "".join("%02x" % o for o in octets)
        return "%s.%s.%s" % (h[:4], h[4:8], h[8:])
    text = (":" if style == "colon" else "-").join("%02X" % o for o in octets)
    return text.lower() if r.random() < 0.3 else text


def write_jsonl(name, records):
    """Writes `records`, one JSON object a line, to `name` beside these scripts."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print("wrote %d records to %s" % (len(records), path))
