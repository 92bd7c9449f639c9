"""Refunds and returns: money given back to a shopper for part of a producer order.

Three steps, Saleor's names:

* **grant** (``orderGrantRefundCreate``): lines (units of each) and optionally the shipping
  price, or a smaller ``amount`` than those are worth; a reason. Editable while granted.
* **request** (``transactionRequestRefundForGrantedRefund``): the refund is posted to the
  ledger (``refunded``: the shopper is owed it) under the producer order's lock, then sent
  through the gateway that charged: a card → Stripe (idempotency key ``refund:<token>``);
  VietQR and COD → owed until the operator marks the bank transfer sent (``mark_sent``).
* **sent** → ledger ``refund_paid``, REFUND_SUCCESS on the order's TransactionItem.

Who may refund (``can_refund``):

* operator staff holding MANAGE_ORDERS: any producer order once it has been paid
  (card/VietQR captured, COD delivered);
* a producer's owner or manager (``Capability.REFUND_ORDERS``): its own producer order,
  once delivered, with a reason; never more than the shopper paid for the line (the
  cumulative cap below), so a seller can give money back but cannot take any.

Caps, checked under the lock: per line, the gross granted over all refunds and
cancellations ≤ unit price × quantity, and the units ≤ the quantity not cancelled; the
shipping price at most once. The amount the shopper receives is the ledger's
``refund_amount`` (its share of discounts is kept back), so refunding a line in pieces
gives back exactly what was paid for it.

Cancellations of a paid producer order (services.cancel_lines) are refunds of kind
``cancellation`` requested at once; before the money arrived they are only recorded
(``before_payment``) so the payment or the COD delivery posts what is left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from backend.core.money import format_vnd
from backend.ledger import recipes
from backend.ledger.journal import record
from backend.payment import cards
from backend.payment.models import TransactionItem
from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode
from backend.sellers.access import can_act_for
from backend.sellers.roles import Capability

from . import ledger
from .models import (
    GrantedRefundStatus,
    Order,
    OrderEvent,
    OrderGrantedRefund,
    OrderGrantedRefundLine,
    ProducerOrder,
    ProducerOrderStatus,
    RefundKind,
)

Status = GrantedRefundStatus
MAX_REASON = 500


class RefundError(ValidationError):
    """A refund refused, in words for the person who asked; ``field`` names the input."""

    def __init__(self, field: str | None, message: str, code: str = "INVALID",
                 line_id: int | None = None) -> None:
        super().__init__({field or "__all__": [ValidationError(message, code=code)]})
        self.field, self.message, self.code, self.line_id = field, message, code, line_id


@dataclass(frozen=True)
class LineRequest:
    line_id: int
    quantity: int
    reason: str = ""


# -- who -------------------------------------------------------------------------------

def is_operator(user) -> bool:
    return (has_permission(user, PermissionCode.MANAGE_ORDERS)
            or has_permission(user, PermissionCode.HANDLE_PAYMENTS))


def can_refund(user, po: ProducerOrder) -> bool:
    return is_operator(user) or can_act_for(user, po.producer_id, Capability.REFUND_ORDERS)


def _check_who(user, po: ProducerOrder) -> bool:
    """Whether the user acts as operator; refuses everyone else but the po's team."""
    if is_operator(user):
        return True
    if not can_act_for(user, po.producer_id, Capability.REFUND_ORDERS):
        raise RefundError(None, "Bạn không có quyền hoàn tiền cho đơn này.",
                          "PERMISSION_DENIED")
    return False


# -- helpers ---------------------------------------------------------------------------

def _lock(po: ProducerOrder) -> ProducerOrder:
    Order.objects.select_for_update().filter(pk=po.order_id).first()
    return (ProducerOrder.objects.select_for_update(of=("self",))
            .select_related("order", "producer").get(pk=po.pk))


def _clean_reason(reason: object) -> str:
    if reason is not None and not isinstance(reason, str):
        raise RefundError("reason", "Lý do hoàn tiền phải là chữ.")
    return (reason or "").strip()[:MAX_REASON]


def _granted(po: ProducerOrder, exclude: OrderGrantedRefund | None = None
             ) -> tuple[dict[int, int], dict[int, int], int]:
    """Gross and units granted so far per line, and shipping, over every refund and
    cancellation of the producer order (granted, owed, sent or failed to send)."""
    lines = OrderGrantedRefundLine.objects.filter(refund__producer_order=po)
    grants = OrderGrantedRefund.objects.filter(producer_order=po)
    if exclude is not None:
        lines = lines.exclude(refund=exclude)
        grants = grants.exclude(pk=exclude.pk)
    gross, units = {}, {}
    for row in lines.values("order_line_id").annotate(g=Sum("gross"), q=Sum("quantity")):
        gross[row["order_line_id"]] = row["g"]
        units[row["order_line_id"]] = row["q"]
    shipping = grants.aggregate(s=Sum("shipping"))["s"] or 0
    return gross, units, shipping


def _int(value: object, field: str, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RefundError(field, f"{label} phải là một số nguyên.")
    return value


def _plan(po: ProducerOrder, line_requests: list[LineRequest], shipping: bool,
          amount: object, exclude: OrderGrantedRefund | None = None
          ) -> tuple[dict[int, tuple[int, int, str]], int]:
    """Validate and turn the request into gross per line (units, gross, reason) and the
    shipping given back."""
    lines = {line.pk: line for line in po.lines.all()}
    granted, _units, shipping_granted = _granted(po, exclude)
    plan: dict[int, tuple[int, int, str]] = {}
    for req in line_requests:
        line = lines.get(req.line_id) if isinstance(req.line_id, int) else None
        if line is None:
            raise RefundError("lines", "Sản phẩm này không thuộc đơn của bạn.", "NOT_FOUND",
                              line_id=req.line_id if isinstance(req.line_id, int) else None)
        quantity = _int(req.quantity, "quantity", f"Số lượng hoàn của “{line.product_name}”")
        if req.line_id in plan:
            raise RefundError("lines", f"“{line.product_name}” được nêu hai lần.",
                              line_id=line.pk)
        # The real cap is money: the gross of every earlier refund and cancellation of the
        # line (a partial refund of a unit leaves the rest of that unit refundable).
        gross_left = line.unit_price * line.quantity - granted.get(line.pk, 0)
        if gross_left <= 0:
            raise RefundError("lines", f"“{line.product_name}” đã được hoàn hoặc huỷ hết.",
                              "QUANTITY_GREATER_THAN_AVAILABLE", line_id=line.pk)
        max_units = line.quantity - line.quantity_canceled
        if quantity <= 0 or quantity > max_units:
            raise RefundError(
                "quantity", f"Số lượng hoàn của “{line.product_name}” phải từ 1 đến "
                f"{max_units}.", "QUANTITY_GREATER_THAN_AVAILABLE", line_id=line.pk)
        gross = min(line.unit_price * quantity, gross_left)
        plan[line.pk] = (quantity, gross, _clean_reason(req.reason))
    ship = 0
    if shipping:
        if shipping_granted or po.placed_shipping_price == 0:
            raise RefundError("grantRefundForShipping", "Phí giao hàng của đơn này đã được "
                              "hoàn hoặc không có.", "SHIPPING_COSTS_ALREADY_GRANTED")
        ship = po.placed_shipping_price
    if not plan and not ship:
        raise RefundError("lines", "Hãy chọn sản phẩm (và số lượng) hoặc phí giao hàng cần "
                          "hoàn.", "REQUIRED")
    if amount is not None:
        plan, ship = _scale(po, plan, ship, amount, exclude)
    return plan, ship


def _full_amount(po: ProducerOrder, plan: Mapping[int, tuple[int, int, str]], ship: int,
                 exclude: OrderGrantedRefund | None = None) -> int:
    """What the shopper would get back for ``plan`` (its share of vouchers kept back)."""
    rpo = ledger.recipe_of(po, recipes.PaymentMethod.CARD)
    line_ids = list(po.lines.values_list("pk", flat=True))
    earlier = [recipes.Refund(r.key, r.lines, recipes.Stage.PENDING, r.shipping)
               for r in _all_granted_as_refunds(po, line_ids, exclude)]
    refund = recipes.Refund("plan", tuple(plan.get(pk, (0, 0, ""))[1] for pk in line_ids),
                            recipes.Stage.PENDING, ship)
    return recipes.refund_amount(rpo, refund, earlier)


def _all_granted_as_refunds(po: ProducerOrder, line_ids: list[int],
                            exclude: OrderGrantedRefund | None) -> list[recipes.Refund]:
    grants = po.granted_refunds.prefetch_related("lines").order_by("pk")
    if exclude is not None:
        grants = grants.exclude(pk=exclude.pk)
    return [ledger.refund_of(g, line_ids) for g in grants]


def _scale(po: ProducerOrder, plan: dict[int, tuple[int, int, str]], ship: int,
           amount: object, exclude: OrderGrantedRefund | None
           ) -> tuple[dict[int, tuple[int, int, str]], int]:
    """A smaller amount than the units are worth (a damaged item kept): the gross per line
    and shipping scaled down in proportion, so the ledger's shares follow."""
    amount = _int(amount, "amount", "Số tiền hoàn")
    full = _full_amount(po, plan, ship, exclude)
    if amount <= 0 or amount > full:
        raise RefundError("amount", f"Số tiền hoàn phải từ 1 đ đến {format_vnd(full)} "
                          "(số khách đã trả cho phần được chọn).",
                          "AMOUNT_GREATER_THAN_AVAILABLE")
    if amount == full:
        return plan, ship
    ratio = Fraction(amount, full)
    scaled = {pk: (q, recipes.half_up(g * ratio), reason) for pk, (q, g, reason) in plan.items()}
    return scaled, recipes.half_up(ship * ratio)


def _write_lines(grant: OrderGrantedRefund, plan: Mapping[int, tuple[int, int, str]]) -> None:
    OrderGrantedRefundLine.objects.bulk_create(
        OrderGrantedRefundLine(refund=grant, order_line_id=pk, quantity=q, gross=g, reason=r)
        for pk, (q, g, r) in plan.items())


def _transaction_item(order: Order, method: recipes.PaymentMethod) -> TransactionItem | None:
    return (TransactionItem.objects.select_for_update()
            .filter(order=order, gateway=ledger.GATEWAY_IDS[method]).order_by("pk").first())


def _tx_event(item: TransactionItem | None, kind: str, amount: int, grant: OrderGrantedRefund,
              user, message: str) -> None:
    """A refund's step on the payment that charged it, through the one transactions service
    (REFUND_SUCCESS moves the amount from charged to refunded)."""
    from backend.payment import transactions

    if item is None:
        return
    transactions.record_event(
        item, kind, amount, psp_reference=grant.psp_reference or f"REFUND-{grant.token}",
        message=message[:512], user=user if user is not None and getattr(user, "pk", None)
        else None, producer_order=grant.producer_order)


def _order_event(grant: OrderGrantedRefund, kind: str, user, **parameters) -> None:
    OrderEvent.objects.create(
        order_id=grant.order_id, producer_order=grant.producer_order, type=kind,
        user=user if user is not None and getattr(user, "pk", None) else None,
        parameters={"granted_refund": str(grant.token), "amount": grant.amount,
                    "reason": grant.reason, "kind": grant.kind, **parameters})


# -- grant -----------------------------------------------------------------------------

def grant(po: ProducerOrder, user, lines: list[LineRequest], *, reason: object = "",
          shipping: bool = False, amount: object = None, kind: str = RefundKind.REFUND
          ) -> OrderGrantedRefund:
    """Grant a refund (not yet posted nor sent); raises RefundError."""
    with transaction.atomic():
        po = _lock(po)
        operator = _check_who(user, po)
        reason = _clean_reason(reason)
        _check_refundable(po, operator, reason)
        if kind not in (RefundKind.REFUND, RefundKind.RETURN):
            raise RefundError("kind", "Loại hoàn tiền không hợp lệ.")
        plan, ship = _plan(po, lines, shipping, amount)
        refund = OrderGrantedRefund.objects.create(
            order=po.order, producer_order=po, user=user if getattr(user, "pk", None) else None,
            kind=kind, reason=reason, shipping=ship, status=Status.NONE,
            amount=_full_amount(po, plan, ship))
        _write_lines(refund, plan)
        _order_event(refund, "refund_granted", user)
        return refund


def _check_refundable(po: ProducerOrder, operator: bool, reason: str) -> None:
    if not reason:
        raise RefundError("reason", "Hãy ghi lý do hoàn tiền để báo cho người mua.",
                          "REQUIRED")
    if po.paid_at is None:
        raise RefundError(None, "Đơn này chưa được thanh toán: hãy huỷ sản phẩm thay vì "
                          "hoàn tiền.", "NOT_PAID")
    if not operator and po.delivered_at is None:
        raise RefundError(None, "Người bán chỉ hoàn tiền cho đơn đã giao; đơn chưa giao "
                          "thì huỷ sản phẩm.", "NOT_DELIVERED")


def update(refund: OrderGrantedRefund, user, *, reason: object = None,
           lines: list[LineRequest] | None = None, shipping: bool | None = None,
           amount: object = None) -> OrderGrantedRefund:
    """Change a granted refund not yet requested (Saleor's orderGrantRefundUpdate)."""
    with transaction.atomic():
        po = _lock(refund.producer_order)
        refund = OrderGrantedRefund.objects.select_for_update().get(pk=refund.pk)
        operator = _check_who(user, po)
        if refund.status != Status.NONE:
            raise RefundError("id", "Khoản hoàn tiền đã gửi yêu cầu, không sửa được nữa.")
        new_reason = refund.reason if reason is None else _clean_reason(reason)
        _check_refundable(po, operator, new_reason)
        if lines is None:
            lines = [LineRequest(r.order_line_id, r.quantity, r.reason)
                     for r in refund.lines.all()]
        plan, ship = _plan(po, lines, refund.shipping > 0 if shipping is None else shipping,
                           amount, exclude=refund)
        refund.amount = _full_amount(po, plan, ship, exclude=refund)
        refund.lines.all().delete()
        _write_lines(refund, plan)
        refund.reason, refund.shipping = new_reason, ship
        refund.save(update_fields=["reason", "shipping", "amount", "updated_at"])
        _order_event(refund, "refund_updated", user)
        return refund


# -- request, send, mark sent ----------------------------------------------------------

def request(refund: OrderGrantedRefund, user) -> OrderGrantedRefund:
    """Post the refund (the shopper is owed it) and send it where a gateway can."""
    with transaction.atomic():
        po = _lock(refund.producer_order)
        refund = OrderGrantedRefund.objects.select_for_update().get(pk=refund.pk)
        operator = _check_who(user, po)
        if refund.status == Status.FAILURE:
            pass  # posted before; sending failed: try again below
        elif refund.status != Status.NONE:
            return refund  # requested twice (double click, retry): nothing new
        else:
            _check_refundable(po, operator, refund.reason)
            _post(po, refund, user)
    if refund.gateway == ledger.GATEWAY_IDS[recipes.PaymentMethod.CARD]:
        refund = send(refund, user)
    return refund


def _post(po: ProducerOrder, refund: OrderGrantedRefund, user) -> None:
    """Under the producer order's lock: the ledger entry and the owed refund."""
    method = ledger.payment_method(po.order)
    stage = ledger.stage_of(po)
    if stage == recipes.Stage.BEFORE_DELIVERY and method == recipes.PaymentMethod.COD:
        raise RefundError(None, "Đơn COD chưa giao thì khách chưa trả tiền: hãy huỷ sản phẩm.",
                          "NOT_PAID")
    rpo = ledger.recipe_of(po, method)
    earlier = ledger.refunds_of(po)
    sequence = (po.granted_refunds.aggregate(m=Max("sequence"))["m"] or 0) + 1
    refund.sequence, refund.stage = sequence, stage
    this = ledger.refund_of(refund, list(po.lines.values_list("pk", flat=True)))
    try:
        entry = recipes.refunded(rpo, this, earlier)
        amount = recipes.refund_amount(rpo, this, earlier)
    except ValueError:
        raise RefundError("lines", "Số tiền hoàn vượt quá số khách đã trả cho đơn.",
                          "AMOUNT_GREATER_THAN_AVAILABLE") from None
    record(entry)
    refund.amount = amount
    refund.gateway = ledger.GATEWAY_IDS[method]
    refund.status = Status.PENDING if amount else Status.SUCCESS
    refund.requested_at = timezone.now()
    refund.transaction = _transaction_item(po.order, method)
    refund.save()
    _tx_event(refund.transaction, "REFUND_REQUEST", amount, refund, user,
              f"Hoàn {format_vnd(amount)} cho kiện {po.number}: {refund.reason}")
    _order_event(refund, "refund_requested", user)
    if refund.kind == RefundKind.RETURN and _fully_refunded(po):
        po.status = ProducerOrderStatus.RETURNED
        po.save(update_fields=["status", "updated_at"])
        from .services import _refresh_order

        _refresh_order(po.order)


def _fully_refunded(po: ProducerOrder) -> bool:
    granted, _, _ = _granted(po)
    return all(granted.get(line.pk, 0) >= line.unit_price * line.quantity
               for line in po.lines.all())


def send(refund: OrderGrantedRefund, user) -> OrderGrantedRefund:
    """Send an owed card refund through Stripe (outside any lock; the idempotency key
    makes a retry safe), then record it paid or failed."""
    from backend.payment.gateways.stripe import CardGatewayError, refund_payment

    refund.refresh_from_db()
    if refund.status not in (Status.PENDING, Status.FAILURE) or not refund.amount:
        return refund
    item = refund.transaction
    config = cards.stripe_settings()
    if config is None or item is None or not item.psp_reference:
        return _failed(refund, user, "Chưa cấu hình cổng thẻ hoặc không tìm thấy giao dịch "
                       "thẻ; hãy chuyển khoản cho khách rồi đánh dấu đã hoàn.")
    try:
        result = refund_payment(config, intent_id=item.psp_reference,
                                idempotency_key=f"refund:{refund.token}", amount=refund.amount)
    except CardGatewayError as error:
        return _failed(refund, user, getattr(error, "user_message", str(error)))
    if result.status not in ("succeeded", "pending"):
        return _failed(refund, user, f"Stripe trả về trạng thái {result.status}.")
    return mark_sent(refund, user, psp_reference=result.refund_id, by_gateway=True)


def _failed(refund: OrderGrantedRefund, user, message: str) -> OrderGrantedRefund:
    with transaction.atomic():
        refund = OrderGrantedRefund.objects.select_for_update().get(pk=refund.pk)
        if refund.status == Status.SUCCESS:
            return refund
        refund.status, refund.message = Status.FAILURE, message[:500]
        refund.save(update_fields=["status", "message", "updated_at"])
        item = (TransactionItem.objects.select_for_update().filter(pk=refund.transaction_id)
                .first())
        _tx_event(item, "REFUND_FAILURE", refund.amount, refund, user, message)
    return refund


def mark_sent(refund: OrderGrantedRefund, user, *, psp_reference: str = "",
              by_gateway: bool = False) -> OrderGrantedRefund:
    """The money reached the shopper: Stripe confirmed it, or the operator sent the bank
    transfer (VietQR, COD, a failed card refund). Idempotent."""
    if not by_gateway and not is_operator(user):
        raise RefundError(None, "Chỉ nhân viên sàn có quyền mới đánh dấu đã hoàn tiền.",
                          "PERMISSION_DENIED")
    with transaction.atomic():
        if refund.producer_order_id:
            _lock(refund.producer_order)
        else:
            Order.objects.select_for_update().filter(pk=refund.order_id).first()
        refund = OrderGrantedRefund.objects.select_for_update().get(pk=refund.pk)
        if refund.status == Status.SUCCESS:
            return refund
        if refund.status not in (Status.PENDING, Status.FAILURE):
            raise RefundError("id", "Khoản hoàn tiền chưa được gửi yêu cầu.")
        if refund.producer_order_id:
            po = refund.producer_order
            rpo = ledger.recipe_of(po, ledger.method_of_gateway(refund.gateway))
            this = ledger.refund_of(refund, list(po.lines.values_list("pk", flat=True)))
            record(recipes.refund_paid(rpo, this, refund.amount))
        else:
            _overpayment_paid(refund)
        refund.status, refund.sent_at, refund.message = Status.SUCCESS, timezone.now(), ""
        if psp_reference:
            refund.psp_reference = psp_reference[:255]
        refund.save(update_fields=["status", "sent_at", "message", "psp_reference",
                                   "updated_at"])
        item = (TransactionItem.objects.select_for_update().filter(pk=refund.transaction_id)
                .first()) if refund.transaction_id else _transaction_item(
                    refund.order, ledger.method_of_gateway(refund.gateway))
        _tx_event(item, "REFUND_SUCCESS", refund.amount, refund, user,
                  f"Đã hoàn {format_vnd(refund.amount)} cho khách.")
        _order_event(refund, "refunded", user)
    return refund


def _overpayment_paid(refund: OrderGrantedRefund) -> None:
    from backend.ledger.journal import AccountRef, Line, post
    from backend.ledger.models import AccountKind, EntryKind

    method = ledger.method_of_gateway(refund.gateway)
    post(EntryKind.REFUND_PAID, f"order:{refund.order.number}:overpaid:{refund.psp_reference}"
         ":paid", [Line(AccountRef(AccountKind.REFUNDS_OWED), refund.amount, "overpayment"),
                   Line(AccountRef(recipes.GATEWAY[method]), -refund.amount, "overpayment")],
         memo=f"Đã trả lại tiền thừa đơn {refund.order.number}",
         order_number=refund.order.number)


# -- one step for sellers, and cancellations -------------------------------------------

def producer_refund(po: ProducerOrder, user, lines: list[LineRequest], *, reason: object,
                    shipping: bool = False, amount: object = None, is_return: bool = False
                    ) -> OrderGrantedRefund:
    """A producer's team refunds its own delivered lines: grant and request at once."""
    with transaction.atomic():
        refund = grant(po, user, lines, reason=reason, shipping=shipping, amount=amount,
                       kind=RefundKind.RETURN if is_return else RefundKind.REFUND)
        request_posted = request_without_sending(refund, user)
    if request_posted.gateway == ledger.GATEWAY_IDS[recipes.PaymentMethod.CARD]:
        return send(request_posted, user)
    return request_posted


def request_without_sending(refund: OrderGrantedRefund, user) -> OrderGrantedRefund:
    with transaction.atomic():
        po = _lock(refund.producer_order)
        refund = OrderGrantedRefund.objects.select_for_update().get(pk=refund.pk)
        operator = _check_who(user, po)
        if refund.status == Status.NONE:
            _check_refundable(po, operator, refund.reason)
            _post(po, refund, user)
    return refund


def cancellation(po: ProducerOrder, user, quantities: Mapping[int, int], reason: str,
                 whole: bool) -> OrderGrantedRefund | None:
    """Called by services.cancel_lines with ``po`` locked, after the lines changed: the
    cancelled units (and shipping when the whole part is cancelled) as a refund."""
    lines = {line.pk: line for line in po.lines.all()}
    plan = {pk: (q, lines[pk].unit_price * q, "") for pk, q in quantities.items()}
    ship = po.placed_shipping_price if whole and not _granted(po)[2] else 0
    refund = OrderGrantedRefund.objects.create(
        order=po.order, producer_order=po, user=user if getattr(user, "pk", None) else None,
        kind=RefundKind.CANCELLATION, reason=reason, shipping=ship, status=Status.NONE)
    _write_lines(refund, plan)
    if po.paid_at is None:
        # Nothing was paid yet (card/VietQR awaiting payment, COD before delivery): the
        # payment or the delivery posts what is left.
        sequence = (po.granted_refunds.aggregate(m=Max("sequence"))["m"] or 0) + 1
        refund.sequence, refund.stage = sequence, recipes.Stage.BEFORE_DELIVERY
        refund.before_payment, refund.status = True, Status.SUCCESS
        refund.gateway = ledger.GATEWAY_IDS[ledger.payment_method(po.order)]
        refund.save()
        return refund
    _post(po, refund, user)
    if refund.status == Status.PENDING and refund.gateway == ledger.GATEWAY_IDS[
            recipes.PaymentMethod.CARD]:
        from .tasks import send_refund

        pk = refund.pk
        transaction.on_commit(lambda: send_refund.delay(pk), robust=True)
    return refund


def total_refunded(order: Order) -> int:
    """What reached the shopper (Saleor's Order.totalRefunded)."""
    return (OrderGrantedRefund.objects.filter(order=order, status=Status.SUCCESS)
            .aggregate(s=Sum("amount"))["s"] or 0)


__all__ = ["LineRequest", "RefundError", "can_refund", "cancellation", "grant", "mark_sent",
           "producer_refund", "request", "send", "total_refunded", "update"]
