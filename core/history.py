"""
First revisions, for rows written without the admin: an import, a script, the demo loader.

django-reversion records a revision when an object is saved inside ``create_revision()``.
Rows written with ``bulk_create``, ``bulk_update`` or ``update()`` get none, so their History
has nothing to go back to, and an editor's first change to such a row could not be taken back.
Two ways keep that state:

- **Before the first change** (``connect()``, and the admin's deletes): when an object that has no
  revision yet is about to be changed where revisions are recorded (the admin's forms, a restore),
  or deleted in the admin, its stored state is recorded first, as a revision of its own. So whatever wrote the row (an import of
  a whole programme, ``QuerySet.update()``, raw SQL), the state before an editor's first change is
  in its History. An import of a whole programme (35,000 projects, 58,000 organisations, 180,000
  participations) writes no revisions: the first change of a row records its state, which costs
  an editor a few queries once, where recording every row at the import took longer than the rest
  of the import together, for revisions of rows hardly ever edited.
- **In bulk** (``record_initial_revisions()``): each object given that has no version yet gets a
  revision of its own, as the admin would have made on saving it: the object's version and those
  of the objects its registration follows (a project's participations), each built as
  django-reversion's ``_add_to_revision()`` builds it. Revisions and versions are written with
  ``bulk_create``, batch by batch: the number of queries grows with the number of batches, not of
  objects. The demo loader uses it; ``manage.py createinitialrevisions`` does the same for a whole
  database.

Nothing here knows the site's models: it reads django-reversion's registration of them.
"""

import json
from collections import defaultdict
from itertools import islice

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router
from django.db.models import DateTimeField, ManyToOneRel, prefetch_related_objects
from django.db.models.signals import m2m_changed, pre_save
from django.utils import timezone
from django.utils.encoding import force_str, is_protected_type
from django.utils.translation import gettext
from reversion.models import Revision, Version
from reversion.revisions import _current_frame, _get_options, get_registered_models, is_active, is_registered

BATCH = 1000  # objects read and recorded together
INSERT_BATCH = 1000  # rows in one INSERT, at most: the database may take fewer (SQLite: 999 values)
CHUNK = 10000  # values in one ``IN (…)``: SQLite takes up to 32,766


def record_initial_revisions(objects, comment, user=None, batch_size=BATCH, progress=None, date_created=None):
    """Record a revision of its own for each of ``objects`` that has no version yet; return how many were recorded.

    ``objects`` may mix models; those django-reversion does not register are skipped. An object
    that another one's revision holds (a participation, in its project's) gets no revision of
    its own: its version is there, and restoring it restores the whole, as when an editor
    changed it inline. Half the revisions and a third of the versions, at the size of a
    programme, for the same History. Objects are read
    again from the database, so each revision holds what is stored now. Call it inside the
    transaction that wrote the rows: a rollback takes the revisions with it.
    ``progress(done, total)`` is called after each batch. The revisions are dated ``date_created``,
    by default now.
    """
    using = router.db_for_write(Revision)
    pks_by_model = defaultdict(dict)  # a dict of keys: the order given, without repeats
    for obj in objects:
        if obj.pk is not None and is_registered(type(obj)):
            pks_by_model[type(obj)][obj.pk] = None
    pending = {
        model: dict.fromkeys(pk for batch in _batches(list(pks), CHUNK) for pk in _without_versions(model, batch, using))
        for model, pks in pks_by_model.items()
    }
    total = sum(len(pks) for pks in pending.values())
    date_created = date_created or timezone.now()
    done = recorded = 0
    # The models whose revisions hold others first, so that those others need none of their own.
    for model in sorted(pending, key=lambda model: not _get_options(model).follow):
        pks = pending[model]
        while pks:
            batch = list(islice(pks, batch_size))
            for pk in batch:
                del pks[pk]
            revisions, covered = _record_batch(model, batch, pending, comment, user, date_created, using)
            recorded += revisions
            done += covered
            if progress:
                progress(done, total)
    return recorded


def _batches(items, size):
    return (items[start:start + size] for start in range(0, len(items), size))


def _without_versions(model, pks, using):
    """Those of ``pks`` whose object has no version: one query, two if the version id is not the primary key."""
    options = _get_options(model)
    model_db = router.db_for_write(model)
    if options.object_id_field == model._meta.pk.attname:
        ids = {force_str(pk): pk for pk in pks}
    else:
        ids = {
            force_str(object_id): pk for pk, object_id in model._base_manager.using(model_db).filter(pk__in=pks)
            .values_list("pk", options.object_id_field)
        }
    versioned = set(
        Version.objects.using(using).filter(content_type=_content_type(model, using), db=model_db,
                                            object_id__in=ids).values_list("object_id", flat=True)
    )
    return [pk for object_id, pk in ids.items() if object_id not in versioned]


def _record_batch(model, pks, pending, comment, user, date_created, using):
    """A revision for each object of ``pks``, holding what it follows too.

    Return how many revisions were recorded and how many pending objects they cover. A few queries:
    the objects, what they follow and point to, the revisions, the versions.
    """
    model_db = router.db_for_write(model)
    roots = list(model._base_manager.using(model_db).filter(pk__in=pks).order_by("pk"))
    followed = _load_followed(roots)
    contents = []  # for each revision to record, the objects it holds: its own first
    covered = len(roots)
    for root in roots:
        members = _with_followed(root, followed)
        contents.append(members)
        # What it follows and has no version yet has one now, in this revision: its History shows it,
        # and restoring it restores the whole, as the admin does for what it edits inline.
        for member in members[1:]:
            if member.pk in pending.get(type(member), ()):
                del pending[type(member)][member.pk]
                covered += 1
    built = _versions({(type(obj), obj.pk): obj for content in contents for obj in content}, model_db, using)
    revisions = [Revision(date_created=date_created, user=user, comment=comment) for _ in contents]
    if connections[using].features.can_return_rows_from_bulk_insert:
        Revision.objects.using(using).bulk_create(revisions, batch_size=INSERT_BATCH)
    else:  # the versions need the revisions' keys: without RETURNING, one insert each
        for revision in revisions:
            revision.save(using=using)
    versions = []
    for revision, content in zip(revisions, contents, strict=True):
        for obj in content:
            version = built[(type(obj), obj.pk)]
            if version.revision_id is None:
                version.revision = revision
                versions.append(version)
            else:  # held by a second revision too (a participation, by its project's and its own): a copy
                versions.append(_copy(version, revision))
    Version.objects.using(using).bulk_create(versions, batch_size=INSERT_BATCH)
    return len(revisions), covered


def _content_type(model, using):
    return ContentType.objects.db_manager(using).get_for_model(
        model, for_concrete_model=_get_options(model).for_concrete_model,
    )


def _versions(objects, model_db, using):
    """``{key: Version}`` for ``{key: object}``, each as django-reversion's ``_add_to_revision()`` builds it."""
    versions = {}
    for key, obj in objects.items():
        options = _get_options(type(obj))
        versions[key] = Version(
            content_type=_content_type(type(obj), using),
            object_id=force_str(getattr(obj, options.object_id_field)),
            db=model_db,
            format=options.format,
            serialized_data=_serialized(obj, options),
            object_repr=force_str(obj),
        )
    return versions


def _serialized(obj, options):
    """``obj`` as django-reversion stores it: ``serializers.serialize(format, [obj], fields=…)``.

    For JSON, the default, the same data written directly: Django's serializer sets itself up
    and writes through Python's slow streaming encoder for every object, which took half of the
    time of recording a programme's revisions.
    """
    if options.format != "json" or options.use_natural_foreign_keys:
        return serializers.serialize(options.format, (obj,), fields=options.fields,
                                     use_natural_foreign_keys=options.use_natural_foreign_keys)
    meta = obj._meta.concrete_model._meta
    selected = options.fields
    fields = {}
    for field in meta.local_fields:
        name = field.attname if field.remote_field is None else field.attname[:-3]
        if field.serialize and (selected is None or name in selected):
            fields[field.name] = _value(obj, field)
    for field in meta.local_many_to_many:
        if field.serialize and (selected is None or field.attname in selected):
            prefetched = getattr(obj, "_prefetched_objects_cache", {}).get(field.name)
            related = prefetched if prefetched is not None else getattr(obj, field.name).only("pk")
            fields[field.name] = [item.pk for item in related]
    return json.dumps([{"model": str(meta), "pk": _value(obj, meta.pk), "fields": fields}], cls=DjangoJSONEncoder)


def _value(obj, field):
    """A field's value as Django's serializers write it (``PythonSerializer._value_from_field``)."""
    value = field.value_from_object(obj)
    return value if is_protected_type(value) else field.value_to_string(obj)


def _copy(version, revision):
    return Version(
        revision=revision, content_type=version.content_type, object_id=version.object_id, db=version.db,
        format=version.format, serialized_data=version.serialized_data, object_repr=version.object_repr,
    )


# What a revision holds besides its object: what the object's registration follows, recursively.


def _load_followed(objects):
    """``{(model, pk): [followed objects]}`` for ``objects`` and, level by level, what they follow.

    A few queries a level, whatever the number of objects: a reverse foreign key (a project's
    participations) is read in one query per relation, anything else with ``prefetch_related_objects()``.
    Also loads what serializing and naming the objects reads: many-to-many values and the rows
    their foreign keys point to.
    """
    followed, seen = {}, set()
    level = objects
    while level:
        by_model = defaultdict(list)
        for obj in level:
            key = (type(obj), obj.pk)
            if key not in seen and is_registered(type(obj)):
                seen.add(key)
                by_model[type(obj)].append(obj)
        level = []
        for model, group in by_model.items():
            options = _get_options(model)
            _cache_forward_keys(model, group)
            many_to_many = [
                field.name for field in model._meta.local_many_to_many
                if field.name in options.fields and field.remote_field.through._meta.auto_created
            ]
            reverse_keys = {name: _reverse_key(model, name) for name in options.follow}
            others = [name for name, relation in reverse_keys.items() if relation is None]
            prefetch_related_objects(group, *many_to_many, *others)
            children = {name: _children(group, relation) for name, relation in reverse_keys.items() if relation}
            for obj in group:
                related = []
                for name in options.follow:
                    if name in children:
                        related.extend(children[name].get(obj.pk, ()))
                    else:
                        related.extend(_follow(obj, name))
                followed[(model, obj.pk)] = related
                level.extend(related)
    return followed


def _reverse_key(model, name):
    """The relation if ``name`` is a reverse foreign key on the primary key (``project.participations``), else None."""
    try:
        relation = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if isinstance(relation, ManyToOneRel) and not relation.one_to_one and relation.field_name == model._meta.pk.name:
        return relation
    return None


def _children(parents, relation):
    """``{parent pk: [children]}`` along a reverse foreign key, each child's parent set: one query per CHUNK."""
    field = relation.field
    by_pk = {parent.pk: parent for parent in parents}
    children = defaultdict(list)
    related_model = relation.related_model
    for chunk in _batches(list(by_pk), CHUNK):
        rows = related_model._base_manager.using(router.db_for_read(related_model)).filter(
            **{f"{field.attname}__in": chunk}).order_by("pk")
        for child in rows:
            parent = by_pk[getattr(child, field.attname)]
            field.set_cached_value(child, parent)
            children[parent.pk].append(child)
    return children


def _follow(obj, name):
    """What ``obj.<name>`` holds, as django-reversion's ``_follow_relations()`` reads it."""
    try:
        related = getattr(obj, name)
    except ObjectDoesNotExist:  # a one-to-one with nothing on the other side
        return []
    if related is None:
        return []
    if hasattr(related, "all"):  # a manager: its prefetched objects
        return list(related.all())
    return [related]


def _cache_forward_keys(model, objects):
    """Load the rows the objects' foreign keys point to: their names often show them.

    By hand, not with ``prefetch_related_objects()``: Django 5.2 prefetches a foreign key with one
    ``OR`` per row, which SQLite refuses beyond a thousand.
    """
    for field in model._meta.concrete_fields:
        if not field.many_to_one:
            continue
        target = field.target_field.attname
        pending = [obj for obj in objects if not field.is_cached(obj) and getattr(obj, field.attname) is not None]
        values = list({getattr(obj, field.attname) for obj in pending})
        related = {}
        for chunk in _batches(values, CHUNK):
            rows = field.related_model._base_manager.using(router.db_for_read(field.related_model)).filter(
                **{f"{target}__in": chunk})
            related.update((getattr(row, target), row) for row in rows)
        for obj in pending:
            field.set_cached_value(obj, related.get(getattr(obj, field.attname)))


def _with_followed(root, followed):
    """``root`` and, recursively, what it follows, each once: the objects of its revision."""
    found, stack = {}, [root]
    while stack:
        obj = stack.pop()
        key = (type(obj), obj.pk)
        if key in found or obj.pk is None or not is_registered(type(obj)):
            continue
        found[key] = obj
        stack.extend(reversed(followed.get(key, ())))
    return list(found.values())



# Before the first change


def connect():
    """Record the stored state of an object without revisions before a revision of its change is recorded."""
    pre_save.connect(_before_save, dispatch_uid="history-before-first-save")
    m2m_changed.connect(_before_many_to_many_change, dispatch_uid="history-before-first-m2m-change")


def record_before_first_change(objects):
    """Record the stored state of each of ``objects`` that has no revision yet, and of whatever holds it.

    A participation is held by its project's revisions: the project's stored state is recorded, with
    the participation as it is still stored, so that restoring that revision takes back both.
    Each revision is dated when its row was last written, where its model keeps that. Return how many
    revisions were recorded.
    """
    # An object that has a version needs no other, nor do its holders: their revisions are there to go back to.
    objects = _without_any_version([obj for obj in objects if obj.pk is not None and is_registered(type(obj))])
    if not objects:
        return 0
    one = len(objects) == 1
    objects = [holder for obj in objects for holder in _holders(obj)] + objects
    return record_initial_revisions(
        objects, gettext("As it was before its first change here (imported or loaded)"),
        date_created=_last_written(objects[0]) if one else None,
    )


def _without_any_version(objects):
    by_model = defaultdict(list)
    for obj in objects:
        by_model[type(obj)].append(obj)
    unversioned = []
    for model, group in by_model.items():
        pks = set(_without_versions(model, [obj.pk for obj in group], router.db_for_write(Revision)))
        unversioned.extend(obj for obj in group if obj.pk in pks)
    return unversioned


def _before_save(sender, instance, raw=False, **kwargs):
    # Only where a revision of the change is being recorded: elsewhere a save records nothing to go back from.
    if not raw and not instance._state.adding and _recording_a_first_change(instance):
        record_before_first_change([instance])


def _before_many_to_many_change(sender, instance, action, reverse, **kwargs):
    if action.startswith("pre_") and not reverse and _recording_a_first_change(instance):
        record_before_first_change([instance])


def _recording_a_first_change(obj):
    """A revision is being recorded, and ``obj`` is not in it yet (saved a second time, or added, in it)."""
    if not is_active() or not is_registered(type(obj)):
        return False
    key = (_content_type(type(obj), router.db_for_write(Revision)),
           force_str(getattr(obj, _get_options(type(obj)).object_id_field)))
    return not any(key in versions for versions in _current_frame().db_versions.values())


def _holders(obj):
    """The stored objects whose revisions hold ``obj``: those that follow it through a reverse foreign key."""
    holders = []
    for model, relation in _followers(type(obj)):
        pk = getattr(obj, relation.field.attname)
        if pk is not None:
            holders.extend(model._base_manager.using(router.db_for_read(model)).filter(pk=pk))
    return holders


def _followers(model):
    """(model, relation) for each registered model whose registration follows ``model`` along a reverse key."""
    return [
        (follower, relation)
        for follower in get_registered_models()
        for name in _get_options(follower).follow
        if (relation := _reverse_key(follower, name)) is not None and relation.related_model is model
    ]


def _last_written(obj):
    """When the row was last written, where its model keeps it (a field set on each save), else None (now)."""
    for field in obj._meta.concrete_fields:
        if isinstance(field, DateTimeField) and field.auto_now:
            return type(obj)._base_manager.filter(pk=obj.pk).values_list(field.attname, flat=True).first()
    return None
