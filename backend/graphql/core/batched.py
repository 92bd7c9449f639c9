"""Nested connections read in one query for every parent of a request.

``categories(first: 20) { products(first: 20) { … producer { products(first: 5) } } }``
resolves a connection under each of hundreds of parents. Read one by one, that is one
listing pipeline per parent (seconds). Here the first parent to ask reads the pages of
all its siblings (the parents the request has handed out so far, as the dataloaders
batch) with one window query: rows numbered per parent in the connection's order, the
first ``size + 1`` of each kept. Cursors and page info are those of ``paginate``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.db.models import Count, Expression, F, QuerySet, Window
from django.db.models.functions import RowNumber

from .connection import PagePlan, SortSpec, page_from_rows, plan_page

PARENT = "_batch_parent"
ROW = "_batch_row"


def _order_expressions(order: list[str]) -> list:
    return [F(f[1:]).desc() if f.startswith("-") else F(f).asc() for f in order]


def read_pages(plan: PagePlan, partition: Expression) -> dict[Any, list]:
    """Up to ``plan.size + 1`` rows of ``plan.qs`` per value of ``partition``."""
    if not plan.size:
        return {}
    qs = plan.qs.annotate(
        **{
            PARENT: partition,
            ROW: Window(RowNumber(), partition_by=[partition],
                        order_by=_order_expressions(plan.order)),
        }
    ).filter(**{f"{ROW}__lte": plan.size + 1})
    pages: dict[Any, list] = defaultdict(list)
    for row in qs:  # in the connection's order, so each parent's rows are too
        pages[getattr(row, PARENT)].append(row)
    return pages


class LazyCounts:
    """Rows per parent, counted with one GROUP BY the first time a ``totalCount`` asks."""

    def __init__(self, qs: QuerySet, partition: Expression) -> None:
        self._qs, self._partition = qs, partition
        self._counts: dict[Any, int] | None = None

    def of(self, parent: Any) -> int:
        if self._counts is None:
            rows = (
                self._qs.order_by().annotate(**{PARENT: self._partition})
                .values(PARENT).annotate(n=Count("pk")).values_list(PARENT, "n")
            )
            self._counts = dict(rows)
        return self._counts.get(parent, 0)


def paginate_many(
    qs: QuerySet,
    partition: Expression,
    parents: Iterable[Any],
    args: dict,
    sort: SortSpec,
    connection_type,
    info,
    wrap: Callable[[Any], Any] | None = None,
) -> dict[Any, Any]:
    """One connection per parent in ``parents``; ``qs`` holds the rows of all of them and
    ``partition`` says whose each row is."""
    plan = plan_page(qs, args, sort, info)
    pages = read_pages(plan, partition)
    counts = LazyCounts(qs, partition)
    return {
        parent: page_from_rows(
            pages.get(parent, []), plan, sort, connection_type,
            counter=lambda parent=parent: counts.of(parent), wrap=wrap,
        )
        for parent in parents
    }


def batched_connection(
    info,
    key: Hashable,
    parent: Any,
    siblings: Callable[[], Iterable[Any]],
    load: Callable[[list[Any]], dict[Any, Any]],
):
    """The connection of ``parent`` (a model instance) for the nested field ``key``.

    On a miss, ``load`` reads the connections (by primary key) of ``parent`` and of every
    sibling not read yet; they are kept for the rest of the request.
    """
    memo = info.context.__dict__.setdefault("_batched_connections", {}).setdefault(key, {})
    if parent.pk not in memo:
        wanted = {parent.pk: parent}
        for sibling in siblings():
            if sibling.pk not in memo:
                wanted.setdefault(sibling.pk, sibling)
        memo.update(load(list(wanted.values())))
    return memo[parent.pk]
