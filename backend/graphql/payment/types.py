"""Saleor's transaction types (TransactionItem, TransactionEvent) and payloads."""

from __future__ import annotations

import graphene

from backend.payment.models import TransactionEvent as EventModel
from backend.payment.models import TransactionItem as ItemModel
from backend.payment.transactions import EventType

from ..core.ids import to_id
from ..core.metadata import MetadataItem, metadata_items
from ..core.scalars import JSON
from ..core.types import Money, money


class TransactionActionEnum(graphene.Enum):
    CHARGE = "CHARGE"
    REFUND = "REFUND"
    CANCEL = "CANCEL"


# One list of event types: the transactions service's.
TransactionEventTypeEnum = graphene.Enum.from_enum(
    EventType, name="TransactionEventTypeEnum", description="What happened to a payment.")


class TransactionEvent(graphene.ObjectType):
    id = graphene.ID(required=True)
    created_at = graphene.DateTime(required=True)
    psp_reference = graphene.String(required=True)
    message = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)
    type = graphene.Field(TransactionEventTypeEnum)
    external_url = graphene.String(required=True)
    idempotency_key = graphene.String()
    producer_order_number = graphene.String(
        description="The producer's parcel this event is about (extension).")

    @staticmethod
    def resolve_external_url(root: EventModel, info):
        return ""

    @staticmethod
    def resolve_id(root: EventModel, info):
        return to_id("TransactionEvent", root.pk)

    @staticmethod
    def resolve_amount(root: EventModel, info):
        return money(root.amount, root.currency)

    @staticmethod
    def resolve_producer_order_number(root: EventModel, info):
        return root.producer_order.number if root.producer_order_id else None


class TransactionItem(graphene.ObjectType):
    id = graphene.ID(required=True)
    token = graphene.UUID(required=True)
    created_at = graphene.DateTime(required=True)
    modified_at = graphene.DateTime(required=True)
    actions = graphene.NonNull(graphene.List(graphene.NonNull(TransactionActionEnum)))
    authorized_amount = graphene.Field(Money, required=True)
    charged_amount = graphene.Field(Money, required=True)
    canceled_amount = graphene.Field(Money, required=True)
    refunded_amount = graphene.Field(Money, required=True)
    name = graphene.String(required=True)
    message = graphene.String(required=True)
    psp_reference = graphene.String(required=True)
    events = graphene.NonNull(graphene.List(graphene.NonNull(TransactionEvent)))
    metadata = graphene.NonNull(graphene.List(graphene.NonNull(MetadataItem)))
    authorize_pending_amount = graphene.Field(Money, required=True)
    refund_pending_amount = graphene.Field(Money, required=True)
    cancel_pending_amount = graphene.Field(Money, required=True)
    charge_pending_amount = graphene.Field(Money, required=True)
    external_url = graphene.String(required=True)
    # Extensions.
    gateway = graphene.String(required=True, description="The gateway's id (extension).")
    refund_due = graphene.Field(
        Money, required=True,
        description="Money received beyond the order's total, to be refunded (extension).")
    payment_instructions = JSON(
        description="VietQR: while money is still due, the transfer request again "
        "(`vietqr.payload`, `vietqr.svg`, `transfer{…}`); null otherwise (extension).")

    @staticmethod
    def resolve_id(root: ItemModel, info):
        return to_id("TransactionItem", root.token)

    @staticmethod
    def resolve_token(root: ItemModel, info):
        return root.token

    @staticmethod
    def resolve_actions(root: ItemModel, info):
        return list(root.available_actions or [])

    @staticmethod
    def resolve_authorized_amount(root: ItemModel, info):
        return money(root.authorized_value, root.currency)

    @staticmethod
    def resolve_charged_amount(root: ItemModel, info):
        return money(root.charged_value, root.currency)

    @staticmethod
    def resolve_canceled_amount(root: ItemModel, info):
        return money(root.canceled_value, root.currency)

    @staticmethod
    def resolve_refunded_amount(root: ItemModel, info):
        return money(root.refunded_value, root.currency)

    @staticmethod
    def resolve_events(root: ItemModel, info):
        return list(root.events.select_related("producer_order__order"))

    @staticmethod
    def resolve_metadata(root: ItemModel, info):
        return metadata_items(root.metadata)

    @staticmethod
    def resolve_authorize_pending_amount(root: ItemModel, info):
        return money(0, root.currency)

    resolve_refund_pending_amount = resolve_authorize_pending_amount
    resolve_cancel_pending_amount = resolve_authorize_pending_amount
    resolve_charge_pending_amount = resolve_authorize_pending_amount

    @staticmethod
    def resolve_external_url(root: ItemModel, info):
        return ""

    @staticmethod
    def resolve_gateway(root: ItemModel, info):
        from backend.payment.gateway import public_id

        return public_id(root.gateway)

    @staticmethod
    def resolve_refund_due(root: ItemModel, info):
        return money(root.refund_due, root.currency)

    @staticmethod
    def resolve_payment_instructions(root: ItemModel, info):
        from backend.payment import vietqr

        if root.gateway != vietqr.GATEWAY_ID:
            return None
        return vietqr.transfer_details(root)
