"""Portal pages for products: the list (with stock at a glance), create, edit variants,
prices, weights, stock and phone photos, publish. Every write is a call into
``backend.sellers.catalog`` (the same functions the API's mutations call)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from backend.catalog.models import (
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductVariant,
    ProductVariantChannelListing,
)
from backend.channel.models import get_default_channel
from backend.core.text import fold_key
from backend.sellers import catalog as seller_catalog
from backend.sellers.roles import Capability
from backend.warehouse.models import Stock

from .context import PortalContext, portal_view
from .forms import Outcome

PAGE_SIZE = 50


def _own_product(portal: PortalContext, pk: int) -> Product:
    product = Product.objects.filter(pk=pk, producer=portal.producer).first()
    if product is None:
        raise Http404("Không có sản phẩm này trong gian hàng.")
    return product


def _variants_with_prices(product: Product, channel) -> list[ProductVariant]:
    variants = list(product.variants.order_by("sort_order", "pk").prefetch_related(
        Prefetch("channel_listings",
                 queryset=ProductVariantChannelListing.objects.filter(channel=channel)),
        "stocks"))
    for variant in variants:
        listing = next(iter(variant.channel_listings.all()), None)
        variant.price = listing.price_amount if listing else None
        variant.quantity = sum(s.quantity for s in variant.stocks.all())
        variant.allocated = sum(s.quantity_allocated for s in variant.stocks.all())
    return variants


@portal_view(Capability.MANAGE_STOCK)
def product_list(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    channel = get_default_channel()
    qs = Product.objects.filter(producer=portal.producer).order_by("name_sort", "pk")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        qs = qs.filter(name_key__contains=fold_key(query))
    page = Paginator(qs.only("pk", "name", "slug"), PAGE_SIZE).get_page(request.GET.get("trang"))
    ids = [p.pk for p in page.object_list]
    listings = dict(ProductChannelListing.objects.filter(product_id__in=ids, channel=channel)
                    .values_list("product_id", "is_published"))
    prices = dict(ProductChannelListing.objects.filter(product_id__in=ids, channel=channel)
                  .values_list("product_id", "discounted_price_amount"))
    stock = dict(Stock.objects.filter(product_variant__product_id__in=ids)
                 .values_list("product_variant__product_id").annotate(q=Sum("quantity")))
    hidden = set(Product.objects.filter(pk__in=ids, moderation__is_hidden=True)
                 .values_list("pk", flat=True))
    thumbs = {}
    for media in ProductMedia.objects.filter(product_id__in=ids).order_by("sort_order", "pk"):
        thumbs.setdefault(media.product_id, media)
    english = _translated(ids, "en")
    rows = [{"product": p, "published": listings.get(p.pk, False), "price": prices.get(p.pk),
             "stock": stock.get(p.pk, 0), "hidden": p.pk in hidden, "thumb": thumbs.get(p.pk),
             "english": p.pk in english}
            for p in page.object_list]
    return render(request, "portal/products/list.html", {
        "portal": portal, "rows": rows, "page": page, "q": query, "noindex": True})


def _translated(ids: list[int], language: str) -> set[int]:
    """Which of these products have a name in ``language`` (the list's badge)."""
    from backend.translation.models import Translation

    return set(Translation.objects.filter(kind="product", object_id__in=ids, key="",
                                          language_code=language).exclude(name="")
               .values_list("object_id", flat=True))


def _photo(request: HttpRequest, name: str = "photo"):
    upload = request.FILES.get(name)
    return upload if upload and upload.size else None


@portal_view(Capability.MANAGE_LISTINGS)
def product_create(request: HttpRequest, portal: PortalContext) -> HttpResponse:
    outcome, values = Outcome(), {}
    if request.method == "POST":
        values = request.POST
        try:
            with transaction.atomic():
                product = _create(request, portal, outcome)
                if not outcome.ok:
                    raise _Rollback
        except _Rollback:
            pass
        else:
            return redirect("portal:product_edit", pk=product.pk)
    return render(request, "portal/products/create.html", {
        "portal": portal, "errors": outcome.errors, "values": values, "noindex": True},
        status=400 if outcome.errors else 200)


class _Rollback(Exception):
    pass


def _create(request: HttpRequest, portal: PortalContext, outcome: Outcome):
    user, post, channel = request.user, request.POST, get_default_channel()
    product = outcome.run(
        seller_catalog.create_product, user, portal.producer, name=post.get("name", ""),
        description=post.get("description", ""), variant_name=post.get("variant_name", ""),
        weight=post.get("weight") or None, sku=post.get("sku") or None)
    if product is None:
        return None
    variant = product.default_variant
    if post.get("price"):
        outcome.run(seller_catalog.set_price, user, variant, channel, post["price"])
    else:
        outcome.errors.setdefault("price", []).append("Hãy nhập giá bán (đồng).")
    if post.get("quantity", "") != "":
        outcome.run(seller_catalog.set_stocks, user, variant, [(None, post["quantity"])])
    if _photo(request):
        outcome.run(seller_catalog.add_media, user, product, _photo(request))
    if post.get("publish") and outcome.ok:
        outcome.run(seller_catalog.set_publication, user, product, channel, is_published=True)
    return product


@portal_view(Capability.MANAGE_STOCK)
def product_edit(request: HttpRequest, portal: PortalContext, pk: int) -> HttpResponse:
    product = _own_product(portal, pk)
    channel = get_default_channel()
    outcome = Outcome()
    saved = False
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            with transaction.atomic():
                result = _edit(request, portal, product, channel, action, outcome)
                if not outcome.ok:
                    raise _Rollback
        except _Rollback:
            pass
        else:
            if result == "deleted":
                return redirect("portal:products")
            return redirect(f"{request.path}?da-luu=1")
    saved = request.GET.get("da-luu") == "1"
    product.refresh_from_db()
    listing = ProductChannelListing.objects.filter(product=product, channel=channel).first()
    moderation = getattr(product, "moderation", None) if hasattr(product, "moderation") else None
    return render(request, "portal/products/edit.html", {
        "portal": portal, "product": product, "variants": _variants_with_prices(product, channel),
        "media": list(product.media.order_by("sort_order", "pk")),
        "published": bool(listing and listing.is_published), "errors": outcome.errors,
        "saved": saved, "moderation": moderation if moderation and moderation.is_hidden else None,
        "certifications": list(product.certifications.order_by("-decision_date")[:3]),
        "can_list": portal.can(Capability.MANAGE_LISTINGS), "noindex": True,
    }, status=400 if outcome.errors else 200)


def _edit(request, portal, product, channel, action, outcome):  # noqa: C901 - one form each
    user, post = request.user, request.POST
    if action == "delete":
        outcome.run(seller_catalog.delete_product, user, product)
        return "deleted"
    if action == "publish":
        outcome.run(seller_catalog.set_publication, user, product, channel,
                    is_published=post.get("published") == "1")
        return None
    if action == "photo":
        if _photo(request):
            outcome.run(seller_catalog.add_media, user, product, _photo(request),
                        post.get("alt", ""))
        else:
            outcome.errors["photo"] = ["Hãy chọn hoặc chụp một ảnh."]
        return None
    if action == "delete_photo":
        media = ProductMedia.objects.filter(pk=post.get("media") or 0, product=product).first()
        if media:
            outcome.run(seller_catalog.delete_media, user, media)
        return None
    if action == "add_variant":
        outcome.run(seller_catalog.create_variant, user, product,
                    name=post.get("new_name", ""), weight=post.get("new_weight") or None,
                    price=post.get("new_price") or None,
                    quantity=post.get("new_quantity") or None, sku=post.get("new_sku") or None)
        return None
    if action == "delete_variant":
        variant = product.variants.filter(pk=post.get("variant") or 0).first()
        if variant:
            outcome.run(seller_catalog.delete_variant, user, variant)
        return None
    if action == "reply":
        from backend.sellers.services import reply_to_moderation

        outcome.run(reply_to_moderation, user, product, post.get("reply", ""))
        return None
    # "save": product fields (listing roles) and every variant's row.
    can_list = portal.can(Capability.MANAGE_LISTINGS)
    if can_list:
        outcome.run(seller_catalog.update_product, user, product, name=post.get("name"),
                    description=post.get("description"))
    for variant in product.variants.all():
        prefix = f"v{variant.pk}-"
        if can_list and f"{prefix}name" in post:
            outcome.run(seller_catalog.update_variant, user, variant,
                        name=post.get(f"{prefix}name", ""),
                        weight=post.get(f"{prefix}weight") or None)
            if post.get(f"{prefix}price"):
                outcome.run(seller_catalog.set_price, user, variant, channel,
                            post[f"{prefix}price"])
        if post.get(f"{prefix}quantity", "") != "":
            current = sum(s.quantity for s in variant.stocks.all())
            if str(current) != post[f"{prefix}quantity"].strip():
                outcome.run(seller_catalog.set_stocks, user, variant,
                            [(None, post[f"{prefix}quantity"])])
    return None
