"""Saleor-style countable connections with keyset cursors.

A cursor holds the sort values of the row it points at, so paging deep into 20,000
products costs the same index range scan as the first page (no OFFSET). Cursors come back
from clients, so ``decode_cursor`` checks every value against the type of the column it
is compared with: a forged cursor is a GraphQL error, never a database error.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import graphene
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode

from .errors import InvalidArgument
from .inputs import text_problem

MAX_CURSOR_LENGTH = 1000
_BIGINT = 2**63 - 1


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(description="A total count of items in the collection.")

    @staticmethod
    def resolve_total_count(root, info):
        return root.count()


def encode_cursor(values: list[Any]) -> str:
    def plain(v):
        return v.isoformat() if isinstance(v, datetime.datetime | datetime.date) else v

    raw = json.dumps([plain(v) for v in values], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _invalid(cursor: object) -> InvalidArgument:
    shown = cursor if isinstance(cursor, str) and len(cursor) <= 100 else "…"
    return InvalidArgument(f"Received cursor ({shown}) is invalid.")


def _clean_value(value: Any, field: models.Field | None) -> Any:
    """``value`` as the column ``field`` compares it, or ValueError."""
    if value is None or isinstance(value, bool | dict | list):
        raise ValueError
    if isinstance(value, str) and (text_problem(value) or len(value) > MAX_CURSOR_LENGTH):
        raise ValueError
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError
    if field is None:  # a list index (slice_list)
        if not isinstance(value, int) or not 0 <= value <= _BIGINT:
            raise ValueError
        return value
    internal = field.get_internal_type()
    if internal.endswith(("IntegerField", "AutoField")):
        if not isinstance(value, int) or abs(value) > _BIGINT:
            raise ValueError
        return value
    if internal == "FloatField":
        if not isinstance(value, int | float):
            raise ValueError
        return float(value)
    if internal in ("DateTimeField", "DateField"):
        if not isinstance(value, str):
            raise ValueError
    elif internal in ("CharField", "SlugField", "TextField") and not isinstance(value, str):
        raise ValueError
    try:
        return field.to_python(value)
    except (ValidationError, TypeError, OverflowError) as exc:
        raise ValueError from exc


def decode_cursor(cursor: object, fields: list[models.Field | None]) -> list[Any]:
    """The sort values in ``cursor``, each checked against its column (None = list index).

    The one place client cursors are read; anything malformed is a GraphQL error.
    """
    try:
        if not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        values = json.loads(raw.decode("utf-8"))
        if not isinstance(values, list) or len(values) != len(fields):
            raise ValueError
        return [_clean_value(v, f) for v, f in zip(values, fields, strict=True)]
    except (ValueError, TypeError, UnicodeError, binascii.Error, RecursionError) as exc:
        raise _invalid(cursor) from exc


@dataclass
class SortSpec:
    """Fields to order by (ending with a unique one, usually "pk") and the direction."""

    fields: list[str]
    descending: bool = False


def sort_columns(qs: QuerySet, sort: SortSpec) -> list[models.Field]:
    """The model field (or annotation's output field) behind each sort field."""
    columns = []
    for name in sort.fields:
        if name == "pk":
            columns.append(qs.model._meta.pk)
        elif name in qs.query.annotations:
            columns.append(qs.query.annotations[name].output_field)
        else:
            try:
                columns.append(qs.model._meta.get_field(name))
            except FieldDoesNotExist as exc:  # a programming error, not a client's
                raise LookupError(f"Unknown sort field {name!r}") from exc
    return columns


def selects(info, name: str) -> bool:
    """Whether the field being resolved selects ``name`` (through fragments too)."""
    pending = [node.selection_set for node in info.field_nodes if node.selection_set]
    visited: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                if selection.name.value == name:
                    return True
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = info.fragments.get(selection.name.value)
                if fragment is not None and fragment.name.value not in visited:
                    visited.add(fragment.name.value)
                    pending.append(fragment.selection_set)
    return False


def validate_connection_args(args: dict, info, max_limit: int | None = None) -> bool:
    """Check ``first/last/after/before``; returns whether a page of rows is wanted.

    Like Saleor, ``first`` or ``last`` is required only when ``edges`` is selected, so
    ``products(where: …) { totalCount }`` counts without fetching rows.
    """
    field_name = info.field_name
    first, last = args.get("first"), args.get("last")
    limit = max_limit or settings.GRAPHQL_PAGINATION_LIMIT
    if first is not None and first < 0 or last is not None and last < 0:
        raise InvalidArgument("Argument `first` and `last` must be non-negative integers.")
    if first is not None and last is not None:
        raise InvalidArgument("Argument `last` cannot be combined with `first`.")
    if first is not None and args.get("before"):
        raise InvalidArgument("Argument `first` cannot be combined with `before`.")
    if last is not None and args.get("after"):
        raise InvalidArgument("Argument `last` cannot be combined with `after`.")
    for name, value in (("first", first), ("last", last)):
        if value is not None and value > limit:
            raise InvalidArgument(
                f"Requesting {value} records on the `{field_name}` connection exceeds the "
                f"`{name}` limit of {limit} records."
            )
    if first is None and last is None:
        if selects(info, "edges"):
            raise InvalidArgument(
                f"You must provide a `first` or `last` value to properly paginate the "
                f"`{field_name}` connection."
            )
        return False
    return True


def _keyset(fields: list[str], values: list[Any], forward: bool) -> Q:
    """Rows strictly after (or before) ``values`` in lexicographic order of ``fields``."""
    op = "gt" if forward else "lt"
    condition = Q()
    for i, field in enumerate(fields):
        step = Q(**{f"{field}__{op}": values[i]})
        for j in range(i):
            step &= Q(**{fields[j]: values[j]})
        condition |= step
    if len(fields) > 1 and values[0] is not None:
        # The same rows, with a bound on the leading column PostgreSQL can start an index
        # scan at: without it a deep page reads and discards every row before it.
        condition &= Q(**{f"{fields[0]}__{op[0]}te": values[0]})
    return condition


def make_connection(connection_type, nodes, cursors, has_next, has_previous, counter):
    """An instance of ``connection_type``; ``totalCount`` runs ``counter`` only if asked."""
    edge_type = connection_type.Edge
    connection = connection_type(
        edges=[edge_type(node=n, cursor=c) for n, c in zip(nodes, cursors, strict=True)],
        page_info=graphene.relay.PageInfo(
            start_cursor=cursors[0] if cursors else None,
            end_cursor=cursors[-1] if cursors else None,
            has_next_page=has_next,
            has_previous_page=has_previous,
        ),
    )
    connection.count = counter
    return connection


@dataclass
class PagePlan:
    """How one page is read: ``qs`` is ordered and narrowed by the cursor; read
    ``size + 1`` rows of it to know whether more follow."""

    qs: QuerySet
    order: list[str]
    size: int
    backwards: bool
    after: bool
    before: bool
    wanted: bool


def plan_page(qs: QuerySet, args: dict, sort: SortSpec, info) -> PagePlan:
    """Validate ``first/after/last/before`` and order/narrow ``qs`` for keyset paging."""
    wanted = validate_connection_args(args, info)
    first, last = args.get("first"), args.get("last")
    after, before = args.get("after"), args.get("before")
    backwards = last is not None
    descending = sort.descending != backwards
    order = [f"-{f}" if descending else f for f in sort.fields]
    page_qs = qs.order_by(*order)
    cursor = before if backwards else after
    if cursor:
        values = decode_cursor(cursor, sort_columns(qs, sort))
        # Moving "forward" in the query's own order means greater values when ascending.
        page_qs = page_qs.filter(_keyset(sort.fields, values, forward=not descending))
    size = (last if backwards else first) or 0
    return PagePlan(page_qs, order, size, backwards, bool(after), bool(before), wanted)


def page_from_rows(
    rows: list,
    plan: PagePlan,
    sort: SortSpec,
    connection_type,
    counter: Callable[[], int],
    wrap: Callable[[Any], Any] | None = None,
):
    """The connection for ``rows`` (up to ``plan.size + 1`` rows read in ``plan.qs``)."""
    has_more = len(rows) > plan.size
    rows = rows[: plan.size]
    if plan.backwards:
        rows.reverse()
    cursors = [encode_cursor([_value(row, f) for f in sort.fields]) for row in rows]
    return make_connection(
        connection_type,
        [wrap(r) for r in rows] if wrap else rows,
        cursors,
        has_next=has_more if not plan.backwards else plan.before,
        has_previous=has_more if plan.backwards else plan.after,
        counter=counter,
    )


def paginate(
    qs: QuerySet,
    args: dict,
    sort: SortSpec,
    connection_type,
    info,
    count: Callable[[], int] | None = None,
    wrap: Callable[[Any], Any] | None = None,
):
    """Slice ``qs`` by ``first/after/last/before`` using keyset cursors over ``sort``."""
    plan = plan_page(qs, args, sort, info)
    rows = list(plan.qs[: plan.size + 1]) if plan.size else []
    return page_from_rows(rows, plan, sort, connection_type, count or qs.count, wrap)


def _value(row: Any, field: str) -> Any:
    obj = row
    for part in field.split("__"):
        obj = getattr(obj, part)
    return obj


def slice_list(items: list, args: dict, connection_type, info):
    """Paginate an already loaded list (a dataloader's result) with index cursors."""
    validate_connection_args(args, info)
    first, last = args.get("first"), args.get("last")
    start = 0
    if args.get("after"):
        start = decode_cursor(args["after"], [None])[0] + 1
    end = len(items)
    if args.get("before"):
        end = decode_cursor(args["before"], [None])[0]
    window = items[start:end]
    if first is not None:
        selected, offset = window[:first], start
        has_next, has_prev = len(window) > first, start > 0
    else:
        selected = window[-last:] if last else []
        offset = start + len(window) - len(selected)
        has_next, has_prev = end < len(items), len(window) > len(selected)
    cursors = [encode_cursor([offset + i]) for i in range(len(selected))]
    return make_connection(
        connection_type, selected, cursors, has_next, has_prev, counter=lambda: len(items)
    )
