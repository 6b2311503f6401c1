#!/usr/bin/env python3
"""Generate phones_fresh.jsonl, a held-out evaluation set for phone-number detection.

INDEPENDENCE: this set was written apart from the detector and its corpus, by a
different author who never saw the detector's source, its patterns or its
existing test data. It measures how the detector does on numbers it was not
built around, so it must NEVER be used to tune the detector: no rule, prefix,
threshold or example may be changed because of what this set shows. Once used
that way it is no longer independent; a refresh needs a new, separate author.

Contents: 20 regions x 30 positive lines, each a short memory-like text (chat
snippet, signature, meeting/CRM note, support ticket), mostly in the local
language, with exactly ONE phone number and no other digits. About 2/3 are in
national format, 1/3 international (+cc, +cc (0), 00cc, no spaces, ...); about
1 in 4 uses no phone-related word. Plus 150 negatives (region "NONE"): digit
strings that look like phone numbers but are not (orders, dates, amounts, IDs,
postal codes, ...).

Every number is drawn at random inside its numbering range and kept only when
Google's libphonenumber (`pip install --user phonenumbers`) parses it as valid,
for the intended region, with the intended national significant number and
(for mobile/landline specs) line type. A fixed seed makes the output stable.

  {"region": "DE", "text": "...", "value": "<exact substring>", "format": "national"|"international"}
  {"region": "NONE", "text": "...", "value": "", "format": "negative"}
"""
import json
import random
import re
import string
import uuid
from pathlib import Path

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType as PT

SEED = 20240611
OUT = Path(__file__).with_name("phones_fresh.jsonl")
PER_COUNTRY, N_INTL, N_BARE, N_NEG = 30, 10, 8, 150
COUNTRIES = "US CA GB DE FR ES IT NL CH AT BE SE PL IE IN BR MX AU JP CN".split()

# ---- Numbering plans. One spec per line: "kind NSN-length NSN-prefixes : national
# patterns : international patterns" (a line starting with ":" continues the
# previous one). In a pattern each '#' takes the next digit of the national
# significant number (NSN); every other character (trunk 0, country code,
# separators) is literal. kind "geo" = no mobile/landline split (NANP, MX).
NANP = ("(###) ###-####, ###-###-####, ###.###.####, ### ### ####, 1-###-###-####, (###)###-####"
        "\n    : +1 ###-###-####, +1 (###) ###-####, +1##########, +1 ### ### ####, +1.###.###.####")
FR = ("0# ## ## ## ##, 0#.##.##.##.##, 0#-##-##-##-##, 0#########"
      "\n    : +33 # ## ## ## ##, +33 (0)# ## ## ## ##, 0033 # ## ## ## ##, +33#########, +33 (0)#.##.##.##.##")
CH = ("0## ### ## ##, 0##/### ## ##, 0#########"
      "\n    : +41 ## ### ## ##, +41 (0)## ### ## ##, 0041 ## ### ## ##, +41#########")
SPECS = {
    "US": "geo 10 415 212 312 617 206 512 303 404 713 202 305 718 : " + NANP,
    "CA": "geo 10 416 604 514 613 403 780 902 647 905 250 204 306 : " + NANP,
    "GB": """mobile 10 74 75 77 78 79 : 0#### ######, 0#### ### ###, 0##########, (0####) ######
        : +44 #### ######, +44 (0)#### ######, +44##########, 0044 #### ######, +44 #### ### ###
landline 10 20 : 0## #### ####, (0##) #### ####, 0##########
        : +44 ## #### ####, +44 (0)## #### ####, +44##########, 0044 ## #### ####
landline 10 161 121 113 117 131 : 0### ### ####, (0###) ### ####, 0### #######
        : +44 ### ### ####, +44 (0)### ### ####, 0044 ### ### ####
landline 10 1223 1865 1603 1392 : 0#### ######, (0####) ######, 0#### ### ### : +44 #### ######, +44 (0)#### ######""",
    "DE": """mobile 10 170 171 172 173 174 175 160 : 0###/#######, 0### #######, 0###-#######, 0### ### ####, (0###) #######
        : +49 ### #######, +49 (0)### #######, 0049 ### #######, +49##########, +49 ### ### ####
mobile 11 151 152 157 159 176 162 163 : 0###/########, 0### ########, 0### #### ####, 0###-########
        : +49 ### ########, +49 (0)### ########, 0049 ### ########, +49###########
landline 10 30 40 89 69 : 0##/########, 0## ########, 0## #### ####, (0##) ########, 0##-########
        : +49 ## ########, +49 (0)## ########, 0049 ## ########, +49##########, +49 ## #### ####
landline 10 221 211 711 228 341 351 511 911 : 0###/#######, 0### #######, 0### ### ####, (0###) #######, 0###-#######
        : +49 ### #######, +49 (0)### #######, 0049 ### #######, +49##########
landline 10 6221 7071 5251 8821 : 0####/######, 0#### ######, 0#### ## ## ##
        : +49 #### ######, +49 (0)#### ######, 0049 #### ######""",
    "FR": f"mobile 9 6 7 : {FR}\nlandline 9 1 2 3 4 5 : {FR}",
    "ES": """mobile 9 6 7 : ### ## ## ##, ### ### ###, #########, ###-##-##-##
        : +34 ### ## ## ##, +34 ### ### ###, 0034 ### ### ###, +34#########, (+34) ### ### ###
landline 9 91 93 : ## ### ## ##, ### ### ###, ## ### #### : +34 ## ### ## ##, +34 ### ### ###, 0034 ## ### ## ##
landline 9 954 963 944 976 981 971 : ### ## ## ##, ### ### ### : +34 ### ## ## ##, +34#########""",
    "IT": """mobile 10 32 33 34 35 36 37 38 39 : ### ### ####, ### #######, ###-#######, ###.###.####
        : +39 ### ### ####, +39 ##########, 0039 ### #######, +39##########, +39 ### #######
landline 10 06 02 : ## ########, ## #### ####, ##/########, (##) ########, ##-########
        : +39 ## #### ####, +39 ## ########, 0039 ## ########, +39##########
landline 10 011 055 081 051 041 010 : ### #######, ###/#######, ### ### ####, ###-#######
        : +39 ### #######, +39 ### ### ####, 0039 ### #######""",
    "NL": """mobile 9 6 : 0#-########, 0# ########, 0# ## ## ## ##, 0#-## ## ## ##, (0#) ########, 0#########
        : +31 # ########, +31 (0)# ########, 0031 # ########, +31#########, +31 # ## ## ## ##, +31 (0)#-########
landline 9 20 10 70 30 : 0##-#######, 0## ### ####, (0##) ### ## ##, 0##-### ## ##
        : +31 ## ### ####, +31 (0)## ### ####, 0031 ## #######
landline 9 346 418 499 513 570 : 0###-######, 0### ## ## ##, (0###) ######, 0### ######
        : +31 ### ######, +31 (0)### ######, 0031 ### ## ## ##""",
    "CH": f"mobile 9 76 77 78 79 75 : {CH}\nlandline 9 44 31 61 22 21 41 71 43 52 : {CH}",
    "AT": """mobile 10 664 650 660 676 699 681 680 677 : 0### #######, 0###/#######, 0### ### ####, 0### ### ## ##, 0###-#######
        : +43 ### #######, +43 (0)### #######, 0043 ### #######, +43##########, +43 ### ### ####
landline 8 1 : 0# ### ## ##, 0#/#######, 0# #######, (0#) ### ####
        : +43 # #######, +43 (0)# ### ## ##, 0043 # ### ## ##, +43########
landline*0.3 6 1 : 0# #### #, 0# ##### : +43 # #### #, +43 (0)# #####
landline 9 316 662 512 732 463 : 0### ######, 0###/######, 0### ## ## ##
        : +43 ### ######, +43 (0)### ######, 0043 ### ######""",
    "BE": """mobile 9 47 48 49 : 0### ## ## ##, 0###/##.##.##, 0### ######, 0###.##.##.##, 0###/## ## ##
        : +32 ### ## ## ##, +32 (0)### ## ## ##, 0032 ### ## ## ##, +32#########, +32 ### ### ###
landline 8 2 3 4 9 : 0# ### ## ##, 0#/###.##.##, 0# ### ####, 0#/### ## ##
        : +32 # ### ## ##, +32 (0)# ### ## ##, 0032 # ### ## ##, +32########
landline 8 10 16 50 81 65 71 11 15 : 0## ## ## ##, 0##/## ## ##, 0##.##.##.##
        : +32 ## ## ## ##, +32 (0)## ## ## ##, 0032 ## ## ## ##""",
    "SE": """mobile 9 70 72 73 76 79 : 0##-### ## ##, 0## ### ## ##, 0##-#######, 0## ### ####, 0#########
        : +46 ## ### ## ##, +46 (0)## ### ## ##, 0046 ## ### ## ##, +46#########, +46 (0)##-### ## ##
landline 9 8 : 0#-### ### ##, 0# ### ### ##, 0#-### ## ###, 0#-########
        : +46 # ### ### ##, +46 (0)# ### ### ##, 0046 # ### ### ##
landline 8 8 : 0#-### ## ##, 0# ### ## ##, 0#-####### : +46 # ### ## ##, +46 (0)# ### ## ##
landline 9 31 40 18 13 19 90 : 0##-### ## ##, 0## ### ## ##, 0##-## ## ### : +46 ## ### ## ##, 0046 ## ### ## ##""",
    "PL": """mobile 9 50 51 53 57 60 66 69 72 73 78 79 88 : ### ### ###, ###-###-###, #########
        : +48 ### ### ###, 0048 ### ### ###, +48#########, +48 ###-###-###, (+48) ### ### ###
landline 9 22 12 71 61 58 42 32 : ## ### ## ##, (##) ### ## ##, ## ###-##-##
        : +48 ## ### ## ##, +48 (##) ### ## ##, 0048 ## ### ## ##, +48#########""",
    "IE": """mobile 9 83 85 86 87 89 : 0## ### ####, 0## #######, 0##-#######, (0##) ### ####, 0##-### ####
        : +353 ## ### ####, +353 (0)## ### ####, 00353 ## ### ####, +353#########, +353 ## #######
landline 8 1 : 0# ### ####, (0#) ### ####, 0#-#######, 0# #######
        : +353 # ### ####, +353 (0)# ### ####, 00353 # ### ####, +353########
landline 9 21 91 61 51 66 : 0## ### ####, (0##) ### ####, 0##-####### : +353 ## ### ####, +353 (0)## ### ####""",
    "IN": """mobile 10 9 8 7 6 : ##### #####, 0##### #####, ##########, ###-###-####, 0##########
        : +91 ##### #####, +91-##########, +91 ##########, 0091 ##### #####, +91##########, +91-#####-#####
landline 10 11 22 80 44 33 40 : 0##-########, 0## #### ####, (0##) ########, 0##-#### ####, 0## ########
        : +91-##-########, +91 ## #### ####, +91 ## ########, 0091 ## ########
landline 10 484 141 172 522 712 : 0###-#######, 0### #######, (0###) ### #### : +91-###-#######, +91 ### #######""",
    "BR": """mobile 11 119 219 319 419 519 619 719 819 859 199 279 489 : (##) #####-####, ## #####-####, (##) # ####-####, (##)#####-####, (0##) #####-####
        : +55 ## #####-####, +55 (##) #####-####, +55 ## # ####-####, +55###########, +55 ## ##### ####
landline 10 112 113 213 313 412 513 613 714 813 : (##) ####-####, ## ####-####, (##)####-####, (##) #### ####
        : +55 ## ####-####, +55 (##) ####-####, +55##########""",
    "MX": """geo 10 55 33 81 : ## #### ####, (##) #### ####, ##-####-####, ## ## ## ## ##, (##) ####-####, ##########
        : +52 ## #### ####, +52 (##) #### ####, +52##########, +52 ## ## ## ## ##
geo 10 222 442 998 664 999 477 614 : ### ### ####, (###) ### ####, ###-###-####, ### ### ## ##
        : +52 ### ### ####, +52 (###) ### ####, +52##########""",
    "AU": """mobile 9 4 : 0### ### ###, 0#########, 0###-###-###
        : +61 ### ### ###, +61 (0)### ### ###, +61#########, 0011 61 ### ### ###
landline 9 2 3 7 8 : (0#) #### ####, 0# #### ####, 0#-####-####, 0#########
        : +61 # #### ####, +61 (0)# #### ####, +61#########, 0011 61 # #### ####""",
    "JP": """mobile 10 90 80 70 : 0##-####-####, 0## #### ####, 0##(####)####, 0##########
        : +81 ##-####-####, +81-##-####-####, +81 ## #### ####, +81##########, +81 (0)##-####-####
landline 9 3 6 : 0#-####-####, 0#(####)####, (0#)####-####, 0# #### ####
        : +81 #-####-####, +81-#-####-####, +81 # #### ####, +81#########
landline 9 45 52 11 92 75 78 : 0##-###-####, (0##)###-####, 0##(###)####, 0## ### #### : +81 ##-###-####, +81-##-###-####
landline 9 166 138 276 258 : 0###-##-####, 0###(##)#### : +81 ###-##-####""",
    "CN": """mobile 11 13 15 17 18 19 : ### #### ####, ###-####-####, ###########
        : +86 ### #### ####, +86-###-####-####, +86###########, 0086 ### #### ####, +86 ###########
landline 10 10 20 21 22 23 24 25 27 28 29 : 0##-#### ####, 0##-########, (0##) ########, 0## #### ####
        : +86 ## #### ####, +86-##-########, 0086 ## ########
landline 11 755 571 512 532 757 769 : 0###-########, 0### #### ####, (0###) ########, 0###-#### ####
        : +86 ### #### ####, +86-###-########""",
}

# ---- Text templates per language: (with phone words, without phone words).
# {n} = person, {c} = company, {p} = phone number, ¶ = line break; a leading [m] / [l]
# asks for a mobile / landline number (the text names the line type), otherwise either.
TEMPLATES = {
    "en": ("""Hi, this is {n} from {c}. Please call me back on {p} when you get a chance.
{n}¶Account Manager, {c}¶Tel: {p}
[m] Meeting notes: {n} ({c}) wants a follow-up call next week. Mobile: {p}
CRM: {c} – primary contact {n}, phone {p}, prefers mornings.
Support ticket: customer {n} can't log in, asked us to ring them at {p}.
[m] My new cell is {p}, text me there instead of the old one. – {n}
User said their phone number is {p} and the best time to call is after lunch.
[m] Best regards, {n} | {c} | M: {p}
Reminder: call {n} at {c} on {p} about the renewal quote.
[l] Landlord {n}'s landline: {p} (evenings only)""",
           """{n} ({c}) – {p}
Met {n} at the {c} booth, follow up at {p} next week.
Plumber recommended by {n}: {p}, ask for the weekend rate.
Pickup contact for Friday is {n}, {p}.
[l] {c} front desk {p} – ask for {n}."""),
    "de": ("""Hallo, hier ist {n} von {c}. Bitte rufen Sie mich unter {p} zurück.
Mit freundlichen Grüßen¶{n}¶{c}¶Tel.: {p}
[m] Notiz: {n} ({c}) bittet um Rückruf, Handy {p}.
CRM: {c}, Ansprechpartner {n}, Telefon {p}, am besten vormittags.
Ticket: Kunde {n} kommt nicht ins Portal, erreichbar unter Tel. {p}.
[m] Meine neue Handynummer ist {p} – bitte speichern! LG {n}
Besprechung mit {n} verschoben, sie ruft morgen von {p} aus an.
[m] {n} | {c} | Mobil: {p}
[l] Festnetz von {n}: {p} (nur abends)
Der Nutzer möchte unter {p} angerufen werden, Ansprechpartner {n}.""",
           """{n} ({c}) – {p}
Handwerker-Empfehlung von {n}: {p}
Kontakt für die Schlüsselübergabe: {n}, {p}
[l] {c}, Empfang {p}, nach {n} fragen.
Messe: {n} von {c} kennengelernt, {p}, nächste Woche melden."""),
    "fr": ("""Bonjour, c'est {n} de {c}. Vous pouvez me rappeler au {p}.
Cordialement,¶{n}¶{c}¶Tél. : {p}
[m] Compte rendu : {n} ({c}) souhaite être rappelé, portable {p}.
CRM : {c}, interlocuteur {n}, téléphone {p}, plutôt le matin.
Ticket : le client {n} n'arrive pas à se connecter, joignable par téléphone au {p}.
Mon nouveau numéro c'est le {p}, enregistre-le ! {n}
Rappeler {n} chez {c} au {p} pour le devis.
[m] {n} | {c} | Mobile : {p}
[l] Fixe de {n} : {p} (le soir uniquement)
L'utilisateur souhaite être appelé au {p}, contact {n}.""",
           """{n} ({c}) – {p}
Plombier conseillé par {n} : {p}
Contact pour la remise des clés : {n}, {p}
[l] {c}, accueil {p}, demander {n}.
Salon : rencontré {n} de {c}, {p}, à relancer la semaine prochaine."""),
    "es": ("""Hola, soy {n} de {c}. Llámame al {p} cuando puedas.
Un saludo,¶{n}¶{c}¶Tel.: {p}
Notas de la reunión: {n} ({c}) pide que le devolvamos la llamada al {p}.
CRM: {c}, contacto {n}, teléfono {p}, mejor por la mañana.
Ticket: el cliente {n} no puede iniciar sesión, se le puede llamar al {p}.
Mi número nuevo es {p}, guárdalo. {n}
Recordatorio: llamar a {n} de {c} al {p} por el presupuesto.
{n} | {c} | Tel. {p}
[m] WhatsApp de {n}: {p}
El usuario pide que lo llamen al {p}, contacto {n}.""",
           """{n} ({c}) – {p}
Fontanero recomendado por {n}: {p}
Contacto para la entrega de llaves: {n}, {p}
[l] {c}, recepción {p}, preguntar por {n}.
Feria: conocí a {n} de {c}, {p}, escribir la próxima semana."""),
    "it": ("""Ciao, sono {n} di {c}. Richiamami al {p} quando puoi.
Cordiali saluti¶{n}¶{c}¶Tel. {p}
[m] Verbale: {n} ({c}) chiede di essere richiamato, cellulare {p}.
CRM: {c}, referente {n}, telefono {p}, meglio la mattina.
Ticket: il cliente {n} non riesce ad accedere, contattabile al telefono {p}.
Il mio nuovo numero è {p}, salvalo! {n}
Promemoria: chiamare {n} di {c} al {p} per il preventivo.
[m] {n} | {c} | Cell. {p}
[l] Fisso di {n}: {p} (solo la sera)
L'utente vuole essere chiamato al {p}, referente {n}.""",
           """{n} ({c}) – {p}
Idraulico consigliato da {n}: {p}
Contatto per la consegna delle chiavi: {n}, {p}
[l] {c}, reception {p}, chiedere di {n}.
Fiera: conosciuto {n} di {c}, {p}, da ricontattare la settimana prossima."""),
    "nl": ("""Hoi, met {n} van {c}. Kun je me terugbellen op {p}?
Met vriendelijke groet,¶{n}¶{c}¶T: {p}
[m] Notulen: {n} ({c}) wil teruggebeld worden, mobiel {p}.
CRM: {c}, contactpersoon {n}, telefoon {p}, liefst 's ochtends.
Ticket: klant {n} kan niet inloggen, bereikbaar op telefoonnummer {p}.
Mijn nieuwe nummer is {p}, sla je het even op? {n}
Herinnering: {n} van {c} bellen op {p} over de offerte.
[m] {n} | {c} | Mob: {p}
[l] Vast nummer van {n}: {p} (alleen 's avonds)
Gebruiker wil gebeld worden op {p}, contactpersoon {n}.""",
           """{n} ({c}) – {p}
Loodgieter aangeraden door {n}: {p}
Aanspreekpunt voor de verhuizing: {n}, {p}
[l] {c}, receptie {p}, vragen naar {n}.
Beurs: {n} van {c} ontmoet, {p}, volgende week opvolgen."""),
    "sv": ("""Hej, det är {n} från {c}. Ring mig på {p} när du kan.
Med vänliga hälsningar¶{n}¶{c}¶Tel: {p}
[m] Mötesanteckning: {n} ({c}) vill bli uppringd, mobil {p}.
CRM: {c}, kontaktperson {n}, telefon {p}, helst på förmiddagen.
Ärende: kunden {n} kan inte logga in, nås på telefon {p}.
Mitt nya nummer är {p}, spara det! /{n}
Påminnelse: ring {n} på {c} på {p} om offerten.
[m] {n} | {c} | Mobil: {p}
[l] Fast telefon till {n}: {p} (bara kvällstid)
Användaren vill bli uppringd på {p}, kontakt {n}.""",
           """{n} ({c}) – {p}
Rörmokare som {n} rekommenderade: {p}
Kontakt för nyckelöverlämningen: {n}, {p}
[l] {c}, reception {p}, fråga efter {n}.
Mässan: träffade {n} från {c}, {p}, hör av dig nästa vecka."""),
    "pl": ("""Dzień dobry, tu {n} z {c}. Proszę o kontakt pod numerem {p}.
Pozdrawiam,¶{n}¶{c}¶tel. {p}
[m] Notatka: {n} ({c}) prosi o oddzwonienie, komórka {p}.
CRM: {c}, osoba kontaktowa {n}, telefon {p}, najlepiej rano.
Zgłoszenie: klient {n} nie może się zalogować, tel. kontaktowy {p}.
Mój nowy numer to {p}, zapisz sobie. {n}
Przypomnienie: zadzwonić do {n} z {c} pod {p} w sprawie oferty.
[m] {n} | {c} | kom. {p}
[l] Telefon stacjonarny {n}: {p} (tylko wieczorem)
Użytkownik prosi o telefon pod {p}, kontakt {n}.""",
           """{n} ({c}) – {p}
Hydraulik polecony przez {n}: {p}
Kontakt w sprawie przekazania kluczy: {n}, {p}
[l] {c}, recepcja {p}, pytać o {n}.
Targi: poznałem {n} z {c}, {p}, odezwać się w przyszłym tygodniu."""),
    "pt": ("""Oi, aqui é {n} da {c}. Me liga no {p} quando puder.
Atenciosamente,¶{n}¶{c}¶Tel.: {p}
[m] Ata da reunião: {n} ({c}) pediu retorno, celular {p}.
CRM: {c}, contato {n}, telefone {p}, melhor de manhã.
Chamado: cliente {n} não consegue acessar, ligar no {p}.
Meu número novo é {p}, salva aí! {n}
Lembrete: ligar para {n} da {c} no {p} sobre o orçamento.
[m] {n} | {c} | Cel: {p}
[m] WhatsApp do {n}: {p}
Usuário pediu para ser contatado por telefone no {p}, falar com {n}.""",
           """{n} ({c}) – {p}
Encanador indicado por {n}: {p}
Contato para entrega das chaves: {n}, {p}
[l] {c}, recepção {p}, procurar {n}.
Feira: conheci {n} da {c}, {p}, retomar semana que vem."""),
    "ja": ("""{c}の{n}です。折り返しのお電話は{p}までお願いします。
{c}¶{n}¶TEL: {p}
[m] 打ち合わせメモ：{n}様（{c}）から折り返し希望。携帯 {p}
CRM：{c}、担当 {n}、電話番号 {p}、午前中希望。
問い合わせ：{n}様がログインできないとのこと。連絡先電話 {p}
[m] 新しい携帯の番号は{p}です。登録お願いします。{n}
リマインダー：{c}の{n}さんに{p}へ電話、見積もりの件。
[m] {n}｜{c}｜携帯：{p}
[l] {n}さんの自宅電話：{p}（夜のみ）
ユーザーは{p}への電話連絡を希望、担当 {n}。""",
           """{n}（{c}）{p}
{n}さん紹介の水道屋さん：{p}
鍵の受け渡し担当：{n}、{p}
[l] {c} 受付 {p}、{n}さん宛て
展示会で{c}の{n}さんと名刺交換。{p}、来週フォローする。"""),
    "zh": ("""您好，我是{c}的{n}，方便的话请回电{p}。
{n}¶{c}¶电话：{p}
[m] 会议纪要：{n}（{c}）希望回电，手机{p}。
CRM：{c}，联系人{n}，电话{p}，上午联系为佳。
工单：客户{n}无法登录，联系电话{p}。
我换新号码了：{p}，记得存一下。{n}
提醒：给{c}的{n}打电话 {p}，谈报价的事。
[m] {n} | {c} | 手机：{p}
[l] {n}家里座机：{p}（仅晚上）
用户希望通过{p}电话联系，对接人{n}。""",
           """{n}（{c}）{p}
{n}推荐的水电师傅：{p}
交钥匙对接人：{n}，{p}
[l] {c}前台{p}，找{n}。
展会上认识了{c}的{n}，{p}，下周跟进。"""),
}
LANGS = {"US": "en", "CA": "en", "GB": "en", "IE": "en", "AU": "en", "IN": "en", "DE": "de", "AT": "de",
         "CH": "de fr", "FR": "fr", "BE": "fr nl", "ES": "es", "MX": "es", "IT": "it", "NL": "nl", "SE": "sv",
         "PL": "pl", "BR": "pt", "JP": "ja", "CN": "zh"}
# Words that make a line "phone-aware"; bare lines must contain none of them.
PHONE_WORDS = ("tel phone call ring cell mobil mobiel handy ruf appel portable llam móvil celular cel. chiam bell "
               "numer nummer número numéro zadzwo komór kom. liga whats sms fax natel gsm text hotline landline "
               "fixe fisso festnetz 電話 携帯 番号 电话 手机 号码 座机 回电").split()

# Names | companies per region (fictional).
PEOPLE = {
    "US": "Jessica Miller,Tyler Brooks,Maria Gonzalez,Kevin O'Neill,Ashley Carter,Daniel Kim|Brightline Logistics,Summit Dental Group,Pinecrest Realty,Northwind Analytics",
    "CA": "Liam Gagnon,Sarah MacDonald,Priya Singh,Connor Roy,Hannah Leblanc,Ethan Wong|Maple Ridge Construction,Northern Shield Insurance,Lakeview Dental,Borealis Software",
    "GB": "Oliver Hughes,Charlotte Evans,Harry Patel,Amelia Wright,George Clarke,Sophie Turner|Thames Valley Lettings,Redbrick Accountants,Northgate Motors,Halden & Co Solicitors",
    "DE": "Jonas Schmidt,Lena Fischer,Markus Weber,Sabine Hoffmann,Tobias Wagner,Anna Becker|Müller Haustechnik GmbH,Rheinland Logistik AG,Schreinerei Bauer,Kanzlei Vogt",
    "FR": "Camille Martin,Julien Dubois,Chloé Lefèvre,Thomas Moreau,Manon Laurent,Nicolas Girard|Boulangerie Petit,Cabinet Durand Avocats,Transports Lemoine,Agence Horizon",
    "ES": "Lucía García,Javier Fernández,Carmen López,Pablo Martínez,Marta Sánchez,Sergio Romero|Reformas Hermanos Ruiz,Clínica Dental Sonrisa,Inmobiliaria Costa Azul,Gestoría Vidal",
    "IT": "Giulia Rossi,Marco Bianchi,Francesca Romano,Luca Colombo,Chiara Ricci,Alessandro Greco|Studio Legale Ferri,Trattoria da Mario,Edilizia Conti Srl,Ottica Galli",
    "NL": "Sanne de Vries,Daan Jansen,Lotte Bakker,Bram Visser,Eva Smit,Thijs Meijer|Van Dijk Installatietechniek,Bakkerij De Molen,Hollands Glorie BV,Administratiekantoor Bos",
    "CH": "Lukas Meier,Laura Keller,Nicolas Favre,Sarah Brunner,Marc Gerber,Céline Rochat|Garage Zürcher AG,Fiduciaire Morel SA,Alpenblick Treuhand AG,Schreinerei Roth",
    "AT": "Florian Gruber,Katharina Huber,Stefan Pichler,Julia Steiner,Martin Moser,Elisabeth Mayer|Tischlerei Hofer,Wiener Hausverwaltung GmbH,Gasthof Berghof,Steuerberatung Lang",
    "BE": "Lucas Peeters,Emma Janssens,Arthur Dubois,Louise Maes,Noah Claes,Julie Lambert|Brasserie Van Hout,Immo Lambert,Garage Dewitte,Boekhouding Wouters",
    "SE": "Erik Johansson,Anna Lindqvist,Oskar Nilsson,Maja Karlsson,Lars Andersson,Elin Berg|Nordvik Bygg AB,Tandläkare Söder,Lindholm Redovisning,Ekström Måleri",
    "PL": "Katarzyna Nowak,Piotr Kowalski,Agnieszka Wiśniewska,Tomasz Wójcik,Magdalena Kamińska,Michał Lewandowski|Budmax Sp. z o.o.,Kancelaria Zielińscy,Piekarnia Sowa,Auto-Serwis Mazur",
    "IE": "Aoife Murphy,Ciarán Kelly,Siobhán Byrne,Seán Ryan,Niamh O'Brien,Conor Walsh|Liffey Property Management,Kelly's Pharmacy,Atlantic Tiling,Shannon Accountancy",
    "IN": "Priya Sharma,Rahul Verma,Ananya Iyer,Vikram Reddy,Sneha Patel,Arjun Nair|Sharma Traders,Lotus Diagnostics Pvt Ltd,Kaveri Infotech,Ganesh Tours & Travels",
    "BR": "Ana Souza,Pedro Oliveira,Juliana Santos,Lucas Pereira,Fernanda Lima,Rafael Costa|Padaria Pão Dourado,Oliveira Advogados,Construtora Horizonte,Clínica Bem Estar",
    "MX": "Sofía Hernández,Diego Ramírez,Valeria Torres,Alejandro Flores,Daniela Cruz,Jorge Morales|Taller Mecánico Ramírez,Consultorio Dental Sonríe,Abarrotes La Esperanza,Despacho Contable Ruiz",
    "AU": "Jack Thompson,Chloe Wilson,Lachlan Smith,Mia Nguyen,Cooper Taylor,Zoe Harris|Bondi Plumbing Co,Southern Cross Realty,Outback Solar,Harbourside Physio",
    "JP": "佐藤 健,鈴木 美咲,高橋 大輔,田中 陽子,伊藤 翔,渡辺 彩|株式会社サクラ商事,山田工務店,東都システム株式会社,みどり歯科",
    "CN": "王伟,李娜,张敏,刘洋,陈静,杨磊|华信科技有限公司,鑫源贸易,东方物流,长城装饰",
}

LINE_TYPES = {"mobile": {PT.MOBILE, PT.FIXED_LINE_OR_MOBILE}, "landline": {PT.FIXED_LINE, PT.FIXED_LINE_OR_MOBILE}}


def parse_specs(text):
    for line in re.sub(r"\n\s+:", " :", text).strip().split("\n"):
        head, nat, intl = line.split(" : ")
        kind, length, *prefixes = head.split()
        kind, _, weight = kind.partition("*")
        yield kind, prefixes, int(length), nat.strip().split(", "), intl.strip().split(", "), float(weight or 1)


def make_number(rng, region, spec, intl):
    """Random digits inside the spec's range until libphonenumber accepts them."""
    kind, prefixes, length, nat, intl_pats, _ = spec
    pattern = rng.choice(intl_pats if intl else nat)
    for _ in range(20000):
        pre = rng.choice(prefixes)
        nsn = pre + "".join(rng.choice(string.digits) for _ in range(length - len(pre)))
        if ((region in ("US", "CA") and (nsn[3:6] == "555" or nsn[4:6] == "11"))
                or (kind != "mobile" and nsn[len(pre)] in "01")):
            continue  # no 555 fictional exchanges or N11 codes; local numbers do not start with 0 or 1
        digits = iter(nsn)
        value = "".join(next(digits) if ch == "#" else ch for ch in pattern)
        try:
            num = phonenumbers.parse(value, region)
        except NumberParseException:
            continue
        if (phonenumbers.is_valid_number(num)
                and phonenumbers.region_code_for_number(num) == region
                and phonenumbers.national_significant_number(num) == nsn
                and (kind == "geo" or phonenumbers.number_type(num) in LINE_TYPES[kind])):
            return value
    raise RuntimeError(f"no valid number for {region} {spec[:3]} {pattern}")


def positives():
    rows = []
    for region in COUNTRIES:
        rng = random.Random(f"{SEED}-{region}")
        names, companies = (part.split(",") for part in PEOPLE[region].split("|"))
        ctx = [t for lang in LANGS[region].split() for t in TEMPLATES[lang][0].split("\n")]
        bare = [t for lang in LANGS[region].split() for t in TEMPLATES[lang][1].split("\n")]
        intl_flags = [True] * N_INTL + [False] * (PER_COUNTRY - N_INTL)
        bare_flags = [True] * N_BARE + [False] * (PER_COUNTRY - N_BARE)
        for seq in (intl_flags, bare_flags, ctx, bare):
            rng.shuffle(seq)
        specs, seen, used = list(parse_specs(SPECS[region])), set(), {True: 0, False: 0}
        assert all(p.count("#") == s[2] for s in specs for p in s[3] + s[4]), region
        kinds = sorted({spec[0] for spec in specs})
        for i in range(PER_COUNTRY):
            pool = bare if bare_flags[i] else ctx
            while True:  # cycle through the templates so every one gets used
                tpl = pool[used[bare_flags[i]] % len(pool)]
                used[bare_flags[i]] += 1
                hint = {"[m] ": "mobile", "[l] ": "landline"}.get(tpl[:4])
                kind = hint if hint in kinds else rng.choice(kinds)  # half mobile, half landline
                cands = [spec for spec in specs if spec[0] == kind]
                value = make_number(rng, region, rng.choices(cands, [c[5] for c in cands])[0], intl_flags[i])
                tpl = tpl[4:] if hint else tpl
                text = tpl.replace("¶", "\n").format(n=rng.choice(names), c=rng.choice(companies), p=value)
                if text not in seen:
                    break
            seen.add(text)
            assert text.count(value) == 1 and not re.search(r"\d", text.replace(value, "")), text
            assert not (bare_flags[i] and any(w in tpl.lower() for w in PHONE_WORDS)), tpl
            rows.append({"region": region, "text": text, "value": value,
                         "format": "international" if intl_flags[i] else "national"})
    return rows


# ---- Negatives: look-alike digit strings that are not phone numbers. A slot {name} or {name2} is filled by the
# generator registered under "name" (a shape from NEG_SHAPES, a date format or a function in neg_generators).
NEG_TEMPLATES = """Order #{order} shipped on {date_iso}, delivery expected within a week.
Rechnung Nr. {invoice} vom {date_de} über {eur} ist fällig.
Invoice {invoice} – total {usd}, due {date_us}.
Facture n° {invoice} du {date_uk} : montant {eur} TTC.
Ticket {ticket} reopened at {time}, customer still sees error 0x{hex}.
Deploy of version {ver} finished at {time}; rollback target is {ver2}.
Server {ip} unreachable since {time}, traffic moved to {ip2}.
Device ID {uuid} registered on {date_iso}.
Commit {sha} fixed the flaky test; see also {short_sha}.
Neue Lieferadresse: Hauptstraße {house}, {plz_de}.
Adresse de livraison : {house} rue de la République, {plz_fr}.
Dirección de envío: Calle Mayor {house}, {plz_es}.
Indirizzo di consegna: Via Roma {house}, {plz_it}.
Please refund to IBAN {iban}, customer confirmed the account holder.
SKU {sku} is out of stock until {date_uk}.
Tracking: {ups} (UPS), last scan {date_iso} {time}.
Sendungsnummer {dhl}, Zustellung am {date_de}.
Book recommendation from the workshop: ISBN {isbn}.
Meet at {coord} (parking lot, north entrance).
Conversion rate rose to {pct} in Q{q} {year}.
Final score {score_us} after overtime, attendance {attendance}.
Endstand {score_de} im Pokalspiel am {date_de}, Anstoß war um {time} Uhr.
Workshop moved to room {room} on floor {floor}.
Besprechung in Raum {raum} am {date_de} um {time} Uhr.
Worked at {company} {years}, then moved into consulting.
Sort code {sortcode}, account {acct} (business account).
Kundennummer {kdnr}, Vertrag {vertrag} läuft bis {date_de}.
Steuernummer {stnr} beim Finanzamt hinterlegt.
SIRET {siret} – TVA intracommunautaire {tva}.
KvK {kvk}, btw-id NL{btw}B01, factuur van {date_nl}.
Endereço de entrega: Av. Paulista {house}, CEP {cep}, São Paulo. CNPJ {cnpj}.
Pedido {order} confirmado, total {brl}.
注文番号 {jp_order}、合計 {jpy}、配送予定 {date_jp}。
〒{jp_zip} 東京都千代田区丸の内{jp_chome}
订单号 {cn_order}，金额 ¥{cny}，预计 {date_cn} 送达。
快递单号 SF{sf}，已于 {time} 签收。
Payment of {inr} received, UPI ref {utr}.
Deliver to Sector {sector}, Noida, PIN {in_pin}.
MAC {mac} assigned to the printer on floor {floor}.
Build {build} passed in {dur}.
Pages {pages} of the audit report need review by {date_uk}.
Lotto this week: {lotto} – no luck again.
EAN {ean} scanned at checkout, price {eur}.
Flight {flight} departs {time} from gate {gate}, seat {seat}.
Kilometerstand {km} km beim letzten Service am {date_de}.
Zamówienie nr {order} z dnia {date_de}, kwota {pln}.
Faktura {invoice_pl}, NIP {nip}.
Ordernummer {order}, levering op {date_nl}.
Ärende {ticket_se}, leverans {date_iso}, belopp {sek}.
Ship to 1 Market St, {us_city}.
Dataset covers {years}, {rows} rows in total, last refresh {date_iso}.
Serial {serial}, warranty until {date_iso}.
Expediente {exp}, referencia {ref}.
Le RDV est le {date_uk} à {time_fr}, salle {room}.
Transaktion {txid} über {chf} abgeschlossen.""".split("\n")


# Simple slots as shape patterns: # digit, ~ digit 1-9, @ letter A-Z, & letter or digit,
# $ hex digit, ^ upper-case hex digit; "|" separates alternatives; anything else is literal.
NEG_SHAPES = {
    "order": "~########|~######|~##-#######-#######|A~#######|~#####-##", "invoice": "RE-202#-#####|INV-~#####|202#/####",
    "ticket": "INC#######|SR-~#####|OPS-~###|~####", "sku": "@@-####-####", "ups": "1Z&&&&&&##########",
    "dhl": "00340434############|JJD##################", "room": "~##|B~.##|~###", "raum": "~.###", "floor": "~|1#",
    "sortcode": "##-##-##", "acct": "########", "kdnr": "~####-###", "vertrag": "V########", "stnr": "##/###/#####",
    "siret": "~## ### ### #####", "tva": "FR## ### ### ###", "kvk": "~#######", "btw": "#########",
    "cnpj": "##.###.###/0001-##", "cep": "~####-###", "jp_order": "~##-#######-#######", "jp_zip": "~##-####",
    "jp_chome": "~-~-~#|~-~#-~", "cn_order": "202##############", "sf": "#############", "utr": "~###########",
    "in_pin": "~#####", "sector": "~#|1##", "mac": "^^:^^:^^:^^:^^:^^", "dur": "~m ~#s|~#m ~s", "nip": "###-###-##-##",
    "ticket_se": "202#-######", "flight": "LH ~##|BA ~###|AF ~###|KL ~##|IB ~###|AZ ~##", "gate": "A~|B~#|K~#",
    "seat": "~#A|~C|~#F", "house": "~|~#", "q": "1|2|3|4", "year": "2019|2021|2022|2023|2024",
    "serial": "@@##-#####-####", "exp": "202#/######", "ref": "@@@-######", "txid": "$$$$$$$$$$$$$$$$", "hex": "^^^^",
    "short_sha": "$$$$$$$", "pct": "~#.#%|~#,# %|~%",
    "ver": "v#.~#.#|~.0.0-rc.~|202#.~.#|v~.#", "score_de": "~:#|#:~", "company": "Deloitte|Siemens|Accenture|Unilever|Bosch",
    "plz_de": "10115 Berlin|80331 München|20095 Hamburg|50667 Köln|04109 Leipzig|70173 Stuttgart",
    "plz_fr": "75008 Paris|69002 Lyon|13001 Marseille|31000 Toulouse|59800 Lille",
    "plz_es": "28013 Madrid|08002 Barcelona|46001 Valencia|41004 Sevilla|48001 Bilbao",
    "plz_it": "00184 Roma|20121 Milano|10121 Torino|80133 Napoli|50123 Firenze",
    "us_city": "San Francisco, CA 94105|Austin, TX 78701|Boston, MA 02110|Seattle, WA 98101-3143",
}
SHAPE_CHARS = {"#": string.digits, "~": "123456789", "@": string.ascii_uppercase,
               "&": string.ascii_uppercase + string.digits, "$": "0123456789abcdef", "^": "0123456789ABCDEF"}
DATE_FORMATS = {"date_iso": "{y}-{m:02d}-{d:02d}", "date_de": "{d:02d}.{m:02d}.{y}", "date_us": "{m:02d}/{d:02d}/{y}",
                "date_uk": "{d:02d}/{m:02d}/{y}", "date_nl": "{d:02d}-{m:02d}-{y}", "date_jp": "{y}年{m}月{d}日|{y}/{m:02d}/{d:02d}",
                "date_cn": "{y}年{m}月{d}日|{y}-{m:02d}-{d:02d}", "build": "{y}{m:02d}{d:02d}.1|{y}{m:02d}{d:02d}.3",
                "invoice_pl": "FV/{m:02d}/{y}/{d}"}


def neg_generators(rng):
    """Slots that need arithmetic (grouping, check digits, ranges) rather than a shape."""
    def shape(pats):
        return "".join(rng.choice(SHAPE_CHARS[c]) if c in SHAPE_CHARS else c for c in rng.choice(pats.split("|")))

    def date(fmts):
        return rng.choice(fmts.split("|")).format(y=rng.randint(2018, 2026), m=rng.randint(1, 12), d=rng.randint(1, 28))

    def grp(lo, hi, sep, tail=""):  # 1234567 -> 1.234.567 style grouping
        return f"{rng.randint(lo, hi):,}".replace(",", sep) + tail.replace("##", f"{rng.randint(0, 99):02d}")

    def inr():  # Indian grouping: 12,34,567
        return "₹" + re.sub(r"(\d)(?=(\d\d)*\d{3}$)", r"\1,", str(rng.randint(10000, 9999999)))

    def iban():
        cc, length = rng.choice([("DE", 18), ("FR", 23), ("ES", 20), ("IT", 23), ("BE", 12)])
        bban = shape("#" * length)
        check = next(c for c in (shape("##") for _ in iter(int, 1))  # keep the check digits WRONG
                     if int("".join(str(int(ch, 36)) for ch in bban + cc + c)) % 97 != 1)
        s = cc + check + bban
        return " ".join(s[i:i + 4] for i in range(0, len(s), 4))

    def isbn():
        group, pub = rng.choice([("3", 2), ("0", 3), ("2", 4), ("84", 3), ("88", 2)])
        body = "978" + group + shape("#" * (9 - len(group)))
        check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body)) % 10) % 10
        k = 3 + len(group)
        return f"978-{group}-{body[k:k + pub]}-{body[k + pub:]}-{check}"

    def ean():
        body = rng.choice(["40", "50", "76", "80", "87"]) + shape("#" * 10)
        return body + str((10 - sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body)) % 10) % 10)

    def years():
        return (lambda a: f"{a}{rng.choice('-–')}{rng.randint(a + 2, 2024)}")(rng.randint(1975, 2015))

    def coord():
        return rng.choice([f"{rng.uniform(-45, 65):.5f}, {rng.uniform(-120, 150):.5f}",
                           f"{rng.randint(10, 60)}°{rng.randint(0, 59)}'{rng.randint(0, 59)}\"N {rng.randint(1, 30)}°{rng.randint(0, 59):02d}'E"])

    gens = {name: (lambda p=pats: shape(p)) for name, pats in NEG_SHAPES.items()}
    gens.update({name: (lambda f=fmts: date(f)) for name, fmts in DATE_FORMATS.items()})
    gens.update({
        "inr": inr, "iban": iban, "isbn": isbn, "ean": ean, "years": years, "coord": coord,
        "time": lambda: f"{rng.randint(6, 22):02d}:{rng.choice([0, 15, 30, 45, rng.randint(0, 59)]):02d}",
        "time_fr": lambda: f"{rng.randint(8, 19)}h{rng.choice([0, 15, 30, 45]):02d}",
        "eur": lambda: rng.choice([grp(1000, 999999, ".", ",## EUR"), f"€ {rng.randint(5, 99)},{rng.randint(0, 99):02d}",
                                   grp(1000, 99999, " ", ",## €")]),
        "usd": lambda: "$" + grp(100, 999999, ",", ".##"), "brl": lambda: "R$ " + grp(100, 99999, ".", ",##"),
        "jpy": lambda: rng.choice(["¥" + grp(1000, 999999, ","), grp(1000, 99999, ",", "円")]),
        "cny": lambda: f"{rng.randint(10, 99999)}.{rng.randint(0, 99):02d}", "pln": lambda: grp(1000, 99999, " ", ",## zł"),
        "sek": lambda: grp(1000, 99999, " ", " kr"), "chf": lambda: "CHF " + grp(1000, 99999, "'", ".50"),
        "km": lambda: grp(10000, 250000, "."), "rows": lambda: grp(100000, 99999999, ","),
        "attendance": lambda: grp(8000, 80000, ","),
        "ip": lambda: rng.choice(["10", "172", "192", str(rng.randint(11, 223))])
        + "".join(f".{rng.randint(0, 255)}" for _ in range(3)) + rng.choice(["", f":{rng.choice([80, 443, 8080, 5432])}"]),
        "uuid": lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4)), "sha": lambda: f"{rng.getrandbits(160):040x}",
        "score_us": lambda: f"{rng.randint(88, 130)}-{rng.randint(80, 125)}",
        "pages": lambda: (lambda a: f"{a}-{a + rng.randint(3, 40)}")(rng.randint(12, 400)),
        "lotto": lambda: " ".join(str(x) for x in sorted(rng.sample(range(1, 50), 6))),
    })
    return gens


def negatives():
    rng = random.Random(f"{SEED}-NONE")
    gen = neg_generators(rng)
    rows, seen, i = [], set(), 0
    while len(rows) < N_NEG:
        tpl = NEG_TEMPLATES[i % len(NEG_TEMPLATES)]
        i += 1
        slots = {name: gen[re.sub(r"\d+$", "", name)]() for _, name, _, _ in string.Formatter().parse(tpl) if name}
        text = tpl.format(**slots)
        if text not in seen:
            seen.add(text)
            rows.append({"region": "NONE", "text": text, "value": "", "format": "negative"})
    return rows


def main():
    rows = positives() + negatives()
    OUT.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"wrote {len(rows)} lines to {OUT}")


if __name__ == "__main__":
    main()
