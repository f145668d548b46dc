"""
The narrative fields editors write in Italian and in English (django-modeltranslation).

Italian comes first: a field that must be filled in must be filled in Italian, and the
English may stay empty, in which case English pages show the Italian.
"""

from modeltranslation.translator import TranslationOptions, register

from projects.models import Organisation, Participation, Programme, Project, Result, Theme


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    # The name and the city as a reader of each language knows them ("Comune di Lecce", "Municipality of Lecce";
    # "Anversa", "Antwerp"). CORDIS gives one of each, written as the Italian; the English falls back to it. The
    # name is unique in neither language, so an empty English one may stay "".
    fields = ("name", "city", "tagline", "introduction")
    required_languages = {"it": ("name",)}


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


@register(Result)
class ResultTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"it": ("title",)}


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = ("name", "funding_body")
    required_languages = {"it": ("name",)}
    empty_values = {"name": None}  # unique per language, as a theme's name
