from __future__ import annotations

from collections.abc import Callable

import graphene
from django.db.models import FloatField, QuerySet, Value

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
from .filters import ProductFilterInput, ProductWhereInput, build_product_filter
from .sorters import ProductOrder, apply_product_sort
from .types import Category, CategoryCountableConnection, Product, ProductCountableConnection


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


class CatalogQueries(graphene.ObjectType):
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
        channel=graphene.String(),
        description="Look up a product by ID or slug.",
    )
    categories = graphene.relay.ConnectionField(
        CategoryCountableConnection,
        filter=graphene.Argument(CategoryFilterInput),
        level=graphene.Int(description="Only categories at this depth (0 = top level)."),
    )
    category = graphene.Field(Category, id=graphene.ID(), slug=graphene.String())

    @staticmethod
    def resolve_products(root, info, **kwargs):
        return resolve_product_list(info, **kwargs)

    @staticmethod
    def resolve_product(root, info, id=None, slug=None, channel=None):
        channel_obj = get_channel(info, channel)
        if bool(id) == bool(slug):
            raise InvalidArgument("Provide exactly one of `id` or `slug`.")
        lookup = {"pk": from_id(id, "Product")} if id else {"slug": slug}
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
    def resolve_category(root, info, id=None, slug=None):
        if bool(id) == bool(slug):
            raise InvalidArgument("Provide exactly one of `id` or `slug`.")
        lookup = {"pk": from_id(id, "Category")} if id else {"slug": slug}
        category = CategoryModel.objects.filter(**lookup).first()
        if category is not None:
            remember(info.context, "category", [category])
        return category


__all__ = ["CatalogQueries", "product_listing", "resolve_product_list", "ProductModel"]
