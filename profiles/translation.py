"""
The narrative fields editors write in Italian and in English (django-modeltranslation).

Italian comes first: a field that must be filled in must be filled in Italian, and the
English may stay empty, in which case English pages show the Italian.
"""

from modeltranslation.translator import TranslationOptions, register

from profiles.models import Highlight, KeyFigure, Organisation, ProfileSection


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("tagline", "introduction")


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
