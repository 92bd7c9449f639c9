"""The response cache of catalog queries: answers that survive stock changes and orders.

An answer is stored with what it was computed from (its *dependencies*), read before it
is computed, and served while they still hold:

- a ``product(slug|id)`` root depends on that product's version and its producer's
  (``search_cacheversion``, bumped in the writer's transaction by every edit of the
  product, ``search.indexing.mark_dirty``) and is never cached while the product waits
  for reindexing;
- every other catalog root (listings, search, facets, categories, producers …) depends on
  the search index generation, which moves only when a product's document really changes
  (its text, price, OCOP facts, visibility), and is not cached while any product waits
  for reindexing (listings then judge it live); a document that filters by stock
  (``stockAvailability``) depends on the stock generation too, which moves when a product
  runs out or comes back, and one that counts by stock (``productFacets { inStock }``)
  is kept at most ``STOCK_COUNT_SECONDS`` (30 s: the bound on that count).

Stock quantities never make an answer stale: ``Product.isAvailable`` and
``ProductVariant.quantityAvailable`` are patched into every answer served from the cache
by one query (``_live_stock``) with the resolvers' rules. Ten stock changes a second
therefore invalidate nothing, while a product that runs out drops out of in-stock
listings in the same transaction (``search.indexing.stock_changed``) and one that is
hidden or repriced misses from the commit on.

Documents whose answers cannot be patched reliably (an alias on one of those fields or on
the ``id``/``slug`` they are found by, several channels) are not cached.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    value_from_ast_untyped,
)
from graphql_relay import from_global_id

from backend.core.db_routing import current_read_alias, replica_eligible

# Fields whose value moves with every sale: patched in, never trusted from the cache.
PATCHED = {"isAvailable": "product", "quantityAvailable": "variant"}
# The keys patch points are found by; nobody may alias another field to them.
_RESERVED = set(PATCHED) | {"id", "slug"}
# Whatever filters by whether products have stock (ProductFilterInput's stockAvailability
# and stocks) mentions one of these: such answers follow every product running out.
STOCK_FILTERS = ("stockAvailability", "stocks", "IN_STOCK", "OUT_OF_STOCK")
# Counting by stock (productFacets' inStock: "Còn hàng (1.234)") is kept at most this many
# seconds instead: a count one product off for that long is not worth recomputing every
# listing page each time one of 20,000 products runs out.
STOCK_COUNTS = "inStock"
STOCK_COUNT_SECONDS = 30


@dataclass
class Plan:
    """What a query's cached answer depends on, decided from the document alone."""

    key: str
    product_slugs: list[str] = field(default_factory=list)
    product_ids: list[int] = field(default_factory=list)
    catalog: bool = False  # a root other than product(…): depends on the index generation
    stock: bool = False  # filters by stock: depends on the stock generation too
    seconds: int = 0  # how long the answer may be kept
    channel: str | None = None


def _arg(node: FieldNode, name: str, variables: dict) -> Any:
    for argument in node.arguments or ():
        if argument.name.value == name:
            if isinstance(argument.value, VariableNode):
                return variables.get(argument.value.name.value)
            return value_from_ast_untyped(argument.value, variables)
    return None


def _fragments(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions
            if isinstance(d, FragmentDefinitionNode)}


class _Unsafe(Exception):
    pass


def _walk(selection_set: SelectionSetNode | None, fragments: dict, variables: dict,
          channels: set, seen: set[str]) -> None:
    """Refuse aliases that would hide a patched field or its key; collect ``channel``."""
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            name = selection.name.value
            alias = selection.alias.value if selection.alias else name
            if alias != name and (name in PATCHED or alias in _RESERVED):
                raise _Unsafe
            channel = _arg(selection, "channel", variables)
            if channel is not None:
                channels.add(channel)
            _walk(selection.selection_set, fragments, variables, channels, seen)
        elif isinstance(selection, InlineFragmentNode):
            _walk(selection.selection_set, fragments, variables, channels, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen:
                continue
            seen.add(name)
            fragment = fragments.get(name)
            if fragment is None:
                raise _Unsafe
            _walk(fragment.selection_set, fragments, variables, channels, seen)


def plan(context: Any, query: str, variables: dict, operation_name: str | None,
         operation: OperationDefinitionNode, document: DocumentNode) -> Plan | None:
    """The cache plan of a query, or None: not cacheable (someone's own data, staff, a
    document whose answers could not be patched)."""
    if settings.GRAPHQL_RESPONSE_CACHE_SECONDS <= 0:
        return None
    roots = [s for s in operation.selection_set.selections]
    if not all(isinstance(s, FieldNode) for s in roots):
        return None
    if not replica_eligible({s.name.value for s in roots}, None):
        return None  # a guest's cart or order, reached by its secret id, is one person's
    user = getattr(context, "user", None)
    if user is not None and user.is_authenticated and not _plain_shopper(user):
        return None
    fragments = _fragments(document)
    channels: set = set()
    try:
        _walk(operation.selection_set, fragments, variables, channels, set())
    except _Unsafe:
        return None
    if len(channels) > 1 or not all(isinstance(c, str) for c in channels):
        return None
    result = Plan(key="", channel=next(iter(channels), None))
    # Conservative: any mention of stock in the document or its variables.
    text = query + json.dumps(variables, default=str)
    result.stock = any(marker in text for marker in STOCK_FILTERS)
    result.seconds = settings.GRAPHQL_RESPONSE_CACHE_SECONDS
    if STOCK_COUNTS in text:
        result.seconds = min(result.seconds, STOCK_COUNT_SECONDS)
    for root in roots:
        name = root.name.value
        if name == "__typename":
            continue
        if name != "product":
            result.catalog = True
            continue
        slug, global_id = _arg(root, "slug", variables), _arg(root, "id", variables)
        other = {a.name.value for a in root.arguments or ()} - {"slug", "id", "channel"}
        if other:
            result.catalog = True  # a translated slug, an external reference: by generation
        if isinstance(slug, str) and slug:
            result.product_slugs.append(slug)
        elif isinstance(global_id, str) and global_id:
            pk = _decode(global_id, "Product")
            if pk is None:
                result.catalog = True
            else:
                result.product_ids.append(pk)
        else:
            result.catalog = True
    # Image URLs are absolute, so the host is part of the answer; certificates lapse with
    # the calendar, so today is too.
    origin = f"{context.scheme}://{context.get_host()}" if hasattr(context, "get_host") else ""
    raw = json.dumps([query, variables, operation_name, origin,
                      timezone.localdate().isoformat()], sort_keys=True, default=str)
    result.key = "gqlr:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
    return result


def _plain_shopper(user: Any) -> bool:
    """Neither operator staff nor a member of a producer's team: nothing in the catalog
    answers differently for them than for a visitor."""
    if user.is_staff or user.is_superuser:
        return False
    from backend.sellers.models import ProducerMembership

    return not ProducerMembership.objects.filter(user_id=user.pk).exists()


def _decode(global_id: str, type_name: str) -> int | None:
    try:
        kind, pk = from_global_id(global_id)
        return int(pk) if kind == type_name else None
    except (TypeError, ValueError, UnicodeDecodeError):
        return None


def dependencies(plan: Plan) -> tuple | None:
    """What the answer depends on right now (one query, on the connection the answer will
    be read from, so a lagging replica cannot pair new versions with old rows); None:
    do not cache now."""
    from backend.search.cache import GENERATION_TABLE, VERSION_TABLE

    with connections[current_read_alias()].cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT value FROM {GENERATION_TABLE} WHERE id = 1), "
            f"(SELECT value FROM {GENERATION_TABLE} WHERE id = 2), "
            + ("EXISTS (SELECT 1 FROM catalog_product WHERE search_index_dirty), "
               if plan.catalog else "false, ")
            + "(SELECT coalesce(json_agg(json_build_array(p.id, p.slug, p.search_index_dirty, "
            "pv.value, mv.value) ORDER BY p.id), '[]') FROM catalog_product p "
            f"LEFT JOIN {VERSION_TABLE} pv ON pv.tag = 'p' || p.id "
            f"LEFT JOIN {VERSION_TABLE} mv ON mv.tag = 'm' || p.producer_id "
            "WHERE p.slug = ANY(%s) OR p.id = ANY(%s))",
            [plan.product_slugs, plan.product_ids],
        )
        generation, stock_generation, dirty, products = cursor.fetchone()
    if isinstance(products, str):
        products = json.loads(products)
    if plan.catalog:
        from backend.search.sweeper import note_index_state

        note_index_state(dirty)  # flags that stay mean a lost update: sweep
    if dirty or any(row[2] for row in products):
        return None  # a document is behind the catalog: answers are judged live meanwhile
    found = {row[1] for row in products} | {row[0] for row in products}
    missing = any(s not in found for s in plan.product_slugs) or any(
        pk not in found for pk in plan.product_ids)
    # A product not found yet appears with a new document, which moves the generation.
    by_generation = generation if plan.catalog or missing else None
    by_stock = stock_generation if plan.catalog and plan.stock else None
    return (by_generation, by_stock, tuple((row[0], row[3], row[4]) for row in products))


# -- patching live stock in ------------------------------------------------------------


def patch_points(data: Any) -> tuple[list, list] | None:
    """Where the answer shows stock: [(path, product ref)], [(path, variant pk)]; None
    when a value cannot be tied to its product or variant (then it is not cached)."""
    products: list = []
    variants: list = []

    def visit(value: Any, path: tuple) -> bool:
        if isinstance(value, list):
            return all(visit(item, path + (i,)) for i, item in enumerate(value))
        if not isinstance(value, dict):
            return True
        if "isAvailable" in value:
            ref = (_decode(value["id"], "Product") if isinstance(value.get("id"), str)
                   else None)
            if ref is None and isinstance(value.get("slug"), str):
                ref = value["slug"]
            if ref is None:
                return False
            products.append((path, ref))
        if "quantityAvailable" in value:
            pk = (_decode(value["id"], "ProductVariant") if isinstance(value.get("id"), str)
                  else None)
            if pk is None:
                return False
            variants.append((path, pk))
        return all(visit(item, path + (key,)) for key, item in value.items())

    return (products, variants) if visit(data, ()) else None


def _channel_pk(slug: str | None) -> int | None:
    from backend.channel.models import Channel

    slug = slug or settings.DEFAULT_CHANNEL_SLUG
    return Channel.objects.filter(slug=slug).values_list("pk", flat=True).first()


def entry(deps: tuple, data: dict, plan: Plan) -> dict | None:
    """What to store for ``data``: the answer, its dependencies and its patch points."""
    points = patch_points(data)
    if points is None:
        return None
    products, variants = points
    slugs = sorted({ref for _, ref in products if isinstance(ref, str)})
    if slugs:
        from backend.catalog.models import Product

        by_slug = dict(Product.objects.using(current_read_alias()).filter(slug__in=slugs)
                       .values_list("slug", "pk"))
        if len(by_slug) != len(slugs):
            return None
        products = [(path, by_slug[ref] if isinstance(ref, str) else ref)
                    for path, ref in products]
    channel = _channel_pk(plan.channel) if products else None
    if products and channel is None:
        return None
    return {"deps": deps, "data": data, "products": products, "variants": variants,
            "channel": channel}


def _live_stock(channel: int | None, product_ids: list[int], variant_ids: list[int]
                ) -> tuple[dict[int, bool], dict[int, int | None]]:
    """``Product.isAvailable`` and ``ProductVariant.quantityAvailable`` as the resolvers
    compute them (catalog/types.py), for many at once."""
    on_hand = ("(SELECT coalesce(sum(s.quantity), 0) - coalesce(sum(s.quantity_allocated), 0) "
               "FROM warehouse_stock s WHERE s.product_variant_id = v.id)")
    with connections[current_read_alias()].cursor() as cursor:
        cursor.execute(
            "SELECT 0, p.id, (EXISTS (SELECT 1 FROM catalog_productchannellisting l "
            "WHERE l.product_id = p.id AND l.channel_id = %s AND l.is_published "
            "AND l.available_for_purchase_at <= %s) AND EXISTS (SELECT 1 FROM "
            "catalog_productvariant v JOIN catalog_productvariantchannellisting vl "
            "ON vl.variant_id = v.id AND vl.channel_id = %s WHERE v.product_id = p.id "
            f"AND vl.price_amount IS NOT NULL AND (NOT v.track_inventory OR {on_hand} > 0)))"
            "::int FROM unnest(%s::bigint[]) AS p(id) "
            f"UNION ALL SELECT 1, v.id, CASE WHEN v.track_inventory THEN greatest({on_hand}, 0) "
            "END FROM catalog_productvariant v WHERE v.id = ANY(%s)",
            [channel, timezone.now(), channel, product_ids, variant_ids],
        )
        rows = cursor.fetchall()
    available = {pk: bool(value) for kind, pk, value in rows if kind == 0}
    quantities = {pk: value for kind, pk, value in rows if kind == 1}
    return available, quantities


def _at(data: Any, path: tuple) -> dict:
    for step in path:
        data = data[step]
    return data


def patched(stored: dict) -> dict:
    """The stored answer with today's stock in it."""
    data, products, variants = stored["data"], stored["products"], stored["variants"]
    if not products and not variants:
        return data
    available, quantities = _live_stock(
        stored["channel"], sorted({pk for _, pk in products}), sorted({pk for _, pk in variants}))
    for path, pk in products:
        _at(data, path)["isAvailable"] = available.get(pk, False)
    for path, pk in variants:
        _at(data, path)["quantityAvailable"] = quantities.get(pk)
    return data
