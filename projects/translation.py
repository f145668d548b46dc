"""
The narrative fields editors write in Italian and in English (django-modeltranslation).

As in ``profiles.translation``, a required field is required in Italian only.
"""

from modeltranslation.translator import TranslationOptions, register

from projects.models import Participation, Project, Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"it": ("name",)}
    # Unique per language: an English name left empty is stored as NULL, not as a second "".
    empty_values = {"name": None}


@register(Project)
class ProjectTranslationOptions(TranslationOptions):
    fields = ("summary", "image_alt")


@register(Participation)
class ParticipationTranslationOptions(TranslationOptions):
    fields = ("local_role", "contribution")
