"""One purchase (Saleor's Order) split into one ProducerOrder per producer.

The Order carries what Saleor's clients show (number, lines, totals, addresses, status
aggregated from its parts); each ProducerOrder is what one producer's team confirms,
packs, ships and delivers.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from backend.account.models import Address
from backend.catalog.models import ProductVariant
from backend.channel.models import Channel
from backend.producers.models import Producer

NUMBER_OFFSET = 10000  # the first order is number 10001


class OrderStatus(models.TextChoices):
    """Saleor's order statuses (the purchase's is aggregated from its producer orders)."""

    UNCONFIRMED = "unconfirmed", "Chờ xác nhận"
    UNFULFILLED = "unfulfilled", "Chờ giao"
    PARTIALLY_FULFILLED = "partially_fulfilled", "Đã giao một phần"
    FULFILLED = "fulfilled", "Đã gửi hàng"
    PARTIALLY_RETURNED = "partially_returned", "Trả một phần"
    RETURNED = "returned", "Đã trả hàng"
    CANCELED = "canceled", "Đã huỷ"


class ProducerOrderStatus(models.TextChoices):
    """A producer's part: Saleor's statuses plus delivery."""

    UNCONFIRMED = "unconfirmed", "Chờ xác nhận"
    UNFULFILLED = "unfulfilled", "Đang chuẩn bị"
    PARTIALLY_FULFILLED = "partially_fulfilled", "Đã gửi một phần"
    FULFILLED = "fulfilled", "Đang giao"
    DELIVERED = "delivered", "Đã nhận hàng"
    CANCELED = "canceled", "Đã huỷ"
    RETURNED = "returned", "Đã trả hàng"


class Order(models.Model):
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="orders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="orders")
    user_email = models.EmailField()
    language_code = models.CharField(max_length=10, default="vi")
    status = models.CharField(max_length=32, choices=OrderStatus.choices,
                              default=OrderStatus.UNCONFIRMED)
    shipping_address = models.ForeignKey(Address, null=True, on_delete=models.SET_NULL,
                                         related_name="+")
    billing_address = models.ForeignKey(Address, null=True, on_delete=models.SET_NULL,
                                        related_name="+")
    currency = models.CharField(max_length=3, default="VND")
    subtotal = models.PositiveBigIntegerField(default=0)  # lines before discounts
    discount = models.PositiveBigIntegerField(default=0)
    shipping_price = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    voucher_code = models.CharField(max_length=40, blank=True)
    customer_note = models.TextField(blank=True)
    checkout_token = models.CharField(max_length=36, blank=True, db_index=True)
    metadata = models.JSONField(default=dict, blank=True)
    private_metadata = models.JSONField(default=dict, blank=True)
    # VAT on the marketplace's commission, frozen at placement (the ledger's recipes).
    vat_bps = models.PositiveIntegerField(default=1000)

    class Meta:
        ordering = ["-pk"]
        verbose_name = "đơn hàng"
        verbose_name_plural = "đơn hàng"

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def number(self) -> str:
        return str(NUMBER_OFFSET + self.pk)

    @staticmethod
    def pk_from_number(number: str | int) -> int | None:
        text = str(number).strip().lstrip("#")
        if not text.isascii() or not text.isdigit() or len(text) > 18:
            return None
        pk = int(text) - NUMBER_OFFSET
        return pk if pk > 0 else None


class ProducerOrder(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="producer_orders")
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT,
                                 related_name="producer_orders")
    index = models.PositiveSmallIntegerField()  # 1, 2 … within the purchase
    status = models.CharField(max_length=32, choices=ProducerOrderStatus.choices,
                              default=ProducerOrderStatus.UNCONFIRMED, db_index=True)
    shipping_method = models.ForeignKey("shipping.ShippingMethod", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    shipping_method_name = models.CharField(max_length=100, blank=True)
    is_pickup = models.BooleanField(default=False)
    subtotal = models.PositiveBigIntegerField(default=0)
    discount = models.PositiveBigIntegerField(default=0)
    shipping_price = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    charged = models.PositiveBigIntegerField(default=0)  # collected on delivery (COD)
    cancel_reason = models.CharField(max_length=500, blank=True)
    # The books (backend/order/ledger.py): shipping as placed (cancelling every line zeroes
    # shipping_price), when it was delivered and when its return window closed.
    placed_shipping_price = models.PositiveBigIntegerField(default=0)
    paid_at = models.DateTimeField(null=True, blank=True)  # card/VietQR captured; COD delivered
    delivered_at = models.DateTimeField(null=True, blank=True)
    earnings_released_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order_id", "index"]
        unique_together = [("order", "index")]
        indexes = [models.Index(fields=["producer", "-created_at"])]
        verbose_name = "đơn của chủ thể"
        verbose_name_plural = "đơn của chủ thể"

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{self.order.number}-{self.index}"


class OrderLine(models.Model):
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    producer_order = models.ForeignKey(ProducerOrder, on_delete=models.CASCADE,
                                       related_name="lines")
    variant = models.ForeignKey(ProductVariant, null=True, on_delete=models.SET_NULL,
                                related_name="+")
    product_name = models.CharField(max_length=386)
    variant_name = models.CharField(max_length=255, blank=True)
    product_sku = models.CharField(max_length=255, blank=True)
    is_shipping_required = models.BooleanField(default=True)
    quantity = models.PositiveIntegerField()
    quantity_fulfilled = models.PositiveIntegerField(default=0)
    quantity_canceled = models.PositiveIntegerField(default=0)
    unit_price = models.PositiveBigIntegerField()  # before the voucher
    discount = models.PositiveBigIntegerField(default=0)  # whole line
    # Who pays the line's discount: "marketplace" or "producer" (the paying issue's ledger).
    discount_funder = models.CharField(max_length=12, blank=True)
    voucher_code = models.CharField(max_length=40, blank=True)
    total = models.PositiveBigIntegerField()  # unit_price × quantity − discount
    weight_grams = models.PositiveIntegerField(default=0)
    cancel_reason = models.CharField(max_length=500, blank=True)
    # The marketplace's commission on this line, frozen at placement (ledger.commission).
    commission_bps = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    @property
    def undiscounted_total(self) -> int:
        return self.unit_price * self.quantity

    @property
    def quantity_to_fulfill(self) -> int:
        return self.quantity - self.quantity_fulfilled - self.quantity_canceled


class Fulfillment(models.Model):
    producer_order = models.ForeignKey(ProducerOrder, on_delete=models.CASCADE,
                                       related_name="fulfillments")
    fulfillment_order = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, default="fulfilled")
    carrier = models.CharField(max_length=100, blank=True)
    tracking_number = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]


class FulfillmentLine(models.Model):
    fulfillment = models.ForeignKey(Fulfillment, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()


class OrderEvent(models.Model):
    """Every change of an order, with who made it and when."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    producer_order = models.ForeignKey(ProducerOrder, null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="events")
    date = models.DateTimeField(auto_now_add=True, db_index=True)
    type = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    parameters = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["date", "pk"]


class GrantedRefundStatus(models.TextChoices):
    """Saleor's OrderGrantedRefundStatusEnum (lower case)."""

    NONE = "none", "Chưa gửi yêu cầu"
    PENDING = "pending", "Chờ chuyển tiền"
    SUCCESS = "success", "Đã hoàn tiền"
    FAILURE = "failure", "Hoàn tiền thất bại"


class RefundKind(models.TextChoices):
    REFUND = "refund", "Hoàn tiền"
    RETURN = "return", "Trả hàng"
    CANCELLATION = "cancellation", "Huỷ hàng"
    OVERPAYMENT = "overpayment", "Trả lại tiền thừa"


class OrderGrantedRefund(models.Model):
    """Money granted back to the shopper for part of one producer order (Saleor's
    OrderGrantedRefund, per producer order because each one is its own set of books).

    Granted (``none``) it may still change; requested, it is posted to the ledger with
    its ``sequence`` within the producer order and sent through the gateway that charged
    (card) or owed until the operator marks the bank transfer sent (VietQR, COD).
    A cancellation before the money arrived is a refund nobody pays (``amount`` 0,
    ``before_payment``): it only reduces what the payment or COD delivery posts.
    """

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="granted_refunds")
    producer_order = models.ForeignKey(ProducerOrder, null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="granted_refunds")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=16, choices=RefundKind.choices,
                            default=RefundKind.REFUND)
    reason = models.CharField(max_length=500, blank=True)
    shipping = models.PositiveBigIntegerField(default=0)  # shipping price given back
    amount = models.PositiveBigIntegerField(default=0)  # what the shopper gets back
    status = models.CharField(max_length=16, choices=GrantedRefundStatus.choices,
                              default=GrantedRefundStatus.NONE)
    stage = models.CharField(max_length=20, blank=True)  # ledger.recipes.Stage when requested
    sequence = models.PositiveIntegerField(null=True, blank=True)  # order of requests per part
    before_payment = models.BooleanField(default=False)
    requested_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    gateway = models.CharField(max_length=100, blank=True)
    transaction = models.ForeignKey("payment.TransactionItem", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    psp_reference = models.CharField(max_length=255, blank=True)
    message = models.CharField(max_length=500, blank=True)  # the gateway's failure, a note

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["producer_order", "sequence"],
                                               name="order_refund_sequence_unique")]
        verbose_name = "khoản hoàn tiền"
        verbose_name_plural = "khoản hoàn tiền"

    @property
    def shipping_costs_included(self) -> bool:
        return self.shipping > 0


class OrderGrantedRefundLine(models.Model):
    refund = models.ForeignKey(OrderGrantedRefund, on_delete=models.CASCADE,
                               related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(default=0)
    gross = models.PositiveBigIntegerField()  # part of unit price × quantity given back
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
