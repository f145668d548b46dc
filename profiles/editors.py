"""
The ``Editors`` group: people of the EU-projects office who keep the content current.

They may add, change, delete and view everything in the content apps, and
nothing else: no users, no groups, no permissions. Migrations call
``sync_editors_group`` so a new content model reaches editors with the
migration that creates it.
"""

from django.contrib.auth.management import create_permissions

EDITORS_GROUP = "Editors"
CONTENT_APPS = ("profiles", "projects", "contact", "calls")


def sync_editors_group(apps, schema_editor=None):
    """Create the group if missing and give it exactly the content permissions."""
    for app_label in CONTENT_APPS:
        try:
            app_config = apps.get_app_config(app_label)
        except LookupError:  # an app whose first migration comes later: that migration syncs the group again
            continue
        # Permissions are normally made after migrate; make them now so the group can hold them.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    return give_editors_their_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def give_editors_their_permissions(Group, Permission):  # noqa: N803 - model classes, as migrations pass them
    """The Editors group, made if missing, with exactly the content permissions that exist."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=CONTENT_APPS))
    return group
