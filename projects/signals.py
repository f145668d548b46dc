"""
Values kept at write time, which the public lists would otherwise compute over whole tables on each request:
each organisation's projects shared with the featured organisation (``Organisation.shared_projects``), and
the countries of each project's participants (``ProjectCountry``).

Every save made through the ORM (the admin, a restored revision, the shell) brings them up to date for what it
can change; the CORDIS import, which writes in bulk, recomputes them once it has written.
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save


def connect():
    from projects.models import Organisation, Participation, Project

    post_save.connect(participation_changed, sender=Participation, dispatch_uid="kept-participation-saved")
    post_delete.connect(participation_changed, sender=Participation, dispatch_uid="kept-participation-deleted")
    post_save.connect(project_saved, sender=Project, dispatch_uid="kept-project-saved")
    pre_delete.connect(project_deleting, sender=Project, dispatch_uid="kept-project-deleting")
    post_delete.connect(project_deleted, sender=Project, dispatch_uid="kept-project-deleted")
    pre_save.connect(organisation_changing, sender=Organisation, dispatch_uid="kept-organisation-changing")
    post_save.connect(organisation_saved, sender=Organisation, dispatch_uid="kept-organisation-saved")


def recount_consortium(project_id, *also):
    """Recount the organisations of a project's consortium, and ``also`` those (one that just left it)."""
    from projects.models import Organisation, Participation

    members = Participation.objects.filter(project_id=project_id).values_list("organisation_id", flat=True)
    Organisation.objects.filter(pk__in={*members, *also}).count_shared_projects()


def with_its_project(origin):
    """Whether a deletion whose ``origin`` Django gives was of projects: what went with them is seen to once, by project.

    A project's participations and results are deleted with it, each with its own signal; answered one by one,
    a project with a hundred deliverables from CORDIS was indexed again a hundred times on its way out.
    """
    from projects.models import Project

    return isinstance(origin, Project) or (isinstance(origin, QuerySet) and origin.model is Project)


def participation_changed(sender, instance, origin=None, **kwargs):
    from projects.models import ProjectCountry

    if with_its_project(origin):
        return
    # Joining or leaving a project changes the organisation's count; for the featured organisation, its partners'.
    recount_consortium(instance.project_id, instance.organisation_id)
    ProjectCountry.objects.refresh([instance.project_id])


def project_saved(sender, instance, created, **kwargs):
    if not created:  # a new project has no consortium yet; a saved one may have been published or withdrawn
        recount_consortium(instance.pk)


def project_deleting(sender, instance, **kwargs):
    from projects.models import Participation

    instance._kept_members = list(Participation.objects.filter(project=instance).values_list("organisation", flat=True))


def project_deleted(sender, instance, **kwargs):
    """A project is gone, with its consortium: its former members' counts lose it; its countries went with it."""
    from projects.models import Organisation

    Organisation.objects.filter(pk__in=instance.__dict__.pop("_kept_members", [])).count_shared_projects()


def organisation_changing(sender, instance, raw, **kwargs):
    """Before an organisation is saved: what changes of what the kept values depend on."""
    fields = ("is_featured", "is_published", "country")
    stored = None if raw or instance.pk is None else sender.objects.filter(pk=instance.pk).values(*fields).first()
    stored = stored or {"is_featured": False, "is_published": None, "country": None}
    instance._kept_changes = {field for field in fields if getattr(instance, field) != stored[field]}


def organisation_saved(sender, instance, created, **kwargs):
    from projects.models import ProjectCountry

    changes = instance.__dict__.pop("_kept_changes", set())
    if "is_featured" in changes:
        sender.objects.count_shared_projects()  # another featured organisation: every count changes
    if changes & {"is_published", "country"} and not created:
        ProjectCountry.objects.refresh(instance.participations.values_list("project", flat=True))
