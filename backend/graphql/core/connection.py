"""Saleor-style countable connections with keyset cursors.

A cursor holds the sort values of the row it points at, so paging deep into 20,000
products costs the same index range scan as the first page (no OFFSET).
"""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import graphene
from django.conf import settings
from django.db.models import Q, QuerySet

from .errors import InvalidArgument


class CountableConnection(graphene.relay.Connection):
    class Meta:
        abstract = True

    total_count = graphene.Int(description="A total count of items in the collection.")

    @staticmethod
    def resolve_total_count(root, info):
        return root.count()


def _encode(values: list[Any]) -> str:
    def plain(v):
        return v.isoformat() if isinstance(v, datetime.datetime | datetime.date) else v

    raw = json.dumps([plain(v) for v in values], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if not isinstance(values, list) or len(values) != size:
            raise ValueError
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise InvalidArgument(f"Received cursor ({cursor}) is invalid.") from exc
    return values


@dataclass
class SortSpec:
    """Fields to order by (ending with a unique one, usually "pk") and the direction."""

    fields: list[str]
    descending: bool = False


def validate_connection_args(args: dict, field_name: str, max_limit: int | None = None) -> None:
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
    if first is None and last is None:
        raise InvalidArgument(
            f"You must provide a `first` or `last` value to properly paginate the "
            f"`{field_name}` connection."
        )
    for name, value in (("first", first), ("last", last)):
        if value is not None and value > limit:
            raise InvalidArgument(
                f"Requesting {value} records on the `{field_name}` connection exceeds the "
                f"`{name}` limit of {limit} records."
            )


def _keyset(fields: list[str], values: list[Any], forward: bool) -> Q:
    """Rows strictly after (or before) ``values`` in lexicographic order of ``fields``."""
    op = "gt" if forward else "lt"
    condition = Q()
    for i, field in enumerate(fields):
        step = Q(**{f"{field}__{op}": values[i]})
        for j in range(i):
            step &= Q(**{fields[j]: values[j]})
        condition |= step
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


def paginate(
    qs: QuerySet,
    args: dict,
    sort: SortSpec,
    connection_type,
    field_name: str,
    count: Callable[[], int] | None = None,
    wrap: Callable[[Any], Any] | None = None,
):
    """Slice ``qs`` by ``first/after/last/before`` using keyset cursors over ``sort``."""
    validate_connection_args(args, field_name)
    first, last = args.get("first"), args.get("last")
    after, before = args.get("after"), args.get("before")
    backwards = last is not None
    descending = sort.descending != backwards
    order = [f"-{f}" if descending else f for f in sort.fields]
    page_qs = qs.order_by(*order)
    cursor = before if backwards else after
    if cursor:
        values = _decode(cursor, len(sort.fields))
        # Moving "forward" in the query's own order means greater values when ascending.
        page_qs = page_qs.filter(_keyset(sort.fields, values, forward=not descending))
    size = last if backwards else first
    rows = list(page_qs[: size + 1]) if size else []
    has_more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    cursors = [_encode([_value(row, f) for f in sort.fields]) for row in rows]
    counter = count or qs.count
    return make_connection(
        connection_type,
        [wrap(r) for r in rows] if wrap else rows,
        cursors,
        has_next=has_more if not backwards else bool(before),
        has_previous=has_more if backwards else bool(after),
        counter=counter,
    )


def _value(row: Any, field: str) -> Any:
    obj = row
    for part in field.split("__"):
        obj = getattr(obj, part)
    return obj


def slice_list(items: list, args: dict, connection_type, field_name: str):
    """Paginate an already loaded list (a dataloader's result) with index cursors."""
    validate_connection_args(args, field_name)
    first, last = args.get("first"), args.get("last")
    start = 0
    if args.get("after"):
        start = int(_decode(args["after"], 1)[0]) + 1
    end = len(items)
    if args.get("before"):
        end = int(_decode(args["before"], 1)[0])
    window = items[start:end]
    if first is not None:
        selected, offset = window[:first], start
        has_next, has_prev = len(window) > first, start > 0
    else:
        selected = window[-last:] if last else []
        offset = start + len(window) - len(selected)
        has_next, has_prev = end < len(items), len(window) > len(selected)
    cursors = [_encode([offset + i]) for i in range(len(selected))]
    return make_connection(
        connection_type, selected, cursors, has_next, has_prev, counter=lambda: len(items)
    )
