from django.db import models, router
from django.db.models import signals
from django.db.models.fields.files import ImageFileDescriptor

from core.pictures import pruning
from core.pictures.keeping import KeepingPictureFormField, KeptPicture
from core.pictures.renditions import renditions, without_metadata
from core.pictures.validation import IMAGE_VALIDATORS, LIMITS_HELP_TEXT


class PictureDescriptor(ImageFileDescriptor):
    """The field's file, remembering the name the row had when it was read: what a save may replace."""

    def __set__(self, instance, value):
        # The first value set is the stored one (or, for a new row, what it is made with).
        instance.__dict__.setdefault(self.field.stored_name_key, getattr(value, "name", value) or "")
        super().__set__(instance, value)


class PictureField(models.ImageField):
    """An ImageField for pictures shown to the public: checked, renamed, cleaned and resized.

    Its validators and help text come from the image limits in the settings, so migrations
    record neither: changing a limit needs no migration. A picture replaced, cleared or deleted
    with its row goes from the disk, with its copies, once no revision names it (``pruning``).
    """

    descriptor_class = PictureDescriptor

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
        # The field's own checks in the form too: a picture is kept for the next try only if it passed them.
        return super().formfield(**{"form_class": KeepingPictureFormField, "validators": self.validators, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            signals.post_save.connect(self.forget_replaced, sender=cls)
            signals.post_delete.connect(self.forget_deleted, sender=cls)

    @property
    def stored_name_key(self):
        return f"_{self.attname}_stored_name"

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            kept = getattr(file, "_file", None)
            if isinstance(kept, KeptPicture):  # from an earlier try, written without its metadata then
                file.save(kept.name, kept, save=False)
                kept.forget_after_commit(router.db_for_write(type(model_instance), instance=model_instance))
            else:
                cleaned = without_metadata(file)
                file.save(cleaned.name, cleaned, save=False)
            renditions(file)
            return file
        return super().pre_save(model_instance, add)

    def forget_replaced(self, instance, created, raw, update_fields, using, **kwargs):
        """The picture a save replaced or cleared goes, once the save is committed, if nothing names it."""
        if raw or self.attname in instance.get_deferred_fields():
            return
        if update_fields is not None and self.name not in update_fields:
            return
        previous = instance.__dict__.get(self.stored_name_key, "")
        current = getattr(instance, self.attname).name or ""
        instance.__dict__[self.stored_name_key] = current  # what the next save replaces
        if not created and previous != current:
            pruning.remove_when_unused(self.storage, [previous], using)

    def forget_deleted(self, instance, using, **kwargs):
        """The picture of a deleted row goes, once the deletion is committed, if no revision names it."""
        names = [instance.__dict__.get(self.stored_name_key, "")]
        if self.attname not in instance.get_deferred_fields():
            names.append(getattr(instance, self.attname).name)
        pruning.remove_when_unused(self.storage, names, using)
