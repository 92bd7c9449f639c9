"""What each business event posts: pure functions from plain data to entries.

Nothing here touches the database; ``journal.post(**spec.as_post_kwargs())`` writes an
``EntrySpec``. The orders app (integration) builds the dataclasses from its models.

Chart of accounts (debit +, credit −; "owed" accounts are liabilities, normally credit)
----------------------------------------------------------------------------------------
=====================  ========  =====================================================
kind                   producer  holds
=====================  ========  =====================================================
gateway_vietqr         –         paid by VietQR, not yet matched to the bank statement
gateway_stripe         –         paid by card, not yet settled by Stripe to the bank
gateway_cod            –         cash a producer collected on delivery, not yet netted
orders_undelivered     –         what shoppers paid (+ marketplace vouchers) for orders
                                 not yet delivered (owed back if cancelled)
producer_pending       yes       a producer's delivered earnings inside the return window
producer_payable       yes       a producer's earnings it may be paid (negative: it owes)
commission_revenue     –         the marketplace's commission
commission_vat         –         VAT on commission, owed to the tax office
voucher_expense        –         vouchers the marketplace funds (debit = cost)
refunds_owed           –         refunds granted, not yet paid back to shoppers
payouts_in_transit     –         payouts in a batch, not yet confirmed paid or failed
bank                   –         the marketplace's bank account
=====================  ========  =====================================================

Amounts of a producer order (all whole đồng)
---------------------------------------------
G  goods: the sum of the lines' gross amounts (unit price × quantity)
S  shipping charged to the shopper (the producer ships, so it is the producer's)
Dp discounts the producer funds; Dm discounts the marketplace funds (on goods, Dp+Dm ≤ G);
   each is spread over the lines in proportion to their gross (largest remainder)
E  the producer's sale = G + S − Dp        P  what the shopper pays = E − Dm
C  commission = Σ per line round½↑((gross − its Dp share) × bps / 10 000), bps frozen
V  VAT on commission = round½↑(C × vat_bps / 10 000), vat_bps frozen on the order

Recipes (Dr = debit, Cr = credit)
---------------------------------
order_paid       card/VietQR: when the payment is captured; COD: at delivery (cash in hand)
    Dr gateway_<method>  P        Dr voucher_expense  Dm      Cr orders_undelivered  E
order_delivered  the producer order is delivered
    Dr orders_undelivered E       Cr producer_pending E        (label sale)
    Dr producer_pending   C + V   Cr commission_revenue C, Cr commission_vat V
    COD only: Dr producer_pending P, Cr gateway_cod P  (the producer kept the cash, so
    what the marketplace owes it goes down; with commission above Dm it goes negative:
    the producer owes its commission, netted against its next sales)
earnings_released  the return window has passed
    Dr producer_pending N         Cr producer_payable N    (N = the order's pending net)
refund / return  of gross r per line and shipping s, Δ = change of the cumulative shares
    before delivery (card/VietQR; COD moved no money, so nothing is posted):
        Dr orders_undelivered Δsale   Cr voucher_expense Δdm   Cr refunds_owed Δshopper
    after delivery, on producer_pending (in the window) or producer_payable (after it):
        Dr producer Δsale (label refund)    Cr producer ΔC + ΔV (label commission_refund)
        Dr commission_revenue ΔC  Dr commission_vat ΔV
        Cr voucher_expense Δdm    Cr refunds_owed Δshopper
refund_paid      Dr refunds_owed A     Cr gateway_<method> A (COD: Cr bank A)
gateway_settled  Dr bank X             Cr gateway_<method> X
payout_started   Dr producer_payable X Cr payouts_in_transit X
payout_paid      Dr payouts_in_transit X  Cr bank X
payout_failed    Dr payouts_in_transit X  Cr producer_payable X   (back to the balance)

Partial refunds are cumulative: the shares refunded after the k-th refund are computed from
the total refunded so far (round½↑(share × refunded / gross)), and the entry posts the
difference, so refunding a line in any number of pieces returns exactly its shares.

Invariants: every entry sums to 0, hence the ledger does; a producer's pending + payable
(owed to it) = its delivered sales − commission − VAT − refunds − COD cash it kept −
payouts (in transit or paid).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from .commission import commission_amount
from .journal import AccountRef, Line
from .models import AccountKind as K
from .models import EntryKind


class PaymentMethod(StrEnum):
    COD = "cod"
    VIETQR = "vietqr"
    CARD = "card"


class Funder(StrEnum):
    MARKETPLACE = "marketplace"
    PRODUCER = "producer"


class Stage(StrEnum):
    """Where a producer order's money is when a refund happens."""

    BEFORE_DELIVERY = "before_delivery"
    PENDING = "pending"  # delivered, inside the return window
    RELEASED = "released"  # after the return window


GATEWAY = {PaymentMethod.COD: K.GATEWAY_COD, PaymentMethod.VIETQR: K.GATEWAY_VIETQR,
           PaymentMethod.CARD: K.GATEWAY_STRIPE}


@dataclass(frozen=True)
class OrderLine:
    gross: int  # unit price × quantity, before discounts
    commission_bps: int  # frozen when the order was placed
    # Discounts the order already assigned to this line (a voucher on some products only),
    # added to the order-level ``discounts`` spread over every line.
    producer_discount: int = 0
    marketplace_discount: int = 0


@dataclass(frozen=True)
class Discount:
    amount: int
    funder: Funder


@dataclass(frozen=True)
class ProducerOrder:
    number: str
    order_number: str
    producer_id: int
    payment_method: PaymentMethod
    lines: tuple[OrderLine, ...]
    shipping: int = 0
    discounts: tuple[Discount, ...] = ()
    vat_bps: int = 1000  # LEDGER_COMMISSION_VAT_BPS when the order was placed

    def __post_init__(self) -> None:
        if not self.lines or any(line.gross <= 0 for line in self.lines):
            raise ValueError("A producer order needs lines of positive amounts")
        if self.shipping < 0 or any(d.amount < 0 for d in self.discounts):
            raise ValueError("Negative shipping or discount")
        if any(min(line.producer_discount, line.marketplace_discount) < 0
               or line.producer_discount + line.marketplace_discount > line.gross
               for line in self.lines):
            raise ValueError("A line's discounts are negative or above its amount")
        if sum(d.amount for d in self.discounts) + sum(
                line.producer_discount + line.marketplace_discount for line in self.lines
        ) > sum(line.gross for line in self.lines):
            raise ValueError("Discounts above the goods' amount")


@dataclass(frozen=True)
class Refund:
    """Money given back: ``lines[i]`` of line i's gross, and ``shipping``."""

    key: str  # the refund's own number: one entry per refund
    lines: tuple[int, ...]
    stage: Stage
    shipping: int = 0
    is_return: bool = False


@dataclass(frozen=True)
class EntrySpec:
    kind: str
    key: str
    lines: tuple[Line, ...]
    memo: str = ""
    order_number: str = ""
    producer_order_number: str = ""
    payout_line_id: int | None = None

    def as_post_kwargs(self) -> dict:
        return {"kind": self.kind, "key": self.key, "lines": self.lines, "memo": self.memo,
                "order_number": self.order_number,
                "producer_order_number": self.producer_order_number,
                "payout_line_id": self.payout_line_id}


# -- arithmetic -------------------------------------------------------------------------

def half_up(value: Fraction) -> int:
    return int((value + Fraction(1, 2)).__floor__())


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` spread over ``weights`` proportionally in whole đồng (largest remainder,
    ties to the earlier line), summing exactly to ``total``."""
    whole = sum(weights)
    if whole <= 0:
        raise ValueError("allocate over nothing")
    exact = [Fraction(total * w, whole) for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


@dataclass(frozen=True)
class _Shares:
    """Amounts of (part of) a producer order: what the producer sells it for, what the
    shopper pays, the marketplace voucher, commission and its VAT."""

    sale: int = 0
    shopper: int = 0
    voucher: int = 0
    commission: int = 0
    vat: int = 0

    def __sub__(self, other: _Shares) -> _Shares:
        return _Shares(self.sale - other.sale, self.shopper - other.shopper,
                       self.voucher - other.voucher, self.commission - other.commission,
                       self.vat - other.vat)


@dataclass(frozen=True)
class _Breakdown:
    gross: tuple[int, ...]
    producer_discount: tuple[int, ...]
    marketplace_discount: tuple[int, ...]
    commission: tuple[int, ...]
    vat: int
    shipping: int

    @classmethod
    def of(cls, po: ProducerOrder) -> _Breakdown:
        gross = [line.gross for line in po.lines]
        funded = {f: sum(d.amount for d in po.discounts if d.funder == f) for f in Funder}
        dp = [a + line.producer_discount
              for a, line in zip(allocate(funded[Funder.PRODUCER], gross), po.lines, strict=True)]
        dm = [a + line.marketplace_discount for a, line in
              zip(allocate(funded[Funder.MARKETPLACE], gross), po.lines, strict=True)]
        commission = [commission_amount(g - p, line.commission_bps)
                      for g, p, line in zip(gross, dp, po.lines, strict=True)]
        return cls(tuple(gross), tuple(dp), tuple(dm), tuple(commission),
                   commission_amount(sum(commission), po.vat_bps), po.shipping)

    def refunded(self, lines: Sequence[int], shipping: int) -> _Shares:
        """The shares of a cumulative refund of ``lines`` gross and ``shipping``."""
        if len(lines) != len(self.gross):
            raise ValueError("A refund names every line of the order")
        if shipping > self.shipping or any(
                r < 0 or r > g for r, g in zip(lines, self.gross, strict=True)):
            raise ValueError("Refund above what was bought")

        def part(amounts: Sequence[int]) -> list[int]:
            return [half_up(Fraction(a * r, g)) for a, r, g in
                    zip(amounts, lines, self.gross, strict=True)]

        dp, dm, commission = part(self.producer_discount), part(self.marketplace_discount), \
            part(self.commission)
        total_commission = sum(self.commission)
        vat = half_up(Fraction(self.vat * sum(commission), total_commission)) \
            if total_commission else 0
        sale = sum(lines) - sum(dp) + shipping
        return _Shares(sale, sale - sum(dm), sum(dm), sum(commission), vat)

    def whole(self) -> _Shares:
        return self.refunded(self.gross, self.shipping)


def _cumulative(refunds: Sequence[Refund], size: int) -> tuple[list[int], int]:
    lines, shipping = [0] * size, 0
    for refund in refunds:
        lines = [a + b for a, b in zip(lines, refund.lines, strict=True)]
        shipping += refund.shipping
    return lines, shipping


def _spec(kind: str, key: str, po: ProducerOrder, lines: list[Line], memo: str
          ) -> EntrySpec | None:
    lines = [line for line in lines if line.amount != 0]
    if not lines:
        return None
    return EntrySpec(kind, key, tuple(lines), memo, po.order_number, po.number)


def _pending(po: ProducerOrder) -> AccountRef:
    return AccountRef(K.PRODUCER_PENDING, po.producer_id)


def _payable(producer_id: int) -> AccountRef:
    return AccountRef(K.PRODUCER_PAYABLE, producer_id)


def _before_delivery(po: ProducerOrder, refunds: Sequence[Refund]) -> _Shares:
    """What is left to deliver after the refunds made before delivery."""
    b = _Breakdown.of(po)
    early = [r for r in refunds if r.stage == Stage.BEFORE_DELIVERY]
    return b.whole() - b.refunded(*_cumulative(early, len(po.lines)))


def delivery_net(po: ProducerOrder, refunds: Sequence[Refund] = ()) -> int:
    """What delivering ``po`` will add to the producer's balance: its sale less commission
    and VAT (for COD, less the cash it collects too), after refunds made before delivery.
    The figure a producer sees for an order it has not delivered yet; once delivered the
    ``order_delivered`` entry posts exactly this."""
    due = _before_delivery(po, refunds)
    net = due.sale - due.commission - due.vat
    return net - due.shopper if po.payment_method == PaymentMethod.COD else net


# -- recipes ----------------------------------------------------------------------------

def order_paid(po: ProducerOrder, refunds: Sequence[Refund] = ()) -> EntrySpec | None:
    """The shopper's money arrives: card/VietQR at capture, COD at delivery (``refunds``:
    those made before delivery, which for COD reduce the cash collected)."""
    due = _before_delivery(po, refunds)
    return _spec(EntryKind.ORDER_PAID, f"po:{po.number}:paid", po, [
        Line(AccountRef(GATEWAY[po.payment_method]), due.shopper, "payment"),
        Line(AccountRef(K.VOUCHER_EXPENSE), due.voucher, "voucher"),
        Line(AccountRef(K.ORDERS_UNDELIVERED), -due.sale, "payment"),
    ], f"Thanh toán đơn {po.number}")


def order_delivered(po: ProducerOrder, refunds: Sequence[Refund] = ()) -> EntrySpec | None:
    """Delivered: the sale becomes the producer's pending earnings, less commission and
    VAT (and, for COD, less the cash it collected)."""
    due = _before_delivery(po, refunds)
    lines = [
        Line(AccountRef(K.ORDERS_UNDELIVERED), due.sale, "sale"),
        Line(_pending(po), -due.sale, "sale"),
        Line(_pending(po), due.commission, "commission"),
        Line(AccountRef(K.COMMISSION_REVENUE), -due.commission, "commission"),
        Line(_pending(po), due.vat, "commission_vat"),
        Line(AccountRef(K.COMMISSION_VAT), -due.vat, "commission_vat"),
    ]
    if po.payment_method == PaymentMethod.COD:
        lines += [Line(_pending(po), due.shopper, "cod_cash"),
                  Line(AccountRef(K.GATEWAY_COD), -due.shopper, "cod_cash")]
    return _spec(EntryKind.ORDER_DELIVERED, f"po:{po.number}:delivered", po, lines,
                 f"Đơn {po.number} đã giao")


def refunded(po: ProducerOrder, refund: Refund, earlier: Sequence[Refund] = ()
             ) -> EntrySpec | None:
    """A refund or return of part (or all) of the order; ``earlier``: the order's earlier
    refunds, oldest first."""
    b = _Breakdown.of(po)
    size = len(po.lines)
    before = b.refunded(*_cumulative(earlier, size))
    delta = b.refunded(*_cumulative([*earlier, refund], size)) - before
    kind = EntryKind.RETURN if refund.is_return else EntryKind.REFUND
    key = f"po:{po.number}:refund:{refund.key}"
    memo = f"{'Trả hàng' if refund.is_return else 'Hoàn tiền'} đơn {po.number}"
    common = [Line(AccountRef(K.VOUCHER_EXPENSE), -delta.voucher, "voucher"),
              Line(AccountRef(K.REFUNDS_OWED), -delta.shopper, "refund")]
    if refund.stage == Stage.BEFORE_DELIVERY:
        if po.payment_method == PaymentMethod.COD:
            return None  # the shopper has paid nothing yet
        return _spec(kind, key, po, [
            Line(AccountRef(K.ORDERS_UNDELIVERED), delta.sale, "refund"), *common], memo)
    bucket = _pending(po) if refund.stage == Stage.PENDING else _payable(po.producer_id)
    return _spec(kind, key, po, [
        Line(bucket, delta.sale, "refund"),
        Line(bucket, -delta.commission, "commission_refund"),
        Line(bucket, -delta.vat, "commission_vat_refund"),
        Line(AccountRef(K.COMMISSION_REVENUE), delta.commission, "commission_refund"),
        Line(AccountRef(K.COMMISSION_VAT), delta.vat, "commission_vat_refund"),
        *common,
    ], memo)


def refund_amount(po: ProducerOrder, refund: Refund, earlier: Sequence[Refund] = ()) -> int:
    """What the shopper gets back for ``refund`` (the amount to send through the gateway);
    0 for a COD order not yet delivered: the shopper has paid nothing."""
    if refund.stage == Stage.BEFORE_DELIVERY and po.payment_method == PaymentMethod.COD:
        return 0
    b = _Breakdown.of(po)
    size = len(po.lines)
    return (b.refunded(*_cumulative([*earlier, refund], size))
            - b.refunded(*_cumulative(earlier, size))).shopper


def refund_paid(po: ProducerOrder, refund: Refund, amount: int) -> EntrySpec | None:
    """The refund reached the shopper: through the card or VietQR gateway it came from, or
    by bank transfer for COD."""
    if amount == 0:
        return None
    source = K.BANK if po.payment_method == PaymentMethod.COD else GATEWAY[po.payment_method]
    return _spec(EntryKind.REFUND_PAID, f"po:{po.number}:refund:{refund.key}:paid", po, [
        Line(AccountRef(K.REFUNDS_OWED), amount, "refund"),
        Line(AccountRef(source), -amount, "refund"),
    ], f"Đã hoàn tiền đơn {po.number}")


def earnings_released(po: ProducerOrder, refunds: Sequence[Refund] = ()) -> EntrySpec | None:
    """The return window passed: the order's pending net moves to payable. ``refunds``: all
    of the order's refunds so far (what they took from pending is left out)."""
    pending = _pending(po)
    entries = [order_delivered(po, refunds)]
    entries += [refunded(po, r, refunds[:i]) for i, r in enumerate(refunds)
                if r.stage == Stage.PENDING]
    owed = -sum(line.amount for e in entries if e for line in e.lines if line.account == pending)
    return _spec(EntryKind.EARNINGS_RELEASED, f"po:{po.number}:released", po, [
        Line(pending, owed, "release"), Line(_payable(po.producer_id), -owed, "release"),
    ], f"Đơn {po.number} hết hạn đổi trả")


def gateway_settled(method: PaymentMethod, amount: int, key: str) -> EntrySpec:
    return EntrySpec(EntryKind.GATEWAY_SETTLED, f"gateway:{method}:{key}", (
        Line(AccountRef(K.BANK), amount, "settlement"),
        Line(AccountRef(GATEWAY[method]), -amount, "settlement"),
    ), f"Đối soát {method} {key}")


def payout_started(line_id: int, producer_id: int, amount: int) -> EntrySpec:
    return EntrySpec(EntryKind.PAYOUT_STARTED, f"payout:{line_id}:started", (
        Line(_payable(producer_id), amount, "payout"),
        Line(AccountRef(K.PAYOUTS_IN_TRANSIT), -amount, "payout"),
    ), f"Lệnh chi trả #{line_id}", payout_line_id=line_id)


def payout_paid(line_id: int, amount: int) -> EntrySpec:
    return EntrySpec(EntryKind.PAYOUT_PAID, f"payout:{line_id}:paid", (
        Line(AccountRef(K.PAYOUTS_IN_TRANSIT), amount, "payout"),
        Line(AccountRef(K.BANK), -amount, "payout"),
    ), f"Đã chuyển khoản chi trả #{line_id}", payout_line_id=line_id)


def payout_failed(line_id: int, producer_id: int, amount: int) -> EntrySpec:
    return EntrySpec(EntryKind.PAYOUT_FAILED, f"payout:{line_id}:failed", (
        Line(AccountRef(K.PAYOUTS_IN_TRANSIT), amount, "payout_failed"),
        Line(_payable(producer_id), -amount, "payout_failed"),
    ), f"Chi trả #{line_id} thất bại", payout_line_id=line_id)


__all__ = ["Discount", "EntrySpec", "Funder", "OrderLine", "PaymentMethod", "ProducerOrder",
           "Refund", "Stage", "allocate", "earnings_released", "gateway_settled",
           "half_up", "order_delivered", "order_paid", "payout_failed", "payout_paid",
           "payout_started", "refund_amount", "refund_paid", "refunded"]
