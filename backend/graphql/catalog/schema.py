from __future__ import annotations

from collections.abc import Callable

import graphene
from django.db.models import FloatField, Q, QuerySet, Value

from backend.catalog.filtering import ProductFilter
from backend.catalog.models import Category as CategoryModel
from backend.catalog.models import Product as ProductModel
from backend.catalog.visibility import sees_hidden_products
from backend.search.api import count_matching, matching_products

from ..core.connection import SortSpec, paginate, validate_connection_args
from ..core.context import ChannelContext, get_channel, requestor
from ..core.dataloaders import remember
from ..core.errors import InvalidArgument
from ..core.ids import from_id, from_ids
from ..translation.types import LanguageCodeEnum, slug_lookup
from .filters import ProductFilterInput, ProductWhereInput, build_product_filter
from .sorters import ProductOrder, apply_product_sort
from .types import (
    Category,
    CategoryCountableConnection,
    Product,
    ProductCountableConnection,
    ProductVariant,
    ProductVariantCountableConnection,
)


def product_listing(
    info, channel_obj, spec: ProductFilter, matches_nothing: bool, sort_by
) -> tuple[QuerySet, SortSpec, Callable[[], int] | None]:
    """The listing queryset for ``spec`` (matching, ranked, sorted), its sort and a cheap
    counter. Every product connection (root, category, shop) reads through here."""
    # Staff who manage products list hidden ones too; everyone else, the visible ones.
    user = requestor(info)
    among = (
        ProductModel.objects.visible_to(user, channel_obj) if sees_hidden_products(user) else None
    )
    if matches_nothing:
        qs = ProductModel.objects.none().annotate(
            search_rank=Value(0.0, output_field=FloatField())
        )
        count = None
    else:
        # The search domain filters (on its documents when it can) and ranks.
        qs = matching_products(channel_obj, spec, among)

        def count() -> int:
            return count_matching(channel_obj, spec, among)

    qs, sort = apply_product_sort(qs, sort_by, channel_obj, searching=bool(spec.search))
    return qs, sort, count


def resolve_product_list(
    info, *, channel=None, sort_by=None, filter=None, where=None, search=None, **pagination
):
    """The root ``products`` connection."""
    channel_obj = get_channel(info, channel)
    validate_connection_args(pagination, info)
    spec, matches_nothing = build_product_filter(
        channel_obj, filter=filter, where=where, search=search
    )
    qs, sort, count = product_listing(info, channel_obj, spec, matches_nothing, sort_by)
    connection = paginate(
        qs,
        pagination,
        sort,
        ProductCountableConnection,
        info,
        count=count,
        wrap=lambda product: ChannelContext(product, channel_obj),
    )
    remember(info.context, "product", (edge.node.node for edge in connection.edges))
    return connection


class CategoryFilterInput(graphene.InputObjectType):
    search = graphene.String()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class ProductVariantFilterInput(graphene.InputObjectType):
    search = graphene.String()
    sku = graphene.List(graphene.NonNull(graphene.String))
    is_preorder = graphene.Boolean()
    updated_at = graphene.Argument("backend.graphql.catalog.schema.DateTimeRangeInput")


class DateTimeRangeInput(graphene.InputObjectType):
    gte = graphene.DateTime()
    lte = graphene.DateTime()


class ProductVariantWhereInput(graphene.InputObjectType):
    ids = graphene.List(graphene.NonNull(graphene.ID))


def _variant_queryset(info, channel_obj):
    from backend.catalog.models import ProductVariant as VariantModel

    visible = ProductModel.objects.visible_to(requestor(info), channel_obj)
    return VariantModel.objects.filter(product__in=visible)


class CatalogQueries(graphene.ObjectType):
    product_variant = graphene.Field(
        ProductVariant,
        id=graphene.ID(),
        sku=graphene.String(),
        channel=graphene.String(description="Slug of a channel (default: vn)."),
        description="Look up a variant by ID or SKU.",
    )
    product_variants = graphene.relay.ConnectionField(
        ProductVariantCountableConnection,
        ids=graphene.List(graphene.NonNull(graphene.ID)),
        channel=graphene.String(description="Slug of a channel (default: vn)."),
        filter=graphene.Argument(ProductVariantFilterInput),
        where=graphene.Argument(ProductVariantWhereInput),
        description="List of the shop's product variants.",
    )
    products = graphene.relay.ConnectionField(
        ProductCountableConnection,
        channel=graphene.String(description="Slug of a channel (default: vn)."),
        filter=graphene.Argument(ProductFilterInput),
        where=graphene.Argument(ProductWhereInput),
        search=graphene.String(description="Search text, Vietnamese with or without diacritics."),
        sort_by=graphene.Argument(ProductOrder),
        description="List of the shop's products.",
    )
    product = graphene.Field(
        Product,
        id=graphene.ID(),
        slug=graphene.String(),
        slug_language_code=graphene.Argument(
            LanguageCodeEnum, description="The language `slug` is given in."
        ),
        channel=graphene.String(),
        description="Look up a product by ID or slug.",
    )
    categories = graphene.relay.ConnectionField(
        CategoryCountableConnection,
        filter=graphene.Argument(CategoryFilterInput),
        level=graphene.Int(description="Only categories at this depth (0 = top level)."),
    )
    category = graphene.Field(
        Category,
        id=graphene.ID(),
        slug=graphene.String(),
        slug_language_code=graphene.Argument(
            LanguageCodeEnum, description="The language `slug` is given in."
        ),
    )

    @staticmethod
    def resolve_product_variant(root, info, id=None, sku=None, channel=None):
        channel_obj = get_channel(info, channel)
        if bool(id) == bool(sku):
            raise InvalidArgument("Provide exactly one of `id` or `sku`.")
        lookup = {"pk": from_id(id, "ProductVariant")} if id else {"sku": sku}
        variant = _variant_queryset(info, channel_obj).filter(**lookup).first()
        return ChannelContext(variant, channel_obj) if variant is not None else None

    @staticmethod
    def resolve_product_variants(
        root, info, ids=None, channel=None, filter=None, where=None, **kwargs
    ):
        channel_obj = get_channel(info, channel)
        validate_connection_args(kwargs, info)
        qs = _variant_queryset(info, channel_obj)
        if ids is not None:
            qs = qs.filter(pk__in=from_ids(ids, "ProductVariant"))
        if where and where.get("ids") is not None:
            qs = qs.filter(pk__in=from_ids(where["ids"], "ProductVariant"))
        if filter:
            if filter.get("sku") is not None:
                qs = qs.filter(sku__in=filter["sku"])
            if filter.get("search"):
                text = filter["search"]
                qs = qs.filter(Q(name__unaccent__icontains=text) | Q(sku__icontains=text)
                               | Q(product__name__unaccent__icontains=text))
            if filter.get("is_preorder"):
                qs = qs.none()  # no preorders on this marketplace
            updated = filter.get("updated_at") or {}
            if updated.get("gte"):
                qs = qs.filter(updated_at__gte=updated["gte"])
            if updated.get("lte"):
                qs = qs.filter(updated_at__lte=updated["lte"])
        connection = paginate(
            qs, kwargs, SortSpec(["pk"]), ProductVariantCountableConnection, info,
            wrap=lambda v: ChannelContext(v, channel_obj),
        )
        remember(info.context, "variant", (edge.node.node for edge in connection.edges))
        return connection

    @staticmethod
    def resolve_products(root, info, **kwargs):
        return resolve_product_list(info, **kwargs)

    @staticmethod
    def resolve_product(root, info, id=None, slug=None, channel=None, slug_language_code=None):
        channel_obj = get_channel(info, channel)
        if bool(id) == bool(slug):
            raise InvalidArgument("Provide exactly one of `id` or `slug`.")
        lookup = (
            {"pk": from_id(id, "Product")} if id
            else slug_lookup("product", slug, slug_language_code)
        )
        visible = ProductModel.objects.visible_to(requestor(info), channel_obj)
        product = visible.filter(**lookup).first()
        if product is None:
            return None
        remember(info.context, "product", [product])
        return ChannelContext(product, channel_obj)

    @staticmethod
    def resolve_categories(root, info, filter=None, level=None, **kwargs):
        qs = CategoryModel.objects.all()
        if level is not None:
            qs = qs.filter(level=level)
        if filter:
            if filter.get("search"):
                qs = qs.filter(name__unaccent__icontains=filter["search"])
            if filter.get("ids") is not None:
                qs = qs.filter(pk__in=from_ids(filter["ids"], "Category"))
            if filter.get("slugs") is not None:
                qs = qs.filter(slug__in=filter["slugs"])
        connection = paginate(
            qs, kwargs, SortSpec(["tree_path", "pk"]), CategoryCountableConnection, info
        )
        remember(info.context, "category", (edge.node for edge in connection.edges))
        return connection

    @staticmethod
    def resolve_category(root, info, id=None, slug=None, slug_language_code=None):
        if bool(id) == bool(slug):
            raise InvalidArgument("Provide exactly one of `id` or `slug`.")
        lookup = (
            {"pk": from_id(id, "Category")} if id
            else slug_lookup("category", slug, slug_language_code)
        )
        category = CategoryModel.objects.filter(**lookup).first()
        if category is not None:
            remember(info.context, "category", [category])
        return category


__all__ = ["CatalogQueries", "product_listing", "resolve_product_list", "ProductModel"]
