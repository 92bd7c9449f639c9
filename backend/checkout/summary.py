"""What a checkout holds and costs, package by package (one package per producer).

One function reads a checkout in a fixed handful of queries and prices it: the API
types, the storefront and checkoutComplete all read this same summary.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from backend.catalog.models import Product, ProductVariant, ProductVariantChannelListing
from backend.discount.models import Voucher
from backend.producers.models import Producer
from backend.shipping.models import ShippingMethod
from backend.shipping.rates import DEFAULT_WEIGHT_GRAMS, Quote, quotes_for

from .models import Checkout, CheckoutLine


@dataclass
class LineInfo:
    line: CheckoutLine
    variant: ProductVariant
    product: Product
    producer: Producer | None
    unit_price: int | None  # None: not sold in the channel any more
    available: bool  # visible and priced in the channel
    discount: int = 0
    discount_funder: str = ""

    @property
    def undiscounted_total(self) -> int:
        return (self.unit_price or 0) * self.line.quantity

    @property
    def total(self) -> int:
        return self.undiscounted_total - self.discount

    @property
    def weight_grams(self) -> int:
        return (self.variant.weight_grams or DEFAULT_WEIGHT_GRAMS) * self.line.quantity

    @property
    def is_shipping_required(self) -> bool:
        return self.product.product_type.is_shipping_required


@dataclass
class Package:
    producer: Producer
    lines: list[LineInfo] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    chosen: Quote | None = None

    @property
    def subtotal(self) -> int:
        return sum(li.undiscounted_total for li in self.lines)

    @property
    def discount(self) -> int:
        return sum(li.discount for li in self.lines)

    @property
    def weight_grams(self) -> int:
        return sum(li.weight_grams for li in self.lines)

    @property
    def shipping_price(self) -> int:
        return self.chosen.price if self.chosen else 0

    @property
    def total(self) -> int:
        return self.subtotal - self.discount + self.shipping_price

    @property
    def is_shipping_required(self) -> bool:
        return any(li.is_shipping_required for li in self.lines)


@dataclass
class CheckoutSummary:
    checkout: Checkout
    lines: list[LineInfo]
    packages: list[Package]
    voucher: Voucher | None
    voucher_problem: str = ""

    @property
    def subtotal(self) -> int:
        return sum(li.undiscounted_total for li in self.lines)

    @property
    def discount(self) -> int:
        return sum(li.discount for li in self.lines)

    @property
    def shipping_price(self) -> int:
        return sum(p.shipping_price for p in self.packages)

    @property
    def total(self) -> int:
        return self.subtotal - self.discount + self.shipping_price

    @property
    def is_shipping_required(self) -> bool:
        return any(li.is_shipping_required for li in self.lines)

    @property
    def delivery_chosen(self) -> bool:
        return all(p.chosen is not None for p in self.packages if p.is_shipping_required)

    def shared_methods(self) -> list[tuple[str, list[Quote]]]:
        """Method names every package offers (Saleor's single delivery choice), each with
        one quote per package."""
        if not self.packages:
            return []
        names: OrderedDict[str, list[Quote]] = OrderedDict()
        for quote in self.packages[0].quotes:
            names.setdefault(quote.method.name, [])
        result = []
        for name in names:
            quotes = [next((q for q in p.quotes if q.method.name == name), None)
                      for p in self.packages]
            if all(quotes):
                result.append((name, quotes))
        return result


def summarize(checkout: Checkout) -> CheckoutSummary:
    lines = list(checkout.lines.select_related(
        "variant__product__producer__province", "variant__product__product_type")
        .order_by("created_at", "pk"))
    variant_ids = [line.variant_id for line in lines]
    prices = dict(ProductVariantChannelListing.objects.filter(
        variant_id__in=variant_ids, channel_id=checkout.channel_id,
        price_amount__isnull=False).values_list("variant_id", "price_amount"))
    visible = set(Product.objects.visible_in(checkout.channel).filter(
        pk__in={line.variant.product_id for line in lines}).values_list("pk", flat=True))
    infos = []
    for line in lines:
        product = line.variant.product
        price = prices.get(line.variant_id)
        infos.append(LineInfo(line=line, variant=line.variant, product=product,
                              producer=product.producer, unit_price=price,
                              available=price is not None and product.pk in visible))
    packages: OrderedDict[int, Package] = OrderedDict()
    for info in infos:
        if info.producer is None:
            continue
        packages.setdefault(info.producer.pk, Package(producer=info.producer)).lines.append(info)
    summary = CheckoutSummary(checkout=checkout, lines=infos, packages=list(packages.values()),
                              voucher=None)
    _apply_voucher(summary)
    _quote_delivery(summary)
    return summary


def _quote_delivery(summary: CheckoutSummary) -> None:
    checkout = summary.checkout
    methods: dict[int, list[ShippingMethod]] = {}
    for method in ShippingMethod.objects.filter(
            producer_id__in=[p.producer.pk for p in summary.packages],
            is_active=True).prefetch_related("tiers"):
        methods.setdefault(method.producer_id, []).append(method)
    address = checkout.shipping_address
    province_id = address.province_id if address else None
    region_id = address.province.region_id if address and address.province_id else None
    choices = checkout.delivery_choices or {}
    for package in summary.packages:
        package.quotes = quotes_for(
            package.producer, methods.get(package.producer.pk, []),
            subtotal=package.subtotal - package.discount, weight_grams=package.weight_grams,
            province_id=province_id, region_id=region_id)
        # Without an address only pickup can be priced; rates wait for the address.
        if address is None:
            package.quotes = [q for q in package.quotes if q.is_pickup]
        chosen = choices.get(str(package.producer.pk))
        package.chosen = next((q for q in package.quotes if q.method.pk == chosen), None)


def voucher_problem(voucher: Voucher, summary: CheckoutSummary, *, now=None) -> str:
    """Why the voucher cannot apply to this checkout ("" if it can)."""
    from django.utils import timezone

    from .vouchers import uses_by

    now = now or timezone.now()
    if not voucher.is_active or (voucher.start_date and voucher.start_date > now):
        return f"Mã “{voucher.code}” chưa có hiệu lực."
    if voucher.end_date and voucher.end_date < now:
        return f"Mã “{voucher.code}” đã hết hạn."
    if voucher.usage_limit is not None and voucher.used >= voucher.usage_limit:
        return f"Mã “{voucher.code}” đã hết lượt sử dụng."
    email = summary.checkout.email or (summary.checkout.user.email
                                       if summary.checkout.user_id else "")
    if (voucher.usage_limit_per_customer is not None and email
            and uses_by(voucher, email) >= voucher.usage_limit_per_customer):
        return f"Bạn đã dùng mã “{voucher.code}” đủ số lần cho phép."
    eligible = _eligible(voucher, summary)
    if not eligible:
        return f"Mã “{voucher.code}” chỉ áp dụng cho sản phẩm của {voucher.producer}."
    spend = sum(li.undiscounted_total for li in eligible)
    if spend < voucher.min_spend:
        from backend.core.money import format_vnd
        return (f"Mã “{voucher.code}” cần đơn từ {format_vnd(voucher.min_spend)}"
                f" (hiện có {format_vnd(spend)}).")
    return ""


def _eligible(voucher: Voucher, summary: CheckoutSummary) -> list[LineInfo]:
    return [li for li in summary.lines if li.available and (
        voucher.producer_id is None or (li.producer and li.producer.pk == voucher.producer_id))]


def _apply_voucher(summary: CheckoutSummary) -> None:
    code = summary.checkout.voucher_code
    if not code:
        return
    voucher = Voucher.objects.filter(code__iexact=code).select_related("producer").first()
    if voucher is None:
        summary.voucher_problem = f"Mã “{code}” không tồn tại."
        return
    problem = voucher_problem(voucher, summary)
    summary.voucher = voucher
    if problem:
        summary.voucher_problem = problem
        return
    eligible = _eligible(voucher, summary)
    spend = sum(li.undiscounted_total for li in eligible)
    if voucher.discount_type == Voucher.Type.PERCENTAGE:
        amount = spend * min(voucher.value, 100) // 100
    else:
        amount = min(voucher.value, spend)
    # Share the discount over the lines in proportion to their totals (largest
    # remainder), so every line knows its part and who funds it.
    shares = [amount * li.undiscounted_total // spend if spend else 0 for li in eligible]
    rest = amount - sum(shares)
    order = sorted(range(len(eligible)), key=lambda i: -(
        amount * eligible[i].undiscounted_total % spend if spend else 0))
    for i in order[:rest]:
        shares[i] += 1
    for li, share in zip(eligible, shares, strict=True):
        li.discount = share
        li.discount_funder = voucher.funder
