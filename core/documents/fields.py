from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from core.documents import formats
from core.documents.validation import LIMITS_HELP_TEXT, validate_document

DOCUMENT_VALIDATORS = [validate_document]


class DocumentFieldFile(FieldFile):
    @property
    def url(self):
        """The serving view's address (``core.documents.serving``), whatever the storage: its own address
        (a bucket's, say) would hand the file over without the headers that keep browsers from running it."""
        self._require_file()
        return reverse("document", kwargs={"name": self.name})


class DocumentField(models.FileField):
    """A FileField for documents shown to the public: checked by content, named by it, served safely.

    A document is stored under the extension of the kind it was recognised as, not the one its name
    had: a Word document called "report.pdf" is kept, and later sent, as a .docx. Whoever saves it
    (the admin, a script that skipped ``full_clean()``), nothing but an accepted document is stored.
    Its validators and help text come from the document limit in the settings, so migrations record
    neither: changing the limit needs no migration.
    """

    attr_class = DocumentFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", DOCUMENT_VALIDATORS)
        kwargs.setdefault("help_text", LIMITS_HELP_TEXT)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("validators") == DOCUMENT_VALIDATORS:
            del kwargs["validators"]
        if kwargs.get("help_text") is LIMITS_HELP_TEXT:
            del kwargs["help_text"]
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            # upload_to (RandomName) keeps only the extension of the name it is given.
            file.save(f"document.{formats.identify(file).extension}", file.file, save=False)
            return file
        return super().pre_save(model_instance, add)
