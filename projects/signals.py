"""
Values kept at write time, which the public lists would otherwise compute over whole tables on each request:
each organisation's projects shared with the featured organisation (``Organisation.shared_projects``), and
the countries of each project's participants (``ProjectCountry``).

Every save made through the ORM (the admin, a restored revision, the shell) brings them up to date for what it
can change; the CORDIS import, which writes in bulk, recomputes them once it has written.
"""

from django.db.models.signals import post_delete, post_save, pre_save


def connect():
    from projects.models import Organisation, Participation, Project

    post_save.connect(participation_changed, sender=Participation, dispatch_uid="kept-participation-saved")
    post_delete.connect(participation_changed, sender=Participation, dispatch_uid="kept-participation-deleted")
    post_save.connect(project_saved, sender=Project, dispatch_uid="kept-project-saved")
    pre_save.connect(organisation_changing, sender=Organisation, dispatch_uid="kept-organisation-changing")
    post_save.connect(organisation_saved, sender=Organisation, dispatch_uid="kept-organisation-saved")


def recount_consortium(project_id, *also):
    """Recount the organisations of a project's consortium, and ``also`` those (one that just left it)."""
    from projects.models import Organisation, Participation

    members = Participation.objects.filter(project_id=project_id).values_list("organisation_id", flat=True)
    Organisation.objects.filter(pk__in={*members, *also}).count_shared_projects()


def participation_changed(sender, instance, **kwargs):
    from projects.models import ProjectCountry

    # Joining or leaving a project changes the organisation's count; for the featured organisation, its partners'.
    recount_consortium(instance.project_id, instance.organisation_id)
    ProjectCountry.objects.refresh([instance.project_id])


def project_saved(sender, instance, created, **kwargs):
    if not created:  # a new project has no consortium yet; a saved one may have been published or withdrawn
        recount_consortium(instance.pk)


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
