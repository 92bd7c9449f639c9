"""Order queries and mutations.

Shoppers: ``order(id)`` (the purchase's random id, as Saleor: a guest's confirmation page
reads it), ``me.orders``, ``producerOrderCancel`` before a part ships. Producer teams:
``producerOrders`` / ``producerOrder`` and the lifecycle mutations, each asking
``backend.sellers.access.can_act_for`` (MANAGE_ORDERS); staff holding MANAGE_ORDERS act
for every producer. Anyone else gets a permission error and nothing changes.
"""

from __future__ import annotations

from enum import Enum

import graphene
from django.core.exceptions import ValidationError

from backend.order import services
from backend.order.models import Order as OrderModel
from backend.order.models import ProducerOrder as ProducerOrderModel
from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode
from backend.sellers.access import can_act_for, producers_for
from backend.sellers.roles import Capability

from ..checkout.lookup import token_from_id, viewer
from ..core.connection import SortSpec, paginate
from ..core.errors import PermissionDenied
from ..core.ids import from_id
from ..core.mutations import BaseMutation
from .types import Order, ProducerOrder, ProducerOrderCountableConnection, ProducerOrderStatus


def _is_owner(info, order: OrderModel) -> bool:
    user = viewer(info)
    return user is not None and order.user_id == user.pk


def may_see_order(info, order: OrderModel) -> bool:
    """The buyer; a guest holding the order's random id; staff with MANAGE_ORDERS."""
    if has_permission(getattr(info.context, "user", None), PermissionCode.MANAGE_ORDERS):
        return True
    if order.user_id is None:
        return True  # the id is the guest's secret, as in Saleor
    return _is_owner(info, order)


def order_from_id(info, global_id) -> OrderModel | None:
    token = token_from_id(global_id, "Order")
    if token is None:
        from ..core.errors import InvalidArgument

        raise InvalidArgument("Invalid ID. Expected: Order.")
    order = OrderModel.objects.select_related("channel", "user", "shipping_address",
                                              "billing_address").filter(token=token).first()
    if order is None:
        return None
    if not may_see_order(info, order):
        raise PermissionDenied("Đơn hàng này thuộc tài khoản khác.")
    return order


def team_may(info, part: ProducerOrderModel) -> bool:
    return can_act_for(getattr(info.context, "user", None), part.producer_id,
                       Capability.MANAGE_ORDERS, PermissionCode.MANAGE_ORDERS)


def producer_order_for_team(info, global_id) -> ProducerOrderModel:
    pk = from_id(global_id, "ProducerOrder")
    part = ProducerOrderModel.objects.select_related("order", "producer").filter(pk=pk).first()
    if part is None or not team_may(info, part):
        # The same answer for "not yours" and "no such order": ids are not probed.
        raise PermissionDenied("Bạn không có quyền với đơn hàng này (quyền MANAGE_ORDERS "
                               "của chủ thể).")
    return part


class OrderQueries(graphene.ObjectType):
    order = graphene.Field(Order, id=graphene.ID(description="ID of an order."),
                           external_reference=graphene.String(),
                           description="Look up an order by ID.")
    producer_order = graphene.Field(ProducerOrder, id=graphene.ID(required=True),
                                    description="One producer's part (its team; extension).")
    producer_orders = graphene.ConnectionField(
        ProducerOrderCountableConnection,
        producer_id=graphene.ID(description="Only this producer's (default: every producer "
                                            "the user acts for)."),
        status=graphene.List(graphene.NonNull(ProducerOrderStatus)),
        description="Producer orders the signed-in team member may handle (extension).")

    @staticmethod
    def resolve_order(root, info, id=None, external_reference=None):
        if id is None:
            return None
        return order_from_id(info, id)

    @staticmethod
    def resolve_producer_order(root, info, id):
        return producer_order_for_team(info, id)

    @staticmethod
    def resolve_producer_orders(root, info, producer_id=None, status=None, **args):
        user = getattr(info.context, "user", None)
        qs = ProducerOrderModel.objects.select_related("order", "producer", "shipping_method")
        if has_permission(user, PermissionCode.MANAGE_ORDERS):
            pass
        else:
            allowed = producers_for(user, Capability.MANAGE_ORDERS)
            if viewer(info) is None:
                raise PermissionDenied("Hãy đăng nhập bằng tài khoản của chủ thể.")
            qs = qs.filter(producer__in=allowed)
        if producer_id is not None:
            pk = from_id(producer_id, "Producer")
            if not can_act_for(user, pk, Capability.MANAGE_ORDERS, PermissionCode.MANAGE_ORDERS):
                raise PermissionDenied("Bạn không có quyền với đơn hàng của chủ thể này.")
            qs = qs.filter(producer_id=pk)
        if status:
            qs = qs.filter(status__in=[getattr(s, "value", s) for s in status])
        return paginate(qs, args, SortSpec(["pk"], descending=True),
                        ProducerOrderCountableConnection, info)


class OrderErrorCode(graphene.Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    CANNOT_CANCEL_ORDER = "cannot_cancel_order"
    CANNOT_CANCEL_FULFILLMENT = "cannot_cancel_fulfillment"
    FULFILL_ORDER_LINE = "fulfill_order_line"


class OrderError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(OrderErrorCode, required=True)


_OrderCodes = Enum("OrderErrorCodes", {m: m.lower() for m in (
        "GRAPHQL_ERROR", "INVALID", "NOT_FOUND", "REQUIRED", "CANNOT_CANCEL_ORDER",
        "CANNOT_CANCEL_FULFILLMENT", "FULFILL_ORDER_LINE")})


class OrderMutation(BaseMutation):
    error_type = OrderError
    error_codes = _OrderCodes
    default_error_code = _OrderCodes.INVALID
    errors = graphene.NonNull(graphene.List(graphene.NonNull(OrderError)))
    producer_order = graphene.Field(ProducerOrder)
    order = graphene.Field(Order)

    class Meta:
        abstract = True

    @classmethod
    def error_payload(cls, error: ValidationError):
        from ..core.mutations import validation_error_fields

        return cls(errors=[OrderError(field=e["field"], message=e["message"],
                                      code=e["code"].value)
                           for e in validation_error_fields(error, cls.error_codes,
                                                            cls.default_error_code)])

    @classmethod
    def done(cls, part: ProducerOrderModel):
        part.refresh_from_db()
        return cls(errors=[], producer_order=part, order=part.order)


class ProducerOrderConfirm(OrderMutation):
    """The producer's team accepts its part (unconfirmed → unfulfilled)."""

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        part = producer_order_for_team(info, id)
        return cls.done(services.confirm(part, viewer(info)))


class ProducerOrderFulfill(OrderMutation):
    """Ship the part with a carrier and tracking number."""

    class Arguments:
        id = graphene.ID(required=True)
        carrier = graphene.String()
        tracking_number = graphene.String()

    @classmethod
    def perform_mutation(cls, root, info, id, carrier="", tracking_number=""):
        part = producer_order_for_team(info, id)
        services.ship(part, viewer(info), (carrier or "")[:100], (tracking_number or "")[:200])
        return cls.done(part)


class ProducerOrderMarkDelivered(OrderMutation):
    """The parcel arrived and its cash was collected (records the COD charge)."""

    class Arguments:
        id = graphene.ID(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id):
        part = producer_order_for_team(info, id)
        return cls.done(services.mark_delivered(part, viewer(info)))


class OrderLineCancelInput(graphene.InputObjectType):
    line_id = graphene.ID(required=True)
    quantity = graphene.Int(required=True)


class ProducerOrderLinesCancel(OrderMutation):
    """Cancel units the producer cannot supply, with a reason (stock back, shopper told)."""

    class Arguments:
        id = graphene.ID(required=True)
        lines = graphene.List(graphene.NonNull(OrderLineCancelInput), required=True)
        reason = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, lines, reason):
        part = producer_order_for_team(info, id)
        if not lines or len(lines) > 100:
            raise services.OrderActionError("lines", "Hãy chọn từ 1 đến 100 dòng cần huỷ.")
        tokens = {}
        for line in lines:
            token = token_from_id(line["line_id"], "OrderLine")
            if token is None:
                raise services.OrderActionError("lineId", "Dòng không hợp lệ.", "not_found")
            tokens[token] = line["quantity"]
        found = dict(part.lines.filter(token__in=list(tokens)).values_list("token", "pk"))
        if len(found) != len(tokens):
            raise services.OrderActionError("lineId", "Dòng này không thuộc đơn.", "not_found")
        services.cancel_lines(part, viewer(info),
                              {found[t]: q for t, q in tokens.items()}, reason[:500])
        return cls.done(part)


class ProducerOrderCancel(OrderMutation):
    """Cancel a whole part before it ships: its team, the buyer, or a guest holding the
    purchase's id."""

    class Arguments:
        id = graphene.ID(required=True)
        reason = graphene.String()
        order_id = graphene.ID(description="The purchase's id (a guest's proof).")

    @classmethod
    def perform_mutation(cls, root, info, id, reason=None, order_id=None):
        pk = from_id(id, "ProducerOrder")
        part = ProducerOrderModel.objects.select_related("order", "producer").filter(
            pk=pk).first()
        if part is None:
            raise PermissionDenied()
        by_team = team_may(info, part)
        by_buyer = _is_owner(info, part.order) or (
            part.order.user_id is None and order_id is not None
            and token_from_id(order_id, "Order") == part.order.token)
        if not (by_team or by_buyer):
            raise PermissionDenied("Bạn không có quyền huỷ đơn này.")
        reason = (reason or "").strip()[:500] or ("Người mua huỷ" if by_buyer else "")
        services.cancel(part, viewer(info), reason, by_shopper=by_buyer and not by_team)
        return cls.done(part)


class OrderMutations(graphene.ObjectType):
    producer_order_confirm = ProducerOrderConfirm.Field()
    producer_order_fulfill = ProducerOrderFulfill.Field()
    producer_order_mark_delivered = ProducerOrderMarkDelivered.Field()
    producer_order_lines_cancel = ProducerOrderLinesCancel.Field()
    producer_order_cancel = ProducerOrderCancel.Field()


