"""The interface every search backend implements, and what they share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import replace

from django.db.models import QuerySet

from backend.catalog.filtering import ProductFilter, filter_products
from backend.catalog.models import Product
from backend.channel.models import Channel

from .. import vocabulary
from ..facets import RawFacetCounts
from ..scope import once
from ..text import ParsedQuery, parse_query

Progress = Callable[[int, int], None]


def prepare_query(text: str | None) -> ParsedQuery:
    """The shopper's words, folded, with typo alternatives for words the catalog lacks
    (looked up once per operation: a listing's page, total and facets parse the same)."""
    parsed = parse_query(text)
    if parsed.is_empty:
        return parsed

    def alternatives() -> tuple:
        return tuple(vocabulary.alternatives(list(parsed.words), prefix_last=parsed.prefix_last))

    return replace(parsed, alternatives=once(("alternatives", parsed.words, parsed.prefix_last),
                                              alternatives))


class SearchBackend(ABC):
    name: str = ""

    def ping(self) -> None:
        """Raise when the backend cannot answer (readiness probes ask)."""
        from backend.search.models import ProductSearchDocument

        ProductSearchDocument.objects.only("pk").first()

    @abstractmethod
    def search_products(
        self, qs: QuerySet[Product], text: str, channel: Channel
    ) -> QuerySet[Product]:
        """``qs`` narrowed to products matching ``text``, annotated with ``search_rank``."""

    def matching_products(
        self, channel: Channel, spec: ProductFilter, among: QuerySet[Product] | None = None
    ) -> QuerySet[Product]:
        """Products matching ``spec`` (text included) among ``among`` (default: those
        visible in ``channel``), annotated with ``search_rank``. This default filters in
        the catalog and asks the engine for the text; backends that can filter on their
        documents override it for the visible products."""
        if among is None:
            among = Product.objects.visible_in(channel)
        qs = filter_products(among, spec, channel)
        return self.search_products(qs, spec.search, channel)

    def count_matching(
        self, channel: Channel, spec: ProductFilter, among: QuerySet[Product] | None = None
    ) -> int:
        """How many products ``matching_products`` returns."""
        return self.matching_products(channel, spec, among).count()

    def stale_product_ids(self) -> list[int]:
        """Products whose documents disagree with the catalog although not flagged dirty
        (written around the flag, or left by a crash); the sweeper flags them. Backends
        that cannot tell cheaply return none."""
        return []

    @abstractmethod
    def facet_counts(self, channel: Channel, spec: ProductFilter) -> RawFacetCounts:
        """Disjunctive counts: each facet applies every active filter but its own."""

    @abstractmethod
    def index_products(self, product_ids: Iterable[int]) -> int:
        """(Re)write the documents of these products in every channel; returns how many."""

    @abstractmethod
    def rebuild(self, progress: Progress | None = None, batch_size: int = 1000) -> int:
        """Index the whole catalog from scratch while search keeps answering."""

    def words_in_use(self, folded: list[str]) -> set[str]:
        """Which folded words or phrases some visible product still contains. This
        default keeps them all (hidden products' words stay until a rebuild); backends
        that can look it up in their documents override it."""
        return set(folded)

    def did_you_mean(self, text: str) -> str | None:
        return vocabulary.did_you_mean(text)

    def completions(self, text: str, limit: int) -> list[str]:
        return vocabulary.completions(text, limit)


def all_product_ids() -> list[int]:
    return list(Product.objects.order_by("pk").values_list("pk", flat=True))
