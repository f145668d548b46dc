"""The site in Italian and in English: addresses, switcher, alternates, fallback and formats."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    make_highlight,
    make_key_figure,
    make_organisation,
    make_participation,
    make_project,
    make_section,
    make_theme,
)

pytestmark = pytest.mark.django_db


def visitor(language=None):
    """A browser asking for ``language`` (or for nothing at all)."""
    return Client(headers={"accept-language": language}) if language else Client()


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def page(path, language="en"):
    response = visitor(language).get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def lang_of(html):
    return re.search(r'<html lang="([\w-]+)"', html).group(1)


def headings(html):
    return [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html, re.S)]


def nav(html):
    menu = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<a [^>]*>(.*?)</a>", menu)]


@pytest.fixture
def site():
    lecce = make_organisation(
        name="Comune di Lecce", slug="comune-di-lecce", is_featured=True,
        tagline_it="Una città che ospita la ricerca.", tagline_en="A city that hosts research.",
    )
    theme = make_theme(slug="energy", name_it="Efficienza energetica", name_en="Energy efficiency")
    project = make_project(
        acronym="SmartEnCity", slug="smartencity", start_date=datetime.date(2016, 2, 1),
        end_date=datetime.date(2022, 7, 31), summary_it="Quartieri a zero emissioni.",
        summary_en="Zero-carbon districts.",
    )
    project.themes.add(theme)
    make_participation(project, lecce, eu_contribution=Decimal("131961"))
    make_section(lecce, kind="core", heading_it="Una città laboratorio", heading_en="A city to test ideas in",
                 body_it="Lecce apre le sue strade.", body_en="Lecce opens its streets.")
    make_highlight(lecce, project=project, title_it="Verso una Lecce a zero emissioni",
                   title_en="A roadmap to a zero-carbon Lecce", text_it="Il piano.", text_en="The plan.")
    make_key_figure(lecce, metric="largest-grant", label_it="contributo UE più alto",
                    label_en="largest EU contribution", value_it="131.961 €", value_en="€131,961")
    return {"lecce": lecce, "project": project, "theme": theme}


PAGES = [
    ("profiles:home", ()),
    ("profiles:organisation-list", ()),
    ("profiles:organisation-detail", ("comune-di-lecce",)),
    ("projects:project-list", ()),
    ("projects:project-detail", ("smartencity",)),
]

NAVIGATION = {"it": ["Profilo", "Progetti", "Partner"], "en": ["Profile", "Projects", "Partners"]}
FIRST_HEADINGS = {
    ("profiles:home", "it"): "Comune di Lecce", ("profiles:home", "en"): "Comune di Lecce",
    ("profiles:organisation-list", "it"): "Partner", ("profiles:organisation-list", "en"): "Partners",
    ("projects:project-list", "it"): "Progetti", ("projects:project-list", "en"): "Projects",
}


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("name, args", PAGES)
def test_every_public_page_answers_in_both_languages(site, name, args, language):
    path = url(name, language, *args)
    assert path.startswith(f"/{language}/")
    html = page(path)
    assert lang_of(html) == language
    assert nav(html) == NAVIGATION[language]
    if (name, language) in FIRST_HEADINGS:
        assert headings(html)[0].startswith(FIRST_HEADINGS[name, language])


def test_the_italian_pages_speak_italian(site):
    html = page(url("projects:project-detail", "it", "smartencity"))
    assert "Il progetto" in headings(html) or "Informazioni sul progetto" in " ".join(headings(html))
    assert "Consorzio" in headings(html)
    assert "Consortium" not in html
    profile = page(url("profiles:home", "it"))
    assert "Una città laboratorio" in headings(profile)
    assert "Una città che ospita la ricerca." in profile
    assert "A city that hosts research." not in profile


def test_addresses_are_translated():
    assert url("projects:project-list", "it") == "/it/progetti/"
    assert url("projects:project-list", "en") == "/en/projects/"
    assert url("profiles:organisation-list", "it") == "/it/organizzazioni/"
    assert url("profiles:organisation-detail", "en", "tecnalia") == "/en/organisations/tecnalia/"


@pytest.mark.parametrize("accept, expected", [
    ("it-IT,it;q=0.9,en;q=0.8", "/it/"),
    ("en-GB,en;q=0.9", "/en/"),
    ("de-DE,fr;q=0.5", "/en/"),  # neither: English, which more foreign readers read than Italian
    ("fr-FR,fr;q=0.9", "/en/"),
    ("es-ES", "/en/"),
    ("de-CH,it-CH;q=0.7", "/it/"),  # Italian, even after another language
    ("fr,en-US;q=0.3", "/en/"),
    ("*", "/it/"),
    (None, "/it/"),  # a crawler or a script: the site's own language
], ids=["italian", "english", "german-french", "french", "spanish", "swiss-italian", "french-english", "any",
        "no-header"])
def test_the_first_visit_to_the_root_follows_the_browser(site, accept, expected):
    response = visitor(accept).get("/")
    assert response.status_code == 302
    assert response["Location"] == expected


def test_a_foreign_visitor_who_chose_italian_keeps_it(site):
    browser = visitor("de-DE")
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    assert browser.get("/")["Location"] == "/it/"


def test_a_foreign_browser_reads_the_admin_in_english(editor):
    browser = visitor("fr-FR,fr;q=0.9")
    browser.force_login(editor)
    assert '<html lang="en"' in browser.get(reverse("admin:index")).content.decode()


def test_a_page_without_prefix_is_sent_to_its_language(site):
    response = visitor("en").get("/projects/smartencity/")
    assert response.status_code == 302
    assert response["Location"] == "/en/projects/smartencity/"


def switcher_links(html):
    """{language: address} of the switcher's links (the current language is not a link)."""
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {code: href for href, code in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', switcher)}


def test_the_switcher_keeps_the_page_and_its_filters(site):
    query = "?theme=energy&year_from=2016&ordering=-start_date"
    html = page(url("projects:project-list", "en") + query)
    assert switcher_links(html) == {"it": "/it/progetti/" + query.replace("&", "&amp;")}
    italian = visitor().get("/it/progetti/" + query)
    assert italian.status_code == 200
    assert [p.acronym for p in italian.context["page_obj"]] == ["SmartEnCity"]
    assert switcher_links(italian.content.decode()) == {"en": "/en/projects/" + query.replace("&", "&amp;")}


def test_the_switcher_on_a_project_and_a_profile_leads_to_the_same_one(site):
    assert switcher_links(page("/it/progetti/smartencity/")) == {"en": "/en/projects/smartencity/"}
    assert switcher_links(page("/en/organisations/comune-di-lecce/")) == {"it": "/it/organizzazioni/comune-di-lecce/"}


def test_the_current_language_is_marked_and_not_a_link(site):
    html = page("/it/")
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    assert re.search(r'<span aria-current="true" lang="it"><span class="visually-hidden">Italiano</span>', switcher)
    assert 'hreflang="it"' not in switcher
    assert '<span class="visually-hidden">English</span>' in switcher


def test_each_page_names_its_alternates(site):
    html = page("/en/projects/?theme=energy")
    alternates = dict((code, href) for code, href in re.findall(
        r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html))
    assert alternates == {
        "it": "http://testserver/it/progetti/?theme=energy",
        "en": "http://testserver/en/projects/?theme=energy",
    }


def test_a_page_with_no_version_in_the_other_language_leads_to_its_home_page():
    from languages.context_processors import page_in_language

    with translation.override("en"):
        assert page_in_language("/en/no-such-page/", "it") == "/it/"
        assert page_in_language("/en/projects/?page=2", "it") == "/it/progetti/?page=2"


def test_numbers_money_and_dates_follow_each_language(site):
    italian = page("/it/progetti/smartencity/")
    english = page("/en/projects/smartencity/")
    assert "1 febbraio 2016" in italian and "31 luglio 2022" in italian
    assert "1 February 2016" in english and "31 July 2022" in english
    # The sign never alone at the start of a line: a no-break space holds it to its amount.
    assert "131.961\u00a0€" in italian and "€131,961" not in italian
    assert "€131,961" in english and "131.961" not in english


def test_counts_beside_the_options_are_grouped_in_each_language(site):
    from projects.filters import counted

    with translation.override("it"):
        assert counted("Tema", 35000) == "Tema (35.000)"
    with translation.override("en"):
        assert counted("Theme", 35000) == "Theme (35,000)"


def test_content_is_shown_in_the_visitors_language(site):
    italian, english = page("/it/"), page("/en/")
    assert "Verso una Lecce a zero emissioni" in italian and "A roadmap to a zero-carbon Lecce" not in italian
    assert "A roadmap to a zero-carbon Lecce" in english and "Verso una Lecce a zero emissioni" not in english
    assert "contributo UE più alto" in italian and "largest EU contribution" in english
    assert "Efficienza energetica" in page("/it/progetti/") and "Energy efficiency" in page("/en/projects/")


def test_english_falls_back_to_italian_marked_as_italian(site):
    project = site["project"]
    project.summary_en = ""
    project.save()
    html = page("/en/projects/smartencity/")
    assert '<div lang="it"><p>Quartieri a zero emissioni.</p></div>' in html
    assert lang_of(html) == "en"


def test_italian_falls_back_to_english_marked_as_english(site):
    theme = site["theme"]
    theme.name_it = None
    theme.save()
    section = site["lecce"].sections.get()
    section.heading_it, section.body_it = "", ""
    section.save()
    html = page("/it/")
    assert re.search(r'<h2 id="section-\d+" lang="en">A city to test ideas in</h2>', html)
    assert '<div lang="en"><p>Lecce opens its streets.</p></div>' in html
    assert 'lang="en">Energy efficiency</a>' in page("/it/progetti/smartencity/")


def test_text_in_neither_language_leaves_no_empty_block(site):
    project = site["project"]
    project.summary_it = project.summary_en = ""
    project.save()
    html = page("/it/progetti/smartencity/")
    assert 'id="about-heading"' not in html


def test_text_in_the_visitors_language_carries_no_extra_lang(site):
    html = page("/it/")
    assert "Una città laboratorio</h2>" in html
    assert not re.search(r'<h2 id="section-\d+" lang=', html)


def test_the_track_record_is_cached_per_language(site):
    client = visitor()
    english = client.get("/en/").content.decode()
    italian = client.get("/it/").content.decode()  # right after: the English one is in the cache
    track_record = re.search(r'<section aria-labelledby="insights-heading".*?</section>', italian, re.S).group(0)
    assert "Esperienza maturata" in track_record and "131.961\u00a0€" in track_record
    assert "Track record" not in italian and "€131,961" not in italian
    assert "Track record" in english


def test_theme_options_are_named_in_the_visitors_language(site):
    italian = visitor().get("/it/progetti/").context["filter"].form.fields["theme"].choices
    english = visitor().get("/en/projects/").context["filter"].form.fields["theme"].choices
    assert ("energy", "Efficienza energetica (1)") in list(italian)
    assert ("energy", "Energy efficiency (1)") in list(english)


def test_the_admin_speaks_italian_to_an_italian_browser(editor):
    client = visitor("it-IT,it;q=0.9")
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert lang_of(html) == "it"
    assert "Progetti" in html
    form = client.get("/admin/projects/project/add/").content.decode()
    assert 'name="summary_it"' in form and 'name="summary_en"' in form


@pytest.mark.parametrize("path", ["/it/progetti/?q=quartieri", "/en/projects/?q=quartieri", "/it/progetti/?q=districts"])
def test_search_reads_the_summaries_in_both_languages(site, path):
    response = visitor().get(path)
    assert [project.acronym for project in response.context["page_obj"]] == ["SmartEnCity"]


def test_the_admin_confirms_a_change_in_italian_without_a_wrong_article(editor):
    client = visitor("it")
    client.force_login(editor)
    theme = make_theme(slug="energia", name_it="Energia", name_en="Energy")
    response = client.post(
        f"/admin/projects/theme/{theme.pk}/change/",
        {"name_it": "Energia pulita", "name_en": "Clean energy", "slug": "energia", "description_it": "",
         "description_en": ""},
        follow=True,
    )
    messages = [re.sub(r"<[^>]+>", "", str(message)) for message in response.context["messages"]]
    assert messages == ["Modifiche salvate: tema “Energia pulita”."]
