"""Building the search document of products, whatever the backend stores it in."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from backend.attribute.models import AssignedProductAttributeValue
from backend.catalog.models import Category, Product, ProductChannelListing, ProductVariant
from backend.ocop import rules
from backend.ocop.models import Certification
from backend.ocop.services import CURRENT_FIRST
from backend.translation import services as translation_services
from backend.warehouse.models import Stock

from .facets import OCOP_GROUP, OCOP_PROVINCE, OCOP_REGION, OCOP_SLUGS, OCOP_STAR, reference

# A certification with no end we know of (a reported listing, or attributes assigned
# without a certificate).
NO_END = datetime.date(9999, 12, 31)


@dataclass
class DocumentData:
    product_id: int
    channel_id: int
    slug: str
    is_visible: bool
    name: str
    producer_name: str
    place: str  # province names, current and old, so "quang nam" finds Đà Nẵng's products
    description: str
    star: int | None = None
    province_id: int | None = None
    region_id: int | None = None
    group_ids: list[int] = field(default_factory=list)
    ocop_valid_through: datetime.date | None = None
    producer_id: int | None = None
    product_type_id: int | None = None
    category_ids: list[int] = field(default_factory=list)
    price: int | None = None
    in_stock: bool = False
    # The product's texts in other languages (English first of all), so a foreign visitor
    # finds it with their words: names weigh as the name, SEO texts, descriptions and star
    # tier words as the description, province names as the place.
    translated_name: str = ""
    translated_text: str = ""
    translated_place: str = ""
    # Its translations' (name, other text) as ``translation.services.search_texts`` gives
    # them: the vocabulary reads them from here instead of querying them again.
    translations: list[tuple[str, str]] = field(default_factory=list, repr=False)

    @property
    def search_name(self) -> str:
        return _joined(self.name, self.translated_name)

    @property
    def search_place(self) -> str:
        return _joined(self.place, self.translated_place)

    @property
    def search_description(self) -> str:
        return _joined(self.description, self.translated_text)


def _joined(*texts: str) -> str:
    return "\n".join(t for t in texts if t)


# Star tiers as a foreign visitor types them ("five star", "5-star").
STAR_WORDS = {3: "three-star 3-star", 4: "four-star 4-star", 5: "five-star 5-star"}


def _translated_places(names: dict[str, list[str]], slug: str | None) -> str:
    return " ".join(names.get(f"province:{slug}", [])) if slug else ""


def _translated_text(texts: list[tuple[str, str]], star: int | None) -> str:
    # The star tier is a filter more than a word of the product: the lowest weight.
    return "\n".join([other for _, other in texts if other]
                     + ([STAR_WORDS[star]] if star in STAR_WORDS else []))


class _Current(NamedTuple):
    # What a document reads of a product's current certificate, without model instances.
    valid_until: datetime.date | None
    reevaluation_filed_on: datetime.date | None
    revoked_on: datetime.date | None
    province_id: int | None
    legacy_province_id: int | None

    @property
    def valid_through(self) -> datetime.date | None:
        """``ocop.rules.last_valid_day``: the one validity rule (None = no end known)."""
        return rules.last_valid_day(valid_until=self.valid_until,
                                    reevaluation_filed_on=self.reevaluation_filed_on,
                                    revoked_on=self.revoked_on)


def _any(qs, model, column: str, ids: list[int]):
    """``model.column = ANY(%s)``: one array parameter instead of an IN list of thousands
    of placeholders, which costs more to build than the query takes to run."""
    return qs.extra(where=[f'"{model._meta.db_table}"."{column}" = ANY(%s)'], params=[ids])


def _current_certificates(ids: list[int]) -> dict[int, _Current]:
    """Each product's current certificate (``ocop.services.current_certifications``'s
    order): what its validity is computed from, and where it was certified."""
    rows = (
        _any(Certification.objects, Certification, "product_id", ids)
        .order_by(*CURRENT_FIRST)
        .distinct("product_id")
        .values_list("product_id", "valid_until", "reevaluation_filed_on", "revoked_on",
                     "province_id", "legacy_province_id")
    )
    return {pk: _Current(*rest) for pk, *rest in rows}


def _visible_pairs(ids: list[int], channel_ids: set[int]) -> set[tuple[int, int]]:
    """(product, channel) pairs a visitor may see, by the catalog's one rule."""
    pairs: set[tuple[int, int]] = set()
    for channel_id in channel_ids:
        visible = _any(Product.objects.visible_in(channel_id), Product, "id", ids)
        pairs.update((pk, channel_id) for pk in visible.values_list("pk", flat=True))
    return pairs


def build_documents(product_ids: Iterable[int]) -> list[DocumentData]:
    """One document per product and channel it is listed in; a handful of queries per
    batch whatever its size."""
    from backend.geo.models import LegacyProvince

    ids = list(product_ids)
    if not ids:
        return []
    ref = reference()
    products = list(
        _any(Product.objects, Product, "id", ids).values(
            "id", "slug", "name", "description_plaintext", "producer_id", "product_type_id",
            "category_id", "producer__name", "producer__province_id",
            "producer__legacy_province_id",
        )
    )
    listings: dict[int, list[dict]] = {}
    for row in _any(ProductChannelListing.objects, ProductChannelListing, "product_id", ids).values(
        "product_id", "channel_id", "discounted_price_amount",
    ):
        listings.setdefault(row["product_id"], []).append(row)
    visible = _visible_pairs(ids, {row["channel_id"] for rows in listings.values() for row in rows})
    in_stock = set(
        _any(Stock.objects.filter(quantity__gt=0), ProductVariant, "product_id", ids)
        .values_list("product_variant__product_id", flat=True)
        .distinct()
    )
    attrs: dict[int, dict[str, list[str]]] = {}
    assigned = _any(AssignedProductAttributeValue.objects, AssignedProductAttributeValue,
                    "product_id", ids)
    for product_id, attr_slug, value_slug in assigned.filter(
        value__attribute__slug__in=OCOP_SLUGS
    ).values_list("product_id", "value__attribute__slug", "value__slug"):
        attrs.setdefault(product_id, {}).setdefault(attr_slug, []).append(value_slug)
    certs = _current_certificates(ids)
    category_ids = {p["category_id"] for p in products if p["category_id"]}
    category_paths = dict(
        Category.objects.filter(pk__in=category_ids).values_list("pk", "tree_path")
    )
    legacy_names = dict(LegacyProvince.objects.values_list("pk", "name"))
    translated = translation_services.search_texts("product", ids)
    province_names = translation_services.vocabulary_all_languages("province:")

    docs: list[DocumentData] = []
    for p in products:
        ocop = attrs.get(p["id"], {})
        star = next((int(v[0]) for v in ocop.get(OCOP_STAR, []) if v[:1].isdigit()), None)
        province = next(
            (ref.province_by_slug[v].pk for v in ocop.get(OCOP_PROVINCE, [])
             if v in ref.province_by_slug), None,
        )
        region = next(
            (ref.region_by_slug[v].pk for v in ocop.get(OCOP_REGION, [])
             if v in ref.region_by_slug), None,
        )
        groups = sorted(
            ref.group_by_slug[v].pk for v in ocop.get(OCOP_GROUP, []) if v in ref.group_by_slug
        )
        cert = certs.get(p["id"])
        through = None
        if ocop:
            through = (cert.valid_through if cert else None) or NO_END
        # Where it was certified (the producer's place for a product without a certificate):
        # current and old province names, so "quang nam" finds Đà Nẵng's products.
        if cert is not None and cert.province_id is not None:
            province_id, legacy_id = cert.province_id, cert.legacy_province_id
        else:
            province_id = p["producer__province_id"]
            legacy_id = p["producer__legacy_province_id"]
        places = []
        if province_id:
            places.append(ref.province_by_pk[province_id].name)
        legacy = legacy_names.get(legacy_id)
        if legacy and legacy not in places:
            places.append(legacy)
        path = category_paths.get(p["category_id"], "")
        texts = translated.get(p["id"], [])
        province_slug = getattr(ref.province_by_pk.get(province_id), "slug", None)
        for listing in listings.get(p["id"], []):
            docs.append(DocumentData(
                product_id=p["id"],
                channel_id=listing["channel_id"],
                slug=p["slug"],
                is_visible=(p["id"], listing["channel_id"]) in visible,
                name=p["name"],
                producer_name=p["producer__name"] or "",
                place=" ".join(places),
                description=p["description_plaintext"] or "",
                star=star,
                province_id=province,
                region_id=region,
                group_ids=groups,
                ocop_valid_through=through,
                producer_id=p["producer_id"],
                product_type_id=p["product_type_id"],
                category_ids=[int(x) for x in path.strip("/").split("/") if x],
                price=listing["discounted_price_amount"],
                in_stock=p["id"] in in_stock,
                translated_name="\n".join(name for name, _ in texts if name),
                translated_text=_translated_text(texts, star),
                translated_place=_translated_places(province_names, province_slug),
                translations=texts,
            ))
    return docs
