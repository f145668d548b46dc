"""
The contact point's texts in Italian and in English (django-modeltranslation), as in
``profiles.translation``: a required field is required in Italian only.
"""

from modeltranslation.translator import TranslationOptions, register

from contact.models import ContactPoint


@register(ContactPoint)
class ContactPointTranslationOptions(TranslationOptions):
    fields = ("office_name", "opening_hours")
    required_languages = {"it": ("office_name",)}
