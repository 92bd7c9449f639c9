"""What every backend's facet counts mean, independent of the engine.

``compile_filter`` turns the shared ``ProductFilter`` into the document keys the index
stores (star, province, region, group, producer, price, stock); backends translate that
into SQL or an Elasticsearch query. ``decorate`` turns raw counts into the lists the API
returns (names, tree levels, "selected").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from backend.catalog.filtering import ProductFilter
from backend.core.cache import ProcessCache
from backend.core.money import format_vnd
from backend.ocop.services import ATTR_GROUP as OCOP_GROUP
from backend.ocop.services import ATTR_PROVINCE as OCOP_PROVINCE
from backend.ocop.services import ATTR_REGION as OCOP_REGION
from backend.ocop.services import ATTR_STAR as OCOP_STAR
from backend.ocop.services import OCOP_ATTRIBUTE_SLUGS as OCOP_SLUGS
from backend.ocop.services import star_value_slug as star_slug

# The disjunctive facets, in the order the API lists them.
FACETS = ("region", "province", "star", "group", "price", "producer", "in_stock")
FACET_OF_ATTRIBUTE = {
    OCOP_REGION: "region", OCOP_PROVINCE: "province", OCOP_STAR: "star", OCOP_GROUP: "group",
}

# Price bands in whole đồng: [gte, lt); None = open.
PRICE_BUCKETS: tuple[tuple[int | None, int | None], ...] = (
    (None, 50_000),
    (50_000, 100_000),
    (100_000, 200_000),
    (200_000, 500_000),
    (500_000, 1_000_000),
    (1_000_000, None),
)
PRODUCER_FACET_SIZE = 20


def price_bucket_name(gte: int | None, lt: int | None) -> str:
    if gte is None:
        return f"Dưới {format_vnd(lt)}"
    if lt is None:
        return f"Từ {format_vnd(gte)}"
    return f"{format_vnd(gte)} – {format_vnd(lt)}"


def price_bucket_slug(gte: int | None, lt: int | None) -> str:
    return f"{gte or 0}-{'' if lt is None else lt - 1}"


class _Reference:
    """Slug ↔ id maps of the static OCOP reference data, loaded once per process."""

    def __init__(self) -> None:
        from backend.geo.models import Province, Region
        from backend.ocop.models import ProductGroup

        self.regions = list(Region.objects.order_by("sort_order"))
        self.provinces = list(Province.objects.order_by("code"))
        self.groups = list(ProductGroup.objects.order_by("sort_order"))
        self.region_by_slug = {r.slug: r for r in self.regions}
        self.province_by_slug = {p.slug: p for p in self.provinces}
        self.group_by_slug = {g.slug: g for g in self.groups}
        self.group_by_pk = {g.pk: g for g in self.groups}
        self.region_by_pk = {r.pk: r for r in self.regions}
        self.province_by_pk = {p.pk: p for p in self.provinces}


_reference = ProcessCache(_Reference)


def reference() -> _Reference:
    return _reference.get()


def reset_reference_cache() -> None:
    _reference.reset()


def normalize_ocop_filter_values(attribute_slug: str, values) -> tuple[str, ...]:
    """Value slugs for an OCOP attribute filter, from whatever a client sends:
    "Quảng Nam", "quang-nam" → "da-nang"; "4 sao" → "4-sao"; "I.4.a" → its group slug.

    The rules live in the OCOP domain (``backend.ocop.filters``); the API's filter
    builder and the search backends both go through them, so a value means one thing.
    """
    from backend.ocop.filters import normalize_ocop_filter_values as normalize

    if attribute_slug not in OCOP_SLUGS:
        return tuple(dict.fromkeys(str(v) for v in values or ()))
    return normalize(attribute_slug, [str(v).strip() for v in values or ()])


def normalize_filter(spec: ProductFilter) -> ProductFilter:
    """The same filter with OCOP attribute values in canonical slugs."""
    if not any(slug in spec.attributes for slug in OCOP_SLUGS):
        return spec
    attributes = {
        slug: normalize_ocop_filter_values(slug, values) if slug in OCOP_SLUGS else tuple(values)
        for slug, values in spec.attributes.items()
    }
    return replace(spec, attributes=attributes)


@dataclass(frozen=True)
class CompiledFilter:
    """A ProductFilter in terms of the document's keys. ``None`` = not filtered."""

    facet_filters: dict[str, object] = field(default_factory=dict)
    product_type_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()
    ids: tuple[int, ...] = ()
    slugs: tuple[str, ...] = ()
    # Attributes other than the OCOP four: the backend resolves them in the catalog.
    other_attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    search: str = ""


def compile_filter(spec: ProductFilter) -> CompiledFilter:
    """``facet_filters`` keys: star/province/region/group → set of ids (empty set = an
    unknown value, matches nothing), producer → ids, price → (gte, lte), in_stock → bool."""
    ref = reference()
    spec = normalize_filter(spec)
    facets: dict[str, object] = {}
    others: dict[str, tuple[str, ...]] = {}
    for slug, values in spec.attributes.items():
        if slug == OCOP_STAR:
            facets["star"] = frozenset(
                int(v[0]) for v in values if v in {star_slug(s) for s in (3, 4, 5)}
            )
        elif slug == OCOP_PROVINCE:
            facets["province"] = frozenset(
                ref.province_by_slug[v].pk for v in values if v in ref.province_by_slug
            )
        elif slug == OCOP_REGION:
            facets["region"] = frozenset(
                ref.region_by_slug[v].pk for v in values if v in ref.region_by_slug
            )
        elif slug == OCOP_GROUP:
            facets["group"] = frozenset(
                ref.group_by_slug[v].pk for v in values if v in ref.group_by_slug
            )
        else:
            others[slug] = tuple(values)
    if spec.producer_ids:
        facets["producer"] = frozenset(spec.producer_ids)
    if spec.price_gte is not None or spec.price_lte is not None:
        facets["price"] = (spec.price_gte, spec.price_lte)
    if spec.in_stock is not None:
        facets["in_stock"] = bool(spec.in_stock)
    return CompiledFilter(
        facet_filters=facets,
        product_type_ids=tuple(spec.product_type_ids),
        category_ids=tuple(spec.category_ids),
        ids=tuple(spec.ids),
        slugs=tuple(spec.slugs),
        other_attributes=others,
        search=spec.search,
    )


@dataclass
class RawFacetCounts:
    """What a backend returns: per facet, key → count, plus the total for all filters."""

    region: dict[int, int] = field(default_factory=dict)
    province: dict[int, int] = field(default_factory=dict)
    star: dict[int, int] = field(default_factory=dict)
    group: dict[int, int] = field(default_factory=dict)
    price: dict[int, int] = field(default_factory=dict)  # bucket index → count
    producer: dict[int, int] = field(default_factory=dict)
    in_stock: dict[bool, int] = field(default_factory=dict)
    total: int = 0


def price_bucket_index(price: int | None) -> int | None:
    if price is None:
        return None
    for i, (gte, lt) in enumerate(PRICE_BUCKETS):
        if (gte is None or price >= gte) and (lt is None or price < lt):
            return i
    return None


def decorate(raw: RawFacetCounts, spec: ProductFilter) -> dict:
    """Facet lists for the API: every region, province, star and group node with its count
    (zero included, so the storefront can show them greyed), price bands, the producers
    with most matches (plus any selected), and in-stock."""
    from backend.producers.models import Producer

    ref = reference()
    compiled = compile_filter(spec)
    chosen = compiled.facet_filters
    result: dict = {"total": raw.total}
    result["region"] = [
        {"id": r.pk, "slug": r.slug, "name": r.name, "count": raw.region.get(r.pk, 0),
         "selected": r.pk in chosen.get("region", ())}
        for r in ref.regions
    ]
    result["province"] = [
        {"id": p.pk, "slug": p.slug, "name": p.name, "count": raw.province.get(p.pk, 0),
         "selected": p.pk in chosen.get("province", ())}
        for p in ref.provinces
    ]
    result["star"] = [
        {"id": s, "slug": star_slug(s), "name": f"{s} sao", "count": raw.star.get(s, 0),
         "selected": s in chosen.get("star", ())}
        for s in (3, 4, 5)
    ]
    result["group"] = [
        {"id": g.pk, "slug": g.slug, "code": g.code, "name": g.name, "level": g.level,
         "parent_id": g.parent_id, "count": raw.group.get(g.pk, 0),
         "selected": g.pk in chosen.get("group", ())}
        for g in ref.groups
    ]
    price_choice = chosen.get("price")
    result["price"] = []
    for i, (gte, lt) in enumerate(PRICE_BUCKETS):
        lte = None if lt is None else lt - 1
        result["price"].append({
            "id": i, "slug": price_bucket_slug(gte, lt), "name": price_bucket_name(gte, lt),
            "gte": gte, "lte": lte, "count": raw.price.get(i, 0),
            "selected": price_choice == (gte, lte),
        })
    selected_producers = set(chosen.get("producer", ()))
    top = sorted(raw.producer.items(), key=lambda kv: (-kv[1], kv[0]))[:PRODUCER_FACET_SIZE]
    producer_ids = [pk for pk, _ in top] + sorted(selected_producers - {pk for pk, _ in top})
    names = dict(Producer.objects.filter(pk__in=producer_ids).values_list("pk", "name"))
    result["producer"] = [
        {"id": pk, "slug": str(pk), "name": names.get(pk, ""), "count": raw.producer.get(pk, 0),
         "selected": pk in selected_producers}
        for pk in producer_ids if pk in names
    ]
    result["in_stock"] = [
        {"id": int(v), "slug": "con-hang" if v else "het-hang",
         "name": "Còn hàng" if v else "Hết hàng", "count": raw.in_stock.get(v, 0),
         "selected": chosen.get("in_stock") is v}
        for v in (True, False)
    ]
    return result
