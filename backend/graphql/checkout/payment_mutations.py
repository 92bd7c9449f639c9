"""checkoutComplete, deliveryOptionsCalculate, paymentGatewayInitialize,
transactionInitialize / transactionProcess (gateways in backend/payment/gateway.py) and
updateMetadata on checkouts."""

from __future__ import annotations

import uuid

import graphene
from django.core.exceptions import ValidationError
from django.db import transaction

from backend.checkout.errors import CheckoutErrorCode as Code
from backend.checkout.errors import CheckoutProblem
from backend.checkout.summary import summarize
from backend.order.complete import complete_checkout
from backend.payment import gateway as gateways

from ..core.errors import PermissionDenied
from ..core.metadata import MetadataError, MetadataInput, ObjectWithMetadata, merge_metadata
from ..core.scalars import JSON, PositiveDecimal
from ..order.types import Order
from ..payment.types import TransactionEvent, TransactionItem
from .lookup import load_checkout, token_from_id, viewer
from .mutations import CheckoutMutation
from .types import Delivery, option_for_quotes, summary_of


class CheckoutComplete(CheckoutMutation):
    """Place the order: one Order for the purchase, one ProducerOrder per producer."""

    atomic = False  # a changed price is remembered even though completion refuses
    order = graphene.Field(Order)
    confirmation_needed = graphene.Boolean(required=True)
    confirmation_data = graphene.JSONString()

    class Arguments:
        id = graphene.ID()
        checkout_id = graphene.ID(deprecation_reason="Use `id` instead.")
        token = graphene.UUID(deprecation_reason="Use `id` instead.")
        customer_note = graphene.String()
        metadata = graphene.List(graphene.NonNull(MetadataInput))
        payment_data = graphene.JSONString()
        redirect_url = graphene.String()
        store_source = graphene.Boolean(default_value=False)

    @classmethod
    def perform_mutation(cls, root, info, id=None, checkout_id=None, token=None,
                         customer_note=None, metadata=None, payment_data=None,
                         redirect_url=None, store_source=False):
        checkout = load_checkout(info, id or checkout_id, token)
        if customer_note is not None or metadata:
            if customer_note is not None:
                checkout.customer_note = customer_note[:2000]
            if metadata:
                try:
                    checkout.metadata = merge_metadata(checkout.metadata, metadata)
                except ValueError as error:
                    raise CheckoutProblem("metadata", str(error), Code.INVALID) from None
            checkout.save(update_fields=["customer_note", "metadata", "last_change"])
        order = complete_checkout(checkout, viewer(info))
        return cls(order=order, confirmation_needed=False, confirmation_data=None)

    @classmethod
    def _set_alias(cls, payload):
        super()._set_alias(payload)
        if getattr(payload, "confirmation_needed", None) is None:
            payload.confirmation_needed = False


class DeliveryOptionsCalculateErrorCode(graphene.Enum):
    GRAPHQL_ERROR = "graphql_error"
    NOT_FOUND = "not_found"
    INVALID = "invalid"


class DeliveryOptionsCalculateError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(DeliveryOptionsCalculateErrorCode, required=True)


def _simple_errors(error_type, error: ValidationError):
    items = []
    for field, errors in (error.error_dict.items() if hasattr(error, "error_dict")
                          else [("__all__", error.error_list)]):
        for e in errors:
            items.append(error_type(field=None if field == "__all__" else field,
                                    message=" ".join(e.messages),
                                    code=e.code if e.code in ("not_found", "invalid")
                                    else "invalid"))
    return items


class DeliveryOptionsCalculate(graphene.Mutation):
    """The delivery choices of a checkout (methods every package offers)."""

    deliveries = graphene.NonNull(graphene.List(graphene.NonNull(Delivery)))
    errors = graphene.NonNull(graphene.List(graphene.NonNull(DeliveryOptionsCalculateError)))

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def mutate(cls, root, info, id):
        try:
            checkout = load_checkout(info, id)
        except ValidationError as error:
            return cls(deliveries=[], errors=_simple_errors(DeliveryOptionsCalculateError, error))
        summary = summary_of(info, checkout)
        return cls(deliveries=[option_for_quotes(q) for _, q in summary.shared_methods()],
                   errors=[])


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(required=True)
    data = JSON()


class PaymentGatewayConfigErrorCode(graphene.Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"


class PaymentGatewayConfigError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(PaymentGatewayConfigErrorCode, required=True)


class PaymentGatewayConfig(graphene.ObjectType):
    id = graphene.String(required=True)
    data = JSON()
    errors = graphene.List(graphene.NonNull(PaymentGatewayConfigError))


class PaymentGatewayInitializeErrorCode(graphene.Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"


class PaymentGatewayInitializeError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(PaymentGatewayInitializeErrorCode, required=True)


class PaymentGatewayInitialize(graphene.Mutation):
    """The gateways a checkout can pay with and their client data."""

    gateway_configs = graphene.List(graphene.NonNull(PaymentGatewayConfig))
    errors = graphene.NonNull(graphene.List(graphene.NonNull(PaymentGatewayInitializeError)))

    class Arguments:
        id = graphene.ID(required=True)
        amount = PositiveDecimal()
        payment_gateways = graphene.List(graphene.NonNull(PaymentGatewayToInitialize))

    @classmethod
    def mutate(cls, root, info, id, amount=None, payment_gateways=None):
        try:
            checkout = load_checkout(info, id)
        except ValidationError as error:
            return cls(gateway_configs=[],
                       errors=_simple_errors(PaymentGatewayInitializeError, error))
        summary = summary_of(info, checkout)
        offered = gateways.available()
        wanted = [g["id"] for g in (payment_gateways or [])][:10] or offered
        configs = []
        for gateway in wanted:
            if gateway not in offered:
                configs.append(PaymentGatewayConfig(id=gateway[:100], data=None, errors=[
                    PaymentGatewayConfigError(field="id", code="not_found",
                                              message="Cổng thanh toán này không có.")]))
                continue
            problem = gateways.amount_problem(gateway, summary.total)
            errors = [PaymentGatewayConfigError(field="amount", code="invalid", message=problem)
                      ] if problem else []
            configs.append(PaymentGatewayConfig(
                id=gateway, errors=errors,
                data=gateways.config_data(gateway, summary.total, len(summary.packages))))
        return cls(gateway_configs=configs, errors=[])


class TransactionFlowStrategyEnum(graphene.Enum):
    AUTHORIZATION = "AUTHORIZATION"
    CHARGE = "CHARGE"


class TransactionInitializeErrorCode(graphene.Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    UNIQUE = "unique"
    CHECKOUT_COMPLETION_IN_PROGRESS = "checkout_completion_in_progress"


class TransactionInitializeError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(TransactionInitializeErrorCode, required=True)


class TransactionInitialize(graphene.Mutation):
    """Start a payment on a checkout. ``vn.ocop.cod``: cash on delivery, one promise for
    the purchase, collected parcel by parcel; ``vn.ocop.vietqr``: a bank transfer (``data``
    holds the VietQR payload, its SVG and the transfer details); Saleor's Stripe app id:
    a card PaymentIntent (``data.paymentIntent.stripeClientSecret``)."""

    transaction = graphene.Field(TransactionItem)
    transaction_event = graphene.Field(TransactionEvent)
    data = JSON()
    errors = graphene.NonNull(graphene.List(graphene.NonNull(TransactionInitializeError)))

    class Arguments:
        id = graphene.ID(required=True)
        action = TransactionFlowStrategyEnum()
        amount = PositiveDecimal()
        payment_gateway = PaymentGatewayToInitialize(required=True)
        customer_ip_address = graphene.String()
        idempotency_key = graphene.String()

    @classmethod
    def mutate(cls, root, info, id, payment_gateway, action=None, amount=None,
               customer_ip_address=None, idempotency_key=None):
        def refuse(field, message, code="invalid"):
            return cls(errors=[TransactionInitializeError(field=field, message=message,
                                                          code=code)])

        if token_from_id(id) is None:
            return refuse("id", "Không tìm thấy giỏ hàng.", "not_found")
        try:
            checkout = load_checkout(info, id)
        except ValidationError:
            return refuse("id", "Không tìm thấy giỏ hàng.", "not_found")
        gateway = payment_gateway["id"]
        if gateway not in gateways.available():
            return refuse("paymentGateway", "Cổng thanh toán này không có trên sàn.",
                          "not_found")
        summary = summarize(checkout)
        if not summary.lines:
            return refuse("id", "Giỏ hàng đang trống.")
        if amount is not None and amount != summary.total:
            return refuse("amount", "Số tiền thanh toán phải đúng tổng đơn "
                          f"({summary.total} đồng).")
        try:
            with transaction.atomic():
                started = gateways.initialize(gateway, checkout, summary, viewer(info),
                                              payment_gateway.get("data"))
        except gateways.GatewayRefused as refused:
            return refuse(refused.field, refused.message, refused.code)
        return cls(transaction=started.item, transaction_event=started.event, errors=[],
                   data=started.data)


class TransactionProcessErrorCode(graphene.Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    TRANSACTION_ALREADY_PROCESSED = "transaction_already_processed"
    MISSING_PAYMENT_APP_RELATION = "missing_payment_app_relation"
    MISSING_PAYMENT_APP = "missing_payment_app"
    CHECKOUT_COMPLETION_IN_PROGRESS = "checkout_completion_in_progress"


class TransactionProcessError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(TransactionProcessErrorCode, required=True)


class TransactionProcess(graphene.Mutation):
    """Continue a payment session: a card payment is read again from Stripe (3-D Secure
    surfaces as CHARGE_ACTION_REQUIRED, success as CHARGE_SUCCESS, a decline as
    CHARGE_FAILURE); a bank transfer answers its request again; cash on delivery comes back
    as it is."""

    transaction = graphene.Field(TransactionItem)
    transaction_event = graphene.Field(TransactionEvent)
    data = JSON()
    errors = graphene.NonNull(graphene.List(graphene.NonNull(TransactionProcessError)))

    class Arguments:
        id = graphene.ID()
        token = graphene.UUID()
        data = JSON()
        customer_ip_address = graphene.String()

    @classmethod
    def mutate(cls, root, info, id=None, token=None, data=None, customer_ip_address=None):
        from backend.payment.models import TransactionItem as ItemModel

        def refuse(field, message, code="invalid"):
            return cls(errors=[TransactionProcessError(field=field, message=message, code=code)])

        try:
            key = token_from_id(id, "TransactionItem") if id else (
                uuid.UUID(str(token)) if token else None)
        except ValueError:
            key = None
        item = (ItemModel.objects.select_related("checkout", "order").filter(token=key).first()
                if key else None)
        if item is None or (item.checkout is None and item.order is None):
            return refuse("id", "Không tìm thấy giao dịch.", "not_found")
        if not _may_pay(info, item):
            raise PermissionDenied("Giao dịch này thuộc giỏ hàng của tài khoản khác.")
        try:
            started = gateways.process(item, data)
        except gateways.GatewayRefused as refused:
            return refuse(refused.field, refused.message, refused.code)
        return cls(transaction=started.item, transaction_event=started.event,
                   data=started.data, errors=[])


def _may_pay(info, item) -> bool:
    """The checkout's shopper (as for every checkout mutation), or the order's."""
    from backend.permission.checks import has_permission
    from backend.permission.enums import PermissionCode

    from .lookup import may_use

    if item.checkout is not None:
        return may_use(info, item.checkout)
    owner = item.order.user_id
    user = viewer(info)
    if owner is None or (user is not None and user.pk == owner):
        return True
    return has_permission(getattr(info.context, "user", None), PermissionCode.MANAGE_ORDERS)


class UpdateMetadata(graphene.Mutation):
    """Set public metadata on a checkout (or an order the requestor owns)."""

    item = graphene.Field(ObjectWithMetadata)
    errors = graphene.NonNull(graphene.List(graphene.NonNull(MetadataError)))
    metadata_errors = graphene.NonNull(graphene.List(graphene.NonNull(MetadataError)),
                                       deprecation_reason="Use `errors` field instead.")

    class Arguments:
        id = graphene.ID(required=True)
        input = graphene.List(graphene.NonNull(MetadataInput), required=True)

    @classmethod
    def mutate(cls, root, info, id, input):
        def refuse(field, message, code="invalid"):
            errors = [MetadataError(field=field, message=message, code=code)]
            return cls(errors=errors, metadata_errors=errors)

        if token_from_id(id) is None:
            return refuse("id", "Chỉ sửa được metadata của giỏ hàng.", "not_found")
        try:
            checkout = load_checkout(info, id)
        except ValidationError:
            return refuse("id", "Không tìm thấy giỏ hàng.", "not_found")
        try:
            checkout.metadata = merge_metadata(checkout.metadata, input)
        except ValueError as error:
            return refuse("input", str(error))
        checkout.save(update_fields=["metadata", "last_change"])
        return cls(item=checkout, errors=[], metadata_errors=[])


class CheckoutPaymentMutations(graphene.ObjectType):
    checkout_complete = CheckoutComplete.Field()
    delivery_options_calculate = DeliveryOptionsCalculate.Field()
    payment_gateway_initialize = PaymentGatewayInitialize.Field()
    transaction_initialize = TransactionInitialize.Field()
    transaction_process = TransactionProcess.Field()
    update_metadata = UpdateMetadata.Field()
