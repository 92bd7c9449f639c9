"""checkoutComplete: the checkout becomes one Order split into one ProducerOrder per
producer, its stock allocated under row locks, its payments moved to the order (paid,
promised on delivery, or awaiting a bank transfer: backend/payment/completion.py).

Prices, availability and stock are checked again here; a change is a CheckoutProblem
the shopper can act on (a changed price is remembered, so completing again accepts it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.checkout.errors import CheckoutErrorCode as Code
from backend.checkout.errors import CheckoutProblem
from backend.checkout.models import Checkout
from backend.checkout.summary import CheckoutSummary, summarize, voucher_problem
from backend.core.money import format_vnd
from backend.discount.models import Voucher, VoucherCustomer
from backend.ledger.commission import commission_rate_for
from backend.payment import completion as payment_completion
from backend.warehouse import stock as stock_service

from . import emails
from .models import Order, OrderEvent, OrderLine, ProducerOrder


def _check_ready(summary: CheckoutSummary) -> None:
    checkout = summary.checkout
    if not summary.lines:
        raise CheckoutProblem("lines", "Giỏ hàng đang trống.", Code.NO_LINES)
    if not (checkout.email or checkout.user_id):
        raise CheckoutProblem("email", "Hãy nhập e-mail để nhận xác nhận đơn hàng.",
                              Code.EMAIL_NOT_SET)
    unavailable = [li for li in summary.lines if not li.available]
    if unavailable:
        raise CheckoutProblem(
            "lines", "Sản phẩm sau không còn bán: "
            + ", ".join(li.product.name for li in unavailable) + ". Hãy bỏ khỏi giỏ hàng.",
            Code.PRODUCT_UNAVAILABLE_FOR_PURCHASE,
            variants=[li.variant.pk for li in unavailable],
            lines=[li.line.pk for li in unavailable])
    if summary.is_shipping_required and checkout.shipping_address_id is None:
        raise CheckoutProblem("shippingAddress", "Hãy nhập địa chỉ nhận hàng.",
                              Code.SHIPPING_ADDRESS_NOT_SET)
    if not summary.delivery_chosen:
        missing = [p.producer.name for p in summary.packages if p.chosen is None]
        raise CheckoutProblem("shippingMethod", "Hãy chọn cách giao cho kiện hàng của "
                              + ", ".join(missing) + ".", Code.SHIPPING_METHOD_NOT_SET)
    if checkout.voucher_code and summary.voucher_problem:
        raise CheckoutProblem("promoCode", summary.voucher_problem,
                              Code.VOUCHER_NOT_APPLICABLE)


def _check_prices(summary: CheckoutSummary) -> CheckoutProblem | None:
    """A price changed since the shopper saw it: remember the new one (committed) and
    return the problem to show."""
    changed = [li for li in summary.lines
               if li.line.seen_unit_price is not None and li.unit_price != li.line.seen_unit_price]
    if not changed:
        return None
    for li in changed:
        li.line.seen_unit_price = li.unit_price
        li.line.save(update_fields=["seen_unit_price"])
    return CheckoutProblem(
        "lines", "Giá đã thay đổi: " + "; ".join(
            f"{li.product.name} nay {format_vnd(li.unit_price)}" for li in changed)
        + ". Hãy xem lại giỏ hàng rồi đặt hàng lại.", Code.INVALID,
        variants=[li.variant.pk for li in changed], lines=[li.line.pk for li in changed])


def complete_checkout(checkout: Checkout, user=None) -> Order:
    """Complete or raise CheckoutProblem; nothing is written when it raises (except a
    changed price being remembered)."""
    summary = summarize(checkout)
    _check_ready(summary)
    with transaction.atomic():
        changed = _check_prices(summary)
    if changed is not None:
        raise changed
    with transaction.atomic():
        # One completion per checkout at a time; the second finds it gone.
        locked = Checkout.objects.select_for_update().filter(pk=checkout.pk).first()
        if locked is None:
            raise CheckoutProblem("id", "Giỏ hàng đã được đặt hoặc không còn.", Code.NOT_FOUND)
        summary = summarize(locked)
        _check_ready(summary)
        if any(li.line.seen_unit_price is not None and li.unit_price != li.line.seen_unit_price
               for li in summary.lines):
            raise CheckoutProblem("lines", "Giá vừa thay đổi; hãy xem lại giỏ hàng.",
                                  Code.INVALID)
        try:
            way = payment_completion.check_payable(locked, summary.total)
        except payment_completion.PaymentNotReady as refused:
            raise CheckoutProblem(None, refused.message, Code[refused.code]) from None
        order = _create_order(summary, user)
        try:
            stock_service.allocate(
                locked.pk, [(line, line.variant_id, line.quantity)
                            for line in order.lines_created],
                {li.variant.pk: li.variant.track_inventory for li in summary.lines})
        except stock_service.InsufficientStock as short:
            names = {li.variant.pk: li.product.name for li in summary.lines}
            raise CheckoutProblem(
                "lines", "Không đủ hàng: " + ", ".join(
                    f"{names[v]} (còn {left})" for v, left in short.shortages.items())
                + ". Hãy giảm số lượng hoặc bỏ sản phẩm.", Code.INSUFFICIENT_STOCK,
                variants=sorted(short.shortages)) from None
        if summary.voucher and summary.discount:
            _use_voucher(summary.voucher, order)
        payment_completion.move_to_order(locked, order, way)
        OrderEvent.objects.create(order=order, type="placed", user=_real(user),
                                  parameters={"checkout": str(locked.pk)})
        locked.delete()
        emails.order_placed(order)
    return order


def _real(user):
    return user if user is not None and getattr(user, "pk", None) else None


def _use_voucher(voucher: Voucher, order: Order) -> None:
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.usage_limit is not None and voucher.used >= voucher.usage_limit:
        raise CheckoutProblem("promoCode", f"Mã “{voucher.code}” vừa hết lượt sử dụng.",
                              Code.VOUCHER_NOT_APPLICABLE)
    voucher.used += 1
    voucher.save(update_fields=["used"])
    VoucherCustomer.objects.create(voucher=voucher, customer_email=order.user_email,
                                   user=order.user)


def _create_order(summary: CheckoutSummary, user) -> Order:
    checkout = summary.checkout
    order = Order.objects.create(
        channel=checkout.channel, user=checkout.user or _real(user),
        user_email=checkout.email or checkout.user.email, language_code=checkout.language_code,
        shipping_address=checkout.shipping_address,
        billing_address=checkout.billing_address or checkout.shipping_address,
        subtotal=summary.subtotal, discount=summary.discount,
        shipping_price=summary.shipping_price, total=summary.total,
        voucher_code=checkout.voucher_code if summary.discount else "",
        customer_note=checkout.customer_note, checkout_token=str(checkout.pk),
        metadata=checkout.metadata, vat_bps=settings.LEDGER_COMMISSION_VAT_BPS)
    lines = []
    # The marketplace's commission is frozen per line now: a rule changed later does not
    # change what this sale earns (backend/ledger/README.md).
    today, rates = timezone.localdate(), {}

    def rate(producer_id: int, category_id: int | None) -> int:
        if (producer_id, category_id) not in rates:
            rates[producer_id, category_id] = commission_rate_for(producer_id, category_id,
                                                                  today)
        return rates[producer_id, category_id]

    for index, package in enumerate(summary.packages, start=1):
        quote = package.chosen
        producer_order = ProducerOrder.objects.create(
            order=order, producer=package.producer, index=index,
            shipping_method=quote.method if quote else None,
            shipping_method_name=quote.method.name if quote else "",
            is_pickup=bool(quote and quote.is_pickup),
            subtotal=package.subtotal, discount=package.discount,
            shipping_price=package.shipping_price, total=package.total,
            placed_shipping_price=package.shipping_price)
        for li in package.lines:
            lines.append(OrderLine(
                order=order, producer_order=producer_order, variant=li.variant,
                product_name=li.product.name, variant_name=li.variant.name,
                product_sku=li.variant.sku or "", is_shipping_required=li.is_shipping_required,
                quantity=li.line.quantity, unit_price=li.unit_price, discount=li.discount,
                discount_funder=li.discount_funder if li.discount else "",
                voucher_code=checkout.voucher_code if li.discount else "",
                total=li.total, weight_grams=li.weight_grams,
                commission_bps=rate(package.producer.pk, li.product.category_id)))
    order.lines_created = OrderLine.objects.bulk_create(lines)
    return order


def verify_problem(checkout: Checkout) -> CheckoutProblem | None:
    """The first problem completion would meet (for Checkout.problems), or None."""
    try:
        _check_ready(summarize(checkout))
    except CheckoutProblem as problem:
        return problem
    return None


__all__ = ["complete_checkout", "verify_problem", "voucher_problem"]
