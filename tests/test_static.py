"""Static files as production has them: collected under content-hashed names and served by the site
itself, with headers that let browsers keep them for good."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client, override_settings

PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_production_collects_into_content_hashed_names():
    from lecce import settings as production

    assert production.STORAGES["staticfiles"]["BACKEND"] == PRODUCTION_STORAGE
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in production.MIDDLEWARE


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """``collectstatic`` run once with the production storage, into a root of its own."""
    root = tmp_path_factory.mktemp("static")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}
    with override_settings(STORAGES=storages, STATIC_ROOT=str(root)):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


def test_the_stylesheet_is_written_under_a_hashed_name_and_the_static_tag_points_at_it(collected):
    hashed = [path.name for path in (collected / "css").iterdir() if re.fullmatch(r"site\.[0-9a-f]{12}\.css", path.name)]
    assert len(hashed) == 1
    assert (collected / "css" / hashed[0]).read_bytes() == (settings.BASE_DIR / "static" / "css" / "site.css").read_bytes()
    assert (collected / "css" / f"{hashed[0]}.gz").exists()  # sent to browsers that accept gzip

    link = Template("{% load static %}{% static 'css/site.css' %}").render(Context())
    assert link == f"/static/css/{hashed[0]}"


def test_the_site_serves_a_hashed_file_for_good_and_the_plain_name_briefly(collected):
    url = Template("{% load static %}{% static 'css/site.css' %}").render(Context())
    client = Client()  # its middleware is built now, with the collected root

    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Type"].startswith("text/css")
    assert b"".join(response.streaming_content) == (settings.BASE_DIR / "static" / "css" / "site.css").read_bytes()
    assert response["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware still runs first

    compressed = client.get(url, headers={"accept-encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"

    # The unhashed name may change under the same address: a minute only.
    plain = client.get("/static/css/site.css")
    assert plain.status_code == 200
    assert plain["Cache-Control"] == "max-age=60, public"
