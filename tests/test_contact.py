"""The office's contact point (footer, profile, structured data), the identity block, and the contact form:
what it stores and sends, what it keeps out, what editors do with the messages, and how long they are kept."""

import datetime
import json
import re
import time

import pytest
from django.contrib.auth.models import User
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from contact import spam
from contact.models import ContactPoint, Message
from tests.factories import make_organisation, make_participation, make_project

pytestmark = pytest.mark.django_db

FORM = "/en/contact/"


@pytest.fixture
def lecce():
    lecce = make_organisation(
        name="Comune di Lecce", slug="comune-di-lecce", city="Lecce", is_featured=True, pic=960216387,
        legal_name="CITTA DI LECCE*COMUNE DI LECCE",
    )
    make_participation(make_project(acronym="SmartEnCity"), lecce)
    return lecce


@pytest.fixture
def office(lecce):
    return ContactPoint.objects.create(
        organisation=lecce, office_name_it="Ufficio Progetti europei", office_name_en="EU projects office",
        street_address="Via Francesco Rubichi, 16", postal_code="73100", city="Lecce",
        email="europa@comune.lecce.example", phone="+39 0832 682111",
        opening_hours_en="Monday to Friday 9:00–12:00\nTuesday also 15:30–17:30",
    )


def started(seconds_ago=10):
    """The form's hidden timestamp, as if the form had been drawn ``seconds_ago``."""
    return signing.dumps(time.time() - seconds_ago, salt=spam.TIMESTAMP_SALT, compress=True)


def form_data(**fields):
    data = {
        "name": "Anna Rossi", "organisation": "Politecnico di Milano", "email": "anna@polimi.example",
        "about": "HORIZON-MISS-2025-CIT-01", "subject": "A pilot for a mission call", "body": "Dear office,\nwould Lecce…",
        "consent": "on", "website": "", "started": started(),
    }
    data.update(fields)
    return data


def refused(response, text):
    """The form was shown again (not a 500, not a redirect) with ``text`` among its messages."""
    assert response.status_code == 200
    page = response.content.decode()
    assert text in page, page
    assert not Message.objects.exists()
    assert mail.outbox == []
    return page


# ---------------------------------------------------------------------------
# The form page


def test_the_form_page_has_labelled_controls_with_autocomplete_and_is_never_cached(client, office):
    response = client.get(reverse("contact:form"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "csrfmiddlewaretoken" in page
    for name, autocomplete in [("name", "name"), ("organisation", "organization"), ("email", "email")]:
        assert f'<label for="id_{name}">' in page
        assert re.search(rf'<input[^>]*autocomplete="{autocomplete}"[^>]*id="id_{name}"', page)
    assert '<label for="id_body">' in page and '<label for="id_consent">' in page
    assert 'aria-describedby="id_email_helptext"' in page
    assert reverse("contact:privacy") in page
    # The honeypot: hidden from sight and from screen readers, out of the tab order, and labelled.
    trap = re.search(r'<div class="contact-trap visually-hidden" aria-hidden="true">(.*?)</div>', page, re.S).group(1)
    assert 'tabindex="-1"' in trap and "Leave this field empty" in trap
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert [h for h in re.findall(r"<h(\d)", page)][:2] == ["1", "2"]  # the page's h1, then the footer's h2s


def test_the_form_page_answers_in_italian_under_its_translated_address(client, lecce):
    with translation.override("it"):
        url = reverse("contact:form")
    assert url.startswith("/it/")
    assert client.get(url).status_code == 200


def test_about_prefills_the_topic_as_plain_text_of_limited_length(client, lecce):
    page = client.get(reverse("contact:form"), {"about": "HORIZON-CL5-2024-D4-01-02"}).content.decode()
    assert re.search(r'<input[^>]*name="about"[^>]*value="HORIZON-CL5-2024-D4-01-02"', page)

    page = client.get(reverse("contact:form"), {"about": '"><script>alert(1)</script>\x07' + "x" * 500}).content.decode()
    assert "<script>alert(1)" not in page
    value = re.search(r'<input[^>]*name="about"[^>]*value="([^"]*)"', page).group(1)
    assert value.startswith("&quot;&gt;&lt;script&gt;")
    assert "\x07" not in value
    assert len(value.replace("&quot;", '"').replace("&gt;", ">").replace("&lt;", "<")) == 200


# ---------------------------------------------------------------------------
# A message sent


def test_a_message_is_stored_and_one_email_goes_to_the_office(client, office):
    response = client.post(reverse("contact:form"), form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:thanks")

    message = Message.objects.get()
    assert (message.name, message.email, message.organisation) == ("Anna Rossi", "anna@polimi.example", "Politecnico di Milano")
    assert message.about == "HORIZON-MISS-2025-CIT-01"
    assert message.body == "Dear office,\nwould Lecce…"
    assert message.status == Message.Status.NEW
    assert message.language == "en"

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["europa@comune.lecce.example"]
    assert email.reply_to == ["anna@polimi.example"]
    assert email.subject == "[Sito progetti UE] A pilot for a mission call"
    assert "Dear office,\nwould Lecce…" in email.body
    assert f"/contact/message/{message.pk}/change/" in email.body

    thanks = client.get(response["Location"]).content.decode()
    assert "your message has been sent" in thanks
    assert "Dear office" not in thanks and "Anna Rossi" not in thanks


def test_without_an_office_address_the_managers_hear_and_without_them_it_is_only_stored(client, lecce, settings):
    settings.MANAGERS = [("Web", "web@comune.lecce.example")]
    assert client.post(reverse("contact:form"), form_data()).status_code == 302
    assert [email.to for email in mail.outbox] == [["web@comune.lecce.example"]]

    settings.MANAGERS = []
    assert client.post(reverse("contact:form"), form_data(subject="Another")).status_code == 302
    assert Message.objects.count() == 2
    assert len(mail.outbox) == 1


def test_an_unpublished_office_address_is_not_used(client, office, settings):
    settings.MANAGERS = [("Web", "web@comune.lecce.example")]
    office.is_published = False
    office.save()
    client.post(reverse("contact:form"), form_data())
    assert mail.outbox[0].to == ["web@comune.lecce.example"]


def test_a_mail_server_that_fails_loses_nothing(client, office, settings):
    settings.EMAIL_BACKEND = "tests.test_contact.FailingBackend"
    response = client.post(reverse("contact:form"), form_data())
    assert response.status_code == 302
    assert Message.objects.count() == 1


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_the_email_subject_is_one_line_whatever_it_is_given():
    from contact.mail import one_line

    assert one_line("Hello\r\nBcc: victim@example.org\tnow") == "Hello Bcc: victim@example.org now"


# ---------------------------------------------------------------------------
# What the form keeps out


def test_a_filled_honeypot_is_thanked_but_nothing_is_stored_or_sent(client, office):
    response = client.post(reverse("contact:form"), form_data(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"] == reverse("contact:thanks")
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_a_form_sent_too_quickly_is_shown_again_with_a_message(client, office):
    page = refused(client.post(reverse("contact:form"), form_data(started=started(seconds_ago=0))), "sent too quickly")
    assert "Anna Rossi" in page  # what the person wrote is kept, to send again
    # The form drawn again has a new timestamp: sent a few seconds later, it goes.
    token = re.search(r'name="started" value="([^"]+)"', page).group(1)
    assert spam.seconds_since(token) is not None


@pytest.mark.parametrize("token", ["", "forged", signing.dumps("not a time", salt=spam.TIMESTAMP_SALT)])
def test_a_form_without_a_valid_timestamp_is_shown_again(client, office, token):
    page = refused(client.post(reverse("contact:form"), form_data(started=token)), "expired or was incomplete")
    # With a new timestamp, so that the person can send it after all.
    token = re.search(r'name="started" value="([^"]+)"', page).group(1)
    assert spam.seconds_since(token) is not None


def test_a_form_drawn_too_long_ago_is_shown_again(client, office):
    refused(client.post(reverse("contact:form"), form_data(started=started(seconds_ago=2 * 24 * 3600))), "expired")


def test_one_address_may_send_only_so_many_messages_an_hour(client, office, settings):
    settings.CONTACT_RATE_LIMIT = 2
    for n in range(2):
        assert client.post(reverse("contact:form"), form_data(subject=f"Message {n}")).status_code == 302
    response = client.post(reverse("contact:form"), form_data(subject="One too many"))
    assert response.status_code == 200
    assert "already sent several messages in the last hour" in response.content.decode()
    assert Message.objects.count() == 2 and len(mail.outbox) == 2
    # Another address is not held back; neither address is stored anywhere.
    other = client.post(reverse("contact:form"), form_data(subject="From elsewhere"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    assert not any("127.0.0.1" in str(value) for value in Message.objects.values_list())


def test_the_whole_site_accepts_only_so_many_messages_a_day(client, office, settings):
    settings.CONTACT_DAILY_CAP = 1
    assert client.post(reverse("contact:form"), form_data()).status_code == 302
    response = client.post(reverse("contact:form"), form_data(subject="Second"), REMOTE_ADDR="192.0.2.8")
    assert response.status_code == 200
    assert "unusual number of messages today" in response.content.decode()
    assert Message.objects.count() == 1 and len(mail.outbox) == 1


def test_html_is_stored_as_text_and_shown_escaped_to_editors_only(client, editor_client, office):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = client.post(reverse("contact:form"), form_data(subject=hostile, body=hostile, name="<b>Eve</b>"))
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.body == hostile
    assert hostile not in client.get(reverse("contact:thanks")).content.decode()
    admin_page = editor_client.get(reverse("admin:contact_message_change", args=[message.pk])).content.decode()
    assert "<script>alert" not in admin_page and "&lt;script&gt;alert" in admin_page
    assert "<b>Eve</b>" not in admin_page
    assert 'href="mailto:anna@polimi.example?subject=Re%3A%20%3Cscript%3E' in admin_page  # the answer, by email


def test_a_100_kb_message_is_refused_with_a_message(client, office):
    refused(client.post(reverse("contact:form"), form_data(body="x" * 100_000)), "The message is too long")


@pytest.mark.parametrize("body", ["Hello\x07bell", "Hello\x1b[31mred", "Hello\x00null", "Hello\x7fdel"])
def test_control_characters_in_the_message_are_refused_with_a_message(client, office, body):
    page = refused(client.post(reverse("contact:form"), form_data(body=body)), "The message")
    assert 'aria-invalid="true"' in page
    # Shown again without the characters, which HTML cannot carry.
    assert re.search(r"<textarea[^>]*>\s*Hello", page) and not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", page)
    assert re.search(r'<textarea[^>]*aria-describedby="[^"]*id_body_error', page)


def test_tabs_and_line_breaks_in_the_message_are_kept(client, office):
    client.post(reverse("contact:form"), form_data(body="Lines\r\nand\ttabs"))
    assert Message.objects.get().body == "Lines\nand\ttabs"


@pytest.mark.parametrize(("field", "value"), [
    ("subject", "Hello\nBcc: victim@example.org"),
    ("name", "Eve\r\nBcc: victim@example.org"),
    ("email", "eve@example.org\nBcc: victim@example.org"),
    ("subject", "Null\x00byte"),
])
def test_header_injection_is_refused(client, office, field, value):
    response = client.post(reverse("contact:form"), form_data(**{field: value}))
    assert response.status_code == 200
    assert not Message.objects.exists() and mail.outbox == []
    assert f'id="id_{field}_error"' in response.content.decode()


def test_consent_and_the_required_fields_are_asked_for(client, office):
    page = refused(client.post(reverse("contact:form"), form_data(consent="", name="", email="")),
                   "tick the box to accept the privacy notice")
    assert 'id="id_name_error"' in page and 'id="id_email_error"' in page
    assert 'role="alert"' in page


def test_what_a_visitor_wrote_never_reaches_another_visitor_through_the_cache(client, office, settings):
    settings.CACHE_PUBLIC_PAGES = True
    client.post(reverse("contact:form"), form_data(body="my secret plan", started=started(0)))
    from django.test import Client

    other = Client(headers={"accept-language": "en"})
    for url in (reverse("contact:form"), reverse("contact:thanks"), reverse("profiles:home")):
        assert "my secret plan" not in other.get(url).content.decode()


# ---------------------------------------------------------------------------
# The privacy notice and retention


def test_the_privacy_notice_says_how_long_messages_are_kept_and_how_to_have_them_deleted(client, office, settings):
    settings.CONTACT_RETENTION_DAYS = 180
    page = client.get(reverse("contact:privacy")).content.decode()
    assert "180 days" in page
    assert "mailto:europa@comune.lecce.example" in page
    assert "IP address is not stored" in page


def test_the_retention_command_deletes_only_the_old_messages(settings, capsys):
    settings.CONTACT_RETENTION_DAYS = 30
    now = timezone.now()
    for days, subject in [(31, "old"), (400, "older"), (29, "recent"), (0, "today")]:
        Message.objects.create(subject=subject, body="…", name="A", email="a@example.org",
                               created=now - datetime.timedelta(days=days))
    call_command("delete_old_messages")
    assert "Deleted 2 message(s) older than 30 days." in capsys.readouterr().out
    assert sorted(Message.objects.values_list("subject", flat=True)) == ["recent", "today"]


# ---------------------------------------------------------------------------
# Editors and the messages


@pytest.fixture
def messages_received():
    return [Message.objects.create(subject=f"Question {n}", body="Body", name="Anna", email="anna@example.org")
            for n in range(3)]


def test_an_editor_lists_filters_and_closes_messages(editor_client, messages_received):
    changelist = reverse("admin:contact_message_changelist")
    page = editor_client.get(changelist).content.decode()
    assert all(f"Question {n}" in page for n in range(3))
    filtered = editor_client.get(changelist, {"status__exact": "new", "q": "Question 1"}).content.decode()
    assert "Question 1" in filtered and "Question 2" not in filtered

    first, second, _third = messages_received
    response = editor_client.post(changelist, {"action": "mark_closed", "_selected_action": [first.pk, second.pk]},
                                  follow=True)
    assert "2 messages marked as “Closed”" in response.content.decode()
    assert sorted(Message.objects.values_list("status", flat=True)) == ["closed", "closed", "new"]
    editor_client.post(changelist, {"action": "mark_answered", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.status == Message.Status.ANSWERED


def test_an_editor_cannot_rewrite_or_add_a_message(editor_client, messages_received):
    message = messages_received[0]
    url = reverse("admin:contact_message_change", args=[message.pk])
    editor_client.post(url, {"status": "answered", "body": "Rewritten", "subject": "Rewritten"})
    message.refresh_from_db()
    assert (message.status, message.body, message.subject) == ("answered", "Body", "Question 0")
    assert editor_client.get(reverse("admin:contact_message_add")).status_code == 403


def test_a_staff_member_of_no_group_may_not_see_the_messages(client, messages_received):
    stranger = User.objects.create_user("stranger", "s@example.org", "pw", is_staff=True)
    client.force_login(stranger)
    assert client.get(reverse("admin:contact_message_changelist")).status_code == 403
    assert client.get(reverse("admin:contact_message_change", args=[messages_received[0].pk])).status_code == 403
    assert client.get(reverse("admin:contact_contactpoint_changelist")).status_code == 403


def test_a_published_contact_point_needs_an_email_or_a_telephone(editor_client, lecce):
    url = reverse("admin:contact_contactpoint_add")
    data = {"organisation": lecce.pk, "office_name_it": "Ufficio Europa", "office_name_en": "", "is_published": "on",
            "street_address": "", "postal_code": "", "city": "", "email": "", "phone": "",
            "opening_hours_it": "", "opening_hours_en": ""}
    page = editor_client.post(url, data).content.decode()
    assert "needs an email address or a telephone number" in page
    page = editor_client.post(url, {**data, "phone": "call us"}).content.decode()
    assert "Write a telephone number with digits" in page
    assert editor_client.post(url, {**data, "phone": "+39 0832 682111"}).status_code == 302
    assert ContactPoint.objects.get().telephone_uri == "tel:+390832682111"


# ---------------------------------------------------------------------------
# The contact point on the pages


def footer_of(response):
    return response.content.decode().split('<footer class="site-footer">', 1)[1]


def json_ld(response):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S).group(1)
    return {node["@type"]: node for node in json.loads(block)["@graph"]}


def test_the_footer_shows_the_office_on_every_page(client, office):
    footer = footer_of(client.get(reverse("projects:project-list")))
    assert "EU projects office" in footer
    assert "Via Francesco Rubichi, 16" in footer and "73100 Lecce" in footer
    assert 'href="mailto:europa@comune.lecce.example"' in footer
    assert 'href="tel:+390832682111"' in footer
    assert "Monday to Friday 9:00–12:00<br>Tuesday" in footer
    assert f'href="{reverse("contact:form")}"' in footer


def test_the_footer_falls_back_without_a_published_contact_point(client, office):
    office.is_published = False
    office.save()
    footer = footer_of(client.get(reverse("projects:project-list")))
    assert "europa@comune.lecce.example" not in footer
    assert "Comune di Lecce" in footer and f'href="{reverse("contact:form")}"' in footer


def test_the_contact_point_costs_one_query_and_none_from_the_page_cache(client, office, settings):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("profiles:home")).status_code == 200
    # The structured data, the footer and the profile share one query.
    assert sum("contact_contactpoint" in query["sql"] for query in queries) == 1

    settings.CACHE_PUBLIC_PAGES = True
    client.get(reverse("projects:project-list"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("projects:project-list"))
    assert "europa@comune.lecce.example" in footer_of(response)
    assert not any("contact_contactpoint" in query["sql"] for query in queries)


def test_a_changed_contact_point_shows_at_once_on_cached_pages(client, office, settings):
    settings.CACHE_PUBLIC_PAGES = True
    url = reverse("projects:project-list")
    assert "europa@comune.lecce.example" in footer_of(client.get(url))
    office.email = "progetti@comune.lecce.example"
    office.save()
    assert "progetti@comune.lecce.example" in footer_of(client.get(url))


def test_the_featured_profile_shows_the_office_and_the_way_to_the_form(client, office):
    page = client.get(reverse("profiles:home")).content.decode()
    section = page.split('<section id="contact"', 1)[1].split("</section>", 1)[0]
    assert '<h2 id="contact-heading">' in section
    assert "EU projects office" in section and "+39 0832 682111" in section
    assert f'href="{reverse("contact:form")}"' in section


def test_a_partner_without_a_contact_point_has_no_contact_section(client, office):
    partner = make_organisation(name="TECNALIA", slug="tecnalia", country="ES")
    make_participation(organisation=partner)
    page = client.get(partner.get_absolute_url()).content.decode()
    assert 'id="contact"' not in page


def test_the_structured_data_gives_the_office_as_the_municipalitys_contact_point(client, office):
    municipality = json_ld(client.get(reverse("projects:project-list")))["WebSite"]["publisher"]
    contact = municipality["contactPoint"]
    assert contact["@type"] == "ContactPoint"
    assert contact["contactType"] == "EU projects office"
    assert contact["email"] == "europa@comune.lecce.example"
    assert contact["telephone"] == "+39 0832 682111"
    assert contact["availableLanguage"] == ["it", "en"]
    assert contact["areaServed"] == {"@type": "City", "name": "Lecce"}
    assert "Monday to Friday" in contact["description"]
    assert contact["url"].endswith(reverse("contact:form"))


def test_no_contact_point_in_the_structured_data_when_unpublished(client, office):
    office.is_published = False
    office.save()
    assert "contactPoint" not in json_ld(client.get(reverse("projects:project-list")))["WebSite"]["publisher"]


# ---------------------------------------------------------------------------
# The identity for proposals


def test_the_profile_gives_pic_legal_name_and_cordis_link_to_copy_into_a_proposal(client, lecce):
    page = client.get(reverse("profiles:home")).content.decode()
    identity = page.split('<dl class="identity">', 1)[1].split("</dl>", 1)[0]
    assert "<code>960216387</code>" in identity
    assert "CITTA DI LECCE*COMUNE DI LECCE" in identity
    assert 'href="https://cordis.europa.eu/search/en?q=' in identity
    assert "960216387" in lecce.cordis_url


def test_the_identity_shows_only_what_exists(client, lecce):
    partner = make_organisation(name="TECNALIA", slug="tecnalia", legal_name="FUNDACION TECNALIA")
    make_participation(organisation=partner)
    page = client.get(partner.get_absolute_url()).content.decode()
    identity = page.split('<dl class="identity">', 1)[1].split("</dl>", 1)[0]
    assert "FUNDACION TECNALIA" in identity
    assert "<code>" not in identity and "cordis.europa.eu" not in identity
    bare = make_organisation(name="Nobody", slug="nobody")
    make_participation(organisation=bare)
    assert '<dl class="identity">' not in client.get(bare.get_absolute_url()).content.decode()
