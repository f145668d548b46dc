"""
The narrative fields editors write in Italian and in English (django-modeltranslation), as in
``projects.translation``: a required field is required in Italian only.
"""

from modeltranslation.translator import TranslationOptions, register

from profiles.models import Highlight, KeyFigure, ProfileSection


@register(ProfileSection)
class ProfileSectionTranslationOptions(TranslationOptions):
    fields = ("heading", "body")
    required_languages = {"it": ("heading", "body")}


@register(Highlight)
class HighlightTranslationOptions(TranslationOptions):
    fields = ("title", "text", "image_alt")
    required_languages = {"it": ("title", "text")}


@register(KeyFigure)
class KeyFigureTranslationOptions(TranslationOptions):
    fields = ("label", "value")
    required_languages = {"it": ("label", "value")}
