"""
The texts of a call editors write in Italian and in English (django-modeltranslation), as in
``projects.translation``: required in Italian only; an English left empty shows the Italian.
"""

from modeltranslation.translator import TranslationOptions, register

from calls.models import OpenCall


@register(OpenCall)
class OpenCallTranslationOptions(TranslationOptions):
    fields = ("title", "offer")
    required_languages = {"it": ("title", "offer")}
