"""`load_demo`: the Lecce content, with the facts it must hold, loaded once however often it runs."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation
from modeltranslation.translator import translator

from profiles.demo import DEMO_DATA, DemoDataError, load_demo
from profiles.models import Highlight, KeyFigure, ProfileSection
from projects.models import Organisation, OrganisationKind, Participation, Programme, Project, Role, Theme

pytestmark = pytest.mark.django_db

MODELS = [Organisation, ProfileSection, Highlight, KeyFigure, Theme, Project, Participation]


def snapshot():
    """Every row of every content model, as plain values."""
    rows = {model.__name__: sorted(map(repr, model.objects.values())) for model in MODELS}
    rows["themes"] = sorted(Project.themes.through.objects.values_list("project_id", "theme_id"))
    return rows


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return Organisation.objects.get(slug="comune-di-lecce")


def test_running_it_twice_changes_nothing(demo):
    before = snapshot()
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert snapshot() == before
    assert "nothing to add" in output.getvalue()


def test_it_keeps_what_editors_changed(demo):
    section = demo.sections.get(kind=ProfileSection.Kind.CORE_WORK)
    section.heading = "Edited by the office"
    section.save()
    call_command("load_demo", stdout=io.StringIO())
    section.refresh_from_db()
    assert section.heading == "Edited by the office"


def test_lecce_is_the_featured_public_body(demo):
    assert demo.is_featured and demo.is_published
    assert demo.legal_name == "CITTA DI LECCE*COMUNE DI LECCE"
    assert demo.pic == 960216387
    assert demo.kind == OrganisationKind.PUBLIC_BODY
    assert (demo.country.code, demo.city) == ("IT", "Lecce")
    assert demo.tagline and demo.introduction


def test_four_h2020_projects_and_an_interreg_one_all_as_participant_never_coordinator(demo):
    participations = demo.participations.select_related("project")
    assert sorted(p.project.acronym for p in participations) == [
        "City4Age", "PLANHEAT", "SEE MMS", "SmartEnCity", "TRILLION",
    ]
    assert {p.role for p in participations} == {Role.PARTICIPANT}
    research = [p for p in participations if p.project.programme_id == Programme.H2020]
    assert len(research) == 4 and all(
        datetime.date(2015, 1, 1) <= p.project.start_date <= datetime.date(2016, 12, 31) for p in research
    )


def test_the_project_outside_the_research_programmes(demo):
    see_mms = Project.objects.select_related("programme__part_of").get(slug="see-mms")
    assert see_mms.programme.code == "INTERREG-SEE" and see_mms.programme.part_of.code == "INTERREG"
    assert (see_mms.cordis_id, see_mms.start_date, see_mms.end_date) == (None, None, datetime.date(2012, 6, 30))
    assert see_mms.total_cost == Decimal("1700000") and see_mms.declared_consortium_size == 12
    assert see_mms.participations.get(role=Role.COORDINATOR).organisation.country == "GR"


@pytest.mark.parametrize(
    ("slug", "facts"),
    [
        ("trillion", {
            "cordis_id": 653256, "start_date": datetime.date(2015, 9, 1), "end_date": datetime.date(2018, 8, 31),
            "call_topic": "FCT-14-2014", "programme_part": "H2020-EU.3.7", "funding_scheme": "RIA",
            "total_cost": Decimal("4263408"), "declared_consortium_size": 20, "declared_country_count": 8,
        }),
        ("city4age", {
            "cordis_id": 689731, "start_date": datetime.date(2015, 12, 1), "end_date": datetime.date(2018, 5, 31),
            "declared_consortium_size": 16, "declared_country_count": 8,
        }),
        ("smartencity", {
            "cordis_id": 691883, "start_date": datetime.date(2016, 2, 1), "end_date": datetime.date(2022, 7, 31),
            "declared_consortium_size": 35, "declared_country_count": 6,
            "title": "Towards Smart Zero CO2 Cities across Europe",
        }),
        ("planheat", {
            # The grant id is unconfirmed: left empty, with CORDIS's record number instead.
            "cordis_id": None, "cordis_rcn": 205650,
            "start_date": datetime.date(2016, 10, 1), "end_date": datetime.date(2020, 1, 31),
            "call_topic": "EE-05-2016", "funding_scheme": "RIA",
        }),
    ],
)
def test_project_facts(demo, slug, facts):
    project = Project.objects.get(slug=slug)
    assert {name: getattr(project, name) for name in facts} == facts


def test_durations(demo):
    assert Project.objects.get(slug="trillion").duration_months == 36
    longest = max(Project.objects.exclude(start_date=None), key=lambda project: project.duration_months)
    assert (longest.acronym, longest.start_date.year, longest.end_date.year) == ("SmartEnCity", 2016, 2022)


def test_coordinators(demo):
    coordinators = {
        p.project.acronym: p.organisation.name
        for p in Participation.objects.filter(role=Role.COORDINATOR).select_related("project", "organisation")
    }
    assert coordinators == {
        "TRILLION": "Engineering Ingegneria Informatica S.p.A.",
        "City4Age": "Politecnico di Milano",
        "SmartEnCity": "Fundación TECNALIA Research & Innovation",
        "PLANHEAT": "RINA Consulting",
        "SEE MMS": "Athens Development Agency",
    }


def test_lecce_roles_and_contribution(demo):
    roles = {p.project.acronym: p.local_role for p in demo.participations.select_related("project")}
    assert roles == {
        "TRILLION": "pilot city", "City4Age": "pilot city",
        "SmartEnCity": "follower city", "PLANHEAT": "validation city", "SEE MMS": "",
    }
    smartencity = demo.participations.get(project__slug="smartencity")
    assert smartencity.eu_contribution == Decimal("131961")
    assert "Integrated Energy Plan" in smartencity.contribution


def test_themes_and_keywords(demo):
    themes = {p.slug: {t.name for t in p.themes.all()} for p in Project.objects.prefetch_related("themes")}
    assert themes["trillion"] == {"Citizen safety", "Community policing", "Social networks"}
    assert themes["city4age"] == {"Active and healthy ageing", "Age-friendly city services"}
    assert themes["smartencity"] == {"Zero-carbon districts", "Energy efficiency", "Integrated energy planning"}
    assert themes["planheat"] == {"Heating and cooling planning", "Energy planning"}
    assert Project.objects.get(slug="planheat").keyword_list == [
        "energy plans", "waste heat source potential", "urban planning", "industrial heating and cooling",
    ]


def test_city4age_partial_roster_countries(demo):
    city4age = Project.objects.get(slug="city4age")
    assert city4age.participations.count() == 16
    countries = set(city4age.participations.values_list("organisation__country", flat=True))
    assert countries == {"IT", "ES", "FR", "GB", "DE", "RS", "GR"}


# The firm rows of ../shared/facts/consortia.md, Lecce included: (recorded partners, their countries).
FIRM_ROSTERS = {
    "trillion": (11, {"IT", "GR", "ES", "PT", "GB", "SI", "NL", "SE"}),
    "city4age": (16, {"IT", "ES", "DE", "GR", "FR", "RS", "GB"}),
    "smartencity": (26, {"ES", "DK", "EE", "DE", "IT", "BG"}),
    "planheat": (7, {"IT", "BE", "HR", "HU"}),
}


@pytest.mark.parametrize(("slug", "roster"), FIRM_ROSTERS.items())
def test_the_fuller_consortia_as_the_public_pages_name_them(demo, slug, roster):
    project = Project.objects.get(slug=slug)
    size, countries = roster
    assert project.participations.count() == size
    assert set(project.participations.values_list("organisation__country", flat=True)) == countries
    assert project.participations.filter(role=Role.COORDINATOR).count() == 1


def test_the_weak_rows_are_not_loaded_and_nothing_is_invented(demo):
    for weak in ["Future Cities", "Acciona", "CARTIF", "Mondragon", "Delft", "Sapienza"]:
        assert not Organisation.objects.filter(name__icontains=weak).exists(), weak
    assert not Organisation.objects.filter(name__iexact="VITO").exists()
    partners = Organisation.objects.exclude(pk=demo.pk)
    assert not partners.exclude(pic=None).exists()  # no partner's PIC is known
    assert not Participation.objects.exclude(organisation=demo).exclude(eu_contribution=None).exists()


def test_rina_consulting_is_one_organisation_in_two_consortia(demo):
    rina = Organisation.objects.get(name_it__startswith="RINA Consulting")
    assert sorted(rina.participations.values_list("project__acronym", flat=True)) == ["PLANHEAT", "SmartEnCity"]


def test_the_track_record_counts_55_partners_in_17_countries_in_the_four_research_consortia(demo):
    from projects.insights import portfolio_insights

    research = Participation.objects.filter(project__programme=Programme.H2020).exclude(organisation=demo)
    assert research.values("organisation").distinct().count() == 55
    assert research.values("organisation__country").distinct().count() == 17
    # The whole track record adds SEE MMS's four recorded partners (Austria the one new country).
    insights = portfolio_insights(demo)
    assert (insights.partner_count, insights.partner_country_count) == (59, 18)
    assert not insights.rosters_complete and insights.partial_roster_count == 4  # City4Age alone is complete


def test_profile_sections_highlights_and_key_figures(demo):
    assert [s.kind for s in demo.sections.all()] == [
        ProfileSection.Kind.CORE_WORK, ProfileSection.Kind.SPECIALISMS, ProfileSection.Kind.EVOLUTION,
        ProfileSection.Kind.WORKING_STYLE, ProfileSection.Kind.STRENGTHS,
    ]
    assert sorted(h.project.acronym for h in demo.highlights.select_related("project")) == [
        "City4Age", "PLANHEAT", "SmartEnCity",
    ]
    figures = {figure.metric: figure.value for figure in demo.key_figures.all()}
    assert figures == {
        KeyFigure.Metric.PROJECTS: "5",
        KeyFigure.Metric.PARTNERS: "90",
        KeyFigure.Metric.COUNTRIES: "17",
        KeyFigure.Metric.AVERAGE_CONSORTIUM: "22+",
        KeyFigure.Metric.LARGEST_GRANT: "€131,961",
    }


def test_every_demo_row_passes_validation(demo):
    for model in MODELS:
        for instance in model.objects.all():
            instance.full_clean()


def test_it_does_not_steal_the_featured_mark(db):
    other = Organisation.objects.create(name="Another city", slug="another-city", is_featured=True)
    call_command("load_demo", stdout=io.StringIO())
    assert list(Organisation.objects.featured()) == [other]


# Names and cities have an English form only where it differs ("Milano", "Milan"): English pages show the Italian.
SAME_IN_BOTH = {(Organisation, "name"), (Organisation, "city")}


def test_every_narrative_text_is_written_in_both_languages(demo):
    """Each text the demo fills in has its Italian and its English, and they are not the same words."""
    untranslated, copied = [], []
    for model in MODELS:
        for field in translator.get_options_for_model(model).fields:
            if (model, field) in SAME_IN_BOTH:
                continue
            for obj in model.objects.all():
                italian, english = getattr(obj, f"{field}_it"), getattr(obj, f"{field}_en")
                if bool(italian) != bool(english):
                    untranslated.append((model.__name__, obj.pk, field))
                elif italian and italian == english and not re.fullmatch(r"[\d+]+", italian):
                    copied.append((model.__name__, obj.pk, field))
    assert untranslated == []
    assert copied == []


def test_the_lecce_profile_reads_in_each_language(demo):
    with translation.override("it"):
        lecce = Organisation.objects.get(slug="comune-di-lecce")
        assert "Sud Italia" in lecce.tagline
        assert lecce.key_figures.get(metric="largest-grant").value == "131.961 €"
    with translation.override("en"):
        lecce = Organisation.objects.get(slug="comune-di-lecce")
        assert "south of Italy" in lecce.tagline
        assert lecce.key_figures.get(metric="largest-grant").value == "€131,961"


@pytest.mark.parametrize(
    ("written", "typo", "error"),
    [
        ('kind = "PUB"', 'kind = "PUBLIC"', "Organisation.kind: 'PUBLIC' is not one of PUB, REC"),
        ('role = "coordinator"', 'role = "leader"', "Participation.role: 'leader' is not one of coordinator"),
        # Key figures are written last: the whole file is checked before anything is written.
        ('metric = "countries"', 'metric = "nations"', "KeyFigure.metric: 'nations' is not one of"),
    ],
)
def test_it_refuses_an_unknown_choice_and_writes_nothing(db, tmp_path, written, typo, error):
    data = DEMO_DATA.read_text(encoding="utf-8")
    assert written in data
    path = tmp_path / "demo.toml"
    path.write_text(data.replace(written, typo, 1), encoding="utf-8")
    with pytest.raises(DemoDataError, match=re.escape(error)):
        load_demo(path)
    assert not any(model.objects.exists() for model in MODELS)


def test_what_came_of_three_projects_in_both_languages(demo):
    from projects.models import Result

    results = {project: list(Result.objects.filter(project__slug=project)) for project in
               ("smartencity", "planheat", "city4age", "trillion")}
    assert [len(results[slug]) for slug in results] == [3, 2, 2, 0]  # none found for TRILLION
    plan = next(result for result in results["smartencity"] if result.kind == "plan")
    assert plan.date == datetime.date(2021, 1, 31) and plan.url.startswith("https://smartencity.eu/")
    for result in Result.objects.all():
        assert result.title_it and result.title_en and result.title_it != result.title_en
        assert result.description_it and result.description_en and result.language in ("it", "en")
    assert Result.objects.filter(is_highlighted=True).count() == 3  # one a project, for the profile
