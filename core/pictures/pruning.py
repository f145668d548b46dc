"""
When a picture's file goes: once nothing names it any more, neither a row nor a stored revision.

An editor who uploads a new logo, or deletes a highlight, leaves the old picture and its smaller
copies on disk, still served at their address. They cannot go at once: the History
(django-reversion) keeps the revisions that name the old file, and restoring one brings the
picture back. So a picture file, with its copies, is removed only when no current row and no
stored revision (``Version.serialized_data``) names it:

- ``prune()``, which ``manage.py prune_pictures`` runs from cron, walks the picture folders and
  removes every file nothing names any more: after ``manage.py deleterevisions`` has dropped the
  old revisions, the pictures only they named;
- ``remove_when_unused()``, which ``PictureField`` calls when a saved row replaced or cleared its
  picture or a row was deleted, removes the old file at once, after the commit, when no revision
  names it either (a row written without the admin has none).

Smaller copies are named after their picture (``renditions.rendition_name``): they go with it,
and stay while it is named. ``prune()`` also removes the pictures kept for a form sent again
(``keeping``) that waited longer than ``keeping.KEPT_FOR``: nobody came back for them.
"""

import json
import logging
import os
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from reversion.models import Version

from core.pictures.keeping import KEPT_FOLDER, KEPT_FOR
from core.pictures.renditions import RENDITION_WIDTHS, RandomName, rendition_name

logger = logging.getLogger(__name__)

# A smaller copy: its picture's name without the extension, then "-<width>w.webp".
RENDITION = re.compile(r"^(?P<stem>.+)-\d+w\.webp$")
# A file young enough to belong to a save still under way: written before its row is committed.
BEING_SAVED = timedelta(hours=1)


@dataclass(frozen=True)
class PictureFile:
    name: str
    size: int


def picture_fields():
    """[(model, field)] of every picture field of the installed models."""
    from core.pictures.fields import PictureField  # that module calls this one when a row is saved

    return [
        (model, field) for model in apps.get_models() for field in model._meta.get_fields()
        if isinstance(field, PictureField)
    ]


def folder_of(field):
    """The folder a field files its pictures in ("logos"), or None when its ``upload_to`` does not say."""
    if isinstance(field.upload_to, RandomName):
        return field.upload_to.folder
    if isinstance(field.upload_to, str) and field.upload_to.strip("/"):
        return field.upload_to.strip("/").split("/")[0]
    return None


def names_in_rows(fields):
    return {
        name for model, field in fields
        for name in model._base_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True) if name
    }


def names_in_revisions(fields):
    """Every picture a stored revision names: what restoring it would bring back.

    Read from the stored copies of the models with pictures, those that mention a picture folder
    at all. Django's JSON (django-reversion's format) is read field by field; another format is
    searched for anything that looks like a picture's name, which keeps more rather than less.
    """
    attnames, folders = {}, {folder_of(field) for _model, field in fields} - {None}
    content_types = ContentType.objects.get_for_models(*{model for model, _field in fields})
    for model, field in fields:
        attnames.setdefault(content_types[model].pk, []).append(field.attname)
    if not attnames or not folders:
        return set()
    mentions = Q()
    for folder in folders:
        mentions |= Q(serialized_data__contains=f"{folder}/")
    any_folder = "|".join(re.escape(folder) for folder in sorted(folders))
    in_text = re.compile(rf"(?:{any_folder})/[^\s\"'<>\\]+")
    names = set()
    versions = Version.objects.filter(mentions, content_type__in=attnames).values_list(
        "content_type_id", "format", "serialized_data")
    for content_type_id, format_name, data in versions.iterator(chunk_size=1000):
        if format_name != "json":
            names.update(in_text.findall(data))
            continue
        for item in json.loads(data):
            stored = item.get("fields", {})
            names.update(stored[attname] for attname in attnames[content_type_id] if stored.get(attname))
    return names


def names_in_use():
    fields = picture_fields()
    return names_in_rows(fields) | names_in_revisions(fields)


def is_named(name):
    """Whether a row or a stored revision names the picture ``name``: one query per model, and one more."""
    fields = picture_fields()
    if any(model._base_manager.filter(**{field.attname: name}).exists() for model, field in fields):
        return True
    content_types = ContentType.objects.get_for_models(*{model for model, _field in fields})
    # As Django's JSON writes it, and as json.dumps() does with its default ASCII (as a migration rewrote some).
    spellings = {name, json.dumps(name)[1:-1]}
    mentions = Q()
    for spelling in spellings:
        mentions |= Q(serialized_data__contains=spelling)
    return Version.objects.filter(mentions, content_type__in=[ct.pk for ct in content_types.values()]).exists()


def is_kept(name, named, named_stems):
    if name in named:
        return True
    rendition = RENDITION.match(name)
    return rendition is not None and rendition["stem"] in named_stems


def walk(storage, folder):
    """The names of the files under ``folder``, its subfolders included."""
    try:
        subfolders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield from (f"{folder}/{name}" for name in files)
    for subfolder in subfolders:
        yield from walk(storage, f"{folder}/{subfolder}")


def unused_files(min_age=BEING_SAVED):
    """[(storage, PictureFile)] of the picture files nothing names, older than ``min_age``, by name.

    Files younger than ``min_age`` are left alone: an upload is on disk before its row is committed.
    """
    fields = picture_fields()
    named = names_in_use()
    named_stems = {os.path.splitext(name)[0] for name in named}
    before = timezone.now() - min_age
    places = {(field.storage, folder_of(field)) for _model, field in fields if folder_of(field)}
    unused = {}
    for storage, folder in places:
        for name in walk(storage, folder):
            if is_kept(name, named, named_stems) or storage.get_modified_time(name) > before:
                continue
            unused[name] = (storage, PictureFile(name, storage.size(name)))
    unused.update(abandoned_kept_pictures(min_age))
    return [unused[name] for name in sorted(unused)]


def abandoned_kept_pictures(min_age=BEING_SAVED):
    """{name: (storage, PictureFile)} of the pictures kept for a form sent again (``keeping``) that nobody came back for."""
    before = timezone.now() - max(min_age, KEPT_FOR)
    return {
        name: (default_storage, PictureFile(name, default_storage.size(name)))
        for name in walk(default_storage, KEPT_FOLDER) if default_storage.get_modified_time(name) <= before
    }


def prune(dry_run=False, min_age=BEING_SAVED):
    """Remove the picture files nothing names any more, with their smaller copies; return [PictureFile] removed.

    A dry run removes nothing and returns what it would remove.
    """
    removed = []
    for storage, file in unused_files(min_age):
        if not dry_run:
            storage.delete(file.name)
            logger.info("Removed %s, which nothing names any more", file.name)
        removed.append(file)
    return removed


def remove_when_unused(storage, names, using=None):
    """After the commit, remove each picture of ``names`` (with its copies) that nothing names any more.

    After the commit, so that the check sees the row as saved and the revision recorded with it,
    and nothing goes if the save is rolled back. A failure to remove is logged, never the editor's.
    """
    names = sorted({name for name in names if name})
    if names:
        transaction.on_commit(partial(remove_unused, storage, names), using=using, robust=True)


def remove_unused(storage, names):
    for name in names:
        if is_named(name):
            continue
        for copy in [name, *(rendition_name(name, width) for width in RENDITION_WIDTHS)]:
            storage.delete(copy)  # a file that is not there is no error
        logger.info("Removed %s and its smaller copies, which nothing names any more", name)
