"""
Demo content: the Municipality of Lecce, its four EU projects and the partners they name.

Every narrative text (taglines, summaries, roles, profile sections, highlights, key figures)
is written in Italian and in English, and is stored in one column per language.

``load_demo()`` adds whatever of this content is missing and leaves every
existing row as it is, so it can run on every start without undoing an
editor's changes, and running it twice changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from profiles.models import Highlight, KeyFigure, ProfileSection
from projects.models import Organisation, OrganisationKind, Participation, Programme, Project, Role, Theme


@dataclass(frozen=True)
class Text:
    """A narrative text written in Italian and in English."""

    it: str
    en: str


def in_both_languages(data):
    """Return a copy of ``data`` with each ``Text`` value spread over one field per language in settings.LANGUAGES."""
    expanded = {}
    for name, value in data.items():
        if isinstance(value, Text):
            for code, _ in settings.LANGUAGES:
                expanded[build_localized_fieldname(name, code)] = getattr(value, code)
        else:
            expanded[name] = value
    return expanded


LECCE = "comune-di-lecce"

PILOT_CITY = Text(it="città pilota", en="pilot city")
FOLLOWER_CITY = Text(it="città follower", en="follower city")
LIGHTHOUSE_CITY = Text(it="città faro", en="lighthouse city")
VALIDATION_CITY = Text(it="città di validazione", en="validation city")

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
        "tagline": Text(
            it=(
                "Una città del Sud Italia che apre strade, servizi e uffici comunali a chi fa ricerca, "
                "perché le idee su smart city, energia e servizi ai cittadini si mettano alla prova sul campo."
            ),
            en=(
                "A city in the south of Italy that opens its streets, services and offices to "
                "researchers, so that smart-city, energy and citizen-service ideas are tried out for real."
            ),
        ),
        "introduction": Text(
            it=(
                "Metà dei progetti europei di Lecce parla di energia: **SmartEnCity** e **PLANHEAT** si "
                "occupano entrambi di come un Comune programma, fornisce e risparmia energia in tutta la città."
            ),
            en=(
                "Half of Lecce's EU portfolio is about energy: **SmartEnCity** and **PLANHEAT** both "
                "deal with how a municipality plans, supplies and saves energy across the whole city."
            ),
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
    "citizen-safety": Text(it="Sicurezza dei cittadini", en="Citizen safety"),
    "community-policing": Text(it="Polizia di prossimità", en="Community policing"),
    "social-networks": Text(it="Social network", en="Social networks"),
    "active-healthy-ageing": Text(it="Invecchiamento attivo e in salute", en="Active and healthy ageing"),
    "age-friendly-services": Text(it="Servizi urbani a misura di anziano", en="Age-friendly city services"),
    "zero-carbon-districts": Text(it="Quartieri a zero emissioni", en="Zero-carbon districts"),
    "energy-efficiency": Text(it="Efficienza energetica", en="Energy efficiency"),
    "integrated-energy-planning": Text(it="Pianificazione energetica integrata", en="Integrated energy planning"),
    "heating-cooling-planning": Text(
        it="Pianificazione di riscaldamento e raffrescamento", en="Heating and cooling planning",
    ),
    "energy-planning": Text(it="Pianificazione energetica", en="Energy planning"),
}


@dataclass
class Member:
    organisation: str
    role: str = Role.PARTICIPANT
    local_role: Text | str = ""
    eu_contribution: Decimal | None = None
    contribution: Text | str = ""


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
            "call_topic_title": (
                "Enhancing cooperation between law enforcement agencies and citizens: community policing"
            ),
            "funding_scheme": "RIA",
            "start_date": datetime.date(2015, 9, 1),
            "end_date": datetime.date(2018, 8, 31),
            "total_cost": Decimal("4263408"),
            "declared_consortium_size": 20,
            "declared_country_count": 8,
            "keywords": "community policing, social networks, law enforcement agencies, citizen engagement",
            "summary": Text(
                it=(
                    "TRILLION è nato per far collaborare residenti e agenti di polizia sulla sicurezza urbana, "
                    "attraverso una piattaforma basata sui social network che le persone usano già ogni giorno.\n\n"
                    "Venti partner di otto Paesi hanno condotto sperimentazioni in Italia, Portogallo, Svezia, "
                    "Paesi Bassi e Regno Unito, dove quasi 2.000 tra cittadini e rappresentanti delle forze "
                    "dell'ordine hanno messo alla prova la piattaforma."
                ),
                en=(
                    "TRILLION set out to let residents and police officers work on local safety together, "
                    "through a platform built on the social networks people already use.\n\n"
                    "Twenty partners from eight countries ran pilots in Italy, Portugal, Sweden, the "
                    "Netherlands and the United Kingdom, where close to 2,000 citizens and "
                    "law-enforcement representatives tried the platform."
                ),
            ),
        },
        themes=["citizen-safety", "community-policing", "social-networks"],
        consortium=[
            Member(LECCE, local_role=PILOT_CITY, contribution=Text(
                it=(
                    "Lecce è stata una delle città pilota: qui residenti e forze dell'ordine del territorio "
                    "hanno sperimentato la piattaforma di collaborazione nei propri quartieri."
                ),
                en=(
                    "Lecce was one of the pilot cities, where residents and local law enforcement "
                    "tested the collaboration platform in their own neighbourhoods."
                ),
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
            "summary": Text(
                it=(
                    "City4Age ha usato i dati che una smart city già produce per riconoscere i primi segnali "
                    "di decadimento cognitivo lieve e di fragilità negli anziani e offrire loro un aiuto "
                    "tempestivo.\n\n"
                    "Dal novembre 2016 le sperimentazioni si sono svolte a Madrid, Atene, Montpellier, Lecce, "
                    "Birmingham e Singapore, con il coordinamento del Politecnico di Milano."
                ),
                en=(
                    "City4Age used the data a smart city already produces to notice early signs of mild "
                    "cognitive impairment and frailty in older residents, and to offer them timely help.\n\n"
                    "Pilots ran from November 2016 in Madrid, Athens, Montpellier, Lecce, Birmingham and "
                    "Singapore, under the coordination of Politecnico di Milano."
                ),
            ),
        },
        themes=["active-healthy-ageing", "age-friendly-services"],
        consortium=[
            Member("politecnico-di-milano", role=Role.COORDINATOR),
            Member(LECCE, local_role=PILOT_CITY, contribution=Text(
                it=(
                    "Lecce ha messo a disposizione il proprio contesto urbano e ha coinvolto nella "
                    "sperimentazione gli anziani della città e le loro famiglie."
                ),
                en=(
                    "Lecce offered its urban setting and brought older residents and their families "
                    "into the pilot."
                ),
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
            Member("municipality-of-athens", local_role=PILOT_CITY),
            Member("city-of-montpellier", local_role=PILOT_CITY),
            Member("birmingham-city-council", local_role=PILOT_CITY),
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
            "summary": Text(
                it=(
                    "SmartEnCity ha mostrato come interi quartieri possano ridurre quasi a zero le proprie "
                    "emissioni di carbonio: tre città faro (Vitoria-Gasteiz, Tartu e Sønderborg) hanno "
                    "realizzato gli interventi dimostrativi, mentre due città follower (Lecce e Asenovgrad) "
                    "si sono preparate a replicarli.\n\n"
                    "Il consorzio, guidato da TECNALIA, riuniva 35 partner di Bulgaria, Danimarca, Estonia, "
                    "Germania, Italia e Spagna. La conclusione era prevista per luglio 2021, ma il progetto "
                    "è stato prorogato di un anno."
                ),
                en=(
                    "SmartEnCity showed how whole districts can cut their carbon emissions to almost "
                    "nothing, with three lighthouse cities (Vitoria-Gasteiz, Tartu and Sønderborg) "
                    "demonstrating the measures and two follower cities (Lecce and Asenovgrad) preparing "
                    "to repeat them.\n\n"
                    "The consortium of 35 partners from Bulgaria, Denmark, Estonia, Germany, Italy and "
                    "Spain was led by TECNALIA. Planned to end in July 2021, the project was extended by "
                    "a year."
                ),
            ),
        },
        themes=["zero-carbon-districts", "energy-efficiency", "integrated-energy-planning"],
        consortium=[
            Member("tecnalia", role=Role.COORDINATOR),
            Member("vitoria-gasteiz", local_role=LIGHTHOUSE_CITY),
            Member("tartu", local_role=LIGHTHOUSE_CITY),
            Member("sonderborg", local_role=LIGHTHOUSE_CITY),
            Member(LECCE, local_role=FOLLOWER_CITY, eu_contribution=Decimal("131961"), contribution=Text(
                it=(
                    "Come città follower, Lecce ha redatto, con RINA Consulting come consulente locale, "
                    "un Piano Energetico Integrato e un Piano d'Azione Cittadino: i due documenti che "
                    "tracciano la strada per ridurre le emissioni di CO2 di almeno il 40% entro il 2030 "
                    "rispetto al 2007."
                ),
                en=(
                    "As a follower city, Lecce drew up an Integrated Energy Plan and a City Action Plan, "
                    "its roadmaps to at least 40% less CO2 by 2030 than in 2007, with RINA Consulting "
                    "as its local consultant."
                ),
            )),
            Member("asenovgrad", local_role=FOLLOWER_CITY),
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
            "summary": Text(
                it=(
                    "PLANHEAT ha realizzato un unico strumento, semplice da usare, con cui un ente locale può "
                    "pianificare per il proprio territorio un riscaldamento e un raffrescamento a basse "
                    "emissioni di carbonio: mappare le fonti di energia pulita disponibili, stimare il "
                    "fabbisogno di caldo e di freddo di oggi e di domani, simulare e confrontare diversi "
                    "scenari, valutare le reti di teleriscaldamento e teleraffrescamento e giudicare ogni "
                    "scenario in base ai suoi risultati energetici, economici e ambientali.\n\n"
                    "Lo strumento è stato messo alla prova ad Anversa, Lecce e Velika Gorica. Il progetto è "
                    "stato coordinato da RINA Consulting."
                ),
                en=(
                    "PLANHEAT built a single, easy-to-use tool that lets a local authority plan low-carbon "
                    "heating and cooling for its territory: map the low-carbon energy at hand, map how much "
                    "heat and cold is needed now and in the future, simulate and compare scenarios, weigh "
                    "district heating and cooling networks, and judge each scenario by its energy, economic "
                    "and environmental results.\n\n"
                    "Antwerp, Lecce and Velika Gorica put the tool to the test. RINA Consulting coordinated "
                    "the project."
                ),
            ),
        },
        themes=["heating-cooling-planning", "energy-planning"],
        consortium=[
            Member("rina-consulting", role=Role.COORDINATOR),
            Member("city-of-antwerp", local_role=VALIDATION_CITY),
            Member(LECCE, local_role=VALIDATION_CITY, contribution=Text(
                it=(
                    "Lecce è stata una delle tre città che hanno verificato lo strumento alla luce del "
                    "proprio fabbisogno di riscaldamento e raffrescamento e delle proprie prassi di "
                    "pianificazione."
                ),
                en=(
                    "Lecce was one of the three cities that checked the tool against their own "
                    "heating and cooling needs and planning practice."
                ),
            )),
            Member("velika-gorica", local_role=VALIDATION_CITY),
        ],
    ),
]

SECTIONS = [
    (
        ProfileSection.Kind.CORE_WORK,
        Text(it="Una città vera in cui mettere alla prova le idee", en="A real city to test ideas in"),
        Text(
            it=(
                "Lecce partecipa ai progetti europei di ricerca come una città vera, con la sua vita di ogni "
                "giorno. Mette a disposizione dei progetti le sue strade, gli edifici pubblici, i servizi e "
                "chi ci abita, insieme al modo concreto in cui l'amministrazione prende le decisioni, perché "
                "i nuovi strumenti vengano sperimentati proprio dove dovranno essere usati.\n\n"
                "Nei diversi progetti questo ha significato software per la pianificazione energetica, "
                "strategie per il teleriscaldamento, servizi per gli anziani e una piattaforma che avvicina "
                "cittadini e forze di polizia."
            ),
            en=(
                "Lecce joins EU research projects as a working city. It puts its streets, public buildings, "
                "services and residents at a project's disposal, together with the way its administration "
                "actually takes decisions, so that new tools are tried where they are meant to be used.\n\n"
                "Across its projects that has meant energy-planning software, strategies for district "
                "heating, services for older residents and a platform that brings citizens and the police "
                "together."
            ),
        ),
    ),
    (
        ProfileSection.Kind.SPECIALISMS,
        Text(it="Dove Lecce ha fatto da banco di prova", en="Where Lecce has been the test site"),
        Text(
            it=(
                "In tutti e quattro i suoi progetti Lecce è il luogo in cui i risultati si mettono in pratica:\n\n"
                "- **City4Age**: la città ha fatto da cornice alla sperimentazione e ha coinvolto gli anziani "
                "nei servizi che aiutano a restare attivi e in salute con il passare degli anni.\n"
                "- **TRILLION**: città pilota per una collaborazione basata sulla fiducia tra cittadini e "
                "forze dell'ordine attraverso i social network.\n"
                "- **SmartEnCity**: città follower, che si prepara a replicare quanto le città faro hanno "
                "dimostrato sui quartieri a zero emissioni.\n"
                "- **PLANHEAT**: città di validazione di uno strumento per pianificare riscaldamento e "
                "raffrescamento."
            ),
            en=(
                "In every one of its four projects Lecce is a place where results are demonstrated:\n\n"
                "- **City4Age**: the city provided the setting and reached older residents for services "
                "that help people stay active and healthy as they age.\n"
                "- **TRILLION**: a pilot city for trusted collaboration between citizens and law "
                "enforcement over social networks.\n"
                "- **SmartEnCity**: a follower city, preparing to repeat what the lighthouse cities showed "
                "on zero-carbon districts.\n"
                "- **PLANHEAT**: a validation city for a heating and cooling planning tool."
            ),
        ),
    ),
    (
        ProfileSection.Kind.EVOLUTION,
        Text(it="Dai servizi sociali alla pianificazione energetica", en="From social services to energy planning"),
        Text(
            it=(
                "I quattro progetti sono partiti tutti nell'arco di poco più di un anno, tra il 2015 e il "
                "2016, eppure segnano una svolta netta. I primi due, TRILLION e City4Age, mettevano al centro "
                "le persone: la sicurezza nei quartieri e il benessere degli anziani. I due successivi, "
                "SmartEnCity e PLANHEAT, riguardavano energia e clima: quartieri con emissioni di CO2 quasi "
                "nulle e piani per il riscaldamento e il raffrescamento.\n\n"
                "Le parole chiave dei progetti più recenti (piani energetici, potenziale delle fonti di "
                "calore di scarto, pianificazione urbana, riscaldamento e raffrescamento industriale) "
                "indicano la direzione in cui si muove la città: decarbonizzazione e infrastrutture urbane "
                "sostenibili."
            ),
            en=(
                "All four projects started within little more than a year, between 2015 and 2016, yet they "
                "show a clear turn. The first two, TRILLION and City4Age, were about people: safety in the "
                "neighbourhood and the wellbeing of older residents. The two that followed, SmartEnCity and "
                "PLANHEAT, were about energy and climate: districts with almost no CO2 emissions and plans "
                "for heating and cooling.\n\n"
                "The vocabulary of the later projects (energy plans, waste heat source potential, urban "
                "planning, industrial heating and cooling) points to where the city is heading: "
                "decarbonisation and sustainable urban infrastructure."
            ),
        ),
    ),
    (
        ProfileSection.Kind.WORKING_STYLE,
        Text(it="Come lavora Lecce in un consorzio", en="How Lecce works in a consortium"),
        Text(
            it=(
                "Lecce ha partecipato a tutti i progetti come partner, senza coordinarne nessuno: è la "
                "norma per una città che, in un grande consorzio di ricerca, ha il compito di ospitare le "
                "sperimentazioni.\n\n"
                "Già solo questi quattro progetti hanno messo la città in contatto con 90 organizzazioni "
                "partner di 17 Paesi: una rete ampia per una città delle sue dimensioni."
            ),
            en=(
                "Lecce has taken part in every project as a partner and has coordinated none, as is usual "
                "for a city whose role is to host pilots in a large research consortium.\n\n"
                "Those four projects alone put the city in touch with 90 partner organisations in 17 "
                "countries: a wide network for a city of its size."
            ),
        ),
    ),
    (
        ProfileSection.Kind.STRENGTHS,
        Text(it="Che cosa porta Lecce a un progetto", en="What Lecce adds to a project"),
        Text(
            it=(
                "Lecce è una città mediterranea di medie dimensioni che ha già fatto questa esperienza e "
                "vuole ripeterla. Porta ciò che manca alle sperimentazioni guidate dalle città del Nord "
                "Europa: un clima meridionale, un patrimonio edilizio e consumi energetici con caratteristiche "
                "proprie e una popolazione che invecchia.\n\n"
                "Poche città delle sue dimensioni hanno condotto sia sperimentazioni sociali, su "
                "invecchiamento e sicurezza, sia sperimentazioni tecniche, su energia e riscaldamento."
            ),
            en=(
                "Lecce is a mid-sized Mediterranean city that has done this before and wants to do it again. "
                "It brings what pilots led by northern European cities lack: a southern climate, its own "
                "kind of building stock and energy use, and an ageing population.\n\n"
                "Few cities of its size have run both social pilots, on ageing and safety, and technical "
                "ones, on energy and heating."
            ),
        ),
    ),
]

HIGHLIGHTS = [
    (
        "smartencity",
        Text(it="La strada verso una Lecce a zero emissioni", en="A roadmap to a zero-carbon Lecce"),
        Text(
            it=(
                "SmartEnCity è il progetto europeo più lungo di Lecce, dal 2016 al 2022, e quello con il "
                "finanziamento più consistente. Come città follower, Lecce ha redatto un Piano Energetico "
                "Integrato e un Piano d'Azione Cittadino che puntano a ridurre le emissioni di CO2 di almeno "
                "il 40% entro il 2030 rispetto al 2007."
            ),
            en=(
                "SmartEnCity is Lecce's largest EU grant and its longest project, running from 2016 to 2022. "
                "As a follower city Lecce drew up an Integrated Energy Plan and a City Action Plan that aim "
                "for at least 40% less CO2 by 2030 than in 2007."
            ),
        ),
    ),
    (
        "planheat",
        Text(it="Caldo e freddo: pianificare per un'intera città", en="Planning heat and cold for a whole city"),
        Text(
            it=(
                "Pianificare come si riscalda e si raffresca il territorio è un compito proprio del Comune. "
                "Con PLANHEAT Lecce, Anversa e Velika Gorica hanno sperimentato uno strumento che mappa fonti "
                "energetiche e fabbisogni e mette a confronto scenari a basse emissioni di carbonio."
            ),
            en=(
                "Planning how a territory is heated and cooled is a municipality's own job. In PLANHEAT "
                "Lecce, Antwerp and Velika Gorica tested a tool that maps energy sources and demand and "
                "compares low-carbon scenarios."
            ),
        ),
    ),
    (
        "city4age",
        Text(it="Servizi per una città che invecchia", en="Services for a city that is growing older"),
        Text(
            it=(
                "L'invecchiamento della popolazione è una delle grandi sfide dell'Europa meridionale. Con "
                "City4Age Lecce si è affiancata a Madrid, Atene, Montpellier, Birmingham e Singapore "
                "nell'uso dei dati urbani per riconoscere la fragilità e i primi disturbi della memoria, "
                "in tempo per intervenire."
            ),
            en=(
                "An ageing population is one of southern Europe's great challenges. With City4Age, Lecce "
                "joined Madrid, Athens, Montpellier, Birmingham and Singapore in using city data to spot "
                "frailty and early memory problems in time to help."
            ),
        ),
    ),
]

KEY_FIGURES = [
    (
        KeyFigure.Metric.PROJECTS,
        Text(it="4", en="4"),
        Text(it="progetti europei di ricerca e innovazione", en="EU research and innovation projects"),
    ),
    (
        KeyFigure.Metric.PARTNERS,
        Text(it="90", en="90"),
        Text(it="organizzazioni partner", en="partner organisations"),
    ),
    (
        KeyFigure.Metric.COUNTRIES,
        Text(it="17", en="17"),
        Text(it="Paesi di provenienza dei partner", en="countries of those partners"),
    ),
    (
        KeyFigure.Metric.AVERAGE_CONSORTIUM,
        Text(it="22+", en="22+"),
        Text(it="partner per consorzio, in media", en="partners per consortium on average"),
    ),
    (
        KeyFigure.Metric.LARGEST_GRANT,
        Text(it="131.961 €", en="€131,961"),
        Text(
            it="il contributo UE più alto ricevuto da Lecce (SmartEnCity)",
            en="largest EU contribution to Lecce (SmartEnCity)",
        ),
    ),
]


@transaction.atomic
def load_demo():
    """Add the demo content that is missing, in Italian and in English; return the number of rows created."""
    created = 0

    def ensure(model, lookup, defaults=None):
        nonlocal created
        obj, was_created = model.objects.get_or_create(**lookup, defaults=in_both_languages(defaults or {}))
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
        ensure(
            ProfileSection,
            {"organisation": lecce, "kind": kind},
            {"heading": heading, "body": body, "order": order},
        )
    for order, (project_slug, title, text) in enumerate(HIGHLIGHTS, start=1):
        ensure(
            Highlight,
            {"organisation": lecce, "project": projects[project_slug]},
            {"title": title, "text": text, "order": order},
        )
    for order, (metric, value, label) in enumerate(KEY_FIGURES, start=1):
        ensure(
            KeyFigure,
            {"organisation": lecce, "metric": metric},
            {"value": value, "label": label, "order": order},
        )
    return created
