"""GraphQL filter inputs in Saleor's shapes (``filter`` and the newer ``where``), turned
into the domain's ProductFilter so the API, storefront and search agree on meaning."""

from __future__ import annotations

import graphene

from backend.catalog.filtering import ProductFilter
from backend.channel.models import Channel
from backend.core.money import MAX_AMOUNT
from backend.core.text import nfc
from backend.ocop.filters import normalize_ocop_filter_values
from backend.ocop.services import OCOP_ATTRIBUTE_SLUGS

from ..core.errors import InvalidArgument
from ..core.ids import from_ids

# What one listing's filter may name in all (filter, where and nested AND together), so
# the SQL built from the largest filter allowed stays fast.
MAX_FILTER_ATTRIBUTES = 20
MAX_FILTER_ATTRIBUTE_VALUES = 500
MAX_FILTER_VALUES = 100


class StockAvailability(graphene.Enum):
    IN_STOCK = "IN_STOCK"
    OUT_OF_STOCK = "OUT_OF_STOCK"


class PriceRangeInput(graphene.InputObjectType):
    gte = graphene.Float(description="Price greater than or equal to (đồng).")
    lte = graphene.Float(description="Price less than or equal to (đồng).")


class AttributeInput(graphene.InputObjectType):
    slug = graphene.String(required=True, description="Attribute slug, e.g. ocop-star.")
    values = graphene.List(
        graphene.NonNull(graphene.String),
        description="Value slugs; for OCOP attributes also names ('Quảng Nam', '4 sao').",
    )


class ProductFilterInput(graphene.InputObjectType):
    attributes = graphene.List(graphene.NonNull(AttributeInput))
    categories = graphene.List(graphene.NonNull(graphene.ID))
    product_types = graphene.List(graphene.NonNull(graphene.ID))
    producers = graphene.List(
        graphene.NonNull(graphene.ID), description="Producer IDs (extension)."
    )
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))
    price = graphene.Field(PriceRangeInput)
    minimal_price = graphene.Field(PriceRangeInput)
    stock_availability = graphene.Field(StockAvailability)
    search = graphene.String()


class StringFilterInput(graphene.InputObjectType):
    eq = graphene.String()
    one_of = graphene.List(graphene.NonNull(graphene.String))


class GlobalIDFilterInput(graphene.InputObjectType):
    eq = graphene.ID()
    one_of = graphene.List(graphene.NonNull(graphene.ID))


class DecimalFilterInput(graphene.InputObjectType):
    eq = graphene.Float()
    one_of = graphene.List(graphene.NonNull(graphene.Float))
    range = graphene.Field(PriceRangeInput)


class AttributeValueWhereInput(graphene.InputObjectType):
    slug = graphene.Field(StringFilterInput)
    name = graphene.Field(StringFilterInput)


class AttributeWhereInput(graphene.InputObjectType):
    slug = graphene.String(required=True)
    value = graphene.Field(AttributeValueWhereInput)


class ProductWhereInput(graphene.InputObjectType):
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slug = graphene.Field(StringFilterInput)
    product_type = graphene.Field(GlobalIDFilterInput)
    category = graphene.Field(GlobalIDFilterInput)
    producer = graphene.Field(GlobalIDFilterInput, description="Extension: a producer's shop.")
    price = graphene.Field(DecimalFilterInput)
    minimal_price = graphene.Field(DecimalFilterInput)
    attributes = graphene.List(graphene.NonNull(AttributeWhereInput))
    stock_availability = graphene.Field(StockAvailability)
    AND = graphene.List(graphene.NonNull(lambda: ProductWhereInput))
    OR = graphene.List(graphene.NonNull(lambda: ProductWhereInput))


def _enum_value(value):
    # graphene 3 passes enum members for enum inputs.
    return getattr(value, "value", value)


def _one_of(value: dict | None) -> list:
    if not value:
        return []
    if value.get("eq") is not None:
        return [value["eq"]]
    return list(value.get("one_of") or [])


def _whole_dong(value: float | None, argument: str) -> int | None:
    if value is None:
        return None
    if not 0 <= value <= MAX_AMOUNT or value != int(value):
        raise InvalidArgument(
            f"`{argument}` must be a whole, non-negative number of đồng (at most "
            f"{MAX_AMOUNT:,}); got {value}."
        )
    return int(value)


class _Builder:
    def __init__(self) -> None:
        self.attributes: dict[str, set[str]] = {}
        self.category_ids: set[int] = set()
        self.product_type_ids: set[int] = set()
        self.producer_ids: set[int] = set()
        self.ids: list[int] | None = None
        self.slugs: list[str] | None = None
        self.price_gte: int | None = None
        self.price_lte: int | None = None
        self.in_stock: bool | None = None
        self.search = ""
        self.attribute_values = 0

    def add_attribute(self, slug: str, values: list[str]) -> None:
        # Counted before any value is resolved: nested AND may repeat entries.
        self.attribute_values += len(values)
        if self.attribute_values > MAX_FILTER_ATTRIBUTE_VALUES:
            raise InvalidArgument(
                f"Bộ lọc thuộc tính nêu quá {MAX_FILTER_ATTRIBUTE_VALUES} giá trị; hãy bỏ bớt."
            )
        if slug not in self.attributes and len(self.attributes) >= MAX_FILTER_ATTRIBUTES:
            raise InvalidArgument(
                f"Bộ lọc nêu quá {MAX_FILTER_ATTRIBUTES} thuộc tính; hãy bỏ bớt thuộc tính."
            )
        values = [nfc(v) for v in values if nfc(v)]
        if slug in OCOP_ATTRIBUTE_SLUGS:
            values = list(normalize_ocop_filter_values(slug, values))
        if slug in self.attributes:
            self.attributes[slug] &= set(values)  # both inputs name it: both must hold
        else:
            self.attributes[slug] = set(values)

    def restrict_ids(self, ids: list[int]) -> None:
        self.ids = ids if self.ids is None else [i for i in self.ids if i in set(ids)]

    def restrict_slugs(self, slugs: list[str]) -> None:
        self.slugs = slugs if self.slugs is None else [s for s in self.slugs if s in set(slugs)]

    def price(self, rng: dict | None, argument: str) -> None:
        if not rng:
            return
        gte = _whole_dong(rng.get("gte"), f"{argument}.gte")
        lte = _whole_dong(rng.get("lte"), f"{argument}.lte")
        if gte is not None:
            self.price_gte = max(gte, self.price_gte or 0)
        if lte is not None:
            self.price_lte = lte if self.price_lte is None else min(lte, self.price_lte)

    def build(self) -> ProductFilter:
        return ProductFilter(
            attributes={k: tuple(sorted(v)) for k, v in self.attributes.items()},
            category_ids=tuple(sorted(self.category_ids)),
            product_type_ids=tuple(sorted(self.product_type_ids)),
            producer_ids=tuple(sorted(self.producer_ids)),
            ids=tuple(self.ids) if self.ids is not None else (),
            slugs=tuple(self.slugs) if self.slugs is not None else (),
            price_gte=self.price_gte,
            price_lte=self.price_lte,
            in_stock=self.in_stock,
            search=self.search,
        )

    def check_size(self) -> None:
        """``filter`` and ``where`` (with nested ``AND``) together name at most
        MAX_FILTER_VALUES ids, slugs or values of each kind."""
        named = {
            "categories": self.category_ids, "productTypes": self.product_type_ids,
            "producers": self.producer_ids, "ids": self.ids or (), "slugs": self.slugs or (),
            **{f"attributes.{k}": v for k, v in self.attributes.items()},
        }
        for name, values in named.items():
            if len(values) > MAX_FILTER_VALUES:
                raise InvalidArgument(
                    f"Bộ lọc `{name}` có {len(values)} giá trị; tối đa {MAX_FILTER_VALUES}."
                )

    @property
    def matches_nothing(self) -> bool:
        return self.ids == [] or self.slugs == [] or any(not v for v in self.attributes.values())


def _apply_filter(b: _Builder, f: dict) -> None:
    for attr in f.get("attributes") or []:
        b.add_attribute(attr["slug"], attr.get("values") or [])
    b.category_ids |= set(from_ids(f.get("categories"), "Category"))
    b.product_type_ids |= set(from_ids(f.get("product_types"), "ProductType"))
    b.producer_ids |= set(from_ids(f.get("producers"), "Producer"))
    if f.get("ids") is not None:
        b.restrict_ids(from_ids(f["ids"], "Product"))
    if f.get("slugs") is not None:
        b.restrict_slugs(list(f["slugs"]))
    b.price(f.get("price"), "filter.price")
    b.price(f.get("minimal_price"), "filter.minimalPrice")
    if f.get("stock_availability"):
        b.in_stock = _enum_value(f["stock_availability"]) == "IN_STOCK"
    if f.get("search"):
        b.search = nfc(f["search"])


def _apply_where(b: _Builder, w: dict) -> None:
    if w.get("OR"):
        raise InvalidArgument("`where.OR` is not supported yet; use separate queries.")
    if w.get("ids") is not None:
        b.restrict_ids(from_ids(w["ids"], "Product"))
    if w.get("slug"):
        b.restrict_slugs(_one_of(w["slug"]))
    b.category_ids |= set(from_ids(_one_of(w.get("category")), "Category"))
    b.product_type_ids |= set(from_ids(_one_of(w.get("product_type")), "ProductType"))
    b.producer_ids |= set(from_ids(_one_of(w.get("producer")), "Producer"))
    for key in ("price", "minimal_price"):
        value = w.get(key)
        if value:
            if value.get("range"):
                b.price(value["range"], f"where.{key}.range")
            if value.get("eq") is not None:
                b.price({"gte": value["eq"], "lte": value["eq"]}, f"where.{key}.eq")
    for attr in w.get("attributes") or []:
        value = attr.get("value") or {}
        slugs = _one_of(value.get("slug")) or _one_of(value.get("name"))
        b.add_attribute(attr["slug"], slugs)
    if w.get("stock_availability"):
        b.in_stock = _enum_value(w["stock_availability"]) == "IN_STOCK"
    for nested in w.get("AND") or []:
        _apply_where(b, nested)


def build_product_filter(
    channel: Channel,
    filter: dict | None = None,
    where: dict | None = None,
    search: str | None = None,
    base: dict | None = None,
) -> tuple[ProductFilter, bool]:
    """The domain filter for these inputs, and whether it can match nothing at all.

    ``base`` (a category's or a shop's own restriction) is the server's, not a client's,
    so it is outside the caps on what the inputs may name.
    """
    b = _Builder()
    if filter:
        _apply_filter(b, filter)
    if where:
        _apply_where(b, where)
    b.check_size()
    for key, value in (base or {}).items():
        getattr(b, key).update(value)
    if search:
        b.search = nfc(search)
    return b.build(), b.matches_nothing
