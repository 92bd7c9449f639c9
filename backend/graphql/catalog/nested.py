"""Connections nested under listed objects, read for all parents at once.

``Category.products``, ``Producer.products`` and ``Category.children`` are resolved per
parent; each asks ``batched_connection`` for its page, and the first to ask reads the
pages of every parent of its kind the request has handed out (see core/batched.py). The
product pages go through the same listing path as the root ``products`` (visibility,
search documents, sorting), with every parent's filter in one query.
"""

from __future__ import annotations

import json
from collections import defaultdict

from django.db.models import BigIntegerField, CharField, F, Func, Value
from django.db.models.functions import Cast

from backend.catalog.models import Category as CategoryModel

from ..core.batched import batched_connection, paginate_many
from ..core.connection import SortSpec, paginate, validate_connection_args
from ..core.context import ChannelContext, get_channel
from ..core.dataloaders import remember, seen

# Parent kind → the ProductFilter field that restricts products to a parent.
PRODUCT_PARENTS = {"category": "category_ids", "producer": "producer_ids"}


def _args_key(*parts) -> str:
    return json.dumps(parts, sort_keys=True, default=lambda v: getattr(v, "value", str(v)))


def _ancestor_at(level: int) -> Func:
    """The id of a product's category's ancestor at ``level`` ("/1/5/12/" → 1 at 0)."""
    part = Func(
        F("category__tree_path"), Value("/"), Value(level + 2),
        function="split_part", output_field=CharField(),
    )
    return Cast(part, BigIntegerField())


def _parent_groups(kind: str, parents: list) -> list[tuple[list, object]]:
    """Parents whose product sets never overlap, with the expression naming a product's
    parent among them: a product has one producer, and one ancestor per category level."""
    if kind == "producer":
        return [(parents, F("producer_id"))]
    by_level: dict[int, list] = defaultdict(list)
    for parent in parents:
        by_level[parent.level].append(parent)
    return [(group, _ancestor_at(level)) for level, group in sorted(by_level.items())]


def _in_list(info) -> bool:
    """Whether the parent is one of a list's items (else it has no siblings to batch)."""
    return any(isinstance(key, int) for key in info.path.as_list())


def _siblings(info, kind: str):
    return (lambda: seen(info.context, kind)) if _in_list(info) else tuple


def nested_products(
    parent, info, kind: str, channel=None, sort_by=None, filter=None, where=None, search=None,
    **pagination,
):
    """``products`` under a category (with its subcategories) or a producer's shop."""
    from .filters import build_product_filter
    from .schema import product_listing
    from .types import ProductCountableConnection

    channel_obj = get_channel(info, channel)
    validate_connection_args(pagination, info)  # before reading anything
    wrap = lambda product: ChannelContext(product, channel_obj)  # noqa: E731
    if not _in_list(info) or filter or where or search:
        # One shop or category page (or a filtered one): the root listing's path, with its
        # cached count.
        spec, nothing = build_product_filter(
            channel_obj, filter=filter, where=where, search=search,
            base={PRODUCT_PARENTS[kind]: (parent.pk,)},
        )
        qs, sort, count = product_listing(info, channel_obj, spec, nothing, sort_by)
        connection = paginate(
            qs, pagination, sort, ProductCountableConnection, info, count=count, wrap=wrap
        )
        remember(info.context, "product", (edge.node.node for edge in connection.edges))
        return connection

    def load(parents: list) -> dict:
        connections = {}
        for group, partition in _parent_groups(kind, parents):
            ids = tuple(p.pk for p in group)
            spec, nothing = build_product_filter(
                channel_obj, base={PRODUCT_PARENTS[kind]: ids}
            )
            qs, sort, _ = product_listing(info, channel_obj, spec, nothing, sort_by)
            connections.update(paginate_many(
                qs, partition, ids, pagination, sort, ProductCountableConnection, info, wrap
            ))
        rows = (edge.node.node for c in connections.values() for edge in c.edges)
        remember(info.context, "product", rows)
        return connections

    key = ("products", kind, channel_obj.pk, _args_key(sort_by, pagination))
    return batched_connection(info, key, parent, _siblings(info, kind), load)


def category_children(parent, info, **pagination):
    """``Category.children`` for every listed category in one query."""
    from .types import CategoryCountableConnection

    validate_connection_args(pagination, info)

    def load(parents: list) -> dict:
        ids = [p.pk for p in parents]
        connections = paginate_many(
            CategoryModel.objects.filter(parent_id__in=ids), F("parent_id"), ids, pagination,
            SortSpec(["sort_order", "name", "pk"]), CategoryCountableConnection, info,
        )
        remember(info.context, "category", (e.node for c in connections.values() for e in c.edges))
        return connections

    key = ("children", _args_key(pagination))
    return batched_connection(info, key, parent, _siblings(info, "category"), load)
