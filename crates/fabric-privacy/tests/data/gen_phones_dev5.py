#!/usr/bin/env python3
"""Generate phones_dev5.jsonl: BR / PL / ES phone numbers as written locally.

Dev set aimed at how Brazilians, Poles and Spaniards write their *own* numbers
in everyday text (national formats dominate; a few international ones), plus
Portuguese / Polish / Spanish negatives (digit strings that are not phones,
a third of them grouped like phones).

Written independently of the detector and of earlier data sets.

Deterministic: fixed seed.  Requires the `phonenumbers` package, e.g.
    python3 -m venv /tmp/phvenv && /tmp/phvenv/bin/pip install phonenumbers
    /tmp/phvenv/bin/python gen_phones_dev5.py

Every positive `value` satisfies
    phonenumbers.is_valid_number(phonenumbers.parse(value, region))
    and phonenumbers.region_code_for_number(...) == region
and occurs exactly once in `text`.  Texts are also checked with
phonenumbers.PhoneNumberMatcher so that positives contain no second valid
number and negatives contain none at all (for BR, PL and ES).

Note on Poland: phonenumbers treats the old trunk prefix as part of the
number, so "0 22 628 14 37" / "(0-22) 628 14 37" do not parse as valid.  A few
lines keep the "0 " / "0-" in the text with `value` starting at the area code;
the bracketed "(0 22)" / "(0-22)" forms cannot satisfy the validity rule and
are therefore not used as positives.
"""

import json
import os
import random
import re

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

SEED = 5_2024_0605
rng = random.Random(SEED)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "phones_dev5.jsonl")

N_NATIONAL = 60
N_INTL = 10
N_NEG = 40
N_NEG_HARD = 15
N_EASY_KINDS = 18
NOWORD_SHARE = 36  # of the 60 national positives per region

# --------------------------------------------------------------------------
# phone-word check (broad, conservative: matches at the start of a word)
# --------------------------------------------------------------------------
PHONE_WORDS = [
    "tel", "tlf", "tfn", "tfno", "telf", "fone", "fono", "cel", "kom", "whats",
    "wats", "wsp", "zap", "móvil", "movil", "móvel", "movel", "mobile", "mobil",
    "llam", "lig", "dzwo", "zadzwo", "contact", "contat", "kontakt", "númer",
    "numer", "numér", "nr", "nro", "nº", "n°", "fax", "phone", "sms", "call",
    "ramal", "sac", "wew", "ext", "extensión", "centralita", "infolinia",
    "celular", "komórk", "komork", "wa.me", "interfone", "domofon",
]
_WORD_RE = re.compile(
    r"(?<![0-9A-Za-zÀ-ÿąćęłńóśźżĄĆĘŁŃÓŚŹŻ])(?:"
    + "|".join(re.escape(w) for w in sorted(PHONE_WORDS, key=len, reverse=True))
    + r")",
    re.IGNORECASE,
)


def has_phone_word(text):
    return _WORD_RE.search(text) is not None


# --------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------
def is_valid_for(value, region):
    try:
        n = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(n) and phonenumbers.region_code_for_number(n) == region


def valid_matches(text, regions=("BR", "PL", "ES")):
    out = []
    for r in regions:
        for m in PhoneNumberMatcher(text, r, leniency=Leniency.VALID):
            out.append((m.start, m.end, r))
    return out


def clean_positive(text, value):
    if text.count(value) != 1:
        return False
    i = text.index(value)
    j = i + len(value)
    if i > 0 and text[i - 1].isdigit():
        return False
    if j < len(text) and text[j].isdigit():
        return False
    for s, e, _ in valid_matches(text):
        if e <= i or s >= j:  # a valid number outside the value
            return False
    return True


def clean_negative(text):
    return not valid_matches(text)


def digits(n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def groups(ds, sizes, sep):
    out, k = [], 0
    for s in sizes:
        out.append(ds[k:k + s])
        k += s
    assert k == len(ds), (ds, sizes)
    return sep.join(out)


def pick(seq):
    return rng.choice(seq)


# --------------------------------------------------------------------------
# check-digit helpers for realistic identifiers (negatives)
# --------------------------------------------------------------------------
def cpf():
    b = [rng.randint(0, 9) for _ in range(9)]
    for _ in range(2):
        w = list(range(len(b) + 1, 1, -1))
        s = sum(x * y for x, y in zip(b, w)) % 11
        b.append(0 if s < 2 else 11 - s)
    return "".join(map(str, b))


def cnpj():
    b = [rng.randint(0, 9) for _ in range(8)] + [0, 0, 0, rng.choice([1, 1, 1, 2])]
    for w in ([5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]):
        s = sum(x * y for x, y in zip(b, w)) % 11
        b.append(0 if s < 2 else 11 - s)
    return "".join(map(str, b))


def fmt_cpf(c):
    return f"{c[:3]}.{c[3:6]}.{c[6:9]}-{c[9:]}"


def fmt_cnpj(c):
    return f"{c[:2]}.{c[2:5]}.{c[5:8]}/{c[8:12]}-{c[12:]}"


def nip():
    while True:
        b = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        s = sum(x * y for x, y in zip(b, [6, 5, 7, 2, 3, 4, 5, 6, 7])) % 11
        if s != 10:
            return "".join(map(str, b + [s]))


def pesel():
    y = rng.randint(50, 99)
    m = rng.randint(1, 12)
    d = rng.randint(1, 28)
    b = [int(c) for c in f"{y:02d}{m:02d}{d:02d}"] + [rng.randint(0, 9) for _ in range(4)]
    s = sum(x * y for x, y in zip(b, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3])) % 10
    return "".join(map(str, b + [(10 - s) % 10]))


def regon():
    b = [int(c) for c in pick(["01", "03", "07", "14", "36", "38", "47", "52", "63"])]
    b += [rng.randint(0, 9) for _ in range(6)]
    s = sum(x * y for x, y in zip(b, [8, 9, 2, 3, 4, 5, 6, 7])) % 11
    return "".join(map(str, b + [0 if s == 10 else s]))


def iban_check(country, bban):
    conv = "".join(str(ord(c) - 55) if c.isalpha() else c for c in bban + country + "00")
    return f"{98 - int(conv) % 97:02d}"


def nrb():
    bban = pick(["1090", "1020", "1140", "1050", "2490", "1240"]) + digits(4) + digits(16)
    return iban_check("PL", bban) + bban


def ccc():
    ent = pick(["2100", "0049", "0182", "0081", "2085", "0128"])
    ofi = digits(4)
    acc = digits(10)
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def dc(ds):
        s = sum(int(x) * y for x, y in zip(ds, w)) % 11
        r = 11 - s
        return 0 if r == 11 else (1 if r == 10 else r)

    d1 = dc("00" + ent + ofi)
    d2 = dc(acc)
    return ent + ofi + f"{d1}{d2}" + acc


def dni():
    n = rng.randint(10_000_000, 79_999_999)
    return f"{n:08d}", "TRWAGMYFPDXBNJZSQVHLCKE"[n % 23]


def nie():
    p = pick("XYZ")
    n = rng.randint(0, 9_999_999)
    full = int({"X": "0", "Y": "1", "Z": "2"}[p] + f"{n:07d}")
    return p, f"{n:07d}", "TRWAGMYFPDXBNJZSQVHLCKE"[full % 23]


def ean13(prefix):
    b = prefix + digits(12 - len(prefix))
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(b))
    return b + str((10 - s % 10) % 10)


# --------------------------------------------------------------------------
# shared filler
# --------------------------------------------------------------------------
def hhmm():
    return f"{rng.randint(7, 23):02d}:{rng.randint(0, 59):02d}"


def ddmmyyyy(sep="/"):
    return f"{rng.randint(1, 28):02d}{sep}{rng.randint(1, 12):02d}{sep}{rng.choice([2023, 2024, 2025])}"


def price_comma(lo, hi):
    v = rng.randint(lo, hi)
    c = rng.randint(0, 99)
    s = f"{v:,}".replace(",", ".")
    return f"{s},{c:02d}"


def brl(cents):
    return f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d}"


def price_pl(lo, hi):
    v = rng.randint(lo, hi)
    s = f"{v:,}".replace(",", "\u00a0" if rng.random() < 0.3 else " ")
    return s


# ==========================================================================
# BRAZIL
# ==========================================================================
BR_PLACES = [
    # street, bairro, city-UF, CEP, DDD
    ("Av. Paulista, 1578", "Bela Vista", "São Paulo - SP", "01310-200", "11"),
    ("Rua Voluntários da Pátria, 190", "Botafogo", "Rio de Janeiro - RJ", "22270-010", "21"),
    ("Rua da Bahia, 1148", "Centro", "Belo Horizonte - MG", "30160-011", "31"),
    ("Av. Sete de Setembro, 2775", "Rebouças", "Curitiba - PR", "80230-010", "41"),
    ("Rua dos Andradas, 1234", "Centro Histórico", "Porto Alegre - RS", "90020-008", "51"),
    ("Av. Boa Viagem, 3500", "Boa Viagem", "Recife - PE", "51020-000", "81"),
    ("Rua Chile, 22", "Centro", "Salvador - BA", "40020-000", "71"),
    ("SCS Quadra 2, Bloco C", "Asa Sul", "Brasília - DF", "70302-000", "61"),
    ("Av. Beira Mar, 3980", "Mucuripe", "Fortaleza - CE", "60165-121", "85"),
    ("Rua Felipe Schmidt, 515", "Centro", "Florianópolis - SC", "88010-001", "48"),
    ("Av. Eduardo Ribeiro, 520", "Centro", "Manaus - AM", "69010-001", "92"),
    ("Rua Barão de Jaguara, 1200", "Centro", "Campinas - SP", "13015-002", "19"),
    ("Av. Presidente Vargas, 800", "Campina", "Belém - PA", "66017-000", "91"),
    ("Rua Goiás, 300", "Setor Central", "Goiânia - GO", "74005-010", "62"),
    ("Av. Jerônimo Monteiro, 1000", "Centro", "Vitória - ES", "29010-002", "27"),
    ("Rua XV de Novembro, 64", "Centro", "Blumenau - SC", "89010-000", "47"),
    ("Av. Afonso Pena, 2440", "Centro", "Campo Grande - MS", "79002-074", "67"),
    ("Rua Amazonas, 55", "Centro", "Ribeirão Preto - SP", "14010-160", "16"),
    ("Av. Epitácio Pessoa, 1200", "Tambaú", "João Pessoa - PB", "58039-000", "83"),
    ("Rua Grande, 310", "Centro", "São Luís - MA", "65020-250", "98"),
    ("Av. Getúlio Vargas, 75", "Centro", "Juiz de Fora - MG", "36013-010", "32"),
    ("Rua Sergipe, 900", "Centro", "Londrina - PR", "86010-360", "43"),
]
BR_DDD_ALL = [
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21", "22", "24", "27", "28",
    "31", "32", "33", "34", "35", "37", "38", "41", "42", "43", "44", "45", "46", "47",
    "48", "49", "51", "53", "54", "55", "61", "62", "63", "64", "65", "66", "67", "68",
    "69", "71", "73", "74", "75", "77", "79", "81", "82", "83", "84", "85", "86", "87",
    "88", "89", "91", "92", "93", "94", "95", "96", "97", "98", "99",
]
BR_FIRST = ["Ana", "Carlos", "Fernanda", "João Pedro", "Mariana", "Rafael", "Juliana", "Bruno",
            "Patrícia", "Luiz", "Camila", "Thiago", "Aline", "Rodrigo", "Vanessa", "Gustavo",
            "Letícia", "Diego", "Renata", "Marcos", "Tati", "Gabi", "Dani", "Duda", "Léo"]
BR_LAST = ["Souza", "Lima", "Oliveira", "Santos", "Costa", "Almeida", "Ribeiro", "Carvalho",
           "Gomes", "Rocha", "Martins", "Pereira", "Barbosa", "Nascimento", "Teixeira",
           "Moreira", "Araújo", "Cardoso", "Ferreira", "Mendes"]
BR_COMPANY = ["Construtora Horizonte Ltda.", "Padaria Pão Dourado", "Auto Center Irmãos Rocha",
              "Clínica Sorriso Odontologia", "Imobiliária Casa Certa", "Mercadinho Bom Preço",
              "Escritório Contábil Almeida & Filhos", "Pet Shop Amigo Fiel",
              "Oficina do Zé Mecânica", "Studio Bella Estética", "Distribuidora Vale Verde",
              "Gráfica Rápida Express"]
BR_DOMAINS = ["gmail.com", "hotmail.com", "yahoo.com.br", "uol.com.br", "outlook.com", "bol.com.br"]
BR_CSP = ["15", "21", "41", "31", "14", "12", "43"]


def br_ctx(place):
    first = pick(BR_FIRST)
    last = pick(BR_LAST)
    first2 = pick([f for f in BR_FIRST if f != first])
    user = (first.split()[0] + "." + last).lower()
    user = (user.replace("á", "a").replace("í", "i").replace("é", "e").replace("ú", "u")
            .replace("ã", "a").replace("ó", "o").replace("ç", "c"))
    return {
        "first": first, "first2": first2, "last": last,
        "name": f"{first} {last}", "name2": f"{first2} {pick(BR_LAST)}",
        "street": place[0], "bairro": place[1], "city": place[2], "cep": place[3],
        "cityname": place[2].split(" - ")[0],
        "company": pick(BR_COMPANY),
        "email": f"{user}@{pick(BR_DOMAINS)}",
        "date": ddmmyyyy(), "time": hhmm(), "time2": hhmm(),
        "price": price_comma(35, 4800), "bigprice": price_comma(18000, 65000),
        "km": f"{rng.randint(38, 190)}.{rng.randint(0, 9)}00",
        "order": digits(6), "ap": str(rng.randint(11, 184)),
        "day": f"{rng.randint(1, 28):02d}", "mon": f"{rng.randint(1, 12):02d}",
    }


def br_number(place, kind):
    """Return (ddd, sub) for a number of the requested kind."""
    while True:
        ddd = place[4] if (kind == "land" or rng.random() < 0.7) else pick(BR_DDD_ALL)
        if kind == "mob":
            sub = "9" + pick("6789") + digits(7)
        else:
            sub = pick("2345") + digits(7)
        if is_valid_for(ddd + sub, "BR"):
            return ddd, sub


def _br_split(sub):
    if len(sub) == 9:
        return sub[:5], sub[5:]
    return sub[:4], sub[4:]


# each: (name, kind-requirement, fn(ddd, sub) -> (shown, value))
def _br(f):
    def g(ddd, sub):
        a, b = _br_split(sub)
        s = f(ddd, sub, a, b)
        return s, s
    return g


BR_NATIONAL = [
    ("paren_dash", "any", _br(lambda d, s, a, b: f"({d}) {a}-{b}")),
    ("paren_dash_nospace", "any", _br(lambda d, s, a, b: f"({d}){a}-{b}")),
    ("paren_9apart", "mob", _br(lambda d, s, a, b: f"({d}) 9 {s[1:5]}-{b}")),
    ("paren_9dot", "mob", _br(lambda d, s, a, b: f"({d}) 9.{s[1:5]}-{b}")),
    ("paren_unbroken", "any", _br(lambda d, s, a, b: f"({d}) {s}")),
    ("paren_dot", "any", _br(lambda d, s, a, b: f"({d}) {a}.{b}")),
    ("paren_space", "any", _br(lambda d, s, a, b: f"({d}) {a} {b}")),
    ("ddd_dash", "any", _br(lambda d, s, a, b: f"{d} {a}-{b}")),
    ("ddd_space", "any", _br(lambda d, s, a, b: f"{d} {a} {b}")),
    ("ddd_9apart_space", "mob", _br(lambda d, s, a, b: f"{d} 9 {s[1:5]} {b}")),
    ("ddd_9apart_dash", "mob", _br(lambda d, s, a, b: f"{d} 9 {s[1:5]}-{b}")),
    ("all_dashes", "any", _br(lambda d, s, a, b: f"{d}-{a}-{b}")),
    ("all_dots", "any", _br(lambda d, s, a, b: f"{d}.{a}.{b}")),
    ("unbroken", "any", _br(lambda d, s, a, b: f"{d}{s}")),
    ("ddd_unbroken_sub", "any", _br(lambda d, s, a, b: f"{d} {s}")),
    ("zero_ddd", "any", _br(lambda d, s, a, b: f"0{d} {a}-{b}")),
    ("paren_zero_ddd", "any", _br(lambda d, s, a, b: f"(0{d}) {a}-{b}")),
    ("zero_space_ddd", "any", _br(lambda d, s, a, b: f"0 {d} {a}-{b}")),
    ("0xx", "any", _br(lambda d, s, a, b: f"0xx{d} {a}-{b}")),
    ("paren_0xx", "any", _br(lambda d, s, a, b: f"(0xx{d}) {a}-{b}")),
    ("paren_0XX", "any", _br(lambda d, s, a, b: f"(0XX{d}) {a}-{b}")),
    ("0_xx_spaced", "any", _br(lambda d, s, a, b: f"0 xx {d} {a}-{b}")),
    ("carrier_spaced", "any", _br(lambda d, s, a, b: f"0 {pick(BR_CSP)} {d} {a}-{b}")),
    ("carrier_joined", "any", _br(lambda d, s, a, b: f"0{pick(BR_CSP)} {d} {a}-{b}")),
    ("carrier_paren", "any", _br(lambda d, s, a, b: f"0{pick(BR_CSP)} ({d}) {a}-{b}")),
    ("zero_ddd_unbroken", "any", _br(lambda d, s, a, b: f"0{d}{s}")),
    ("ddd_dash_joined", "any", _br(lambda d, s, a, b: f"{d}-{s}")),
]


def _br_tollfree():
    while True:
        rest = pick(["7", "6", "7", "9", "2", "0"]) + digits(6)
        st = pick([f"0800 {rest[:3]} {rest[3:]}", f"0800-{rest[:3]}-{rest[3:]}",
                   f"0800 {rest}", f"0800-{rest}"])
        if is_valid_for(st, "BR"):
            return st


BR_INTL = [
    ("plus_paren", "any", lambda d, s, a, b: f"+55 ({d}) {a}-{b}"),
    ("plus_space", "any", lambda d, s, a, b: f"+55 {d} {a}-{b}"),
    ("plus_unbroken", "any", lambda d, s, a, b: f"+55{d}{s}"),
    ("plus_9apart", "mob", lambda d, s, a, b: f"+55 {d} 9 {s[1:5]}-{b}"),
    ("plus_dashes", "any", lambda d, s, a, b: f"+55-{d}-{a}-{b}"),
    ("nocc_plus_wa", "mob", lambda d, s, a, b: f"55 {d} {a}-{b}"),
    ("wa_me", "mob", lambda d, s, a, b: f"55{d}{s}"),
    ("plus_paren_nospace", "any", lambda d, s, a, b: f"+55({d}){a}-{b}"),
    ("plus_sub_unbroken", "any", lambda d, s, a, b: f"+55 {d} {s}"),
    ("plus55_paren_space", "any", lambda d, s, a, b: f"+55 ({d}) {a} {b}"),
]

# Templates: (text, kind) kind in any/mob/land ; {v} is the shown number.
PT_NOWORD = [
    ("[{time}, {date}] {first}: oi gente, quem quiser carona pra feira amanhã me chama no {v} 😊", "mob"),
    ("{name}\nGerente Comercial | {company}\n{v}\n{email}", "any"),
    ("Vendo Gol G5 2012 completo, {km} km, único dono, R$ {bigprice}. Tratar {v} ({first})", "mob"),
    ("{order};{name};{cityname};{v};{email}", "any"),
    ("{company}\n{street} - {bairro}\n{city}\nCEP {cep}\n{v}", "land"),
    ("| Responsável | Unidade | Plantão |\n|---|---|---|\n| {name} | {cityname} | {v} |", "any"),
    ('{{"cliente": "{name}", "cep": "{cep}", "cidade": "{cityname}", "principal": "{v}"}}', "any"),
    ("responsavel: {name}\nemail: {email}\nplantao: \"{v}\"\ncep: \"{cep}\"", "any"),
    ("Reunião {day}/{mon} — pendências: {first} confirma com o fornecedor até sexta ({v}); orçamento aprovado de R$ {price}.", "any"),
    ("{time} - {name}: quem tiver interesse no bolo de pote é só chamar {v} 🍰 entrego no {bairro}", "mob"),
    ("CUPOM NÃO FISCAL\n{company}\n{street} - {bairro} - {city}\n{v}\n{date} {time}\nTOTAL R$ {price}", "land"),
    ("Achei um cachorro caramelo perto da praça, aqui no {bairro}, quem for o dono chama {v}", "mob"),
    ("Oi {first}, tudo bem? Segue o da Dra. {last} que você pediu: {v}. Ela atende terça e quinta à tarde.", "any"),
    ("Alugo kitnet mobiliada no {bairro}, R$ {price}/mês, água inclusa. {v} c/ {first}", "mob"),
    ("Síndico: {name} – {v}\nZelador: seu Antônio (bloco B)", "any"),
    ("Entregas: {street}, {bairro}, {city}, CEP {cep} — {v} (falar com {first})", "any"),
    ("Faço fretes e mudanças em toda a região, preço justo! {v} {first} 🚚", "mob"),
    ("{name}\nCorretor de Imóveis\n{v} | {email}", "mob"),
    ("Inscrições para o retiro até dia {day}/{mon} com {first}: {v}", "mob"),
    ("Nome: {name}\nEndereço: {street} - {bairro} - {city}\nCEP: {cep}\nPara recados: {v}", "any"),
    ("{company} · {street} · {city} · {cep} · {v}", "land"),
    ("{first}: passa o do encanador?\n{first2}: {v}, diz que fui eu que indiquei", "any"),
    ("Pedido #{order} — entregar na {street}, ap {ap}. Se ninguém atender, {v}", "mob"),
    ("alguém sabe se esse {v} é golpe? mandaram mensagem dizendo que ganhei um prêmio", "any"),
    ("Plantão do fim de semana: {name} {v}", "mob"),
    ("Seu pedido saiu para entrega. Dúvidas: {v}", "any"),
    ("Bom dia! Sou a {first}, diarista com referências, disponível seg/qua/sex. {v}", "mob"),
    ("*{company}*\n📍 {street}, {bairro}\n{v}\n🕗 seg a sáb 8h às 18h", "any"),
    ("Agendamentos pelo {v} ou direto na recepção ({street}).", "any"),
    ("{name} <{email}>, {v}, {cityname}", "any"),
    ("Lista da festa junina:\n- {name}: canjica\n- {name2}: pipoca, {v}\n- Tia Cida: quentão", "mob"),
    ("Orçamento sem compromisso! Pintura residencial e comercial. {v} / {email}", "any"),
    ("Obrigado pela preferência! {company} — {v} — volte sempre", "land"),
    ("Manda um oi no {v} que te passo o cardápio da semana 🍱", "mob"),
    ("Aulas de violão e teclado, todas as idades. {bairro}, {cityname}. {v}", "any"),
    ("Dados para entrega:\n{name}\n{street}, ap {ap}\n{bairro} – {city}\n{cep}\n{v}", "any"),
    ("ATA {day}/{mon}: {first2} ficou de falar com {first} ({v}) sobre o contrato de manutenção.", "any"),
    ("{v} — {name}, {bairro}", "any"),
]
PT_WORD = [
    ("Tel.: {v}", "any"),
    ("{company}\n{street} - {city}\nCel: {v}", "mob"),
    ("Fone: {v} / {email}", "any"),
    ("Vendo bicicleta aro 29, semi-nova. Whats: {v}", "mob"),
    ("Me liga no {v} depois das 18h, {first}", "any"),
    ("Chama no zap {v} 📲", "mob"),
    ("Fone/Fax: {v} – {street}, {city}", "land"),
    ("Telefone para contato: {v}", "any"),
    ("Contato: {name} – {v}", "any"),
    ("Celular {first}: {v}", "mob"),
    ("WhatsApp {v} (só mensagem)", "mob"),
    ("Tel. comercial: {v} ramal 23", "land"),
    ("Ligue já e garanta seu desconto: {v}", "any"),
    ("Fones: {v}", "any"),
    ("nome;telefone;cidade\n{name};{v};{cityname}", "any"),
    ('{{"nome": "{name}", "telefone": "{v}", "email": "{email}"}}', "any"),
    ("Informações pelo tel. {v} ou {email}", "any"),
    ("[{time}] {first}: anota meu número novo {v}", "mob"),
    ("Cel/Whats {v} - {first}", "mob"),
    ("Fone residencial: {v}", "land"),
    ("SAC {company}: {v}", "any"),
    ("Tel: {v} | E-mail: {email} | {cityname}", "any"),
]

# ==========================================================================
# POLAND
# ==========================================================================
PL_PLACES = [
    ("ul. Marszałkowska 84/92 lok. 109", "00-514", "Warszawa", "22"),
    ("ul. Floriańska 15", "31-019", "Kraków", "12"),
    ("ul. Piotrkowska 120", "90-006", "Łódź", "42"),
    ("ul. Świdnicka 28", "50-068", "Wrocław", "71"),
    ("ul. Półwiejska 42", "61-888", "Poznań", "61"),
    ("ul. Długa 47/48", "80-831", "Gdańsk", "58"),
    ("al. Wojska Polskiego 12", "70-471", "Szczecin", "91"),
    ("ul. Mariacka 7", "40-014", "Katowice", "32"),
    ("ul. Krakowskie Przedmieście 24", "20-002", "Lublin", "81"),
    ("ul. Lipowa 14", "15-424", "Białystok", "85"),
    ("ul. Gdańska 27", "85-005", "Bydgoszcz", "52"),
    ("ul. 3 Maja 9", "35-030", "Rzeszów", "17"),
    ("ul. Sienkiewicza 19", "25-007", "Kielce", "41"),
    ("ul. Prosta 2", "10-029", "Olsztyn", "89"),
    ("al. Najświętszej Maryi Panny 5", "42-200", "Częstochowa", "34"),
    ("ul. Szeroka 11", "87-100", "Toruń", "56"),
    ("ul. Rynek 3", "33-300", "Nowy Sącz", "18"),
    ("ul. Zamkowa 4", "45-016", "Opole", "77"),
    ("ul. Wrocławska 8", "65-427", "Zielona Góra", "68"),
    ("ul. Kościuszki 30", "26-600", "Radom", "48"),
]
PL_MOBILE = ["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]
PL_FIRST = ["Anna", "Piotr", "Katarzyna", "Tomasz", "Magdalena", "Marcin", "Agnieszka", "Paweł",
            "Joanna", "Krzysztof", "Ewa", "Michał", "Małgorzata", "Jakub", "Barbara", "Łukasz",
            "Zofia", "Grzegorz", "Monika", "Adam"]
PL_LAST_M = ["Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
             "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk",
             "Piotrowski", "Grabowski", "Pawłowski", "Michalski", "Król"]
PL_COMPANY = ["Budmax", "Instal-Serwis", "Biuro Rachunkowe Bilans", "Auto-Części Kowalczyk",
              "Piekarnia Pod Kasztanem", "Drukarnia Offsetowa Druk-Pol", "Gabinet Stomatologiczny Uśmiech",
              "Hurtownia Elektryczna Volt", "Pracownia Krawiecka Nitka", "Transport Ciężarowy Wicher"]
PL_DOMAINS = ["wp.pl", "onet.pl", "gmail.com", "interia.pl", "o2.pl", "op.pl"]


def pl_surname(first, last):
    if first[-1] == "a" and last.endswith("ski"):
        return last[:-1] + "a"
    if first[-1] == "a" and last.endswith("cki"):
        return last[:-1] + "a"
    return last


def ascii_pl(s):
    t = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")
    return s.translate(t)


def pl_ctx(place):
    first = pick(PL_FIRST)
    last = pl_surname(first, pick(PL_LAST_M))
    first2 = pick([f for f in PL_FIRST if f != first])
    last2 = pl_surname(first2, pick(PL_LAST_M))
    comp = pick(PL_COMPANY)
    date = ddmmyyyy(".")
    return {
        "first": first, "first2": first2, "last": last,
        "ffirst": pick([f for f in PL_FIRST if f.endswith("a")]),
        "name": f"{first} {last}", "name2": f"{first2} {last2}",
        "fv": f"FV/{rng.randint(1, 380)}/{date[3:5]}/{date[6:]}",
        "street": place[0], "pcode": place[1], "city": place[2],
        "company": comp,
        "email": ascii_pl(f"{first[0]}.{last}").lower() + "@" + pick(PL_DOMAINS),
        "domain": ascii_pl(comp.split()[-1]).lower().replace("-", ""),
        "date": date, "time": hhmm(), "time2": hhmm(),
        "price": price_pl(150, 4500), "bigprice": price_pl(12000, 89000),
        "order": digits(5),
        "year": str(rng.choice([2008, 2011, 2014, 2016])),
    }


def pl_number(place, kind):
    while True:
        if kind == "mob":
            n = pick(PL_MOBILE) + digits(7)
        else:
            ac = place[3] if rng.random() < 0.8 else pick(["22", "12", "61", "71", "58", "42", "32"])
            n = ac + pick("2345678") + digits(6)
        if is_valid_for(n, "PL"):
            return n


def _pl(f, trim=None):
    def g(n):
        s = f(n)
        if trim:
            return s, s[len(trim):]
        return s, s
    return g


PL_NATIONAL = [
    ("m_333_space", "mob", _pl(lambda n: groups(n, [3, 3, 3], " "))),
    ("m_333_space2", "mob", _pl(lambda n: groups(n, [3, 3, 3], " "))),
    ("m_333_dash", "mob", _pl(lambda n: groups(n, [3, 3, 3], "-"))),
    ("m_unbroken", "mob", _pl(lambda n: n)),
    ("m_3222", "mob", _pl(lambda n: groups(n, [3, 2, 2, 2], " "))),
    ("m_2322", "mob", _pl(lambda n: groups(n, [2, 3, 2, 2], " "))),
    ("m_3222_dash", "mob", _pl(lambda n: groups(n, [3, 2, 2, 2], "-"))),
    ("m_333_dot", "mob", _pl(lambda n: groups(n, [3, 3, 3], "."))),
    ("l_2322", "land", _pl(lambda n: groups(n, [2, 3, 2, 2], " "))),
    ("l_paren_322", "land", _pl(lambda n: f"({n[:2]}) " + groups(n[2:], [3, 2, 2], " "))),
    ("l_paren_322_dash", "land", _pl(lambda n: f"({n[:2]}) " + groups(n[2:], [3, 2, 2], "-"))),
    ("l_2_7", "land", _pl(lambda n: f"{n[:2]} {n[2:]}")),
    ("l_paren_7", "land", _pl(lambda n: f"({n[:2]}) {n[2:]}")),
    ("l_paren_7_nospace", "land", _pl(lambda n: f"({n[:2]}){n[2:]}")),
    ("l_dashes", "land", _pl(lambda n: groups(n, [2, 3, 2, 2], "-"))),
    ("l_unbroken", "land", _pl(lambda n: n)),
    ("l_2_322_dash", "land", _pl(lambda n: f"{n[:2]} " + groups(n[2:], [3, 2, 2], "-"))),
    ("l_333", "land", _pl(lambda n: groups(n, [3, 3, 3], " "))),
    ("l_paren_322_nospace", "land", _pl(lambda n: f"({n[:2]})" + groups(n[2:], [3, 2, 2], "-"))),
    ("l_2_3_4", "land", _pl(lambda n: groups(n, [2, 3, 4], " "))),
    ("l_zero_space", "land", _pl(lambda n: "0 " + groups(n, [2, 3, 2, 2], " "), trim="0 ")),
    ("l_zero_dash", "land", _pl(lambda n: "0-" + f"{n[:2]} " + groups(n[2:], [3, 2, 2], "-"), trim="0-")),
]

PL_INTL = [
    ("plus_333", "any", lambda n: "+48 " + groups(n, [3, 3, 3], " ")),
    ("plus_land", "land", lambda n: "+48 " + groups(n, [2, 3, 2, 2], " ")),
    ("00_333", "any", lambda n: "0048 " + groups(n, [3, 3, 3], " ")),
    ("plus_unbroken", "any", lambda n: "+48" + n),
    ("paren_plus", "any", lambda n: "(+48) " + groups(n, [3, 3, 3], " ")),
    ("plus_paren_ac", "land", lambda n: f"+48 ({n[:2]}) " + groups(n[2:], [3, 2, 2], " ")),
    ("plus_dash", "any", lambda n: "+48-" + groups(n, [3, 3, 3], "-")),
    ("nocc_plus", "any", lambda n: "48 " + groups(n, [3, 3, 3], " ")),
    ("00_unbroken", "any", lambda n: "0048" + n),
    ("plus_3222", "any", lambda n: "+48 " + groups(n, [3, 2, 2, 2], " ")),
]

PL_NOWORD = [
    ("{name}\nKierownik ds. sprzedaży\n{company}\n{street}, {pcode} {city}\n{v}", "any"),
    ("Sprzedam rower górski Kross, rama 19\", stan bdb, {price} zł do negocjacji. {v}, {city}", "mob"),
    ("Pozdrawiam\n{first}\n{v}", "mob"),
    ("{order};{name};{city};{v};{email}", "any"),
    ("Oddam w dobre ręce kocięta (8 tyg.), okolice {city}. {v} po 17:00", "mob"),
    ("[{time}] {first}: jak coś to pisz na {v}, dziś jestem w terenie", "mob"),
    ("Notatka ze spotkania {date}: {first} ustali termin z dostawcą ({v}), budżet {price} zł netto.", "any"),
    ("| Imię i nazwisko | Dział | Dyżur |\n|---|---|---|\n| {name} | IT | {v} |", "any"),
    ('{{"imie": "{first}", "nazwisko": "{last}", "kod": "{pcode}", "dyzur": "{v}"}}', "any"),
    ("osoba: {name}\nmiasto: {city}\ndyzur: '{v}'", "any"),
    ("{company} sp. z o.o.\n{street}\n{pcode} {city}\n{v}", "land"),
    ("{company} · {street}, {pcode} {city} · {v} · biuro@{domain}.pl", "land"),
    ("Korepetycje z matematyki, matura rozszerzona, dojazd do ucznia. {v} — {first}", "mob"),
    ("Zgubiono klucze z breloczkiem w okolicy Rynku. Znalazcę proszę o wiadomość na {v}", "mob"),
    ("Pani {ffirst} od ubezpieczeń: {v} (pon.–pt. 8–16)", "any"),
    ("Przychodnia rodzinna „Zdrowie”, {street}, {city} — rejestracja {v}", "land"),
    ("Wynajmę kawalerkę 28 m², {city}, {price} zł + media, od zaraz. {v}", "mob"),
    ("Hydraulik 24h — {v} — {city} i okolice", "mob"),
    ("{time} {first}: ktoś ma namiar na elektryka?\n{time2} {first2}: {v} pan Zbyszek, polecam", "mob"),
    ("Odbiór osobisty: {street}, {pcode} {city}, {v}", "any"),
    ("Przesyłka do: {name}, {street}, {pcode} {city}, {v}", "any"),
    ("Zapisy na półkolonie do {date} u p. {last}, {v}", "any"),
    ("Sprzedam Opla Astrę {year}, diesel, zadbany. Cena {bigprice} zł. {city}, {v}", "mob"),
    ("Dzień dobry, w razie pytań jestem pod {v}. Pozdrawiam, {name}", "any"),
    ("{name} | {company} | {v} | {email}", "any"),
    ("Sekretariat szkoły: {v}, {street}, {pcode} {city}", "land"),
    ("Usługi remontowe: glazura, malowanie, panele. Tanio i solidnie! {v}", "mob"),
    ("Adres do korespondencji:\n{name}\n{street}\n{pcode} {city}\n{v}", "any"),
    ("Termin u fryzjera przełożony na {date}, godz. {time}. W razie zmian: {v}", "any"),
    ("Lista obecności — rada rodziców:\n1. {name}, {v}\n2. {name2} — usprawiedliwione", "any"),
    ("Faktura {fv}\nSprzedawca: {company}, {street}, {pcode} {city}, {v}", "land"),
    ("{v} — {company}, {city}", "any"),
    ("Pilnie kupię mieszkanie 2-pok. ({city} i okolice), bez pośredników. {v}", "mob"),
    ("Dyżur apteki w weekend: Apteka Pod Lwem, {street}, {v}", "land"),
    ("Rezerwacje stolików: {v} lub osobiście w lokalu.", "any"),
    ("Koordynacja wolontariuszy: {name}, {v}, {email}", "mob"),
]
PL_WORD = [
    ("tel. {v}", "any"),
    ("kom. {v}", "mob"),
    ("tel. kom. {v}", "mob"),
    ("nr tel. {v}", "any"),
    ("Tel./fax {v}\n{street}, {pcode} {city}", "land"),
    ("Zadzwoń: {v}", "any"),
    ("Dzwonić po 16: {v}", "mob"),
    ("Kontakt: {name}, {v}", "any"),
    ("numer do mnie: {v}", "mob"),
    ("telefon: {v}", "any"),
    ("komórka: {v}", "mob"),
    ("imie;nazwisko;telefon\n{first};{last};{v}", "any"),
    ('{{"firma": "{company}", "telefon": "{v}", "miasto": "{city}"}}', "any"),
    ("{company}\n{street}\n{pcode} {city}\ntel. {v}", "land"),
    ("Sprzedam kanapę, stan dobry, odbiór własny. Tel. {v}", "mob"),
    ("Informacje pod nr {v}", "any"),
    ("W razie problemów proszę dzwonić: {v}", "any"),
    ("Tel. stacjonarny {v}, e-mail {email}", "land"),
    ("{name}, tel. {v}, {city}", "any"),
    ("Kontakt telefoniczny: {v} (pon.–pt.)", "any"),
    ("Re: oferta\n\nPani {ffirst}, proszę śmiało pisać lub dzwonić pod {v}.", "any"),
]

# ==========================================================================
# SPAIN
# ==========================================================================
ES_PLACES = [
    ("C/ Mayor, 12, 3º B", "28013", "Madrid", "91"),
    ("Carrer de Provença, 245, 2n 1a", "08008", "Barcelona", "93"),
    ("Avda. del Puerto, 87", "46021", "Valencia", "96"),
    ("C/ Sierpes, 45", "41004", "Sevilla", "954"),
    ("Paseo de la Independencia, 21", "50001", "Zaragoza", "976"),
    ("C/ Uría, 34", "33003", "Oviedo", "985"),
    ("Gran Vía, 38", "48009", "Bilbao", "944"),
    ("C/ Triana, 60", "35002", "Las Palmas de Gran Canaria", "928"),
    ("Rúa do Franco, 10", "15702", "Santiago de Compostela", "981"),
    ("C/ Larios, 5", "29005", "Málaga", "952"),
    ("Plaza de Santo Domingo, 3", "30008", "Murcia", "968"),
    ("C/ Recogidas, 18", "18005", "Granada", "958"),
    ("C/ Santiago, 9", "47001", "Valladolid", "983"),
    ("C/ Estafeta, 40", "31001", "Pamplona", "948"),
    ("Avda. de la Libertad, 17", "20004", "Donostia", "943"),
    ("Passeig del Born, 15", "07012", "Palma", "971"),
    ("C/ Comercio, 22", "45001", "Toledo", "925"),
    ("C/ Ancha, 8", "24003", "León", "987"),
    ("C/ Real, 33", "11100", "San Fernando", "956"),
    ("Avda. Alfonso X el Sabio, 10", "03004", "Alicante", "965"),
]
ES_FIRST = ["María", "José", "Lucía", "Javier", "Carmen", "David", "Laura", "Pablo", "Elena",
            "Alejandro", "Marta", "Sergio", "Paula", "Raúl", "Isabel", "Andrés", "Nuria", "Iker",
            "Montse", "Xabier", "Rocío", "Álvaro", "Pilar", "Jordi"]
ES_LAST = ["García", "López", "Martínez", "Fernández", "Sánchez", "Rodríguez", "Gómez", "Díaz",
           "Moreno", "Muñoz", "Álvarez", "Romero", "Navarro", "Torres", "Domínguez", "Gil",
           "Serrano", "Castro", "Etxeberria", "Puig", "Otero", "Vidal"]
ES_COMPANY = ["Reformas Hermanos Ruiz", "Gestoría Alcalá", "Talleres Mecánicos El Cruce",
              "Clínica Dental Sonrisas", "Inmobiliaria Solmar", "Panadería La Espiga",
              "Asesoría Fiscal Nortegest", "Bar Casa Paco", "Fontanería Rápida Levante",
              "Academia Lingua", "Ferretería Central", "Autoescuela Semáforo"]
ES_DOMAINS = ["gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"]


def ascii_es(s):
    t = str.maketrans("áéíóúÁÉÍÓÚñÑüÜ", "aeiouAEIOUnNuU")
    return s.translate(t)


def es_ctx(place):
    first = pick(ES_FIRST)
    last = pick(ES_LAST)
    first2 = pick([f for f in ES_FIRST if f != first])
    return {
        "first": first, "first2": first2, "last": last,
        "name": f"{first} {last} {pick(ES_LAST)}", "name2": f"{first2} {pick(ES_LAST)}",
        "street": place[0], "cp": place[1], "city": place[2],
        "company": pick(ES_COMPANY),
        "email": ascii_es(f"{first}.{last}").lower() + "@" + pick(ES_DOMAINS),
        "date": ddmmyyyy(), "time": hhmm(), "time2": hhmm(),
        "price": price_comma(20, 2500).split(",")[0], "bigprice": price_comma(3500, 24000).split(",")[0],
        "order": digits(5), "fra": f"{rng.randint(1, 999):03d}", "rent": str(rng.randint(25, 65) * 10),
    }


def es_number(place, kind):
    while True:
        if kind == "mob":
            n = ("6" + digits(8)) if rng.random() < 0.85 else ("7" + pick("1234") + digits(7))
        else:
            pre = place[3] if rng.random() < 0.8 else pick(["91", "93", "96", "954", "944"])
            n = pre + pick("2345678") + digits(8 - len(pre))
        if is_valid_for(n, "ES"):
            return n


def _es(sizes, sep, paren=False):
    def g(n):
        if paren:
            head = sizes[0]
            s = f"({n[:head]}) " + groups(n[head:], sizes[1:], sep)
        else:
            s = groups(n, sizes, sep)
        return s, s
    return g


ES_NATIONAL = [
    ("333_space", "any", _es([3, 3, 3], " ")),
    ("333_space_b", "any", _es([3, 3, 3], " ")),
    ("3222_space", "any", _es([3, 2, 2, 2], " ")),
    ("2322_space", "land", _es([2, 3, 2, 2], " ")),
    ("2_7", "land", _es([2, 7], " ")),
    ("3_6", "any", _es([3, 6], " ")),
    ("333_dot", "any", _es([3, 3, 3], ".")),
    ("3222_dot", "any", _es([3, 2, 2, 2], ".")),
    ("2322_dot", "land", _es([2, 3, 2, 2], ".")),
    ("333_dash", "any", _es([3, 3, 3], "-")),
    ("3222_dash", "any", _es([3, 2, 2, 2], "-")),
    ("2322_dash", "land", _es([2, 3, 2, 2], "-")),
    ("unbroken", "any", _es([9], "")),
    ("unbroken_b", "any", _es([9], "")),
    ("paren2_322", "land", _es([2, 3, 2, 2], " ", paren=True)),
    ("paren3_222", "land", _es([3, 2, 2, 2], " ", paren=True)),
    ("paren2_7", "land", _es([2, 7], " ", paren=True)),
    ("333_space_c", "any", _es([3, 3, 3], " ")),
    ("3222_space_b", "any", _es([3, 2, 2, 2], " ")),
    ("2_3_4", "land", _es([2, 3, 4], " ")),
]

ES_TWO_DIGIT_FIRST = {"2322_space", "2_7", "2322_dot", "2322_dash", "paren2_322", "paren2_7", "2_3_4"}

ES_INTL = [
    ("plus_333", "any", lambda n: "+34 " + groups(n, [3, 3, 3], " ")),
    ("plus_3222", "any", lambda n: "+34 " + groups(n, [3, 2, 2, 2], " ")),
    ("00_333", "any", lambda n: "0034 " + groups(n, [3, 3, 3], " ")),
    ("plus_unbroken", "any", lambda n: "+34" + n),
    ("paren_plus", "any", lambda n: "(+34) " + n),
    ("plus_2322", "any", lambda n: "+34 " + groups(n, [2, 3, 2, 2], " ")),
    ("plus_dash", "any", lambda n: "+34-" + groups(n, [3, 3, 3], "-")),
    ("wa_me", "mob", lambda n: "34" + n),
    ("00_unbroken", "any", lambda n: "0034" + n),
    ("plus_dot", "any", lambda n: "+34." + groups(n, [3, 3, 3], ".")),
]

ES_NOWORD = [
    ("{name}\nDpto. Comercial · {company}\n{street}, {cp} {city}\n{v}", "any"),
    ("Se vende sofá de 3 plazas, muy buen estado, {price} €. Interesados {v} ({first})", "mob"),
    ("Clases particulares de matemáticas y física, ESO y Bachillerato. {v}", "mob"),
    ("{order},{name},{city},{v},{email}", "any"),
    ("[{date}, {time}] {first}: os paso el del fontanero: {v}", "any"),
    ("Acta reunión {date}: {first} confirmará con el proveedor ({v}) antes del viernes. Presupuesto: {price} €", "any"),
    ("| Nombre | Departamento | Guardia |\n|---|---|---|\n| {name} | Sistemas | {v} |", "any"),
    ('{{"nombre": "{name}", "cp": "{cp}", "localidad": "{city}", "guardia": "{v}"}}', "any"),
    ("responsable: {name}\nemail: {email}\nguardia: \"{v}\"", "any"),
    ("{company}\n{street}\n{cp} {city}\n{v}", "land"),
    ("{company} S.L. · {street}, {cp} {city} · {v} · {email}", "land"),
    ("Se alquila habitación en piso compartido, {rent} €/mes gastos incluidos. Zona centro de {city}. {v}", "mob"),
    ("Perdido gato atigrado, responde a Simba. Si lo veis, {v}. Se gratifica", "mob"),
    ("Reparto a domicilio: {v} (de 13 a 16h y de 20 a 24h)", "any"),
    ("Cita previa: {v}", "any"),
    ("Hola {first}, te paso el de la gestoría que te comenté, {v}, pregunta por {first2}.", "any"),
    ("Reservas {v} · {street}, {city}", "any"),
    ("Urgencias veterinarias 24h: {v}", "any"),
    ("FACTURA SIMPLIFICADA {fra}\n{company}\n{street} {cp} {city}\n{v}\n{date} {time}\nTOTAL {price},50 EUR", "land"),
    ("Vendo bici estática, casi sin uso. Recoger en {city}. {v}", "mob"),
    ("Presidente de la comunidad: {name}, {v}", "any"),
    ("Entrega en {street}, {cp} {city}. Avisar al {v} 15 min antes.", "mob"),
    ("Pues eso, que me escribas al {v} y quedamos 😘", "mob"),
    ("Datos de envío:\n{name}\n{street}\n{cp} {city}\n{v}", "any"),
    ("Un saludo,\n{first}\n{v}", "mob"),
    ("Recogida de muebles y enseres gratis, vaciado de pisos. {v} {first}", "mob"),
    ("{name} — {company} — {v}", "any"),
    ("{time} {first}: alguien tiene el de la academia?\n{time2} {first2}: {v}", "any"),
    ("Canguro con experiencia, disponible tardes y fines de semana en {city}. {v}", "mob"),
    ("Horario de secretaría: de 9 a 14h. {v} / {email}", "land"),
    ("Dudas sobre tu pedido {order}: {v} (L-V de 9 a 18h)", "any"),
    ("Atención al cliente {v}", "any"),
    ("{v} · {street} · {cp} {city}", "land"),
    ("Inscripciones para el campamento hasta el {date}: {first}, {v}", "mob"),
    ("Re: presupuesto\n\nBuenas {first}, cualquier cosa me dices al {v}. Saludos.", "mob"),
    ("Peluquería {last}: pide tu hora en el {v}", "any"),
    ("Vendo Seat Ibiza 1.4 gasolina, ITV pasada, {bigprice} €. {city}. {v}", "mob"),
]
ES_WORD = [
    ("Tlf. {v}", "any"),
    ("Tfno.: {v}", "any"),
    ("Telf: {v} · {email}", "any"),
    ("Móvil: {v}", "mob"),
    ("Whatsapp {v}", "mob"),
    ("Teléfono: {v}", "any"),
    ("Llamar al {v} a partir de las 17h", "any"),
    ("Tel./Fax {v}\n{street}, {cp} {city}", "land"),
    ("Contacto: {name}, {v}", "any"),
    ("Llámame al {v} cuando llegues", "mob"),
    ("Teléfono de contacto {v}", "any"),
    ("nombre;telefono;ciudad\n{name};{v};{city}", "any"),
    ('{{"empresa": "{company}", "telefono": "{v}", "cp": "{cp}"}}', "any"),
    ("móvil {v} (solo WhatsApp)", "mob"),
    ("Tfno. fijo {v}, horario de oficina", "land"),
    ("{company}\n{street}\n{cp} {city}\nTlf: {v}", "land"),
    ("Se vende piso de 3 hab. en {city}. Tel. {v}", "any"),
    ("Para más información llamar al {v}", "any"),
    ("{name} | Móvil {v} | {email}", "mob"),
    ("Mi número nuevo es el {v}, guárdalo", "mob"),
]


# ==========================================================================
# positive assembly
# ==========================================================================
def build_positives(region, places, ctx_fn, number_fn, national, intl, noword, word):
    rows = []
    seen = set()

    def templ_for(pool, kind):
        return [t for t in pool if t[1] in ("any", kind)]

    # national: cycle formats, shuffle
    fmts = [national[i % len(national)] for i in range(N_NATIONAL)]
    rng.shuffle(fmts)
    flags = [True] * NOWORD_SHARE + [False] * (N_NATIONAL - NOWORD_SHARE)
    rng.shuffle(flags)
    nw_order = list(noword)
    rng.shuffle(nw_order)
    w_order = list(word)
    rng.shuffle(w_order)
    for (fname, fkind, ffn), want_noword in zip(fmts, flags):
        order = nw_order if want_noword else w_order
        for attempt in range(400):
            kind = fkind if fkind != "any" else ("mob" if rng.random() < 0.6 else "land")
            cands = templ_for(order, kind)
            tmpl = cands[0] if attempt < 3 else pick(cands)
            place = pick(places)
            ctx = ctx_fn(place)
            if region == "BR":
                if fname == "tollfree":
                    shown = value = _br_tollfree()
                else:
                    ddd, sub = number_fn(place, kind)
                    shown, value = ffn(ddd, sub)
            else:
                n = number_fn(place, kind)
                if fname.startswith("paren3") and n[:2] in ("91", "93", "96"):
                    continue  # "(912) ..." is not how Madrid/Barcelona/Valencia write it
                if fname in ES_TWO_DIGIT_FIRST and n[:2] not in ("91", "93", "94", "95", "96"):
                    continue  # "(98) 765 ..." for León would be odd
                shown, value = ffn(n)
            if not is_valid_for(value, region):
                continue
            text = tmpl[0].format(v=shown, **ctx)
            if text in seen or not clean_positive(text, value):
                continue
            if want_noword and has_phone_word(text):
                continue
            if not want_noword and not has_phone_word(text):
                continue
            break
        else:
            raise RuntimeError(f"could not build {region} {fname}")
        order.remove(tmpl)  # least-recently-used rotation of templates
        order.append(tmpl)
        seen.add(text)
        rows.append({"region": region, "text": text, "value": value, "format": "national"})

    # international
    pool = noword + word
    for i in range(N_INTL):
        fname, fkind, ffn = intl[i % len(intl)]
        for attempt in range(400):
            kind = fkind if fkind != "any" else ("mob" if rng.random() < 0.65 else "land")
            tmpl = pick(templ_for(pool, kind))
            place = pick(places)
            ctx = ctx_fn(place)
            if region == "BR":
                ddd, sub = number_fn(place, kind)
                a, b = _br_split(sub)
                value = ffn(ddd, sub, a, b)
            else:
                value = ffn(number_fn(place, kind))
            if not is_valid_for(value, region):
                continue
            shown = value
            if fname == "wa_me":
                tmpl = (pick(["Fala comigo direto: https://wa.me/{v}", "Pedidos: wa.me/{v} 🛒",
                              "link do grupo de vendas: https://api.whatsapp.com/send?phone={v}"])
                        if region == "BR" else
                        pick(["Pide tu cita en https://wa.me/{v}", "Escríbenos: wa.me/{v}"]), "mob")
            text = tmpl[0].format(v=shown, **ctx)
            if text in seen or not clean_positive(text, value):
                continue
            break
        else:
            raise RuntimeError(f"could not build {region} intl {fname}")
        seen.add(text)
        rows.append({"region": region, "text": text, "value": value, "format": "international"})
    return rows


# Brazil gets two toll-free 0800 lines among the national ones.
BR_NATIONAL.append(("tollfree", "land", None))
BR_NATIONAL.append(("tollfree", "land", None))


# ==========================================================================
# NEGATIVES
# ==========================================================================
def neg_pt(hard, kk):
    c = br_ctx(pick(BR_PLACES))
    if hard:
        k = kk % 15
        if k == 0:
            return f"Nome: {c['name']}\nCPF: {fmt_cpf(cpf())}\nData de nascimento: {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1950, 2005)}\nCEP: {c['cep']}"
        if k == 1:
            return f"[{c['time']}, {c['date']}] {c['first']}: me manda teu CPF pra nota\n[{c['time2']}, {c['date']}] {c['first2']}: {cpf()}"
        if k == 2:
            return f"{c['company']} — CNPJ {fmt_cnpj(cnpj())} — {c['street']}, {c['city']}"
        if k == 3:
            b = digits(47)
            ld = f"{b[:5]}.{b[5:10]} {b[10:15]}.{b[15:21]} {b[21:26]}.{b[26:32]} {b[32]} {b[33:47]}"
            return f"Linha digitável: {ld}\nVencimento: {ddmmyyyy()}\nValor: R$ {c['price']}"
        if k == 4:
            return f"Dados p/ depósito: {c['name']}, Banco do Brasil, ag. {digits(4)}-{digits(1)}, c/c {digits(5)}-{digits(1)}"
        if k == 5:
            return f"Protocolo de atendimento: {rng.choice(['2024', '2025'])}{digits(4)} {digits(4)} {digits(3)}. Guarde este número."
        if k == 6:
            return f"RG {digits(2)}.{digits(3)}.{digits(3)}-{digits(1)} SSP/SP, emitido em {ddmmyyyy()}"
        if k == 7:
            nums = sorted(rng.sample(range(1, 61), 6))
            return f"Resultado da Mega-Sena concurso {rng.randint(2600, 2800)}: " + " - ".join(f"{n:02d}" for n in nums)
        if k == 8:
            return f"NF-e nº 000.{digits(3)}.{digits(3)} Série 1 — emitida em {ddmmyyyy()} — {c['company']}"
        if k == 9:
            return f"Número do pedido: {digits(4)} {digits(4)} {digits(3)} · previsão de entrega {c['day']}/{c['mon']}"
        if k == 10:
            return f"PIS/PASEP: {digits(3)}.{digits(5)}.{digits(2)}-{digits(1)}"
        if k == 11:
            return f"Cartão SUS: {pick(['7', '8', '2'])}{digits(2)} {digits(4)} {digits(4)} {digits(4)} — {c['name']}"
        if k == 12:
            return f"Chave Pix (CPF): {fmt_cpf(cpf())} — favorecido {c['name']}"
        if k == 13:
            return f"Renavam: {digits(11)} | Placa {pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}{pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}{pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}{digits(1)}{pick('ABCDEFGHIJ')}{digits(2)}"
        return f"{digits(6)};{c['name']};{fmt_cpf(cpf())};{c['cep']};{c['cityname']}"
    k = kk % N_EASY_KINDS
    if k == 0:
        return f"Reunião remarcada para {ddmmyyyy()} às {rng.randint(8, 18)}h{pick(['00', '15', '30', '45'])}, sala {rng.randint(101, 1210)}."
    if k == 1:
        t = rng.randint(9000, 60000)  # installment in cents
        return f"Total: R$ {brl(t * 10)} em 10x de R$ {brl(t)} sem juros"
    if k == 2:
        return f"Acidente no km {rng.randint(100, 400)} da Via Dutra, sentido {pick(['Rio', 'São Paulo'])}, congestionamento de {rng.randint(2, 15)} km."
    if k == 3:
        return f"{c['company']}\n{c['street']} - {c['bairro']}\n{c['city']}\nCEP {c['cep']}"
    if k == 4:
        return f"Seu código de rastreio é {pick(['NL', 'QB', 'OV', 'LB'])}{digits(9)}BR. Acompanhe pelo site dos Correios."
    if k == 5:
        return f"Cód. {digits(6)} — Arroz tipo 1 5kg ..... R$ {price_comma(20, 35)}\nCód. {digits(6)} — Feijão carioca 1kg ..... R$ {price_comma(6, 12)}"
    if k == 6:
        return f"[{c['time']}, {c['date']}] {c['first']}: cheguei! tô no portão {rng.randint(2, 12)}, bloco {pick('ABCD')}, ap {c['ap']}"
    if k == 7:
        return f'{{"pedido": "{digits(6)}", "cep": "{c["cep"]}", "valor": "{price_comma(50, 900)}", "parcelas": {rng.randint(1, 12)}}}'
    if k == 8:
        return f"Matrícula {rng.choice([2022, 2023, 2024])}{digits(5)} — {c['name']} — turma {rng.randint(1, 9)}º{pick('ABC')}"
    if k == 9:
        return f"Horário de funcionamento: seg a sex das 8h às 18h, sáb das 8h às 12h. {c['street']}."
    if k == 10:
        return f"Vendo apê 2 quartos, {rng.randint(45, 90)} m², condomínio R$ {price_comma(300, 900)}, IPTU R$ {price_comma(80, 300)}. {c['bairro']}, {c['cityname']}"
    if k == 11:
        return f"Lote {rng.randint(1, 40)}, Quadra {rng.randint(1, 30)}, Loteamento Jardim das Flores — área de {rng.randint(250, 600)},00 m²"
    if k == 12:
        return f"CRM-SP {digits(6)} · {c['name']} · atendimento a partir das {c['time']}"
    if k == 13:
        return f"ISBN 978-85-{digits(4)}-{digits(3)}-{digits(1)} · {rng.randint(180, 620)} páginas · edição de {rng.randint(2005, 2024)}"
    if k == 14:
        return f"Treino de hoje: {rng.randint(5, 21)},{rng.randint(1, 9)} km em {rng.randint(28, 59)}min{rng.randint(10, 59)}s, pace {rng.randint(4, 6)}:{rng.randint(10, 59)}/km 🏃"
    if k == 15:
        return f"Placar final: Flamengo {rng.randint(0, 4)} x {rng.randint(0, 4)} Palmeiras, público de {rng.randint(20, 70)}.{digits(3)} pagantes, renda de R$ {price_comma(1500000, 6000000)}"
    if k == 16:
        return f"| Item | Qtd | Unit. | Total |\n|---|---|---|---|\n| Cimento CP-II 50kg | {rng.randint(5, 40)} | {price_comma(28, 45)} | {price_comma(300, 1500)} |"
    return f"Leitura do hidrômetro: {digits(5)} m³ · consumo {rng.randint(8, 30)} m³ · vencimento {c['day']}/{c['mon']}"


def neg_pl(hard, kk):
    c = pl_ctx(pick(PL_PLACES))
    if hard:
        k = kk % 15
        if k == 0:
            n = nip()
            return f"{c['company']} sp. z o.o., NIP: {n[:3]}-{n[3:6]}-{n[6:8]}-{n[8:]}"
        if k == 1:
            n = nip()
            return f"Nabywca: {c['name']}, {c['street']}, {c['pcode']} {c['city']}, NIP {n[:3]}-{n[3:5]}-{n[5:7]}-{n[7:]}"
        if k == 2:
            return f"REGON: {regon()}\nKRS: 0000{digits(6)}"
        if k == 3:
            return f"PESEL: {pesel()}\nImię i nazwisko: {c['name']}"
        if k == 4:
            n = nrb()
            return f"Nr rachunku: {n[:2]} " + " ".join(n[i:i + 4] for i in range(2, 26, 4))
        if k == 5:
            return f"Twoja paczka {digits(4)} {digits(4)} {digits(4)} {digits(4)} {digits(4)} {digits(4)} czeka w paczkomacie {c['city'][:3].upper()}{rng.randint(10, 99)}M"
        if k == 6:
            return f"Zamówienie nr {pick(['10', '19', '20', '21', '27', '30', '40'])}{digits(1)}-{digits(3)}-{digits(3)} zostało wysłane {c['date']}"
        if k == 7:
            nums = sorted(rng.sample(range(1, 50), 6))
            return f"Wyniki Lotto z {c['date']}: " + ", ".join(str(n) for n in nums)
        if k == 8:
            return f"Nr klienta: {pick(['0', '1'])}{digits(2)} {digits(3)} {digits(4)} — prosimy podawać w tytule przelewu"
        if k == 9:
            return f"Punkt poboru energii (PPE): 5900{digits(4)} {digits(5)} {digits(5)}"
        if k == 10:
            return f"{c['order']};{c['name']};{pesel()};{c['pcode']};{c['city']}"
        if k == 11:
            return f"Kod EAN: {ean13('590')} — {pick(['Mleko 3,2% 1 l', 'Masło extra 200 g', 'Chleb żytni 500 g'])}"
        if k == 12:
            n = nip()
            return f'{{"nip": "{n}", "regon": "{regon()}", "miasto": "{c["city"]}"}}'
        if k == 13:
            return f"Sygn. akt I C {rng.randint(100, 2999)}/{rng.randint(19, 24)}, nr sprawy {digits(3)}-{digits(2)}-{digits(2)}-{digits(3)}"
        return f"Stan licznika: {digits(6)},{digits(1)} kWh, odczyt {c['date']}, nr licznika {digits(2)} {digits(3)} {digits(3)}"
    k = kk % N_EASY_KINDS
    if k == 0:
        return f"Spotkanie przeniesione na {c['date']} r., godz. {c['time']}, sala {rng.randint(101, 420)}."
    if k == 1:
        return f"Do zapłaty: {price_pl(1000, 9000)},{digits(2)} zł (słownie: ...), termin płatności {c['date']}"
    if k == 2:
        return f"Utrudnienia na {rng.randint(100, 450)}. km autostrady A{pick(['1', '2', '4'])} w kierunku {pick(['Warszawy', 'Katowic', 'Poznania'])}."
    if k == 3:
        return f"{c['company']} sp. z o.o.\n{c['street']}\n{c['pcode']} {c['city']}"
    if k == 4:
        return f"Faktura {c['fv']} z dnia {c['date']}, kwota brutto {price_pl(200, 5000)},{digits(2)} zł"
    if k == 5:
        return f"Godziny otwarcia: pon.–pt. 8:00–16:00, sob. 9:00–13:00. {c['street']}, {c['pcode']} {c['city']}"
    if k == 6:
        return f"[{c['time']}] {c['first']}: jestem pod blokiem nr {rng.randint(2, 40)}, klatka {pick('ABCD')}, mieszkanie {rng.randint(1, 80)}"
    if k == 7:
        return f"Dowód osobisty: {pick(['ABC', 'AYD', 'CDE', 'ZXW'])} {digits(6)}, ważny do {c['date']}"
    if k == 8:
        return f"Sprzedam mieszkanie 2-pok., {rng.randint(35, 70)} m², {rng.randint(1, 10)} piętro, cena {rng.randint(280, 890)} {digits(3)} zł, {c['city']}"
    if k == 9:
        return f"Księga wieczysta: WA{rng.randint(1, 6)}M/000{digits(5)}/{digits(1)}"
    if k == 10:
        return f"{c['order']};{c['name']};{c['pcode']};{c['city']};{price_pl(100, 900)},{digits(2)}"
    if k == 11:
        return f"Temperatura {rng.randint(-10, 30)}°C, ciśnienie {rng.randint(990, 1030)} hPa, wiatr {rng.randint(5, 40)} km/h"
    if k == 12:
        return f"Numer faktury: {c['fv']}\nData sprzedaży: {c['date']}\nTermin: 14 dni"
    if k == 13:
        return f"Rocznik {c['year']}, przebieg {rng.randint(80, 260)} {digits(3)} km, pojemność 1{digits(1)}00 cm³"
    if k == 14:
        return f"Wynik meczu: Legia {rng.randint(0, 4)}:{rng.randint(0, 4)} Lech, widzów {rng.randint(10, 30)} {digits(3)}"
    if k == 15:
        return f"| Pozycja | Ilość | Cena netto |\n|---|---|---|\n| Cement 25 kg | {rng.randint(5, 60)} | {rng.randint(18, 35)},{digits(2)} zł |"
    if k == 16:
        return f"Pociąg IC {rng.randint(1000, 8999)} odjeżdża z peronu {rng.randint(1, 8)}, tor {rng.randint(1, 12)}, o godz. {c['time']}"
    return f"Zebranie wspólnoty {c['date']} o {c['time']}, lokal nr {rng.randint(1, 60)}, porządek obrad w załączniku."


def neg_es(hard, kk):
    c = es_ctx(pick(ES_PLACES))
    if hard:
        k = kk % 15
        if k == 0:
            n, l = dni()
            return f"Nombre: {c['name']}\nDNI: {n[:2]}.{n[2:5]}.{n[5:]}-{l}\nC.P.: {c['cp']}"
        if k == 1:
            n, l = dni()
            return f"[{c['date']}, {c['time']}] {c['first']}: pásame tu DNI para la reserva\n[{c['date']}, {c['time2']}] {c['first2']}: {n}{l}"
        if k == 2:
            p, n, l = nie()
            return f"NIE: {p}-{n}-{l} · {c['name']}"
        if k == 3:
            return f"{c['company']} S.L. · CIF B-{digits(8)} · {c['street']}, {c['cp']} {c['city']}"
        if k == 4:
            n = ccc()
            return f"Domiciliación: CCC {n[:4]} {n[4:8]} {n[8:10]} {n[10:]}"
        if k == 5:
            n = ccc()
            ib = "ES" + iban_check("ES", n) + n
            return f"IBAN: " + " ".join(ib[i:i + 4] for i in range(0, 24, 4))
        if k == 6:
            return f"Tu pedido {pick(['402', '403', '404', '405', '406', '407', '408'])}-{digits(7)}-{digits(7)} ha sido enviado."
        if k == 7:
            return f"Nº Seguridad Social: {pick(['28', '08', '46', '41'])}/{digits(8)}/{digits(2)}"
        if k == 8:
            nums = sorted(rng.sample(range(1, 50), 6))
            return f"Combinación ganadora de la Primitiva del {c['date']}: " + "-".join(f"{n:02d}" for n in nums) + f", C {rng.randint(1, 49)}, R {rng.randint(0, 9)}"
        if k == 9:
            return f"Referencia del recibo: {pick(['0', '1'])}{digits(2)} {digits(3)} {digits(3)} — importe {price_comma(20, 300)} €"
        if k == 10:
            return f"{c['order']};{c['name']};{dni()[0]}{pick('TRWAGMYFPD')};{c['cp']};{c['city']}"
        if k == 11:
            return f"EAN {ean13('84')} · {pick(['Aceite de oliva virgen extra 1 l', 'Leche entera 6x1 l', 'Turrón de Jijona 250 g'])}"
        if k == 12:
            return f"Expediente nº {rng.choice([2023, 2024])}/{digits(3)}.{digits(3)} — Ayuntamiento de {c['city']}"
        if k == 13:
            return f"Número de póliza: {pick(['0', '1'])}{digits(2)}-{digits(2)}-{digits(2)}-{digits(2)} · vencimiento {c['date']}"
        return f"Localizador: {''.join(pick('ABCDEFGHJKLMNPQRSTUVWXYZ') for _ in range(6))} · Billete nº {pick(['075', '125', '220'])} {digits(10)}"
    k = kk % N_EASY_KINDS
    if k == 0:
        return f"Reunión aplazada al {c['date']} a las {c['time']}, sala {rng.randint(1, 12)}.{rng.randint(1, 20):02d}"
    if k == 1:
        t = rng.randint(100000, 900000)  # cents
        return f"Total factura: {brl(t)} € (IVA 21 % incluido: {brl(round(t * 21 / 121))} €)"
    if k == 2:
        return f"Retenciones en el km {rng.randint(10, 80)},{rng.randint(1, 9)} de la A-{pick(['2', '3', '4', '6'])} sentido {pick(['Madrid', 'salida'])}."
    if k == 3:
        return f"{c['company']}\n{c['street']}\n{c['cp']} {c['city']}"
    if k == 4:
        return f"Tu envío {pick(['PQ', 'PK', 'CD'])}4B{digits(1)}A0{digits(12)}X está en reparto."
    if k == 5:
        return f"Horario: L-V de {rng.randint(8, 10)}:00 a 14:00 y de 17:00 a {rng.randint(19, 21)}:{pick(['00', '30'])}, sábados de 10:00 a 13:30. {c['street']}, {c['city']}."
    if k == 6:
        return f"[{c['date']}, {c['time']}] {c['first']}: estoy en el portal {rng.randint(1, 60)}, 3º izquierda"
    if k == 7:
        return f'{{"pedido": "{c["order"]}", "cp": "{c["cp"]}", "importe": "{price_comma(10, 500)}", "unidades": {rng.randint(1, 12)}}}'
    if k == 8:
        return f"Matrícula {digits(4)} {''.join(pick('BCDFGHJKLMNPRSTVWXYZ') for _ in range(3))}, año {rng.randint(2008, 2023)}, {rng.randint(40, 220)}.{digits(3)} km"
    if k == 9:
        return f"Décimo de la Lotería de Navidad nº {rng.randint(10, 99)}.{digits(3)}, serie {rng.randint(1, 180)}, fracción {rng.randint(1, 10)}"
    if k == 10:
        return f"Se vende piso de {rng.randint(50, 120)} m² en {c['city']}, {rng.randint(1, 4)} hab., {rng.randint(95, 480)}.000 €"
    if k == 11:
        return f"Referencia catastral: {digits(7)}{pick(['VK', 'DF', 'TG'])}{digits(4)}{pick('NS')}{digits(4)}{pick('AB')}{pick('XYZ')}"
    if k == 12:
        return f"Factura nº {rng.choice([2024, 2025])}/{digits(6)} de fecha {c['date']}"
    if k == 13:
        return f"Socio nº {digits(5)} · cuota {price_comma(10, 60)} € · alta {c['date']}"
    if k == 14:
        return f"Resultado: Betis {rng.randint(0, 4)} - {rng.randint(0, 4)} Sevilla, asistencia {rng.randint(30, 60)}.{digits(3)} espectadores"
    if k == 15:
        return f"| Concepto | Uds. | Precio |\n|---|---|---|\n| Saco de cemento 25 kg | {rng.randint(5, 60)} | {price_comma(4, 9)} € |"
    if k == 16:
        return f"El AVE {rng.randint(2000, 9999)} sale de la vía {rng.randint(1, 14)} a las {c['time']}, coche {rng.randint(1, 12)}, plaza {rng.randint(1, 20)}{pick('ABCD')}"
    return f"Lectura del contador: {digits(6)} kWh · potencia contratada {pick(['3,45', '4,6', '5,75'])} kW · periodo {c['date']}"


def build_negatives(lang, fn):
    rows, seen = [], set()
    hard_ks = list(range(15))
    easy_ks = [i % N_EASY_KINDS for i in range(N_NEG - N_NEG_HARD)]
    plan = [(True, k) for k in hard_ks] + [(False, k) for k in easy_ks]
    rng.shuffle(plan)
    for hard, kk in plan:
        for _ in range(500):
            t = fn(hard, kk)
            if t in seen or not clean_negative(t):
                continue
            break
        else:
            raise RuntimeError(f"negative {lang}")
        seen.add(t)
        rows.append({"region": "NONE", "text": t, "value": "", "format": "negative"})
    return rows


def main():
    rows = []
    rows += build_positives("BR", BR_PLACES, br_ctx, br_number, BR_NATIONAL, BR_INTL, PT_NOWORD, PT_WORD)
    rows += build_positives("PL", PL_PLACES, pl_ctx, pl_number, PL_NATIONAL, PL_INTL, PL_NOWORD, PL_WORD)
    rows += build_positives("ES", ES_PLACES, es_ctx, es_number, ES_NATIONAL, ES_INTL, ES_NOWORD, ES_WORD)
    rows += build_negatives("pt", neg_pt)
    rows += build_negatives("pl", neg_pl)
    rows += build_negatives("es", neg_es)

    # final self-checks
    for r in rows:
        assert list(r) == ["region", "text", "value", "format"]
        if r["format"] == "negative":
            assert r["value"] == "" and clean_negative(r["text"])
        else:
            assert is_valid_for(r["value"], r["region"]), r
            assert r["text"].count(r["value"]) == 1, r

    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    from collections import Counter
    cnt = Counter((r["region"], r["format"]) for r in rows)
    for k in sorted(cnt):
        print(k, cnt[k])
    for reg in ("BR", "PL", "ES"):
        nat = [r for r in rows if r["region"] == reg and r["format"] == "national"]
        nw = sum(not has_phone_word(r["text"]) for r in nat)
        print(reg, "national without phone word:", nw, "/", len(nat))


if __name__ == "__main__":
    main()
