"""PostgreSQL full-text search: one document row per product and channel.

Matching uses the folded vector (``vietnamese_unaccent``: Vietnamese without marks, đ→d),
ranking adds the exact-diacritic vector so "mắm" ranks Nước mắm above Mầm đậu. Facet
counts are one scan of the document table (see ``facet_counts``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import BooleanField, F, FilteredRelation, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone

from backend.catalog.filtering import ProductFilter, filter_products
from backend.catalog.models import Product
from backend.channel.models import Channel
from backend.core.bulk import copy_into

from .. import vocabulary
from ..cache import bump_generation, bump_product_versions, cached, spec_key
from ..documents import DocumentData, build_documents
from ..facets import (
    PRICE_BUCKETS,
    PRODUCER_FACET_SIZE,
    CompiledFilter,
    RawFacetCounts,
    compile_filter,
    reference,
)
from ..models import EXACT_CONFIG, FOLDED_CONFIG
from ..scope import once
from ..text import ParsedQuery, exact_text, folded_text
from .base import Progress, SearchBackend, all_product_ids, prepare_query

# How much an exact-diacritic match adds to the folded rank: enough to put "mắm" above
# "mầm" for a shopper who typed the marks, while every other signal still counts.
EXACT_WEIGHT = 2.0
TABLE = "search_productsearchdocument"
# The visible documents' integer keys only (``ProductFacetRow``, kept in step by triggers):
# what a request without search text filters and counts on.
ROWS = "search_productfacetrow"
# The name Django gives the document join of ``matching_products`` in SQL.
DOC_ALIAS = "search_doc"


def has_dirty_products() -> bool:
    """Whether any product's document is missing or behind (an indexed lookup), once per
    operation (``scope.once``: a listing asks for its page and its total). Flags that stay
    too long start the sweeper (``sweeper.note_index_state``)."""
    from ..sweeper import note_index_state

    def ask() -> bool:
        # The first id in order: the partial index on dirty ids answers it even when the
        # statistics still count the flags a rebuild has just cleared (a bare EXISTS then
        # reads the whole table).
        dirty = Product.objects.filter(search_index_dirty=True).order_by("pk").values_list(
            "pk", flat=True).first() is not None
        note_index_state(dirty)
        return dirty

    return once("dirty", ask)

# Documents are COPYed into a session temp table with their texts already folded (folding
# is Python's ``fold``, the one queries use), then written by one INSERT … SELECT that
# computes the vectors: no per-row statement, no per-cell parameter.
_LOAD = "search_doc_load"
_LOAD_COLUMNS = (
    "product_id", "channel_id", "f_name", "f_producer", "f_place", "f_description",
    "e_name", "e_description", "is_visible", "star", "province_id", "region_id", "group_ids",
    "group_l1", "group_l2", "group_l3", "ocop_valid_through", "producer_id", "product_type_id",
    "category_ids", "price", "in_stock",
)
_CREATE_LOAD = f"""
CREATE TEMP TABLE IF NOT EXISTS {_LOAD} (
    product_id bigint, channel_id bigint, f_name text, f_producer text, f_place text,
    f_description text, e_name text, e_description text, is_visible boolean, star smallint,
    province_id integer, region_id integer, group_ids integer[], group_l1 integer,
    group_l2 integer, group_l3 integer, ocop_valid_through date, producer_id bigint,
    product_type_id bigint, category_ids bigint[], price bigint, in_stock boolean)
"""
_UPSERT = f"""
INSERT INTO {TABLE} (
    product_id, channel_id, folded, exact, is_visible, star, province_id, region_id,
    group_ids, group_l1, group_l2, group_l3, ocop_valid_through, producer_id, product_type_id,
    category_ids, price, in_stock, updated_at)
SELECT
    product_id, channel_id,
    setweight(to_tsvector('{FOLDED_CONFIG}', f_name), 'A')
      || setweight(to_tsvector('{FOLDED_CONFIG}', f_producer), 'B')
      || setweight(to_tsvector('{FOLDED_CONFIG}', f_place), 'C')
      || setweight(to_tsvector('{FOLDED_CONFIG}', f_description), 'D'),
    setweight(to_tsvector('{EXACT_CONFIG}', e_name), 'A')
      || setweight(to_tsvector('{EXACT_CONFIG}', e_description), 'D'),
    is_visible, star, province_id, region_id, group_ids, group_l1, group_l2, group_l3,
    ocop_valid_through, producer_id, product_type_id, category_ids, price, in_stock, now()
FROM {_LOAD}
ORDER BY product_id, channel_id
ON CONFLICT (product_id, channel_id) DO UPDATE SET
    folded = EXCLUDED.folded, exact = EXCLUDED.exact, is_visible = EXCLUDED.is_visible,
    star = EXCLUDED.star, province_id = EXCLUDED.province_id, region_id = EXCLUDED.region_id,
    group_ids = EXCLUDED.group_ids, group_l1 = EXCLUDED.group_l1,
    group_l2 = EXCLUDED.group_l2, group_l3 = EXCLUDED.group_l3,
    ocop_valid_through = EXCLUDED.ocop_valid_through,
    producer_id = EXCLUDED.producer_id, product_type_id = EXCLUDED.product_type_id,
    category_ids = EXCLUDED.category_ids, price = EXCLUDED.price,
    in_stock = EXCLUDED.in_stock, updated_at = now()
-- A document that would not change is left alone and not returned: only real changes
-- move the index generation, so cached listings survive reindexing what did not move.
WHERE ({TABLE}.folded, {TABLE}.exact, {TABLE}.is_visible, {TABLE}.star, {TABLE}.province_id,
       {TABLE}.region_id, {TABLE}.group_ids, {TABLE}.group_l1, {TABLE}.group_l2,
       {TABLE}.group_l3, {TABLE}.ocop_valid_through, {TABLE}.producer_id,
       {TABLE}.product_type_id, {TABLE}.category_ids, {TABLE}.price, {TABLE}.in_stock)
  IS DISTINCT FROM
      (EXCLUDED.folded, EXCLUDED.exact, EXCLUDED.is_visible, EXCLUDED.star,
       EXCLUDED.province_id, EXCLUDED.region_id, EXCLUDED.group_ids, EXCLUDED.group_l1,
       EXCLUDED.group_l2, EXCLUDED.group_l3, EXCLUDED.ocop_valid_through,
       EXCLUDED.producer_id, EXCLUDED.product_type_id, EXCLUDED.category_ids,
       EXCLUDED.price, EXCLUDED.in_stock)
RETURNING product_id
"""

# Facets whose filter is disjunctive, with their document column and miss code.
_FACET_ORDER = ("star", "province", "region", "producer", "price", "in_stock", "group")
# The small-domain facet keys, rolled up together; producers are counted on their own.
_GROUPED_COLUMNS = (
    "star", "province_id", "region_id", "price_bucket", "in_stock",
    "group_l1", "group_l2", "group_l3",
)
_OCOP_COLUMNS = ("star", "province_id", "region_id", "group_l1", "group_l2", "group_l3")
_COLUMN_FACETS = ("star", "province", "region", "price", "in_stock", "group", "group", "group")


def _doc_params(doc: DocumentData, memo: dict | None = None) -> tuple:
    """One COPY row of ``_LOAD_COLUMNS``. ``memo`` caches folded texts within a batch:
    producer names, places and descriptions repeat across products."""
    memo = {} if memo is None else memo

    def folded(text: str) -> str:
        key = ("f", text)
        if key not in memo:
            memo[key] = folded_text(text)
        return memo[key]

    def exact(text: str) -> str:
        key = ("e", text)
        if key not in memo:
            memo[key] = exact_text(text)
        return memo[key]

    return (
        doc.product_id, doc.channel_id,
        folded(doc.search_name), folded(doc.producer_name), folded(doc.search_place),
        folded(doc.search_description), exact(doc.name), exact(doc.description),
        doc.is_visible, doc.star, doc.province_id, doc.region_id, _array(doc.group_ids),
        *_levels(doc.group_ids), doc.ocop_valid_through, doc.producer_id, doc.product_type_id,
        _array(doc.category_ids), doc.price, doc.in_stock,
    )


def _array(values: list[int]) -> str:
    # COPY's text form of an integer array.
    return "{" + ",".join(str(int(v)) for v in values) + "}"


def _write_documents(cursor, docs: list[DocumentData]) -> set[int]:
    """Upsert documents with one COPY and one INSERT … SELECT; the products whose
    documents were added or changed."""
    if not docs:
        return set()
    cursor.execute(_CREATE_LOAD)
    cursor.execute(f"TRUNCATE {_LOAD}")
    memo: dict = {}
    copy_into(_LOAD, _LOAD_COLUMNS, [_doc_params(d, memo) for d in docs])
    cursor.execute(_UPSERT)
    return {row[0] for row in cursor.fetchall()}


def _levels(group_ids: list[int]) -> list[int | None]:
    """The group chain as (ngành, nhóm, phân nhóm) ids, None where the chain is shorter."""
    by_level: dict[int, int] = {}
    groups = reference().group_by_pk
    for pk in group_ids:
        if pk in groups:
            by_level[groups[pk].level] = pk
    return [by_level.get(level) for level in (1, 2, 3)]


def _ocop_valid(alias: str) -> str:
    today = timezone.localdate()
    return f"{alias}.ocop_valid_through >= DATE '{today.isoformat()}'"


def source_table(parsed: ParsedQuery) -> str:
    """The table a filter is evaluated on: the facet rows (narrow, visible only) unless
    there is text to match, which needs the documents' vectors."""
    return ROWS if parsed.is_empty else TABLE


def filter_conditions(
    channel: Channel, compiled: CompiledFilter, parsed: ParsedQuery, alias: str = "d"
) -> tuple[list[str], list, list[tuple[str, str]], list]:
    """What a filter means on ``source_table(parsed)`` (alias ``alias``): the conditions
    every row must meet (channel, visibility, text, type, category, ids, other attributes)
    and one condition per chosen facet. Facet counts and listings both build on this, so a
    listing's total is the facets' total. Facet rows and documents share column names;
    facet rows exist for visible documents only."""
    a = alias
    ok = _ocop_valid(a)
    base, params = [f"{a}.channel_id = %s"], [channel.pk]
    if not parsed.is_empty:
        base.append(f"{a}.is_visible")
        base.append(f"{a}.folded @@ to_tsquery('{FOLDED_CONFIG}', %s)")
        params.append(parsed.folded_tsquery())
    if compiled.product_type_ids:
        base.append(f"{a}.product_type_id = ANY(%s)")
        params.append(list(compiled.product_type_ids))
    if compiled.category_ids:
        base.append(f"{a}.category_ids && %s::bigint[]")
        params.append(list(compiled.category_ids))
    if compiled.ids:
        base.append(f"{a}.product_id = ANY(%s)")
        params.append(list(compiled.ids))
    if compiled.slugs:
        base.append(f"{a}.product_id IN (SELECT id FROM catalog_product WHERE slug = ANY(%s))")
        params.append(list(compiled.slugs))
    if compiled.other_attributes:
        # Attributes outside the OCOP four: the catalog's own filter decides.
        sub = filter_products(
            Product.objects.all(), ProductFilter(attributes=compiled.other_attributes),
            channel,
        ).values("pk")
        sub_sql, sub_params = sub.query.sql_with_params()
        base.append(f"{a}.product_id IN ({sub_sql})")
        params.extend(sub_params)

    conditions: list[tuple[str, str]] = []  # (facet, sql)
    cond_params: list = []
    chosen = compiled.facet_filters
    for facet in _FACET_ORDER:
        if facet not in chosen:
            continue
        value = chosen[facet]
        if facet in {"star", "province", "region", "group", "producer"} and not value:
            conditions.append((facet, "false"))
            continue
        if facet == "star":
            cond = f"({a}.star = ANY(%s) AND {ok})"
            cond_params.append([int(v) for v in value])
        elif facet == "province":
            cond = f"({a}.province_id = ANY(%s) AND {ok})"
            cond_params.append(sorted(value))
        elif facet == "region":
            cond = f"({a}.region_id = ANY(%s) AND {ok})"
            cond_params.append(sorted(value))
        elif facet == "group":
            cond = f"({a}.group_ids && %s::int[] AND {ok})"
            cond_params.append(sorted(value))
        elif facet == "producer":
            cond = f"{a}.producer_id = ANY(%s)"
            cond_params.append(sorted(value))
        elif facet == "price":
            gte, lte = value
            parts = []
            if gte is not None:
                parts.append(f"{a}.price >= %s")
                cond_params.append(gte)
            if lte is not None:
                parts.append(f"{a}.price <= %s")
                cond_params.append(lte)
            cond = "(" + " AND ".join(parts) + ")"
        else:
            cond = f"{a}.in_stock = %s"
            cond_params.append(bool(value))
        conditions.append((facet, cond))
    return base, params, conditions, cond_params


# Facet combinations and producer counts (``FacetCombo``, ``ProducerCount``): what a
# listing filtered on the small facet keys alone counts on, kept in step by triggers.
COMBOS = "search_facetcombo"
PRODUCER_COUNTS = "search_producercount"


def cube_ready() -> bool:
    """Whether the combinations hold today's OCOP keys; rebuilt here for a new day (one
    aggregate over the facet rows), unless another transaction is rebuilding them."""
    today = timezone.localdate()
    return once(("cube", today), lambda: _cube_ready(today))


def _cube_ready(today) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT day FROM search_facetcubestate WHERE id = 1")
        row = cursor.fetchone()
        if row and row[0] == today:
            return True
        with transaction.atomic():
            cursor.execute("SELECT search_facetcube_rebuild(%s)", [today])
            return bool(cursor.fetchone()[0])


def _price_band(value: tuple[int | None, int | None]) -> tuple[int, int] | None:
    """The bands a price filter covers when its ends are band edges, else None."""
    gte, lte = value
    lows = {low: i for i, (low, _) in enumerate(PRICE_BUCKETS)}
    highs = {None if high is None else high - 1: i for i, (_, high) in enumerate(PRICE_BUCKETS)}
    if gte not in lows or lte not in highs:
        return None
    return lows[gte], highs[lte]


def cube_conditions(
    compiled: CompiledFilter, parsed: ParsedQuery
) -> tuple[list[tuple[str, str]], list] | None:
    """The chosen facets as conditions on facet combinations (alias ``d``), or None when
    the filter needs the rows (text, producers, types, categories, ids, other attributes,
    a price between band edges). The combinations' OCOP keys are null unless valid."""
    if (not parsed.is_empty or compiled.product_type_ids or compiled.category_ids
            or compiled.ids or compiled.slugs or compiled.other_attributes):
        return None
    chosen = compiled.facet_filters
    if "producer" in chosen:
        return None
    conditions: list[tuple[str, str]] = []
    params: list = []
    columns = {"star": "star", "province": "province_id", "region": "region_id"}
    for facet in _FACET_ORDER:
        if facet not in chosen:
            continue
        value = chosen[facet]
        if facet in {"star", "province", "region", "group"} and not value:
            conditions.append((facet, "false"))
        elif facet in columns:
            conditions.append((facet, f"d.{columns[facet]} = ANY(%s)"))
            params.append(sorted(int(v) for v in value))
        elif facet == "group":
            conditions.append((facet, "d.group_ids && %s::int[]"))
            params.append(sorted(value))
        elif facet == "price":
            band = _price_band(value)
            if band is None:
                return None
            conditions.append((facet, "d.price_bucket BETWEEN %s AND %s"))
            params.extend(band)
        else:
            conditions.append((facet, "d.in_stock = %s"))
            params.append(bool(value))
    return conditions, params


def match_sql(channel: Channel, compiled: CompiledFilter, parsed: ParsedQuery,
              alias: str = "d") -> tuple[str, list]:
    """One boolean SQL condition on a document row: it matches every part of the filter."""
    base, params, conditions, cond_params = filter_conditions(channel, compiled, parsed, alias)
    return " AND ".join(base + [c for _, c in conditions]), params + cond_params


def _misses(conditions: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """(the SQL naming the one chosen facet a row misses, 0 for none; the condition that
    keeps rows missing at most one): a row missing two chosen facets counts nowhere, and
    a null (no certificate, no price) is a miss, not unknown."""
    flags = [f"COALESCE({cond}, false)" for _, cond in conditions]
    codes = [_FACET_ORDER.index(facet) + 1 for facet, _ in conditions]
    miss = (
        "CASE " + " ".join(f"WHEN NOT {f} THEN {c}" for f, c in zip(flags, codes, strict=True))
        + " ELSE 0 END"
    ) if conditions else "0"
    at_most_one = ([" + ".join(f"(NOT {f})::int" for f in flags) + " <= 1"]
                   if len(conditions) > 1 else [])
    return miss, at_most_one


class PostgresBackend(SearchBackend):
    name = "postgresql"

    # -- searching ---------------------------------------------------------------------

    def search_products(
        self, qs: QuerySet[Product], text: str, channel: Channel
    ) -> QuerySet[Product]:
        parsed = prepare_query(text)
        if parsed.is_empty:
            return qs.annotate(search_rank=Value(0.0, output_field=FloatField()))
        folded = SearchQuery(parsed.folded_tsquery(), search_type="raw", config=FOLDED_CONFIG)
        qs = qs.annotate(
            search_doc=FilteredRelation(
                "search_documents", condition=Q(search_documents__channel=channel)
            )
        ).filter(search_doc__folded=folded)
        return qs.annotate(search_rank=self._rank(parsed, "search_doc"))

    # -- listing -----------------------------------------------------------------------

    def matching_products(
        self, channel: Channel, spec: ProductFilter, among: QuerySet[Product] | None = None
    ) -> QuerySet[Product]:
        """Visible products matching ``spec``, filtered on their documents (one join with
        indexed columns instead of EXISTS over attribute assignments and stock). Another
        set of products (``among``: staff see hidden ones) goes the catalog's way.

        Products flagged ``search_index_dirty`` (document missing or older than the last
        write) are judged by ``filter_products`` instead, so a listing never lags behind
        the catalog; the flag is indexed and the set is empty between index runs.
        """
        if among is not None:
            return super().matching_products(channel, spec, among)
        compiled = compile_filter(spec)
        parsed = prepare_query(compiled.search)
        if parsed.is_empty:
            # No text: the narrow facet rows decide, as for the total and the facets.
            qs = Product.objects.all()
            where, params = match_sql(channel, compiled, parsed)
            indexed = Q(pk__in=RawSQL(f"SELECT d.product_id FROM {ROWS} d WHERE {where}", params))
        else:
            qs = Product.objects.annotate(
                search_doc=FilteredRelation(
                    "search_documents", condition=Q(search_documents__channel=channel)
                )
            )
            where, params = match_sql(channel, compiled, parsed, alias=DOC_ALIAS)
            indexed = Q(search_doc__is_visible=True) & Q(
                RawSQL(where, params, output_field=BooleanField())
            )
        if has_dirty_products():
            stale = filter_products(
                Product.objects.visible_in(channel).filter(search_index_dirty=True), spec, channel
            ).values("pk")
            dirty = Q(search_index_dirty=True, pk__in=stale)
            if not parsed.is_empty:
                # Text still needs a document, as it always did.
                dirty &= Q(RawSQL(
                    f"{DOC_ALIAS}.folded @@ to_tsquery('{FOLDED_CONFIG}', %s)",
                    [parsed.folded_tsquery()], output_field=BooleanField(),
                ))
            qs = qs.filter((Q(search_index_dirty=False) & indexed) | dirty)
        else:
            qs = qs.filter(indexed)
        if parsed.is_empty:
            return qs.annotate(search_rank=Value(0.0, output_field=FloatField()))
        return qs.annotate(search_rank=self._rank(parsed, DOC_ALIAS))

    def count_matching(
        self, channel: Channel, spec: ProductFilter, among: QuerySet[Product] | None = None
    ) -> int:
        if among is not None:
            return super().count_matching(channel, spec, among)
        if has_dirty_products():
            # Catalog writes do not bump the index generation: count afresh, uncached.
            return self.matching_products(channel, spec).count()

        def count() -> int:
            compiled = compile_filter(spec)
            parsed = prepare_query(compiled.search)
            on_combos = cube_conditions(compiled, parsed)
            if on_combos is not None and cube_ready():
                conditions, params = on_combos
                where = " AND ".join(["d.channel_id = %s"] + [c for _, c in conditions])
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT coalesce(sum(n), 0) FROM {COMBOS} d WHERE {where}",
                        [channel.pk, *params],
                    )
                    return int(cursor.fetchone()[0])
            where, params = match_sql(channel, compiled, parsed)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT count(*) FROM {source_table(parsed)} d WHERE {where}", params
                )
                return cursor.fetchone()[0]

        # Documents alone decide now, so the count follows the index generation.
        return cached("count", (channel.pk, spec_key(spec)), count)

    @staticmethod
    def _rank(parsed: ParsedQuery, relation: str):
        folded = SearchQuery(parsed.folded_tsquery(), search_type="raw", config=FOLDED_CONFIG)
        rank = SearchRank(F(f"{relation}__folded"), folded)
        exact = parsed.exact_tsquery()
        if exact:
            exact_query = SearchQuery(exact, search_type="raw", config=EXACT_CONFIG)
            rank = rank + Value(EXACT_WEIGHT) * SearchRank(F(f"{relation}__exact"), exact_query)
        return rank

    # -- facets ------------------------------------------------------------------------

    def facet_counts(self, channel: Channel, spec: ProductFilter) -> RawFacetCounts:
        # Counts read documents only: cached until the next document write.
        return cached("facets", (channel.pk, spec_key(spec)),
                      lambda: self._facet_counts(channel, spec))

    def _facet_counts(self, channel: Channel, spec: ProductFilter) -> RawFacetCounts:
        compiled = compile_filter(spec)
        parsed = prepare_query(compiled.search)
        on_combos = cube_conditions(compiled, parsed)
        if on_combos is not None and cube_ready():
            sql, params = self._cube_facet_sql(channel, compiled, parsed, *on_combos)
        else:
            sql, params = self._facet_sql(channel, compiled, parsed)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return self._read_facet_rows(rows)

    def _cube_facet_sql(
        self, channel: Channel, compiled: CompiledFilter, parsed: ParsedQuery,
        conditions: list[tuple[str, str]], cond_params: list,
    ) -> tuple[str, list]:
        """Facet counts summed over facet combinations (same rows out as ``_facet_sql``):
        the small keys per combination, producers from their counts (no filter) or from
        the facet rows that meet every condition (producers are never chosen here)."""
        miss, one_miss_at_most = _misses(conditions)
        where = ["d.channel_id = %s", "d.n <> 0"] + one_miss_at_most
        cols = ", ".join(_GROUPED_COLUMNS)
        select_cols = ", ".join(c if c != "in_stock" else "in_stock::int" for c in _GROUPED_COLUMNS)
        sets = ", ".join(["(miss)"] + [f"(miss, {c})" for c in _GROUPED_COLUMNS])
        nulls = ", ".join("NULL" for _ in _GROUPED_COLUMNS)
        args = cond_params + [channel.pk] + (cond_params if len(conditions) > 1 else [])
        if conditions:
            match, match_params = match_sql(channel, compiled, parsed)
            producers = (
                f"SELECT -1, 0, {nulls}, d.producer_id, count(*) FROM {ROWS} d "
                f"WHERE d.producer_id IS NOT NULL AND {match} GROUP BY d.producer_id "
                f"ORDER BY 12 DESC, d.producer_id LIMIT {PRODUCER_FACET_SIZE}"
            )
            args += match_params
        else:
            producers = (
                # In the order of its index: no sort (the output column is a cast).
                f"SELECT -1, 0, {nulls}, pc.producer_id, pc.n::bigint FROM {PRODUCER_COUNTS} pc "
                f"WHERE pc.channel_id = %s AND pc.n > 0 ORDER BY pc.n DESC, pc.producer_id "
                f"LIMIT {PRODUCER_FACET_SIZE}"
            )
            args.append(channel.pk)
        sql = f"""
WITH m AS MATERIALIZED (  -- ``miss`` worked out once per combination, not per grouping set
    SELECT {cols}, d.n, {miss} AS miss FROM {COMBOS} d WHERE {' AND '.join(where)}
)
SELECT GROUPING({cols}) AS g, miss, {select_cols}, NULL::bigint, sum(n)::bigint
FROM m GROUP BY GROUPING SETS ({sets})
UNION ALL
({producers})
"""
        return sql, args

    def _facet_sql(
        self, channel: Channel, compiled: CompiledFilter, parsed: ParsedQuery
    ) -> tuple[str, list]:
        base, params, conditions, cond_params = filter_conditions(channel, compiled, parsed)
        miss, one_miss_at_most = _misses(conditions)
        where = list(base) + one_miss_at_most
        # Price band of a row: 0 below the first bound, i at or above bound i; null price →
        # null band.
        bounds = ",".join(str(lt) for _, lt in PRICE_BUCKETS if lt is not None)
        cols = ", ".join(_GROUPED_COLUMNS)
        select_cols = ", ".join(c if c != "in_stock" else "in_stock::int" for c in _GROUPED_COLUMNS)
        # OCOP keys count only while the certificate is valid: decided once per row (``ok``)
        # and applied to the few thousand key combinations, not to every row.
        valid_cols = ", ".join(
            f"CASE WHEN ok THEN {c} END AS {c}" if c in _OCOP_COLUMNS else c
            for c in _GROUPED_COLUMNS
        )
        sets = ", ".join(["(miss)"] + [f"(miss, {c})" for c in _GROUPED_COLUMNS])
        producer_code = _FACET_ORDER.index("producer") + 1
        selected = sorted(compiled.facet_filters.get("producer") or ())
        nulls = ", ".join("NULL" for _ in _GROUPED_COLUMNS)
        producers = (
            f"SELECT -1, 0, {nulls}, producer_id, count(*) FROM m "
            f"WHERE producer_id IS NOT NULL AND miss IN (0, {producer_code}) "
        )
        # Rows are read once into ``m``; the small facet keys are counted per combination
        # (thousands) and rolled up per facet; producers are counted on their own and only
        # the top ones (and the selected) leave the server.
        sql = f"""
WITH m AS MATERIALIZED (
    SELECT d.ocop_valid_through >= DATE '{timezone.localdate().isoformat()}' AS ok,
           d.star, d.province_id, d.region_id, d.group_l1, d.group_l2, d.group_l3,
           d.producer_id, width_bucket(d.price, ARRAY[{bounds}]) AS price_bucket, d.in_stock,
           {miss} AS miss
    FROM {source_table(parsed)} d
    WHERE {' AND '.join(where)}
), c AS (
    SELECT miss, {valid_cols}, n FROM (
        SELECT miss, ok, {cols}, count(*) AS n FROM m GROUP BY miss, ok, {cols}
    ) AS combos
)
SELECT GROUPING({cols}) AS g, miss, {select_cols}, NULL::bigint, sum(n)::bigint
FROM c GROUP BY GROUPING SETS ({sets})
UNION ALL
({producers} GROUP BY producer_id ORDER BY 12 DESC, producer_id LIMIT {PRODUCER_FACET_SIZE})
"""
        args = cond_params + params + (cond_params if len(conditions) > 1 else [])
        if selected:
            sql += f"UNION ALL\n{producers} AND producer_id = ANY(%s) GROUP BY producer_id\n"
            args.append(selected)
        return sql, args

    @staticmethod
    def _read_facet_rows(rows: list[tuple]) -> RawFacetCounts:
        raw = RawFacetCounts()
        n = len(_GROUPED_COLUMNS)
        full = (1 << n) - 1
        targets = {
            "star": raw.star, "province": raw.province, "region": raw.region,
            "price": raw.price, "in_stock": raw.in_stock, "group": raw.group,
        }
        # GROUPING() sets a bit per column not grouped, the first column highest.
        masks = {full - (1 << (n - 1 - i)): i for i in range(n)}
        for g, miss, *keys_and_count in rows:
            *keys, producer_id, count = keys_and_count
            if g == -1:  # a top (or selected) producer, already counted disjunctively
                raw.producer[producer_id] = count
                continue
            if g == full:
                if miss == 0:
                    raw.total += count
                continue
            i = masks[g]
            facet = _COLUMN_FACETS[i]
            key = keys[i]
            if key is None or miss not in (0, _FACET_ORDER.index(facet) + 1):
                continue
            if facet == "in_stock":
                key = bool(key)
            target = targets[facet]
            target[key] = target.get(key, 0) + count
        return raw

    # -- indexing ----------------------------------------------------------------------

    def stale_product_ids(self) -> list[int]:
        """Products not flagged dirty whose documents disagree with the catalog: a listing
        without its document, a document without its listing, or a document whose
        visibility is not what ``Product.objects.visible_in`` says now."""
        from django.db.models import Exists, OuterRef

        from ..models import ProductSearchDocument

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT l.product_id FROM catalog_productchannellisting l "
                "JOIN catalog_product p ON p.id = l.product_id AND NOT p.search_index_dirty "
                f"WHERE NOT EXISTS (SELECT 1 FROM {TABLE} d WHERE d.product_id = l.product_id "
                "AND d.channel_id = l.channel_id) "
                f"UNION SELECT d.product_id FROM {TABLE} d WHERE NOT EXISTS (SELECT 1 FROM "
                "catalog_productchannellisting l WHERE l.product_id = d.product_id "
                "AND l.channel_id = d.channel_id)"
            )
            stale = {row[0] for row in cursor.fetchall()}
            # Stock written around the signals (bulk updates of a shipment): on hand or not.
            cursor.execute(
                f"SELECT DISTINCT d.product_id FROM {TABLE} d WHERE d.in_stock IS DISTINCT "
                "FROM EXISTS (SELECT 1 FROM warehouse_stock s JOIN catalog_productvariant v "
                "ON v.id = s.product_variant_id WHERE v.product_id = d.product_id "
                "AND s.quantity > 0)"
            )
            stale.update(row[0] for row in cursor.fetchall())
        channel_ids = ProductSearchDocument.objects.values_list("channel_id", flat=True)
        for channel_id in Channel.objects.filter(pk__in=channel_ids).values_list("pk", flat=True):
            visible = Product.objects.visible_in(channel_id).filter(pk=OuterRef("product_id"))
            drifted = (
                ProductSearchDocument.objects.filter(channel_id=channel_id)
                .annotate(should_show=Exists(visible))
                .exclude(is_visible=F("should_show"))
                .values_list("product_id", flat=True)
            )
            stale.update(drifted)
        return sorted(stale)

    def index_products(self, product_ids: Iterable[int]) -> int:
        ids = sorted(set(product_ids))
        if not ids:
            return 0
        docs = build_documents(ids)
        with transaction.atomic(), connection.cursor() as cursor:
            changed = _write_documents(cursor, docs)
            # Listings that went away take their documents with them.
            cursor.execute(
                f"DELETE FROM {TABLE} d WHERE d.product_id = ANY(%s) AND NOT EXISTS ("
                "SELECT 1 FROM unnest(%s::bigint[], %s::bigint[]) AS k(p, c) "
                "WHERE k.p = d.product_id AND k.c = d.channel_id) RETURNING d.product_id",
                [ids, [d.product_id for d in docs], [d.channel_id for d in docs]],
            )
            changed.update(row[0] for row in cursor.fetchall())
            # Only a document that moved invalidates cached listings and facet counts.
            if changed:
                bump_generation()
                bump_product_versions(changed)
        vocabulary.add_to_vocabulary(ids, documents=docs)
        vocabulary.forget_hidden(ids, self.words_in_use, documents=docs)
        return len(docs)

    def words_in_use(self, folded: list[str]) -> set[str]:
        if not folded:
            return set()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT w FROM unnest(%s::text[]) AS w WHERE EXISTS (SELECT 1 FROM {TABLE} d "
                f"WHERE d.is_visible AND d.folded @@ phraseto_tsquery('{FOLDED_CONFIG}', w))",
                [folded],
            )
            return {row[0] for row in cursor.fetchall()}

    def rebuild(self, progress: Progress | None = None, batch_size: int = 1000) -> int:
        ids = all_product_ids()
        written = 0
        for start in range(0, len(ids), batch_size):
            batch = ids[start:start + batch_size]
            with transaction.atomic(), connection.cursor() as cursor:
                # Cleared before reading: a write racing with us marks the product again.
                Product.objects.filter(pk__in=batch).update(search_index_dirty=False)
                docs = build_documents(batch)
                bump_product_versions(_write_documents(cursor, docs))
                bump_generation()
            written += len(docs)
            if progress:
                progress(min(start + batch_size, len(ids)), len(ids))
        # Documents not rewritten belong to listings or products that are gone.
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {TABLE} d WHERE NOT EXISTS (SELECT 1 FROM "
                "catalog_productchannellisting l WHERE l.product_id = d.product_id "
                "AND l.channel_id = d.channel_id)"
            )
            bump_generation()
            cursor.execute(f"ANALYZE {TABLE}")
            cursor.execute(f"ANALYZE {ROWS}")
        vocabulary.refresh_vocabulary()
        return written
