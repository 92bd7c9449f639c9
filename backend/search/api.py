"""The search interface the API and storefront call. The backend (PostgreSQL full-text or
Elasticsearch when ``ELASTICSEARCH_URL`` is set) is chosen by configuration; callers never
import a backend directly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from backend.catalog.filtering import ProductFilter
from backend.catalog.models import Product
from backend.channel.models import Channel

from .backends.base import Progress, SearchBackend
from .facets import decorate, normalize_filter, normalize_ocop_filter_values
from .indexing import mark_dirty, update_dirty
from .sweeper import note_index_state, sweep

__all__ = [
    "Suggestion", "count_matching", "did_you_mean", "facet_counts", "get_backend",
    "index_products", "mark_dirty", "matching_products", "normalize_filter",
    "normalize_ocop_filter_values", "rebuild", "search_products", "suggest", "sweep",
    "update_dirty",
]

_backends: dict[str, SearchBackend] = {}


def get_backend() -> SearchBackend:
    """Elasticsearch when ``settings.ELASTICSEARCH_URL`` is set, PostgreSQL otherwise."""
    url = getattr(settings, "ELASTICSEARCH_URL", "") or ""
    if url not in _backends:
        if url:
            from .backends.elasticsearch import ElasticsearchBackend

            _backends[url] = ElasticsearchBackend(url)
        else:
            from .backends.postgres import PostgresBackend

            _backends[url] = PostgresBackend()
    return _backends[url]


def search_products(qs: QuerySet[Product], text: str, channel: Channel) -> QuerySet[Product]:
    """Products of ``qs`` matching ``text``, annotated with ``search_rank`` (higher first).

    An empty text returns ``qs`` unchanged but for ``search_rank`` = 0, so sorting by rank
    works either way.
    """
    return get_backend().search_products(qs, text, channel)


def matching_products(
    channel: Channel, spec: ProductFilter, among: QuerySet[Product] | None = None
) -> QuerySet[Product]:
    """The products a listing shows for ``spec`` (filters and search text), annotated
    with ``search_rank`` (0 without text): those visible in ``channel``
    (``Product.objects.visible_in``), or those of ``among`` (what a staff member may see,
    ``visible_to``). Every product listing of the API goes through this; PostgreSQL
    filters the visible products on the search documents."""
    return get_backend().matching_products(channel, normalize_filter(spec), among)


def count_matching(
    channel: Channel, spec: ProductFilter, among: QuerySet[Product] | None = None
) -> int:
    """``matching_products(channel, spec, among).count()``, cheaper and cached per index
    generation."""
    return get_backend().count_matching(channel, normalize_filter(spec), among)


def facet_counts(channel: Channel, spec: ProductFilter) -> dict:
    """Disjunctive facet counts for the products ``spec`` describes (its ``search`` too).

    Returns ``{"total", "region", "province", "star", "group", "price", "producer",
    "in_stock"}``; each facet is a list of ``{id, slug, name, count, selected, …}``.
    PostgreSQL caches them per index generation (``backend.search.cache``).
    """
    spec = normalize_filter(spec)
    raw = get_backend().facet_counts(channel, spec)
    return decorate(raw, spec)


@dataclass(frozen=True)
class Suggestion:
    text: str
    kind: str  # "query": a completion to search for; "product": a product to open
    product_id: int | None = None
    slug: str = ""


def suggest(text: str, channel: Channel, limit: int = 8) -> list[Suggestion]:
    """Search-as-you-type: query completions first, then the best matching products."""
    limit = max(0, min(int(limit), 20))
    if not text or not text.strip() or limit == 0:
        return []
    backend = get_backend()
    queries = backend.completions(text, max(1, limit // 2))
    if not queries:
        corrected = backend.did_you_mean(text)
        queries = [corrected] if corrected else []
    out = [Suggestion(text=q, kind="query") for q in queries]
    products = (
        backend.search_products(Product.objects.visible_in(channel), text, channel)
        .order_by("-search_rank", "pk")
        .values_list("pk", "name", "slug")[: limit - len(out)]
    )
    out += [Suggestion(text=name, kind="product", product_id=pk, slug=slug)
            for pk, name, slug in products]
    return out


def did_you_mean(text: str) -> str | None:
    """A corrected query when words of ``text`` are not in the catalog ("nuoc mem" →
    "nước mắm"), else None."""
    return get_backend().did_you_mean(text)


def index_products(product_ids: Iterable[int]) -> int:
    """Rewrite these products' documents now (tests, the importer's final step)."""
    return get_backend().index_products(product_ids)


def rebuild(progress: Progress | None = None, batch_size: int = 1000) -> int:
    """Reindex the whole catalog; search keeps answering while it runs."""
    return get_backend().rebuild(progress=progress, batch_size=batch_size)


def catalog_version() -> str | None:
    """A token that changes whenever the indexed catalog does, or None while some product
    is waiting to be reindexed (then nothing derived from the catalog should be cached).

    Today's date is part of it: certificates lapse with the calendar, not with a write.
    """
    from django.db import connection
    from django.utils import timezone

    from .cache import GENERATION_TABLE

    # One round trip: this runs before every cached answer.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT value FROM {GENERATION_TABLE} WHERE id = 1), "
            "EXISTS (SELECT 1 FROM catalog_product WHERE search_index_dirty)"
        )
        generation, dirty = cursor.fetchone()
    note_index_state(dirty)
    if dirty:
        return None
    return f"{generation or 0}:{timezone.localdate().isoformat()}"
