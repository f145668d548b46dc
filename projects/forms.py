from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Organisation


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
        help_text=_(
            "Filled in with the featured organisation's PIC, e.g. 960216387: only its projects are imported, with "
            "their whole consortia. Clear it to import every project in the files."
        ),
    )
    publish_all = forms.BooleanField(
        label=_("Publish every project"), required=False, initial=False,
        help_text=_(
            "New projects in which the featured organisation takes no part come in unpublished, for an editor to "
            "review; tick this to publish them all. Without a featured organisation with a PIC, every new project "
            "is published. Projects already on the site keep their published flag either way."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"), required=False, initial=True,
        help_text=_("Report what would change without writing anything."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        featured_pic = Organisation.objects.featured().filter(pic__isnull=False).values_list("pic", flat=True).first()
        if featured_pic is not None:
            self.fields["only_organisation"].initial = featured_pic
