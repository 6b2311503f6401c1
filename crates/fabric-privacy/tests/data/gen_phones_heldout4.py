"""Held-out phone-number test set #4 for the fabric-privacy PII detector.

Generates phones_heldout4.jsonl (next to this script): for each of 20 regions
(US CA GB DE FR ES IT NL CH AT BE SE PL IE IN BR MX AU JP CN) 25 positives in
national format (as locals write their own numbers: trunk prefix where used,
local grouping, brackets, dashes, dots, slashes, unbroken digits), 5 positives in
international format (+CC / 00CC with local grouping) and 15 negatives (order,
invoice, tracking and ticket numbers, national ids, tax ids, bank accounts,
amounts, dates/times, versions, ISBNs, serials, coordinates, addresses,
measurements).  Surrounding text is in the region's language: assistant memory
notes, tool results, e-mails, forum posts, support chats, pasted spreadsheets,
forms, SMS, vCards, pharmacy/doctor reminders.  Half of the positives contain no
phone word at all.  Every positive value is valid per `phonenumbers` for its
region, occurs once, and is the only number PhoneNumberMatcher(VALID) finds;
negatives are re-drawn until the matcher finds nothing (only labelled id/tax/bank
identifiers may remain, counted in the printed summary).

This set was written independently of the detector source and of all other data
sets in this directory. It is a HELD-OUT set: run the detector on it for its
figures only; never tune the detector against it.

Run: /tmp/phvenv/bin/python gen_phones_heldout4.py   (needs `phonenumbers`)
"""
import datetime as dt
import json
import os
import random
import re
from collections import Counter

import phonenumbers as pn
from phonenumbers import Leniency, PhoneNumberMatcher

SEED = 20250417
rng = random.Random(SEED)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "phones_heldout4.jsonl")


def K(prefixes, n, nat, intl):
    """A number kind: NSN prefixes, NSN length, national / international templates ('#' = NSN digit)."""
    return (prefixes.split(), n, nat.split("|"), intl.split("|"))


NANP_NAT = "(###) ###-####|###-###-####|###.###.####|##########|1-###-###-####|### ### ####|(###)###-####|1 (###) ###-####"
NANP_INT = "+1 ###-###-####|+1 (###) ###-####|+1 ### ### ####|+1.###.###.####|+1-###-###-####"
# region: cc, languages, kinds, names, (id label, shape), (tax label, shape), bank, amount, (date, time), address, centre
R = {
 "US": dict(lang=("en",), kinds=[K("212 415 312 617 206 512 303 404 713 602 919 615", 10, NANP_NAT, NANP_INT)],
            names="Emily Carter,Jacob Reyes,Priya Shah,Marcus Bell,Hannah Olsen,Tyler Brooks",
            id=("SSN", "%##-##-####"), tax=("EIN", "%#-#######"), bank="routing 0%####### acct %#########",
            amt=(",", ".", "${}"), dt=("%m/%d/%Y", "%I:%M %p"), addr="%### Maple Ave, Austin, TX 787##", c=(39.0, -98.0)),
 "CA": dict(lang=("en",), kinds=[K("416 647 514 438 604 778 403 613 902 306 780 519", 10, NANP_NAT, NANP_INT)],
            names="Chloé Tremblay,Liam MacDonald,Ava Singh,Noah Gagnon,Olivia Roy,Ethan Wong",
            id=("SIN", "%## ### ###"), tax=("Business Number", "%######## RT0001"), bank="transit %####, institution 00%, account %######",
            amt=(",", ".", "${} CAD"), dt=("%Y-%m-%d", "%H:%M"), addr="%## King St W, Toronto, ON M5V #@#", c=(45.4, -75.7)),
 "GB": dict(lang=("en",), kinds=[
     K("20", 10, "0## #### ####|(0##) #### ####|0##########|0## ####-####|0##-####-####", "+44 ## #### ####|+44 (0)## #### ####|0044 ## #### ####"),
     K("71 73 74 75 77 78 79", 10, "0#### ######|0#### ### ###|0##########|(0####) ######|0####-######", "+44 #### ######|+44 (0)#### ######|0044 #### ### ###"),
     K("161 121 113 131 117 141 114 151", 10, "0### ### ####|(0###) ### ####|0###-###-####|0##########", "+44 ### ### ####|+44 (0)### ### ####")],
            names="Oliver Hughes,Amelia Clarke,Harry Patel,Isla Morgan,George Evans,Poppy Ward",
            id=("NI number", "@@ ## ## ## C"), tax=("UTR", "%#### #####"), bank="sort code ##-##-##, account %#######",
            amt=(",", ".", "£{}"), dt=("%d/%m/%Y", "%H:%M"), addr="%# Church Lane, Leeds LS% #@@", c=(53.0, -1.5)),
 "IE": dict(lang=("en",), kinds=[
     K("1", 8, "0# ### ####|(0#) ### ####|0#-#######|0# #######", "+353 # ### ####|+353 (0)# ### ####|00353 # #######"),
     K("21 91 61 51 41", 9, "0## ### ####|(0##) ### ####|0##-#######|0## #######", "+353 ## ### ####|00353 ## #######"),
     K("83 85 86 87 89", 9, "0## ### ####|0## #######|0##-###-####|0#########|(0##) ### ####", "+353 ## ### ####|+353 (0)## ### ####|00353 ## ### ####")],
            names="Aoife Murphy,Seán O'Brien,Niamh Kelly,Cian Byrne,Siobhán Walsh,Darragh Ryan",
            id=("PPSN", "%######@"), tax=("VAT no.", "IE%######@"), bank="IE%# AIBK 9%## #### #### ##",
            amt=(",", ".", "€{}"), dt=("%d/%m/%Y", "%H:%M"), addr="%# Main Street, Cork T12 @%@%", c=(53.3, -6.3)),
 "AU": dict(lang=("en",), kinds=[
     K("2 3 7 8", 9, "(0#) #### ####|0# #### ####|0#-####-####|0#########|(0#)####-####", "+61 # #### ####|+61 (0)# #### ####|+61-#-####-####"),
     K("4", 9, "0### ### ###|0#########|0### ######|0# #### ####|0###-###-###", "+61 ### ### ###|+61 #########|+61 (0)### ### ###")],
            names="Jack Nguyen,Charlotte Smith,Lachlan Brown,Mia Wilson,Cooper Taylor,Zoe Martin",
            id=("TFN", "%## ### ###"), tax=("ABN", "%# ### ### ###"), bank="BSB 06%-%## acct %### ####",
            amt=(",", ".", "${}"), dt=("%d/%m/%Y", "%I:%M %p"), addr="%# George St, Sydney NSW 2###", c=(-33.9, 151.2)),
 "IN": dict(lang=("en",), kinds=[
     K("98 97 99 90 91 93 94 95 96 70 73 74 75 77 78 79 80 81 84 85 86 87 88 89 62 63", 10,
       "##### #####|0##### #####|0##########|##########|###-###-####|0-##########|#####-#####", "+91 ##### #####|+91-##########|0091 ##### #####|+91 ###-###-####"),
     K("22 11 80 44 33 40 20", 10, "0##-########|0## #### ####|(0##) ########|0##-#### ####|0## ########", "+91 ## #### ####|+91-##-########|0091 ## ########")],
            names="Ananya Iyer,Rohan Mehta,Priya Nair,Arjun Reddy,Kavya Sharma,Vikram Singh",
            id=("Aadhaar", "%### #### ####"), tax=("PAN", "@@@@@%###@"), bank="A/c %########### IFSC SBIN00%####",
            amt=("lakh", ".", "₹{}"), dt=("%d-%m-%Y", "%I:%M %p"), addr="Flat %##, Sector %#, Noida 201%##", c=(20.0, 78.0)),
 "DE": dict(lang=("de",), kinds=[
     K("30 40 89 69", 10, "0## ########|0##/########|(0##) ########|0##-########|0## #### ####|0## / ### ### ##", "+49 ## ########|+49 (0)## ########|0049 ## #### ####|+49-##-########"),
     K("221 211 711 911 511 351 341 228 421", 10, "0### #######|0###/#######|(0###) ### ## ##|0###-#######|0### / ### ## ##|0##########", "+49 ### #######|+49 (0)### #######|0049 ### ### ####"),
     K("151 152 157 159 160 162 163 170 171 172 173 175 176 177 178 179", 11,
       "0### ########|0###-########|0###/########|0### #### ####|(0###) ########|0###########", "+49 ### ########|+49 (0)### ########|0049 ### ########|+49 ### #### ####")],
            names="Anna Schneider,Lukas Becker,Miriam Vogel,Jonas Hoffmann,Sabine Krüger,Tobias Wolf",
            id=("Steuer-ID", "%# ### ### ###"), tax=("USt-IdNr.", "DE%########"), bank="DE%# #### #### #### #### ##",
            amt=(".", ",", "{} €"), dt=("%d.%m.%Y", "%H:%M"), addr="Lindenstraße %#, 1%### Berlin", c=(51.5, 10.0)),
 "AT": dict(lang=("de",), kinds=[
     K("1", 8, "0# ### ####|0#/#######|(0#) #######|0# #######|0#-### ## ##", "+43 # #######|+43 (0)# ### ####|0043 # #######"),
     K("316 732 662 512 463", 9, "0### ######|0###/######|(0###) ######|0### ## ## ##|0###-######", "+43 ### ######|0043 ### ######"),
     K("650 660 664 676 680 681 688 699", 10, "0### #######|0###/#######|0### ### ####|0###-#######|(0###) #######|0##########", "+43 ### #######|+43 (0)### #######|0043 ### ### ####")],
            names="Katharina Huber,Florian Gruber,Lena Wagner,Stefan Pichler,Julia Steiner,Markus Moser",
            id=("SV-Nummer", "%### %#####"), tax=("UID", "ATU%#######"), bank="AT%# #### #### #### ####",
            amt=(".", ",", "€ {}"), dt=("%d.%m.%Y", "%H:%M"), addr="Mariahilfer Straße %##, 10%0 Wien", c=(47.6, 14.5)),
 "CH": dict(lang=("de",), kinds=[
     K("44 43 31 61 21 22 41 71 52 32", 9, "0## ### ## ##|0##/### ## ##|0#########|0## ###-##-##|0##.###.##.##", "+41 ## ### ## ##|+41 (0)## ### ## ##|0041 ## ### ## ##"),
     K("76 77 78 79", 9, "0## ### ## ##|0#########|0##/###.##.##|0## ### ####|0##-###-##-##", "+41 ## ### ## ##|0041 ## ### ## ##|+41 (0)## ### ## ##")],
            names="Reto Meier,Nadine Keller,Urs Brunner,Corinne Baumann,Beat Frei,Simone Gerber",
            id=("AHV-Nr.", "756.####.####.##"), tax=("UID", "CHE-%##.###.###"), bank="CH%# #### #### #### #### #",
            amt=("'", ".", "CHF {}"), dt=("%d.%m.%Y", "%H:%M"), addr="Bahnhofstrasse %#, 80%# Zürich", c=(46.9, 8.2)),
 "FR": dict(lang=("fr",), kinds=[K("1 2 3 4 5 6 7 9", 9, "0# ## ## ## ##|0#.##.##.##.##|0#-##-##-##-##|0#########|0# ## ## ## ##",
                                     "+33 # ## ## ## ##|+33 (0)# ## ## ## ##|0033 # ## ## ## ##|+33#########|+33 #.##.##.##.##")],
            names="Camille Laurent,Julien Moreau,Chloé Girard,Mathieu Fontaine,Léa Rousseau,Nicolas Mercier",
            id=("N° de sécurité sociale", "% ## ## ## ### ### ##"), tax=("SIRET", "%## ### ### #####"), bank="FR76 #### #### #### #### #### ###",
            amt=(" ", ",", "{} €"), dt=("%d/%m/%Y", "%Hh%M"), addr="%# rue de la République, 690%# Lyon", c=(46.5, 2.5)),
 "BE": dict(lang=("fr", "nl"), kinds=[
     K("2 3 4 9", 8, "0# ### ## ##|0#/###.##.##|0#-###-##-##|0########|0# ### ####", "+32 # ### ## ##|0032 # ### ## ##|+32 (0)# ### ## ##"),
     K("470 471 472 473 474 475 476 477 478 479 484 485 486 487 488 489 491 492 493 494 495 496 497 498 499", 9,
       "0### ## ## ##|0###/##.##.##|0### ######|0### ### ###|0#########|0###/## ## ##", "+32 ### ## ## ##|0032 ### ## ## ##|+32 (0)### ## ## ##"),
     K("10 11 13 14 15 16 50 51 56 59 64 67 71 81 85 87", 8, "0## ## ## ##|0##/## ## ##|0##-##.##.##|0## ######", "+32 ## ## ## ##")],
            names="Lotte Peeters,Thomas Dubois,Sarah Janssens,Maxime Lambert,Pieter Maes,Julie Claes",
            id=("Rijksregisternummer/NN", "%#.##.##-###.##"), tax=("BTW/TVA", "BE 0%##.###.###"), bank="BE%# #### #### ####",
            amt=(".", ",", "€ {}"), dt=("%d/%m/%Y", "%H:%M"), addr="Rue Neuve %##, 1%#0 Bruxelles", c=(50.6, 4.5)),
 "NL": dict(lang=("nl",), kinds=[
     K("20 10 70 30 40 50", 9, "0##-#######|0## ### ####|(0##) ### ## ##|0##-### ## ##|0#########", "+31 ## ### ####|+31 (0)## ### ####|0031 ## #######"),
     K("314 499 492 318 575 541", 9, "0###-######|0### ## ## ##|(0###) ######|0### ######", "+31 ### ######|0031 ### ## ## ##"),
     K("6", 9, "0#-########|0# ########|0# #### ####|0#-## ## ## ##|(0#) ########|0#########", "+31 # ########|+31 (0)# ########|0031 # ## ## ## ##|+31 # #### ####")],
            names="Sanne de Vries,Daan Jansen,Femke Bakker,Bram Visser,Lotte Smit,Ruben Meijer",
            id=("BSN", "%########"), tax=("btw-id", "NL%########B01"), bank="NL%# INGB 0%## #### ##",
            amt=(".", ",", "€ {}"), dt=("%d-%m-%Y", "%H:%M"), addr="Prinsengracht %##, 10%# @@ Amsterdam", c=(52.2, 5.3)),
 "ES": dict(lang=("es",), kinds=[
     K("91 93 95 96 94 98 97 92", 9, "### ### ###|## ### ## ##|#########|###-###-###|(##) ### ## ##|## #######", "+34 ### ### ###|+34 ## ### ## ##|0034 #########|(+34) ### ### ###"),
     K("6 7", 9, "### ## ## ##|### ### ###|#########|###-##-##-##|###.###.###", "+34 ### ## ## ##|+34 ### ### ###|0034 ### ### ###")],
            names="Lucía García,Javier Martín,Marta Sánchez,Pablo Romero,Elena Navarro,Sergio Ortega",
            id=("DNI", "%#######@"), tax=("NIF", "B%#######"), bank="ES%# #### #### ## ##########",
            amt=(".", ",", "{} €"), dt=("%d/%m/%Y", "%H:%M"), addr="Calle Mayor %#, 280%# Madrid", c=(40.4, -3.7)),
 "MX": dict(lang=("es",), kinds=[
     K("55 33 81", 10, "## #### ####|(##) ####-####|##-####-####|##########|(##) #### ####|## ## ## ## ##", "+52 ## #### ####|+52 (##) ####-####|0052 ## #### ####"),
     K("222 442 477 664 999 614 656 449", 10, "### ### ####|(###) ###-####|###-###-####|##########|(###) ### ####", "+52 ### ### ####|+52 (###) ###-####")],
            names="Fernanda López,Diego Hernández,Valeria Ramírez,Alejandro Torres,Ximena Flores,Luis Gutiérrez",
            id=("CURP", "@@@@######@@@@@@%#"), tax=("RFC", "@@@@######@@#"), bank="CLABE 0%# ### ########### #",
            amt=(",", ".", "${} MXN"), dt=("%d/%m/%Y", "%H:%M"), addr="Av. Insurgentes Sur %###, Col. Del Valle, 03%## CDMX", c=(21.0, -101.0)),
 "IT": dict(lang=("it",), kinds=[
     K("06 02", 10, "## #### ####|##-########|##/########|(##) ########|##########|## ########", "+39 ## #### ####|0039 ## ########|+39 ##-########"),
     K("011 081 055 051 010 041 091", 10, "### ### ####|###-#######|###/#######|(###) #######|### #######", "+39 ### ### ####|0039 ### #######"),
     K("320 328 333 338 340 347 348 349 366 380 388 393 331 335", 10, "### ### ####|###-#######|###/#######|##########|### #######|### ## ## ###", "+39 ### ### ####|+39 ### #######|0039 ##########")],
            names="Giulia Rossi,Marco Bianchi,Chiara Ferrari,Luca Esposito,Francesca Romano,Davide Colombo",
            id=("Codice fiscale", "@@@@@@##@##@###@"), tax=("P.IVA", "%##########"), bank="IT%# @ ##### ##### ############",
            amt=(".", ",", "€ {}"), dt=("%d/%m/%Y", "%H:%M"), addr="Via Roma %#, 201%# Milano", c=(43.0, 12.0)),
 "SE": dict(lang=("sv",), kinds=[
     K("8", 9, "0#-### ### ##|0#-## ## ## ##|0# ### ### ##|0#-########|0#-### ## ###", "+46 # ### ### ##|+46 (0)# ### ### ##|0046 # ## ## ## ##"),
     K("31 40 18 13 19 60", 9, "0##-### ## ##|0## ### ## ##|0##-#######|(0##) ### ## ##", "+46 ## ### ## ##|0046 ## ### ## ##"),
     K("70 72 73 76 79", 9, "0##-### ## ##|0## ### ## ##|0##-#######|0#########|0##-### ### #", "+46 ## ### ## ##|+46 (0)## ### ## ##|0046 ## ### ## ##|+46 #########")],
            names="Elin Johansson,Oskar Lindqvist,Maja Karlsson,Erik Nilsson,Saga Berg,Viktor Holm",
            id=("Personnummer", "%#####-####"), tax=("Org.nr", "55####-####"), bank="SE%# #### #### #### #### ####",
            amt=(" ", ",", "{} kr"), dt=("%Y-%m-%d", "%H:%M"), addr="Storgatan %#, 1%# %# Stockholm", c=(60.0, 15.5)),
 "PL": dict(lang=("pl",), kinds=[
     K("22 12 71 61 58 42 32 81", 9, "## ### ## ##|(##) ### ## ##|## ###-##-##|(##) ###-##-##|#########", "+48 ## ### ## ##|0048 ## ### ## ##|+48 (##) ### ## ##"),
     K("50 51 53 57 60 66 69 72 73 78 79 88", 9, "### ### ###|###-###-###|#########|### ## ## ##|###.###.###", "+48 ### ### ###|0048 ### ### ###|+48 ###-###-###")],
            names="Katarzyna Nowak,Piotr Kowalski,Agnieszka Wiśniewska,Tomasz Wójcik,Magdalena Kamińska,Paweł Lewandowski",
            id=("PESEL", "%##########"), tax=("NIP", "%##-###-##-##"), bank="PL%# #### #### #### #### #### ####",
            amt=(" ", ",", "{} zł"), dt=("%d.%m.%Y", "%H:%M"), addr="ul. Marszałkowska %#, 00-%## Warszawa", c=(52.0, 19.5)),
 "BR": dict(lang=("pt",), kinds=[
     K("11 21 31 41 51 61 71 81 19 48 85 62", 10, "(##) ####-####|## ####-####|(##)####-####|(0##) ####-####|## ########|##########", "+55 ## ####-####|+55 (##) ####-####"),
     K("119 219 319 419 519 619 719 819 199 489 859 629", 11, "(##) #####-####|## #####-####|(##) # ####-####|(##)#####-####|(0##) #####-####|###########|## # ####-####",
       "+55 ## #####-####|+55 (##) #####-####|+55 ## # ####-####|+55###########")],
            names="Ana Souza,Rafael Oliveira,Juliana Santos,Thiago Lima,Camila Ferreira,Bruno Carvalho",
            id=("CPF", "%##.###.###-##"), tax=("CNPJ", "%#.###.###/0001-##"), bank="agência %###-#, conta %####-#",
            amt=(".", ",", "R$ {}"), dt=("%d/%m/%Y", "%Hh%M"), addr="Rua Augusta, %###, São Paulo - SP, 01%##-###", c=(-15.0, -48.0)),
 "JP": dict(lang=("ja",), kinds=[
     K("3 6", 9, "0#-####-####|(0#)####-####|0#(####)####|0# #### ####|0#########|FW:0#-####-####", "+81 #-####-####|+81 # #### ####|+81-#-####-####"),
     K("45 11 52 92 75 78 22", 9, "0##-###-####|0##(###)####|(0##)###-####|0## ### ####", "+81 ##-###-####|+81 ## ### ####"),
     K("90 80 70", 10, "0##-####-####|0##########|0## #### ####|0##(####)####|FW:0##-####-####", "+81 ##-####-####|+81 ## #### ####|+81-##-####-####"),
     K("120", 9, "0###-###-###|0###(###)###|0### ### ###", "+81 ###-###-###")],
            names="佐藤,鈴木,高橋,田中,伊藤,山本",
            id=("マイナンバー", "%### #### ####"), tax=("法人番号", "%############"), bank="三井住友銀行 渋谷支店 普通 %######",
            amt=(",", None, "¥{}"), dt=("%Y年%m月%d日", "%H:%M"), addr="〒150-00%# 東京都渋谷区神南%-%-%", c=(36.0, 138.5)),
 "CN": dict(lang=("zh",), kinds=[
     K("10 21 20 22 28 23 24 27", 10, "0##-########|(0##)########|0## #### ####|0##-#### ####|0##########", "+86 ## #### ####|+86-##-########|0086 ## ########"),
     K("755 571 512 769 757 531 532", 11, "0###-########|(0###)########|0### ########|0###-#### ####", "+86 ### #### ####"),
     K("138 139 135 136 150 151 158 186 187 188 177 199 133 189 181", 11, "### #### ####|###-####-####|###########|### ########",
       "+86 ### #### ####|+86-###-####-####|0086 ###########|+86 ###########")],
            names="王芳,李伟,张敏,刘洋,陈静,杨磊",
            id=("身份证号", "%#####19##########"), tax=("统一社会信用代码", "91%#####@@@@@@@@@@"), bank="6222 0%## #### #### ###",
            amt=(",", ".", "¥{}"), dt=("%Y年%m月%d日", "%H:%M"), addr="北京市朝阳区建国路%#号院%号楼 邮编1000%#", c=(32.0, 112.0)),
}

# Phone words (incl. common cue words) per language; a "quiet" positive must match none of them.
PW = {
 "en": r"\btel|phone|\bcall|mobile|\bcell|\bfax|number|contact|\bring|\bdial|landline|whats ?app|hotline|\bsms|\bph\b|\bmob\b|\btext",
 "de": r"\btel|telefon|\bfon\b|handy|mobil|anruf|ruf|\bfax|nummer|\bnr\b|kontakt|festnetz|durchwahl|erreichbar|whatsapp|\bsms",
 "fr": r"\bt[ée]l|t[ée]l[ée]phon|appel|portable|mobile|\bfixe|\bfax|num[ée]ro|\bn°|contact|joindre|whatsapp|\bsms|\bgsm",
 "es": r"\btel|tel[ée]fono|ll[aá]m|m[óo]vil|celular|\bcel\b|\bfijo|\bfax|n[úu]mero|\bnúm|contacto|whatsapp|marcar|\bsms",
 "it": r"\btel|telefon|chiam|cellulare|\bcell\b|fisso|\bfax|numero|\bn\.|contatt|recapito|squill|whatsapp|\bsms",
 "nl": r"\btel|telefoon|\bbel\b|bellen|mobiel|nummer|\bnr\b|\bfax|contact|\bgsm|\bsms|whatsapp",
 "sv": r"\btel|telefon|\bring|mobil|nummer|\bnr\b|\bfax|kontakt|\bsms|whatsapp",
 "pl": r"\btel|telefon|dzwon|dzwoń|komórk|numer|\bnr\b|\bfax|kontakt|\bsms|whatsapp",
 "pt": r"\btel|telefon|\blig|celular|\bcel\b|\bfixo|\bfax|n[úu]mero|\bnº|contato|whats|\bzap|\bsms",
 "ja": r"電話|tel|携帯|ケータイ|番号|連絡|fax|ファックス|問い?合わ?せ|コール|sms",
 "zh": r"电话|手机|号码|联系|致电|来电|拨打|传真|座机|热线|电联|短信|tel|call",
}
PW = {k: re.compile(v, re.I) for k, v in PW.items()}

VC_T = "BEGIN:VCARD\nVERSION:3.0\nFN:{N}\nTEL;TYPE=VOICE:{P}\nEND:VCARD"
VC_Q = "BEGIN:VCARD\nVERSION:3.0\nFN:{N}\nORG:{O}\nNOTE:{P}\nEND:VCARD"
# Positive contexts: (with phone word, quiet).  {P} phone, {N} name, {D} date, {T} time, {O} organisation.
POS = {
 "en": ([
   "User's dentist: Dr. {N}, phone {P}. Prefers morning slots.", "Remember to call back {N} about the lease renewal – {P}, any time after {T}.",
   'tool_result: {"name": "{N}", "phone": "{P}", "verified": true}', "From: {N}\nSubject: Re: quote for the roof\n\nHi, best to reach me on my mobile, {P}. Thanks!",
   VC_T, "[support chat] Agent: Could you confirm the number on the account?\n[support chat] Customer: sure, it's {P}", "Pharmacy reminder: your prescription is ready for pickup from {D}. Questions? Call {P}.", "Name\tRole\tPhone\n{N}\tPlumber\t{P}",
   "Forum post by {N}: selling my old bike, text or call {P}, pickup only.", "Form submission — full_name: {N}; contact_number: {P}; preferred_time: {T}",
   "SMS from {N}: new cell is {P}, save it pls", "Appointment confirmed with Dr. {N} on {D} at {T}. To reschedule, phone the clinic on {P}.", "User asked me to store their landlord's details: {N}, tel. {P}"], [
   "User's dentist: Dr. {N} – {P}. Prefers morning slots.", "Note to self: {N} (landlord) {P}",
   'tool_result: {"title": "{N} Plumbing", "rating": 4.7, "info": "{P}", "open_now": true}', "From: {N}\nSubject: Re: Saturday\n\nSounds good! If anything changes just ping me at {P}.\n\nCheers",
   VC_Q, "{N}\t{P}\tBabysitter\tWed/Fri", "Reminder: Dr. {N}'s office, {D} at {T}. Bring insurance card. {P}", "Anyone know a good electrician? We used {N} last year, {P}, fair prices.", "Emergency vet (24h): {P}", "Babysitter {N} — {P} — 18/hr",
   "school office {P} (absences before 9am)", "Kid's school nurse is {N}, {P}", "memory: user's mum lives in the care home on Elm Rd; front desk {P}; visiting 2-5"]), "de": ([
   "Zahnarzt des Nutzers: Dr. {N}, Tel. {P}, bevorzugt Termine vormittags.", "Bitte {N} zurückrufen wegen der Nebenkostenabrechnung: {P}",
   'tool_result: {"name": "{N}", "telefon": "{P}"}', "Von: {N}\nBetreff: AW: Angebot Dachsanierung\n\nHallo, am besten erreichen Sie mich mobil unter {P}.\nViele Grüße",
   VC_T, "Kunde: meine Handynummer hat sich geändert, neu ist {P}\nMitarbeiter: Danke, ist aktualisiert.", "Ihr Rezept liegt ab {D} zur Abholung bereit. Rückfragen unter Telefon {P}. Ihre Apotheke", "Name\tFunktion\tTelefon\n{N}\tHausmeister\t{P}",
   "Formular: Vor-/Nachname: {N} | Telefonnummer: {P} | Rückruf ab {T}", "SMS von {N}: Hab ne neue Nummer: {P}"], [
   "Zahnarzt des Nutzers: Dr. {N}, {P}, bevorzugt Termine vormittags.", "Notiz: Hausmeister {N} – {P}", 'tool_result: {"praxis": "Dr. {N}", "bewertung": 4.6, "info": "{P}"}', "Von: {N}\nBetreff: Samstag\n\nPasst! Falls was ist: {P}\n\nLG",
   VC_Q, "{N}\t{P}\tBabysitter\tMi+Fr", "Erinnerung: Termin bei Dr. {N} am {D} um {T} Uhr. Versichertenkarte mitbringen! {P}",
   "Kann jemand einen Elektriker empfehlen? {N} war bei uns super, {P}, faire Preise.", "Tierärztlicher Notdienst (24h): {P}", "Kita-Büro {P} (Krankmeldung bis 8:30)"]), "fr": ([
   "Dentiste de l'utilisateur : Dr {N}, tél. {P}, préfère le matin.", "Rappeler {N} pour le bail – {P} après {T}",
   'tool_result: {"nom": "{N}", "telephone": "{P}"}', "De : {N}\nObjet : RE: devis toiture\n\nBonjour, le plus simple est de me joindre sur mon portable au {P}.\nCordialement",
   VC_T, "Client : j'ai changé de numéro, le nouveau c'est {P}\nConseiller : c'est noté, merci.", "Votre ordonnance est prête à partir du {D}. Pour toute question, appelez le {P}. Votre pharmacie", "Nom\tFonction\tTéléphone\n{N}\tGardien\t{P}",
   "Formulaire — nom : {N} ; numéro de téléphone : {P} ; rappel souhaité : {T}", "SMS de {N} : nouveau numéro {P}, enregistre-le"], [
   "Dentiste de l'utilisateur : Dr {N}, {P}, préfère le matin.", "Note : gardien de l'immeuble, {N} – {P}", 'tool_result: {"cabinet": "Dr {N}", "avis": 4.6, "infos": "{P}"}', "De : {N}\nObjet : samedi\n\nÇa marche ! Au cas où : {P}\n\nBises",
   VC_Q, "{N}\t{P}\tBaby-sitter\tmer./ven.", "Pense-bête : RDV chez le Dr {N} le {D} à {T}. Apporter la carte de mutuelle. {P}",
   "Quelqu'un connaît un bon électricien ? {N} a refait notre tableau, {P}, prix corrects.", "Vétérinaire de garde (24h/24) : {P}", "Secrétariat de l'école {P} (absences avant 8h30)"]), "es": ([
   "Dentista del usuario: Dr. {N}, tel. {P}, prefiere citas por la mañana.", "Devolver la llamada a {N} por lo del alquiler: {P}",
   'tool_result: {"nombre": "{N}", "telefono": "{P}"}', "De: {N}\nAsunto: RE: presupuesto tejado\n\nHola, mejor llámame directamente al {P}.\nSaludos", VC_T, "Cliente: cambié de número, el nuevo es {P}\nAgente: listo, actualizado.",
   "Su receta estará lista el {D}. Dudas al teléfono {P}. Su farmacia", "Nombre\tCargo\tTeléfono\n{N}\tConserje\t{P}", "Formulario — nombre: {N}; número de contacto: {P}; horario: {T}", "SMS de {N}: este es mi nuevo número {P}, guárdalo"], [
   "Dentista del usuario: Dr. {N}, {P}, prefiere citas por la mañana.", "Nota: portero del edificio, {N} – {P}",
   'tool_result: {"consultorio": "Dr. {N}", "valoracion": 4.6, "info": "{P}"}', "De: {N}\nAsunto: sábado\n\n¡Perfecto! Por si acaso: {P}\n\nUn abrazo",
   VC_Q, "{N}\t{P}\tNiñera\tmié/vie", "Recordatorio: cita con el Dr. {N} el {D} a las {T}. Traer tarjeta sanitaria. {P}",
   "¿Alguien conoce un buen electricista? {N} nos arregló el cuadro, {P}, precio justo.", "Veterinario de urgencias 24 h: {P}", "Secretaría del colegio {P} (faltas antes de las 9)"]), "it": ([
   "Dentista dell'utente: dott. {N}, tel. {P}, preferisce la mattina.", "Richiamare {N} per il contratto d'affitto: {P}",
   'tool_result: {"nome": "{N}", "telefono": "{P}"}', "Da: {N}\nOggetto: R: preventivo tetto\n\nBuongiorno, mi trova sul cellulare al {P}.\nCordiali saluti", VC_T, "Cliente: ho cambiato numero, il nuovo è {P}\nOperatore: fatto, aggiornato.",
   "La sua ricetta sarà pronta dal {D}. Per informazioni telefonare al {P}. La sua farmacia", "Nome\tRuolo\tTelefono\n{N}\tPortiere\t{P}",
   "Modulo — nome: {N}; recapito telefonico: {P}; fascia oraria: {T}", "SMS da {N}: questo è il mio nuovo numero {P}, salvalo"], [
   "Dentista dell'utente: dott. {N}, {P}, preferisce la mattina.", "Nota: portinaio del palazzo, {N} – {P}", 'tool_result: {"studio": "Dott. {N}", "voto": 4.6, "info": "{P}"}', "Da: {N}\nOggetto: sabato\n\nPerfetto! Nel caso: {P}\n\nUn abbraccio",
   VC_Q, "{N}\t{P}\tBabysitter\tmer/ven", "Promemoria: visita dal dott. {N} il {D} alle {T}. Portare la tessera sanitaria. {P}",
   "Qualcuno conosce un buon elettricista? {N} ci ha rifatto il quadro, {P}, prezzi onesti.", "Veterinario di turno 24h: {P}", "Segreteria della scuola {P} (assenze entro le 8:30)"]), "nl": ([
   "Tandarts van de gebruiker: dr. {N}, tel. {P}, liefst 's ochtends.", "{N} terugbellen over het huurcontract: {P}",
   'tool_result: {"naam": "{N}", "telefoon": "{P}"}', "Van: {N}\nOnderwerp: RE: offerte dak\n\nHoi, bel me gerust op mijn mobiel: {P}.\nGroet", VC_T, "Klant: ik heb een nieuw nummer, het is {P}\nMedewerker: dank u, aangepast.",
   "Uw recept ligt vanaf {D} klaar. Vragen? Bel {P}. Uw apotheek", "Naam\tFunctie\tTelefoon\n{N}\tConciërge\t{P}", "Formulier — naam: {N}; telefoonnummer: {P}; terugbellen na: {T}", "Sms van {N}: dit is mijn nieuwe nummer {P}, sla je het op?"], [
   "Tandarts van de gebruiker: dr. {N}, {P}, liefst 's ochtends.", "Notitie: huisbaas {N} – {P}", 'tool_result: {"praktijk": "dr. {N}", "score": 4.6, "info": "{P}"}', "Van: {N}\nOnderwerp: zaterdag\n\nPrima! Voor het geval dat: {P}\n\nGroetjes",
   VC_Q, "{N}\t{P}\toppas\two/vr", "Herinnering: afspraak bij dr. {N} op {D} om {T}. Verzekeringspas meenemen. {P}",
   "Kent iemand een goede elektricien? {N} heeft onze meterkast gedaan, {P}, nette prijs.", "Dierenarts spoeddienst (24 uur): {P}", "Administratie school {P} (ziekmelden voor 8.30 uur)"]), "sv": ([
   "Användarens tandläkare: dr {N}, tel. {P}, helst förmiddagar.", "Ring tillbaka till {N} om hyreskontraktet: {P}", 'tool_result: {"namn": "{N}", "telefon": "{P}"}', "Från: {N}\nÄmne: SV: offert tak\n\nHej, enklast att nå mig på mobilen: {P}.\nMvh",
   VC_T, "Kund: jag har nytt nummer, det är {P}\nHandläggare: tack, uppdaterat.", "Ditt recept kan hämtas från {D}. Frågor? Ring {P}. Ditt apotek", "Namn\tRoll\tTelefon\n{N}\tFastighetsskötare\t{P}",
   "Formulär — namn: {N}; telefonnummer: {P}; nås bäst efter: {T}", "Sms från {N}: mitt nya nummer är {P}, spara det"], [
   "Användarens tandläkare: dr {N}, {P}, helst förmiddagar.", "Anteckning: hyresvärd {N} – {P}", 'tool_result: {"mottagning": "dr {N}", "betyg": 4.6, "info": "{P}"}', "Från: {N}\nÄmne: lördag\n\nLåter bra! Ifall något händer: {P}\n\nKram",
   VC_Q, "{N}\t{P}\tbarnvakt\tons/fre", "Påminnelse: besök hos dr {N} den {D} kl. {T}. Ta med legitimation. {P}",
   "Någon som vet en bra elektriker? {N} fixade vår elcentral, {P}, schyssta priser.", "Jourveterinär dygnet runt: {P}", "Skolans expedition {P} (sjukanmälan före 8.00)"]), "pl": ([
   "Dentysta użytkownika: dr {N}, tel. {P}, woli terminy rano.", "Oddzwonić do {N} w sprawie umowy najmu: {P}",
   'tool_result: {"imie_nazwisko": "{N}", "telefon": "{P}"}', "Od: {N}\nTemat: RE: wycena dachu\n\nDzień dobry, najlepiej dzwonić na komórkę: {P}.\nPozdrawiam", VC_T, "Klient: zmieniłem numer, nowy to {P}\nKonsultant: dziękuję, zaktualizowane.",
   "Recepta do odbioru od {D}. Pytania? Zadzwoń: {P}. Twoja apteka", "Imię i nazwisko\tFunkcja\tTelefon\n{N}\tDozorca\t{P}", "Formularz — imię i nazwisko: {N}; numer telefonu: {P}; kontakt po: {T}", "SMS od {N}: mój nowy numer to {P}, zapisz"], [
   "Dentysta użytkownika: dr {N}, {P}, woli terminy rano.", "Notatka: administrator budynku {N} – {P}", 'tool_result: {"gabinet": "dr {N}", "ocena": 4.6, "info": "{P}"}', "Od: {N}\nTemat: sobota\n\nPasuje! Gdyby coś: {P}\n\nŚciskam",
   VC_Q, "{N}\t{P}\tniania\tśr/pt", "Przypomnienie: wizyta u dr. {N} {D} o {T}. Zabrać dowód osobisty. {P}",
   "Zna ktoś dobrego elektryka? {N} robił u nas rozdzielnię, {P}, uczciwe ceny.", "Całodobowa przychodnia weterynaryjna: {P}", "Sekretariat szkoły {P} (nieobecności do 8:00)"]), "pt": ([
   "Dentista do usuário: Dr. {N}, tel. {P}, prefere horários de manhã.", "Retornar a ligação para {N} sobre o aluguel: {P}",
   'tool_result: {"nome": "{N}", "telefone": "{P}"}', "De: {N}\nAssunto: RE: orçamento telhado\n\nOlá, melhor me chamar no celular: {P}.\nAbs", VC_T, "Cliente: troquei de número, o novo é {P}\nAtendente: pronto, atualizado.",
   "Sua receita estará disponível a partir de {D}. Dúvidas, ligue {P}. Sua farmácia", "Nome\tFunção\tTelefone\n{N}\tZelador\t{P}",
   "Formulário — nome: {N}; telefone para contato: {P}; melhor horário: {T}", "SMS de {N}: esse é meu número novo {P}, salva aí"], [
   "Dentista do usuário: Dr. {N}, {P}, prefere horários de manhã.", "Anotação: síndico do prédio, {N} – {P}", 'tool_result: {"clinica": "Dr. {N}", "nota": 4.6, "info": "{P}"}', "De: {N}\nAssunto: sábado\n\nFechado! Qualquer coisa: {P}\n\nBeijos",
   VC_Q, "{N}\t{P}\tbabá\tqua/sex", "Lembrete: consulta com Dr. {N} em {D} às {T}. Levar carteirinha do convênio. {P}",
   "Alguém indica um eletricista bom? O {N} fez o quadro aqui de casa, {P}, preço justo.", "Veterinário 24 horas: {P}", "Secretaria da escola {P} (faltas até 7h30)"]), "ja": ([
   "ユーザーの歯医者：{N}先生、電話 {P}、午前希望。", "{N}さんに折り返し電話する（賃貸契約の件）：{P}", 'tool_result: {"名前": "{N}", "電話番号": "{P}"}', "差出人: {N}\n件名: Re: 屋根の見積もり\n\nお世話になっております。お電話は {P} までお願いいたします。",
   VC_T, "お客様：電話番号が変わりました。新しいのは{P}です\n担当者：ありがとうございます、更新しました。", "処方せんのお薬は{D}以降お受け取りいただけます。お問い合わせ：{P}　さくら薬局", "氏名\t役割\t電話\n{N}\t管理人\t{P}",
   "フォーム — 氏名：{N}／電話番号：{P}／連絡希望時間：{T}", "SMS（{N}）：新しい番号です {P} 登録よろしく"], [
   "ユーザーの歯医者：{N}先生 {P} 午前希望。", "メモ：マンション管理人 {N}さん {P}", 'tool_result: {"医院": "{N}歯科", "評価": 4.6, "情報": "{P}"}', "差出人: {N}\n件名: 土曜日\n\n了解です！何かあれば {P} まで。",
   VC_Q, "{N}\t{P}\tベビーシッター\t水・金", "リマインダー：{D} {T} {N}クリニック受診。保険証を持参。{P}", "いい電気屋さん知りませんか？{N}さんにお願いしたら丁寧でした。{P}、料金も良心的。", "夜間救急動物病院（24時間）：{P}", "学校事務室 {P}（欠席は8時半までに）"]),
 "zh": ([
   "用户的牙医：{N}医生，电话 {P}，喜欢上午预约。", "记得给{N}回电话（租房合同的事）：{P}", 'tool_result: {"姓名": "{N}", "电话": "{P}"}', "发件人: {N}\n主题: 回复: 屋顶报价\n\n您好，有事请打我手机 {P}。",
   VC_T, "客户：我换号码了，新的是{P}\n客服：好的，已更新。", "您的处方药{D}起可领取，咨询电话：{P}。康宁药房", "姓名\t职务\t电话\n{N}\t物业管理员\t{P}",
   "表单 — 姓名：{N}；联系电话：{P}；方便时间：{T}", "短信（{N}）：这是我的新号码 {P}，存一下"], [
   "用户的牙医：{N}医生 {P}，喜欢上午预约。", "备忘：物业管家{N} {P}", 'tool_result: {"诊所": "{N}口腔", "评分": 4.6, "信息": "{P}"}', "发件人: {N}\n主题: 周六\n\n好的！有事找我 {P}。",
   VC_Q, "{N}\t{P}\t保姆\t周三/周五", "提醒：{D} {T} 在{N}诊所复诊，带医保卡。{P}", "有人知道靠谱的电工吗？{N}师傅给我们家换的电箱，{P}，价格公道。", "24小时宠物急诊：{P}", "学校办公室 {P}（请假请在8点前）"]),
}
ORG = {"en": "Riverside Vet Clinic", "de": "Praxis am Markt", "fr": "Cabinet du Parc", "es": "Clínica Dental Sol", "it": "Studio Medico Centro",
       "nl": "Huisartsenpraktijk De Linde", "sv": "Vårdcentralen Söder", "pl": "Przychodnia Zdrowie", "pt": "Clínica Bem Estar", "ja": "さくら歯科", "zh": "康宁诊所"}

KINDS = "order invoice tracking ticket id tax bank amount datetime version isbn serial coords address measure".split()
# Negative contexts, one per kind in KINDS order.  {X} value, {L} id/tax label.
NEG = {
 "en": ["Your order #{X} has shipped and should arrive within 3-5 business days.", "Invoice {X} is attached, payment due within 30 days.", "Tracking: {X} (out for delivery)",
        "Re: [Ticket {X}] Login loop after update", "{L}: {X} (on file, verified)", "Supplier {L}: {X}", "Please transfer the deposit to {X}.", "Total due: {X}",
        "Meeting moved to {X}.", "Upgraded the server to {X} last night, no issues so far.", "Book club pick: ISBN {X}", "Device {X} — warranty until 2027", "Trailhead parking: {X}", "Ship to: {X}", "Wardrobe dims {X}, fits the alcove."],
 "de": ["Ihre Bestellung {X} wurde versandt.", "Rechnung {X} liegt bei, zahlbar innerhalb von 14 Tagen.", "Sendungsverfolgung: {X}",
        "AW: [Ticket #{X}] Login-Schleife nach Update", "{L}: {X}", "{L} des Lieferanten: {X}", "Bitte die Kaution überweisen an {X}.", "Gesamtbetrag: {X}",
        "Termin verschoben auf {X}.", "Server gestern Abend auf {X} aktualisiert.", "Lesekreis: ISBN {X}", "Gerät {X}, Garantie bis 2027", "Parkplatz am Wanderweg: {X}", "Lieferadresse: {X}", "Schrank: {X}, passt in die Nische."],
 "fr": ["Votre commande {X} a été expédiée.", "Facture {X} ci-jointe, à régler sous 30 jours.", "Suivi colis : {X}",
        "RE: [Ticket #{X}] Boucle de connexion après mise à jour", "{L} : {X}", "{L} du fournisseur : {X}", "Merci de virer la caution sur {X}.", "Montant total : {X}",
        "Réunion déplacée au {X}.", "Serveur mis à jour en {X} hier soir.", "Club de lecture : ISBN {X}", "Appareil {X}, garantie jusqu'en 2027", "Parking du sentier : {X}", "Adresse de livraison : {X}", "Armoire : {X}, rentre dans la niche."],
 "es": ["Tu pedido {X} ha sido enviado.", "Adjunto la factura {X}, vence en 30 días.", "Seguimiento del envío: {X}",
        "RE: [Ticket #{X}] Bucle de inicio de sesión tras actualizar", "{L}: {X}", "{L} del proveedor: {X}", "Por favor transfiere la fianza a {X}.", "Importe total: {X}",
        "Reunión cambiada al {X}.", "Servidor actualizado a {X} anoche.", "Club de lectura: ISBN {X}", "Equipo {X}, garantía hasta 2027", "Aparcamiento de la ruta: {X}", "Dirección de entrega: {X}", "Armario: {X}, cabe en el hueco."],
 "it": ["Il tuo ordine {X} è stato spedito.", "In allegato la fattura {X}, scadenza 30 giorni.", "Tracciamento spedizione: {X}",
        "R: [Ticket #{X}] Loop di login dopo l'aggiornamento", "{L}: {X}", "{L} del fornitore: {X}", "Bonifico della caparra su {X}.", "Importo totale: {X}",
        "Riunione spostata al {X}.", "Server aggiornato a {X} ieri sera.", "Gruppo di lettura: ISBN {X}", "Dispositivo {X}, garanzia fino al 2027", "Parcheggio del sentiero: {X}", "Indirizzo di consegna: {X}", "Armadio: {X}, entra nella nicchia."],
 "nl": ["Je bestelling {X} is verzonden.", "Factuur {X} in de bijlage, betaling binnen 30 dagen.", "Track & trace: {X}",
        "RE: [Ticket #{X}] Inloglus na update", "{L}: {X}", "{L} van de leverancier: {X}", "Graag de borg overmaken naar {X}.", "Totaalbedrag: {X}",
        "Vergadering verplaatst naar {X}.", "Server gisteravond bijgewerkt naar {X}.", "Leesclub: ISBN {X}", "Apparaat {X}, garantie tot 2027", "Parkeerplaats bij de wandelroute: {X}", "Afleveradres: {X}", "Kast: {X}, past in de nis."],
 "sv": ["Din order {X} har skickats.", "Faktura {X} bifogas, förfaller om 30 dagar.", "Spårning: {X}", "SV: [Ärende #{X}] Inloggningsloop efter uppdatering", "{L}: {X}", "Leverantörens {L}: {X}", "Sätt in depositionen på {X}.", "Att betala: {X}",
        "Mötet flyttat till {X}.", "Servern uppgraderad till {X} i går kväll.", "Bokcirkeln: ISBN {X}", "Enhet {X}, garanti till 2027", "Parkering vid leden: {X}", "Leveransadress: {X}", "Garderob: {X}, passar i nischen."],
 "pl": ["Twoje zamówienie {X} zostało wysłane.", "W załączniku faktura {X}, termin 14 dni.", "Śledzenie przesyłki: {X}",
        "RE: [Zgłoszenie #{X}] Pętla logowania po aktualizacji", "{L}: {X}", "{L} dostawcy: {X}", "Kaucję proszę przelać na {X}.", "Do zapłaty: {X}",
        "Spotkanie przeniesione na {X}.", "Serwer zaktualizowany wczoraj do {X}.", "Klub książki: ISBN {X}", "Urządzenie {X}, gwarancja do 2027", "Parking przy szlaku: {X}", "Adres dostawy: {X}", "Szafa: {X}, mieści się we wnęce."],
 "pt": ["Seu pedido {X} foi enviado.", "Segue a nota fiscal {X}, vencimento em 30 dias.", "Rastreamento: {X}",
        "RE: [Chamado #{X}] Loop de login após atualização", "{L}: {X}", "{L} do fornecedor: {X}", "Favor depositar o sinal em {X}.", "Valor total: {X}",
        "Reunião remarcada para {X}.", "Servidor atualizado para {X} ontem à noite.", "Clube do livro: ISBN {X}", "Aparelho {X}, garantia até 2027", "Estacionamento da trilha: {X}", "Endereço de entrega: {X}", "Guarda-roupa: {X}, cabe no vão."],
 "ja": ["ご注文 {X} を発送しました。", "請求書 {X} を添付します。お支払期限は30日以内です。", "お問い合わせ伝票番号：{X}", "Re: [チケット #{X}] アップデート後のログインループ", "{L}：{X}", "取引先の{L}：{X}", "敷金は {X} にお振込みください。", "合計金額：{X}",
        "会議は {X} に変更になりました。", "昨夜サーバーを {X} に更新しました。", "読書会の本：ISBN {X}", "本体 {X}、保証は2027年まで", "登山口の駐車場：{X}", "お届け先：{X}", "タンスのサイズ {X}、すき間に収まります。"],
 "zh": ["您的订单 {X} 已发货。", "附上发票 {X}，请于30天内付款。", "物流单号：{X}", "回复：[工单 #{X}] 更新后登录循环", "{L}：{X}", "供应商{L}：{X}", "押金请转账至 {X}。", "应付总额：{X}",
        "会议改到 {X}。", "昨晚服务器已升级到 {X}。", "读书会书目：ISBN {X}", "设备 {X}，保修至2027年", "登山口停车场：{X}", "收货地址：{X}", "衣柜尺寸 {X}，正好放进壁龛。"],
}
ISBN_GROUP = {"en": "1", "de": "3", "fr": "2", "es": "84", "it": "88", "nl": "90", "sv": "91", "pl": "83", "pt": "85", "ja": "4", "zh": "7"}
SHAPES = {
 "order": ["###-#######-#######", "%########", "%##-%##-####", "%#-####-####", "%### %#####", "ORD-%#####", "%## ### ###", "%# ## ## ## ##"],
 "invoice": ["INV-%#####", "2025/%####", "%#######", "%##-%##-###", "RE-2025-%####", "%### ### ####"],
 "tracking": ["1Z@@#@@#03########", "00340434%###########", "JJD000390007%########", "RR%########{cc}", "0034 0434 #### #### ##", "%### #### #### ####"],
 "ticket": ["%#####", "INC%######", "~~~~~~~~-~~~~", "CS-%###-####", "%### ####", "~~~~~~~~-~~~~-4~~~-~~~~-~~~~~~~~~~~~"],
 "version": ["v%.#.##", "%#.#.%####.####", "%.##.###", "build %###.##.#", "%.%#.#-rc%", "%.#.#.%###"],
 "serial": ["SN %###-####-####", "IMEI %# ###### ###### #", "S/N @@%########", "serial %#### #####", "MAC ~~:~~:~~:~~:~~:~~"],
 "measure": ["%### x %## x %## mm", "%## × %# × %# cm", "%# ### mm", "%### × %### px", "%#,# kg / %## l"],
}


def shape(s, cc=""):
    out = []
    for ch in s.replace("{cc}", cc):
        out.append(rng.choice("0123456789") if ch == "#" else rng.choice("123456789") if ch == "%" else
                   rng.choice("ABCDEFGHJKLMNPRSTVWXYZ") if ch == "@" else rng.choice("0123456789abcdef") if ch == "~" else ch)
    return "".join(out)


FW = str.maketrans("0123456789-()", "０１２３４５６７８９－（）")


def fill(tmpl, nsn):
    fw = tmpl.startswith("FW:")
    it = iter(nsn)
    s = "".join(next(it) if ch == "#" else ch for ch in (tmpl[3:] if fw else tmpl))
    assert next(it, None) is None, (tmpl, nsn)
    return s.translate(FW) if fw else s


def valid(value, region, nsn=None):
    try:
        n = pn.parse(value, region)
    except pn.NumberParseException:
        return False
    ok = pn.is_valid_number(n) and pn.region_code_for_number(n) == region
    return ok and (nsn is None or pn.format_number(n, pn.PhoneNumberFormat.E164) == "+%d%s" % (n.country_code, nsn))


def make_phone(region, kind, tmpl):
    prefixes, n = kind[0], kind[1]
    for _ in range(2000):
        pre = rng.choice(prefixes)
        nsn = pre + "".join(rng.choice("0123456789") for _ in range(n - len(pre)))
        v = fill(tmpl, nsn)
        if valid(v, region, nsn):
            return v
    raise RuntimeError("no valid number for %s %s" % (region, tmpl))


def matches(text, region):
    return [(m.start, m.end) for m in PhoneNumberMatcher(text, region, leniency=Leniency.VALID)]


def rand_dt():
    d = dt.datetime(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
    return d.replace(hour=rng.randrange(7, 20), minute=rng.choice([0, 15, 30, 45]))


def amount(spec):
    tsep, dsep, pat = spec
    v = rng.choice([rng.randrange(1000, 99999), rng.randrange(100000, 9999999)])
    s = str(v)
    if tsep == "lakh":
        head, tail = s[:-3], s[-3:]
        groups = []
        while head:
            groups.insert(0, head[-2:])
            head = head[:-2]
        s, tsep = ",".join(groups + [tail]) if groups else tail, ","
    else:
        s = "{:,}".format(v).replace(",", tsep)
    if dsep:
        s += dsep + "%02d" % rng.randrange(100)
    return pat.format(s)


def isbn(lang):
    d = "978" + ISBN_GROUP[lang] + "".join(rng.choice("0123456789") for _ in range(9 - len(ISBN_GROUP[lang])))
    c = (10 - sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(d)) % 10) % 10
    g = ISBN_GROUP[lang]
    return "978-%s-%s-%s-%d" % (g, d[3 + len(g):6 + len(g)], d[6 + len(g):], c)


def neg_value(kind, region, spec, lang):
    if kind in SHAPES:
        return shape(rng.choice(SHAPES[kind]), region)
    if kind in ("id", "tax"):
        return shape(spec[kind][1])
    if kind == "bank":
        return shape(spec["bank"])
    if kind == "amount":
        return amount(spec["amt"])
    if kind == "datetime":
        return rand_dt().strftime(spec["dt"][0] + " " + spec["dt"][1])
    if kind == "isbn":
        return isbn(lang)
    if kind == "coords":
        la, lo = spec["c"]
        return "%.5f, %.5f" % (la + rng.uniform(-2, 2), lo + rng.uniform(-2, 2))
    return shape(spec["addr"])


def main():
    rows, cyc, labelled_hits = [], Counter(), 0
    for region, spec in R.items():
        names = spec["names"].split(",")
        kinds, used = spec["kinds"], Counter()
        for i in range(30):
            lang = spec["lang"][i % len(spec["lang"])]
            quiet = i % 2 == 0
            fmt = "national" if i < 25 else "international"
            k = (i // 2 + i % 2) % len(kinds)  # every kind gets quiet and worded contexts
            kind = kinds[k]
            tmpls = kind[2] if fmt == "national" else kind[3]
            tmpl = tmpls[used[k] % len(tmpls)] if fmt == "national" else tmpls[rng.randrange(len(tmpls))]
            used[k] += 1
            pool = POS[lang][1 if quiet else 0]
            ctx = pool[cyc[(lang, quiet)] % len(pool)]
            cyc[(lang, quiet)] += 1
            for _ in range(300):
                value = make_phone(region, kind, tmpl)
                when = rand_dt()
                text = (ctx.replace("{N}", rng.choice(names)).replace("{O}", ORG[lang])
                        .replace("{D}", when.strftime(spec["dt"][0])).replace("{T}", when.strftime(spec["dt"][1])))
                text = text.replace("{P}", value)
                start = text.find(value)
                others = [m for m in matches(text, region) if m[1] <= start or m[0] >= start + len(value)]
                if text.count(value) == 1 and not others:
                    break
            else:
                raise RuntimeError("cannot place %s in %r" % (value, ctx))
            has_word = bool(PW[lang].search(text))
            assert has_word != quiet, (region, text)
            rows.append(dict(region=region, text=text, value=value, format=fmt))
        for j, kind in enumerate(KINDS):
            lang = spec["lang"][j % len(spec["lang"])]
            tmpl = NEG[lang][j]
            label = spec[kind][0] if kind in ("id", "tax") else ""
            for attempt in range(400):
                text = tmpl.replace("{L}", label).replace("{X}", neg_value(kind, region, spec, lang))
                if not matches(text, region):
                    break
            else:
                if kind not in ("id", "tax", "bank"):
                    raise RuntimeError("negative keeps matching: %r" % text)
                labelled_hits += 1
            rows.append(dict(region=region, text=text, value="", format="negative"))
    rng.shuffle(rows)
    with open(OUT, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    pos = [r for r in rows if r["format"] != "negative"]
    lang_of = {r: s["lang"] for r, s in R.items()}
    quiet = sum(1 for r in pos if not any(PW[l].search(r["text"]) for l in lang_of[r["region"]]))
    c = Counter((r["region"], r["format"]) for r in rows)
    print("wrote %d lines to %s" % (len(rows), OUT))
    for region in R:
        print(region, {f: c[(region, f)] for f in ("national", "international", "negative")})
    print("totals", Counter(r["format"] for r in rows))
    print("positives without phone word: %d/%d (%.1f%%)" % (quiet, len(pos), 100.0 * quiet / len(pos)))
    print("negatives with a labelled identifier the matcher accepts:", labelled_hits)


if __name__ == "__main__":
    main()
