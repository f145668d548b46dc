"""
Synthetic CORDIS files (H2020 bulk export layout) of any size, for benchmarks.

    python -m tests.bench.cordis_files --projects 35000 --out /tmp/cordis [--seed 1] [--json]

writes project.csv and organization.csv (and, with --json, project.json and
organization.json) into --out, the same for a given seed. The CSV layout is the
one CORDIS publishes: UTF-8 with a byte-order mark, ";" separated, fields quoted
only when needed. Rows are streamed to disk; only the organisation pool is held
in memory. Standard library only.
"""

import argparse
import calendar
import csv
import json
import math
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

PROJECT_COLUMNS = [
    "id", "acronym", "status", "title", "startDate", "endDate", "totalCost", "ecMaxContribution",
    "legalBasis", "topics", "ecSignatureDate", "frameworkProgramme", "masterCall", "subCall",
    "fundingScheme", "nature", "objective", "contentUpdateDate", "rcn", "grantDoi",
]  # fmt: skip
ORGANIZATION_COLUMNS = [
    "projectID", "projectAcronym", "organisationID", "vatNumber", "name", "shortName", "SME",
    "activityType", "street", "postCode", "city", "country", "nutsCode", "geolocation",
    "organizationURL", "contactForm", "contentUpdateDate", "rcn", "order", "role", "ecContribution",
    "netEcContribution", "totalCost", "endOfParticipation", "active",
]  # fmt: skip

FIRST_PROJECT_ID = 633000
MEAN_CONSORTIUM = 5.22  # measured mean of consortium_size() below; sizes the organisation pool
POOL_SHARE = 0.35  # distinct organisations in the pool per participation row
START_MIN = date(2014, 1, 1)
START_MAX = date(2021, 12, 31)
TODAY = date(2023, 1, 1)  # "now" for project status

# scheme: (weight, legal basis choices, topic pattern, master call, sub call, total cost range, EC funding rate)
SCHEMES = {
    "RIA": (25, ["H2020-EU.3.1.", "H2020-EU.3.2.", "H2020-EU.3.3.", "H2020-EU.3.4.", "H2020-EU.3.5.",
                 "H2020-EU.3.7.", "H2020-EU.2.1.1.", "H2020-EU.2.1.3."],
            "{area}-{n}-{year}", "H2020-{area}-{year}-{year2}", "H2020-{area}-{year}-TwoStage",
            (1.5e6, 9e6), 1.0),
    "IA": (12, ["H2020-EU.3.3.", "H2020-EU.3.4.", "H2020-EU.2.1.1.", "H2020-EU.2.1.5.", "H2020-EU.3.2."],
           "{area}-{n}-{year}", "H2020-{area}-{year}-{year2}", "H2020-{area}-{year}-SingleStage",
           (2.5e6, 15e6), 0.7),
    "CSA": (10, ["H2020-EU.3.6.", "H2020-EU.4.", "H2020-EU.5.", "H2020-EU.3.7.", "H2020-EU.1.4."],
            "{area}-{n}-{year}", "H2020-{area}-{year}-{year2}", "H2020-{area}-{year}-CSA",
            (0.3e6, 3e6), 1.0),
    "ERC-STG": (15, ["H2020-EU.1.1."], "ERC-{year}-STG", "ERC-{year}-STG", "ERC-{year}-STG",
                (1.0e6, 1.5e6), 1.0),
    "MSCA-IF-EF-ST": (23, ["H2020-EU.1.3.2."], "MSCA-IF-{year}", "H2020-MSCA-IF-{year}",
                      "H2020-MSCA-IF-{year}", (0.15e6, 0.27e6), 1.0),
    "SME-2": (15, ["H2020-EU.2.3.1.", "H2020-EU.2.1.1."], "SMEInst-{n}-{year}-{year2}",
              "H2020-SMEInst-{year}-{year2}", "H2020-SMEINST-2-{year}-{year2}", (0.8e6, 3.5e6), 0.7),
}  # fmt: skip
SINGLE_SCHEMES = {"ERC-STG", "MSCA-IF-EF-ST", "SME-2"}
AREAS = ["SC1", "SC2", "SC5", "SFS", "BG", "LCE", "EE", "MG", "DRS", "CO-CREATION", "ICT", "NMBP", "SPACE",
         "FETPROACT", "INFRAIA", "LC-SC3-RES", "DT-ICT", "CE-SC5", "SU-DRS", "GV", "BIOTEC", "EINFRA"]  # fmt: skip

# code: (weight, cities [(city, nuts, lat, lon)], legal forms, VAT prefix)
COUNTRIES = {
    "DE": (14, [("BERLIN", "DE300", 52.52, 13.40), ("MUENCHEN", "DE212", 48.14, 11.58),
                ("STUTTGART", "DE111", 48.78, 9.18), ("KÖLN", "DEA23", 50.94, 6.96)], ["GMBH", "AG", "EV"], "DE"),
    "FR": (11, [("PARIS", "FR101", 48.86, 2.35), ("GRENOBLE", "FRK24", 45.19, 5.72),
                ("TOULOUSE", "FRJ23", 43.60, 1.44)], ["SAS", "SA", "SARL"], "FR"),
    "IT": (10, [("ROMA", "ITI43", 41.90, 12.50), ("MILANO", "ITC4C", 45.46, 9.19),
                ("LECCE", "ITF45", 40.35, 18.17), ("TORINO", "ITC11", 45.07, 7.69)], ["SRL", "SPA", "SCARL"], "IT"),
    "ES": (10, [("MADRID", "ES300", 40.42, -3.70), ("BARCELONA", "ES511", 41.39, 2.17),
                ("SEVILLA", "ES618", 37.39, -5.98)], ["SL", "SA", "SOCIEDAD LIMITADA"], "ES"),
    "UK": (9, [("LONDON", "UKI31", 51.51, -0.13), ("CAMBRIDGE", "UKH12", 52.21, 0.12),
               ("EDINBURGH", "UKM75", 55.95, -3.19)], ["LIMITED", "LTD", "PLC"], "GB"),
    "NL": (6, [("AMSTERDAM", "NL329", 52.37, 4.90), ("DELFT", "NL333", 52.01, 4.36)], ["BV", "NV"], "NL"),
    "BE": (5, [("BRUXELLES", "BE100", 50.85, 4.35), ("LEUVEN", "BE241", 50.88, 4.70)], ["NV", "SA", "SPRL"], "BE"),
    "EL": (4, [("ATHINA", "EL303", 37.98, 23.73), ("THESSALONIKI", "EL522", 40.64, 22.94)],
           ["AE", "EPE", "IKE"], "EL"),
    "PT": (3, [("LISBOA", "PT170", 38.72, -9.14), ("PORTO", "PT11A", 41.15, -8.61)], ["LDA", "SA"], "PT"),
    "AT": (3, [("WIEN", "AT130", 48.21, 16.37), ("GRAZ", "AT221", 47.07, 15.44)], ["GMBH", "AG"], "ATU"),
    "SE": (3, [("STOCKHOLM", "SE110", 59.33, 18.07), ("LUND", "SE224", 55.70, 13.19)], ["AB"], "SE"),
    "DK": (2, [("KOBENHAVN", "DK011", 55.68, 12.57), ("AARHUS", "DK042", 56.16, 10.20)], ["APS", "AS"], "DK"),
    "FI": (2, [("HELSINKI", "FI1B1", 60.17, 24.94), ("ESPOO", "FI1B1", 60.21, 24.66)], ["OY", "OYJ"], "FI"),
    "IE": (2, [("DUBLIN", "IE061", 53.35, -6.26), ("CORK", "IE053", 51.90, -8.47)], ["LIMITED", "DAC"], "IE"),
    "PL": (2, [("WARSZAWA", "PL911", 52.23, 21.01), ("KRAKOW", "PL213", 50.06, 19.94)], ["SP ZOO", "SA"], "PL"),
    "CZ": (1, [("PRAHA", "CZ010", 50.08, 14.44), ("BRNO", "CZ064", 49.20, 16.61)], ["SRO", "AS"], "CZ"),
    "HU": (1, [("BUDAPEST", "HU110", 47.50, 19.04)], ["KFT", "ZRT"], "HU"),
    "RO": (1, [("BUCURESTI", "RO321", 44.43, 26.10), ("CLUJ-NAPOCA", "RO113", 46.77, 23.60)], ["SRL", "SA"], "RO"),
    "BG": (1, [("SOFIA", "BG411", 42.70, 23.32)], ["EOOD", "OOD", "AD"], "BG"),
    "SI": (1, [("LJUBLJANA", "SI041", 46.06, 14.51)], ["DOO", "DD"], "SI"),
    "SK": (1, [("BRATISLAVA", "SK010", 48.15, 17.11)], ["SRO", "AS"], "SK"),
    "HR": (1, [("ZAGREB", "HR050", 45.81, 15.98)], ["DOO", "DD"], "HR"),
    "LT": (1, [("VILNIUS", "LT011", 54.69, 25.28)], ["UAB", "AB"], "LT"),
    "LV": (1, [("RIGA", "LV006", 56.95, 24.11)], ["SIA", "AS"], "LV"),
    "EE": (1, [("TALLINN", "EE001", 59.44, 24.75)], ["OU", "AS"], "EE"),
    "CY": (1, [("NICOSIA", "CY000", 35.17, 33.36)], ["LIMITED", "LTD"], "CY"),
    "MT": (1, [("VALLETTA", "MT001", 35.90, 14.51)], ["LIMITED", "LTD"], "MT"),
    "LU": (1, [("LUXEMBOURG", "LU000", 49.61, 6.13)], ["SARL", "SA"], "LU"),
    "NO": (2, [("OSLO", "NO081", 59.91, 10.75), ("TRONDHEIM", "NO060", 63.43, 10.40)], ["AS", "ASA"], "NO"),
    "CH": (2, [("ZURICH", "CH040", 47.37, 8.54), ("LAUSANNE", "CH011", 46.52, 6.63)], ["AG", "SA", "GMBH"], "CHE"),
    "IS": (1, [("REYKJAVIK", "IS001", 64.15, -21.94)], ["EHF", "HF"], "IS"),
    "IL": (1, [("TEL AVIV", "", 32.09, 34.78), ("HAIFA", "", 32.79, 34.99)], ["LTD"], "IL"),
    "TR": (1, [("ANKARA", "TR510", 39.93, 32.86), ("ISTANBUL", "TR100", 41.01, 28.98)], ["AS", "LTD STI"], "TR"),
    "RS": (1, [("BEOGRAD", "RS110", 44.79, 20.45)], ["DOO"], "RS"),
    "UA": (1, [("KYIV", "", 50.45, 30.52)], ["TOV", "LLC"], "UA"),
    "US": (1, [("BOSTON", "", 42.36, -71.06), ("PALO ALTO", "", 37.44, -122.14)], ["INC", "LLC", "CORP"], ""),
    "CN": (1, [("BEIJING", "", 39.90, 116.41), ("SHANGHAI", "", 31.23, 121.47)], ["CO LTD", "LIMITED"], ""),
    "ZA": (1, [("CAPE TOWN", "", -33.92, 18.42), ("PRETORIA", "", -25.75, 28.19)], ["PTY LTD", "NPC"], ""),
    "CA": (1, [("TORONTO", "", 43.65, -79.38)], ["INC", "LTD"], ""),
    "JP": (1, [("TOKYO", "", 35.68, 139.69)], ["KK", "CO LTD"], ""),
    "AU": (1, [("SYDNEY", "", -33.87, 151.21)], ["PTY LTD"], ""),
    "BR": (1, [("SAO PAULO", "", -23.55, -46.63)], ["LTDA", "SA"], ""),
    "KE": (1, [("NAIROBI", "", -1.29, 36.82)], ["LIMITED"], ""),
}  # fmt: skip
COUNTRY_CODES = list(COUNTRIES)
COUNTRY_WEIGHTS = [COUNTRIES[code][0] for code in COUNTRY_CODES]

SYLLABLES = ["NANO", "BIO", "GRID", "SMART", "AQUA", "TERRA", "CLIM", "ENER", "MED", "GEN", "QUANT", "PHOTO",
             "CYBER", "SOL", "HYDRO", "AGRO", "DATA", "NEURO", "CELL", "MAR", "ECO", "FOOD", "CIRC", "ROB",
             "SAFE", "TRANS", "URB", "POLY", "MAT", "IMMUNO", "ONCO", "ASTRO", "GEO", "HEAT", "WIND", "LIGHT",
             "SENSE", "CARE", "BRAIN", "OPEN", "FUTURE", "TWIN", "FLEX", "CAT", "LINK", "NET", "FOR", "ART"]  # fmt: skip
WORDS = """
research innovation novel approach system systems data model models energy climate health patients
cells materials process processes platform network networks development framework analysis methods
efficient sustainable integrated advanced European industrial digital smart new high low cost
performance quality production management service services technology technologies tools design
validation demonstration market partners consortium project objectives results impact society policy
public private stakeholders knowledge understanding mechanisms molecular quantum optical sensors
devices renewable storage hydrogen batteries water food agriculture soil marine ocean urban cities
transport mobility vehicles aviation safety security privacy artificial intelligence machine learning
algorithms computing infrastructure scientific experimental theoretical clinical trials treatment
disease cancer brain immune response genes protein structure function dynamics evolution species
biodiversity ecosystem environmental emissions carbon circular economy waste recycling manufacturing
robots automation monitoring detection imaging diagnostics therapy personalised medicine training
researchers career mobility skills education citizens cultural heritage social inclusion migration
governance regulation standards interoperability open science access scalable robust reliable
resilient flexible modular hybrid complex multi-scale multidisciplinary interdisciplinary
the the the the of of of of and and and and to to to in in in for for with with on by from a a an
will will will is are be this that these which our their its through within across between towards
""".split()
TITLE_WORDS = [w for w in WORDS if len(w) > 3]
# A project writes about its own topic: its objective draws on a few dozen subject words, between the words
# every text has. From the whole list each word would be in two objectives out of three ("energy" too),
# where in CORDIS's a subject word is in a few in a hundred, and a search for it would be measured on
# results no real search gives.
FUNCTION_WORDS = [w for w in WORDS if len(w) <= 3 or w in ("will", "this", "that", "these", "which", "their",
                                                          "through", "within", "across", "between", "towards")]
SUBJECT_WORDS = sorted({w for w in TITLE_WORDS if w not in FUNCTION_WORDS})
TOPIC_SIZE = 20
ORG_WORDS = ["ADVANCED", "APPLIED", "TECHNOLOGIES", "SYSTEMS", "SOLUTIONS", "ENGINEERING", "RESEARCH", "ENERGY",
             "INNOVATION", "CONSULTING", "DIGITAL", "MEDICAL", "MARINE", "GREEN", "NANO", "BIO", "SOFTWARE",
             "DYNAMICS", "INSTRUMENTS", "MATERIALS", "ROBOTICS", "PHARMA", "LABS", "NETWORKS", "ANALYTICS",
             "ENVIRONMENTAL", "AEROSPACE", "FOODS", "AGRI", "PHOTONICS", "QUANTUM", "CIRCULAR", "WATER"]  # fmt: skip
SURNAMES = ["ROSSI", "MUELLER", "MARTIN", "GARCIA", "PAPADOPOULOS", "NOWAK", "JANSEN", "SMITH", "SILVA",
            "NIELSEN", "KOVACS", "VIRTANEN", "HORVAT", "DUBOIS", "FERREIRA", "BAUER", "O'BRIEN", "LEHTONEN"]  # fmt: skip
ACTIVITY_TYPES = ["HES", "REC", "PRC", "PUB", "OTH"]
ACTIVITY_WEIGHTS = [27, 22, 38, 7, 6]
OTHER_ROLES = ["partner", "thirdParty", "associatedPartner"]


@dataclass
class Stats:
    projects: int
    rows: int
    organisations: int
    paths: list


def amount(value, comma):
    """'1234567.50' or, CORDIS's other style, '1234567,5' (decimal comma, no trailing zeros)."""
    text = f"{value:.2f}"
    if comma:
        text = text.rstrip("0").rstrip(".").replace(".", ",")
    return text


def add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def timestamp(rng):
    day = date(2022, 1, 1) + timedelta(days=rng.randrange(400))
    return f"{day.isoformat()} {rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"


def consortium_size(rng, scheme):
    if scheme in SINGLE_SCHEMES:
        r = rng.random()
        return 1 if r < 0.8 else 2 if r < 0.95 else 3
    scale = 5.0 if scheme == "CSA" else 8.3
    return min(50, max(2, 1 + int(rng.lognormvariate(math.log(scale), 0.62))))


def topic(rng):
    """The subject words of one project."""
    return rng.sample(SUBJECT_WORDS, TOPIC_SIZE)


def sentence(rng, subject, low=8, high=24):
    words = [rng.choice(subject if rng.random() < 0.5 else FUNCTION_WORDS) for _ in range(rng.randint(low, high))]
    r = rng.random()
    if r < 0.12:
        words.insert(rng.randrange(2, len(words)), '"' + rng.choice(subject) + '"')
    elif r < 0.22:
        words[len(words) // 2] += ";"
    elif r < 0.30:
        words[len(words) // 2] += ","
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def objective(rng, subject):
    """150 to 300 words, as CORDIS's objectives mostly are, in sentences; now and then a line break."""
    target = rng.randint(150, 300)
    parts, count = [], 0
    while count < target:
        part = sentence(rng, subject)
        parts.append(part)
        count += part.count(" ") + 1
    text = ""
    for part in parts:
        if text:
            r = rng.random()
            text += "\n" if r < 0.02 else "\n\n" if r < 0.03 else " "
        text += part
    if len(text) > 3000:
        text = text[:2999].rstrip() + "."
    return text


def title(rng, subject):
    target = rng.randint(40, 200)
    words = []
    length = -1
    while length < target:
        word = rng.choice(subject)
        words.append(word)
        length += len(word) + 1
    if rng.random() < 0.3 and len(words) > 4:
        words[2] += ":"
    if rng.random() < 0.03:
        words.insert(len(words) - 1, words.pop() + ";")
    while length > 200 or len(" ".join(words)) > 200:
        length -= len(words.pop()) + 1
    text = " ".join(words)
    return text[0].upper() + text[1:]


def acronym(rng, recent):
    if recent and rng.random() < 0.04:
        return rng.choice(recent)
    word = "".join(rng.sample(SYLLABLES, rng.randint(1, 3)))
    r = rng.random()
    if r < 0.10:
        word += str(rng.randint(2, 2020 if rng.random() < 0.2 else 9))
    elif r < 0.16:
        word = rng.choice(["EU", "H2", "X", "IN", "RE"]) + "-" + word
    elif r < 0.20:
        word = word[: len(word) // 2] + "4" + word[len(word) // 2 :]
    elif r < 0.24:
        word += "-" + rng.choice(["PLUS", "II", "EU", "NET", "LAB"])
    if len(recent) < 2000:
        recent.append(word)
    else:
        recent[rng.randrange(2000)] = word
    return word


def organisation_name(rng, activity, country):
    _, cities, forms, _ = COUNTRIES[country]
    city = rng.choice(cities)[0]
    pick = rng.random()
    if activity == "HES":
        name = rng.choice(
            [
                f"UNIVERSITY OF {city}",
                f"UNIVERSITA DEGLI STUDI DI {city}",
                f"UNIVERSITÉ DE {city}",
                f"TECHNISCHE UNIVERSITÄT {city}",
                f"{city} UNIVERSITY OF TECHNOLOGY",
                f"UNIVERSIDAD POLITECNICA DE {city}",
                f"{rng.choice(SURNAMES)} COLLEGE {city}",
            ]
        )
    elif activity == "REC":
        name = rng.choice(
            [
                f"CENTRE FOR {rng.choice(ORG_WORDS)} RESEARCH {city}",
                f"INSTITUTE OF {rng.choice(ORG_WORDS)} {rng.choice(ORG_WORDS)}",
                f"FUNDACION {rng.choice(ORG_WORDS)} {city}",
                f"{rng.choice(ORG_WORDS)} RESEARCH CENTRE {city}",
            ]
        )
    elif activity == "PUB":
        name = rng.choice(
            [
                f"MUNICIPALITY OF {city}",
                f"REGIONAL AGENCY FOR {rng.choice(ORG_WORDS)} OF {city}",
                f"MINISTRY OF {rng.choice(ORG_WORDS)}",
            ]
        )
    else:
        name = f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_WORDS)} {rng.choice(forms)}"
        if pick < 0.3:
            name = f"{rng.choice(SURNAMES)} {name}"
    if pick > 0.96:
        name = f'{name} "{rng.choice(ORG_WORDS)}"'
    elif pick > 0.93:
        name = f"{name}; {rng.choice(ORG_WORDS)} DIVISION"
    return name, city


def make_organisation(rng, pic, rcn):
    country = rng.choices(COUNTRY_CODES, COUNTRY_WEIGHTS)[0]
    activity = rng.choices(ACTIVITY_TYPES, ACTIVITY_WEIGHTS)[0]
    name, city = organisation_name(rng, activity, country)
    _, cities, _, vat_prefix = COUNTRIES[country]
    _, nuts, lat, lon = next(c for c in cities if c[0] == city)
    short = "".join(word[0] for word in name.replace(";", " ").replace('"', " ").split()[:5])
    slug = "".join(ch for ch in name.lower().split(";")[0] if ch.isascii() and ch.isalnum())[:20]
    sme = "true" if activity == "PRC" and rng.random() < 0.55 else "false"
    return (
        str(pic),
        f"{vat_prefix}{rng.randrange(10**8, 10**11)}" if vat_prefix and rng.random() < 0.7 else "",
        name,
        short if rng.random() < 0.6 else "",
        sme if rng.random() < 0.97 else "",
        activity if rng.random() < 0.985 else "",
        f"{rng.choice(['VIA', 'RUE', 'STRASSE', 'CALLE', 'ROAD', 'AVENUE'])} {rng.choice(SURNAMES)} {rng.randint(1, 250)}",
        f"{rng.randrange(1000, 99999)}" if rng.random() < 0.95 else "",
        city,
        country,
        nuts,
        f"{lat + rng.uniform(-0.05, 0.05):.4f},{lon + rng.uniform(-0.05, 0.05):.4f}" if rng.random() < 0.9 else "",
        f"http://www.{slug}.{country.lower() if country != 'EL' else 'gr'}" if rng.random() < 0.6 else "",
        f"https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/contact-form/PROJECT/{pic}",
        timestamp(rng),
        str(rcn),
    )


class JsonList:
    """Writes a JSON list of objects one element at a time."""

    def __init__(self, path, columns):
        self.file = open(path, "w", encoding="utf-8")
        self.columns = columns
        self.first = True
        self.file.write("[")

    def write(self, row):
        self.file.write("\n" if self.first else ",\n")
        self.first = False
        self.file.write(json.dumps(dict(zip(self.columns, row, strict=True)), ensure_ascii=False))

    def close(self):
        self.file.write("\n]\n")
        self.file.close()


def generate(directory, projects, seed=1, json_too=False):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)

    pool_size = max(60, round(POOL_SHARE * MEAN_CONSORTIUM * projects))
    pics = rng.sample(range(100_000_000, 1_000_000_000), pool_size)
    org_rcns = rng.sample(range(1_900_000, 1_900_000 + 20 * pool_size), pool_size)
    pool = [make_organisation(rng, pic, rcn) for pic, rcn in zip(pics, org_rcns, strict=True)]
    used = bytearray(pool_size)

    scheme_names = list(SCHEMES)
    scheme_weights = [SCHEMES[name][0] for name in scheme_names]
    id_gap = max(1, min(3, (999_999 - FIRST_PROJECT_ID) // max(1, projects)))
    start_days = (START_MAX - START_MIN).days + 1
    recent_acronyms = []

    project_path, organisation_path = directory / "project.csv", directory / "organization.csv"
    paths = [project_path, organisation_path]
    project_file = open(project_path, "w", encoding="utf-8-sig", newline="")
    organisation_file = open(organisation_path, "w", encoding="utf-8-sig", newline="")
    project_json = organisation_json = None
    if json_too:
        project_json = JsonList(directory / "project.json", PROJECT_COLUMNS)
        organisation_json = JsonList(directory / "organization.json", ORGANIZATION_COLUMNS)
        paths += [directory / "project.json", directory / "organization.json"]
    rows = 0
    try:
        project_writer = csv.writer(project_file, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        organisation_writer = csv.writer(
            organisation_file, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\n"
        )
        project_writer.writerow(PROJECT_COLUMNS)
        organisation_writer.writerow(ORGANIZATION_COLUMNS)

        project_id = FIRST_PROJECT_ID
        project_rcn = 194_000
        for _ in range(projects):
            scheme = rng.choices(scheme_names, scheme_weights)[0]
            _, legal_bases, topic_pattern, master_pattern, sub_pattern, cost_range, rate = SCHEMES[scheme]
            start = START_MIN + timedelta(days=rng.randrange(start_days))
            months = rng.randint(12, 84) if scheme not in ("ERC-STG", "MSCA-IF-EF-ST") else rng.choice([24, 60])
            end = add_months(start, months) - timedelta(days=1)
            signature = start - timedelta(days=rng.randint(10, 180))
            call_year = max(2014, min(2020, start.year - rng.randint(0, 1)))
            fields = {"area": rng.choice(AREAS), "n": rng.randint(1, 30), "year": call_year, "year2": call_year + 1}
            r = rng.random()
            if r < 0.03:
                status = "TERMINATED"
            elif end < TODAY:
                status = "CLOSED" if r < 0.9 else "SIGNED"
            else:
                status = "SIGNED"
            total = round(rng.uniform(*cost_range), rng.choice([0, 1, 2]))
            ec_max = round(total * rate * rng.uniform(0.85, 1.0), 2)
            comma = rng.random() < 1 / 3
            acro = acronym(rng, recent_acronyms)
            subject = topic(rng)
            project_row = [
                str(project_id),
                acro,
                status,
                title(rng, subject),
                start.isoformat(),
                end.isoformat(),
                amount(total, comma) if rng.random() > 0.02 else "",
                amount(ec_max, comma) if rng.random() > 0.02 else "",
                rng.choice(legal_bases),
                topic_pattern.format(**fields),
                signature.isoformat(),
                "H2020",
                master_pattern.format(**fields),
                sub_pattern.format(**fields),
                scheme,
                "",
                objective(rng, subject),
                timestamp(rng),
                str(project_rcn),
                f"10.3030/{project_id}",
            ]
            project_writer.writerow(project_row)
            if project_json:
                project_json.write(project_row)

            size = consortium_size(rng, scheme)
            members = set()
            chosen = []
            while len(chosen) < size:
                if rng.random() < 0.35:
                    index = int(pool_size * rng.random() ** 3)  # the big, frequent participants
                else:
                    index = rng.randrange(pool_size)
                if index not in members:
                    members.add(index)
                    chosen.append(index)
            weights = [rng.uniform(0.5, 1.5) for _ in chosen]
            weights[0] *= 1.6
            weight_sum = sum(weights)
            for order, (index, weight) in enumerate(zip(chosen, weights, strict=True), start=1):
                used[index] = 1
                if order == 1:
                    role = "coordinator"
                elif rng.random() < 0.06:
                    role = rng.choice(OTHER_ROLES)
                else:
                    role = "participant"
                if role in ("partner", "associatedPartner"):
                    contribution = 0.0
                    org_cost = round(rng.uniform(1e4, 3e5), 2)
                else:
                    contribution = round(ec_max * weight / weight_sum, 2)
                    org_cost = round(contribution / rate, 2)
                net = contribution if rng.random() < 0.85 else round(contribution * rng.uniform(0.7, 1.0), 2)
                row_comma = rng.random() < 1 / 3
                ended = rng.random() < 0.02
                org = pool[index]
                organisation_row = [
                    str(project_id),
                    acro,
                    *org,
                    str(order),
                    role,
                    amount(contribution, row_comma) if rng.random() > 0.03 else "",
                    amount(net, row_comma) if rng.random() > 0.03 else "",
                    amount(org_cost, row_comma) if rng.random() > 0.02 else "",
                    "true" if ended else "false",
                    "false" if ended or rng.random() < 0.01 else "true",
                ]
                organisation_writer.writerow(organisation_row)
                if organisation_json:
                    organisation_json.write(organisation_row)
                rows += 1
            project_id += rng.randint(1, id_gap)
            project_rcn += rng.randint(1, 20)
    finally:
        project_file.close()
        organisation_file.close()
        if project_json:
            project_json.close()
            organisation_json.close()
    return Stats(projects=projects, rows=rows, organisations=sum(used), paths=paths)


def write_files(directory, projects, seed=1, json_too=False) -> tuple[Path, Path]:
    """Write project.csv and organization.csv (and the .json twins) into directory; return the CSV paths."""
    stats = generate(directory, projects, seed=seed, json_too=json_too)
    return stats.paths[0], stats.paths[1]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write synthetic CORDIS H2020 project.csv and organization.csv.")
    parser.add_argument("--projects", type=int, required=True, help="number of projects")
    parser.add_argument("--out", type=Path, required=True, help="output directory (created if missing)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed, same files")
    parser.add_argument("--json", action="store_true", help="also write project.json and organization.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    stats = generate(args.out, args.projects, seed=args.seed, json_too=args.json)
    size = sum(path.stat().st_size for path in stats.paths)
    print(
        f"{stats.projects} projects, {stats.rows} participation rows, {stats.organisations} distinct organisations, "
        f"{size} bytes in {args.out} ({time.perf_counter() - started:.1f} s)"
    )


if __name__ == "__main__":
    sys.exit(main())
