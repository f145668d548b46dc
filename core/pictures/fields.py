from django.db import models

from core.pictures.renditions import renditions, without_metadata
from core.pictures.validation import IMAGE_VALIDATORS, LIMITS_HELP_TEXT, PictureFormField


class PictureField(models.ImageField):
    """An ImageField for pictures shown to the public: checked, renamed, cleaned and resized.

    Its validators and help text come from the image limits in the settings, so migrations
    record neither: changing a limit needs no migration.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", IMAGE_VALIDATORS)
        kwargs.setdefault("help_text", LIMITS_HELP_TEXT)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("validators") == IMAGE_VALIDATORS:
            del kwargs["validators"]
        if kwargs.get("help_text") is LIMITS_HELP_TEXT:
            del kwargs["help_text"]
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            cleaned = without_metadata(file)
            file.save(cleaned.name, cleaned, save=False)
            renditions(file)
            return file
        return super().pre_save(model_instance, add)
