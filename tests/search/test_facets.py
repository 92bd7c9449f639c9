"""Facet counts against a brute-force count over the same data, for random filters.

The brute force uses the catalog's own ``filter_products`` (the shared meaning of a
filter) and reads each product's OCOP values from its attributes, price from its listing
and stock from its stock rows — nothing from the search index.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import replace

import pytest

from backend.catalog.filtering import ProductFilter, filter_products
from backend.catalog.models import Product

ADDRESSES = [
    "xã Ninh Gia, tỉnh Lâm Đồng", "tỉnh Quảng Nam", "tỉnh Khánh Hòa", "tỉnh Sơn La",
    "tỉnh Cà Mau", "thành phố Hà Nội", "tỉnh Bến Tre", "tỉnh Thanh Hóa",
]
NAMES = [
    "Mật ong hoa cà phê", "Trà shan tuyết", "Nước mắm cá cơm", "Bánh tráng mè",
    "Cà phê rang xay", "Gạo ST25", "Mắm tôm", "Trà atiso", "Bánh pía sầu riêng",
    "Nước cốt chanh dây", "Mật ong rừng", "Tinh dầu sả",
]
GROUPS = ["I.2.b", "I.5.a", "I.4.a", "I.3.b", "I.6", "I.2.a", "III.3", "II.2.b"]
SEARCHES = ["", "", "mat ong", "tra", "banh", "nuoc"]


@pytest.fixture
def random_catalog(search_backend, make_product, producer_in, reindex):
    rng = random.Random(20260522)
    today = datetime.date.today()
    producers = [producer_in(a) for a in ADDRESSES]
    for i in range(48):
        star = rng.choice([None, 3, 3, 4, 4, 5])
        expired = star is not None and rng.random() < 0.15
        make_product(
            f"{rng.choice(NAMES)} {i}",
            producer=rng.choice(producers),
            price=rng.choice([30_000, 49_999, 50_000, 85_000, 120_000, 250_000, 600_000,
                              1_500_000]),
            star=star,
            group=rng.choice(GROUPS),
            quantity=rng.choice([0, 5, 10]),
            published=rng.random() > 0.1,
            # 40 months ago: the certificate has lapsed, its OCOP attributes are gone.
            decision_date=today - datetime.timedelta(days=1220) if expired else None,
        )
    reindex(search_backend)
    return producers


def _facts(channel):
    """Per visible product: its facet keys, read from the catalog itself."""
    from backend.attribute.models import AssignedProductAttributeValue
    from backend.catalog.models import ProductChannelListing
    from backend.search.facets import price_bucket_index, reference
    from backend.warehouse.models import Stock

    ref = reference()
    facts: dict[int, dict] = {}
    for pk, producer_id in Product.objects.visible_in(channel).values_list("pk", "producer_id"):
        facts[pk] = {"producer": producer_id, "star": None, "province": None,
                     "region": None, "group": set()}
    for pk, attr, slug in AssignedProductAttributeValue.objects.filter(
        product_id__in=facts
    ).values_list("product_id", "value__attribute__slug", "value__slug"):
        f = facts[pk]
        if attr == "ocop-star":
            f["star"] = int(slug[0])
        elif attr == "ocop-province":
            f["province"] = ref.province_by_slug[slug].pk
        elif attr == "ocop-region":
            f["region"] = ref.region_by_slug[slug].pk
        elif attr == "ocop-group":
            f["group"].add(ref.group_by_slug[slug].pk)
    for pk, price in ProductChannelListing.objects.filter(
        product_id__in=facts, channel=channel
    ).values_list("product_id", "discounted_price_amount"):
        facts[pk]["price"] = price_bucket_index(price)
    stocked = set(Stock.objects.filter(quantity__gt=0).values_list(
        "product_variant__product_id", flat=True))
    for pk, f in facts.items():
        f["in_stock"] = pk in stocked
    return facts


def _matching(channel, spec: ProductFilter) -> set[int]:
    from backend.search.api import normalize_filter, search_products

    qs = Product.objects.visible_in(channel)
    if spec.search:
        qs = search_products(qs, spec.search, channel)
    return set(filter_products(qs, normalize_filter(spec), channel).values_list("pk", flat=True))


def _without(spec: ProductFilter, facet: str) -> ProductFilter:
    attribute = {"region": "ocop-region", "province": "ocop-province", "star": "ocop-star",
                 "group": "ocop-group"}.get(facet)
    if attribute:
        return spec.without_attribute(attribute)
    if facet == "price":
        return spec.without_price()
    if facet == "producer":
        return replace(spec, producer_ids=())
    return replace(spec, in_stock=None)


def _random_spec(rng: random.Random, producers) -> ProductFilter:
    from backend.search.facets import PRICE_BUCKETS, reference

    ref = reference()
    attributes: dict[str, tuple[str, ...]] = {}
    if rng.random() < 0.35:
        attributes["ocop-region"] = tuple(rng.sample([r.slug for r in ref.regions], 2))
    if rng.random() < 0.35:
        # Old names and new slugs alike.
        attributes["ocop-province"] = tuple(rng.sample(
            ["lam-dong", "Quảng Nam", "khanh-hoa", "son-la", "ca-mau", "ha-noi", "bến tre"], 2))
    if rng.random() < 0.4:
        attributes["ocop-star"] = tuple(rng.sample(["3-sao", "4-sao", "5-sao"], rng.randint(1, 2)))
    if rng.random() < 0.35:
        attributes["ocop-group"] = (rng.choice(["i-thuc-pham", "I.2", "I.2.b", "III", "I.4.a"]),)
    spec = ProductFilter(attributes=attributes, search=rng.choice(SEARCHES))
    if rng.random() < 0.35:
        gte, lt = rng.choice(PRICE_BUCKETS)
        spec = replace(spec, price_gte=gte, price_lte=None if lt is None else lt - 1)
    if rng.random() < 0.3:
        spec = replace(spec, producer_ids=tuple(p.pk for p in rng.sample(producers, 3)))
    if rng.random() < 0.3:
        spec = replace(spec, in_stock=rng.random() < 0.7)
    return spec


def _counts(result: dict, facet: str) -> dict:
    return {entry["id"]: entry["count"] for entry in result[facet] if entry["count"]}


def test_facet_counts_match_brute_force(random_catalog, channel):
    from backend.search.api import facet_counts

    facts = _facts(channel)
    rng = random.Random(7)
    checked_nonempty = 0
    for _ in range(30):
        spec = _random_spec(rng, random_catalog)
        result = facet_counts(channel, spec)
        assert result["total"] == len(_matching(channel, spec)), spec
        for facet in ("region", "province", "star", "group", "price", "producer", "in_stock"):
            expected: dict = {}
            for pk in _matching(channel, _without(spec, facet)):
                keys = facts[pk][facet]
                for key in keys if isinstance(keys, set) else [keys]:
                    if key is None:
                        continue
                    key = int(key) if facet == "in_stock" else key
                    expected[key] = expected.get(key, 0) + 1
            assert _counts(result, facet) == expected, (facet, spec)
            checked_nonempty += bool(expected)
    assert checked_nonempty > 100  # the random filters did not all come out empty


def test_counts_are_disjunctive(random_catalog, channel):
    """Choosing 4 sao still shows how many 3 and 5 sao products there are."""
    from backend.search.api import facet_counts

    everything = facet_counts(channel, ProductFilter())
    four = facet_counts(channel, ProductFilter(attributes={"ocop-star": ("4-sao",)}))
    assert {s["slug"]: s["count"] for s in four["star"]} == {
        s["slug"]: s["count"] for s in everything["star"]}
    assert [s["selected"] for s in four["star"]] == [False, True, False]
    assert four["total"] == next(s["count"] for s in everything["star"] if s["slug"] == "4-sao")
    assert sum(r["count"] for r in four["region"]) == four["total"]


def test_only_valid_certifications_count_in_ocop_facets(random_catalog, channel):
    from backend.search.api import facet_counts

    result = facet_counts(channel, ProductFilter())
    certified = sum(1 for f in _facts(channel).values() if f["star"] is not None)
    assert sum(s["count"] for s in result["star"]) == certified
    assert sum(r["count"] for r in result["region"]) == certified
    assert result["total"] == len(_facts(channel)) > certified
    top = [g for g in result["group"] if g["level"] == 1]
    assert sum(g["count"] for g in top) == certified
