"""Model fields shared by the domain apps."""

from __future__ import annotations

from django.db import models

from .text import vietnamese_sort_key


class VietnameseSortKeyField(models.CharField):
    """The Vietnamese collation key (``text.vietnamese_sort_key``) of another field of the
    row, recomputed on every save and by ``core.bulk.copy_insert``; sorted in byte order
    (collation "C"), since PostgreSQL here has no ICU "vi" collation."""

    # core.bulk computes fields marked ``derived`` through pre_save, as save() does.
    derived = True

    def __init__(self, *args, source: str = "name", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 750)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        kwargs.setdefault("db_collation", "C")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = vietnamese_sort_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def fill_sort_keys(model, field: str = "name_sort", batch_size: int = 5000) -> None:
    """Compute ``field`` (a VietnameseSortKeyField) for every existing row of ``model`` —
    a data migration's step; ``model`` may be the migration state's."""
    source = model._meta.get_field(field).source
    batch = []
    for obj in model.objects.only("pk", source).iterator(chunk_size=batch_size):
        setattr(obj, field, vietnamese_sort_key(getattr(obj, source)))
        batch.append(obj)
        if len(batch) >= batch_size:
            model.objects.bulk_update(batch, [field])
            batch = []
    model.objects.bulk_update(batch, [field])
