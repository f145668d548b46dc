from django import forms
from django.utils.translation import gettext_lazy as _


class CordisImportForm(forms.Form):
    """The two files of a CORDIS export, uploaded by an editor in the admin."""

    projects_file = forms.FileField(
        label=_("Projects file"),
        help_text=_("project.csv or project.json from CORDIS's open data on a framework programme."),
    )
    organisations_file = forms.FileField(
        label=_("Organisations file"),
        help_text=_("organization.csv or organization.json from the same export."),
    )
    only_organisation = forms.IntegerField(
        label=_("Only the projects of the organisation with PIC"), required=False, min_value=1,
        help_text=_("Optional, e.g. 960216387: import only this organisation's projects, with their whole consortia."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"), required=False, initial=True,
        help_text=_("Report what would change without writing anything."),
    )
