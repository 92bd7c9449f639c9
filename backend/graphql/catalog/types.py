from __future__ import annotations

import graphene
from django.utils import timezone

from backend.core.site import absolute_url
from backend.media.thumbnails import rendition_url

from ..attribute.assigned import Assigned, assigned_field, assigned_list_field
from ..attribute.types import SelectedAttribute
from ..core.connection import CountableConnection
from ..core.context import ChannelContext
from ..core.dataloaders import gather, get_loader, then
from ..core.ids import to_id
from ..core.types import Image, TaxedMoney, TaxedMoneyRange, money
from ..ocop.types import OcopProductInfo
from ..translation.types import (
    CategoryTranslation,
    ProductTranslation,
    ProductVariantTranslation,
    translation_field,
    translation_resolver,
)
from .dataloaders import (
    AttributesByProductTypeIdLoader,
    AttributesByVariantTypeIdLoader,
    AttributeValuesByProductIdLoader,
    AttributeValuesByVariantIdLoader,
    CategoryByIdLoader,
    MediaByProductIdLoader,
    ProductChannelListingLoader,
    ProductTypeByIdLoader,
    QuantityAvailableByVariantIdLoader,
    VariantChannelListingLoader,
    VariantsByProductIdLoader,
)

THUMBNAIL_MAX = 480


class ThumbnailFormatEnum(graphene.Enum):
    ORIGINAL = "ORIGINAL"
    AVIF = "AVIF"
    WEBP = "WEBP"


class VariantAttributeScope(graphene.Enum):
    ALL = "ALL"
    VARIANT_SELECTION = "VARIANT_SELECTION"
    NOT_VARIANT_SELECTION = "NOT_VARIANT_SELECTION"


# Input types Saleor allows as variant selection attributes.
SELECTION_INPUT_TYPES = {"dropdown", "boolean", "numeric"}


def _enum_value(value):
    return getattr(value, "value", value)


def image_url(info, media, size=None, format=None) -> str:
    """``media``'s URL at ``size`` in ``format``: the stored image or its small thumbnail
    when they fit, else a rendition at a snapped size (made once, see media.thumbnails)."""
    fmt = _enum_value(format) or "ORIGINAL"
    if fmt != "AVIF" and size and size <= THUMBNAIL_MAX and media.thumbnail:
        return _absolute(info, media.thumbnail.url)
    if fmt == "ORIGINAL" or (fmt == "WEBP" and not size):
        return _absolute(info, media.image.url) if media.image else ""
    path = rendition_url(media, size, fmt.lower())
    if path is None:
        return _absolute(info, media.image.url) if media.image else ""
    return _absolute(info, path)


def _absolute(info, url: str) -> str:
    return absolute_url(info.context, url)


def _editorjs(text: str | None) -> dict | None:
    if not text:
        return None
    return {"blocks": [{"type": "paragraph", "data": {"text": p}} for p in text.split("\n\n") if p]}


class ProductMedia(graphene.ObjectType):
    id = graphene.ID(required=True)
    alt = graphene.String(required=True)
    sort_order = graphene.Int()
    type = graphene.String(required=True)
    url = graphene.String(
        required=True,
        size=graphene.Int(description="Longest side in pixels, snapped up to a fixed set."),
        format=graphene.Argument(ThumbnailFormatEnum, default_value="ORIGINAL"),
    )

    @staticmethod
    def resolve_id(root, info):
        return to_id("ProductMedia", root.pk)

    @staticmethod
    def resolve_type(root, info):
        return "IMAGE"

    @staticmethod
    def resolve_url(root, info, size=None, format=None):
        return image_url(info, root, size, format)


class ProductType(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_variants = graphene.Boolean(required=True)
    is_shipping_required = graphene.Boolean(required=True)

    @staticmethod
    def resolve_id(root, info):
        return to_id("ProductType", root.pk)


class VariantPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean()
    price = graphene.Field(TaxedMoney)
    price_undiscounted = graphene.Field(TaxedMoney)


class ProductPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean()
    display_gross_prices = graphene.Boolean(required=True)
    price_range = graphene.Field(TaxedMoneyRange)
    price_range_undiscounted = graphene.Field(TaxedMoneyRange)


class ProductVariant(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    sku = graphene.String()
    product = graphene.Field(lambda: Product, required=True)
    pricing = graphene.Field(VariantPricingInfo)
    quantity_available = graphene.Int(description="Units a shopper can buy now.")
    weight_grams = graphene.Int()
    channel = graphene.String()
    translation = translation_field(ProductVariantTranslation)
    attributes = graphene.List(
        graphene.NonNull(SelectedAttribute),
        required=True,
        variant_selection=graphene.Argument(VariantAttributeScope),
        description="The variant's attributes with their values.",
    )
    assigned_attributes = assigned_list_field()
    assigned_attribute = assigned_field()
    media = graphene.List(graphene.NonNull(ProductMedia))

    resolve_translation = staticmethod(translation_resolver("variant", lambda r: r.node))

    @staticmethod
    def _selected(root, info):
        attributes = get_loader(info.context, AttributesByVariantTypeIdLoader)
        values = get_loader(info.context, AttributeValuesByVariantIdLoader).load(root.node.pk)
        # The variant's product was listed before it in nearly every document: use it.
        product = info.context.__dict__.get("_seen", {}).get("product", {}).get(
            root.node.product_id
        )
        if product is None:
            from .dataloaders import ProductByIdLoader

            product = get_loader(info.context, ProductByIdLoader).load(root.node.product_id)
        attrs = attributes.load(product.product_type_id) if product else []
        by_attribute: dict[int, list] = {}
        for value in values:
            by_attribute.setdefault(value.attribute_id, []).append(value)
        return [(a, by_attribute.get(a.pk, [])) for a in attrs]

    @classmethod
    def resolve_attributes(cls, root, info, variant_selection=None):
        scope = _enum_value(variant_selection) or "ALL"
        selected = cls._selected(root, info)
        if scope == "VARIANT_SELECTION":
            return [s for s in selected if s[0].input_type in SELECTION_INPUT_TYPES]
        if scope == "NOT_VARIANT_SELECTION":
            return [s for s in selected if s[0].input_type not in SELECTION_INPUT_TYPES]
        return selected

    @classmethod
    def resolve_assigned_attributes(cls, root, info, limit=100):
        return [Assigned(a, v) for a, v in cls._selected(root, info)][:limit]

    @classmethod
    def resolve_assigned_attribute(cls, root, info, slug):
        return next((Assigned(a, v) for a, v in cls._selected(root, info) if a.slug == slug), None)

    @staticmethod
    def resolve_media(root, info):
        return get_loader(info.context, MediaByProductIdLoader).load(root.node.product_id)

    @staticmethod
    def resolve_id(root, info):
        return to_id("ProductVariant", root.node.pk)

    @staticmethod
    def resolve_name(root, info):
        return root.node.name

    @staticmethod
    def resolve_sku(root, info):
        return root.node.sku

    @staticmethod
    def resolve_weight_grams(root, info):
        return root.node.weight_grams

    @staticmethod
    def resolve_channel(root, info):
        return root.channel.slug if root.channel else None

    @staticmethod
    def resolve_product(root, info):
        from .dataloaders import ProductByIdLoader

        return then(
            get_loader(info.context, ProductByIdLoader).load(root.node.product_id),
            lambda p: ChannelContext(p, root.channel),
        )

    @staticmethod
    def resolve_pricing(root, info):
        if root.channel is None:
            return None
        loader = get_loader(info.context, VariantChannelListingLoader)

        def build(listing):
            if listing is None or listing.price_amount is None:
                return None
            price = money(listing.price_amount, listing.currency)
            return VariantPricingInfo(on_sale=False, price=price, price_undiscounted=price)

        return then(loader.load((root.node.pk, root.channel.pk)), build)

    @staticmethod
    def resolve_quantity_available(root, info):
        if not root.node.track_inventory:
            return None
        return get_loader(info.context, QuantityAvailableByVariantIdLoader).load(root.node.pk)


class Product(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.JSONString(description="Rich text as EditorJS JSON, like Saleor's.")
    seo_title = graphene.String()
    seo_description = graphene.String()
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    channel = graphene.String()
    thumbnail = graphene.Field(
        Image,
        size=graphene.Int(description="Longest side in pixels, snapped up to a fixed set."),
        format=graphene.Argument(ThumbnailFormatEnum, default_value="ORIGINAL"),
    )
    media = graphene.List(graphene.NonNull(ProductMedia))
    translation = translation_field(ProductTranslation)
    product_variants = graphene.relay.ConnectionField(
        lambda: ProductVariantCountableConnection,
        ids=graphene.List(graphene.NonNull(graphene.ID)),
        description="The product's variants, paginated.",
    )
    assigned_attributes = assigned_list_field()
    assigned_attribute = assigned_field()
    category = graphene.Field(lambda: Category)
    product_type = graphene.Field(ProductType, required=True)
    variants = graphene.List(graphene.NonNull(ProductVariant))
    default_variant = graphene.Field(ProductVariant)
    pricing = graphene.Field(ProductPricingInfo)
    is_available = graphene.Boolean(description="Published, purchasable now, priced and in stock.")
    is_available_for_purchase = graphene.Boolean()
    available_for_purchase_at = graphene.DateTime()
    attributes = graphene.List(
        graphene.NonNull(SelectedAttribute),
        required=True,
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    attribute = graphene.Field(
        SelectedAttribute,
        slug=graphene.String(required=True),
        deprecation_reason="Use the `assignedAttribute` field instead.",
    )
    ocop = graphene.Field(
        OcopProductInfo, required=True, description="OCOP star, certificate and origin."
    )
    producer = graphene.Field("backend.graphql.producers.types.Producer")

    resolve_translation = staticmethod(translation_resolver("product", lambda r: r.node))

    @staticmethod
    def resolve_product_variants(root, info, ids=None, **kwargs):
        from ..core.connection import slice_list
        from ..core.ids import from_ids

        wanted = set(from_ids(ids, "ProductVariant")) if ids is not None else None

        def build(variants):
            items = [
                ChannelContext(v, root.channel)
                for v in variants
                if wanted is None or v.pk in wanted
            ]
            return slice_list(items, kwargs, ProductVariantCountableConnection, info)

        return then(get_loader(info.context, VariantsByProductIdLoader).load(root.node.pk), build)

    @classmethod
    def resolve_assigned_attributes(cls, root, info, limit=100):
        return then(
            cls._selected_attributes(root, info),
            lambda selected: [Assigned(a, v) for a, v in selected][:limit],
        )

    @classmethod
    def resolve_assigned_attribute(cls, root, info, slug):
        return then(
            cls._selected_attributes(root, info),
            lambda selected: next((Assigned(a, v) for a, v in selected if a.slug == slug), None),
        )

    @staticmethod
    def resolve_id(root, info):
        return to_id("Product", root.node.pk)

    @staticmethod
    def resolve_name(root, info):
        return root.node.name

    @staticmethod
    def resolve_slug(root, info):
        return root.node.slug

    @staticmethod
    def resolve_description(root, info):
        return root.node.description

    @staticmethod
    def resolve_seo_title(root, info):
        return root.node.seo_title or root.node.name

    @staticmethod
    def resolve_seo_description(root, info):
        return root.node.seo_description or root.node.description_plaintext[:300] or None

    @staticmethod
    def resolve_created(root, info):
        return root.node.created_at

    @staticmethod
    def resolve_updated_at(root, info):
        return root.node.updated_at

    @staticmethod
    def resolve_channel(root, info):
        return root.channel.slug if root.channel else None

    @staticmethod
    def resolve_media(root, info):
        return get_loader(info.context, MediaByProductIdLoader).load(root.node.pk)

    @staticmethod
    def resolve_thumbnail(root, info, size=None, format=None):
        def pick(media):
            if not media:
                return None
            first = media[0]
            if _enum_value(format) in (None, "ORIGINAL") and (size or 0) <= THUMBNAIL_MAX:
                size_ = THUMBNAIL_MAX  # the listing thumbnail (no size: as before)
            else:
                size_ = size
            if not (first.image or first.thumbnail):
                return None
            return Image(url=image_url(info, first, size_, format), alt=first.alt)

        return then(get_loader(info.context, MediaByProductIdLoader).load(root.node.pk), pick)

    @staticmethod
    def resolve_category(root, info):
        if root.node.category_id is None:
            return None
        return get_loader(info.context, CategoryByIdLoader).load(root.node.category_id)

    @staticmethod
    def resolve_product_type(root, info):
        return get_loader(info.context, ProductTypeByIdLoader).load(root.node.product_type_id)

    @staticmethod
    def resolve_variants(root, info):
        return then(
            get_loader(info.context, VariantsByProductIdLoader).load(root.node.pk),
            lambda variants: [ChannelContext(v, root.channel) for v in variants],
        )

    @staticmethod
    def resolve_default_variant(root, info):
        def pick(variants):
            for v in variants:
                if v.pk == root.node.default_variant_id:
                    return ChannelContext(v, root.channel)
            return ChannelContext(variants[0], root.channel) if variants else None

        return then(get_loader(info.context, VariantsByProductIdLoader).load(root.node.pk), pick)

    @staticmethod
    def _variant_prices(root, info):
        """Future of the variants' prices in the channel (None for unpriced ones)."""
        listing_loader = get_loader(info.context, VariantChannelListingLoader)

        def load_prices(variants):
            return gather([listing_loader.load((v.pk, root.channel.pk)) for v in variants])

        return then(
            get_loader(info.context, VariantsByProductIdLoader).load(root.node.pk), load_prices
        )

    @classmethod
    def resolve_pricing(cls, root, info):
        if root.channel is None:
            return None

        def build(listings):
            amounts = [vl.price_amount for vl in listings if vl and vl.price_amount is not None]
            if not amounts:
                return None
            currency = root.channel.currency_code
            price_range = TaxedMoneyRange(
                start=money(min(amounts), currency), stop=money(max(amounts), currency)
            )
            return ProductPricingInfo(
                on_sale=False,
                display_gross_prices=True,
                price_range=price_range,
                price_range_undiscounted=price_range,
            )

        return then(cls._variant_prices(root, info), build)

    @staticmethod
    def _listing(root, info):
        if root.channel is None:
            return None
        loader = get_loader(info.context, ProductChannelListingLoader)
        return loader.load((root.node.pk, root.channel.pk))

    @classmethod
    def resolve_is_available_for_purchase(cls, root, info):
        def check(listing):
            if listing is None or not listing.is_published:
                return False
            at = listing.available_for_purchase_at
            return at is not None and at <= timezone.now()

        return then(cls._listing(root, info), check)

    @classmethod
    def resolve_available_for_purchase_at(cls, root, info):
        return then(
            cls._listing(root, info), lambda listing: listing and listing.available_for_purchase_at
        )

    @classmethod
    def resolve_is_available(cls, root, info):
        if root.channel is None:
            return False
        stock_loader = get_loader(info.context, QuantityAvailableByVariantIdLoader)

        def with_variants(variants):
            return gather(
                [
                    cls.resolve_is_available_for_purchase(root, info),
                    cls._variant_prices(root, info),
                    gather([stock_loader.load(v.pk) if v.track_inventory else 1 for v in variants]),
                ]
            )

        def decide(parts):
            purchasable, prices, stocks = parts
            return bool(purchasable) and any(
                p is not None and p.price_amount is not None and q > 0
                for p, q in zip(prices, stocks, strict=True)
            )

        variants = get_loader(info.context, VariantsByProductIdLoader).load(root.node.pk)
        return then(then(variants, with_variants), decide)

    @staticmethod
    def _selected_attributes(root, info):
        # Asked for by `attributes`, `assignedAttributes` and each `assignedAttribute`
        # alias of the same product: combine once per product and request.
        memo = info.context.__dict__.setdefault("_selected_attributes", {})
        key = root.node.pk
        if key not in memo:
            memo[key] = Product._combine_attributes(root, info)
        return memo[key]

    @staticmethod
    def _combine_attributes(root, info):
        attributes = get_loader(info.context, AttributesByProductTypeIdLoader).load(
            root.node.product_type_id
        )
        values = get_loader(info.context, AttributeValuesByProductIdLoader).load(root.node.pk)

        def combine(parts):
            attrs, vals = parts
            by_attribute: dict[int, list] = {}
            for value in vals:
                by_attribute.setdefault(value.attribute_id, []).append(value)
            return [(a, by_attribute.get(a.pk, [])) for a in attrs]

        return then(gather([attributes, values]), combine)

    @classmethod
    def resolve_attributes(cls, root, info):
        return cls._selected_attributes(root, info)

    @classmethod
    def resolve_attribute(cls, root, info, slug):
        return then(
            cls._selected_attributes(root, info),
            lambda selected: next((s for s in selected if s[0].slug == slug), None),
        )

    @staticmethod
    def resolve_ocop(root, info):
        return root.node

    @staticmethod
    def resolve_producer(root, info):
        return OcopProductInfo._producer(root.node, info)


class ProductCountableConnection(CountableConnection):
    class Meta:
        node = Product


class ProductVariantCountableConnection(CountableConnection):
    class Meta:
        node = ProductVariant


def nested_products_field(description: str) -> graphene.relay.ConnectionField:
    """A ``products`` connection under another type (a category, a producer's shop)."""
    return graphene.relay.ConnectionField(
        ProductCountableConnection,
        channel=graphene.String(description="Slug of a channel (default: vn)."),
        sort_by=graphene.Argument("backend.graphql.catalog.sorters.ProductOrder"),
        filter=graphene.Argument(
            "backend.graphql.catalog.filters.ProductFilterInput",
            deprecation_reason="Use `where` filter instead.",
        ),
        where=graphene.Argument("backend.graphql.catalog.filters.ProductWhereInput"),
        search=graphene.String(description="Search text, Vietnamese with or without diacritics."),
        description=description,
    )


def nested_products_resolver(kind: str):
    """Resolves a nested ``products`` connection: the parent's published products, through
    the same listing path as the root ``products`` query, batched over listed parents."""

    def resolve(root, info, **kwargs):
        from .nested import nested_products

        return nested_products(root, info, kind, **kwargs)

    return resolve


class Category(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    description = graphene.JSONString()
    seo_title = graphene.String()
    seo_description = graphene.String()
    translation = translation_field(CategoryTranslation)
    level = graphene.Int(required=True)
    parent = graphene.Field(lambda: Category)
    ancestors = graphene.List(graphene.NonNull(lambda: Category), required=True)
    children = graphene.relay.ConnectionField(lambda: CategoryCountableConnection)
    background_image = graphene.Field(Image)
    products = nested_products_field("Published products of this category and its subcategories.")

    resolve_translation = staticmethod(translation_resolver("category"))

    @staticmethod
    def resolve_id(root, info):
        return to_id("Category", root.pk)

    @staticmethod
    def resolve_seo_title(root, info):
        return getattr(root, "seo_title", "") or root.name

    @staticmethod
    def resolve_seo_description(root, info):
        return getattr(root, "seo_description", "") or (root.description or "")[:300] or None

    @staticmethod
    def resolve_description(root, info):
        return _editorjs(root.description)

    @staticmethod
    def resolve_parent(root, info):
        return (
            get_loader(info.context, CategoryByIdLoader).load(root.parent_id)
            if root.parent_id
            else None
        )

    @staticmethod
    def resolve_ancestors(root, info):
        ids = [int(x) for x in root.tree_path.strip("/").split("/")[:-1] if x]
        return get_loader(info.context, CategoryByIdLoader).load_many(ids)

    @staticmethod
    def resolve_children(root, info, **kwargs):
        from .nested import category_children

        return category_children(root, info, **kwargs)

    @staticmethod
    def resolve_background_image(root, info):
        image = root.background_image
        return Image(url=_absolute(info, image.url), alt=root.name) if image else None

    resolve_products = staticmethod(nested_products_resolver("category"))


class CategoryCountableConnection(CountableConnection):
    class Meta:
        node = Category
