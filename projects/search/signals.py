"""
The full-text indexes follow every save made through the ORM: the admin, a restored revision, the shell.

Bulk writes send no signals: the CORDIS import updates the indexes itself for the rows it wrote.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from projects.search.index import ORGANISATIONS, PROJECTS
from projects.signals import with_its_project


def connect():
    from projects.models import CordisResult, Organisation, Project, Result, Theme

    post_save.connect(project_saved, sender=Project, dispatch_uid="search-project-saved")
    post_delete.connect(project_deleted, sender=Project, dispatch_uid="search-project-deleted")
    m2m_changed.connect(themes_changed, sender=Project.themes.through, dispatch_uid="search-themes-changed")
    pre_save.connect(theme_renaming, sender=Theme, dispatch_uid="search-theme-renaming")
    post_save.connect(theme_saved, sender=Theme, dispatch_uid="search-theme-saved")
    pre_delete.connect(theme_deleting, sender=Theme, dispatch_uid="search-theme-deleting")
    post_delete.connect(theme_deleted, sender=Theme, dispatch_uid="search-theme-deleted")
    post_save.connect(organisation_saved, sender=Organisation, dispatch_uid="search-organisation-saved")
    post_delete.connect(organisation_deleted, sender=Organisation, dispatch_uid="search-organisation-deleted")
    for model in (Result, CordisResult):  # their titles are searched with their project's texts
        post_save.connect(result_changed, sender=model, dispatch_uid=f"search-{model._meta.model_name}-saved")
        post_delete.connect(result_changed, sender=model, dispatch_uid=f"search-{model._meta.model_name}-deleted")


def project_saved(sender, instance, **kwargs):
    PROJECTS.update([instance.pk])


def result_changed(sender, instance, origin=None, **kwargs):
    if not with_its_project(origin):  # the project's entry goes with it
        PROJECTS.update([instance.project_id])


def project_deleted(sender, instance, **kwargs):
    PROJECTS.remove([instance.pk])


def themes_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A project's themes changed (``reverse``: a theme's projects did): the projects' theme names change."""
    if not reverse:
        if action.startswith("post_"):
            PROJECTS.update([instance.pk])
    elif action == "pre_clear":
        instance._search_projects = list(instance.projects.values_list("pk", flat=True))
    elif action == "post_clear":
        PROJECTS.update(instance.__dict__.pop("_search_projects", []))
    elif action in ("post_add", "post_remove"):
        PROJECTS.update(pk_set)


def theme_renaming(sender, instance, raw, **kwargs):
    """Before a theme is saved: whether its names change, which its projects' entries hold."""
    if raw or instance.pk is None:
        instance._search_renamed = False
        return
    names = ("name_it", "name_en")
    stored = sender.objects.filter(pk=instance.pk).values(*names).first()
    instance._search_renamed = stored is not None and any(stored[name] != getattr(instance, name) for name in names)


def theme_saved(sender, instance, **kwargs):
    if instance.__dict__.pop("_search_renamed", False):
        PROJECTS.update(instance.projects.values_list("pk", flat=True))


def theme_deleting(sender, instance, **kwargs):
    instance._search_projects = list(instance.projects.values_list("pk", flat=True))


def theme_deleted(sender, instance, **kwargs):
    PROJECTS.update(instance.__dict__.pop("_search_projects", []))


def organisation_saved(sender, instance, **kwargs):
    ORGANISATIONS.update([instance.pk])


def organisation_deleted(sender, instance, **kwargs):
    ORGANISATIONS.remove([instance.pk])
