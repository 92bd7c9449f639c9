"""Elasticsearch backend (when ``ELASTICSEARCH_URL`` is set), with the official client.

Texts are folded in Python (``backend.core.text.fold``) exactly as for PostgreSQL and the
index analyzers fold again (``asciifolding`` maps đ→d), so both sides agree. Exact
lower-case words sit in ``*_exact`` fields that only add to the score. Facets are filter
aggregations: each applies every active filter but its own (disjunctive), and
``post_filter`` applies them all to the hits. A rebuild writes a new index and swaps the
alias, so search never goes down.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Case, FloatField, QuerySet, Value, When
from django.utils import timezone

from backend.catalog.filtering import ProductFilter, filter_products
from backend.catalog.models import Product
from backend.channel.models import Channel

from .. import vocabulary
from ..documents import DocumentData, build_documents
from ..facets import (
    PRICE_BUCKETS,
    PRODUCER_FACET_SIZE,
    CompiledFilter,
    RawFacetCounts,
    compile_filter,
)
from ..text import ParsedQuery, exact_text, folded_text
from .base import Progress, SearchBackend, all_product_ids, prepare_query

# Hits turned into a ranked queryset: beyond this, the tail of a very broad search is cut.
MAX_HITS = 2000
BULK_CHUNK = 1000
FOLDED_FIELDS = ["name_folded^4", "producer_folded^2", "place_folded^1.5", "description_folded"]

INDEX_SETTINGS = {
    "number_of_shards": 1,
    "analysis": {
        "analyzer": {
            # Input is already folded; folding again keeps ad-hoc queries working.
            "vi_folded": {"type": "custom", "tokenizer": "standard",
                          "filter": ["lowercase", "asciifolding"]},
            "vi_exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        }
    },
}
MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "product_id": {"type": "long"},
        "channel_id": {"type": "long"},
        "slug": {"type": "keyword"},
        "name": {"type": "keyword", "index": False},
        "name_folded": {"type": "text", "analyzer": "vi_folded"},
        "producer_folded": {"type": "text", "analyzer": "vi_folded"},
        "place_folded": {"type": "text", "analyzer": "vi_folded"},
        "description_folded": {"type": "text", "analyzer": "vi_folded"},
        "name_exact": {"type": "text", "analyzer": "vi_exact"},
        "description_exact": {"type": "text", "analyzer": "vi_exact"},
        "is_visible": {"type": "boolean"},
        "star": {"type": "byte"},
        "province_id": {"type": "integer"},
        "region_id": {"type": "integer"},
        "group_ids": {"type": "integer"},
        "ocop_valid_through": {"type": "date"},
        "producer_id": {"type": "long"},
        "product_type_id": {"type": "long"},
        "category_ids": {"type": "long"},
        "price": {"type": "long"},
        "in_stock": {"type": "boolean"},
    },
}
_TERM_FIELDS = {"star": "star", "province": "province_id", "region": "region_id",
                "group": "group_ids", "producer": "producer_id"}
_OCOP_FACETS = {"star", "province", "region", "group"}


def document_source(doc: DocumentData) -> dict:
    return {
        "product_id": doc.product_id,
        "channel_id": doc.channel_id,
        "slug": doc.slug,
        "name": doc.name,
        "name_folded": folded_text(doc.search_name),
        "producer_folded": folded_text(doc.producer_name),
        "place_folded": folded_text(doc.search_place),
        "description_folded": folded_text(doc.search_description),
        "name_exact": exact_text(doc.name),
        "description_exact": exact_text(doc.description),
        "is_visible": doc.is_visible,
        "star": doc.star,
        "province_id": doc.province_id,
        "region_id": doc.region_id,
        "group_ids": doc.group_ids,
        "ocop_valid_through": doc.ocop_valid_through.isoformat()
        if doc.ocop_valid_through else None,
        "producer_id": doc.producer_id,
        "product_type_id": doc.product_type_id,
        "category_ids": doc.category_ids,
        "price": doc.price,
        "in_stock": doc.in_stock,
    }


def document_id(doc: DocumentData) -> str:
    return f"{doc.product_id}-{doc.channel_id}"


def text_query(parsed: ParsedQuery) -> dict:
    """Every word must match a folded field (typo alternatives allowed, the last word as
    a prefix); exact-diacritic words only add to the score."""
    must = []
    for i, word in enumerate(parsed.words):
        alts = parsed.alternatives[i] if i < len(parsed.alternatives) else ()
        last = parsed.prefix_last and i == len(parsed.words) - 1
        clause = {"multi_match": {"query": " ".join((word, *alts)), "fields": FOLDED_FIELDS,
                                  "operator": "or"}}
        if last:
            clause["multi_match"]["type"] = "bool_prefix"
        must.append(clause)
    should = []
    if parsed.exact:
        exact = " ".join(parsed.exact)
        should = [
            {"match_bool_prefix": {"name_exact": {"query": exact, "boost": 2.0}}},
            {"match": {"description_exact": {"query": exact, "boost": 0.5}}},
        ]
    return {"bool": {"must": must, "should": should}}


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str, client=None, alias: str | None = None) -> None:
        if client is None:
            from elasticsearch import Elasticsearch

            client = Elasticsearch(url, request_timeout=10)
        self.client = client
        self.alias = alias or getattr(settings, "ELASTICSEARCH_INDEX", "") or "ocop_products"

    def ping(self) -> None:
        if not self.client.ping():
            raise ConnectionError("Elasticsearch does not answer")

    # -- queries -----------------------------------------------------------------------

    def _base_filters(self, channel: Channel, compiled: CompiledFilter) -> list[dict]:
        filters: list[dict] = [{"term": {"channel_id": channel.pk}},
                               {"term": {"is_visible": True}}]
        if compiled.product_type_ids:
            filters.append({"terms": {"product_type_id": list(compiled.product_type_ids)}})
        if compiled.category_ids:
            filters.append({"terms": {"category_ids": list(compiled.category_ids)}})
        if compiled.ids:
            filters.append({"terms": {"product_id": list(compiled.ids)}})
        if compiled.slugs:
            filters.append({"terms": {"slug": list(compiled.slugs)}})
        if compiled.other_attributes:
            # Attributes outside the OCOP four: the catalog decides, ES gets the ids.
            ids = filter_products(
                Product.objects.all(), ProductFilter(attributes=compiled.other_attributes),
                channel,
            ).values_list("pk", flat=True)
            filters.append({"terms": {"product_id": list(ids)}})
        return filters

    @staticmethod
    def _ocop_valid(today: datetime.date) -> dict:
        return {"range": {"ocop_valid_through": {"gte": today.isoformat()}}}

    def _facet_filter(self, facet: str, value, today: datetime.date) -> dict:
        if facet in _TERM_FIELDS:
            clause = {"terms": {_TERM_FIELDS[facet]: sorted(value)}}
            if facet in _OCOP_FACETS:
                return {"bool": {"filter": [clause, self._ocop_valid(today)]}}
            return clause
        if facet == "price":
            gte, lte = value
            bounds = {k: v for k, v in (("gte", gte), ("lte", lte)) if v is not None}
            return {"range": {"price": bounds}}
        return {"term": {"in_stock": bool(value)}}

    def facet_request(self, channel: Channel, spec: ProductFilter, today=None) -> dict:
        """The body of the one search request that answers every facet."""
        today = today or timezone.localdate()
        compiled = compile_filter(spec)
        parsed = prepare_query(compiled.search)
        query: dict = {"bool": {"filter": self._base_filters(channel, compiled)}}
        if not parsed.is_empty:
            query["bool"]["must"] = [text_query(parsed)]
        active = {facet: self._facet_filter(facet, value, today)
                  for facet, value in compiled.facet_filters.items()}

        def others(facet: str | None) -> dict:
            clauses = [c for f, c in active.items() if f != facet]
            if facet in _OCOP_FACETS:
                clauses.append(self._ocop_valid(today))
            return {"bool": {"filter": clauses}}

        aggs: dict = {"total": {"filter": others(None)}}
        for facet, field in _TERM_FIELDS.items():
            size = PRODUCER_FACET_SIZE if facet == "producer" else 100
            aggs[facet] = {"filter": others(facet),
                           "aggs": {"values": {"terms": {"field": field, "size": size}}}}
        chosen_producers = sorted(compiled.facet_filters.get("producer", ()))
        if chosen_producers:
            aggs["producer_selected"] = {
                "filter": others("producer"),
                "aggs": {"values": {"terms": {"field": "producer_id",
                                              "include": chosen_producers,
                                              "size": len(chosen_producers)}}},
            }
        ranges = [{k: v for k, v in (("from", gte), ("to", lt)) if v is not None}
                  for gte, lt in PRICE_BUCKETS]
        aggs["price"] = {"filter": others("price"),
                         "aggs": {"values": {"range": {"field": "price", "ranges": ranges}}}}
        aggs["in_stock"] = {"filter": others("in_stock"),
                            "aggs": {"values": {"terms": {"field": "in_stock", "size": 2}}}}
        return {"size": 0, "query": query, "post_filter": others(None), "aggs": aggs,
                "track_total_hits": True}

    def facet_counts(self, channel: Channel, spec: ProductFilter) -> RawFacetCounts:
        body = self.facet_request(channel, spec)
        response = self.client.search(index=self.alias, **body)
        aggs = response["aggregations"]
        raw = RawFacetCounts(total=aggs["total"]["doc_count"])
        for facet in _TERM_FIELDS:
            target = getattr(raw, facet)
            for bucket in aggs[facet]["values"]["buckets"]:
                target[int(bucket["key"])] = bucket["doc_count"]
        for bucket in aggs.get("producer_selected", {}).get("values", {}).get("buckets", []):
            raw.producer[int(bucket["key"])] = bucket["doc_count"]
        for i, bucket in enumerate(aggs["price"]["values"]["buckets"]):
            if bucket["doc_count"]:
                raw.price[i] = bucket["doc_count"]
        for bucket in aggs["in_stock"]["values"]["buckets"]:
            # Boolean terms come back as 1/0 with key_as_string "true"/"false".
            raw.in_stock[bucket.get("key_as_string") == "true" or bucket["key"] == 1] = (
                bucket["doc_count"])
        return raw

    def search_request(self, channel: Channel, parsed: ParsedQuery) -> dict:
        return {
            "size": MAX_HITS,
            "_source": False,
            "fields": ["product_id"],
            "query": {"bool": {"must": [text_query(parsed)],
                               "filter": [{"term": {"channel_id": channel.pk}}]}},
        }

    def search_products(
        self, qs: QuerySet[Product], text: str, channel: Channel
    ) -> QuerySet[Product]:
        parsed = prepare_query(text)
        if parsed.is_empty:
            return qs.annotate(search_rank=Value(0.0, output_field=FloatField()))
        response = self.client.search(index=self.alias, **self.search_request(channel, parsed))
        scores: dict[int, float] = {}
        for hit in response["hits"]["hits"]:
            pk = int(hit["fields"]["product_id"][0])
            scores.setdefault(pk, float(hit["_score"] or 0.0))
        if not scores:
            return qs.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
        rank = Case(*[When(pk=pk, then=Value(score)) for pk, score in scores.items()],
                    default=Value(0.0), output_field=FloatField())
        return qs.filter(pk__in=list(scores)).annotate(search_rank=rank)

    # -- indexing ----------------------------------------------------------------------

    def ensure_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._new_index_name()
            self.client.indices.create(index=name, settings=INDEX_SETTINGS, mappings=MAPPINGS)
            self.client.indices.update_aliases(
                actions=[{"add": {"index": name, "alias": self.alias}}])

    def _new_index_name(self) -> str:
        return f"{self.alias}_{timezone.now():%Y%m%d%H%M%S%f}"

    def bulk_operations(self, docs: list[DocumentData], index: str) -> list[dict]:
        ops: list[dict] = []
        for doc in docs:
            ops.append({"index": {"_index": index, "_id": document_id(doc)}})
            ops.append(document_source(doc))
        return ops

    def _bulk(self, docs: list[DocumentData], index: str) -> None:
        for start in range(0, len(docs), BULK_CHUNK):
            ops = self.bulk_operations(docs[start:start + BULK_CHUNK], index)
            response = self.client.bulk(operations=ops)
            if response.get("errors"):
                failed = [item for item in response["items"]
                          if next(iter(item.values())).get("error")]
                raise RuntimeError(f"Elasticsearch bulk indexing failed: {failed[:3]}")

    def index_products(self, product_ids: Iterable[int]) -> int:
        ids = sorted(set(product_ids))
        if not ids:
            return 0
        self.ensure_index()
        docs = build_documents(ids)
        self._bulk(docs, self.alias)
        # Listings that went away (or products deleted) take their documents with them.
        self.client.delete_by_query(
            index=self.alias,
            query={"bool": {"filter": [{"terms": {"product_id": ids}}],
                            "must_not": [{"ids": {"values": [document_id(d) for d in docs]}}]}},
            conflicts="proceed",
        )
        vocabulary.add_to_vocabulary(ids)
        return len(docs)

    def rebuild(self, progress: Progress | None = None, batch_size: int = 1000) -> int:
        """Index everything into a new index, then move the alias in one atomic step."""
        started = timezone.now()
        new_index = self._new_index_name()
        self.client.indices.create(index=new_index, settings=INDEX_SETTINGS, mappings=MAPPINGS)
        ids = all_product_ids()
        written = 0
        for start in range(0, len(ids), batch_size):
            batch = ids[start:start + batch_size]
            Product.objects.filter(pk__in=batch).update(search_index_dirty=False)
            docs = build_documents(batch)
            self._bulk(docs, new_index)
            written += len(docs)
            if progress:
                progress(min(start + batch_size, len(ids)), len(ids))
        self.client.indices.refresh(index=new_index)
        old = self._indices_behind_alias()
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in old]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)
        for name in old:
            self.client.indices.delete(index=name)
        # Products changed while we were copying went to the old index: catch them up.
        changed = list(Product.objects.filter(updated_at__gte=started)
                       .values_list("pk", flat=True))
        if changed:
            self.index_products(changed)
        vocabulary.refresh_vocabulary()
        return written

    def _indices_behind_alias(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return sorted(self.client.indices.get_alias(name=self.alias).keys())

    def refresh(self) -> None:
        """Make recent writes searchable now (tests; ES does it every second anyway)."""
        self.client.indices.refresh(index=self.alias)

    def delete_all_indices(self) -> None:
        for name in self._indices_behind_alias():
            self.client.indices.delete(index=name)
