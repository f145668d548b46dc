"""
Demo content: the Municipality of Lecce, its four EU projects and the partners they name.

``load_demo()`` adds whatever of this content is missing and leaves every
existing row as it is, so it can run on every start without undoing an
editor's changes, and running it twice changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from profiles.models import Highlight, KeyFigure, Organisation, OrganisationKind, ProfileSection
from projects.models import Participation, Programme, Project, Role, Theme

LECCE = "comune-di-lecce"

ORGANISATIONS = [
    {
        "slug": LECCE,
        "name": "Comune di Lecce (Municipality of Lecce)",
        "short_name": "Lecce",
        "legal_name": "CITTA DI LECCE*COMUNE DI LECCE",
        "pic": 960216387,
        "kind": OrganisationKind.PUBLIC_BODY,
        "country": "IT",
        "city": "Lecce",
        "website": "https://www.comune.lecce.it",
        "tagline": (
            "A city in the south of Italy that opens its streets, services and offices to "
            "researchers, so that smart-city, energy and citizen-service ideas are tried out for real."
        ),
        "introduction": (
            "Half of Lecce's EU portfolio is about energy: **SmartEnCity** and **PLANHEAT** both "
            "deal with how a municipality plans, supplies and saves energy across the whole city."
        ),
    },
    {"slug": "politecnico-di-milano", "name": "Politecnico di Milano", "short_name": "POLIMI",
     "kind": OrganisationKind.HIGHER_EDUCATION, "country": "IT", "city": "Milan"},
    {"slug": "universidad-de-deusto", "name": "Universidad de Deusto", "short_name": "Deusto",
     "kind": OrganisationKind.HIGHER_EDUCATION, "country": "ES"},
    {"slug": "universita-di-pavia", "name": "Università di Pavia", "short_name": "UNIPV",
     "kind": OrganisationKind.HIGHER_EDUCATION, "country": "IT", "city": "Pavia"},
    {"slug": "universidad-politecnica-de-madrid", "name": "Universidad Politécnica de Madrid",
     "short_name": "UPM", "kind": OrganisationKind.HIGHER_EDUCATION, "country": "ES", "city": "Madrid"},
    {"slug": "cnrs", "name": "Centre national de la recherche scientifique", "short_name": "CNRS",
     "kind": OrganisationKind.RESEARCH, "country": "FR"},
    {"slug": "university-college-london", "name": "University College London", "short_name": "UCL",
     "kind": OrganisationKind.HIGHER_EDUCATION, "country": "GB", "city": "London"},
    {"slug": "universita-del-salento", "name": "Università del Salento", "short_name": "UniSalento",
     "kind": OrganisationKind.HIGHER_EDUCATION, "country": "IT", "city": "Lecce"},
    {"slug": "geomobile", "name": "GeoMobile GmbH", "short_name": "GeoMobile",
     "kind": OrganisationKind.PRIVATE_COMPANY, "country": "DE"},
    {"slug": "belit", "name": "Belit d.o.o.", "short_name": "Belit",
     "kind": OrganisationKind.PRIVATE_COMPANY, "country": "RS"},
    {"slug": "athens-technology-center", "name": "Athens Technology Center SA", "short_name": "ATC",
     "kind": OrganisationKind.PRIVATE_COMPANY, "country": "GR"},
    {"slug": "multimed-engineers", "name": "MultiMed Engineers Srl", "short_name": "MultiMed",
     "kind": OrganisationKind.PRIVATE_COMPANY, "country": "IT"},
    {"slug": "consorcio-regional-de-transportes-de-madrid",
     "name": "Consorcio Regional de Transportes de Madrid", "short_name": "CRTM",
     "kind": OrganisationKind.PUBLIC_BODY, "country": "ES", "city": "Madrid"},
    {"slug": "municipality-of-athens", "name": "Municipality of Athens (DAEM SA)", "short_name": "Athens",
     "kind": OrganisationKind.PUBLIC_BODY, "country": "GR", "city": "Athens"},
    {"slug": "city-of-montpellier", "name": "City of Montpellier", "short_name": "Montpellier",
     "kind": OrganisationKind.PUBLIC_BODY, "country": "FR", "city": "Montpellier"},
    {"slug": "birmingham-city-council", "name": "Birmingham City Council", "short_name": "Birmingham",
     "kind": OrganisationKind.PUBLIC_BODY, "country": "GB", "city": "Birmingham"},
    {"slug": "tecnalia", "name": "Fundación TECNALIA Research & Innovation", "short_name": "TECNALIA",
     "kind": OrganisationKind.RESEARCH, "country": "ES"},
    {"slug": "vitoria-gasteiz", "name": "City of Vitoria-Gasteiz", "short_name": "Vitoria-Gasteiz",
     "kind": OrganisationKind.PUBLIC_BODY, "country": "ES", "city": "Vitoria-Gasteiz"},
    {"slug": "tartu", "name": "City of Tartu", "short_name": "Tartu",
     "kind": OrganisationKind.PUBLIC_BODY, "country": "EE", "city": "Tartu"},
    {"slug": "sonderborg", "name": "Sønderborg Municipality", "short_name": "Sønderborg",
     "kind": OrganisationKind.PUBLIC_BODY, "country": "DK", "city": "Sønderborg"},
    {"slug": "asenovgrad", "name": "Municipality of Asenovgrad", "short_name": "Asenovgrad",
     "kind": OrganisationKind.PUBLIC_BODY, "country": "BG", "city": "Asenovgrad"},
    {"slug": "rina-consulting", "name": "RINA Consulting", "short_name": "RINA",
     "kind": OrganisationKind.PRIVATE_COMPANY, "country": "IT"},
    {"slug": "city-of-antwerp", "name": "City of Antwerp", "short_name": "Antwerp",
     "kind": OrganisationKind.PUBLIC_BODY, "country": "BE", "city": "Antwerp"},
    {"slug": "velika-gorica", "name": "City of Velika Gorica", "short_name": "Velika Gorica",
     "kind": OrganisationKind.PUBLIC_BODY, "country": "HR", "city": "Velika Gorica"},
]

THEMES = {
    "citizen-safety": "Citizen safety",
    "community-policing": "Community policing",
    "social-networks": "Social networks",
    "active-healthy-ageing": "Active and healthy ageing",
    "age-friendly-services": "Age-friendly city services",
    "zero-carbon-districts": "Zero-carbon districts",
    "energy-efficiency": "Energy efficiency",
    "integrated-energy-planning": "Integrated energy planning",
    "heating-cooling-planning": "Heating and cooling planning",
    "energy-planning": "Energy planning",
}


@dataclass
class Member:
    organisation: str
    role: str = Role.PARTICIPANT
    local_role: str = ""
    eu_contribution: Decimal | None = None
    contribution: str = ""


@dataclass
class DemoProject:
    fields: dict
    themes: list
    consortium: list = field(default_factory=list)


PROJECTS = [
    DemoProject(
        fields={
            "slug": "trillion",
            "acronym": "TRILLION",
            "title": "TRusted, CItizen - LEA coILaboratIon over sOcial Networks",
            "cordis_id": 653256,
            "programme": Programme.H2020,
            "programme_part": "H2020-EU.3.7",
            "call_topic": "FCT-14-2014",
            "call_topic_title": "Enhancing cooperation between law enforcement agencies and citizens: community policing",
            "funding_scheme": "RIA",
            "start_date": datetime.date(2015, 9, 1),
            "end_date": datetime.date(2018, 8, 31),
            "total_cost": Decimal("4263408"),
            "declared_consortium_size": 20,
            "declared_country_count": 8,
            "keywords": "community policing, social networks, law enforcement agencies, citizen engagement",
            "summary": (
                "TRILLION set out to let residents and police officers work on local safety together, "
                "through a platform built on the social networks people already use.\n\n"
                "Twenty partners from eight countries ran pilots in Italy, Portugal, Sweden, the "
                "Netherlands and the United Kingdom, where close to 2,000 citizens and "
                "law-enforcement representatives tried the platform."
            ),
        },
        themes=["citizen-safety", "community-policing", "social-networks"],
        consortium=[
            Member(LECCE, local_role="pilot city", contribution=(
                "Lecce was one of the pilot cities, where residents and local law enforcement "
                "tested the collaboration platform in their own neighbourhoods."
            )),
        ],
    ),
    DemoProject(
        fields={
            "slug": "city4age",
            "acronym": "City4Age",
            "title": "Elderly-friendly city services for active and healthy ageing",
            "cordis_id": 689731,
            "programme": Programme.H2020,
            "start_date": datetime.date(2015, 12, 1),
            "end_date": datetime.date(2018, 5, 31),
            "declared_consortium_size": 16,
            "declared_country_count": 8,
            "keywords": "mild cognitive impairment, frailty, smart-city data, older people",
            "summary": (
                "City4Age used the data a smart city already produces to notice early signs of mild "
                "cognitive impairment and frailty in older residents, and to offer them timely help.\n\n"
                "Pilots ran from November 2016 in Madrid, Athens, Montpellier, Lecce, Birmingham and "
                "Singapore, under the coordination of Politecnico di Milano."
            ),
        },
        themes=["active-healthy-ageing", "age-friendly-services"],
        consortium=[
            Member("politecnico-di-milano", role=Role.COORDINATOR),
            Member(LECCE, local_role="pilot city", contribution=(
                "Lecce offered its urban setting and brought older residents and their families "
                "into the pilot."
            )),
            Member("universidad-de-deusto"),
            Member("universita-di-pavia"),
            Member("universidad-politecnica-de-madrid"),
            Member("cnrs"),
            Member("university-college-london"),
            Member("universita-del-salento"),
            Member("geomobile"),
            Member("belit"),
            Member("athens-technology-center"),
            Member("multimed-engineers"),
            Member("consorcio-regional-de-transportes-de-madrid"),
            Member("municipality-of-athens", local_role="pilot city"),
            Member("city-of-montpellier", local_role="pilot city"),
            Member("birmingham-city-council", local_role="pilot city"),
        ],
    ),
    DemoProject(
        fields={
            "slug": "smartencity",
            "acronym": "SmartEnCity",
            "title": "Towards Smart Zero CO2 Cities across Europe",
            "cordis_id": 691883,
            "programme": Programme.H2020,
            "start_date": datetime.date(2016, 2, 1),
            "end_date": datetime.date(2022, 7, 31),
            "declared_consortium_size": 35,
            "declared_country_count": 6,
            "keywords": "zero CO2 cities, lighthouse cities, integrated energy plan, city action plan",
            "summary": (
                "SmartEnCity showed how whole districts can cut their carbon emissions to almost "
                "nothing, with three lighthouse cities (Vitoria-Gasteiz, Tartu and Sønderborg) "
                "demonstrating the measures and two follower cities (Lecce and Asenovgrad) preparing "
                "to repeat them.\n\n"
                "The consortium of 35 partners from Bulgaria, Denmark, Estonia, Germany, Italy and "
                "Spain was led by TECNALIA. Planned to end in July 2021, the project was extended by "
                "a year."
            ),
        },
        themes=["zero-carbon-districts", "energy-efficiency", "integrated-energy-planning"],
        consortium=[
            Member("tecnalia", role=Role.COORDINATOR),
            Member("vitoria-gasteiz", local_role="lighthouse city"),
            Member("tartu", local_role="lighthouse city"),
            Member("sonderborg", local_role="lighthouse city"),
            Member(LECCE, local_role="follower city", eu_contribution=Decimal("131961"), contribution=(
                "As a follower city, Lecce wrote an Integrated Energy Plan and a City Action Plan, "
                "its roadmaps to at least 40% less CO2 by 2030 than in 2007, with RINA Consulting "
                "as its local consultant."
            )),
            Member("asenovgrad", local_role="follower city"),
        ],
    ),
    DemoProject(
        fields={
            "slug": "planheat",
            "acronym": "PLANHEAT",
            "title": (
                "Integrated tool for empowering public authorities in the development of sustainable "
                "plans for low carbon heating and cooling"
            ),
            "cordis_rcn": 205650,
            "programme": Programme.H2020,
            "call_topic": "EE-05-2016",
            "call_topic_title": "Models and tools for heating and cooling mapping and planning",
            "funding_scheme": "RIA",
            "start_date": datetime.date(2016, 10, 1),
            "end_date": datetime.date(2020, 1, 31),
            "keywords": "energy plans, waste heat source potential, urban planning, industrial heating and cooling",
            "summary": (
                "PLANHEAT built a single, easy-to-use tool that lets a local authority plan low-carbon "
                "heating and cooling for its territory: map the low-carbon energy at hand, map how much "
                "heat and cold is needed now and later, simulate and compare scenarios, weigh district "
                "heating and cooling networks, and judge each scenario by its energy, economic and "
                "environmental results.\n\n"
                "Antwerp, Lecce and Velika Gorica put the tool to the test. RINA Consulting coordinated "
                "the project."
            ),
        },
        themes=["heating-cooling-planning", "energy-planning"],
        consortium=[
            Member("rina-consulting", role=Role.COORDINATOR),
            Member("city-of-antwerp", local_role="validation city"),
            Member(LECCE, local_role="validation city", contribution=(
                "Lecce was one of the three cities that checked the tool against their own "
                "heating and cooling needs and planning practice."
            )),
            Member("velika-gorica", local_role="validation city"),
        ],
    ),
]

SECTIONS = [
    (ProfileSection.Kind.CORE_WORK, "A real city to test ideas in", (
        "Lecce joins EU research projects as a working city. It puts its streets, public buildings, "
        "services and residents at a project's disposal, together with the way its administration "
        "actually takes decisions, so that new tools are tried where they are meant to be used.\n\n"
        "Across its projects that has meant energy-planning software, strategies for district "
        "heating, services for older residents and a platform that brings citizens and the police "
        "together."
    )),
    (ProfileSection.Kind.SPECIALISMS, "Where Lecce has been the test site", (
        "In every one of its four projects Lecce is a place where results are demonstrated:\n\n"
        "- **City4Age**: the city provided the setting and reached older residents for services "
        "that help people stay active and healthy as they age.\n"
        "- **TRILLION**: a pilot city for trusted collaboration between citizens and law "
        "enforcement over social networks.\n"
        "- **SmartEnCity**: a follower city, preparing to repeat what the lighthouse cities showed "
        "on zero-carbon districts.\n"
        "- **PLANHEAT**: a validation city for a heating and cooling planning tool."
    )),
    (ProfileSection.Kind.EVOLUTION, "From social services to energy planning", (
        "All four projects started within little more than a year, between 2015 and 2016, yet they "
        "show a clear turn. The first two, TRILLION and City4Age, were about people: safety in the "
        "neighbourhood and the wellbeing of older residents. The two that followed, SmartEnCity and "
        "PLANHEAT, were about energy and climate: districts with almost no CO2 emissions and plans "
        "for heating and cooling.\n\n"
        "The vocabulary of the later projects (energy plans, waste heat source potential, urban "
        "planning, industrial heating and cooling) points to where the city is heading: "
        "decarbonisation and sustainable urban infrastructure."
    )),
    (ProfileSection.Kind.WORKING_STYLE, "How Lecce works in a consortium", (
        "Lecce has taken part in every project as a partner and has coordinated none, as is usual "
        "for a city whose role is to host pilots in a large research consortium.\n\n"
        "Those four projects alone put the city in touch with 90 partner organisations in 17 "
        "countries: a wide network for a city of its size."
    )),
    (ProfileSection.Kind.STRENGTHS, "What Lecce adds to a project", (
        "Lecce is a mid-sized Mediterranean city that has done this before and wants to do it again. "
        "It brings what pilots led by northern European cities lack: a southern climate, its own "
        "kind of building stock and energy use, and an ageing population.\n\n"
        "Few cities of its size have run both social pilots, on ageing and safety, and technical "
        "ones, on energy and heating."
    )),
]

HIGHLIGHTS = [
    ("smartencity", "A roadmap to a zero-carbon Lecce", (
        "SmartEnCity is Lecce's largest EU grant and its longest project, running from 2016 to 2022. "
        "As a follower city Lecce drew up an Integrated Energy Plan and a City Action Plan that aim "
        "for at least 40% less CO2 by 2030 than in 2007."
    )),
    ("planheat", "Planning heat and cold for a whole city", (
        "Planning how a territory is heated and cooled is a municipality's own job. In PLANHEAT "
        "Lecce, Antwerp and Velika Gorica tested a tool that maps energy sources and demand and "
        "compares low-carbon scenarios."
    )),
    ("city4age", "Services for a city that is growing older", (
        "An ageing population is one of southern Europe's great challenges. With City4Age, Lecce "
        "joined Madrid, Athens, Montpellier, Birmingham and Singapore in using city data to spot "
        "frailty and early memory problems in time to help."
    )),
]

KEY_FIGURES = [
    (KeyFigure.Metric.PROJECTS, "4", "EU research and innovation projects"),
    (KeyFigure.Metric.PARTNERS, "90", "partner organisations"),
    (KeyFigure.Metric.COUNTRIES, "17", "countries of those partners"),
    (KeyFigure.Metric.AVERAGE_CONSORTIUM, "22+", "partners per consortium on average"),
    (KeyFigure.Metric.LARGEST_GRANT, "€131,961", "largest EU contribution to Lecce (SmartEnCity)"),
]


@transaction.atomic
def load_demo():
    """Add the demo content that is missing; return the number of rows created."""
    created = 0

    def ensure(model, lookup, defaults=None):
        nonlocal created
        obj, was_created = model.objects.get_or_create(**lookup, defaults=defaults or {})
        created += was_created
        return obj, was_created

    organisations = {}
    for data in ORGANISATIONS:
        data = dict(data)
        slug = data.pop("slug")
        if slug == LECCE:
            data["is_featured"] = not Organisation.objects.featured().exclude(slug=slug).exists()
        organisations[slug], _ = ensure(Organisation, {"slug": slug}, data)

    themes = {slug: ensure(Theme, {"slug": slug}, {"name": name})[0] for slug, name in THEMES.items()}

    projects = {}
    for demo in PROJECTS:
        data = dict(demo.fields)
        slug = data.pop("slug")
        project, was_created = ensure(Project, {"slug": slug}, data)
        if was_created:
            project.themes.set(themes[theme] for theme in demo.themes)
        for member in demo.consortium:
            ensure(
                Participation,
                {"project": project, "organisation": organisations[member.organisation]},
                {
                    "role": member.role,
                    "local_role": member.local_role,
                    "eu_contribution": member.eu_contribution,
                    "contribution": member.contribution,
                },
            )
        projects[slug] = project

    lecce = organisations[LECCE]
    for order, (kind, heading, body) in enumerate(SECTIONS, start=1):
        ensure(ProfileSection, {"organisation": lecce, "kind": kind}, {"heading": heading, "body": body, "order": order})
    for order, (project_slug, title, text) in enumerate(HIGHLIGHTS, start=1):
        ensure(Highlight, {"organisation": lecce, "project": projects[project_slug]}, {"title": title, "text": text, "order": order})
    for order, (metric, value, label) in enumerate(KEY_FIGURES, start=1):
        ensure(KeyFigure, {"organisation": lecce, "metric": metric}, {"value": value, "label": label, "order": order})
    return created
