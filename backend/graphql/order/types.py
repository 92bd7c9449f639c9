"""Order types in Saleor's shapes (the whole purchase), plus the extension
``Order.producerOrders`` and the seller-side ``ProducerOrder`` (one producer's part)."""

from __future__ import annotations

import graphene

from backend.order.models import Fulfillment as FulfillmentModel
from backend.order.models import Order as OrderModel
from backend.order.models import OrderEvent as OrderEventModel
from backend.order.models import OrderLine as OrderLineModel
from backend.order.models import OrderStatus as StatusChoices
from backend.order.models import ProducerOrder as ProducerOrderModel
from backend.order.models import ProducerOrderStatus as PartStatusChoices
from backend.payment import cod
from backend.payment import transactions as tx

from ..account.enums import LanguageCodeEnum
from ..account.types import Address, User
from ..catalog.types import ProductVariant
from ..channel.types import Channel
from ..checkout.types import MethodOption, ShippingMethod
from ..core.connection import CountableConnection
from ..core.context import ChannelContext
from ..core.ids import to_id
from ..core.metadata import ObjectWithMetadata, metadata_items
from ..core.types import Image, Money, TaxedMoney, vnd
from ..payment.types import TransactionEvent, TransactionItem
from ..producers.types import Producer

OrderStatus = graphene.Enum("OrderStatus", [
    ("DRAFT", "draft"), ("UNCONFIRMED", "unconfirmed"), ("UNFULFILLED", "unfulfilled"),
    ("PARTIALLY_FULFILLED", "partially_fulfilled"), ("PARTIALLY_RETURNED", "partially_returned"),
    ("RETURNED", "returned"), ("FULFILLED", "fulfilled"), ("CANCELED", "canceled"),
    ("EXPIRED", "expired")])
ProducerOrderStatus = graphene.Enum("ProducerOrderStatus", [
    (choice.name, choice.value) for choice in PartStatusChoices])


class PaymentChargeStatusEnum(graphene.Enum):
    NOT_CHARGED = "not-charged"
    PENDING = "pending"
    PARTIALLY_CHARGED = "partially-charged"
    FULLY_CHARGED = "fully-charged"
    PARTIALLY_REFUNDED = "partially-refunded"
    FULLY_REFUNDED = "fully-refunded"
    REFUSED = "refused"
    CANCELLED = "cancelled"


class OrderChargeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class OrderAuthorizeStatusEnum(graphene.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


def _amounts(order: OrderModel) -> tx.Amounts:
    """The order's transaction sums, read once per order object in a request."""
    cached = getattr(order, "_payment_amounts", None)
    if cached is None:
        cached = tx.amounts_of(order.transactions.all())
        order._payment_amounts = cached
    return cached


class FulfillmentStatus(graphene.Enum):
    FULFILLED = "fulfilled"
    REFUNDED = "refunded"
    RETURNED = "returned"
    REPLACED = "replaced"
    REFUNDED_AND_RETURNED = "refunded_and_returned"
    CANCELED = "canceled"
    WAITING_FOR_APPROVAL = "waiting_for_approval"


class ThumbnailFormatEnum(graphene.Enum):
    ORIGINAL = "ORIGINAL"
    AVIF = "AVIF"
    WEBP = "WEBP"


class OrderLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    product_sku = graphene.String()
    product_variant_id = graphene.String()
    is_shipping_required = graphene.Boolean(required=True)
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True)
    quantity_to_fulfill = graphene.Int(required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(TaxedMoney, required=True)
    unit_discount = graphene.Field(Money, required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(TaxedMoney, required=True)
    variant = graphene.Field(ProductVariant)
    thumbnail = graphene.Field(Image, size=graphene.Int(), format=ThumbnailFormatEnum())
    voucher_code = graphene.String()
    # Extensions.
    quantity_canceled = graphene.Int(required=True)
    cancel_reason = graphene.String()
    discount_funder = graphene.String(description="MARKETPLACE or PRODUCER (extension).")
    producer_order_number = graphene.String(required=True)

    @staticmethod
    def resolve_id(root: OrderLineModel, info):
        return to_id("OrderLine", root.token)

    @staticmethod
    def resolve_product_variant_id(root: OrderLineModel, info):
        return to_id("ProductVariant", root.variant_id) if root.variant_id else None

    @staticmethod
    def resolve_unit_price(root: OrderLineModel, info):
        return vnd(root.total // root.quantity if root.quantity else 0)

    @staticmethod
    def resolve_undiscounted_unit_price(root: OrderLineModel, info):
        return vnd(root.unit_price)

    @staticmethod
    def resolve_unit_discount(root: OrderLineModel, info):
        return vnd(root.discount // root.quantity if root.quantity else 0)

    @staticmethod
    def resolve_total_price(root: OrderLineModel, info):
        return vnd(root.total)

    @staticmethod
    def resolve_undiscounted_total_price(root: OrderLineModel, info):
        return vnd(root.undiscounted_total)

    @staticmethod
    def resolve_variant(root: OrderLineModel, info):
        if root.variant is None:
            return None
        return ChannelContext(root.variant, root.order.channel)

    @staticmethod
    def resolve_thumbnail(root: OrderLineModel, info, size=None, format=None):
        if root.variant is None:
            return None
        media = root.variant.product.media.first()
        if media is None or not (media.thumbnail or media.image):
            return None
        url = (media.thumbnail or media.image).url
        return Image(url=info.context.build_absolute_uri(url) if hasattr(
            info.context, "build_absolute_uri") else url, alt=media.alt or root.product_name)

    @staticmethod
    def resolve_voucher_code(root: OrderLineModel, info):
        return root.voucher_code or None

    @staticmethod
    def resolve_cancel_reason(root: OrderLineModel, info):
        return root.cancel_reason or None

    @staticmethod
    def resolve_discount_funder(root: OrderLineModel, info):
        return root.discount_funder.upper() or None

    @staticmethod
    def resolve_producer_order_number(root: OrderLineModel, info):
        return root.producer_order.number


class FulfillmentLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    order_line = graphene.Field(OrderLine)

    @staticmethod
    def resolve_id(root, info):
        return to_id("FulfillmentLine", root.pk)


class Fulfillment(graphene.ObjectType):
    id = graphene.ID(required=True)
    fulfillment_order = graphene.Int(required=True)
    status = graphene.Field(FulfillmentStatus, required=True)
    tracking_number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(FulfillmentLine))
    status_display = graphene.String()
    # Extensions.
    carrier = graphene.String(required=True)
    delivered_at = graphene.DateTime()
    producer_order_number = graphene.String(required=True)

    @staticmethod
    def resolve_id(root: FulfillmentModel, info):
        return to_id("Fulfillment", root.pk)

    @staticmethod
    def resolve_created(root: FulfillmentModel, info):
        return root.created_at

    @staticmethod
    def resolve_lines(root: FulfillmentModel, info):
        return list(root.lines.select_related("order_line__producer_order__order"))

    @staticmethod
    def resolve_status_display(root: FulfillmentModel, info):
        return "Đã giao" if root.delivered_at else "Đang giao"

    @staticmethod
    def resolve_producer_order_number(root: FulfillmentModel, info):
        return root.producer_order.number


class OrderEvent(graphene.ObjectType):
    id = graphene.ID(required=True)
    date = graphene.DateTime()
    type = graphene.String(description="What happened (lower-case event name).")
    user = graphene.Field(User)
    message = graphene.String()
    producer_order_number = graphene.String()

    @staticmethod
    def resolve_id(root: OrderEventModel, info):
        return to_id("OrderEvent", root.pk)

    @staticmethod
    def resolve_user(root: OrderEventModel, info):
        viewer = getattr(info.context, "user", None)
        return root.user if viewer is not None and root.user_id == viewer.pk else None

    @staticmethod
    def resolve_message(root: OrderEventModel, info):
        return (root.parameters or {}).get("reason")

    @staticmethod
    def resolve_producer_order_number(root: OrderEventModel, info):
        return root.producer_order.number if root.producer_order_id else None


class OrderGrantedRefundStatusEnum(graphene.Enum):
    NONE = "none"
    PENDING = "pending"
    SUCCESS = "success"
    FAILURE = "failure"


class OrderGrantedRefundLine(graphene.ObjectType):
    id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    order_line = graphene.Field(OrderLine, required=True)
    reason = graphene.String()
    amount = graphene.Field(Money, required=True,
                            description="Part of the line's price given back (extension).")

    @staticmethod
    def resolve_id(root, info):
        return to_id("OrderGrantedRefundLine", root.pk)

    @staticmethod
    def resolve_order_line(root, info):
        return root.order_line

    @staticmethod
    def resolve_reason(root, info):
        return root.reason or None

    @staticmethod
    def resolve_amount(root, info):
        return vnd(root.gross)


class OrderGrantedRefund(graphene.ObjectType):
    """Money granted back to the shopper for part of one producer's parcel."""

    id = graphene.ID(required=True)
    created_at = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    amount = graphene.Field(Money, required=True)
    reason = graphene.String()
    user = graphene.Field(User)
    shipping_costs_included = graphene.Boolean(required=True)
    lines = graphene.List(graphene.NonNull(OrderGrantedRefundLine))
    status = graphene.Field(OrderGrantedRefundStatusEnum, required=True)
    transaction_events = graphene.List(graphene.NonNull(TransactionEvent))
    transaction = graphene.Field(TransactionItem)
    # Extensions.
    kind = graphene.String(required=True, description="refund, return, cancellation or "
                           "overpayment (extension).")
    kind_display = graphene.String(required=True)
    status_display = graphene.String(required=True)
    producer_order_number = graphene.String()
    sent_at = graphene.DateTime()
    message = graphene.String(description="Why sending failed, if it did (extension).")

    @staticmethod
    def resolve_id(root, info):
        return to_id("OrderGrantedRefund", root.token)

    @staticmethod
    def resolve_amount(root, info):
        return vnd(root.amount)

    @staticmethod
    def resolve_reason(root, info):
        return root.reason or None

    @staticmethod
    def resolve_user(root, info):
        viewer = getattr(info.context, "user", None)
        return root.user if viewer is not None and root.user_id == viewer.pk else None

    @staticmethod
    def resolve_lines(root, info):
        return list(root.lines.select_related("order_line__producer_order__order",
                                              "order_line__order__channel"))

    @staticmethod
    def resolve_transaction_events(root, info):
        if not root.transaction_id:
            return []
        return list(root.transaction.events.filter(psp_reference__in=[
            root.psp_reference or f"REFUND-{root.token}", f"REFUND-{root.token}"]))

    @staticmethod
    def resolve_transaction(root, info):
        return root.transaction

    @staticmethod
    def resolve_status(root, info):
        return str(root.status)

    @staticmethod
    def resolve_kind(root, info):
        return str(root.kind)

    @staticmethod
    def resolve_kind_display(root, info):
        return root.get_kind_display()

    @staticmethod
    def resolve_status_display(root, info):
        return root.get_status_display()

    @staticmethod
    def resolve_producer_order_number(root, info):
        return root.producer_order.number if root.producer_order_id else None

    @staticmethod
    def resolve_message(root, info):
        return root.message or None


def _granted(root) -> list:
    return list(root.granted_refunds.select_related("producer_order__order", "transaction")
                .order_by("pk"))


def _due(order) -> int:
    """What the shopper owes now: the total (cancellations already lower it) less refunds
    and returns sent back (a refund lowers the transaction's charged amount, as Saleor)."""
    return order.total - sum(g.amount for g in order.granted_refunds.all()
                             if g.status == "success" and g.kind in ("refund", "return"))


def _refunded_total(root, *statuses: str) -> int:
    return sum(g.amount for g in root.granted_refunds.all() if g.status in statuses)


class ProducerOrder(graphene.ObjectType):
    """Extension: one producer's part of a purchase, shipped as one parcel."""

    id = graphene.ID(required=True)
    number = graphene.String(required=True, description="Like 10042-2.")
    order_number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    status = graphene.Field(ProducerOrderStatus, required=True)
    status_display = graphene.String(required=True)
    producer = graphene.Field(Producer, required=True)
    lines = graphene.NonNull(graphene.List(graphene.NonNull(OrderLine)))
    shipping_method_name = graphene.String()
    delivery_method = graphene.Field(ShippingMethod)
    is_pickup = graphene.Boolean(required=True)
    subtotal = graphene.Field(TaxedMoney, required=True)
    discount = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    total = graphene.Field(TaxedMoney, required=True)
    total_charged = graphene.Field(Money, required=True,
                                   description="Cash collected on delivery so far.")
    is_paid = graphene.Boolean(
        required=True, description="The shopper has paid this part: the purchase was paid "
        "in full by transfer or card, or its cash was collected on delivery (extension).")
    fulfillments = graphene.NonNull(graphene.List(graphene.NonNull(Fulfillment)))
    events = graphene.NonNull(graphene.List(graphene.NonNull(OrderEvent)))
    cancel_reason = graphene.String()
    can_cancel = graphene.Boolean(required=True, description="The shopper may still cancel.")
    shipping_address = graphene.Field(Address)
    granted_refunds = graphene.NonNull(graphene.List(graphene.NonNull(OrderGrantedRefund)),
                                       description="Refunds of this parcel (extension).")
    total_refunded = graphene.Field(Money, required=True,
                                    description="Given back to the shopper (extension).")
    paid_at = graphene.DateTime(description="When its money arrived (extension).")
    delivered_at = graphene.DateTime()
    earnings_released_at = graphene.DateTime(
        description="When the return window closed and its earnings became payable.")
    user_email = graphene.String()

    @staticmethod
    def resolve_id(root: ProducerOrderModel, info):
        return to_id("ProducerOrder", root.pk)

    @staticmethod
    def resolve_order_number(root: ProducerOrderModel, info):
        return root.order.number

    @staticmethod
    def resolve_created(root: ProducerOrderModel, info):
        return root.created_at

    @staticmethod
    def resolve_status_display(root: ProducerOrderModel, info):
        return PartStatusChoices(root.status).label

    @staticmethod
    def resolve_lines(root: ProducerOrderModel, info):
        return list(root.lines.select_related("variant__product", "producer_order__order",
                                              "order__channel"))

    @staticmethod
    def resolve_delivery_method(root: ProducerOrderModel, info):
        if root.shipping_method_id is None:
            return None
        method = root.shipping_method
        return MethodOption(pk=method.pk, name=root.shipping_method_name,
                            price=root.shipping_price, min_days=method.min_delivery_days,
                            max_days=method.max_delivery_days, kind=method.kind,
                            producer_id=root.producer_id)

    @staticmethod
    def resolve_subtotal(root: ProducerOrderModel, info):
        return vnd(root.subtotal - root.discount)

    @staticmethod
    def resolve_discount(root: ProducerOrderModel, info):
        return vnd(root.discount)

    @staticmethod
    def resolve_shipping_price(root: ProducerOrderModel, info):
        return vnd(root.shipping_price)

    @staticmethod
    def resolve_total(root: ProducerOrderModel, info):
        return vnd(root.total)

    @staticmethod
    def resolve_total_charged(root: ProducerOrderModel, info):
        return vnd(root.charged)

    @staticmethod
    def resolve_is_paid(root: ProducerOrderModel, info):
        if root.total and root.charged >= root.total:
            return True
        return tx.order_is_paid(root.order)

    @staticmethod
    def resolve_fulfillments(root: ProducerOrderModel, info):
        return list(root.fulfillments.all())

    @staticmethod
    def resolve_events(root: ProducerOrderModel, info):
        return list(root.events.select_related("user"))

    @staticmethod
    def resolve_cancel_reason(root: ProducerOrderModel, info):
        return root.cancel_reason or None

    @staticmethod
    def resolve_can_cancel(root: ProducerOrderModel, info):
        return root.status in ("unconfirmed", "unfulfilled")

    @staticmethod
    def resolve_shipping_address(root: ProducerOrderModel, info):
        return root.order.shipping_address

    @staticmethod
    def resolve_granted_refunds(root: ProducerOrderModel, info):
        return _granted(root)

    @staticmethod
    def resolve_total_refunded(root: ProducerOrderModel, info):
        return vnd(_refunded_total(root, "success"))

    @staticmethod
    def resolve_user_email(root: ProducerOrderModel, info):
        return root.order.user_email


class OrderDiscountType(graphene.Enum):
    SALE = "sale"
    VOUCHER = "voucher"
    MANUAL = "manual"
    PROMOTION = "promotion"
    ORDER_PROMOTION = "order_promotion"


class OrderDiscount(graphene.ObjectType):
    id = graphene.ID(required=True)
    type = graphene.Field(OrderDiscountType, required=True)
    name = graphene.String()
    amount = graphene.Field(Money, required=True)


class OrderVoucher(graphene.ObjectType):
    """The voucher applied to an order (Saleor's Voucher, code only here)."""

    code = graphene.String()


class Order(graphene.ObjectType):
    class Meta:
        interfaces = (ObjectWithMetadata,)

    id = graphene.ID(required=True)
    token = graphene.String(required=True, deprecation_reason="Use `id` instead.")
    number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    status = graphene.Field(OrderStatus, required=True)
    status_display = graphene.String(required=True)
    user = graphene.Field(User)
    user_email = graphene.String()
    channel = graphene.Field(Channel, required=True)
    shipping_address = graphene.Field(Address)
    billing_address = graphene.Field(Address)
    lines = graphene.NonNull(graphene.List(graphene.NonNull(OrderLine)))
    fulfillments = graphene.NonNull(graphene.List(graphene.NonNull(Fulfillment)))
    events = graphene.List(graphene.NonNull(OrderEvent))
    subtotal = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    shipping_method_name = graphene.String()
    delivery_method = graphene.Field(ShippingMethod)
    total = graphene.Field(TaxedMoney, required=True)
    undiscounted_total = graphene.Field(TaxedMoney, required=True)
    total_balance = graphene.Field(Money, required=True)
    total_charged = graphene.Field(Money, required=True)
    total_captured = graphene.Field(Money, required=True, deprecation_reason="Use "
                                    "`totalCharged` instead.")
    total_authorized = graphene.Field(Money, required=True)
    total_refunded = graphene.Field(Money, required=True)
    total_refund_pending = graphene.Field(Money, required=True)
    total_authorize_pending = graphene.Field(Money, required=True)
    total_charge_pending = graphene.Field(Money, required=True)
    is_paid = graphene.Boolean(required=True)
    payment_status = graphene.Field(PaymentChargeStatusEnum, required=True)
    payment_status_display = graphene.String(required=True)
    charge_status = graphene.Field(OrderChargeStatusEnum, required=True)
    authorize_status = graphene.Field(OrderAuthorizeStatusEnum, required=True)
    transactions = graphene.NonNull(graphene.List(graphene.NonNull(TransactionItem)))
    discounts = graphene.NonNull(graphene.List(graphene.NonNull(OrderDiscount)))
    voucher = graphene.Field(OrderVoucher)
    voucher_code = graphene.String()
    customer_note = graphene.String(required=True)
    language_code_enum = graphene.Field(LanguageCodeEnum, required=True)
    is_shipping_required = graphene.Boolean(required=True)
    can_finalize = graphene.Boolean(required=True)
    producer_orders = graphene.NonNull(graphene.List(graphene.NonNull(ProducerOrder)),
                                       description="One part per producer (extension).")
    granted_refunds = graphene.NonNull(graphene.List(graphene.NonNull(OrderGrantedRefund)))
    total_granted_refund = graphene.Field(Money, required=True)
    total_refunded = graphene.Field(Money, required=True)
    total_refund_pending = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_id(root: OrderModel, info):
        return to_id("Order", root.token)

    @staticmethod
    def resolve_token(root: OrderModel, info):
        return str(root.token)

    @staticmethod
    def resolve_created(root: OrderModel, info):
        return root.created_at

    @staticmethod
    def resolve_status(root: OrderModel, info):
        # A just-created order holds the model's choice member, not its text.
        return str(root.status)

    @staticmethod
    def resolve_status_display(root: OrderModel, info):
        return StatusChoices(root.status).label

    @staticmethod
    def resolve_user(root: OrderModel, info):
        viewer = getattr(info.context, "user", None)
        return root.user if viewer is not None and root.user_id == viewer.pk else None

    @staticmethod
    def resolve_metadata(root: OrderModel, info):
        return metadata_items(root.metadata)

    @staticmethod
    def resolve_metafield(root: OrderModel, info, key):
        return (root.metadata or {}).get(key)

    @staticmethod
    def resolve_lines(root: OrderModel, info):
        return list(root.lines.select_related("variant__product", "producer_order__order",
                                              "order__channel"))

    @staticmethod
    def resolve_fulfillments(root: OrderModel, info):
        return list(FulfillmentModel.objects.filter(producer_order__order=root)
                    .select_related("producer_order__order"))

    @staticmethod
    def resolve_events(root: OrderModel, info):
        return list(root.events.select_related("producer_order__order"))

    @staticmethod
    def resolve_subtotal(root: OrderModel, info):
        return vnd(root.subtotal - root.discount)

    @staticmethod
    def resolve_shipping_price(root: OrderModel, info):
        return vnd(root.shipping_price)

    @staticmethod
    def resolve_shipping_method_name(root: OrderModel, info):
        names = list(dict.fromkeys(root.producer_orders.exclude(shipping_method_name="")
                                   .values_list("shipping_method_name", flat=True)))
        return " + ".join(names) or None

    @staticmethod
    def resolve_delivery_method(root: OrderModel, info):
        parts = list(root.producer_orders.select_related("shipping_method"))
        methods = [p for p in parts if p.shipping_method_id]
        if not methods:
            return None
        first = methods[0].shipping_method
        return MethodOption(pk=first.pk, name=Order.resolve_shipping_method_name(root, info),
                            price=root.shipping_price,
                            min_days=first.min_delivery_days, max_days=first.max_delivery_days,
                            kind=first.kind)

    @staticmethod
    def resolve_total(root: OrderModel, info):
        return vnd(root.total)

    @staticmethod
    def resolve_undiscounted_total(root: OrderModel, info):
        return vnd(root.total + root.discount)

    @staticmethod
    def resolve_total_charged(root: OrderModel, info):
        return vnd(_amounts(root).charged)

    @staticmethod
    def resolve_total_captured(root: OrderModel, info):
        return Order.resolve_total_charged(root, info)

    @staticmethod
    def resolve_total_authorized(root: OrderModel, info):
        return vnd(_amounts(root).authorized)

    @staticmethod
    def resolve_total_refunded(root: OrderModel, info):
        return vnd(_amounts(root).refunded)

    @staticmethod
    def resolve_total_authorize_pending(root: OrderModel, info):
        return vnd(0)

    @staticmethod
    def resolve_total_charge_pending(root: OrderModel, info):
        return vnd(0)

    @staticmethod
    def resolve_total_balance(root: OrderModel, info):
        # Saleor: charged minus what the order costs (negative while money is owed); refunds
        # sent lower both.
        return vnd(_amounts(root).charged - _due(root))

    @staticmethod
    def resolve_is_paid(root: OrderModel, info):
        canceled = tx.canceled_order_payment(root, _amounts(root))
        if canceled is not None:
            return canceled[0]
        return _amounts(root).charged >= _due(root)

    @staticmethod
    def resolve_payment_status(root: OrderModel, info):
        amounts = _amounts(root)
        if amounts.charged <= 0:
            return "fully-refunded" if amounts.refunded else "not-charged"
        if amounts.refunded:
            return "partially-refunded"
        return "fully-charged" if amounts.charged >= _due(root) else "partially-charged"

    @staticmethod
    def resolve_payment_status_display(root: OrderModel, info):
        canceled = tx.canceled_order_payment(root, _amounts(root))
        if canceled is not None:
            return canceled[1]
        status = Order.resolve_payment_status(root, info)
        if status == "not-charged" and any(t.gateway == cod.GATEWAY_ID
                                           for t in root.transactions.all()):
            return "Trả khi nhận hàng"
        return {"not-charged": "Chưa thanh toán", "fully-charged": "Đã thanh toán",
                "partially-charged": "Đã thanh toán một phần",
                "partially-refunded": "Đã hoàn tiền một phần",
                "fully-refunded": "Đã hoàn tiền"}[status]

    @staticmethod
    def resolve_charge_status(root: OrderModel, info):
        return tx.order_charge_status(_due(root), _amounts(root).charged).value

    @staticmethod
    def resolve_authorize_status(root: OrderModel, info):
        amounts = _amounts(root)
        return tx.order_authorize_status(root.total, amounts.authorized, amounts.charged).value

    @staticmethod
    def resolve_transactions(root: OrderModel, info):
        return list(root.transactions.all())

    @staticmethod
    def resolve_discounts(root: OrderModel, info):
        if not root.discount:
            return []
        return [OrderDiscount(id=to_id("OrderDiscount", root.pk), type="voucher",
                              name=root.voucher_code, amount=vnd(root.discount))]

    @staticmethod
    def resolve_voucher(root: OrderModel, info):
        return OrderVoucher(code=root.voucher_code) if root.voucher_code else None

    @staticmethod
    def resolve_voucher_code(root: OrderModel, info):
        return root.voucher_code or None

    @staticmethod
    def resolve_language_code_enum(root: OrderModel, info):
        return root.language_code

    @staticmethod
    def resolve_is_shipping_required(root: OrderModel, info):
        return root.lines.filter(is_shipping_required=True).exists()

    @staticmethod
    def resolve_can_finalize(root, info):
        return False

    @staticmethod
    def resolve_granted_refunds(root: OrderModel, info):
        return _granted(root)

    @staticmethod
    def resolve_total_granted_refund(root: OrderModel, info):
        return vnd(_refunded_total(root, "none", "pending", "success", "failure"))

    @staticmethod
    def resolve_total_refund_pending(root: OrderModel, info):
        return vnd(_refunded_total(root, "pending", "failure"))

    @staticmethod
    def resolve_producer_orders(root: OrderModel, info):
        return list(root.producer_orders.select_related("producer", "order", "shipping_method"))


class OrderCountableConnection(CountableConnection):
    class Meta:
        node = Order


class ProducerOrderCountableConnection(CountableConnection):
    class Meta:
        node = ProducerOrder
