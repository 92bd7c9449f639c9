"""Payments on Saleor's transaction shape: a TransactionItem per payment with its
amounts, and a TransactionEvent for each thing that happened to it. Gateways (COD here,
VietQR and cards in the paying issue) only add items and events."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class TransactionItem(models.Model):
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    name = models.CharField(max_length=512, blank=True)
    message = models.CharField(max_length=512, blank=True)
    psp_reference = models.CharField(max_length=512, blank=True)
    gateway = models.CharField(max_length=100)  # e.g. "vn.ocop.cod"
    currency = models.CharField(max_length=3, default="VND")
    authorized_value = models.PositiveBigIntegerField(default=0)
    charged_value = models.PositiveBigIntegerField(default=0)
    canceled_value = models.PositiveBigIntegerField(default=0)
    refunded_value = models.PositiveBigIntegerField(default=0)
    available_actions = models.JSONField(default=list, blank=True)
    checkout = models.ForeignKey("checkout.Checkout", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="transactions")
    order = models.ForeignKey("order.Order", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="transactions")
    metadata = models.JSONField(default=dict, blank=True)
    # Money the shopper sent beyond what the order costs: the operator refunds it
    # (extension; set by backend.payment.transactions on overpayment).
    refund_due = models.PositiveBigIntegerField(default=0)
    refund_due_reason = models.CharField(max_length=512, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["gateway", "psp_reference"])]
        verbose_name = "giao dịch thanh toán"
        verbose_name_plural = "giao dịch thanh toán"

    def __str__(self) -> str:
        return f"{self.name or self.gateway} {self.psp_reference}".strip()


class TransactionEvent(models.Model):
    transaction = models.ForeignKey(TransactionItem, on_delete=models.CASCADE,
                                    related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    type = models.CharField(max_length=64)  # Saleor's TransactionEventTypeEnum, lower case
    amount = models.PositiveBigIntegerField(default=0)
    currency = models.CharField(max_length=3, default="VND")
    psp_reference = models.CharField(max_length=512, blank=True)
    message = models.CharField(max_length=512, blank=True)
    created_by_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")
    # Extension: the producer's parcel a COD charge was collected for.
    producer_order = models.ForeignKey("order.ProducerOrder", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["pk"]


class WebhookEventClaim(models.Model):
    """One row per provider event ever acted on: the replay guard's memory.

    Claimed inside the transaction that records the event's effect, so a rollback
    forgets the claim too and the provider's retry can succeed.
    """

    provider = models.CharField(max_length=32)
    event_id = models.CharField(max_length=255)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"],
                                               name="payment_webhook_event_once")]


class OrderSettlement(models.Model):
    """What the payments already told the books about an order: paid once, and how
    much overpayment was reported (so each đồng of excess is reported once)."""

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE,
                                 related_name="settlement")
    paid_at = models.DateTimeField(null=True, blank=True)
    paid_gateway = models.CharField(max_length=100, blank=True)
    overpaid_reported = models.PositiveBigIntegerField(default=0)
