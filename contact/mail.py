"""
The email that tells the office a message has arrived.

It goes to the featured organisation's published contact point's address, or else to ``MANAGERS``; with
neither, the message is only stored, and editors find it in the admin. The visitor's address is the
Reply-To, never the sender: the site sends as ``DEFAULT_FROM_EMAIL``, so that mail servers accept it.
Django refuses line breaks in headers; the subject is made one line anyway, so that it is never refused.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from contact.models import published_contact_point
from projects.models import Organisation

logger = logging.getLogger(__name__)

SUBJECT_MAX_LENGTH = 200


def one_line(text):
    """``text`` with every line break, tab and other control character turned into a single space."""
    return " ".join("".join(" " if not char.isprintable() else char for char in text).split())


def recipients():
    """Who hears of a new message: the office's published address, or the managers, or nobody."""
    contact = published_contact_point(Organisation.objects.published().featured().first())
    if contact and contact.email:
        return [contact.email]
    return [address for _name, address in settings.MANAGERS]


def notify_office(message, admin_url=""):
    """Email ``message`` to the office; return whether an email went out.

    A mail server that fails does not lose the message, which is stored already: the failure is logged.
    """
    to = recipients()
    if not to:
        return False
    # The office works in Italian: the email is written in the site's first language, whatever the visitor's.
    with translation.override(settings.LANGUAGE_CODE):
        subject = one_line(f"{settings.CONTACT_SUBJECT_PREFIX}{message.subject}")[:SUBJECT_MAX_LENGTH]
        body = render_to_string("contact/email/message.txt", {"message": message, "admin_url": admin_url})
    email = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to,
                         reply_to=[message.email])
    try:
        email.send()
    except Exception:
        logger.exception("The email about contact message %s could not be sent; it is stored.", message.pk)
        return False
    return True


def admin_change_url(request, message):
    return request.build_absolute_uri(reverse("admin:contact_message_change", args=[message.pk]))
