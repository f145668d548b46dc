"""
The zip files CORDIS ships its open data in, unpacked for the import forms.

CORDIS publishes each framework programme's data as zips (``cordis-h2020projects-csv.zip`` holds
``project.csv``, ``organization.csv`` and files the site does not read; the results come in zips of
their own). An editor may upload the zip as downloaded: the files the import reads are taken out of
it, by name, and the rest is left alone. A zip is known by what it holds, not by its name, and one
that would unpack to far more than its size is refused before anything is unpacked.
"""

import shutil
import tempfile
import zipfile
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _

from core.documents.formats import unpacks_too_far

# The name of each kind of file in CORDIS's zips, without its extension, as CORDIS writes it.
MEMBERS = {
    "projects": "project", "organisations": "organization", "deliverables": "projectDeliverables",
    "publications": "projectPublications", "reports": "reportSummaries",
}
EXTENSIONS = (".csv", ".json")
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


def is_zip(upload):
    upload.seek(0)
    start = upload.read(4)
    upload.seek(0)
    return start in ZIP_MAGIC


def unpack(upload, kinds):
    """{kind: an uploaded file} of the files of ``kinds`` the zip ``upload`` holds, or ``ValidationError``.

    A kind the zip does not hold is left out; a zip holding none of them is refused.
    """
    try:
        with zipfile.ZipFile(upload) as archive:
            members = [member for member in archive.infolist() if not member.is_dir()]
            if unpacks_too_far(sum(member.file_size for member in members), upload.size):
                raise ValidationError(_(
                    "%(name)s would unpack to far more than any CORDIS export of its size: it cannot be accepted."
                ) % {"name": upload.name}, code="archive_too_large")
            found = {}
            for kind in kinds:
                member = find(members, MEMBERS[kind])
                if member is not None:
                    found[kind] = extract(archive, member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as error:
        raise ValidationError(_(
            "%(name)s cannot be read as a zip file: it may be damaged or incomplete. Download it again, or unpack it "
            "and upload the files it holds."
        ) % {"name": upload.name}, code="archive_damaged") from error
    if not found:
        raise ValidationError(_("%(name)s holds none of the files wanted here: %(files)s.") % {
            "name": upload.name, "files": ", ".join(f"{MEMBERS[kind]}.csv" for kind in kinds)}, code="archive_empty")
    return found


def find(members, stem):
    """The member named ``stem``.csv (or else .json) in any folder of the zip, whatever the case of its name."""
    for extension in EXTENSIONS:
        for member in members:
            if PurePosixPath(member.filename).name.lower() == f"{stem}{extension}".lower():
                return member
    return None


def extract(archive, member):
    """The member as a file on disk, named as in the zip; gone once closed or forgotten."""
    extracted = tempfile.TemporaryFile()
    with archive.open(member) as source:
        shutil.copyfileobj(source, extracted, 1024 * 1024)
    extracted.seek(0)
    return File(extracted, name=PurePosixPath(member.filename).name)
