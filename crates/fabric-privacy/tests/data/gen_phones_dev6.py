"""Generate phones_dev6.jsonl: phone-number PII test data for Brazil (BR), Poland (PL) and Spain (ES).

Written independently of the fabric-privacy detector: its sources and the other test-data files
were not consulted (only the JSON line format was copied from phones_dev5.jsonl).

Per region, grouped by region, positives then negatives:
  * 80 national-format positives written the way locals write their own numbers, e.g.
    "(11) 99725-6306", "11 9 9725-6306", "(0xx11) ...", carrier dialling "0 21 (11) ...",
    "601 234 567", "22 628 14 37", old Polish "0-22 ..." / "(0-22) ..." (the value written whole), Spanish "91 123 45 67" / "954 12 34 56" / "612345678", toll-free and shared-cost numbers;
  * 15 international-format positives (+CC, 00CC, or the CC written without '+');
  * about half of the positives contain no phone keyword at all (signatures, address blocks,
    lists, table cells, CSV/JSON/YAML, agent tool outputs ...);
  * 50 negatives: CPF, CNPJ, CEP, RG, Renavam, PIS, boleto lines, PESEL, NIP, REGON, KRS, NRB,
    DNI/NIE, CIF, IBAN/CCC, amounts, dates, order/tracking numbers, versions, lottery draws ...;
    at least a third with 9-11 digits.
Checks: each value occurs exactly once in its text and, with trunk prefix / carrier code / 0xx
stripped, is a valid number of its region for `phonenumbers`; PhoneNumberMatcher (leniency VALID,
all three regions) finds no other number in the text. Negatives are redrawn until the matcher
finds nothing, except clearly labelled identifiers (e.g. "PESEL: ..."), kept even if phone-like.
Deterministic (fixed seed). Run: /tmp/phvenv/bin/python gen_phones_dev6.py
"""
import json
import os
import random
import re
import unicodedata

import phonenumbers as pn

SEED = 20240606
R = random.Random(SEED)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "phones_dev6.jsonl")
REGIONS = ("BR", "PL", "ES")
N_NAT, N_INTL, N_NEG = 80, 15, 50

# Words that make a text "phone-keyworded"; no-keyword positives must not match this.
KW = re.compile(r"tel|phone|fone|fono|celular|\bcel\b|m[óo]vil|kom[óo]rk|\bkom\b|dzwo|whats|\bwpp\b|\bzap\b|"
                r"contact|kontakt|contato|n[úu]mer|\bnr\b|\bn[º°]|fax|\bcall(?!e)|\blig[au]|llam|sms|tlf|tfno|"
                r"\btf\b|mobile|\bmob\b|\bcell|\bdial|ramal|\bext\b|chama|atendimento|escr[ií]b|pisz|"
                r"mensag|mensaj|wiadomo|\bsac\b|infolin|\bring|hotline|numer", re.I)

D = lambda k: "".join(str(R.randint(0, 9)) for _ in range(k))
pick = R.choice

# ----------------------------------------------------------------------------- pools
BR_CITIES = [tuple(c.split(":")) for c in (
    "São Paulo:SP:11|Campinas:SP:19|Rio de Janeiro:RJ:21|Niterói:RJ:21|Belo Horizonte:MG:31|Curitiba:PR:41|"
    "Porto Alegre:RS:51|Salvador:BA:71|Recife:PE:81|Fortaleza:CE:85|Brasília:DF:61|Goiânia:GO:62|Florianópolis:SC:48|"
    "Joinville:SC:47|Manaus:AM:92|Belém:PA:91|Vitória:ES:27|Natal:RN:84|São Luís:MA:98|Ribeirão Preto:SP:16|"
    "Santos:SP:13|Londrina:PR:43|Uberlândia:MG:34|Cuiabá:MT:65|Campo Grande:MS:67").split("|")]
PL_CITIES = [tuple(c.split(":")) for c in (
    "Warszawa:22:0|Kraków:12:3|Łódź:42:9|Wrocław:71:5|Poznań:61:6|Gdańsk:58:8|Szczecin:91:7|Bydgoszcz:52:8|"
    "Lublin:81:2|Katowice:32:4|Białystok:85:1|Rzeszów:17:3|Olsztyn:89:1|Kielce:41:2|Opole:77:4|Toruń:56:8").split("|")]
ES_CITIES = [tuple(c.split(":")) for c in (
    "Madrid:Madrid:91:28|Barcelona:Barcelona:93:08|Valencia:Valencia:963:46|Sevilla:Sevilla:954:41|"
    "Bilbao:Bizkaia:944:48|Zaragoza:Zaragoza:976:50|Málaga:Málaga:952:29|Oviedo:Asturias:985:33|"
    "A Coruña:A Coruña:981:15|Palma:Illes Balears:971:07|Murcia:Murcia:968:30|Valladolid:Valladolid:983:47|"
    "Pamplona:Navarra:948:31|Granada:Granada:958:18|Alicante:Alicante:965:03").split("|")]
FIRST = {"BR": "Ana Bruno Carla Diego Eduarda Felipe Gabriela Henrique Isabela João Juliana Lucas Mariana Rafael "
               "Renata Thiago Vanessa Rodrigo Patrícia Marcelo Larissa Gustavo Camila Leandro".split(),
         "PL": "Anna Piotr Katarzyna Tomasz Magdalena Paweł Agnieszka Michał Joanna Krzysztof Monika Marcin "
               "Ewa Łukasz Dorota Jakub Aleksandra Grzegorz Karolina Wojciech Beata Rafał".split(),
         "ES": "Lucía Javier Marta Pablo Carmen Sergio Laura Álvaro Elena Daniel Paula Adrián Nuria Jorge "
               "Cristina Raúl Alba Iván Pilar Manuel Irene Rubén Rocío Diego".split()}
LAST = {"BR": "Silva Santos Oliveira Souza Pereira Costa Rodrigues Almeida Nascimento Lima Araújo Fernandes "
              "Carvalho Gomes Martins Rocha Ribeiro Barbosa Teixeira Moreira".split(),
        "PL": "Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Szymański Woźniak "
              "Dąbrowski Kozłowski Jankowski Mazur Krawczyk Piotrowski Grabowski Pawłowski".split(),
        "ES": "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz "
              "Hernández Díaz Moreno Muñoz Álvarez Romero Navarro Torres".split()}
STREETS = {"BR": ["Rua Augusta", "Av. Paulista", "Rua das Flores", "Av. Brasil", "Rua XV de Novembro",
                  "Rua Sete de Setembro", "Av. Getúlio Vargas", "Rua Tiradentes", "Av. Afonso Pena", "Rua da Bahia"],
           "PL": ["Marszałkowska", "Długa", "Piotrkowska", "Grunwaldzka", "Mickiewicza", "Kościuszki",
                  "Słowackiego", "Żeromskiego", "Polna", "Lipowa", "Ogrodowa", "3 Maja"],
           "ES": ["Mayor", "Gran Vía", "Alcalá", "Serrano", "Colón", "San Vicente", "Real", "del Carmen",
                  "Larios", "Uría", "Independencia", "Princesa"]}
COMPANIES = {"BR": ["Padaria Pão Dourado", "Construtora Horizonte Ltda.", "Auto Peças Rocha", "Clínica Sorriso Feliz",
                    "Contabilidade Almeida & Filhos", "Distribuidora Boa Safra", "Escritório Lima Advogados",
                    "Gráfica Expressa", "Imobiliária Nova Casa", "Farmácia Vida Saudável"],
             "PL": ["Usługi Remontowe Mazur", "Biuro Rachunkowe Saldo", "Piekarnia Złoty Kłos", "Auto-Serwis Jankowski",
                    "Kancelaria Prawna Zielińska", "Drukarnia Format", "Transbud Logistyka", "Gabinet Stomatologiczny Uśmiech",
                    "Hurtownia Budowlana Krawczyk", "Apteka Pod Lipami"],
             "ES": ["Talleres Hermanos Ruiz", "Asesoría Fiscal Navarro", "Panadería La Espiga", "Clínica Dental Sonríe",
                    "Reformas Integrales Díaz", "Distribuciones Levante", "Gestoría Martín y Asociados",
                    "Imprenta Gráficas Sol", "Inmobiliaria Casa Nueva", "Farmacia Ldo. Moreno"]}
DOMAINS = {"BR": ["gmail.com", "hotmail.com", "uol.com.br", "outlook.com", "empresa.com.br"],
           "PL": ["gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl"],
           "ES": ["gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"]}


ascii_ = lambda s: unicodedata.normalize("NFKD", s.replace("ł", "l").replace("Ł", "L")).encode("ascii", "ignore").decode().lower()


def fill_dict(reg, city):
    f, f2, f3 = R.sample(FIRST[reg], 3)
    l, l2, l3 = (x[:-1] + "a" if reg == "PL" and x.endswith("i") and y.endswith("a") else x
                 for x, y in zip(R.sample(LAST[reg], 3), (f, f2, f3)))  # Polish feminine surnames
    d = dict(first=f, first2=f2, last=l, name=f"{f} {l}", name2=f"{f2} {l2}", name3=f"{f3} {l3}",
             street=pick(STREETS[reg]), num=R.randint(10, 2400) if reg == "BR" else R.randint(1, 240), company=pick(COMPANIES[reg]),
             email=f"{ascii_(f)}.{ascii_(l)}@{pick(DOMAINS[reg])}", tk=D(6), id=R.randint(1000, 99999),
             time=f"{R.randint(8, 21):02d}:{R.randint(0, 59):02d}", time2=f"{R.randint(8, 21):02d}:{R.randint(0, 59):02d}",
             price=f"{R.randint(15, 480)},{R.choice(['00', '50', '90', '99'])}")
    d["date"] = f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.choice([2023, 2024, 2025])}"
    d["inv"] = f"FV/{R.choice([2023, 2024])}/{R.randint(1, 12):02d}/{R.randint(1, 999):04d}"
    if reg == "BR":
        d.update(city=city[0], uf=city[1], cep=f"{R.randint(10000, 99999)}-{D(3)}", cnpj=cnpj())
    elif reg == "PL":
        d.update(city=city[0], pc=f"{city[2]}{R.randint(0, 9)}-{D(3)}", nip=nip())
        d["date"] = d["date"].replace("/", ".")
    else:
        d.update(city=city[0], prov=city[1], cp=f"{city[3]}{D(3)}", cif=cif())
    return d


# ----------------------------------------------------------------------------- identifiers
W = lambda b, ws: sum(int(a) * w for a, w in zip(b, ws))
thousands = lambda n, sep: f"{n:,}".replace(",", sep)
DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE"
dni = lambda: (lambda n: f"{n:08d}" + DNI_L[n % 23])(R.randint(10000000, 79999999))
nie = lambda: (lambda p, n: "XYZ"[p] + n + DNI_L[int(str(p) + n) % 23])(R.randint(0, 2), D(7))
renavam = lambda: (lambda b: b + str(W(b, [3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) * 10 % 11 % 10))(D(10))
regon = lambda: (lambda b: b + str(W(b, [8, 9, 2, 3, 4, 5, 6, 7]) % 11 % 10))(f"{R.randrange(1, 98, 2):02d}" + D(6))
iban = lambda cc, bban: f"{98 - int(''.join(str(int(ch, 36)) for ch in bban + cc + '00')) % 97:02d}" + bban  # ISO 13616
nrb = lambda: (lambda s: " ".join([s[:2]] + [s[i:i + 4] for i in range(2, 26, 4)]))(
    iban("PL", pick(["1090", "1020", "1140", "1050", "2490"]) + D(4) + D(16)))
es_iban = lambda: (lambda s: " ".join(s[i:i + 4] for i in range(0, 24, 4)))("ES" + iban("ES", ccc()))
cif = lambda: (lambda b: pick("BBBA") + b + str((10 - (sum(int(b[i]) for i in (1, 3, 5)) + sum(
    sum(divmod(2 * int(b[i]), 10)) for i in (0, 2, 4, 6))) % 10) % 10))(D(7))  # SL/SA company tax id
mod11 = lambda b, ws: "0" if W(b, ws) % 11 < 2 else str(11 - W(b, ws) % 11)


def cpf(fmt=True):
    b = D(9)
    b += mod11(b, range(10, 1, -1))
    b += mod11(b, range(11, 1, -1))
    return f"{b[:3]}.{b[3:6]}.{b[6:9]}-{b[9:]}" if fmt else b


def cnpj():
    w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    b = D(8) + "0001"
    b += mod11(b, w1)
    b += mod11(b, [6] + w1)
    return f"{b[:2]}.{b[2:5]}.{b[5:8]}/{b[8:12]}-{b[12:]}"


def pis():
    b = D(10)
    r = 11 - W(b, [3, 2, 9, 8, 7, 6, 5, 4, 3, 2]) % 11
    b += "0" if r >= 10 else str(r)
    return f"{b[:3]}.{b[3:8]}.{b[8:10]}-{b[10]}"


def pesel():
    y, m, d = R.randint(1950, 2005), R.randint(1, 12), R.randint(1, 28)
    b = f"{y % 100:02d}{m + (20 if y >= 2000 else 0):02d}{d:02d}{D(4)}"
    return b + str((10 - W(b, [1, 3, 7, 9] * 3) % 10) % 10)


def nip(style=0):
    while True:
        b = pick(["526", "113", "951", "779", "676", "894", "583", "957", "712", "634"]) + D(6)
        if W(b, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11 < 10:
            b += str(W(b, [6, 5, 7, 2, 3, 4, 5, 6, 7]) % 11)
            return [f"{b[:3]}-{b[3:6]}-{b[6:8]}-{b[8:]}", f"{b[:3]}-{b[3:5]}-{b[5:7]}-{b[7:]}", b][style]


def ccc():  # Spanish bank account: bank, branch, 2 control digits, account
    dc = lambda s: (lambda r: {11: "0", 10: "1"}.get(r, str(r)))(11 - W(s, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11)
    bank, branch, acc = pick(["2100", "0049", "0182", "2038", "0081"]), D(4), D(10)
    return bank + branch + dc("00" + bank + branch) + dc(acc) + acc


# ----------------------------------------------------------------------------- phone numbers
def ok(nsn, reg):
    try:
        n = pn.parse(nsn, reg)
    except pn.NumberParseException:
        return False
    return pn.is_valid_number(n) and pn.region_code_for_number(n) == reg and str(n.national_number) == nsn.lstrip("0")


def gen_number(reg, kind, city):
    while True:
        if reg == "BR":
            nsn = {"m": lambda: city[2] + "9" + str(R.randint(6, 9)) + D(7), "f": lambda: city[2] + str(R.randint(2, 5)) + D(7),
                   "t": lambda: "800" + str(R.randint(7, 8)) + D(6), "s": lambda: pick(["4004", "4003"]) + D(4)}[kind]()
        elif reg == "PL":
            nsn = {"m": lambda: pick(["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]) + D(7),
                   "f": lambda: city[1] + str(R.randint(2, 8)) + D(6), "t": lambda: "800" + D(6)}[kind]()
        else:
            nsn = {"m": lambda: "6" + D(8) if R.random() < .8 else "7" + str(R.randint(1, 4)) + D(7),
                   "f2": lambda: city[2] + D(9 - len(city[2])), "f3": lambda: city[2] + D(6),
                   "t": lambda: "900" + D(6)}[kind]()
        if ok(nsn, reg):
            return nsn


# Style: (kind, template). {i:j} = slice of national significant number; text before '|' is written
# in the text but is not part of the value; {CAR} = Brazilian carrier selection code.
STYLES = {
    ("BR", "national"): [
        ("a", "({0:2}) {2:-4}-{-4:}"), ("a", "({0:2}) {2:-4} {-4:}"), ("a", "{0:2} {2:-4}-{-4:}"), ("a", "({0:2}){2:-4}-{-4:}"),
        ("a", "{0:}"), ("a", "({0:2}) {2:}"), ("m", "({0:2}) {2:3} {3:-4}-{-4:}"), ("m", "{0:2} {2:3} {3:-4}-{-4:}"),
        ("a", "0{0:2} {2:-4}-{-4:}"), ("a", "(0{0:2}) {2:-4}-{-4:}"), ("a", "0xx{0:2} {2:-4}-{-4:}"),
        ("a", "(0xx{0:2}) {2:-4}-{-4:}"), ("a", "0 {CAR} ({0:2}) {2:-4}-{-4:}"), ("a", "0{CAR} {0:2} {2:-4} {-4:}"),
        ("a", "{0:2}-{2:-4}-{-4:}"), ("f", "{0:2} {2:-4}.{-4:}"), ("f", "({0:2}) {2:-4}.{-4:}"), ("m", "{0:2} {2:}"),
        ("t", "0{0:3} {3:6} {6:}"), ("t", "0{0:3}-{3:6}-{6:}"), ("s", "{0:4}-{4:}"), ("s", "{0:4} {4:}")],
    ("BR", "international"): [
        ("a", "+55 {0:2} {2:-4}-{-4:}"), ("a", "+55 ({0:2}) {2:-4}-{-4:}"), ("a", "+55{0:}"), ("a", "55 {0:2} {2:-4}-{-4:}"),
        ("a", "0055 {0:2} {2:-4} {-4:}"), ("m", "+55 {0:2} {2:3} {3:-4}-{-4:}"), ("a", "+55-{0:2}-{2:-4}-{-4:}"),
        ("a", "+55 ({0:2}) {2:}"), ("m", "+55 {0:2} {2:}"), ("m", "55{0:}")],
    ("PL", "national"): [
        ("m", "{0:3} {3:6} {6:}"), ("m", "{0:3}-{3:6}-{6:}"), ("m", "{0:}"), ("m", "{0:3} {3:5} {5:7} {7:}"),
        ("m", "{0:3}.{3:6}.{6:}"), ("m", "0-|{0:3}-{3:6}-{6:}"), ("m", "{0:3} {3:6} {6:}"), ("m", "{0:3}-{3:6}-{6:}"),
        ("f", "{0:2} {2:5} {5:7} {7:}"), ("f", "({0:2}) {2:5} {5:7} {7:}"), ("f", "{0:2} {2:}"),
        ("f", "({0:2}) {2:5}-{5:7}-{7:}"), ("f", "{0:2}-{2:5}-{5:7}-{7:}"), ("f", "0-|{0:2} {2:5} {5:7} {7:}"),
        ("f", "(0-|{0:2}) {2:5}-{5:7}-{7:}"), ("f", "0 |{0:2} {2:5} {5:7} {7:}"), ("f", "0-|{0:2}-{2:5}-{5:7}-{7:}"),
        ("f", "{0:2}/{2:5} {5:7} {7:}"), ("f", "{0:}"), ("f", "{0:3} {3:6} {6:}"), ("t", "{0:3} {3:6} {6:}"),
        ("t", "{0:3}-{3:6}-{6:}")],
    ("PL", "international"): [
        ("m", "+48 {0:3} {3:6} {6:}"), ("m", "+48{0:}"), ("m", "0048 {0:3} {3:6} {6:}"), ("m", "48 {0:3}-{3:6}-{6:}"),
        ("m", "+48 {0:3}-{3:6}-{6:}"), ("f", "+48 {0:2} {2:5} {5:7} {7:}"), ("f", "+48 ({0:2}) {2:5} {5:7} {7:}"),
        ("f", "0048 {0:2} {2:}"), ("f", "+48 {0:2} {2:5}-{5:7}-{7:}"), ("m", "48 {0:}")],
    ("ES", "national"): [
        ("m", "{0:3} {3:6} {6:}"), ("m", "{0:3} {3:5} {5:7} {7:}"), ("m", "{0:}"), ("m", "{0:3}-{3:6}-{6:}"),
        ("m", "{0:3}.{3:6}.{6:}"), ("m", "{0:3} {3:6} {6:}"), ("m", "{0:3} {3:5} {5:7} {7:}"),
        ("f2", "{0:2} {2:5} {5:7} {7:}"), ("f2", "({0:2}) {2:5} {5:7} {7:}"), ("f2", "{0:2}-{2:5}-{5:7}-{7:}"),
        ("f2", "{0:2}.{2:5}.{5:7}.{7:}"), ("f2", "{0:3} {3:6} {6:}"), ("f2", "{0:2} {2:5} {5:}"),
        ("f3", "{0:3} {3:5} {5:7} {7:}"), ("f3", "({0:3}) {3:5} {5:7} {7:}"), ("f3", "{0:3} {3:6} {6:}"),
        ("f3", "{0:3}-{3:6}-{6:}"), ("f3", "{0:}"), ("f3", "{0:3}.{3:5}.{5:7}.{7:}"), ("t", "{0:3} {3:6} {6:}"),
        ("t", "{0:3} {3:5} {5:7} {7:}")],
    ("ES", "international"): [
        ("m", "+34 {0:3} {3:6} {6:}"), ("m", "+34{0:}"), ("m", "0034 {0:3} {3:5} {5:7} {7:}"), ("m", "34 {0:}"),
        ("m", "+34 {0:3}-{3:6}-{6:}"), ("f2", "+34 {0:2} {2:5} {5:7} {7:}"), ("f3", "+34 {0:3} {3:5} {5:7} {7:}"),
        ("f2", "0034 {0:2} {2:5} {5:7} {7:}"), ("f3", "+34 {0:3} {3:6} {6:}"), ("m", "0034 {0:}")],
}
CARRIERS = ["12", "14", "15", "21", "31", "41"]


def render(tpl, nsn):
    s = re.sub(r"\{(-?\d*):(-?\d*)\}", lambda m: nsn[slice(int(m[1]) if m[1] else None, int(m[2]) if m[2] else None)], tpl)
    s = s.replace("{CAR}", pick(CARRIERS))
    # The old Polish trunk written before the area code belongs to the number as written:
    # the value is the whole, and `canonical` reads it without its 0.
    pre, _, val = s.rpartition("|")
    return "", pre + val


def canonical(value, reg, fmt):
    """Value -> parsed number, stripping trunk prefix / carrier code / 0xx as people's dialling habits add them."""
    digits = re.sub(r"\D", "", value)
    if fmt == "international":
        return pn.parse("+" + (digits[2:] if digits.startswith("00") else digits), reg)
    if reg == "PL" and digits.startswith("0"):
        digits = digits[1:]
    if reg == "BR" and digits.startswith("0"):
        digits = digits[1:]
        if len(digits) in (12, 13):
            digits = digits[2:]
    return pn.parse(digits, reg)


# ----------------------------------------------------------------------------- positive contexts
# (with phone keyword, without any phone keyword); {P} is the phone as written. Prefix tags: M| mobile only,
# F| landline only, L| landline/toll-free/shared cost, C| company (any kind); untagged: mobile or landline.
POS = {"BR": ([
    "M|{time} - {first}: quem tiver interesse nos brigadeiros é só me chamar no zap {P} 🍫 entrego em {city}",
    "M|Oi {first2}, tudo bem? Segue o celular do Dr. {last} que você pediu: {P}. Ele atende terça e quinta à tarde.",
    "C|Informações pelo tel. {P} ou {email}", "Aluga-se apartamento 2 quartos no centro de {city}, R$ 1.800 + condomínio. Fone: {P}",
    "M|Vendo Gol 2014 completo, 89 mil km, R$ 38.900. Tratar com {first} pelo WhatsApp {P}.",
    "Ticket #{tk} — cliente informou telefone para retorno: {P}. Prioridade média.",
    "M|Se precisar falar comigo com urgência, liga no meu celular: {P}\nAbraço, {first}",
    "L|{company}\nSAC: {P}\nSegunda a sexta, das 8h às 18h", "nome;telefone;cidade\n{name};{P};{city}",
    '{{"cliente": "{name}", "telefone": "{P}", "cidade": "{city}", "uf": "{uf}"}}',
    "lookup_customer(id={id}) -> {{name: '{name}', phone: '{P}', status: 'ativo'}}",
    "Ata {date}: {first} ficou de ligar para o fornecedor ({P}) até sexta.",
    "C|Pedido confirmado! Em caso de dúvidas, entre em contato pelo telefone {P}.",
    'contato:\n  nome: {name}\n  telefone: "{P}"\n  email: {email}',
    "M|Cel/Zap {P} - {first} | Diarista com experiência e referências. Atendo {city} e região.",
    "Please call our {city} rep at {P} if the shipment is delayed."], [
    "Att.,\n{name}\nAnalista Financeiro | {company}\n{P}\n{email}", "C|{company}\n{street}, {num} - Centro\n{city} - {uf}, CEP {cep}\n{P}",
    "Lista do churrasco de sábado:\n- {name} {P}\n- {name2} (pago)\n- {name3} (pago)",
    "C|Nota fiscal de serviço\nPrestador: {company} — CNPJ {cnpj}\nEndereço: {street}, {num}, {city}/{uf}\n{P}",
    "Oi gente, o da {first} é {P}, salvem aí 😉", "Passa pra {first}: {P}. É quem organiza a festa junina da escola.",
    "| Responsável | Unidade |\n|---|---|\n| {name} — {P} | {city} |", "Vendo bicicleta aro 29, pouco uso, R$ 950. Falar com {first}: {P} ({city})",
    "Encomendas de bolos pelo direct ou {P} 🎂 #bolocaseiro #confeitaria",
    "Ocorrência {tk}: o cliente {name} não consegue acessar o portal. Retornar em {P} após as 14h.", "{name},{email},{P},{city}/{uf}",
    '{{"id": {id}, "responsavel": "{name}", "cidade": "{city}", "fixo": "{P}"}}',
    'search_crm("{last}") → 1 resultado: {name} | {company} | {P} | {email}',
    "Reunião {date} — presentes: {first}, {first2}. Próximo passo: {first} manda a proposta e aguarda retorno de {name3} ({P}).",
    "RECIBO\nRecebi de {name} a importância de R$ {price} referente a aulas de violão.\n{city}, {date}\n{name2} · {P}",
    "C|Brazil office: {company}, {street}, {num}, {city} - {uf}. Reception: {P}"]),
    "PL": ([
    "Sprzedam rower górski, stan bdb, 1200 zł do negocjacji. Kontakt: {P}, {first}.",
    "Dzień dobry, proszę o kontakt pod numerem {P} w sprawie faktury {inv}.", "Pozdrawiam\n{name}\nKierownik ds. sprzedaży\ntel. {P}\n{email}",
    "Zadzwoń do mnie po 17, {P} – {first}", "Do wynajęcia mieszkanie 2-pokojowe, {city}, 48 m², 2300 zł/mies. Tel. {P}",
    "Zgłoszenie #{tk}: klient prosi o oddzwonienie na nr {P}.", "imie;nazwisko;telefon\n{first};{last};{P}",
    '{{"klient": "{name}", "telefon": "{P}", "miasto": "{city}"}}', "kontakt:\n  osoba: {name}\n  telefon: '{P}'",
    "M|Hydraulik umówiony na {date}, jego komórka {P}.", "F|{company}\nul. {street} {num}, {pc} {city}\ntel./fax {P}\nBiuro czynne pn–pt 8–16",
    'get_contact("{last}") => {{"name": "{name}", "phone": "{P}"}}', "M|Pisz na WhatsAppie albo dzwoń: {P}",
    "C|Our Polish partner {company} can be reached by phone at {P}.", "L|Infolinia: {P} (opłata zgodna z taryfą operatora)"], [
    "Z poważaniem\n{name}\n{company}\nul. {street} {num}, {pc} {city}\n{P}", "C|{company} Sp. z o.o.\nul. {street} {num}\n{pc} {city}\nNIP {nip}\n{P}",
    "{first}, przekazuję namiar na panią z księgowości: {P}. Ona się tym zajmuje.", "Lista obecności:\n1. {name} – {P}\n2. {name2} – L4 do piątku",
    "Korepetycje z matematyki, matura 2025, {city} i online. {first} {P}",
    "Zaginął pies! Rudy kundelek, reaguje na imię Bursztyn, okolice ul. {street}. Znalazcę proszę o info: {P} 🙏",
    "C|Faktura VAT {inv}\nSprzedawca: {company}, ul. {street} {num}, {pc} {city}\n{P}", "| Oddział | Kierownik | |\n|---|---|---|\n| {city} | {name} | {P} |",
    "{name},{email},{P},{city}", "Notatka ze spotkania {date}: ofertę przygotowuje {first}, po stronie klienta {name2} ({P}). Termin: piątek.",
    'crm.search("{last}") -> {name}; {company}; {P}; {email}',
    "[{time}] {first}: masz namiar na tego elektryka?\n[{time2}] {first2}: tak, {P}, pan Zbyszek, polecam",
    "Odbiór osobisty: {city}, ul. {street} {num}, po wcześniejszym umówieniu – {P}.",
    "C|Poland office: {company}, ul. {street} {num}, {pc} {city} — {P}", '{{"firma": "{company}", "miasto": "{city}", "przedstawiciel": "{name}, {P}"}}']),
    "ES": ([
    "M|Hola {first}, te paso el móvil de {first2}: {P}. Llámale esta tarde.", "C|Para cualquier duda, llámenos al teléfono {P} o escriba a {email}.",
    "Vendo sofá de tres plazas, 150 €, recogida en {city}. Tlf {P}", "Un saludo,\n{name}\nDpto. de Compras\nTel.: {P}\n{email}",
    "Incidencia {tk}: el cliente solicita que le llamen al {P} entre las 9:00 y las 14:00.", "nombre;apellidos;telefono\n{first};{last};{P}",
    '{{"cliente": "{name}", "telefono": "{P}", "ciudad": "{city}"}}', 'M|contacto:\n  nombre: {name}\n  movil: "{P}"',
    "Se alquila piso en {city}, 3 hab., 850 €/mes. Interesados llamar al {P}", "M|Mi WhatsApp es {P}, escríbeme cuando llegues 😊",
    "L|{company}\nTeléfono de atención al cliente: {P}\nHorario: L-V 9:00-18:00",
    'lookup_supplier("{company}") -> {{"phone": "{P}", "city": "{city}"}}',
    "L|Cita previa en el centro de salud: llamar al {P} a partir de las 8:00.", "For urgent issues call our {city} desk on {P}.",
    "Fdo.: {name} — Tfno. {P}"], [
    "Atentamente,\n{name}\n{company}\nC/ {street}, {num} · {cp} {city}\n{P}",
    "C|{company}, S.L.\nCIF {cif}\nAvda. de la Constitución, {num}\n{cp} {city} ({prov})\n{P}",
    "C|Factura simplificada T-{tk}\n{company} · {city}\n{P}\nTotal: {price} € IVA incl.", "Te paso lo de {first}: {P}, guárdalo 😉",
    "Clases particulares de inglés, todos los niveles, zona {city}. {first} {P}",
    "Se ha perdido una gata atigrada por la zona de C/ {street}, {city}. Si la veis, avisad a {P} 🙏 #perdida",
    "| Sede | Responsable |\n|---|---|\n| {city} | {name} · {P} |", "{name},{email},{P},{city}",
    "Acta reunión {date}: {first} enviará el presupuesto a {name2} ({P}) antes del viernes.", 'search_crm("{last}") → {name} | {company} | {P}',
    "[{time}] {first}: ¿tienes lo del fontanero?\n[{time2}] {first2}: sí, {P}, es Paco, muy majo",
    "Recogida en tienda: {company}, C/ {street}, {num}, {city}. Avisar antes en el {P}.",
    "C|Spain office — {company}, C/ {street} {num}, {cp} {city}. Reception: {P}",
    '{{"proveedor": "{company}", "ciudad": "{city}", "persona": "{name} {P}"}}',
    "Action items: {first} to follow up with {name2} ({P}) re: contract renewal."])}

# ----------------------------------------------------------------------------- negatives
# (template, identifier generator, clearly labelled identifier?)
M = lambda lo, hi, sep: thousands(R.randint(lo, hi), sep)
NEG = {"BR": [
    ("Segue meu CPF para emissão da nota: {X}", cpf, 1), ("CPF {X} — favor conferir antes de enviar ao cartório.", lambda: cpf(False), 1),
    ("Dados do veículo: placa RIO2A18, Renavam {X}, ano 2019.", renavam, 1), ("PIS/PASEP: {X}", pis, 1),
    ("RG {X} SSP/{uf}, expedido em {date}", lambda: f"{D(2)}.{D(3)}.{D(3)}-{R.randint(0, 9)}", 1),
    ("Pedido #{X} confirmado! Previsão de entrega: {date}.", lambda: str(R.randint(10 ** 8, 10 ** 9 - 1)), 1),
    ("NF-e nº {X}, série 1, emitida em {date}.", lambda: f"000.{D(3)}.{D(3)}", 1),
    ("Seu código de rastreio é {X}. Acompanhe pelo site dos Correios.", lambda: pick(["QB", "OY", "NL", "LB"]) + D(9) + "BR", 1),
    ("Valor total do contrato: R$ {X}", lambda: M(10 ** 6, 10 ** 7 - 1, ".") + "," + D(2), 0),
    ("Saldo devedor atualizado: R$ {X} (posição em {date}).", lambda: M(10 ** 8, 10 ** 9 - 1, ".") + "," + D(2), 0),
    ("CNH nº de registro {X}, categoria AB, validade {date}.", lambda: D(11), 1),
    ("Agência 3421-7, conta corrente {X}", lambda: f"{D(8)}-{R.randint(0, 9)}", 1),
    ("Boleto gerado. Nosso número: {X} — vencimento {date}.", lambda: D(10), 1),
    ("Razão social: {company}\nCNPJ: {X}", cnpj, 1), ("Endereço de entrega: {street}, {num} - São Paulo/SP, CEP {X}", lambda: f"0{R.randint(1000, 5999)}-{D(3)}", 1),
    ("Linha digitável: {X}", lambda: f"{D(5)}.{D(5)} {D(5)}.{D(6)} {D(5)}.{D(6)} {R.randint(1, 9)} {D(14)}", 1),
    ("Chave de acesso da NF-e: {X}", lambda: " ".join(D(4) for _ in range(11)), 1),
    ("Resultado da Mega-Sena, concurso {id}: {X}", lambda: " - ".join(f"{n:02d}" for n in sorted(R.sample(range(1, 61), 6))), 0),
    ("Reunião remarcada para {X} às 14h30.", lambda: f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/2025", 0),
    ("Atualizei o app para a versão {X} e o erro continuou.", lambda: f"{R.randint(1, 12)}.{R.randint(0, 30)}.{R.randint(0, 99)}", 0),
    ("Comprei {X} de cimento, entrega na obra amanhã cedo.", lambda: M(1000, 99000, ".") + " kg", 0),
    ("Parcelado em 10x de R$ {X} sem juros no cartão.", lambda: f"{R.randint(19, 999)},{D(2)}", 0),
    ("EAN {X} — Tênis de corrida masculino tam. 42, estoque: 14 pares", lambda: "789" + D(10), 1),
    ("Processo nº {X}, 2ª Vara Cível da Comarca de {city}.", lambda: f"{D(7)}-{D(2)}.2024.8.26.{D(4)}", 1),
    ("Inscrição Estadual: {X}", lambda: f"{D(3)}.{D(3)}.{D(3)}.{D(3)}", 1), ("Título de eleitor {X}, zona 001, seção 0123", lambda: f"{D(4)} {D(4)} {D(4)}", 1),
    ("Compra aprovada no cartão final {X} em {date} às {time}.", lambda: D(4), 1),
    ("Protocolo: {X}. Guarde este número para acompanhar sua solicitação.", lambda: "2025" + D(12), 1),
    ("Apartamento {X}, bloco C, 78 m², 2 vagas, condomínio R$ 650.", lambda: str(R.randint(101, 1804)), 0),
    ("Estoque atual: {X} unidades no CD de {city}.", lambda: M(1000, 99999, "."), 0),
    ("A linha {X} sai às 06:40 do terminal central.", lambda: f"{R.randint(1000, 9999)}-{R.randint(10, 99)}", 0),
    ("IPCA acumulado em 12 meses: {X}.", lambda: f"{R.randint(2, 11)},{D(2)}%", 0),
    ("Multa: placa {X} autuada em {date} às {time}, velocidade 78 km/h.", lambda: "".join(R.choices("ABCDEFGHJKLMNPRSTUVWXYZ", k=3)) + f"{R.randint(0, 9)}A{D(2)}", 1),
    ("Matrícula nº {X} do 4º Cartório de Registro de Imóveis de {city}", lambda: M(10000, 250000, "."), 1),
    ("Cotação do dólar hoje: R$ {X}", lambda: f"5,{D(4)}", 0)],
    "PL": [
    ("PESEL: {X}", pesel, 1), ("Pacjent: {name}, PESEL {X}, skierowanie z {date}", pesel, 1),
    ("Nabywca: {company}, NIP {X}", lambda: nip(0), 1), ("Sprzedawca: {company}\nNIP: {X}", lambda: nip(1), 1),
    ("NIP PL{X} – faktura wystawiona na firmę.", lambda: nip(2), 1), ("{company}, REGON {X}", regon, 1),
    ("Twój numer klienta: {X}. Zachowaj go do kontaktu z biurem obsługi.", lambda: D(10), 1),
    ("Zamówienie nr {X} zostało wysłane kurierem.", lambda: str(R.randint(10 ** 8, 10 ** 9 - 1)), 1),
    ("Przesyłka polecona {X} – awizo w placówce do {date}.", lambda: "RR" + D(9) + "PL", 1),
    ("Księga wieczysta nr {X}", lambda: f"WA1M/{D(8)}/{R.randint(0, 9)}", 1), ("{company}, KRS {X}", lambda: "0000" + D(6), 1),
    ("Budżet projektu: {X} zł", lambda: M(10 ** 8, 10 ** 9 - 1, " "), 0), ("Przychód netto za 2023 r.: {X} zł", lambda: M(10 ** 9, 10 ** 10 - 1, " "), 0),
    ("Numer rachunku: {X}", nrb, 1), ("Proszę o przelew na konto {X} do {date}.", nrb, 1),
    ("Adres: ul. {street} {num}, {X} Warszawa", lambda: f"0{R.randint(0, 4)}-{D(3)}", 1), ("Termin płatności: {X} r.", lambda: f"{R.randint(1, 28):02d}.{R.randint(1, 12):02d}.2025", 0),
    ("Spotkanie o godz. {X} w sali 204.", lambda: f"{R.randint(8, 18)}:{R.choice(['00', '15', '30', '45'])}", 0),
    ("Wyniki Lotto: {X}", lambda: ", ".join(str(n) for n in sorted(R.sample(range(1, 50), 6))), 0),
    ("Kwota do zapłaty: {X} zł", lambda: M(10 ** 7, 10 ** 8 - 1, " "), 0), ("Do zapłaty: {X} zł brutto", lambda: M(1000, 9999, " ") + "," + D(2), 0),
    ("Zaktualizowano system do wersji {X}.", lambda: f"{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}", 0),
    ("Zamówiono {X} kg cementu na budowę.", lambda: M(1000, 9000, " "), 0), ("Sygn. akt {X}", lambda: f"I C {R.randint(100, 2999)}/{R.randint(19, 25)}", 1),
    ("EAN: {X}", lambda: "590" + D(10), 1), ("Nr rej. pojazdu: {X}", lambda: f"W{pick('XAEHIN')} {D(4)}{pick('KLMN')}", 1),
    ("Dz.U. z 2023 r. poz. {X}", lambda: str(R.randint(100, 2999)), 1), ("Kod PKWiU {X}", lambda: f"{R.randint(10, 96)}.{D(2)}.{D(2)}.0", 1),
    ("Seria i numer dowodu osobistego: {X}", lambda: "".join(R.choices("ABCDEFGHJKLMNPRSTWXYZ", k=3)) + " " + D(6), 1),
    ("VIN: {X}", lambda: "WVWZZZ1K" + pick("ABCDE") + D(8), 1), ("Faktura {X} – termin płatności 14 dni.", lambda: f"FV/{R.randint(1, 999)}/03/25", 1),
    ("Powierzchnia użytkowa lokalu: {X} m²", lambda: M(100, 2500, " ") + "," + str(R.randint(0, 9)), 0),
    ("Kurs EUR/PLN z dnia {date}: {X}", lambda: f"4,{D(4)}", 0)],
    "ES": [
    ("Nº de pedido: {X}", lambda: str(R.randint(10 ** 8, 10 ** 9 - 1)), 1),
    ("Su número de referencia es {X}. Consérvelo para futuras gestiones.", lambda: D(10), 1),
    ("Presupuesto total de la obra: {X} €", lambda: M(10 ** 8, 10 ** 9 - 1, "."), 0),
    ("Facturación 2023: {X} €", lambda: M(10 ** 7, 10 ** 8 - 1, ".") + "," + D(2), 0), ("Nº de cuenta: {X}", lambda: D(10), 1),
    ("Póliza nº {X}, vigente hasta {date}", lambda: D(10), 1), ("Factura nº F-{X}", lambda: "000" + D(6), 1),
    ("Nº de expediente: {X}", lambda: "2024/" + D(6), 1), ("Su envío {X} está en reparto.", lambda: "RR" + D(9) + "ES", 1),
    ("Lote: {X} · Cad.: {date}", lambda: D(11), 1), ("Importe adjudicado: {X} € (IVA excluido)", lambda: M(10 ** 6, 10 ** 7 - 1, ".") + ",00", 0),
    ("DNI: {X}", dni, 1), ("NIE {X} — tarjeta de residencia en vigor", nie, 1), ("{company}\nCIF: {X}", cif, 1),
    ("IBAN: {X}", es_iban, 1), ("CCC: {X}", lambda: (lambda c: f"{c[:4]} {c[4:8]} {c[8:10]} {c[10:]}")(ccc()), 1),
    ("Dirección: C/ {street}, {num}, {X} Madrid", lambda: f"280{R.randint(1, 55):02d}", 1),
    ("Fecha de vencimiento: {X}", lambda: f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/2025", 0),
    ("Primitiva del jueves: {X}", lambda: " - ".join(f"{n:02d}" for n in sorted(R.sample(range(1, 50), 6))) + f" C: {R.randint(1, 49):02d} R: {R.randint(0, 9)}", 0),
    ("Ya está disponible la versión {X} de la aplicación.", lambda: f"{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}", 0),
    ("Vehículo matrícula {X}, ITV en vigor.", lambda: D(4) + " " + "".join(R.choices("BCDFGHJKLMNPRSTVWXYZ", k=3)), 1),
    ("Referencia catastral: {X}", lambda: D(7) + "VK" + D(4) + "N" + D(4) + "XY", 1),
    ("BOE núm. {X}", lambda: f"{R.randint(1, 310)}, de {R.randint(1, 28)}/{R.randint(1, 12):02d}/2024", 1),
    ("Ref. {X} – Zapatilla running talla 42", lambda: f"{D(4)}/{D(3)}", 1), ("Pedimos {X} de naranjas para la frutería.", lambda: M(1000, 9000, ".") + " kg", 0),
    ("Lotería de Navidad: juego el {X}", lambda: f"{R.randint(10, 99)}.{D(3)}", 0), ("Incidencia INC-{X} cerrada.", lambda: f"2024-{D(6)}", 1),
    ("Llegada prevista a las {X} h.", lambda: f"{R.randint(8, 22)}:{R.choice(['05', '20', '35', '50'])}", 0),
    ("Superficie construida: {X} m²", lambda: M(1000, 9999, ".") + "," + D(2), 0), ("Código de barras: {X}", lambda: "84" + D(11), 1),
    ("Euríbor a 12 meses: {X} %", lambda: f"3,{D(3)}", 0), ("Total a pagar: {X} €", lambda: M(1000, 99999, ".") + "," + D(2), 0),
    ("Nº de afiliación a la Seguridad Social: {X}", lambda: f"{R.randint(1, 52):02d}/{D(8)}/{D(2)}", 1)]}

Z = lambda text: [m for r in REGIONS for m in pn.PhoneNumberMatcher(text, r, leniency=pn.Leniency.VALID)]


def city_for(reg, kind):
    cities = {"BR": BR_CITIES, "PL": PL_CITIES, "ES": ES_CITIES}[reg]
    if kind == "f2":  # written with a 2-digit area code: Madrid 91, Barcelona 93, Bilbao 94, Valencia 96
        cities = [c for c in cities if c[2] in ("91", "93", "944", "963", "965")]
    elif kind == "f3":
        cities = [c for c in cities if len(c[2]) == 3]
    return pick(cities)


def compatible(ctx, kind):
    tag = ctx[0] if ctx[1:2] == "|" else ""
    return {"M": kind == "m", "F": kind in ("f", "f2", "f3"), "L": kind != "m", "C": True}.get(tag, kind not in ("t", "s"))


def positive(reg, fmt, style, nokw, used):
    kind, tpl = style
    for _ in range(500):
        k = kind if kind != "a" else ("m" if R.random() < .6 else "f")
        city = city_for(reg, k)
        nsn = gen_number(reg, k, city)
        pre, val = render(tpl, nsn)
        ctx = pick([c for c in POS[reg][1 if nokw else 0] if compatible(c, k)])
        ctx = ctx[2:] if ctx[1:2] == "|" else ctx
        if nsn in used or ("({P}" in ctx and (pre + val).startswith("(")):
            continue
        d = fill_dict(reg, city)
        text = ctx.format_map(dict(d, P=pre + val))
        if text.count(val) != 1 or text.count(pre + val) != 1 or (nokw and KW.search(text)):
            continue
        n = canonical(val, reg, fmt)
        assert pn.is_valid_number(n) and pn.region_code_for_number(n) == reg and str(n.national_number) == nsn, (val, nsn)
        s = text.index(pre + val)
        if any(m.end <= s or m.start >= s + len(pre + val) for m in Z(text)):
            continue  # another valid number somewhere in the text
        used.add(nsn)
        return {"region": reg, "text": text, "value": val, "format": fmt}
    raise RuntimeError(f"no context for {reg} {style}")


def negative(reg, entry):
    tpl, fn, lab = entry
    for _ in range(500):
        x = fn()
        text = tpl.format_map(dict(fill_dict(reg, city_for(reg, "m")), X=x))
        hits, s = Z(text), text.index(x)
        if not hits or (lab and all(s <= m.start and m.end <= s + len(x) for m in hits)):
            return {"region": reg, "text": text, "value": "", "format": "negative"}, bool(hits)
    raise RuntimeError(f"negative keeps matching: {tpl}")


def cycle(items, n):  # n items, each of `items` used about equally often, in random order
    return (lambda it: [it[i % len(it)] for i in range(n)])(R.sample(items, len(items)))


def main():
    for reg in REGIONS:  # sanity: keyword contexts have a keyword, the others have none
        assert all(KW.search(t) for t in POS[reg][0]), reg
        assert all(any(compatible(c, k) for c in POS[reg][i]) for i in (0, 1) for k in ("m", "f", "f2", "f3", "t", "s"))
        assert not [t for t in POS[reg][1] if KW.search(t)], [t for t in POS[reg][1] if KW.search(t)]
    lines, stats = [], {}
    for reg in REGIONS:
        used, pos = set(), []
        for fmt, n in (("national", N_NAT), ("international", N_INTL)):
            for i, st in enumerate(cycle(STYLES[(reg, fmt)], n)):
                pos.append(positive(reg, fmt, st, i % 2 == 0, used))
        R.shuffle(pos)
        nd = lambda e: max(len(re.sub(r"\D", "", g)) for g in re.findall(r"\d+(?:[ .,/-]\d+)*", e[1]()))  # grouped digits
        longs = [e for e in NEG[reg] if 9 <= nd(e) <= 11]
        others = [e for e in NEG[reg] if not 9 <= nd(e) <= 11]
        n_long = -(-N_NEG // 3)
        negs = [negative(reg, e) for e in cycle(longs, n_long) + cycle(others, N_NEG - n_long)]
        R.shuffle(negs)
        lines += pos + [r for r, _ in negs]
        stats[reg] = dict(national=N_NAT, international=N_INTL, negative=len(negs),
                          nokw=sum(not KW.search(p["text"]) for p in pos), neg_labelled_phone_like=sum(h for _, h in negs))
    with open(OUT, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in lines)
    print(OUT, len(lines), stats)


if __name__ == "__main__":
    main()
