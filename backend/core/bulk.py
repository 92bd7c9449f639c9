"""Inserting many rows fast: ids drawn from the table's sequence, rows sent with COPY.

Django's ``bulk_create`` builds one parameter per cell in Python, which dominates an
import of tens of thousands of rows; COPY streams the same rows in a fraction of the time.
Values are read as ``save()`` would: ``auto_now``/``auto_now_add`` through the field's
``pre_save``, JSON and decimals through ``get_db_prep_save``. Runs inside the caller's
transaction; no signals are sent (as with ``bulk_create``).
"""

from __future__ import annotations

import datetime
import decimal
import gc
import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter

from django.db import DEFAULT_DB_ALIAS, connections, models

# Fields whose Python value psycopg cannot send as it is.
_PREPARED = (models.JSONField, models.DecimalField, models.FileField)


def _connection():
    # The real wrapper, not the thread-local proxy: looked up once, not once per cell.
    return connections[DEFAULT_DB_ALIAS]


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys from the model's id sequence."""
    if count <= 0:
        return []
    with _connection().cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _escape(text: str) -> str:
    # COPY text format: backslash, tab, newline and carriage return are escaped.
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                .replace("\r", "\\r"))
    return text


_FORMATS = {
    type(None): lambda v: "\\N",
    bool: lambda v: "t" if v else "f",
    int: str,
    str: _escape,
    datetime.date: datetime.date.isoformat,
    datetime.datetime: datetime.datetime.isoformat,
    decimal.Decimal: str,
}


def _format(value) -> str:
    kind = type(value)
    fmt = _FORMATS.get(kind)
    if fmt is None:
        # Subclasses (TextChoices values are str) format as their base type.
        base = next((b for b in kind.__mro__ if b in _FORMATS), None)
        if base is None:
            raise KeyError(kind)
        fmt = _FORMATS[kind] = _FORMATS[base]
    return fmt(value)


def _line(row: Sequence) -> str:
    return "\t".join([_format(v) for v in row]) + "\n"


def copy_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """COPY plain tuples into the model's table (columns by database name).

    Rows of plain values (None, bool, int, str, date, datetime) are written as COPY text
    directly, much faster than adapting each cell; anything else goes through psycopg.
    """
    copy_into(model._meta.db_table, columns, rows)


def copy_into(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """``copy_rows`` for any table (a temporary one, say), named as it is in SQL."""
    conn = _connection()
    names = ", ".join(conn.ops.quote_name(c) for c in columns)
    sql = f"COPY {conn.ops.quote_name(table)} ({names}) FROM STDIN"
    rows = list(rows)
    with conn.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            try:
                lines = [_line(row) for row in rows]
            except KeyError:  # a value of another type (JSON, decimal, enum…)
                for row in rows:
                    copy.write_row(row)
            else:
                for start in range(0, len(lines), 5000):
                    copy.write("".join(lines[start:start + 5000]))


class _Blueprint:
    """What ``unsaved`` fills a model's instance with: each concrete field's attribute name
    and its default, worked out once (callable defaults are called per instance)."""

    def __init__(self, model: type[models.Model]) -> None:
        self.constant: dict[str, object] = {}
        self.called: list[tuple[str, object]] = []
        for field in model._meta.concrete_fields:
            if field.has_default() and callable(field.default):
                self.called.append((field.attname, field.default))
            else:
                self.constant[field.attname] = field.get_default()


_BLUEPRINTS: dict[type[models.Model], _Blueprint] = {}


def unsaved(model: type[models.Model], **values) -> models.Model:
    """An unsaved instance, like ``model(**values)`` with values given by attribute name
    (``product_id``, not ``product``), without ``Model.__init__``'s per-field work: for
    tens of thousands of rows that costs more than sending them. No signals are sent (as
    with ``bulk_create``)."""
    blueprint = _BLUEPRINTS.get(model)
    if blueprint is None:
        blueprint = _BLUEPRINTS[model] = _Blueprint(model)
    obj = model.__new__(model)
    fields = {**blueprint.constant, **values}
    for attname, default in blueprint.called:
        if attname not in values:
            fields[attname] = default()
    obj.__dict__.update(fields)
    obj._state = models.base.ModelState()
    return obj


def _reader(field: models.Field, conn):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False) or getattr(
        field, "derived", False
    ):
        return lambda obj: field.pre_save(obj, True)
    if isinstance(field, models.JSONField):
        get = attrgetter(field.attname)
        return lambda obj: None if get(obj) is None else json.dumps(get(obj), cls=field.encoder)
    if isinstance(field, _PREPARED):
        get = attrgetter(field.attname)
        return lambda obj: field.get_db_prep_save(get(obj), conn)
    return attrgetter(field.attname)


def copy_insert(objs: Sequence[models.Model], *, allocate: bool = True) -> None:
    """Insert unsaved instances of one model with COPY. With ``allocate`` (the default) each
    object without a primary key gets one from the sequence first, so callers can link
    children to it; a key already set (or a one-to-one parent key) is kept."""
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    conn = _connection()
    if allocate and objs[0].pk is None:
        for obj, pk in zip(objs, allocate_ids(model, len(objs)), strict=True):
            obj.pk = pk
    fields = [f for f in meta.concrete_fields if not (f.primary_key and objs[0].pk is None)]
    readers = [_reader(f, conn) for f in fields]
    copy_rows(model, [f.column for f in fields], ([r(obj) for r in readers] for obj in objs))
    for obj in objs:
        obj._state.adding = False
        obj._state.db = conn.alias


_pause_lock = threading.Lock()
_pause_depth = 0
_resume_collection = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """Bulk work (an import, a reindex) with Python's cyclic garbage collector paused.

    Such work keeps hundreds of thousands of objects alive until it ends (rows, model
    instances, documents); every burst of allocations starts a full collection that
    rescans all of them and finds next to nothing, since reference counting frees the
    rest: 2 s of a 20,000-row import. The pause is process-wide, so pauses that overlap
    (threads) share one, and collection resumes when the last ends.
    """
    global _pause_depth, _resume_collection
    with _pause_lock:
        if _pause_depth == 0:
            _resume_collection = gc.isenabled()
            gc.disable()
        _pause_depth += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pause_depth -= 1
            if _pause_depth == 0 and _resume_collection:
                gc.enable()
