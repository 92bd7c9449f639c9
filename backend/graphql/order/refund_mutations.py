"""Refund mutations: Saleor's ``orderGrantRefundCreate`` / ``orderGrantRefundUpdate`` /
``transactionRequestRefundForGrantedRefund`` for operator staff, and extensions:
``orderGrantedRefundMarkSent`` (the operator sent a bank transfer) and
``producerOrderRefund`` (a producer's owner or manager refunds its own delivered lines).

The rules live in backend/order/refunds.py; these only parse ids and amounts.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import Enum

import graphene
from django.core.exceptions import ValidationError

from backend.order import refunds
from backend.order.models import OrderGrantedRefund as GrantModel
from backend.order.models import OrderLine as OrderLineModel
from backend.order.models import ProducerOrder as ProducerOrderModel
from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode
from backend.sellers.access import can_act_for
from backend.sellers.roles import Capability

from ..checkout.lookup import token_from_id, viewer
from ..core.errors import PermissionDenied
from ..core.ids import from_id
from ..core.mutations import BaseMutation, validation_error_fields
from ..payment.types import TransactionItem
from .types import Order, OrderGrantedRefund, ProducerOrder

_CODES = ("GRAPHQL_ERROR", "NOT_FOUND", "NOT_CONFIGURED", "SHIPPING_COSTS_ALREADY_GRANTED",
          "AMOUNT_GREATER_THAN_AVAILABLE", "REQUIRED", "INVALID")


def _enum(name: str, members: tuple[str, ...]):
    return graphene.Enum(name, [(m, m) for m in members])


OrderGrantRefundCreateErrorCode = _enum("OrderGrantRefundCreateErrorCode", _CODES)
OrderGrantRefundUpdateErrorCode = _enum("OrderGrantRefundUpdateErrorCode", _CODES)
TransactionRequestRefundForGrantedRefundErrorCode = _enum(
    "TransactionRequestRefundForGrantedRefundErrorCode",
    ("INVALID", "GRAPHQL_ERROR", "NOT_FOUND", "AMOUNT_GREATER_THAN_AVAILABLE",
     "MISSING_TRANSACTION_ACTION_REQUEST_WEBHOOK", "REFUND_ALREADY_PROCESSED",
     "REFUND_IS_PENDING"))
ProducerOrderRefundErrorCode = _enum(
    "ProducerOrderRefundErrorCode",
    (*_CODES, "QUANTITY_GREATER_THAN_AVAILABLE", "NOT_PAID", "NOT_DELIVERED"))


def _error_type(name: str, code_enum):
    fields = {"field": graphene.String(), "message": graphene.String(),
              "code": graphene.Field(code_enum, required=True)}
    return type(name, (graphene.ObjectType,), fields)


OrderGrantRefundCreateError = _error_type("OrderGrantRefundCreateError",
                                          OrderGrantRefundCreateErrorCode)
OrderGrantRefundUpdateError = _error_type("OrderGrantRefundUpdateError",
                                          OrderGrantRefundUpdateErrorCode)
TransactionRequestRefundForGrantedRefundError = _error_type(
    "TransactionRequestRefundForGrantedRefundError",
    TransactionRequestRefundForGrantedRefundErrorCode)
ProducerOrderRefundError = _error_type("ProducerOrderRefundError", ProducerOrderRefundErrorCode)


class OrderGrantRefundCreateLineInput(graphene.InputObjectType):
    id = graphene.ID(required=True, description="The ID of the order line.")
    quantity = graphene.Int(required=True)
    reason = graphene.String()


class OrderGrantRefundCreateInput(graphene.InputObjectType):
    amount = graphene.Decimal(description="Less than the lines are worth (whole đồng).")
    reason = graphene.String()
    lines = graphene.List(graphene.NonNull(OrderGrantRefundCreateLineInput))
    grant_refund_for_shipping = graphene.Boolean()
    transaction_id = graphene.ID(description="Ignored: the transaction that charged the "
                                             "order is used.")
    is_return = graphene.Boolean(description="The goods come back (extension).")


class OrderGrantRefundUpdateLineAddInput(graphene.InputObjectType):
    id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)
    reason = graphene.String()


class OrderGrantRefundUpdateInput(graphene.InputObjectType):
    amount = graphene.Decimal()
    reason = graphene.String()
    add_lines = graphene.List(graphene.NonNull(OrderGrantRefundUpdateLineAddInput))
    remove_lines = graphene.List(graphene.NonNull(graphene.ID))
    grant_refund_for_shipping = graphene.Boolean()
    transaction_id = graphene.ID()


class _RefundMutation(BaseMutation):
    class Meta:
        abstract = True

    error_codes = Enum("RefundCodes", {m: m for m in (
        *_CODES, "QUANTITY_GREATER_THAN_AVAILABLE", "NOT_PAID", "NOT_DELIVERED",
        "PERMISSION_DENIED", "REFUND_ALREADY_PROCESSED")})
    default_error_code = error_codes.INVALID

    allowed_codes: frozenset[str] = frozenset(_CODES)

    @classmethod
    def error_payload(cls, error: ValidationError):
        rows = validation_error_fields(error, cls.error_codes, cls.default_error_code)
        return cls(errors=[cls.error_type(
            field=r["field"], message=r["message"],
            code=r["code"].value if r["code"].value in cls.allowed_codes else "INVALID")
            for r in rows])

    @classmethod
    def mutate(cls, root, info, **data):
        try:
            payload = cls.perform_mutation(root, info, **data)
        except refunds.RefundError as error:
            if error.code == "PERMISSION_DENIED":
                raise PermissionDenied(error.message) from None
            payload = cls.error_payload(error)
        except ValidationError as error:
            payload = cls.error_payload(error)
        cls._set_alias(payload)
        return payload


def _amount(value) -> int | None:
    """Whole đồng from the API's Decimal; a fraction or a huge number is an input error."""
    if value is None:
        return None
    try:
        decimal = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise refunds.RefundError("amount", "Số tiền hoàn phải là số đồng nguyên.") from None
    if not decimal.is_finite() or decimal != decimal.to_integral_value():
        raise refunds.RefundError("amount", "Số tiền hoàn phải là số đồng nguyên (VND không "
                                  "có xu).")
    if abs(decimal) > 10**15:
        raise refunds.RefundError("amount", "Số tiền hoàn quá lớn.",
                                  "AMOUNT_GREATER_THAN_AVAILABLE")
    return int(decimal)


def _line_requests(lines, po: ProducerOrderModel | None = None,
                   order_id: int | None = None) -> tuple[list, ProducerOrderModel | None]:
    """Parse lines; they must all be of one producer order (of ``po`` when given)."""
    if lines is not None and len(lines) > 100:
        raise refunds.RefundError("lines", "Hãy chọn tối đa 100 dòng.")
    requests, part = [], po
    for line in lines or []:
        token = token_from_id(line["id"], "OrderLine")
        found = OrderLineModel.objects.filter(token=token).select_related(
            "producer_order").first() if token else None
        if found is None or (order_id is not None and found.order_id != order_id) or (
                part is not None and found.producer_order_id != part.pk):
            raise refunds.RefundError("lines", "Sản phẩm này không thuộc đơn.", "NOT_FOUND")
        part = part or found.producer_order
        requests.append(refunds.LineRequest(found.pk, line["quantity"], line.get("reason")
                                            or ""))
    return requests, part


def _require(info, permission: PermissionCode) -> None:
    if not has_permission(getattr(info.context, "user", None), permission):
        raise PermissionDenied(f"Cần quyền {permission.value}.")


class OrderGrantRefundCreate(_RefundMutation):
    """Grant a refund for lines (and shipping) of one producer's parcel (staff)."""

    class Arguments:
        id = graphene.ID(required=True, description="ID of the order.")
        input = OrderGrantRefundCreateInput(required=True)

    order = graphene.Field(Order)
    granted_refund = graphene.Field(OrderGrantedRefund)
    errors = graphene.NonNull(graphene.List(graphene.NonNull(OrderGrantRefundCreateError)))
    error_type = OrderGrantRefundCreateError

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        _require(info, PermissionCode.MANAGE_ORDERS)
        from .schema import order_from_id

        order = order_from_id(info, id)
        if order is None:
            raise refunds.RefundError("id", "Không tìm thấy đơn hàng.", "NOT_FOUND")
        requests, part = _line_requests(input.get("lines"), order_id=order.pk)
        if part is None:
            raise refunds.RefundError("lines", "Hãy chọn sản phẩm cần hoàn (mỗi khoản hoàn "
                                      "thuộc một kiện hàng).", "REQUIRED")
        grant = refunds.grant(
            part, viewer(info), requests, reason=input.get("reason") or "",
            shipping=bool(input.get("grant_refund_for_shipping")),
            amount=_amount(input.get("amount")),
            kind="return" if input.get("is_return") else "refund")
        return cls(errors=[], order=order, granted_refund=grant)


class OrderGrantRefundUpdate(_RefundMutation):
    class Arguments:
        id = graphene.ID(required=True, description="ID of the granted refund.")
        input = OrderGrantRefundUpdateInput(required=True)

    order = graphene.Field(Order)
    granted_refund = graphene.Field(OrderGrantedRefund)
    errors = graphene.NonNull(graphene.List(graphene.NonNull(OrderGrantRefundUpdateError)))
    error_type = OrderGrantRefundUpdateError

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        _require(info, PermissionCode.MANAGE_ORDERS)
        grant = _grant(id)
        lines = None
        if input.get("add_lines") is not None or input.get("remove_lines") is not None:
            removed = {token_from_id(i, "OrderLine") for i in input.get("remove_lines") or []}
            kept = [refunds.LineRequest(r.order_line_id, r.quantity, r.reason)
                    for r in grant.lines.select_related("order_line")
                    if r.order_line.token not in removed]
            added, _ = _line_requests(input.get("add_lines"), po=grant.producer_order)
            lines = kept + added
        grant = refunds.update(
            grant, viewer(info), reason=input.get("reason"), lines=lines,
            shipping=input.get("grant_refund_for_shipping"),
            amount=_amount(input.get("amount")))
        return cls(errors=[], order=grant.order, granted_refund=grant)


def _grant(global_id) -> GrantModel:
    token = token_from_id(global_id, "OrderGrantedRefund")
    grant = GrantModel.objects.select_related("producer_order__order", "order").filter(
        token=token).first() if token else None
    if grant is None:
        raise refunds.RefundError("id", "Không tìm thấy khoản hoàn tiền.", "NOT_FOUND")
    return grant


class TransactionRequestRefundForGrantedRefund(_RefundMutation):
    """Post the granted refund and send it through the gateway that charged (a card);
    VietQR and COD refunds wait for the operator's bank transfer."""

    class Arguments:
        granted_refund_id = graphene.ID(required=True)
        id = graphene.ID()
        token = graphene.UUID()

    transaction = graphene.Field(TransactionItem)
    granted_refund = graphene.Field(OrderGrantedRefund, description="(extension)")
    errors = graphene.NonNull(graphene.List(graphene.NonNull(
        TransactionRequestRefundForGrantedRefundError)))
    error_type = TransactionRequestRefundForGrantedRefundError
    allowed_codes = frozenset(TransactionRequestRefundForGrantedRefundErrorCode._meta.enum
                              .__members__)

    @classmethod
    def perform_mutation(cls, root, info, granted_refund_id, id=None, token=None):
        _require(info, PermissionCode.HANDLE_PAYMENTS)
        grant = _grant(granted_refund_id)
        if grant.producer_order_id is None:
            raise refunds.RefundError("grantedRefundId", "Khoản trả lại tiền thừa được chuyển "
                                      "khoản rồi đánh dấu đã hoàn.", "INVALID")
        grant = refunds.request(grant, viewer(info))
        return cls(errors=[], transaction=grant.transaction, granted_refund=grant)


class OrderGrantedRefundMarkSent(_RefundMutation):
    """The operator sent the refund by bank transfer (extension)."""

    class Arguments:
        id = graphene.ID(required=True)
        psp_reference = graphene.String(description="The bank transfer's reference.")

    granted_refund = graphene.Field(OrderGrantedRefund)
    errors = graphene.NonNull(graphene.List(graphene.NonNull(
        TransactionRequestRefundForGrantedRefundError)))
    error_type = TransactionRequestRefundForGrantedRefundError
    allowed_codes = frozenset(TransactionRequestRefundForGrantedRefundErrorCode._meta.enum
                              .__members__)

    @classmethod
    def perform_mutation(cls, root, info, id, psp_reference=None):
        _require(info, PermissionCode.HANDLE_PAYMENTS)
        grant = refunds.mark_sent(_grant(id), viewer(info),
                                  psp_reference=(psp_reference or "")[:255])
        return cls(errors=[], granted_refund=grant)


class ProducerOrderRefund(_RefundMutation):
    """A producer's owner or manager gives money back for its own delivered lines, with a
    reason, up to what the shopper paid for them (extension)."""

    class Arguments:
        id = graphene.ID(required=True, description="ID of the producer order.")
        lines = graphene.List(graphene.NonNull(OrderGrantRefundCreateLineInput))
        amount = graphene.Decimal()
        reason = graphene.String(required=True)
        grant_refund_for_shipping = graphene.Boolean()
        is_return = graphene.Boolean()

    producer_order = graphene.Field(ProducerOrder)
    granted_refund = graphene.Field(OrderGrantedRefund)
    errors = graphene.NonNull(graphene.List(graphene.NonNull(ProducerOrderRefundError)))
    error_type = ProducerOrderRefundError
    allowed_codes = frozenset(ProducerOrderRefundErrorCode._meta.enum.__members__)

    @classmethod
    def perform_mutation(cls, root, info, id, reason, lines=None, amount=None,
                         grant_refund_for_shipping=False, is_return=False):
        pk = from_id(id, "ProducerOrder")
        part = ProducerOrderModel.objects.select_related("order", "producer").filter(
            pk=pk).first()
        user = getattr(info.context, "user", None)
        if part is None or not can_act_for(user, part.producer_id, Capability.REFUND_ORDERS,
                                           PermissionCode.MANAGE_ORDERS):
            raise PermissionDenied("Bạn không có quyền hoàn tiền cho đơn này (chủ hoặc quản "
                                   "lý của chủ thể).")
        requests, _ = _line_requests(lines, po=part)
        grant = refunds.producer_refund(
            part, viewer(info), requests, reason=reason, amount=_amount(amount),
            shipping=bool(grant_refund_for_shipping), is_return=bool(is_return))
        part.refresh_from_db()
        return cls(errors=[], producer_order=part, granted_refund=grant)


class RefundMutations(graphene.ObjectType):
    order_grant_refund_create = OrderGrantRefundCreate.Field()
    order_grant_refund_update = OrderGrantRefundUpdate.Field()
    transaction_request_refund_for_granted_refund = \
        TransactionRequestRefundForGrantedRefund.Field()
    order_granted_refund_mark_sent = OrderGrantedRefundMarkSent.Field()
    producer_order_refund = ProducerOrderRefund.Field()
