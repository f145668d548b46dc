from django import forms
from django.utils.translation import gettext_lazy as _

from projects import cordis_archive
from projects.models import CordisImport, Organisation


class CordisImportForm(forms.Form):
    """The two files of a CORDIS export, uploaded by an editor in the admin."""

    imports = CordisImport.Imports.PROJECTS

    projects_file = forms.FileField(
        label=_("Projects file"),
        help_text=_(
            "project.csv or project.json from CORDIS's open data on a framework programme, or the whole zip as "
            "CORDIS ships it (cordis-h2020projects-csv.zip, say): the two files are taken out of it."
        ),
    )
    organisations_file = forms.FileField(
        label=_("Organisations file"), required=False,
        help_text=_("organization.csv or organization.json from the same export; leave it empty after a zip."),
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

    def clean(self):
        data = super().clean()
        take_out_of_zips(self, CordisImport.FILES[self.imports])
        if "projects_file" in self.errors:
            return data
        if not data.get("projects_file"):
            self.add_error("projects_file", forms.ValidationError(_(
                "The zip holds no projects file (project.csv or project.json)."), code="required"))
        elif not data.get("organisations_file"):
            self.add_error("organisations_file", forms.ValidationError(_(
                "Choose the organisations file (organization.csv or organization.json), or upload the zip that "
                "holds both files as the projects file."), code="required"))
        return data

    def job(self):
        """The import the files and options ask for, not yet saved."""
        data = self.cleaned_data
        return CordisImport(
            imports=self.imports,
            projects_file=data["projects_file"], organisations_file=data["organisations_file"],
            projects_file_name=data["projects_file"].name, organisations_file_name=data["organisations_file"].name,
            only_organisation=data["only_organisation"], publish_all=data["publish_all"], dry_run=data["dry_run"],
        )


class CordisResultsImportForm(forms.Form):
    """Any of the three files of results CORDIS publishes for a framework programme, uploaded by an editor."""

    imports = CordisImport.Imports.RESULTS

    deliverables_file = forms.FileField(
        label=_("Deliverables file"), required=False,
        help_text=_("projectDeliverables.csv or projectDeliverables.json from CORDIS's open data on a framework "
                    "programme, or a zip as CORDIS ships it: the results files it holds are taken out of it."),
    )
    publications_file = forms.FileField(
        label=_("Publications file"), required=False,
        help_text=_("projectPublications.csv or projectPublications.json from the same programme."),
    )
    reports_file = forms.FileField(
        label=_("Report summaries file"), required=False,
        help_text=_("reportSummaries.csv or reportSummaries.json from the same programme."),
    )
    dry_run = CordisImportForm.base_fields["dry_run"]

    def clean(self):
        data = super().clean()
        take_out_of_zips(self, CordisImport.FILES[self.imports])
        if not any(data.get(f"{kind}_file") for kind in CordisImport.FILES[self.imports]):
            raise forms.ValidationError(_("Choose at least one file: deliverables, publications or report summaries."),
                                        code="no_file")
        return data

    def job(self):
        """The import the files ask for, not yet saved."""
        data = self.cleaned_data
        files = {kind: data[f"{kind}_file"] for kind in CordisImport.FILES[self.imports]
                 if data.get(f"{kind}_file")}
        return CordisImport(
            imports=self.imports, dry_run=data["dry_run"],
            **{f"{kind}_file": file for kind, file in files.items()},
            **{f"{kind}_file_name": file.name for kind, file in files.items()},
        )


def take_out_of_zips(form, kinds):
    """Put in place of each zip uploaded for one of ``kinds`` the files of ``kinds`` it holds.

    A file the zip holds fills its own field when the editor left that empty; one chosen apart wins. A zip
    that cannot be read, or holds none of the files, is an error on its field.
    """
    data = form.cleaned_data
    for kind in kinds:
        upload = data.get(f"{kind}_file")
        if not upload or not cordis_archive.is_zip(upload):
            continue
        try:
            found = cordis_archive.unpack(upload, kinds)
        except forms.ValidationError as error:
            form.add_error(f"{kind}_file", error)
            continue
        data[f"{kind}_file"] = None
        for other, file in found.items():
            if other == kind or not data.get(f"{other}_file"):
                data[f"{other}_file"] = file
