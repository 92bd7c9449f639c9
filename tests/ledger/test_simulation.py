"""The ledger simulation (issue 13's "Done when"): 1,000 randomized purchases across eight
producers — COD, VietQR and card, vouchers funded by the marketplace and by producers,
cancellations, partial refunds before and after delivery, returns, late refunds, payout runs
with paid and failed lines — driven through the recipes with plain data.

After every step: PostgreSQL's own balance check passes for every entry written so far, the
ledger sums to 0, and each producer's balance (pending + payable) equals its delivered sales
− commission − VAT − refunds − COD cash it kept − payouts, recomputed here from the
in-test orders with arithmetic of this file's own (Decimal, not the recipes' Fractions).
"""

from __future__ import annotations

import datetime
import random
import time
import zlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from backend.catalog.models import Category
from backend.ledger import recipes
from backend.ledger.commission import commission_rate_for
from backend.ledger.journal import record as _record
from backend.ledger.models import CommissionRule, JournalEntry, PayoutLine, PayoutStatus, Posting
from backend.ledger.payouts import BankDetails, mark_failed, mark_paid, run_payouts
from backend.ledger.recipes import (
    Discount,
    Funder,
    OrderLine,
    PaymentMethod,
    ProducerOrder,
    Refund,
    Stage,
)

SEED = 20261128
PURCHASES = 1000
PRODUCERS = 8
VAT_BPS = 1000
THRESHOLD = 200_000


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _spread(total: int, weights: list[int]) -> list[int]:
    """Largest-remainder split, written independently of ``recipes.allocate``."""
    whole = sum(weights)
    floors = [total * w // whole for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % whole), i))
    for i in remainders[: total - sum(floors)]:
        floors[i] += 1
    return floors


@dataclass
class SimOrder:
    po: ProducerOrder
    state: str = "placed"  # placed → delivered → released → settled; or cancelled
    refunds: list[Refund] = field(default_factory=list)
    balance: int = 0  # producer_balance() as of the last change to this order

    def refunded(self, stages: set[Stage] | None = None) -> tuple[list[int], int]:
        lines, shipping = [0] * len(self.po.lines), 0
        for r in self.refunds:
            if stages is None or r.stage in stages:
                lines = [a + b for a, b in zip(lines, r.lines, strict=True)]
                shipping += r.shipping
        return lines, shipping

    def remaining(self) -> tuple[list[int], int]:
        lines, shipping = self.refunded()
        return [ln.gross - r for ln, r in zip(self.po.lines, lines, strict=True)], \
            self.po.shipping - shipping

    # -- the producer's money, from the order alone ------------------------------------
    def _figures(self, lines: list[int], shipping: int) -> tuple[int, int]:
        """(producer net = sale − commission − VAT, shopper paid) of a refunded part."""
        gross = [ln.gross for ln in self.po.lines]
        funded = {f: sum(d.amount for d in self.po.discounts if d.funder == f) for f in Funder}
        dp, dm = _spread(funded[Funder.PRODUCER], gross), _spread(funded[Funder.MARKETPLACE], gross)
        commission = [_round(Decimal((g - p) * ln.commission_bps) / 10000)
                      for g, p, ln in zip(gross, dp, self.po.lines, strict=True)]
        vat = _round(Decimal(sum(commission) * VAT_BPS) / 10000)

        def part(values: list[int]) -> int:
            return sum(_round(Decimal(v * r) / g) for v, r, g in zip(values, lines, gross,
                                                                       strict=True))

        c_part = part(commission)
        v_part = _round(Decimal(vat * c_part) / sum(commission)) if sum(commission) else 0
        sale = sum(lines) - part(dp) + shipping
        return sale - c_part - v_part, sale - part(dm)

    def producer_balance(self) -> int:
        if self.state in ("placed", "cancelled"):
            return 0
        whole = self._figures([ln.gross for ln in self.po.lines], self.po.shipping)
        gone = self._figures(*self.refunded())
        balance = whole[0] - gone[0]
        if self.po.payment_method == PaymentMethod.COD:
            early = self._figures(*self.refunded({Stage.BEFORE_DELIVERY}))
            balance -= whole[1] - early[1]  # cash the producer collected
        return balance


RETRIES = {"count": 0}


def record(spec):
    """Post, and now and then post the same event again (a retried webhook or task): the
    ledger must hand back the first entry and post nothing new."""
    entry = _record(spec)
    if entry is not None and zlib.crc32(spec.key.encode()) % 20 == 0:
        assert _record(spec).pk == entry.pk
        RETRIES["count"] += 1
    return entry


class Simulation:
    def __init__(self, rng: random.Random, producer_ids: list[int], rates: dict) -> None:
        self.rng, self.producers, self.rates = rng, producer_ids, rates
        self.orders: list[SimOrder] = []
        self.active: list[SimOrder] = []
        self.purchases = 0
        self.counts: dict[str, int] = {}
        self.touched: SimOrder | None = None
        self.paid_out: dict[int, int] = {}

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    # -- events -------------------------------------------------------------------------
    def purchase(self) -> None:
        self.purchases += 1
        rng = self.rng
        for n, producer in enumerate(rng.sample(self.producers, rng.choice([1, 1, 1, 2]))):
            lines = tuple(
                OrderLine(rng.randint(9_000, 650_000), self.rates[producer, rng.randrange(4)])
                for _ in range(rng.randint(1, 3)))
            goods = sum(ln.gross for ln in lines)
            discounts = []
            if rng.random() < 0.3:
                discounts.append(Discount(rng.randint(1, goods * 3 // 10), Funder.MARKETPLACE))
            if rng.random() < 0.25:
                discounts.append(Discount(rng.randint(1, goods * 3 // 10), Funder.PRODUCER))
            po = ProducerOrder(
                number=f"{self.purchases}-{n + 1}", order_number=str(self.purchases),
                producer_id=producer,
                payment_method=rng.choice([PaymentMethod.COD, PaymentMethod.VIETQR,
                                           PaymentMethod.CARD]),
                lines=lines, shipping=rng.choice([0, 15_000, 22_000, 30_500]),
                discounts=tuple(discounts), vat_bps=VAT_BPS)
            order = SimOrder(po)
            self.orders.append(order)
            self.active.append(order)
            if po.payment_method != PaymentMethod.COD:
                record(recipes.order_paid(po))
            self.count(f"placed {po.payment_method}")

    def refund(self, order: SimOrder, stage: Stage, *, everything: bool = False,
               is_return: bool = False) -> None:
        lines, shipping = order.remaining()
        if everything:
            amounts, ship = lines, shipping
        else:
            pick = self.rng.choice([i for i, left in enumerate(lines) if left] or [0])
            amounts = [self.rng.randint(1, left) if i == pick and left else 0
                       for i, left in enumerate(lines)]
            ship = shipping if is_return and self.rng.random() < 0.5 else 0
        if not any(amounts) and not ship:
            return
        refund = Refund(f"r{len(order.refunds) + 1}", tuple(amounts), stage, ship, is_return)
        record(recipes.refunded(order.po, refund, order.refunds))
        amount = recipes.refund_amount(order.po, refund, order.refunds)
        record(recipes.refund_paid(order.po, refund, amount))  # None when 0 (COD early)
        order.refunds.append(refund)
        self.count(("return " if is_return else "refund ") + stage)

    def advance(self, order: SimOrder) -> None:
        self.touched = order
        rng, po = self.rng, order.po
        roll = rng.random()
        if order.state == "placed":
            if roll < 0.08:
                self.refund(order, Stage.BEFORE_DELIVERY, everything=True)
                order.state = "cancelled"
                self.active.remove(order)
                self.count("cancelled")
            elif roll < 0.13:
                self.refund(order, Stage.BEFORE_DELIVERY)
            else:
                if po.payment_method == PaymentMethod.COD:
                    record(recipes.order_paid(po, order.refunds))
                record(recipes.order_delivered(po, order.refunds))
                order.state = "delivered"
                self.count("delivered")
        elif order.state == "delivered":
            if roll < 0.12:
                self.refund(order, Stage.PENDING)
            elif roll < 0.18:
                self.refund(order, Stage.PENDING, is_return=True,
                            everything=rng.random() < 0.5)
            else:
                record(recipes.earnings_released(po, order.refunds))
                order.state = "released"
                self.count("released")
        elif order.state == "released":
            if roll < 0.04:
                self.refund(order, Stage.RELEASED)
            self.active.remove(order)

    def payout_run(self, step: int) -> None:
        for line in PayoutLine.objects.filter(status=PayoutStatus.PENDING):
            if self.rng.random() < 0.1:
                mark_failed(line, "Sai số tài khoản")
                self.count("payout failed")
            else:
                mark_paid(line)
                self.count("payout paid")
        # The first producer has no verified bank account: it is listed as skipped.
        run = run_payouts(THRESHOLD, lambda p: None if p == self.producers[0] else
                          BankDetails("970436", f"0071000{p}", "HTX THU NGHIEM"),
                          now=datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC))
        self.count("payout runs")
        # Payout lines change only here: what left (or is leaving) each producer's balance.
        self.paid_out = dict(PayoutLine.objects.exclude(status=PayoutStatus.FAILED)
                             .values_list("producer_id").annotate(total=Sum("amount")))
        if run.skipped:
            self.count("runs with a skipped producer")

    def step(self, number: int) -> None:
        if self.purchases < PURCHASES and (not self.active or self.rng.random() < 0.3):
            self.purchase()
        elif self.active:
            self.advance(self.rng.choice(self.active))
        if number % 60 == 0:
            self.payout_run(number)

    # -- the check after every step -----------------------------------------------------
    def expected(self) -> dict[int, int]:
        # Only the order a step touched can have changed: recompute it, reuse the rest.
        if self.touched is not None:
            self.touched.balance = self.touched.producer_balance()
            self.touched = None
        owed = {p: 0 for p in self.producers}
        for order in self.orders:
            owed[order.po.producer_id] += order.balance
        for producer, total in self.paid_out.items():
            owed[producer] -= total
        return owed

    def check(self) -> None:
        with connection.cursor() as cursor:
            # Fires PostgreSQL's deferred balance check on every entry written so far.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # One scan: each producer's postings, and the rest (producer NULL).
            cursor.execute("SELECT producer_id, SUM(amount) FROM ledger_posting "
                           "GROUP BY producer_id")
            sums = dict(cursor.fetchall())
        assert sum(sums.values()) == 0  # the whole ledger balances
        actual = {p: -total for p, total in sums.items() if p is not None}
        expected = self.expected()
        assert {p: actual.get(p, 0) for p in self.producers} == expected


@pytest.mark.django_db
def test_ledger_simulation(make_producer):
    started = time.perf_counter()
    rng = random.Random(SEED)
    producer_ids = [make_producer().pk for _ in range(PRODUCERS)]
    categories = [Category.objects.create(name=f"Nhóm {i}", slug=f"nhom-{i}") for i in range(4)]
    day = datetime.date(2026, 1, 1)
    CommissionRule.objects.create(rate_bps=1000, valid_from=day)
    CommissionRule.objects.create(rate_bps=800, category=categories[1], valid_from=day)
    CommissionRule.objects.create(rate_bps=650, producer_id=producer_ids[2], valid_from=day)
    CommissionRule.objects.create(rate_bps=1250, producer_id=producer_ids[3],
                                  category=categories[0], valid_from=day)
    rates = {(p, i): commission_rate_for(p, c.pk, datetime.date(2026, 11, 1))
             for p in producer_ids for i, c in enumerate(categories)}
    sim = Simulation(rng, producer_ids, rates)
    steps = 0
    while sim.purchases < PURCHASES or sim.active:
        steps += 1
        sim.step(steps)
        sim.check()
    sim.payout_run(steps)  # settle the last lines and take what is left
    sim.check()
    seconds = time.perf_counter() - started
    entries, postings = JournalEntry.objects.count(), Posting.objects.count()
    print(f"\nledger simulation: {PURCHASES} purchases, {len(sim.orders)} producer orders, "
          f"{steps} steps, {entries} entries, {postings} postings, {seconds:.1f} s")
    sim.counts["retried posts"] = RETRIES["count"]
    print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(sim.counts.items())))
    # The run exercised what it claims to.
    for event in ("placed cod", "placed vietqr", "placed card", "cancelled",
                  "refund before_delivery", "refund pending", "return pending",
                  "refund released", "payout paid", "payout failed",
                  "runs with a skipped producer", "retried posts"):
        assert sim.counts.get(event, 0) > 0, event
    assert any(d.funder == Funder.PRODUCER for o in sim.orders for d in o.po.discounts)
    assert any(d.funder == Funder.MARKETPLACE for o in sim.orders for d in o.po.discounts)
    assert len(set(rates.values())) >= 4
