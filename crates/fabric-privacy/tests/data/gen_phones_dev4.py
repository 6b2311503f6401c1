#!/usr/bin/env python3
"""Generate phones_dev4.jsonl: a development set for national phone formats.

Written independently of the detector and of earlier data sets.

Per region (20 regions): 30 national-format positives (written the way people
of that country write numbers by hand, not only libphonenumber's formatting)
and 8 international-format positives.  Plus 200 negatives in many languages
(about a third of them "hard": phone-like digit groupings clearly labelled as
something else).

Every positive value is checked with
    phonenumbers.is_valid_number(phonenumbers.parse(value, region))
(and additionally region_code_for_number(...) == region); otherwise another
number is drawn.

At least 17 of the 30 national positives of every region contain no
phone-related word anywhere in the text (checked by PHONE_WORD_RE below).

Schema (one JSON object per line, exactly these keys):
    {"region": "US", "text": "...", "value": "(404)270-6313", "format": "national"}
    {"region": "NONE", "text": "...", "value": "", "format": "negative"}

Run:  /tmp/phvenv/bin/python gen_phones_dev4.py
Deterministic: fixed random seed, no dependence on time or environment.
"""
import json
import os
import re
import random
import sys
import unicodedata
from collections import Counter

import phonenumbers
from phonenumbers import PhoneNumberFormat

SEED = 20240604_4
rng = random.Random(SEED)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "phones_dev4.jsonl")

NATIONAL_PER_REGION = 30
NEUTRAL_PER_REGION = 17          # of the 30 national positives: no phone word
INTL_PER_REGION = 8
N_NEGATIVES = 200
N_HARD_NEGATIVES = 67

DIG = "0123456789"


def d(n, first=DIG):
    """n random digits, the first one drawn from `first`."""
    if n <= 0:
        return ""
    return rng.choice(first) + "".join(rng.choice(DIG) for _ in range(n - 1))


def pre(prefixes, n, first="23456789"):
    """Generator: one of `prefixes` followed by n digits (first from `first`)."""
    def gen():
        return rng.choice(prefixes) + d(n, first)
    return gen


def nanp(areas):
    def gen():
        while True:
            ex = d(3, "23456789")
            if ex[1:] != "11" and ex != "555":
                break
        return rng.choice(areas) + ex + d(4)
    return gen


def with_prefix(p, gen):
    return lambda: p + gen()


FW = str.maketrans({**{c: chr(0xFF10 + i) for i, c in enumerate(DIG)},
                    "-": "\uFF0D", "(": "\uFF08", ")": "\uFF09"})


def fill(pat, s):
    """Fill '#' placeholders of pattern with digits of s. 'FW:' = fullwidth."""
    fw = pat.startswith("FW:")
    if fw:
        pat = pat[3:]
    assert pat.count("#") == len(s), (pat, s)
    it = iter(s)
    out = "".join(next(it) if c == "#" else c for c in pat)
    return out.translate(FW) if fw else out


# ---------------------------------------------------------------------------
# National number kinds: (digit generator incl. trunk prefix if written,
#                         [hand-writing patterns])
# ---------------------------------------------------------------------------
US_AREAS = ["212", "404", "415", "312", "617", "713", "206", "303", "305", "512",
            "602", "702", "718", "917", "646", "213", "310", "503", "612", "919",
            "470", "678", "773", "214"]
CA_AREAS = ["416", "647", "437", "514", "438", "604", "778", "403", "587", "613",
            "343", "902", "780", "204", "306", "418", "450", "519", "905", "289"]

KINDS = {
    "US": [
        (nanp(US_AREAS), ["(###) ###-####", "(###)###-####", "###-###-####", "###.###.####",
                          "### ### ####", "##########", "(###) ### ####", "###/###-####"]),
        (with_prefix("1", nanp(US_AREAS)), ["#-###-###-####", "# (###) ###-####", "# ### ### ####",
                                            "#.###.###.####"]),
    ],
    "CA": [
        (nanp(CA_AREAS), ["(###) ###-####", "### ###-####", "###-###-####", "###.###.####",
                          "##########", "(###)###-####", "### ### ####"]),
        (with_prefix("1", nanp(CA_AREAS)), ["#-###-###-####", "# (###) ###-####", "# ### ###-####"]),
    ],
    "GB": [
        (pre(["020"], 8, "378"), ["### #### ####", "(###) #### ####", "#### ### ####", "###########",
                                   "###-####-####", "(#)## #### ####"]),
        (pre(["0161", "0121", "0113", "0141", "0131", "0117", "0151", "0114", "0115", "0191",
              "0118", "0116"], 7, "2345789"),
         ["#### ### ####", "(####) ### ####", "####-###-####", "###########", "#### #######"]),
        (pre(["01223", "01865", "01225", "01273", "01392", "01603", "01904", "01524", "01752",
              "01482"], 6, "2345678"),
         ["##### ######", "(#####) ######", "##### ### ###", "###########"]),
        (pre(["074", "075", "077", "078", "079"], 8, DIG),
         ["##### ######", "#####-######", "##### ### ###", "###########", "#### ### ####"]),
    ],
    "DE": [
        (pre(["030"], 7), ["###/#######", "(# ##) ### ## ##", "### ### ## ##", "###-#######"]),
        (pre(["030", "040", "089", "069"], 8),
         ["### ########", "### / ### ### ##", "### ### ### ##", "(###) ########"]),
        (pre(["0221", "0211", "0711", "0351", "0341", "0511", "0911", "0228", "0761", "0201",
              "0231", "0421"], 7),
         ["#### #######", "####/### ## ##", "#### #####-##", "(####) #######"]),
        (pre(["0221", "0211", "0711", "0351", "0341", "0511", "0911", "0228", "0761"], 6),
         ["#### ######", "####-######"]),
        (pre(["06221", "07071", "04131", "08031", "02241", "09131", "03641", "06151"], 6),
         ["##### ######", "(# ## ##) ## ## ##", "#####/######"]),
        (pre(["0151", "0152", "0157", "0159", "0160", "0162", "0176", "0177", "0178", "0179"], 8, "123456789"),
         ["#### ########", "####/########", "#### #### ####", "####-########"]),
        (pre(["0160", "0170", "0171", "0172", "0173", "0174", "0175", "0176", "0177", "0178",
              "0179"], 7, "123456789"),
         ["#### #######", "####-#######", "#### ### ## ##", "###########", "####/#######"]),
    ],
    "FR": [
        (pre(["01", "02", "03", "04", "05", "09"], 8, "123456789"),
         ["## ## ## ## ##", "##.##.##.##.##", "##-##-##-##-##", "##########"]),
        (lambda: rng.choice(["06" + d(8), "07" + d(8, "3456789")]),
         ["## ## ## ## ##", "##.##.##.##.##", "##-##-##-##-##", "##########", "##/##/##/##/##"]),
    ],
    "ES": [
        (pre(["91", "93"], 7, "1234567"),
         ["## ### ## ##", "### ## ## ##", "#########", "## #######", "##-###-##-##",
          "(##) ### ## ##", "### ### ###"]),
        (pre(["954", "963", "944", "976", "952", "971", "981", "985", "986", "928", "922", "983",
              "958", "968", "965"], 6),
         ["### ## ## ##", "### ### ###", "#########", "(###) ## ## ##"]),
        (lambda: rng.choice(["6" + d(8), "7" + d(8, "1234")]),
         ["### ## ## ##", "### ### ###", "#########", "###-##-##-##", "### ######"]),
    ],
    "IT": [
        (pre(["02", "06"], 8, "123456789"),
         ["## #### ####", "## ########", "##-########", "##/########", "(##) #### ####",
          "##.####.####"]),
        (pre(["011", "081", "051", "010", "091", "041", "080", "045", "049", "070"], 7),
         ["### #######", "###-#######", "### ### ####", "###/#######", "###-###.##.##"]),
        (pre(["055"], 6), ["### ######", "### ### ###"]),
        (pre(["330", "333", "335", "338", "339", "340", "345", "347", "348", "349", "320", "328",
              "329", "366", "380", "388", "392", "393", "351"], 7, DIG),
         ["### ### ####", "##########", "###-#######", "### #######", "###/#######",
          "###.###.####"]),
    ],
    "NL": [
        (pre(["020", "010", "070", "030", "040", "050", "024", "026", "043", "053"], 7),
         ["###-#######", "### ### ####", "### - ### ## ##", "(###) #######", "##########",
          "### ## ## ###"]),
        (pre(["0523", "0315", "0113", "0187", "0229", "0341", "0485", "0593", "0172", "0546"], 6),
         ["####-######", "#### ## ## ##", "(####) ######", "#### ######"]),
        (pre(["06"], 8, "12345"),
         ["##-########", "## #### ####", "## ## ## ## ##", "##########", "(##) ########",
          "##-## ## ## ##"]),
    ],
    "CH": [
        (pre(["044", "043", "031", "061", "022", "021", "041", "071", "052", "032", "026", "091",
              "058"], 7),
         ["### ### ## ##", "### #######", "##########", "###/### ## ##", "###-###-##-##",
          "(###) ### ## ##"]),
        (pre(["075", "076", "077", "078", "079"], 7, "123456789"),
         ["### ### ## ##", "###/### ## ##", "###.###.##.##", "##########", "### ###.##.##",
          "###-###-##-##"]),
    ],
    "AT": [
        (pre(["01"], 7), ["## ### ## ##", "##/### ## ##", "## #######", "(##) ### ## ##",
                          "##/#######"]),
        (pre(["0316", "0732", "0662", "0512", "0463"], 6),
         ["#### ######", "####/######", "#### ## ## ##", "####-######", "(####) ######"]),
        (pre(["0650", "0660", "0664", "0676", "0680", "0681", "0688", "0699", "0677"], 7, "123456789"),
         ["#### #######", "####/#######", "#### ### ## ##", "###########", "####-#######"]),
        (pre(["0699", "0664"], 8, "123456789"), ["#### ########", "####/### ### ##"]),
    ],
    "BE": [
        (pre(["02", "03", "04", "09"], 7),
         ["## ### ## ##", "##/###.##.##", "##.###.##.##", "##-### ## ##", "(##) ### ## ##",
          "#########", "##/### ## ##"]),
        (pre(["016", "050", "081", "071", "065", "010", "011", "013", "014", "015", "053", "056",
              "087"], 6),
         ["### ## ## ##", "###/##.##.##", "###.##.##.##", "(###) ## ## ##"]),
        (pre(["0470", "0471", "0472", "0473", "0474", "0475", "0476", "0477", "0478", "0479",
              "0484", "0485", "0486", "0487", "0488", "0489", "0494", "0495", "0496", "0497",
              "0498", "0499", "0456", "0460", "0468"], 6, DIG),
         ["#### ## ## ##", "####/##.##.##", "####.##.##.##", "#### ### ###", "##########",
          "####/## ## ##"]),
    ],
    "SE": [
        (pre(["08"], 8, "123456789"), ["##-### ### ##", "## ### ### ##", "##########",
                                       "(##) ### ### ##"]),
        (pre(["08"], 7, "123456789"), ["##-### ## ##", "##-#######"]),
        (pre(["031", "040", "018", "013", "019", "021", "016", "011", "046", "054", "060", "090"],
             6, "123456789"),
         ["###-## ## ##", "###-######", "### ## ## ##"]),
        (pre(["031", "040", "018", "013", "019", "021", "016", "046", "054", "060", "090"], 7, "123456789"),
         ["###-### ## ##", "### ### ## ##"]),
        (pre(["0470", "0454", "0918", "0612", "0651", "0380", "0140"], 5, "123456789"),
         ["####-### ##", "#### ### ##"]),
        (pre(["070", "072", "073", "076", "079"], 7, DIG),
         ["###-### ## ##", "### ### ## ##", "##########", "###-#######", "### - ### ## ##"]),
    ],
    "PL": [
        (pre(["22", "12", "71", "61", "58", "42", "32", "81", "52", "91", "85", "89"], 7),
         ["## ### ## ##", "(##) ###-##-##", "(##) #######", "##-###-##-##", "#########",
          "(##) ### ## ##", "## ###-##-##"]),
        (pre(["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"], 7, DIG),
         ["### ### ###", "###-###-###", "#########", "### ## ## ##"]),
    ],
    "IE": [
        (pre(["01"], 7), ["(##) ### ####", "## ### ####", "##-#######", "#########", "## #######"]),
        (pre(["0214"], 6, DIG), ["### ### ####", "(###) #######", "###-#######"]),
        (pre(["091", "061", "051", "071", "094", "064", "066"], 6),
         ["### ######", "(###) ### ###", "### ### ###", "###-######"]),
        (pre(["083", "085", "086", "087", "089"], 7, "123456789"),
         ["### ### ####", "###-#######", "##########", "### #######", "(###) ### ####"]),
    ],
    "IN": [
        (pre([""], 10, "6789"), ["##### #####", "##########", "#####-#####", "###-###-####",
                                 "### ### ####"]),
        (pre(["0"], 10, "6789"), ["###### #####", "# ##### #####", "###########"]),
        (pre(["022", "011", "080", "044", "033", "040", "020"], 8, "2467"),
         ["### #### ####", "###-########", "(###) ########", "###-#### ####", "### ########"]),
        (pre(["0141", "0522", "0172", "0161", "0484", "0471", "0821", "0712"], 7, "23456"),
         ["####-#######", "#### ### ####", "(####) #######", "#### #######"]),
    ],
    "BR": [
        (lambda: rng.choice(BR_DDD) + "9" + d(8, "6789"),
         ["(##) #####-####", "## #####-####", "(##)#####-####", "###########", "## # ####-####",
          "(##) # ####-####", "## ##### ####"]),
        (lambda: "0" + rng.choice(BR_DDD) + "9" + d(8, "6789"), ["### #####-####"]),
        (lambda: rng.choice(BR_DDD) + d(8, "2345"),
         ["(##) ####-####", "## #### ####", "##-####-####", "(##)####-####", "##########"]),
        (lambda: "0" + rng.choice(BR_DDD) + d(8, "2345"), ["### ####-####", "(###) ####-####"]),
    ],
    "MX": [
        (pre(["55", "56", "33", "81"], 8, "123456789"),
         ["## #### ####", "(##) ####-####", "##-####-####", "##########", "## ## ## ## ##",
          "(##) #### ####", "##.####.####"]),
        (pre(["222", "442", "999", "664", "477", "998", "614", "444", "229", "662", "871", "618"],
             7, "123456789"),
         ["(###) ### ####", "### ### ####", "###-###-##-##", "### ### ## ##", "##########",
          "###-###-####"]),
    ],
    "AU": [
        (lambda: rng.choice(["029", "028", "024", "039", "038", "073", "075", "089", "088",
                             "086", "087"]) + d(7, DIG),
         ["(##) #### ####", "## #### ####", "##########", "##-####-####", "(##)#### ####"]),
        (pre(["04"], 8, DIG), ["#### ### ###", "##########", "#### ######", "## #### ####",
                               "####-###-###"]),
        (pre(["1300", "1800"], 6, DIG), ["#### ### ###", "#### ######"]),
    ],
    "JP": [
        (pre(["033", "035", "036", "066", "064"], 7, DIG),
         ["##-####-####", "##(####)####", "##########", "(##)####-####", "## #### ####",
          "FW:##-####-####"]),
        (pre(["052", "045", "011", "092", "075", "078", "022", "082", "096", "025"], 7),
         ["###-###-####", "###(###)####", "##########", "(###)###-####", "### ### ####"]),
        (pre(["090", "080", "070"], 8, "123456789"),
         ["###-####-####", "###########", "### #### ####", "###(####)####", "FW:###-####-####"]),
        (pre(["0120"], 6, DIG), ["####-###-###", "#### ### ###"]),
    ],
    "CN": [
        (lambda: "1" + rng.choice(["38", "39", "35", "36", "37", "58", "59", "86", "87", "88", "33",
                                   "53", "80", "89", "30", "31", "32", "55", "56", "85", "77", "99",
                                   "98"]) + d(8),
         ["### #### ####", "###########", "###-####-####"]),
        (pre(["010", "021", "020", "022", "023", "024", "025", "027", "028", "029"], 8, "2345678"),
         ["###-#### ####", "(###) ########", "###-########", "###########", "（###）########",
          "### #### ####"]),
        (pre(["0755", "0571", "0512", "0532", "0731", "0592", "0371", "0769"], 8, "2345678"),
         ["####-########", "(####) ########", "####-#### ####", "############", "（####）########"]),
        (pre(["400"], 7, "1234568"), ["###-###-####", "### ### ####"]),
    ],
}
BR_DDD = ["11", "21", "31", "41", "51", "61", "71", "81", "85", "19", "27", "48", "62", "92",
          "13", "47"]

# ---------------------------------------------------------------------------
# Region surroundings
# ---------------------------------------------------------------------------
R = {
    "US": dict(langs=[("en", 1)],
               names=["Jennifer Walsh", "Marcus Reed", "Dana Kowalski", "Luis Ortega", "Tanya Brooks",
                      "Kevin O'Malley", "Priya Raman", "Jordan Ellis", "Heather Nguyen",
                      "Tom Castellano", "Brianna Foster", "Derek Shaw"],
               cities=["Atlanta", "Chicago", "Denver", "Austin", "Seattle", "Boston", "Phoenix"],
               companies=["Brightline Logistics", "Harbor & Pine LLC", "Summit Dental Group",
                          "Redwood Analytics"],
               titles=["Account Manager", "Operations Lead", "Office Manager"],
               addrs=["1420 Peachtree St NE, Suite 300\nAtlanta, GA 30309",
                      "233 S Wacker Dr\nChicago, IL 60606", "1801 California St\nDenver, CO 80202"],
               tld="com"),
    "CA": dict(langs=[("en", 0.6), ("fr", 0.4)],
               names=["Geneviève Tremblay", "Marc-André Gagnon", "Olivia Chen", "Liam MacDonald",
                      "Sophie Bouchard", "Ethan Singh", "Chloé Roy", "Nathan Wong", "Émilie Côté",
                      "Ryan Fraser"],
               cities=["Toronto", "Montréal", "Vancouver", "Calgary", "Ottawa", "Québec", "Halifax"],
               companies=["Northern Maple Consulting", "Groupe Boréal inc.", "Cascade Freight Ltd.",
                          "Érablière Lavoie"],
               titles=["Project Coordinator", "Directrice des ventes", "Office Administrator"],
               addrs=["100 King St W, Suite 5700\nToronto, ON M5X 1C7",
                      "1250 boul. René-Lévesque O.\nMontréal (Québec) H3B 4W8",
                      "1055 W Georgia St\nVancouver, BC V6E 3P3"],
               tld="ca"),
    "GB": dict(langs=[("en", 1)],
               names=["Oliver Bennett", "Charlotte Hughes", "Harry Patel", "Amelia Clarke",
                      "George Whitfield", "Isla Morgan", "Samir Khan", "Emily Fraser", "Jack Thornton",
                      "Sophie Atkinson"],
               cities=["London", "Manchester", "Leeds", "Bristol", "Birmingham", "Glasgow", "Cambridge"],
               companies=["Whitfield & Co Solicitors", "Northgate Property Ltd", "Brambles Joinery",
                          "Kestrel Print Services"],
               titles=["Practice Manager", "Lettings Negotiator", "Site Manager"],
               addrs=["Flat 4, 27 Albion Road\nLondon N16 9PS", "14 Deansgate\nManchester M3 2BA",
                      "Unit 6, Riverside Park\nLeeds LS10 1AB"],
               tld="co.uk"),
    "DE": dict(langs=[("de", 0.85), ("en", 0.15)],
               names=["Lukas Schneider", "Anna Becker", "Jonas Wagner", "Laura Hoffmann", "Felix Schäfer",
                      "Sophie Krüger", "Maximilian Wolf", "Lea Zimmermann", "Tobias Braun",
                      "Julia Hartmann"],
               cities=["Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main", "Stuttgart", "Leipzig"],
               companies=["Schneider Haustechnik GmbH", "Becker & Söhne KG", "Praxis Dr. Hoffmann",
                          "Nordlicht Logistik GmbH"],
               titles=["Vertriebsleiterin", "Projektleiter", "Sachbearbeiterin Einkauf"],
               addrs=["Kastanienallee 12\n10435 Berlin", "Leopoldstraße 87\n80802 München",
                      "Ehrenstraße 4\n50672 Köln"],
               tld="de"),
    "FR": dict(langs=[("fr", 0.85), ("en", 0.15)],
               names=["Camille Dubois", "Julien Moreau", "Léa Fontaine", "Thomas Girard", "Manon Lefèvre",
                      "Hugo Bernard", "Chloé Rousseau", "Antoine Mercier", "Inès Benali", "Nicolas Faure"],
               cities=["Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Nantes", "Lille"],
               companies=["Atelier Fontaine SARL", "Cabinet Moreau & Associés", "Boulangerie Girard",
                          "Transports Mercier"],
               titles=["Chargée de clientèle", "Responsable logistique", "Assistante de direction"],
               addrs=["12 rue des Martyrs\n75009 Paris", "45 cours Lafayette\n69003 Lyon",
                      "8 allée des Tilleuls\n33000 Bordeaux"],
               tld="fr"),
    "ES": dict(langs=[("es", 0.85), ("en", 0.15)],
               names=["Lucía García", "Javier Fernández", "María López", "Carlos Martín", "Paula Sánchez",
                      "Alejandro Ruiz", "Carmen Navarro", "David Romero", "Marta Iglesias", "Sergio Ortega"],
               cities=["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "Málaga", "Zaragoza"],
               companies=["Reformas Navarro S.L.", "Gestoría Romero", "Clínica Dental Iglesias",
                          "Transportes del Sur S.A."],
               titles=["Responsable de compras", "Jefa de proyecto", "Administración"],
               addrs=["C/ de Alcalá, 120, 3º B\n28009 Madrid", "Carrer de Mallorca, 254\n08008 Barcelona",
                      "Av. de la Constitución, 18\n41004 Sevilla"],
               tld="es"),
    "IT": dict(langs=[("it", 0.9), ("en", 0.1)],
               names=["Giulia Rossi", "Marco Bianchi", "Francesca Romano", "Luca Colombo", "Chiara Ricci",
                      "Alessandro Marino", "Sara Greco", "Matteo Conti", "Elena Gallo", "Davide Esposito"],
               cities=["Milano", "Roma", "Torino", "Napoli", "Bologna", "Firenze", "Genova"],
               companies=["Studio Bianchi & Associati", "Ferramenta Colombo", "Trattoria da Gino",
                          "Conti Impianti S.r.l."],
               titles=["Responsabile acquisti", "Amministrazione", "Project manager"],
               addrs=["Via Paolo Sarpi 14\n20154 Milano", "Via del Corso 225\n00186 Roma",
                      "Corso Vittorio Emanuele II 68\n10121 Torino"],
               tld="it"),
    "NL": dict(langs=[("nl", 0.9), ("en", 0.1)],
               names=["Daan de Vries", "Sanne Jansen", "Lars van Dijk", "Emma Bakker", "Thijs Visser",
                      "Fleur Smit", "Bram Meijer", "Lotte de Boer", "Sem Mulder", "Anouk van den Berg"],
               cities=["Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen"],
               companies=["Bakker Installatietechniek B.V.", "Studio Visser", "Meijer Transport",
                          "De Boer Administratie"],
               titles=["Accountmanager", "Office manager", "Projectleider"],
               addrs=["Prinsengracht 263\n1016 GV Amsterdam", "Oudegracht 158\n3511 AZ Utrecht",
                      "Witte de Withstraat 50\n3012 BR Rotterdam"],
               tld="nl"),
    "CH": dict(langs=[("de", 0.5), ("fr", 0.3), ("it", 0.1), ("en", 0.1)], ss=True,
               names=["Luca Meier", "Nina Keller", "Jan Brunner", "Laura Baumann", "Noah Frei",
                      "Céline Favre", "Marco Bernasconi", "Lea Huber", "Sandro Gerber", "Sarah Moser"],
               cities=["Zürich", "Bern", "Basel", "Genève", "Lausanne", "Luzern", "St. Gallen"],
               companies=["Keller Treuhand AG", "Brunner Holzbau GmbH", "Atelier Favre Sàrl",
                          "Gerber Sanitär AG"],
               titles=["Geschäftsführerin", "Leiter Verkauf", "Responsable administrative"],
               addrs=["Bahnhofstrasse 42\n8001 Zürich", "Rue du Rhône 65\n1204 Genève",
                      "Marktgasse 19\n3011 Bern"],
               tld="ch"),
    "AT": dict(langs=[("de", 0.9), ("en", 0.1)],
               names=["Stefan Gruber", "Katharina Huber", "Florian Bauer", "Lisa Pichler", "Markus Steiner",
                      "Theresa Moser", "David Mayer", "Magdalena Hofer", "Christoph Wallner",
                      "Verena Leitner"],
               cities=["Wien", "Graz", "Linz", "Salzburg", "Innsbruck", "Klagenfurt"],
               companies=["Gruber Elektrotechnik GmbH", "Café Pichler", "Steiner & Partner Steuerberatung",
                          "Hofer Tischlerei"],
               titles=["Büroleitung", "Projektleiter", "Assistentin der Geschäftsführung"],
               addrs=["Mariahilfer Straße 88\n1070 Wien", "Herrengasse 16\n8010 Graz",
                      "Getreidegasse 9\n5020 Salzburg"],
               tld="at"),
    "BE": dict(langs=[("nl", 0.5), ("fr", 0.4), ("en", 0.1)],
               names=["Lotte Peeters", "Wout Janssens", "Julie Maes", "Thomas Jacobs", "Marie Dubois",
                      "Arnaud Lambert", "Elise Willems", "Pieter Claes", "Manon Dupont", "Kobe Wouters"],
               cities=["Brussel", "Antwerpen", "Gent", "Liège", "Leuven", "Namur", "Brugge"],
               companies=["Peeters Bouw BV", "Bureau Lambert SRL", "Brasserie Wouters", "Claes & Co"],
               titles=["Zaakvoerder", "Gestionnaire de dossiers", "Office manager"],
               addrs=["Meir 24\n2000 Antwerpen", "Rue Royale 120\n1000 Bruxelles", "Veldstraat 55\n9000 Gent"],
               tld="be"),
    "SE": dict(langs=[("sv", 0.9), ("en", 0.1)],
               names=["Erik Lindqvist", "Anna Johansson", "Oskar Nilsson", "Elin Karlsson", "Johan Berg",
                      "Maja Andersson", "Viktor Holm", "Sara Lundgren", "Gustav Ek", "Linnea Svensson"],
               cities=["Stockholm", "Göteborg", "Malmö", "Uppsala", "Linköping", "Umeå"],
               companies=["Lindqvist Bygg AB", "Nilssons Städ", "Bergs Redovisning AB", "Café Holm"],
               titles=["Projektledare", "Kundansvarig", "Ekonomiassistent"],
               addrs=["Drottninggatan 71\n111 36 Stockholm", "Kungsportsavenyen 22\n411 36 Göteborg",
                      "Stortorget 8\n211 22 Malmö"],
               tld="se"),
    "PL": dict(langs=[("pl", 0.9), ("en", 0.1)],
               names=["Anna Kowalska", "Piotr Nowak", "Katarzyna Wiśniewska", "Tomasz Wójcik",
                      "Magdalena Kamińska", "Michał Lewandowski", "Agnieszka Zielińska", "Paweł Szymański",
                      "Monika Woźniak", "Krzysztof Dąbrowski"],
               cities=["Warszawa", "Kraków", "Wrocław", "Poznań", "Gdańsk", "Łódź"],
               companies=["Nowak Budownictwo Sp. z o.o.", "Biuro Rachunkowe Kamińska", "Piekarnia Wójcik",
                          "TransLog Sp. z o.o."],
               titles=["Kierownik projektu", "Specjalistka ds. sprzedaży", "Księgowa"],
               addrs=["ul. Marszałkowska 84/92 m. 15\n00-514 Warszawa", "ul. Floriańska 21\n31-019 Kraków",
                      "ul. Świdnicka 8\n50-066 Wrocław"],
               tld="pl"),
    "IE": dict(langs=[("en", 1)],
               names=["Aoife Murphy", "Ciarán Kelly", "Siobhán O'Brien", "Conor Walsh", "Niamh Byrne",
                      "Seán Ryan", "Orla Doyle", "Darragh McCarthy", "Róisín Quinn", "Eoin Gallagher"],
               cities=["Dublin", "Cork", "Galway", "Limerick", "Waterford"],
               companies=["Murphy & Byrne Solicitors", "Quinn Plumbing Ltd", "The Linen Café",
                          "Gallagher Engineering"],
               titles=["Office Manager", "Practice Administrator", "Site Foreman"],
               addrs=["12 Harcourt Street\nDublin 2, D02 X285", "Oliver Plunkett Street\nCork T12 W8FX",
                      "Shop Street\nGalway H91 E2KW"],
               tld="ie"),
    "IN": dict(langs=[("en", 0.8), ("hi", 0.2)],
               names=["Rahul Sharma", "Priya Iyer", "Amit Verma", "Sneha Kulkarni", "Vikram Reddy",
                      "Ananya Gupta", "Arjun Nair", "Kavya Menon", "Rohan Mehta", "Pooja Desai"],
               cities=["Mumbai", "Delhi", "Bengaluru", "Chennai", "Pune", "Hyderabad", "Kolkata"],
               companies=["Shree Ganesh Traders", "Iyer & Associates", "Nair Software Pvt Ltd",
                          "Mehta Silk House"],
               titles=["Sales Executive", "HR Manager", "Branch Manager"],
               addrs=["Flat 302, Sai Krupa Apartments, Andheri (E)\nMumbai 400069",
                      "B-14, Sector 62\nNoida 201301", "45, 2nd Cross, Indiranagar\nBengaluru 560038"],
               tld="in"),
    "BR": dict(langs=[("pt", 0.9), ("en", 0.1)],
               names=["Ana Souza", "João Silva", "Mariana Costa", "Pedro Oliveira", "Beatriz Santos",
                      "Lucas Pereira", "Camila Rodrigues", "Rafael Almeida", "Juliana Lima", "Gabriel Ferreira"],
               cities=["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba", "Porto Alegre",
                       "Recife", "Salvador"],
               companies=["Costa & Filhos Ltda.", "Padaria Pão Dourado", "Oliveira Contabilidade",
                          "TransBrasil Logística"],
               titles=["Gerente comercial", "Analista de compras", "Secretária"],
               addrs=["Rua Augusta, 1500, apto 42\nSão Paulo - SP, 01304-001",
                      "Av. Atlântica, 2000\nRio de Janeiro - RJ, 22021-001",
                      "Rua XV de Novembro, 300\nCuritiba - PR, 80020-310"],
               tld="com.br"),
    "MX": dict(langs=[("es", 0.95), ("en", 0.05)],
               names=["Alejandra Hernández", "José Luis Ramírez", "Fernanda Torres", "Miguel Ángel Flores",
                      "Daniela Morales", "Juan Carlos Vázquez", "Valeria Castillo", "Ricardo Jiménez",
                      "Gabriela Reyes", "Eduardo Mendoza"],
               cities=["Ciudad de México", "Guadalajara", "Monterrey", "Puebla", "Querétaro", "Mérida"],
               companies=["Distribuidora Reyes S.A. de C.V.", "Taller Mecánico Flores", "Despacho Castillo",
                          "Abarrotes La Esperanza"],
               titles=["Gerente de ventas", "Coordinadora administrativa", "Jefe de almacén"],
               addrs=["Av. Insurgentes Sur 1602, Col. Crédito Constructor\n03940 Ciudad de México, CDMX",
                      "Av. Chapultepec 480, Col. Americana\n44160 Guadalajara, Jal.",
                      "Calz. del Valle 400, Col. Del Valle\n66220 San Pedro Garza García, N.L."],
               tld="com.mx"),
    "AU": dict(langs=[("en", 1)],
               names=["Jack Thompson", "Chloe Wilson", "Liam O'Connor", "Mia Robinson", "Noah Campbell",
                      "Zoe Mitchell", "Lachlan Kelly", "Ruby Anderson", "Cooper White", "Isabella Martin"],
               cities=["Sydney", "Melbourne", "Brisbane", "Perth", "Adelaide", "Hobart"],
               companies=["Coastal Plumbing Pty Ltd", "Mitchell & Co Accountants", "Bluegum Landscaping",
                          "Harbourside Physio"],
               titles=["Office Manager", "Sales Rep", "Practice Manager"],
               addrs=["Level 12, 1 Martin Place\nSydney NSW 2000", "45 Collins St\nMelbourne VIC 3000",
                      "88 Adelaide St\nBrisbane QLD 4000"],
               tld="com.au"),
    "JP": dict(langs=[("ja", 0.85), ("en", 0.15)],
               names=["田中 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "伊藤 健", "渡辺 結衣", "山本 翔",
                      "中村 さくら", "小林 大輔", "加藤 愛"],
               names_en=["Taro Tanaka", "Hanako Sato", "Ichiro Suzuki", "Misaki Takahashi", "Ken Ito",
                         "Yui Watanabe", "Sho Yamamoto", "Sakura Nakamura", "Daisuke Kobayashi", "Ai Kato"],
               cities=["東京都渋谷区", "大阪市北区", "名古屋市中区", "横浜市西区", "札幌市中央区", "福岡市博多区"],
               cities_en=["Tokyo", "Osaka", "Nagoya", "Yokohama", "Sapporo", "Fukuoka"],
               companies=["株式会社ミライ商事", "山本工務店", "さくら歯科クリニック", "有限会社タナカ運送"],
               companies_en=["Mirai Shoji Co., Ltd.", "Yamamoto Komuten", "Sakura Dental Clinic"],
               domains=["mirai-shoji.co.jp", "yamamoto-komuten.jp", "sakura-dental.jp", "tanaka-unso.co.jp"],
               titles=["営業部 課長", "総務部", "店長"],
               titles_en=["Sales Manager", "General Affairs", "Store Manager"],
               addrs=["〒150-0002\n東京都渋谷区渋谷2-21-1", "〒530-0001\n大阪府大阪市北区梅田3-1-3",
                      "〒460-0008\n愛知県名古屋市中区栄3-5-1"],
               tld="co.jp"),
    "CN": dict(langs=[("zh", 0.85), ("en", 0.15)],
               names=["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄婷", "周杰", "吴芳"],
               names_en=["Wang Wei", "Li Na", "Zhang Min", "Liu Yang", "Chen Jing", "Yang Fan", "Zhao Lei",
                         "Huang Ting", "Zhou Jie", "Wu Fang"],
               cities=["北京市朝阳区", "上海市浦东新区", "深圳市南山区", "广州市天河区", "杭州市西湖区", "成都市武侯区"],
               cities_en=["Beijing", "Shanghai", "Shenzhen", "Guangzhou", "Hangzhou", "Chengdu"],
               companies=["北京华信科技有限公司", "上海东方贸易有限公司", "深圳市创达电子有限公司",
                          "杭州绿源餐饮管理有限公司"],
               companies_en=["Huaxin Technology Co., Ltd.", "Shanghai Dongfang Trading", "Chuangda Electronics"],
               domains=["huaxin-tech.com.cn", "dongfang-trade.cn", "chuangda.com.cn", "lvyuan-food.cn"],
               titles=["销售经理", "行政主管", "采购专员"],
               titles_en=["Sales Manager", "Office Administrator", "Purchasing Specialist"],
               addrs=["北京市朝阳区建国路88号SOHO现代城A座1203室", "上海市浦东新区世纪大道100号",
                      "深圳市南山区科技园南区高新南七道"],
               tld="com.cn"),
}

# ---------------------------------------------------------------------------
# Text templates.  NEUTRAL: no phone-related word anywhere.  CONTEXT: local words.
# ---------------------------------------------------------------------------
T = {
    "en": dict(
        neutral=[
            "Best regards,\n{name}\n{title}, {company}\n{v}\n{email}",
            "{name} | {company} | {v}",
            "Attendees: {name} ({v}), {name2}, {name3}",
            "{id},{name},{email},{v},{city}",
            "ping me {v} after 5",
            "{first} - {v} - re: quote, before Friday",
            "| {name} | {city} | {v} | active |",
            "owner: {name}\nbackup: \"{v}\"\nsite: {city}",
            "{name}\n{addr}\n{v}",
            "If the gate is locked, {first} is on {v}.",
            "Landlord: {name}, {v}. Rent due on the 1st.",
            "Babysitter tonight: {first}, {v}, back by 11",
            "Thanks! Here's mine: {v}",
            "Emergency: {v} ({name})",
            "- {name}: {v}",
            "<tr><td>{name}</td><td>{v}</td><td>{city}</td></tr>",
            "{\"name\": \"{name}\", \"alt\": \"{v}\", \"city\": \"{city}\"}",
            "Pickup at 3: {name}, {v}",
            "[{time}] {first}: {v} if the buzzer doesn't work",
            "Plumber recommended by {first}: {v} (ask for {name2})",
        ],
        context=[
            "Call me at {v} when you land.",
            "Phone: {v}",
            "Front desk phone: {v} (Mon–Fri, 9–5).",
            "My cell is {v}, text anytime.",
            "Mobile: {v} | Email: {email}",
            "Please give {first} a ring on {v}.",
            "Contact number: {v}",
            "Tel. {v}",
            "Left a voicemail for {name}, call back on {v}",
            "WhatsApp me on {v} if you're running late.",
            "Best number to reach me today is {v}.",
            "For bookings phone {v} (Mon–Fri).",
            "Customer service: call {v}, 8am–8pm.",
        ]),
    "de": dict(
        neutral=[
            "Mit freundlichen Grüßen\n{name}\n{company}\n{addr}\n{v}",
            "{name} – {v}",
            "Teilnehmende: {name} ({v}), {name2}, {name3}",
            "{id};{name};{email};{v};{city}",
            "ping mich {v} nach 17 Uhr",
            "Notiz: {first} {v} wg. Angebot",
            "| {name} | {city} | {v} |",
            "verantwortlich: {name}\nnotfall: \"{v}\"",
            "Hausmeister {name}: {v}",
            "Abholung durch {name}, {v}, Tor 3",
            "Für Rückfragen: {name}, {v}",
            "Bei Wasserschaden am Wochenende: {v}",
            "{name}\n{v}\n{email}",
            "Vermieterin: {name}, {v}",
            "– {name}: {v}",
            "[{time}] {first}: {v} – bin gleich da",
            "Schlüssel liegt bei {name} ({v}), 2. OG links",
        ],
        context=[
            "Tel.: {v}",
            "Telefon: {v}",
            "Ruf mich bitte unter {v} an.",
            "Handy: {v}",
            "Mobil: {v}",
            "Sie erreichen mich telefonisch unter {v}.",
            "Rückrufnummer: {v}",
            "Bitte rufen Sie {name} unter {v} zurück.",
            "Festnetz: {v} (Mo–Fr 8–16 Uhr)",
            "Telefonische Terminvereinbarung unter {v}",
        ]),
    "fr": dict(
        neutral=[
            "Cordialement,\n{name}\n{title}\n{company}\n{v}",
            "{name} — {v}",
            "Participants : {name} ({v}), {name2}, {name3}",
            "{id};{name};{email};{v};{city}",
            "dispo après 18h, {v}",
            "Post-it : {first} {v} pour le devis",
            "| {name} | {city} | {v} |",
            "Nounou : {name}, {v}",
            "{name}\n{addr}\n{v}",
            "En cas d'urgence : {v}",
            "Livraison : {name}, {v}, digicode au dos",
            "Propriétaire : {name} / {v}",
            "[{time}] {first} : {v} si la porte est fermée",
            "Clés chez {name} ({v}), 3e étage gauche",
        ],
        context=[
            "Tél. : {v}",
            "Appelez-moi au {v} dès que possible.",
            "Portable : {v}",
            "Mon numéro : {v}",
            "Vous pouvez joindre le standard au {v}.",
            "Téléphone fixe : {v}",
            "N'hésitez pas à me contacter au {v}.",
            "Tel : {v} – Mail : {email}",
            "Pour toute question, appelez {first} au {v}.",
        ]),
    "es": dict(
        neutral=[
            "Un saludo,\n{name}\n{title}\n{company}\n{v}",
            "{name} - {v}",
            "Asistentes: {name} ({v}), {name2}, {name3}",
            "{id};{name};{email};{v};{city}",
            "avísame a partir de las 18h, {v}",
            "Nota: {first} {v} presupuesto pendiente",
            "| {name} | {city} | {v} |",
            "Portero: {name}, {v}",
            "{name}\n{addr}\n{v}",
            "Urgencias fontanería: {v}",
            "Entrega: {name}, {v}, dejar en conserjería",
            "Casero: {name} / {v}",
            "[{time}] {first}: {v} por si el portal está cerrado",
            "Las llaves las tiene {name} ({v}), 2º izquierda",
        ],
        context=[
            "Tel.: {v}",
            "Llámame al {v} cuando llegues.",
            "Móvil: {v}",
            "Mi número es el {v}",
            "Teléfono de contacto: {v}",
            "Tfno. {v} (horario de 9 a 14 h)",
            "Para cualquier duda, llame al {v}.",
            "Contacto: {name}, tlf. {v}",
        ]),
    "it": dict(
        neutral=[
            "Cordiali saluti,\n{name}\n{title}\n{company}\n{v}",
            "{name} - {v}",
            "Partecipanti: {name} ({v}), {name2}, {name3}",
            "{id};{name};{email};{v};{city}",
            "sono libero dopo le 18, {v}",
            "Promemoria: {first} {v} per il preventivo",
            "| {name} | {city} | {v} |",
            "Portineria: {name}, {v}",
            "{name}\n{addr}\n{v}",
            "Urgenze idraulico: {v}",
            "Consegna: {name}, {v}, scala B, terzo piano",
            "Proprietario: {name} / {v}",
            "[{time}] {first}: {v} se il portone è chiuso",
            "Chiavi da {name} ({v})",
        ],
        context=[
            "Tel. {v}",
            "Chiamami al {v}",
            "Cell. {v}",
            "Cellulare: {v}",
            "Il mio numero è {v}",
            "Recapito telefonico: {v}",
            "Per informazioni telefonare al {v}.",
            "Tel. ufficio {v}, fax non più attivo",
        ]),
    "nl": dict(
        neutral=[
            "Met vriendelijke groet,\n{name}\n{title}\n{company}\n{v}",
            "{name} - {v}",
            "Aanwezig: {name} ({v}), {name2}, {name3}",
            "{id};{name};{email};{v};{city}",
            "ik ben er vanaf 17.00, {v}",
            "Notitie: {first} {v} ivm offerte",
            "| {name} | {city} | {v} |",
            "Huisbaas: {name}, {v}",
            "{name}\n{addr}\n{v}",
            "Bij lekkage: {v}",
            "Bezorging: {name}, {v}, achterom",
            "Oppas: {name} / {v}",
            "[{time}] {first}: {v} als de deur dicht is",
            "Sleutel ligt bij {name} ({v}), 2e verdieping",
        ],
        context=[
            "Tel: {v}",
            "Bel me even op {v}.",
            "Mobiel: {v}",
            "Mijn nummer is {v}",
            "Telefoonnummer: {v}",
            "U kunt ons bellen op {v}.",
            "Telefonisch bereikbaar op {v} (ma–vr 9–17 uur)",
        ]),
    "pl": dict(
        neutral=[
            "Pozdrawiam,\n{name}\n{title}\n{company}\n{v}",
            "{name} - {v}",
            "Uczestnicy: {name} ({v}), {name2}, {name3}",
            "{id};{name};{email};{v};{city}",
            "odezwij się po 17, {v}",
            "Notatka: {first} {v} w sprawie oferty",
            "| {name} | {city} | {v} |",
            "Dozorca: {name}, {v}",
            "{name}\n{addr}\n{v}",
            "W razie awarii: {v}",
            "Odbiór: {name}, {v}, brama od podwórza",
            "Właściciel mieszkania: {name} / {v}",
            "[{time}] {first}: {v} jakby brama była zamknięta",
            "Klucze u {name} ({v}), II piętro",
        ],
        context=[
            "Tel. {v}",
            "Zadzwoń do mnie: {v}",
            "Tel. kom. {v}",
            "Mój numer: {v}",
            "Telefon kontaktowy: {v}",
            "Komórka: {v}",
            "Prosimy o kontakt pod numerem {v}.",
        ]),
    "sv": dict(
        neutral=[
            "Med vänliga hälsningar\n{name}\n{title}\n{company}\n{v}",
            "{name} – {v}",
            "Deltagare: {name} ({v}), {name2}, {name3}",
            "{id};{name};{email};{v};{city}",
            "hör av dig efter 17, {v}",
            "Lapp: {first} {v} angående offerten",
            "| {name} | {city} | {v} |",
            "Fastighetsskötare: {name}, {v}",
            "{name}\n{addr}\n{v}",
            "Vid vattenläcka: {v}",
            "Hämtas av {name}, {v}, port 2",
            "Hyresvärd: {name} / {v}",
            "[{time}] {first}: {v} om porten är låst",
            "Nyckeln finns hos {name} ({v})",
        ],
        context=[
            "Tel: {v}",
            "Ring mig på {v}",
            "Mobil: {v}",
            "Mitt nummer är {v}",
            "Telefon: {v} (vardagar 8–17)",
            "Växel: {v}",
            "Du når kundtjänst på telefon {v}.",
        ]),
    "pt": dict(
        neutral=[
            "Atenciosamente,\n{name}\n{title}\n{company}\n{v}",
            "{name} - {v}",
            "Participantes: {name} ({v}), {name2}, {name3}",
            "{id};{name};{email};{v};{city}",
            "qualquer coisa, {v}",
            "Lembrete: {first} {v} orçamento",
            "| {name} | {city} | {v} |",
            "Síndico: {name}, {v}",
            "{name}\n{addr}\n{v}",
            "Emergência: {v}",
            "Entrega: {name}, {v}, deixar na portaria",
            "Proprietário: {name} / {v}",
            "[{time}] {first}: {v} se o portão estiver fechado",
            "Chave com {name} ({v})",
        ],
        context=[
            "Tel.: {v}",
            "Me liga no {v}",
            "Celular: {v}",
            "WhatsApp: {v}",
            "Meu número é {v}",
            "Fone: {v}",
            "Para mais informações, ligue {v}.",
            "Cel/Zap: {v}",
        ]),
    "ja": dict(
        neutral=[
            "{company}\n{title}\n{name}\n{v}\n{email}",
            "{name}さん {v}",
            "参加者：{name}（{v}）、{name2}、{name3}",
            "{id},{name},{email},{v},{city}",
            "18時以降なら {v} へ",
            "メモ：{name}様 {v} 見積の件",
            "| {name} | {city} | {v} |",
            "管理人：{name}、{v}",
            "{addr}\n{name}\n{v}",
            "緊急時：{v}",
            "配達先：{name}様 {v}",
            "大家さん：{name} / {v}",
            "[{time}] {name}：{v} 門が閉まっていたらこちらへ",
            "鍵は{name}さん（{v}）が持っています",
        ],
        context=[
            "TEL：{v}",
            "電話番号：{v}",
            "携帯：{v}",
            "お問い合わせは {v} までお電話ください。",
            "ご連絡は {v} まで",
            "TEL {v}（平日9:00〜18:00）",
            "電話: {v}",
        ]),
    "zh": dict(
        neutral=[
            "{company}\n{title} {name}\n{v}\n{email}",
            "{name} {v}",
            "参会人员：{name}（{v}）、{name2}、{name3}",
            "{id},{name},{email},{v},{city}",
            "晚上六点后找我 {v}",
            "便签：{name} {v} 报价的事",
            "| {name} | {city} | {v} |",
            "物业：{name}，{v}",
            "{addr}\n{name} 收\n{v}",
            "紧急情况：{v}",
            "收货人：{name} {v}",
            "房东：{name} / {v}",
            "[{time}] {name}：{v} 门禁坏了就找我",
            "钥匙在{name}那里（{v}）",
        ],
        context=[
            "电话：{v}",
            "手机：{v}",
            "联系电话：{v}",
            "请拨打 {v} 咨询。",
            "我的手机号是{v}",
            "座机：{v}",
            "客服热线：{v}",
        ]),
    "hi": dict(
        neutral=[
            "bhai {v} pe ping kar dena shaam ko",
            "{first} ji - {v}",
            "Driver {first}: {v}, gaadi gate 2 pe milegi",
            "Watchman {first} - {v}",
        ],
        context=[
            "mera number {v} hai, call kar lena",
            "फ़ोन: {v}",
            "मोबाइल नंबर: {v}",
            "Whatsapp karo {v} pe",
        ]),
}

# region-specific extras, added to the pool of the region's main language
EXTRA = {
    "US": dict(context=["Cell: {v}", "Text or call {v} after 6pm."]),
    "GB": dict(context=["Give us a bell on {v}", "Mob: {v}"], neutral=["Cheers, {first}\n{v}"]),
    "IE": dict(context=["Mob: {v}", "Ring me on {v} after the match."],
               neutral=["Grand so, see you Tuesday. {first} {v}"]),
    "AU": dict(context=["Give me a buzz on {v}, mate.", "Ph: {v}", "Mob: {v}"],
               neutral=["Cheers, {first} - {v}"]),
    "CA": dict(context=["Cellulaire : {v}", "Cell: {v}"]),
    "MX": dict(context=["Cel: {v}", "Celular: {v}", "Márcame al {v} cuando salgas", "WhatsApp: {v}"]),
    "BE": dict(context=["GSM: {v}", "gsm {v}"]),
    "CH": dict(context=["Natel: {v}"]),
    "IN": dict(neutral=["Driver {first}: {v}, gate 2", "{name} (Andheri office) {v}"],
               context=["Ph: {v}", "Mob. {v}"]),
}

# ---------------------------------------------------------------------------
# Phone-word detector used to classify / verify neutral vs. context lines.
# Deliberately broad (stems, slang, abbreviations) so that "neutral" is strict.
# ---------------------------------------------------------------------------
PHONE_WORDS = [
    r"phone", r"telef", r"téléf", r"\btelf", r"\btfno", r"\btlf", r"\btel\b", r"\btél\b", r"\bmob\b",
    r"\bph\b", r"\bcel\b", r"\bcell", r"celular", r"handy", r"mobil", r"móvil", r"movil", r"\bcall",
    r"\bring", r"\bbell\b", r"\bbuzz\b", r"contact", r"contat", r"kontakt", r"number", r"nummer",
    r"numer", r"numér", r"númer", r"\bno\.", r"\bfax", r"\bdial", r"\bsms\b", r"\btext", r"whats",
    r"\bzap\b", r"hotline", r"landline", r"voicemail", r"\breach", r"erreich", r"bereikba", r"ruf",
    r"festnetz", r"durchwahl", r"zentrale", r"natel", r"portable", r"appel", r"joindre", r"\bllam", r"mobiel", r"\bllám",
    r"\bfijo", r"chiam", r"recapito", r"fisso", r"\bbel\b", r"\bbellen", r"\bgsm\b", r"zadzwo",
    r"dzwon", r"komórk", r"\bkom\.", r"ringa", r"växel", r"\blig(?:a|ar|ue)\b", r"\bfone\b",
    r"\bdirect\b", r"\bext\b", r"márca", r"\bmarca(?:r|me)\b", r"interphone", r"domofon",
    r"電話", r"携帯", r"連絡", r"番号", r"ケータイ", r"電话", r"电话", r"手机", r"联系", r"号码", r"致电",
    r"座机", r"拨打", r"热线", r"फ़ोन", r"फोन", r"मोबाइल", r"नंबर", r"संपर्क",
]
PHONE_WORD_RE = re.compile("|".join(PHONE_WORDS), re.IGNORECASE)


def has_phone_word(text):
    return PHONE_WORD_RE.search(text) is not None


# ---------------------------------------------------------------------------
def ascii_fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def render(tpl, ctx):
    return re.sub(r"\{(\w+)\}", lambda m: ctx[m.group(1)], tpl)


LEGAL_FORMS = {"gmbh", "llc", "ltd", "kg", "sarl", "sl", "s", "a", "sa", "srl", "r", "l", "bv", "ab",
               "ag", "inc", "pty", "sp", "z", "o", "ltda", "de", "c", "v", "co", "the", "da", "del",
               "und", "et", "y", "e"}


def make_ctx(region, lang):
    spec = R[region]
    latin = lang not in ("ja", "zh")
    names = spec.get("names_en", spec["names"]) if latin else spec["names"]
    cities = spec.get("cities_en", spec["cities"]) if latin else spec["cities"]
    companies = spec.get("companies_en", spec["companies"]) if latin else spec["companies"]
    titles = spec.get("titles_en", spec["titles"]) if latin else spec["titles"]
    n1, n2, n3 = rng.sample(range(len(names)), 3)
    name = names[n1]
    first = name.split()[0]
    # e-mail from the romanised name
    rom = spec.get("names_en", spec["names"])[n1]
    parts = [re.sub(r"[^a-z]", "", ascii_fold(p).lower()) for p in rom.split()]
    local = parts[0] + "." + parts[-1] if len(parts) > 1 else parts[0]
    company = rng.choice(companies)
    if "domains" in spec:
        domain = rng.choice(spec["domains"])
    else:
        words = [w for w in re.split(r"[\s&,.]+", ascii_fold(company).lower())
                 if w and w not in LEGAL_FORMS]
        domain = "".join(re.sub(r"[^a-z]", "", w) for w in words[:2]) + "." + spec["tld"]
    return dict(
        name=name, name2=names[n2], name3=names[n3], first=first,
        company=company, title=rng.choice(titles), city=rng.choice(cities),
        addr=rng.choice(spec["addrs"]), email=f"{local}@{domain}",
        id=str(rng.randint(1000, 99999)),
        time=f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}",
    )


def weighted_lang(region):
    langs = R[region]["langs"]
    r = rng.random() * sum(w for _, w in langs)
    for lang, w in langs:
        r -= w
        if r <= 0:
            return lang
    return langs[-1][0]


def template_pool(region, lang, kind):
    pool = list(T[lang][kind])
    if lang == R[region]["langs"][0][0]:
        pool += EXTRA.get(region, {}).get(kind, [])
    return pool


MOBILE_WORDS_RE = re.compile(
    r"handy|mobil|móvil|\bcell|cellulare|celular|portable|手机|携帯|komórk|\bkom\.|\bgsm\b|natel|"
    r"\bzap\b|whats|\bcel\b|\bmob\b|text anytime|text or call|babysitter|nounou|oppas", re.I)
FIXED_WORDS_RE = re.compile(
    r"festnetz|座机|\bfixe|\bfijo|landline|front desk|standard|växel|客服热线|ufficio|"
    r"portineria|hausmeister|dozorca|管理人|物业|fastighetsskötare|portero|síndico", re.I)
BUSINESS_RE = re.compile(r"\{company\}|bookings|customer service|\{id\}|^\||<tr>|^\{\"|热线|お問い合わせ|standard|front desk|"
                         r"informazioni|informações|duda|kundtjänst|terminvereinbarung|bellen op", re.I)
MOBILE_TYPES = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
FIXED_TYPES = {phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
SERVICE_TYPES = {phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.SHARED_COST,
                 phonenumbers.PhoneNumberType.PREMIUM_RATE, phonenumbers.PhoneNumberType.UAN}


def template_fits(tpl, ntype):
    """Keep the surroundings plausible for the kind of number (mobile / landline / service)."""
    if ntype is None:
        return True
    if ntype in SERVICE_TYPES:
        return bool(BUSINESS_RE.search(tpl)) and not MOBILE_WORDS_RE.search(tpl)
    if MOBILE_WORDS_RE.search(tpl) and ntype not in MOBILE_TYPES:
        return False
    if FIXED_WORDS_RE.search(tpl) and ntype not in FIXED_TYPES:
        return False
    return True


class TemplatePicker:
    """Pick templates without repetition within a region until a pool is exhausted."""

    def __init__(self):
        self.used = set()

    def pick(self, region, lang, kind, ntype=None):
        pool = [t for t in template_pool(region, lang, kind) if template_fits(t, ntype)]
        fresh = [t for t in pool if (lang, t) not in self.used]
        if not fresh:
            for t in pool:
                self.used.discard((lang, t))
            fresh = pool
        t = rng.choice(fresh)
        self.used.add((lang, t))
        return t


def parse_valid(value, region):
    try:
        n = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(n):
        return None
    if phonenumbers.region_code_for_number(n) != region:
        return None
    return n


USED_VALUES = set()
USED_NSN = set()


def draw_national(region, gen, pat):
    for _ in range(500):
        v = fill(pat, gen())
        if v in USED_VALUES:
            continue
        n = parse_valid(v, region)
        if n is None:
            continue
        nsn = phonenumbers.national_significant_number(n)
        if nsn in USED_NSN:
            continue
        USED_VALUES.add(v)
        USED_NSN.add(nsn)
        return v, n
    raise SystemExit(f"cannot draw a valid {region} number for pattern {pat!r}")


NO_TRUNK_STYLE = {"ES", "IT", "PL", "BR", "MX", "CN", "IN"}
TRUNK0 = {"GB", "DE", "AT", "CH", "NL", "BE", "FR", "IE", "AU", "SE"}


def intl_variants(n, region):
    cc = n.country_code
    intl = phonenumbers.format_number(n, PhoneNumberFormat.INTERNATIONAL)
    e164 = phonenumbers.format_number(n, PhoneNumberFormat.E164)
    nat = phonenumbers.format_number(n, PhoneNumberFormat.NATIONAL)
    rest = intl[len(f"+{cc} "):]
    nsn = phonenumbers.national_significant_number(n)
    if cc == 1:
        return [intl, e164, f"+1 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}", f"+1-{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}",
                f"+1.{nsn[:3]}.{nsn[3:6]}.{nsn[6:]}", f"+1 {nsn[:3]} {nsn[3:6]} {nsn[6:]}"]
    vs = [intl, e164, "00" + intl[1:], intl.replace(" ", "-")]
    if region in TRUNK0:
        vs.append(f"+{cc} (0){rest}")
        vs.append(f"+{cc} (0) {rest}")
    if region in ("FR", "BE", "CH"):
        vs.append(f"+{cc} " + rest.replace(" ", "."))
    if region in NO_TRUNK_STYLE and not nat.startswith(("0", "(0")):
        vs.append(f"+{cc} {nat}")
    if region == "JP":
        vs.append(f"+{cc} " + rest.replace("-", " "))
    out = []
    for v in vs:
        if v not in out:
            out.append(v)
    return out


def make_text(region, lang, kind, value, picker, n):
    if any(ord(c) >= 0xFF00 for c in value):   # fullwidth forms only in local-script text
        lang = R[region]["langs"][0][0]
    tpl = picker.pick(region, lang, kind, phonenumbers.number_type(n))
    for _ in range(50):
        ctx = make_ctx(region, lang)
        ctx["v"] = value
        text = render(tpl, ctx)
        if R[region].get("ss"):
            text = text.replace("ß", "ss")
        if text.count(value) != 1:
            continue
        pw = has_phone_word(text)
        if kind == "neutral" and pw:
            continue
        if kind == "context" and not pw:
            raise SystemExit(f"context template without phone word: {tpl!r}")
        return text
    raise SystemExit(f"cannot render template {tpl!r} for {region}")


def positives():
    rows = []
    for region in R:
        picker = TemplatePicker()
        makers = [(gen, pat) for gen, pats in KINDS[region] for pat in pats]
        rng.shuffle(makers)
        neutral_idx = set(rng.sample(range(NATIONAL_PER_REGION), NEUTRAL_PER_REGION))
        for i in range(NATIONAL_PER_REGION):
            gen, pat = makers[i % len(makers)]
            value, n = draw_national(region, gen, pat)
            kind = "neutral" if i in neutral_idx else "context"
            lang = weighted_lang(region)
            text = make_text(region, lang, kind, value, picker, n)
            rows.append(dict(region=region, text=text, value=value, format="national"))
        for i in range(INTL_PER_REGION):
            for _attempt in range(200):
                gen, pat = rng.choice(makers)
                _, n = draw_national(region, gen, pat)
                vs = intl_variants(n, region)
                value = None
                for k in range(len(vs)):
                    cand = vs[(i + k) % len(vs)]
                    if cand not in USED_VALUES and parse_valid(cand, region) is not None:
                        value = cand
                        break
                if value:
                    break
            USED_VALUES.add(value)
            kind = "neutral" if i % 2 == 0 else "context"
            lang = weighted_lang(region)
            text = make_text(region, lang, kind, value, picker, n)
            rows.append(dict(region=region, text=text, value=value, format="international"))
    return rows


# ---------------------------------------------------------------------------
# Negatives
# ---------------------------------------------------------------------------
def ymd():
    return rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)


def date_iso():
    y, m, dd = ymd()
    return f"{y}-{m:02d}-{dd:02d}"


def date_dmy(sep="."):
    y, m, dd = ymd()
    return f"{dd:02d}{sep}{m:02d}{sep}{y}"


def date_us():
    y, m, dd = ymd()
    return f"{m:02d}/{dd:02d}/{y}"


def date_cjk():
    y, m, dd = ymd()
    return f"{y}年{m}月{dd}日"


def amt(th, dec, lo=100, hi=9_999_999):
    s = f"{rng.randint(lo, hi) / 100:,.2f}"
    return s.replace(",", "\x00").replace(".", dec).replace("\x00", th)


def amt_in():
    rupees = rng.randint(100000, 99999999)
    s = str(rupees)
    head, tail = s[:-3], s[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups + [tail]) + ".00"


def L(n):
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def yr():
    return str(rng.randint(2019, 2025))


def cf():
    return (L(6) + d(2) + rng.choice("ABCDEHLMPRST") + d(2) + L(1) + d(3) + L(1))


NEG_EASY = [
    ("en", lambda: f"Order #{d(3, '123456789')}-{d(7)}-{d(7)} shipped on {date_iso()}."),
    ("en", lambda: f"Invoice INV-{yr()}-{d(5)}, total ${amt(',', '.')} due {date_us()}."),
    ("de", lambda: f"Rechnung Nr. {yr()}/{d(4)} über {amt('.', ',')} € vom {date_dmy()}, zahlbar innerhalb von 14 Tagen."),
    ("de", lambda: f"Bitte überweisen Sie den Betrag auf IBAN DE{d(2)} {d(4)} {d(4)} {d(4)} {d(4)} {d(2)}, BIC COBADEFFXXX."),
    ("de", lambda: f"Lieferanschrift: Hauptstraße {rng.randint(1, 180)}, {d(5, '123456789')} {rng.choice(['Berlin', 'Kassel', 'Bremen'])}. Lieferung am {date_dmy()} zwischen 8 und 12 Uhr."),
    ("fr", lambda: f"Facture n° F{yr()}-{d(5)} du {date_dmy('/')}, montant {amt(' ', ',')} € TTC."),
    ("fr", lambda: f"SIRET : {d(3, '3456789')} {d(3)} {d(3)} {d(5)} – RCS Lyon"),
    ("fr", lambda: f"Rendez-vous le {date_dmy('/')} à {rng.randint(8, 18)}h{rng.choice(['00', '15', '30', '45'])}, salle {rng.randint(100, 450)}, bâtiment C."),
    ("es", lambda: f"Pedido nº {d(8)} enviado el {date_dmy('/')}. Importe total: {amt('.', ',')} €."),
    ("es", lambda: f"NIF: {d(8)}{L(1)}; CIF de la empresa: B{d(8)}"),
    ("it", lambda: f"Fattura n. {rng.randint(1, 999)}/{yr()} del {date_dmy('/')}, importo € {amt('.', ',')} IVA inclusa."),
    ("it", lambda: f"Codice fiscale: {cf()}"),
    ("nl", lambda: f"Factuurnummer {yr()}{d(5)}, bedrag € {amt('.', ',')}, te betalen vóór {date_dmy('-')}."),
    ("nl", lambda: f"KvK-nummer {d(8, '123456789')}, btw-id NL{d(9)}B01"),
    ("pl", lambda: f"Faktura VAT nr FV/{rng.randint(1, 999)}/{rng.randint(1, 12):02d}/{yr()} z dnia {date_dmy()}, kwota do zapłaty {amt(' ', ',')} zł."),
    ("sv", lambda: f"Fakturanummer {d(7)}, OCR {d(12)}, förfallodag {date_iso()}, att betala {amt(' ', ',')} kr."),
    ("sv", lambda: f"Personnummer {d(2)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}-{d(4)} ska anges på blanketten."),
    ("pt", lambda: f"Nota fiscal nº {d(6)}, série 1, emitida em {date_dmy('/')}, valor total R$ {amt('.', ',')}."),
    ("pt", lambda: f"CPF {d(3)}.{d(3)}.{d(3)}-{d(2)} / CNPJ {d(2)}.{d(3)}.{d(3)}/0001-{d(2)}"),
    ("ja", lambda: f"注文番号：{d(3)}-{d(7)}-{d(7)}、発送日 {date_cjk()}"),
    ("ja", lambda: f"〒{d(3)}-{d(4)} 東京都千代田区丸の内{rng.randint(1, 3)}-{rng.randint(1, 9)}-{rng.randint(1, 20)}"),
    ("zh", lambda: f"订单号：{d(18, '123456789')}，已于{date_cjk()}发货，运费 ¥{rng.randint(5, 30)}.00。"),
    ("zh", lambda: f"身份证号 {d(6, '123456')}{rng.randint(1960, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{d(3)}{rng.choice('0123456789X')}"),
    ("en", lambda: f"ISBN 978-{d(1)}-{d(3)}-{d(5)}-{d(1)}, 2nd edition, {rng.randint(180, 640)} pages."),
    ("en", lambda: f"Release v{rng.randint(1, 12)}.{rng.randint(0, 20)}.{rng.randint(0, 30)} (build {d(5)}) fixes the crash reported in issue #{d(4, '123456789')}."),
    ("en", lambda: f"Site coordinates: {rng.uniform(-60, 70):.4f}, {rng.uniform(-170, 170):.4f}, elevation {rng.randint(5, 2400)} m."),
    ("en", lambda: f"Final score {rng.randint(0, 5)}–{rng.randint(0, 5)}; attendance {rng.randint(10, 90)},{d(3)}."),
    ("en", lambda: (lambda a, b: f"Room dimensions {a:.2f} m × {b:.2f} m, floor area {a * b:.1f} m².")(rng.uniform(2.5, 8), rng.uniform(2.5, 8))),
    ("en", lambda: f"Tracking: 1Z {d(3)} {L(2)}{d(1)} {d(2)} {d(4)} {d(3)} {d(1)}"),
    ("en", lambda: f"Sort code {d(2)}-{d(2)}-{d(2)}, account {d(8)}, reference INV{d(5)}."),
    ("en", lambda: f"Serial SN-{d(4)}-{d(4)}-{d(4)}, warranty until {date_iso()}."),
    ("de", lambda: f"Öffnungszeiten: Mo–Fr {rng.randint(7, 9):02d}:00–{rng.randint(17, 19)}:00, Sa 09:00–13:00, feiertags geschlossen."),
    ("en", lambda: f"Meeting moved from {rng.randint(8, 11)}:30 to {rng.randint(13, 17)}:15 on {date_iso()}."),
    ("en", lambda: f"Population grew from {rng.randint(1, 9)},{d(3)},{d(3)} to {rng.randint(1, 9)},{d(3)},{d(3)} between 2010 and 2020."),
    ("es", lambda: f"Resultado final: Betis {rng.randint(0, 4)} - {rng.randint(0, 4)} Valencia, asistencia {rng.randint(20, 80)}.{d(3)} espectadores."),
    ("it", lambda: f"Temperatura {rng.uniform(-5, 38):.1f} °C, umidità {rng.randint(20, 95)} %, pressione {rng.randint(990, 1035)} hPa alle {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}.".replace(".", ",", 1)),
    ("ja", lambda: f"会議は{date_cjk()} {rng.randint(9, 16)}:00〜{rng.randint(17, 18)}:30、会議室{rng.randint(101, 909)}で行います。"),
    ("zh", lambda: f"版本号 {rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}，构建编号 {d(6)}，发布日期 {date_iso()}。"),
    ("pl", lambda: f"PESEL: {d(11)}, seria i nr dowodu: {L(3)}{d(6)}"),
    ("en", lambda: f"PAN: {L(5)}{d(4)}{L(1)}; GSTIN {d(2)}{L(5)}{d(4)}{L(1)}1Z{d(1)}; IFSC HDFC000{d(4)}"),
    ("es", lambda: f"RFC: {L(4)}{d(2)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{L(2)}{d(1)}; código postal {d(5)}, Col. Juárez"),
    ("en", lambda: f"Business Number {d(9)} RT0001; postal code K{d(1)}A {d(1)}B{d(1)}."),
    ("en", lambda: f"PPS no. {d(7)}{L(1)}A; Eircode D0{d(1)} {L(1)}{d(3)}"),
    ("de", lambda: f"UID CHE-{d(3)}.{d(3)}.{d(3)} MWST, Handelsregister CH-020.{d(1)}.{d(3)}.{d(3)}-{d(1)}"),
    ("de", lambda: f"UID-Nr. ATU{d(8)}, Firmenbuchnummer FN {d(6)} {rng.choice('abdfghkmpstvwxyz')}, Handelsgericht Wien"),
    ("nl", lambda: f"IBAN NL{d(2)} INGB {d(4)} {d(4)} {d(2)}, t.n.v. Stichting De Linde"),
    ("en", lambda: f"IBAN GB{d(2)} NWBK {d(4)} {d(4)} {d(4)} {d(2)}"),
    ("fr", lambda: f"Chiffre d'affaires {yr()} : {amt(' ', ',', 10_000_000, 999_999_999)} €, en hausse de {rng.randint(1, 30)},{d(1)} %."),
    ("pt", lambda: f"CEP {d(5)}-{d(3)}, Av. Paulista, {rng.randint(100, 2500)}, conjunto {rng.randint(11, 199)}"),
    ("en", lambda: f"BSB {d(3)}-{d(3)}, account {d(8)}, ref INV-{d(4)}"),
    ("en", lambda: f"Total payable ₹{amt_in()} (incl. GST 18%)"),
    ("de", lambda: f"Paketmaße {rng.randint(20, 120)} × {rng.randint(20, 80)} × {rng.randint(10, 60)} cm, Gewicht {rng.randint(1, 30)},{d(1)} kg"),
    ("ja", lambda: f"法人番号 {d(13, '123456789')}"),
    ("it", lambda: f"IBAN IT{d(2)} {L(1)}{d(3)} {d(4)} {d(4)} {d(4)} {d(4)} {d(3)}"),
    ("es", lambda: f"IBAN ES{d(2)} {d(4)} {d(4)} {d(2)} {d(10)}"),
    ("fr", lambda: f"IBAN FR76 {d(4)} {d(4)} {d(4)} {d(4)} {d(4)} {d(3)}"),
    ("sv", lambda: f"Kvitto {d(6)}, {date_iso()} kl. {rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}, summa {amt(' ', ',', 1000, 99999)} kr"),
    ("pl", lambda: f"Przesyłka {d(20)} nadana {date_dmy()} w paczkomacie WAW{d(2)}M"),
    ("zh", lambda: f"快递单号 SF{d(13)}，邮编 {d(6, '123456')}，重量 {rng.randint(1, 20)}.{d(1)} 公斤"),
    ("de", lambda: f"Version {rng.randint(1, 5)}.{rng.randint(0, 12)}.{rng.randint(0, 40)} vom {date_dmy()}, Artikel-Nr. {L(2)}-{d(6)}"),
    ("pt", lambda: f"Placar final: Flamengo {rng.randint(0, 4)} x {rng.randint(0, 4)} Palmeiras, público de {rng.randint(20, 70)}.{d(3)} torcedores."),
    ("en", lambda: f"Flight BA{d(3, '123456789')} departs {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}, gate B{rng.randint(1, 48)}, seat {rng.randint(1, 45)}{rng.choice('ABCDEF')}."),
    ("es", lambda: f"Expediente {yr()}/{d(6)}, resolución de {date_dmy('/')}, importe {amt('.', ',')} €"),
]

NEG_HARD = [
    ("pl", lambda: f"Dane do faktury: TransLog Sp. z o.o., NIP {d(3, '123456789')}-{d(3)}-{d(2)}-{d(2)}"),
    ("pl", lambda: f"Numer zamówienia {d(3, '5678')} {d(3)} {d(3)}, prosimy podać go w tytule przelewu."),
    ("pl", lambda: f"REGON {d(9, '123456789')}, KRS 0000{d(6)}"),
    ("pl", lambda: f"Saldo na koniec roku: {d(1, '123456789')} {d(3)} {d(3)},{d(2)} zł"),
    ("de", lambda: f"Steuernummer {d(3, '1')}/{d(3)}/{d(5)}, Finanzamt München"),
    ("de", lambda: f"Auftragsnummer 01{d(2, '567')} {d(7)}, bitte bei Zahlung angeben."),
    ("de", lambda: f"Kundennummer 0{d(2, '23456789')}/{d(7)}, Vertragskonto {d(10)}"),
    ("de", lambda: f"Sendungsnummer 00340 {d(4)} {d(4)} {d(4)} {d(2)}"),
    ("fr", lambda: f"N° de TVA intracommunautaire : FR {d(2)} {d(3, '123456789')} {d(3)} {d(3)}"),
    ("fr", lambda: f"Réf. dossier : 0{d(1, '12345')} {d(2)} {d(2)} {d(2)} {d(2)}, à rappeler dans toute correspondance."),
    ("fr", lambda: f"Lot n° {d(2)}.{d(2)}.{d(2)}.{d(2)}, à consommer avant le {date_dmy('/')}"),
    ("fr", lambda: f"N° de sécurité sociale : {rng.choice('12')} {d(2)} {rng.randint(1, 12):02d} {d(2)} {d(3)} {d(3)} {d(2)}"),
    ("es", lambda: f"Póliza nº 6{d(2)} {d(2)} {d(2)} {d(2)}, renovación anual el {date_dmy('/')}."),
    ("es", lambda: f"Referencia del expediente: 91 {d(3)} {d(2)} {d(2)}, Juzgado de lo Social de Madrid."),
    ("it", lambda: f"P.IVA 0{d(10)}, REA MI-{d(7)}"),
    ("it", lambda: f"Codice pratica 3{d(2)} {d(7)}, da allegare alla domanda entro il {date_dmy('/')}."),
    ("nl", lambda: f"Factuurnummer 06-{d(8)} d.d. {date_dmy('-')}"),
    ("nl", lambda: f"BSN {d(4, '123456789')}.{d(2)}.{d(3)}, niet delen met derden"),
    ("nl", lambda: f"Ondernemingsnummer 04{d(2)}.{d(3)}.{d(3)}, RPR Antwerpen"),
    ("fr", lambda: f"N° d'entreprise BE 0{d(3)}.{d(3)}.{d(3)}, TVA assujetti"),
    ("de", lambda: f"AHV-Nr. 756.{d(4)}.{d(4)}.{d(2)}"),
    ("de", lambda: f"Postkonto {d(2)}-{d(5)}-{d(1)}, Zahlungszweck Rechnung {d(6)}"),
    ("de", lambda: f"Geschäftszahl 0{d(3)}/{d(6)}-{yr()}, Bezirkshauptmannschaft Graz-Umgebung"),
    ("sv", lambda: f"Bankgiro {d(3, '123456789')}-{d(4)}, OCR-referens {d(10)}"),
    ("sv", lambda: f"Plusgiro {d(2)} {d(2)} {d(2)}-{d(1)}"),
    ("sv", lambda: f"Organisationsnummer 55{d(4)}-{d(4)}"),
    ("en", lambda: f"VAT reg. GB {d(3)} {d(4)} {d(2)}"),
    ("en", lambda: f"NHS number {d(3, '456789')} {d(3)} {d(4)}. Please bring this letter to your appointment."),
    ("en", lambda: f"Policy ref 01{d(2)} {d(3)} {d(4)}, quote this on all correspondence."),
    ("en", lambda: f"MPRN {d(2)} {d(3)} {d(3)} {d(3)} (meter point reference) is printed on your ESB bill."),
    ("en", lambda: f"Claim #{d(3, '23456789')}-{d(3)}-{d(4)} was approved; payment of ${amt(',', '.')} issued {date_us()}."),
    ("en", lambda: f"Part {d(3, '23456789')}.{d(3)}.{d(4)}, qty {rng.randint(2, 40)}, bin A{d(2)}."),
    ("en", lambda: f"SIN {d(3, '123456789')} {d(3)} {d(3)} is on file with payroll."),
    ("en", lambda: f"PNR {d(10, '2345678')} for train 12951, coach B{rng.randint(1, 9)}, berth {rng.randint(1, 72)}."),
    ("en", lambda: f"Savings A/c {d(5, '6789')} {d(5)}, IFSC SBIN000{d(4)}"),
    ("en", lambda: f"Aadhaar {d(4, '23456789')} {d(4)} {d(4)} (masked copy attached)"),
    ("pt", lambda: f"Protocolo de atendimento: {d(2, '123456789')} {d(5, '9')}-{d(4)}. Guarde para consultas futuras."),
    ("pt", lambda: f"Pedido nº {d(4, '2345')}-{d(4)} entregue em {date_dmy('/')}."),
    ("pt", lambda: f"Inscrição estadual {d(3)}.{d(3)}.{d(3)}.{d(3)}"),
    ("es", lambda: f"Folio del trámite: 55 {d(4)} {d(4)}, consúltelo en la ventanilla."),
    ("es", lambda: f"Número de guía {d(3)} {d(3)} {d(4)}, paquetería Estafeta, entrega estimada {date_dmy('/')}"),
    ("es", lambda: f"CLABE interbancaria {d(3)} {d(3)} {d(11)} {d(1)}"),
    ("en", lambda: f"ABN {d(2, '123456789')} {d(3)} {d(3)} {d(3)}"),
    ("en", lambda: f"ACN 0{d(2)} {d(3)} {d(3)} (registered with ASIC)"),
    ("en", lambda: f"Invoice 04{d(2)} {d(3)} {d(3)}, due {date_dmy('/')}"),
    ("ja", lambda: f"会員番号：0{d(1, '789')}0-{d(4)}-{d(4)}（ポイントカード裏面に記載）"),
    ("ja", lambda: f"受付番号 03-{d(4)}-{d(4)} の件について、{date_cjk()}に回答します。"),
    ("zh", lambda: f"订单编号：1{d(2, '3456789')} {d(4)} {d(4)}，请在售后时提供。"),
    ("zh", lambda: f"发票代码 0{d(3)}-{d(8)}，开票日期 {date_iso()}"),
    ("fr", lambda: f"Montant HT : {d(1, '123456789')} {d(3)} {d(3)},{d(2)} €"),
    ("de", lambda: f"Zeitraum {date_dmy()}–{date_dmy()}, Zählerstand {d(5)} kWh"),
    ("it", lambda: f"Matricola INPS {d(10)}, posizione assicurativa aperta il {date_dmy('/')}"),
]


def negatives():
    rows = []
    hard = (NEG_HARD * 3)[:]
    rng.shuffle(hard)
    easy = NEG_EASY * 3
    rng.shuffle(easy)
    seen = set()
    picks = [(True, h) for h in hard[:N_HARD_NEGATIVES]] + \
            [(False, e) for e in easy[:N_NEGATIVES - N_HARD_NEGATIVES]]
    for is_hard, (lang, fn) in picks:
        for _ in range(20):
            text = fn()
            if text not in seen:
                break
        seen.add(text)
        rows.append(dict(region="NONE", text=text, value="", format="negative",
                         _hard=is_hard, _lang=lang))
    rng.shuffle(rows)
    return rows


def main():
    pos = positives()
    neg = negatives()
    texts = [r["text"] for r in pos + neg]
    assert len(texts) == len(set(texts)), "duplicate texts"
    with open(OUT, "w", encoding="utf-8") as f:
        for r in pos + neg:
            out = {k: r[k] for k in ("region", "text", "value", "format")}
            f.write(json.dumps(out, ensure_ascii=False) + "\n")

    # ---- verification & summary ----
    with open(OUT, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    for r in rows:
        assert list(r) == ["region", "text", "value", "format"]
        if r["format"] != "negative":
            assert r["text"].count(r["value"]) == 1, r
            n = phonenumbers.parse(r["value"], r["region"])
            assert phonenumbers.is_valid_number(n), r
    cnt = Counter((r["region"], r["format"]) for r in rows)
    for region in list(R) + ["NONE"]:
        print(region, {fmt: cnt[(region, fmt)] for fmt in ("national", "international", "negative")
                       if cnt[(region, fmt)]})
    nat = [r for r in rows if r["format"] == "national"]
    no_word = [r for r in nat if not has_phone_word(r["text"])]
    print("total", len(rows), "national", len(nat), "national without phone word", len(no_word))
    per = Counter(r["region"] for r in no_word)
    print("min per region without phone word:", min(per[r] for r in R))
    print("hard negatives", sum(r["_hard"] for r in neg), "negative languages",
          dict(Counter(r["_lang"] for r in neg)))
    # informational: how many negatives libphonenumber's matcher would flag
    lang_region = {"en": "US", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pl": "PL",
                   "sv": "SE", "pt": "BR", "ja": "JP", "zh": "CN"}
    flagged = sum(1 for r in neg if any(True for _ in phonenumbers.PhoneNumberMatcher(
        r["text"], lang_region[r["_lang"]], leniency=phonenumbers.Leniency.VALID)))
    print("negatives with a libphonenumber VALID match (informational):", flagged)


if __name__ == "__main__":
    main()
