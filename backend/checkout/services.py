"""Changing a checkout: lines (with their stock held), contact, addresses, delivery per
package, vouchers. Every change runs in one transaction; a refusal is a CheckoutProblem
naming the field and, for lines, the variants, and leaves nothing half-written."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.account.models import Address
from backend.catalog.models import ProductVariant
from backend.channel.models import Channel
from backend.discount.models import Voucher
from backend.shipping.models import ShippingMethod
from backend.warehouse import stock as stock_service
from backend.warehouse.models import Reservation

from .errors import CheckoutErrorCode as Code
from .errors import CheckoutProblem
from .models import MAX_LINES, Checkout, CheckoutLine
from .summary import summarize, voucher_problem

MAX_QUANTITY_PER_LINE = 100


def _check_quantity(quantity: Any, variant_id: int, allow_zero: bool) -> int:
    if not isinstance(quantity, int) or quantity < 0 or (quantity == 0 and not allow_zero):
        raise CheckoutProblem("quantity", "Số lượng phải là số nguyên dương.",
                              Code.ZERO_QUANTITY if quantity == 0 else Code.INVALID,
                              variants=[variant_id])
    if quantity > MAX_QUANTITY_PER_LINE:
        raise CheckoutProblem(
            "quantity", f"Mỗi sản phẩm mua tối đa {MAX_QUANTITY_PER_LINE} đơn vị một lần.",
            Code.QUANTITY_GREATER_THAN_LIMIT, variants=[variant_id])
    return quantity


def _variants(channel: Channel, variant_ids: list[int]) -> dict[int, ProductVariant]:
    """The variants, each checked to be sold in the channel now."""
    from backend.catalog.models import Product, ProductVariantChannelListing

    variants = {v.pk: v for v in ProductVariant.objects.filter(pk__in=variant_ids)
                .select_related("product")}
    missing = [v for v in variant_ids if v not in variants]
    if missing:
        raise CheckoutProblem("variantId", "Không tìm thấy sản phẩm này.", Code.NOT_FOUND,
                              variants=missing)
    visible = set(Product.objects.visible_in(channel).filter(
        pk__in={v.product_id for v in variants.values()}).values_list("pk", flat=True))
    hidden = [pk for pk, v in variants.items() if v.product_id not in visible]
    if hidden:
        raise CheckoutProblem("lines", "Sản phẩm này hiện không bán.",
                              Code.PRODUCT_NOT_PUBLISHED, variants=hidden)
    priced = set(ProductVariantChannelListing.objects.filter(
        variant_id__in=variant_ids, channel=channel, price_amount__isnull=False)
        .values_list("variant_id", flat=True))
    unpriced = [pk for pk in variant_ids if pk not in priced]
    if unpriced:
        raise CheckoutProblem("lines", "Sản phẩm này chưa có giá bán.",
                              Code.UNAVAILABLE_VARIANT_IN_CHANNEL, variants=unpriced)
    if any(v.product.producer_id is None for v in variants.values()):
        raise CheckoutProblem("lines", "Sản phẩm này không thuộc chủ thể nào nên chưa bán.",
                              Code.PRODUCT_UNAVAILABLE_FOR_PURCHASE,
                              variants=[pk for pk, v in variants.items()
                                        if v.product.producer_id is None])
    return variants


def _hold_stock(checkout: Checkout) -> None:
    lines = list(checkout.lines.select_related("variant").order_by("pk"))
    tracked = {line.variant_id: line.variant.track_inventory for line in lines}
    try:
        stock_service.reserve(checkout.pk, [(line.pk, line.variant_id, line.quantity)
                                            for line in lines], tracked)
    except stock_service.InsufficientStock as short:
        names = ", ".join(
            f"{line.variant.product.name if hasattr(line.variant, 'product') else ''}"
            f" (còn {short.shortages[line.variant_id]})"
            for line in lines if line.variant_id in short.shortages)
        raise CheckoutProblem(
            "quantity", f"Không đủ hàng: {names}. Hãy giảm số lượng.",
            Code.INSUFFICIENT_STOCK, variants=sorted(short.shortages)) from None


def _touch(checkout: Checkout) -> None:
    checkout.save(update_fields=["last_change"])


def _set_lines(checkout: Checkout, wanted: list[tuple[int, int]], *, replace: bool) -> None:
    """Add (replace=False) or set (replace=True, 0 deletes) quantities per variant."""
    current = {line.variant_id: line for line in checkout.lines.all()}
    ids = [variant_id for variant_id, _ in wanted]
    for variant_id, quantity in wanted:
        _check_quantity(quantity, variant_id, allow_zero=replace)
    positive = [v for v, q in wanted if q > 0]
    variants = _variants(checkout.channel, positive) if positive else {}
    prices = _prices(checkout.channel, positive)
    merged: dict[int, int] = {}
    for variant_id, quantity in wanted:
        base = merged.get(variant_id, 0 if replace else (
            current[variant_id].quantity if variant_id in current else 0))
        merged[variant_id] = quantity if replace else base + quantity
    for variant_id, quantity in merged.items():
        if quantity > MAX_QUANTITY_PER_LINE:
            raise CheckoutProblem(
                "quantity", f"Mỗi sản phẩm mua tối đa {MAX_QUANTITY_PER_LINE} đơn vị.",
                Code.QUANTITY_GREATER_THAN_LIMIT, variants=[variant_id])
        line = current.get(variant_id)
        if quantity == 0:
            if line is not None:
                line.delete()
        elif line is None:
            CheckoutLine.objects.create(checkout=checkout, variant=variants[variant_id],
                                        quantity=quantity, seen_unit_price=prices[variant_id])
        else:
            line.quantity = quantity
            line.seen_unit_price = prices.get(variant_id, line.seen_unit_price)
            line.save(update_fields=["quantity", "seen_unit_price"])
    if checkout.lines.count() > MAX_LINES:
        raise CheckoutProblem("lines", f"Giỏ hàng có tối đa {MAX_LINES} sản phẩm khác nhau.",
                              Code.QUANTITY_GREATER_THAN_LIMIT, variants=ids)
    _hold_stock(checkout)
    _touch(checkout)


def _prices(channel: Channel, variant_ids: list[int]) -> dict[int, int]:
    from backend.catalog.models import ProductVariantChannelListing

    return dict(ProductVariantChannelListing.objects.filter(
        variant_id__in=variant_ids, channel=channel).values_list("variant_id", "price_amount"))


@transaction.atomic
def create_checkout(channel: Channel, *, user=None, email: str = "",
                    lines: list[tuple[int, int]] | None = None,
                    shipping_address: dict | None = None, billing_address: dict | None = None,
                    language_code: str = "vi") -> Checkout:
    checkout = Checkout.objects.create(channel=channel, user=user,
                                       email=email or (user.email if user else ""),
                                       language_code=language_code)
    if lines:
        if len(lines) > MAX_LINES:
            raise CheckoutProblem("lines", f"Giỏ hàng có tối đa {MAX_LINES} sản phẩm.",
                                  Code.QUANTITY_GREATER_THAN_LIMIT)
        _set_lines(checkout, lines, replace=False)
    if shipping_address:
        set_address(checkout, shipping_address, "shipping")
    if billing_address:
        set_address(checkout, billing_address, "billing")
    return checkout


def lock(checkout: Checkout) -> Checkout:
    # Only the checkout row: locking the joined channel too would make every cart change
    # wait on (and deadlock with) completions that reference the channel.
    return (Checkout.objects.select_for_update(of=("self",)).select_related("channel")
            .get(pk=checkout.pk))


@transaction.atomic
def add_lines(checkout: Checkout, lines: list[tuple[int, int]]) -> Checkout:
    checkout = lock(checkout)
    _set_lines(checkout, lines, replace=False)
    return checkout


@transaction.atomic
def update_lines(checkout: Checkout, lines: list[tuple[int, int]]) -> Checkout:
    checkout = lock(checkout)
    _set_lines(checkout, lines, replace=True)
    return checkout


@transaction.atomic
def delete_lines(checkout: Checkout, line_ids: list[int]) -> Checkout:
    checkout = lock(checkout)
    found = set(checkout.lines.filter(pk__in=line_ids).values_list("pk", flat=True))
    missing = [pk for pk in line_ids if pk not in found]
    if missing:
        raise CheckoutProblem("lineIds", "Dòng này không có trong giỏ hàng.", Code.NOT_FOUND,
                              lines=missing)
    checkout.lines.filter(pk__in=line_ids).delete()
    _hold_stock(checkout)
    _touch(checkout)
    return checkout


def set_email(checkout: Checkout, email: str) -> Checkout:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise CheckoutProblem("email", "E-mail không hợp lệ.", Code.INVALID) from None
    checkout.email = email.lower()
    checkout.save(update_fields=["email", "last_change"])
    return checkout


def attach_customer(checkout: Checkout, user) -> Checkout:
    checkout.user = user
    checkout.email = user.email
    checkout.save(update_fields=["user", "email", "last_change"])
    return checkout


def detach_customer(checkout: Checkout) -> Checkout:
    checkout.user = None
    checkout.save(update_fields=["user", "last_change"])
    return checkout


@transaction.atomic
def set_address(checkout: Checkout, data: dict, kind: str) -> Checkout:
    """Check a Vietnamese address (the account rules) and store a copy on the checkout."""
    from backend.account.addresses import clean_address_input

    cleaned = clean_address_input(data)
    field = f"{kind}_address"
    old = getattr(checkout, f"{field}_id")
    address = Address.objects.create(**cleaned)
    setattr(checkout, field, address)
    checkout.save(update_fields=[field, "last_change"])
    if old and old not in (checkout.shipping_address_id, checkout.billing_address_id):
        Address.objects.filter(pk=old, user_addresses__isnull=True).delete()
    return checkout


def set_delivery_method(checkout: Checkout, method_id: int | None) -> Checkout:
    """Saleor's single choice: the named method on every package that offers it."""
    if method_id is None:
        checkout.delivery_choices = {}
        checkout.save(update_fields=["delivery_choices", "last_change"])
        return checkout
    method = ShippingMethod.objects.filter(pk=method_id).first()
    summary = summarize(checkout)
    shared = dict(summary.shared_methods())
    if method is None or method.name not in shared:
        raise CheckoutProblem(
            "deliveryMethodId",
            "Phương thức giao hàng này không dùng được cho mọi kiện hàng trong giỏ; hãy "
            "chọn phương thức khác hoặc chọn riêng cho từng kiện.",
            Code.DELIVERY_METHOD_NOT_APPLICABLE)
    checkout.delivery_choices = {str(p.producer.pk): q.method.pk
                                 for p, q in zip(summary.packages, shared[method.name],
                                                 strict=True)}
    checkout.save(update_fields=["delivery_choices", "last_change"])
    return checkout


def set_package_delivery(checkout: Checkout, producer_id: int, method_id: int) -> Checkout:
    """The extension: one package's own method."""
    summary = summarize(checkout)
    package = next((p for p in summary.packages if p.producer.pk == producer_id), None)
    if package is None:
        raise CheckoutProblem("producerId", "Giỏ hàng không có kiện hàng của chủ thể này.",
                              Code.NOT_FOUND)
    if not any(q.method.pk == method_id for q in package.quotes):
        raise CheckoutProblem("deliveryMethodId",
                              "Phương thức này không giao được kiện hàng tới địa chỉ đã chọn.",
                              Code.DELIVERY_METHOD_NOT_APPLICABLE)
    choices = dict(checkout.delivery_choices or {})
    choices[str(producer_id)] = method_id
    checkout.delivery_choices = choices
    checkout.save(update_fields=["delivery_choices", "last_change"])
    return checkout


def add_promo_code(checkout: Checkout, code: str) -> Checkout:
    code = (code or "").strip()
    voucher = Voucher.objects.filter(code__iexact=code).first() if 0 < len(code) <= 40 else None
    if voucher is None:
        raise CheckoutProblem("promoCode", f"Mã “{code[:40]}” không tồn tại.",
                              Code.INVALID)
    checkout.voucher_code = voucher.code
    problem = voucher_problem(voucher, summarize(checkout))
    if problem:
        raise CheckoutProblem("promoCode", problem, Code.VOUCHER_NOT_APPLICABLE)
    checkout.save(update_fields=["voucher_code", "last_change"])
    return checkout


def remove_promo_code(checkout: Checkout, code: str | None = None) -> Checkout:
    if code is None or code.strip().lower() == checkout.voucher_code.lower():
        checkout.voucher_code = ""
        checkout.save(update_fields=["voucher_code", "last_change"])
    return checkout


def reservation_expires(checkout: Checkout) -> datetime.datetime | None:
    until = (Reservation.objects.filter(checkout_line__checkout=checkout)
             .order_by("reserved_until").values_list("reserved_until", flat=True).first())
    return until if until and until > timezone.now() else None
