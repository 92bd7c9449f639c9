"""``producerEarnings`` (extension): what the marketplace owes a producer — balances, the
statement of every movement, each order's earnings and the payouts — for its owners and
managers (Capability.VIEW_PAYOUTS) and operator staff holding MANAGE_PAYOUTS.

Read from the ledger (backend/ledger: journal, statements); nothing here computes money.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

import graphene
from django.db.models import Sum
from django.utils import timezone

from backend.ledger import recipes
from backend.ledger.journal import producer_balances
from backend.ledger.models import JournalEntry, PayoutLine, Posting
from backend.ledger.statements import statement_csv, statement_rows
from backend.order.ledger import payment_method, recipe_of, refunds_of, return_window
from backend.order.models import ProducerOrder as ProducerOrderModel
from backend.permission.enums import PermissionCode
from backend.sellers.access import can_act_for
from backend.sellers.roles import Capability

from ..core.ids import from_id
from ..core.types import Money, vnd
from .types import SellerPermissionDenied

METHODS = {"cod": "Thu khi giao (COD)", "card": "Thẻ", "vietqr": "Chuyển khoản VietQR"}


class ProducerStatementRow(graphene.ObjectType):
    at = graphene.DateTime(required=True)
    kind = graphene.String(required=True)
    kind_display = graphene.String(required=True)
    description = graphene.String(required=True)
    order_number = graphene.String(required=True)
    producer_order_number = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)
    pending = graphene.Field(Money, required=True)
    payable = graphene.Field(Money, required=True)
    balance = graphene.Field(Money, required=True)


class ProducerOrderEarnings(graphene.ObjectType):
    number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    status_display = graphene.String(required=True)
    payment_method_display = graphene.String(required=True)
    payment_status_display = graphene.String(required=True)
    earnings_status_display = graphene.String(required=True)
    sale = graphene.Field(Money, required=True, description="Goods and shipping it sold.")
    commission = graphene.Field(Money, required=True)
    commission_vat = graphene.Field(Money, required=True)
    refunded = graphene.Field(Money, required=True, description="Sales given back.")
    cod_cash = graphene.Field(Money, required=True, description="Cash it collected (COD).")
    net = graphene.Field(Money, required=True, description="What the order adds to its "
                         "balance.")
    expected_net = graphene.Field(
        Money, required=True, description="What it adds once delivered (frozen commission "
        "and VAT rates; for an order already delivered, the same as `net`).")


class ProducerPayoutLine(graphene.ObjectType):
    batch_id = graphene.Int(required=True)
    created = graphene.DateTime(required=True)
    amount = graphene.Field(Money, required=True)
    status_display = graphene.String(required=True)
    account_number = graphene.String(required=True)
    reason = graphene.String(required=True)


class ProducerEarnings(graphene.ObjectType):
    pending = graphene.Field(Money, required=True, description="Delivered, return window "
                             "still open.")
    payable = graphene.Field(Money, required=True, description="May be paid out (negative: "
                             "owed to the marketplace).")
    total = graphene.Field(Money, required=True)
    statement = graphene.NonNull(graphene.List(graphene.NonNull(ProducerStatementRow)))
    statement_csv = graphene.String(required=True)
    orders = graphene.NonNull(graphene.List(graphene.NonNull(ProducerOrderEarnings)))
    payouts = graphene.NonNull(graphene.List(graphene.NonNull(ProducerPayoutLine)))

    # The root is (producer id, start, end): each field reads only what it needs.
    @staticmethod
    def resolve_pending(root, info):
        return vnd(producer_balances(root[0]).pending)

    @staticmethod
    def resolve_payable(root, info):
        return vnd(producer_balances(root[0]).payable)

    @staticmethod
    def resolve_total(root, info):
        return vnd(producer_balances(root[0]).total)

    @staticmethod
    def resolve_statement(root, info):
        return [_row(r) for r in statement_rows(*root)[-500:]]

    @staticmethod
    def resolve_statement_csv(root, info):
        return statement_csv(*root)

    @staticmethod
    def resolve_orders(root, info):
        return _orders(*root)

    @staticmethod
    def resolve_payouts(root, info):
        return _payouts(*root)


def _bounds(since: datetime.date | None, until: datetime.date | None):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(since, datetime.time.min, tz) if since else None
    end = (datetime.datetime.combine(until + datetime.timedelta(days=1), datetime.time.min, tz)
           if until else None)
    return start, end


def _earnings_status(po: ProducerOrderModel) -> str:
    if po.earnings_released_at is not None:
        return "Có thể rút"
    if po.delivered_at is not None:
        until = timezone.localtime(po.delivered_at + return_window()).strftime("%d/%m/%Y")
        return f"Chờ hết hạn đổi trả ({until})"
    if po.status == "canceled":
        return "Đã huỷ"
    return "Chưa giao"


def _payment_status(po: ProducerOrderModel, method: str) -> str:
    if po.paid_at is not None:
        return "Đã thu tiền mặt" if method == "cod" else "Đã thanh toán"
    if po.status == "canceled":
        return "Không thu"
    return "Thu khi giao" if method == "cod" else "Chờ thanh toán"


def _orders(producer_id: int, start, end) -> list[ProducerOrderEarnings]:
    parts = ProducerOrderModel.objects.filter(producer_id=producer_id).select_related("order")
    if start:
        parts = parts.filter(created_at__gte=start)
    if end:
        parts = parts.filter(created_at__lt=end)
    parts = list(parts.order_by("-created_at", "-pk")[:200])
    numbers = [p.number for p in parts]
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for number, label, total in (Posting.objects.filter(
            producer_id=producer_id, entry__producer_order_number__in=numbers)
            .values_list("entry__producer_order_number", "label").annotate(t=Sum("amount"))):
        sums[number][label] = -total  # owed to the producer
    rows = []
    for po in parts:
        s = sums.get(po.number, {})
        method = str(payment_method(po.order))
        rows.append(ProducerOrderEarnings(
            number=po.number, created=po.created_at, status_display=po.get_status_display(),
            payment_method_display=METHODS.get(method, method),
            payment_status_display=_payment_status(po, method),
            earnings_status_display=_earnings_status(po),
            sale=vnd(s.get("sale", 0)),
            commission=vnd(-(s.get("commission", 0) + s.get("commission_refund", 0))),
            commission_vat=vnd(-(s.get("commission_vat", 0)
                                 + s.get("commission_vat_refund", 0))),
            refunded=vnd(-s.get("refund", 0)), cod_cash=vnd(-s.get("cod_cash", 0)),
            net=vnd(net := sum(v for k, v in s.items() if k != "release")),
            expected_net=vnd(_expected_net(po, method, net))))
    return rows


def _expected_net(po: ProducerOrderModel, method: str, net: int) -> int:
    if po.delivered_at is not None or po.status in ("canceled", "returned"):
        return net
    return recipes.delivery_net(recipe_of(po, recipes.PaymentMethod(method)), refunds_of(po))


def _payouts(producer_id: int, start, end) -> list[ProducerPayoutLine]:
    lines = PayoutLine.objects.filter(producer_id=producer_id).select_related("batch")
    if start:
        lines = lines.filter(batch__created_at__gte=start)
    if end:
        lines = lines.filter(batch__created_at__lt=end)
    return [ProducerPayoutLine(batch_id=line.batch_id, created=line.batch.created_at,
                               amount=vnd(line.amount), status_display=line.get_status_display(),
                               account_number=line.account_number, reason=line.reason)
            for line in lines.order_by("-pk")[:200]]


def _row(row) -> ProducerStatementRow:
    return ProducerStatementRow(
        at=row.at, kind=row.entry_kind, kind_display=JournalEntry(
            kind=row.entry_kind).get_kind_display(), description=row.description,
        order_number=row.order_number, producer_order_number=row.producer_order_number,
        amount=vnd(row.amount), pending=vnd(row.pending), payable=vnd(row.payable),
        balance=vnd(row.balance))


class EarningsQueries(graphene.ObjectType):
    producer_earnings = graphene.Field(
        ProducerEarnings, producer_id=graphene.ID(required=True),
        since=graphene.Date(description="From this day (Vietnam time)."),
        until=graphene.Date(description="To this day, included."),
        description="A producer's balances, statement, orders' earnings and payouts "
                    "(extension; owners and managers, or MANAGE_PAYOUTS).")

    @staticmethod
    def resolve_producer_earnings(root, info, producer_id, since=None, until=None):
        pk = from_id(producer_id, "Producer")
        user = getattr(info.context, "user", None)
        if not can_act_for(user, pk, Capability.VIEW_PAYOUTS, PermissionCode.MANAGE_PAYOUTS):
            raise SellerPermissionDenied("Bạn không có quyền xem doanh thu của chủ thể này.")
        return (pk, *_bounds(since, until))
