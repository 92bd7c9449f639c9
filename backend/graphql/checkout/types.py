"""Checkout types in Saleor's shapes, plus the extension ``Checkout.packages`` (one
package per producer, each with its own delivery methods and price)."""

from __future__ import annotations

from dataclasses import dataclass

import graphene

from backend.checkout.errors import CheckoutErrorCode as CheckoutErrorCodeEnum
from backend.checkout.models import Checkout as CheckoutModel
from backend.checkout.summary import CheckoutSummary, LineInfo, Package, summarize
from backend.payment import cod
from backend.shipping.rates import Quote

from ..account.enums import AddressTypeEnum, LanguageCodeEnum
from ..account.types import Address, User
from ..catalog.types import ProductVariant
from ..channel.types import Channel
from ..core.context import ChannelContext
from ..core.ids import to_id
from ..core.metadata import MetadataItem, ObjectWithMetadata, metadata_items
from ..core.types import Money, TaxedMoney, vnd
from ..producers.types import Producer

CheckoutErrorCode = graphene.Enum.from_enum(CheckoutErrorCodeEnum)
VND = "VND"


class CheckoutError(graphene.ObjectType):
    field = graphene.String(description="The input field at fault (camelCase), or null.")
    message = graphene.String(description="What went wrong, in Vietnamese.")
    code = graphene.Field(CheckoutErrorCode, required=True)
    variants = graphene.List(graphene.NonNull(graphene.ID),
                             description="Variants the error is about.")
    lines = graphene.List(graphene.NonNull(graphene.ID), description="Lines it is about.")
    address_type = graphene.Field(AddressTypeEnum)


def summary_of(info, checkout: CheckoutModel) -> CheckoutSummary:
    """One summary per checkout state per request (every field reads the same one)."""
    cache = info.context.__dict__.setdefault("_checkout_summaries", {})
    key = (checkout.pk, checkout.last_change)
    if key not in cache:
        cache[key] = summarize(checkout)
    return cache[key]


@dataclass(frozen=True)
class MethodOption:
    """A delivery choice as Saleor shows it: one method, or one name across packages."""

    pk: int
    name: str
    price: int
    min_days: int | None
    max_days: int | None
    kind: str
    producer_id: int | None = None


def option_for_quotes(quotes: list[Quote], producer_id: int | None = None) -> MethodOption:
    first = quotes[0].method
    return MethodOption(pk=first.pk, name=" + ".join(dict.fromkeys(q.method.name for q in quotes)),
                        price=sum(q.price for q in quotes),
                        min_days=max((q.method.min_delivery_days or 0) for q in quotes) or None,
                        max_days=max((q.method.max_delivery_days or 0) for q in quotes) or None,
                        kind=first.kind, producer_id=producer_id)


class ShippingMethodTypeEnum(graphene.Enum):
    PRICE = "price"
    WEIGHT = "weight"


class ShippingMethod(graphene.ObjectType):
    """Saleor's ShippingMethod. On a checkout, one name offered by every package (its
    price the sum of theirs); on a package, that producer's own method."""

    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    description = graphene.JSONString()
    type = graphene.Field(ShippingMethodTypeEnum)
    price = graphene.Field(Money, required=True)
    minimum_delivery_days = graphene.Int()
    maximum_delivery_days = graphene.Int()
    active = graphene.Boolean(required=True)
    message = graphene.String()
    metadata = graphene.NonNull(graphene.List(graphene.NonNull(MetadataItem)))
    is_pickup = graphene.Boolean(required=True,
                                 description="Picked up at the producer (extension).")

    @staticmethod
    def resolve_id(root: MethodOption, info):
        return to_id("ShippingMethod", root.pk)

    @staticmethod
    def resolve_type(root: MethodOption, info):
        return "weight" if root.kind == "weight" else "price"

    @staticmethod
    def resolve_price(root: MethodOption, info):
        return vnd(root.price)

    @staticmethod
    def resolve_minimum_delivery_days(root: MethodOption, info):
        return root.min_days

    @staticmethod
    def resolve_maximum_delivery_days(root: MethodOption, info):
        return root.max_days

    @staticmethod
    def resolve_active(root, info):
        return True

    @staticmethod
    def resolve_metadata(root, info):
        return []

    @staticmethod
    def resolve_is_pickup(root: MethodOption, info):
        return root.kind == "pickup"


class Delivery(graphene.ObjectType):
    id = graphene.ID(required=True)
    shipping_method = graphene.Field(ShippingMethod)

    @staticmethod
    def resolve_id(root: MethodOption, info):
        return to_id("Delivery", root.pk)

    @staticmethod
    def resolve_shipping_method(root: MethodOption, info):
        return root


class DeliveryMethod(graphene.Union):
    class Meta:
        types = (ShippingMethod,)

    @classmethod
    def resolve_type(cls, instance, info):
        return ShippingMethod


class CheckoutLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    variant = graphene.Field(ProductVariant, required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(Money, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(Money, required=True)
    requires_shipping = graphene.Boolean(required=True)
    is_gift = graphene.Boolean()
    metadata = graphene.NonNull(graphene.List(graphene.NonNull(MetadataItem)))
    discount_funder = graphene.String(
        description="Who funds this line's discount: MARKETPLACE or PRODUCER (extension).")

    @staticmethod
    def resolve_id(root: LineInfo, info):
        return to_id("CheckoutLine", root.line.pk)

    @staticmethod
    def resolve_variant(root: LineInfo, info):
        return ChannelContext(root.variant, root.line.checkout.channel)

    @staticmethod
    def resolve_quantity(root: LineInfo, info):
        return root.line.quantity

    @staticmethod
    def resolve_unit_price(root: LineInfo, info):
        quantity = root.line.quantity or 1
        return vnd(root.total // quantity)

    @staticmethod
    def resolve_undiscounted_unit_price(root: LineInfo, info):
        return vnd(root.unit_price or 0)

    @staticmethod
    def resolve_total_price(root: LineInfo, info):
        return vnd(root.total)

    @staticmethod
    def resolve_undiscounted_total_price(root: LineInfo, info):
        return vnd(root.undiscounted_total)

    @staticmethod
    def resolve_requires_shipping(root: LineInfo, info):
        return root.is_shipping_required

    @staticmethod
    def resolve_is_gift(root, info):
        return False

    @staticmethod
    def resolve_metadata(root: LineInfo, info):
        return metadata_items(root.line.metadata)

    @staticmethod
    def resolve_discount_funder(root: LineInfo, info):
        return root.discount_funder.upper() or None


class CheckoutLineProblemInsufficientStock(graphene.ObjectType):
    available_quantity = graphene.Int()
    line = graphene.Field(CheckoutLine, required=True)
    variant = graphene.Field(ProductVariant, required=True)


class CheckoutLineProblemVariantNotAvailable(graphene.ObjectType):
    line = graphene.Field(CheckoutLine, required=True)


class CheckoutProblemDeliveryMethodStale(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutProblemDeliveryMethodInvalid(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutProblem(graphene.Union):
    class Meta:
        types = (CheckoutProblemDeliveryMethodStale, CheckoutProblemDeliveryMethodInvalid,
                 CheckoutLineProblemInsufficientStock, CheckoutLineProblemVariantNotAvailable)


class GatewayConfigLine(graphene.ObjectType):
    field = graphene.String(required=True)
    value = graphene.String()


class PaymentGateway(graphene.ObjectType):
    name = graphene.String(required=True)
    id = graphene.ID(required=True)
    config = graphene.NonNull(graphene.List(graphene.NonNull(GatewayConfigLine)))
    currencies = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))


def cod_gateway() -> PaymentGateway:
    return payment_gateway(cod.GATEWAY_ID)


def payment_gateway(gateway_id: str) -> PaymentGateway:
    from backend.payment import gateway

    return PaymentGateway(
        id=gateway_id, name=gateway.NAMES[gateway_id], currencies=[VND],
        config=[GatewayConfigLine(field=field, value=value)
                for field, value in gateway.config_lines(gateway_id)])


class CheckoutChargeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class CheckoutAuthorizeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class GiftCard(graphene.ObjectType):
    """Saleor's gift card; none are sold here yet, so a checkout's list is empty."""

    id = graphene.ID(required=True)
    display_code = graphene.String(required=True)
    last_4_code_chars = graphene.String(required=True)
    current_balance = graphene.Field(Money, required=True)
    initial_balance = graphene.Field(Money, required=True)
    is_active = graphene.Boolean(required=True)


class CheckoutPackage(graphene.ObjectType):
    """Extension: one producer's part of the cart, sent as one parcel."""

    id = graphene.ID(required=True)
    producer = graphene.Field(Producer, required=True)
    lines = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutLine)))
    is_shipping_required = graphene.Boolean(required=True)
    weight_grams = graphene.Int(required=True)
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    discount = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    shipping_methods = graphene.NonNull(graphene.List(graphene.NonNull(ShippingMethod)))
    delivery_method = graphene.Field(ShippingMethod)

    @staticmethod
    def resolve_id(root: Package, info):
        return to_id("CheckoutPackage", root.producer.pk)

    @staticmethod
    def resolve_producer(root: Package, info):
        return root.producer

    @staticmethod
    def resolve_is_shipping_required(root: Package, info):
        return root.is_shipping_required

    @staticmethod
    def resolve_weight_grams(root: Package, info):
        return root.weight_grams

    @staticmethod
    def resolve_subtotal_price(root: Package, info):
        return vnd(root.subtotal - root.discount)

    @staticmethod
    def resolve_discount(root: Package, info):
        return vnd(root.discount)

    @staticmethod
    def resolve_shipping_price(root: Package, info):
        return vnd(root.shipping_price)

    @staticmethod
    def resolve_total_price(root: Package, info):
        return vnd(root.total)

    @staticmethod
    def resolve_shipping_methods(root: Package, info):
        return [option_for_quotes([q], root.producer.pk) for q in root.quotes]

    @staticmethod
    def resolve_delivery_method(root: Package, info):
        return option_for_quotes([root.chosen], root.producer.pk) if root.chosen else None


def _available_for(checkout: CheckoutModel, summary: CheckoutSummary) -> dict[int, int]:
    """Units of each tracked variant this checkout could still have (others' unexpired
    holds and allocations taken off)."""
    from django.db.models import F, Sum
    from django.utils import timezone

    from backend.warehouse.models import Reservation, Stock

    tracked = [li.variant.pk for li in summary.lines if li.variant.track_inventory]
    if not tracked:
        return {}
    free = dict(Stock.objects.filter(product_variant_id__in=tracked)
                .values("product_variant_id")
                .annotate(free=Sum(F("quantity") - F("quantity_allocated")))
                .values_list("product_variant_id", "free"))
    held = dict(Reservation.objects.filter(stock__product_variant_id__in=tracked,
                                           reserved_until__gt=timezone.now())
                .exclude(checkout_line__checkout=checkout)
                .values("stock__product_variant_id")
                .annotate(held=Sum("quantity_reserved"))
                .values_list("stock__product_variant_id", "held"))
    return {v: (free.get(v) or 0) - (held.get(v) or 0) for v in tracked}


def _covered(summary: CheckoutSummary) -> int:
    """What the checkout's transactions cover. A COD promise covers the whole total up to
    the ceiling (it is a promise to pay each parcel, not money held)."""
    items = list(summary.checkout.transactions.all())
    covered = sum(i.authorized_value + i.charged_value for i in items
                  if i.gateway != cod.GATEWAY_ID)
    if any(i.gateway == cod.GATEWAY_ID for i in items) and summary.total <= cod.ceiling():
        covered = max(covered, summary.total)
    return covered


class Checkout(graphene.ObjectType):
    class Meta:
        interfaces = (ObjectWithMetadata,)

    id = graphene.ID(required=True)
    token = graphene.UUID(required=True)
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    last_change = graphene.DateTime(required=True)
    user = graphene.Field(User)
    channel = graphene.Field(Channel, required=True)
    email = graphene.String()
    billing_address = graphene.Field(Address)
    shipping_address = graphene.Field(Address)
    customer_note = graphene.String(required=True)
    discount = graphene.Field(Money)
    discount_name = graphene.String()
    translated_discount_name = graphene.String()
    voucher_code = graphene.String()
    gift_cards = graphene.NonNull(graphene.List(graphene.NonNull(GiftCard)))
    available_shipping_methods = graphene.NonNull(
        graphene.List(graphene.NonNull(ShippingMethod)),
        deprecation_reason="Use `shippingMethods` instead.")
    shipping_methods = graphene.NonNull(graphene.List(graphene.NonNull(ShippingMethod)),
                                        description="Method names every package offers; "
                                        "price is the sum over packages.")
    available_payment_gateways = graphene.NonNull(
        graphene.List(graphene.NonNull(PaymentGateway)))
    is_shipping_required = graphene.Boolean(required=True)
    quantity = graphene.Int(required=True)
    stock_reservation_expires = graphene.DateTime()
    lines = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutLine)))
    shipping_price = graphene.Field(TaxedMoney, required=True)
    delivery = graphene.Field(Delivery)
    shipping_method = graphene.Field(ShippingMethod,
                                     deprecation_reason="Use `deliveryMethod` instead.")
    delivery_method = graphene.Field(DeliveryMethod)
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    total_balance = graphene.Field(Money, required=True)
    language_code = graphene.Field(LanguageCodeEnum, required=True)
    display_gross_prices = graphene.Boolean(required=True)
    tax_exemption = graphene.Boolean(required=True)
    authorize_status = graphene.Field(CheckoutAuthorizeStatusEnum, required=True)
    charge_status = graphene.Field(CheckoutChargeStatusEnum, required=True)
    problems = graphene.List(graphene.NonNull(CheckoutProblem))
    transactions = graphene.List(graphene.NonNull("backend.graphql.payment.types.TransactionItem"))
    packages = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutPackage)),
                                description="One package per producer (extension).")

    @staticmethod
    def resolve_id(root: CheckoutModel, info):
        return to_id("Checkout", root.pk)

    @staticmethod
    def resolve_token(root: CheckoutModel, info):
        return root.pk

    @staticmethod
    def resolve_created(root: CheckoutModel, info):
        return root.created_at

    @staticmethod
    def resolve_updated_at(root: CheckoutModel, info):
        return root.last_change

    @staticmethod
    def resolve_user(root: CheckoutModel, info):
        viewer = getattr(info.context, "user", None)
        if root.user_id and viewer is not None and viewer.pk == root.user_id:
            return root.user
        return None

    @staticmethod
    def resolve_metadata(root: CheckoutModel, info):
        return metadata_items(root.metadata)

    @staticmethod
    def resolve_metafield(root: CheckoutModel, info, key):
        return (root.metadata or {}).get(key)

    @staticmethod
    def resolve_email(root: CheckoutModel, info):
        return root.email or None

    @staticmethod
    def resolve_discount(root, info):
        return vnd(summary_of(info, root).discount)

    @staticmethod
    def resolve_discount_name(root, info):
        summary = summary_of(info, root)
        return (summary.voucher.name or summary.voucher.code) if summary.discount else None

    @staticmethod
    def resolve_translated_discount_name(root, info):
        return Checkout.resolve_discount_name(root, info)

    @staticmethod
    def resolve_voucher_code(root, info):
        return root.voucher_code or None

    @staticmethod
    def resolve_gift_cards(root, info):
        return []

    @staticmethod
    def resolve_shipping_methods(root, info):
        return [option_for_quotes(quotes) for _, quotes in summary_of(info, root).shared_methods()]

    @staticmethod
    def resolve_available_shipping_methods(root, info):
        return Checkout.resolve_shipping_methods(root, info)

    @staticmethod
    def resolve_available_payment_gateways(root, info):
        from backend.payment import gateway

        return [payment_gateway(g) for g in gateway.available()]

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return summary_of(info, root).is_shipping_required

    @staticmethod
    def resolve_quantity(root, info):
        return sum(li.line.quantity for li in summary_of(info, root).lines)

    @staticmethod
    def resolve_stock_reservation_expires(root, info):
        from backend.checkout.services import reservation_expires

        return reservation_expires(root)

    @staticmethod
    def resolve_lines(root, info):
        return summary_of(info, root).lines

    @staticmethod
    def resolve_shipping_price(root, info):
        return vnd(summary_of(info, root).shipping_price)

    @staticmethod
    def resolve_delivery_method(root, info):
        summary = summary_of(info, root)
        chosen = [p.chosen for p in summary.packages if p.chosen]
        if not chosen or not summary.delivery_chosen:
            return None
        return option_for_quotes(chosen)

    @staticmethod
    def resolve_shipping_method(root, info):
        return Checkout.resolve_delivery_method(root, info)

    @staticmethod
    def resolve_delivery(root, info):
        return Checkout.resolve_delivery_method(root, info)

    @staticmethod
    def resolve_subtotal_price(root, info):
        summary = summary_of(info, root)
        return vnd(summary.subtotal - summary.discount)

    @staticmethod
    def resolve_total_price(root, info):
        return vnd(summary_of(info, root).total)

    @staticmethod
    def resolve_total_balance(root, info):
        summary = summary_of(info, root)
        charged = sum(i.charged_value for i in root.transactions.all())
        return vnd(charged - summary.total) if charged else vnd(-summary.total)

    @staticmethod
    def resolve_language_code(root, info):
        return root.language_code

    @staticmethod
    def resolve_display_gross_prices(root, info):
        return True

    @staticmethod
    def resolve_tax_exemption(root, info):
        return False

    @staticmethod
    def resolve_authorize_status(root, info):
        from backend.payment import transactions as tx

        summary = summary_of(info, root)
        covered = _covered(summary)
        return tx.checkout_authorize_status(summary.total, covered, 0,
                                            bool(summary.lines)).value

    @staticmethod
    def resolve_charge_status(root, info):
        from backend.payment import transactions as tx

        summary = summary_of(info, root)
        charged = sum(i.charged_value for i in root.transactions.all())
        return tx.checkout_charge_status(summary.total, charged, bool(summary.lines)).value

    @staticmethod
    def resolve_problems(root, info):
        summary = summary_of(info, root)
        problems = []
        available = _available_for(root, summary)
        for li in summary.lines:
            if not li.available:
                problems.append(CheckoutLineProblemVariantNotAvailable(line=li))
            elif li.variant.pk in available and available[li.variant.pk] < li.line.quantity:
                problems.append(CheckoutLineProblemInsufficientStock(
                    line=li, available_quantity=max(available[li.variant.pk], 0),
                    variant=ChannelContext(li.variant, root.channel)))
        return problems

    @staticmethod
    def resolve_transactions(root, info):
        return list(root.transactions.all())

    @staticmethod
    def resolve_packages(root, info):
        return summary_of(info, root).packages
