"""Small builders for the tests: each makes one valid row, with overrides; and a query counter."""

import datetime
import io
import itertools
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from profiles.models import Highlight, KeyFigure, ProfileSection
from projects.models import Organisation, Participation, Project, Theme

_sequence = itertools.count(1)


def make_organisation(**fields):
    n = next(_sequence)
    if not {"name_it", "name_en"} & set(fields):
        fields.setdefault("name", f"Organisation {n}")
    fields.setdefault("slug", f"organisation-{n}")
    fields.setdefault("country", "IT")
    return Organisation.objects.create(**fields)


def make_project(**fields):
    n = next(_sequence)
    fields.setdefault("acronym", f"PRJ{n}")
    fields.setdefault("title", f"Project number {n}")
    fields.setdefault("slug", f"prj{n}")
    fields.setdefault("start_date", datetime.date(2016, 1, 1))
    fields.setdefault("end_date", datetime.date(2018, 12, 31))
    if isinstance(fields.get("programme"), str):  # a programme by its code
        fields["programme_id"] = fields.pop("programme")
    return Project.objects.create(**fields)


def make_theme(**fields):
    n = next(_sequence)
    fields.setdefault("name", f"Theme {n}")
    fields.setdefault("slug", f"theme-{n}")
    return Theme.objects.create(**fields)


def make_participation(project=None, organisation=None, **fields):
    return Participation.objects.create(
        project=project or make_project(), organisation=organisation or make_organisation(), **fields
    )


def make_section(organisation=None, **fields):
    fields.setdefault("heading", "A heading")
    fields.setdefault("body", "Some text.")
    return ProfileSection.objects.create(organisation=organisation or make_organisation(), **fields)


def make_highlight(organisation=None, **fields):
    fields.setdefault("title", "A highlight")
    fields.setdefault("text", "Some text.")
    return Highlight.objects.create(organisation=organisation or make_organisation(), **fields)


def make_key_figure(organisation=None, **fields):
    fields.setdefault("label", "projects")
    fields.setdefault("value", "4")
    return KeyFigure.objects.create(organisation=organisation or make_organisation(), **fields)


def image_upload(name="picture.png", size=(40, 30), image_format="PNG", noise=False):
    """An uploaded image file made in memory; ``noise`` makes it incompressible (large on disk)."""
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (138, 21, 56))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def count_queries(client, url):
    """How many queries one GET of ``url`` runs with nothing cached (the page must answer 200)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
