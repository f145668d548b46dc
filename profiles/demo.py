"""
Demo content: the Municipality of Lecce, its four EU projects and the partners they name.

The content itself is in ``demo.toml`` beside this module, every narrative text in Italian
and in English. ``load_demo()`` adds whatever of it is missing and leaves every existing row
as it is, so it can run on every start without undoing an editor's changes, and running it
twice changes nothing. The whole file is read and checked before anything is written, so a
typo in it fails loudly and leaves the database as it was.
"""

import tomllib
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname

from core.history import record_initial_revisions
from profiles.models import Highlight, KeyFigure, ProfileSection
from projects.models import (
    Organisation,
    OrganisationKind,
    Participation,
    Project,
    Result,
    ResultKind,
    Role,
    Theme,
)

DEMO_DATA = Path(__file__).with_name("demo.toml")

# The fields the file fills with a stored choice value, and the choices that value must be one of.
CHOICES = {
    (Organisation, "kind"): OrganisationKind,
    (Participation, "role"): Role,
    (Result, "kind"): ResultKind,
    (ProfileSection, "kind"): ProfileSection.Kind,
    (KeyFigure, "metric"): KeyFigure.Metric,
}

# A consortium member is a participant with no part of its own described, unless the file says otherwise.
MEMBER = {"role": Role.PARTICIPANT, "local_role": "", "eu_contribution": None, "contribution": ""}


class DemoDataError(ValueError):
    """The demo data file holds a value the models cannot take."""


def field_values(model, row):
    """A row of the file as keyword arguments for ``model``: texts per language, money as Decimal, choices checked."""
    values = {}
    for name, value in row.items():
        field = model._meta.get_field(name)  # a misspelt key fails here
        where = f"{model.__name__}.{name}"
        if isinstance(value, dict):
            values.update(in_both_languages(name, value, where))
        elif name in translated_fields(model):  # one text for both languages: the Italian, which English pages show
            values[build_localized_fieldname(name, settings.LANGUAGE_CODE)] = value
        elif (model, name) in CHOICES:
            values[name] = choice(CHOICES[model, name], value, where)
        elif field.many_to_one and not field.target_field.primary_key:  # a programme, by its code
            values[field.attname] = value
        elif isinstance(field, models.DecimalField) and value is not None:
            values[name] = money(value, where)
        else:
            values[name] = value
    return values


def translated_fields(model):
    try:
        return translator.get_options_for_model(model).fields
    except NotRegistered:
        return ()


def in_both_languages(name, text, where):
    """``{"it": …, "en": …}`` as one column of field ``name`` per language in settings.LANGUAGES."""
    codes = [code for code, _ in settings.LANGUAGES]
    if sorted(text) != sorted(codes):
        raise DemoDataError(f"{where}: a text needs the languages {', '.join(codes)}, not {', '.join(text)}")
    return {build_localized_fieldname(name, code): text[code] for code in codes}


def choice(choices, value, where):
    try:
        return choices(value)
    except ValueError:
        raise DemoDataError(f"{where}: {value!r} is not one of {', '.join(choices.values)}") from None


def money(value, where):
    # A TOML float is binary: it may not hold the amount exactly.
    if not isinstance(value, str):
        raise DemoDataError(f'{where}: write money as a string of euros, e.g. "131961", not {value!r}')
    return Decimal(value)


def read_demo(path=DEMO_DATA):
    """The content of the demo data file, each row checked and keyed by what identifies it, in the file's order."""
    with open(path, "rb") as file:
        data = tomllib.load(file)
    local_roles = data["local_roles"]

    def keyed(model, key, rows):
        """``(the value of key, the other values)`` for each row."""
        return [(values.pop(key), values) for values in (field_values(model, row) for row in rows)]

    def member(row):
        row = {**MEMBER, **row}
        organisation = row.pop("organisation")
        if row["local_role"]:
            if row["local_role"] not in local_roles:
                raise DemoDataError(f"{organisation}: {row['local_role']!r} is not one of the [local_roles]")
            row["local_role"] = local_roles[row["local_role"]]
        return organisation, field_values(Participation, row)

    def project(row):
        row = dict(row)
        themes, consortium, results = row.pop("themes", []), row.pop("consortium", []), row.pop("results", [])
        values = field_values(Project, row)
        return values.pop("slug"), (
            values, themes, [member(each) for each in consortium], [field_values(Result, each) for each in results],
        )

    return {
        "featured": data["featured"],
        "organisations": keyed(Organisation, "slug", data["organisations"]),
        "themes": [(slug, field_values(Theme, {"name": name})) for slug, name in data["themes"].items()],
        "projects": [project(row) for row in data["projects"]],
        "sections": keyed(ProfileSection, "kind", data["sections"]),
        "highlights": keyed(Highlight, "project", data["highlights"]),
        "key_figures": keyed(KeyFigure, "metric", data["key_figures"]),
    }


@transaction.atomic
def load_demo(path=DEMO_DATA):
    """Add the demo content that is missing, in Italian and in English; return the number of rows created."""
    demo = read_demo(path)
    created = []

    def ensure(model, lookup, defaults):
        obj, was_created = model.objects.get_or_create(**lookup, defaults=defaults)
        if was_created:
            created.append(obj)
        return obj, was_created

    organisations = {}
    for slug, values in demo["organisations"]:
        if slug == demo["featured"]:
            values["is_featured"] = not Organisation.objects.featured().exclude(slug=slug).exists()
        organisations[slug], _ = ensure(Organisation, {"slug": slug}, values)

    themes = {slug: ensure(Theme, {"slug": slug}, values)[0] for slug, values in demo["themes"]}

    projects = {}
    for slug, (values, theme_slugs, consortium, results) in demo["projects"]:
        project, was_created = ensure(Project, {"slug": slug}, values)
        if was_created:
            project.themes.set(themes[theme] for theme in theme_slugs)
        for organisation, member in consortium:
            ensure(Participation, {"project": project, "organisation": organisations[organisation]}, member)
        for result in results:
            ensure(Result, {"project": project, "url": result.pop("url")}, result)
        projects[slug] = project

    featured = organisations[demo["featured"]]
    for order, (kind, values) in enumerate(demo["sections"], start=1):
        ensure(ProfileSection, {"organisation": featured, "kind": kind}, {**values, "order": order})
    for order, (project_slug, values) in enumerate(demo["highlights"], start=1):
        ensure(Highlight, {"organisation": featured, "project": projects[project_slug]}, {**values, "order": order})
    for order, (metric, values) in enumerate(demo["key_figures"], start=1):
        ensure(KeyFigure, {"organisation": featured, "metric": metric}, {**values, "order": order})
    # A first revision of everything added, so that History can take back an editor's first change.
    record_initial_revisions(created, gettext("Demo content"))
    return len(created)
