"""The search index kept in PostgreSQL: one document per product and channel, and the
vocabulary of distinct words behind suggestions and "did you mean".

The document denormalises every facet key into one narrow row, so disjunctive facet
counts are a single scan of one table instead of joins over the catalog.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from backend.catalog.models import Product
from backend.channel.models import Channel

# Text search configuration created by migration 0001: "simple" with unaccent in front.
FOLDED_CONFIG = "vietnamese_unaccent"
EXACT_CONFIG = "simple"


class ProductSearchDocument(models.Model):
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="search_documents"
    )
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+")
    # Folded words (no marks, đ→d) for matching; exact lower-case words for ranking.
    folded = SearchVectorField(null=True)
    exact = SearchVectorField(null=True)
    is_visible = models.BooleanField(default=False)
    # OCOP facet keys: null unless the product carries a valid certification.
    star = models.PositiveSmallIntegerField(null=True)
    province_id = models.IntegerField(null=True)
    region_id = models.IntegerField(null=True)
    group_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    # The same chain one column per level, so facet counts group without unnesting.
    group_l1 = models.IntegerField(null=True)
    group_l2 = models.IntegerField(null=True)
    group_l3 = models.IntegerField(null=True)
    # The last day the certification is valid, so an expiry shows even before the
    # nightly attribute refresh has run.
    ocop_valid_through = models.DateField(null=True)
    producer_id = models.BigIntegerField(null=True)
    product_type_id = models.BigIntegerField(null=True)
    category_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    price = models.BigIntegerField(null=True)  # whole đồng
    in_stock = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["product", "channel"], name="search_doc_product_channel"
            )
        ]
        indexes = [
            GinIndex(fields=["folded"], name="search_doc_folded_gin"),
        ]
        verbose_name = "tài liệu tìm kiếm"
        verbose_name_plural = "chỉ mục tìm kiếm sản phẩm"


class ProductFacetRow(models.Model):
    """The integer keys of one visible document, and nothing else: listings without text,
    their totals and facet counts scan this (about a tenth of the document's pages, no
    text vectors) instead of the documents.

    Kept in step by statement triggers on the document table (migration 0005): every
    insert, update, delete or truncate of documents — the indexer's upsert, the stock
    flag, cascades of deleted products — rewrites these rows in the same statement, so no
    write path can forget it. Only visible documents have a row."""

    doc_id = models.BigIntegerField(primary_key=True)
    product_id = models.BigIntegerField()
    channel_id = models.BigIntegerField()
    star = models.SmallIntegerField(null=True)
    province_id = models.IntegerField(null=True)
    region_id = models.IntegerField(null=True)
    group_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    group_l1 = models.IntegerField(null=True)
    group_l2 = models.IntegerField(null=True)
    group_l3 = models.IntegerField(null=True)
    ocop_valid_through = models.DateField(null=True)
    producer_id = models.BigIntegerField(null=True)
    product_type_id = models.BigIntegerField(null=True)
    category_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    price = models.BigIntegerField(null=True)
    in_stock = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["product_id", "channel_id"], name="search_facetrow_product_idx"),
            # A province is a thirty-fourth of the catalog: its listings and their producer
            # counts read its rows only.
            models.Index(fields=["channel_id", "province_id"], name="search_facetrow_province_idx"),
        ]
        verbose_name = "khoá lọc sản phẩm"


class FacetCombo(models.Model):
    """How many visible documents share one combination of the small facet keys (OCOP keys
    as of ``FacetCubeState.day``: null when the certificate had lapsed by then). A few
    thousand rows stand for hundreds of thousands of documents, so facet counts and totals
    of filters on these keys alone (no text, no producer, price on band edges) sum rows of
    this table instead of reading every document. Kept in step by statement triggers on
    ``ProductFacetRow`` (migration 0006); rebuilt when the day moves on
    (``search_facetcube_rebuild``)."""

    channel_id = models.BigIntegerField()
    star = models.SmallIntegerField(null=True)
    province_id = models.IntegerField(null=True)
    region_id = models.IntegerField(null=True)
    group_ids = ArrayField(models.IntegerField(), null=True)
    group_l1 = models.IntegerField(null=True)
    group_l2 = models.IntegerField(null=True)
    group_l3 = models.IntegerField(null=True)
    price_bucket = models.SmallIntegerField(null=True)
    in_stock = models.BooleanField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "channel_id", "star", "province_id", "region_id", "group_ids", "group_l1",
                    "group_l2", "group_l3", "price_bucket", "in_stock",
                ],
                nulls_distinct=False,
                name="search_facetcombo_key",
            )
        ]
        verbose_name = "tổ hợp khoá lọc"


class ProducerCount(models.Model):
    """Visible documents per producer and channel (same triggers): the producer facet of a
    listing filtered on nothing but producers, without counting every document."""

    channel_id = models.BigIntegerField()
    producer_id = models.BigIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["channel_id", "producer_id"], name="search_producercount_key"
            )
        ]
        indexes = [
            models.Index(
                "channel_id", models.F("n").desc(), "producer_id", name="search_producercount_top"
            ),
        ]
        verbose_name = "số sản phẩm theo nhà sản xuất"


class FacetCubeState(models.Model):
    """One row: the day ``FacetCombo``'s OCOP keys were resolved for."""

    day = models.DateField(null=True)

    class Meta:
        verbose_name = "ngày của tổ hợp khoá lọc"


class SearchWord(models.Model):
    """A distinct folded word (or two-word phrase) of the catalog and its commonest
    spelling with diacritics: "nuoc mam" → "nước mắm"."""

    folded = models.CharField(max_length=120, unique=True)
    exact = models.CharField(max_length=120)
    is_phrase = models.BooleanField(default=False)
    doc_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            GinIndex(fields=["folded"], opclasses=["gin_trgm_ops"], name="search_word_trgm"),
            models.Index(
                fields=["folded"], opclasses=["varchar_pattern_ops"], name="search_word_prefix"
            ),
        ]
        verbose_name = "từ tìm kiếm"
        verbose_name_plural = "từ điển tìm kiếm"

    def __str__(self) -> str:
        return self.exact


class IndexGeneration(models.Model):
    """One row whose ``value`` changes whenever documents are written, in the same
    transaction: cached facet counts are keyed on it. Values come from a sequence, so a
    rolled-back write never hands its number to different data later."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "thế hệ chỉ mục"


class CacheVersion(models.Model):
    """What a cached answer about one product (``p<id>``) or one producer's products
    (``m<id>``) was computed from: bumped in the writer's transaction whenever something a
    product page shows changes, so product pages are invalidated one by one instead of by
    every catalog write. Stock quantities are not versioned: cached answers get them
    patched in live (``backend/graphql/response_cache.py``)."""

    tag = models.CharField(max_length=24, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "phiên bản bộ nhớ đệm"
