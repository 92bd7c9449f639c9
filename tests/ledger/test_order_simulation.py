"""The books driven by the real order services (issue 13's "Done when", wired).

Randomized purchases placed through ``complete_checkout`` (COD promise, then — for card and
VietQR — the charge the payment helper records followed by ``order.ledger.order_paid``),
vouchers funded by the marketplace and by a producer, line cancellations before and after
payment, shipping and delivery through ``order.services``, partial refunds and returns by
the operator and by producers' teams (``order.refunds``), refunds sent or marked sent,
earnings released after the return window (``order.ledger.release_due``) and payout runs
with lines paid and failed.

After every step: the whole ledger sums to 0 and each producer's pending + payable equals
its delivered sales − commission − VAT − refunds − COD cash it kept − payouts, recomputed
here from the order rows (OrderLine, ProducerOrder, OrderGrantedRefundLine, PayoutLine)
with this file's own Decimal arithmetic — never from postings.

Size: ``OCOP_ORDER_SIMULATION_PURCHASES`` (default 300; the figure and time are in
backend/ledger/README.md).
"""

from __future__ import annotations

import datetime
import os
import random
import time
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from backend.catalog.models import Category
from backend.checkout import services as checkout_services
from backend.checkout.summary import summarize
from backend.discount.models import Voucher
from backend.ledger.journal import producer_balances
from backend.ledger.models import CommissionRule, PayoutLine, PayoutStatus, Posting
from backend.ledger.payouts import BankDetails, mark_failed, mark_paid, run_payouts
from backend.order import ledger as books
from backend.order import refunds
from backend.order import services as orders
from backend.order.complete import complete_checkout
from backend.order.models import (
    GrantedRefundStatus,
    OrderGrantedRefund,
    OrderGrantedRefundLine,
    ProducerOrder,
    ProducerOrderStatus,
)
from backend.payment import cod
from backend.payment.models import TransactionItem
from tests.account.conftest import make_user  # noqa: F401 (fixture)
from tests.checkout.conftest import ADDRESS

pytestmark = pytest.mark.django_db

SEED = 20261128
PURCHASES = int(os.environ.get("OCOP_ORDER_SIMULATION_PURCHASES", "300"))
VAT_BPS = 1000


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _shares(po: ProducerOrder, lines: list, refunded: dict[int, int], shipping: int
            ) -> tuple[int, int, int, int]:
    """(sale, marketplace voucher, commission, VAT) of ``refunded`` gross per line and
    ``shipping`` of a producer order, each share in proportion to the line's gross."""
    sale = voucher = commission = whole_commission = 0
    for line in lines:
        gross = line.unit_price * line.quantity
        producer_funded = line.discount if line.discount_funder == "producer" else 0
        marketplace_funded = line.discount - producer_funded
        c = _round(Decimal(gross - producer_funded) * line.commission_bps / 10_000)
        part = Decimal(refunded.get(line.pk, 0)) / gross
        sale += refunded.get(line.pk, 0) - _round(producer_funded * part)
        voucher += _round(marketplace_funded * part)
        commission += _round(c * part)
        whole_commission += c
    vat = _round(Decimal(whole_commission) * po.order.vat_bps / 10_000)
    vat = _round(Decimal(vat) * commission / whole_commission) if whole_commission else 0
    return sale + shipping, voucher, commission, vat


def _refunded(po: ProducerOrder, grants) -> tuple[dict[int, int], int]:
    gross = dict(OrderGrantedRefundLine.objects.filter(refund__in=grants)
                 .values_list("order_line_id").annotate(g=Sum("gross")))
    return gross, grants.aggregate(s=Sum("shipping"))["s"] or 0


def _owed_by_order(po: ProducerOrder) -> int:
    """What the marketplace owes the producer for one producer order, from its rows."""
    if po.delivered_at is None:
        return 0
    lines = list(po.lines.all())
    everything = {line.pk: line.unit_price * line.quantity for line in lines}
    sale, voucher, commission, vat = _shares(po, lines, everything, po.placed_shipping_price)
    grants = OrderGrantedRefund.objects.filter(producer_order=po, sequence__isnull=False)
    b_sale, _, b_commission, b_vat = _shares(po, lines, *_refunded(po, grants))
    owed = (sale - b_sale) - (commission - b_commission) - (vat - b_vat)
    if books.payment_method(po.order) == books.Method.COD:
        # The cash it collected: what the shopper still had to pay at the door.
        e_sale, e_voucher, _, _ = _shares(
            po, lines, *_refunded(po, grants.filter(before_payment=True)))
        owed -= (sale - voucher) - (e_sale - e_voucher)
    return owed


class World:
    def __init__(self, producers, expected_by_po):
        self.producers = producers
        self.expected_by_po = expected_by_po  # po id -> owed, refreshed when it changes

    def refresh(self, po: ProducerOrder) -> None:
        po = ProducerOrder.objects.select_related("order").get(pk=po.pk)
        self.expected_by_po[po.pk] = (po.producer_id, _owed_by_order(po))

    def check(self, step: str) -> None:
        assert (Posting.objects.aggregate(s=Sum("amount"))["s"] or 0) == 0, step
        paid_out = dict(PayoutLine.objects.exclude(status=PayoutStatus.FAILED)
                        .values_list("producer_id").annotate(s=Sum("amount")))
        for producer in self.producers:
            expected = sum(owed for p, owed in self.expected_by_po.values()
                           if p == producer.pk) - (paid_out.get(producer.pk) or 0)
            assert producer_balances(producer.pk).total == expected, (step, producer.pk)


def _bank(producer_id: int) -> BankDetails | None:
    return BankDetails("970436", f"00{producer_id:08d}", "HTX") if producer_id % 4 else None


def test_books_follow_real_orders(channel, make_producer, make_product, make_user,
                                  settings, django_capture_on_commit_callbacks):
    settings.LEDGER_COMMISSION_VAT_BPS = VAT_BPS
    settings.LEDGER_RETURN_WINDOW_DAYS = 7
    started = time.monotonic()
    rng = random.Random(SEED)
    from backend.shipping.models import ShippingMethod

    categories = [Category.objects.create(name=f"Nhóm {i}", slug=f"nhom-sim-{i}")
                  for i in range(3)]
    CommissionRule.objects.create(rate_bps=800, valid_from=datetime.date(2020, 1, 1))
    CommissionRule.objects.create(rate_bps=1250, category=categories[1],
                                  valid_from=datetime.date(2020, 1, 1))
    producers, products = [], []
    for i in range(4):
        producer = make_producer(f"Hợp tác xã Mô phỏng {i}")
        producers.append(producer)
        ShippingMethod.objects.create(producer=producer, name="Giao tiêu chuẩn",
                                      price_same_province=15000 + 1000 * i,
                                      price_same_region=25000 + 1000 * i,
                                      price_nationwide=35000 + 1000 * i)
        for j in range(2):
            products.append(make_product(
                f"Sản phẩm {i}-{j}", producer=producer, price=rng.randrange(20, 400) * 1000 + 333,
                quantity=10_000_000, category=categories[(i + j) % 3]))
    CommissionRule.objects.create(rate_bps=500, producer=producers[2],
                                  valid_from=datetime.date(2020, 1, 1))
    Voucher.objects.create(code="SAN10", value=10)  # the marketplace funds it
    Voucher.objects.create(code="HTX50K", discount_type=Voucher.Type.FIXED, value=50_333,
                           producer=producers[1])
    operator = make_user(is_staff=True, is_superuser=True)
    owners = {}
    from backend.sellers.models import ProducerMembership

    for producer in producers:
        owners[producer.pk] = make_user()
        ProducerMembership.objects.create(user=owners[producer.pk], producer=producer,
                                          role="owner")
    world = World(producers, {})
    now = timezone.now()
    live: list[int] = []  # producer orders not finished yet
    counts = dict.fromkeys(["purchases", "parts", "paid", "cancellations", "delivered",
                            "refunds", "returns", "released", "payout_runs", "payouts_paid",
                            "payouts_failed", "steps"], 0)

    def step(name: str, po: ProducerOrder | None = None) -> None:
        counts["steps"] += 1
        if po is not None:
            world.refresh(po)
        world.check(name)

    for n in range(PURCHASES):
        # -- place --------------------------------------------------------------------
        chosen = rng.sample(products, rng.choice([1, 1, 2, 3]))
        checkout = checkout_services.create_checkout(
            channel, email=f"khach{n}@example.vn",
            lines=[(p.default_variant.pk, rng.randint(1, 4)) for p in chosen])
        checkout_services.set_address(checkout, ADDRESS, "shipping")
        method = summarize(checkout).shared_methods()[0][1][0].method
        checkout_services.set_delivery_method(checkout, method.pk)
        voucher = rng.choice([None, None, "SAN10", "HTX50K"])
        if voucher == "HTX50K" and not any(p.producer_id == producers[1].pk for p in chosen):
            voucher = None  # only for that producer's products
        if voucher:
            checkout_services.add_promo_code(checkout, voucher)
        cod.initialize(checkout, summarize(checkout).total)
        with django_capture_on_commit_callbacks(execute=True):
            order = complete_checkout(checkout)
        counts["purchases"] += 1
        pay_by = rng.choice(["cod", "card", "vietqr"])
        parts = list(order.producer_orders.select_related("order"))
        counts["parts"] += len(parts)
        for po in parts:
            step("placed", po)
        # A line cancelled before any payment (the shopper changed their mind).
        if rng.random() < 0.15:
            po = rng.choice(parts)
            line = po.lines.first()
            orders.cancel_lines(po, None, {line.pk: 1}, "Khách đổi ý", by_shopper=True)
            counts["cancellations"] += 1
            step("cancelled before payment", po)
        if pay_by != "cod":
            order.refresh_from_db()
            item = TransactionItem.objects.get(order=order)
            # What the payment helper records when the money arrives, then its call.
            item.gateway = books.GATEWAY_IDS[books.method_of_gateway(pay_by)]
            item.charged_value, item.authorized_value = order.total, 0
            item.psp_reference = f"{pay_by}-{order.number}"
            item.save()
            books.order_paid(order, pay_by, f"{pay_by}:{order.number}")
            books.order_paid(order, pay_by, f"{pay_by}:{order.number}")  # a retried webhook
            counts["paid"] += 1
            for po in parts:
                step("paid", po)
        live += [po.pk for po in parts]

        # -- move some live producer orders along -------------------------------------
        for pk in rng.sample(live, min(len(live), 3)):
            po = ProducerOrder.objects.select_related("order").get(pk=pk)
            roll = rng.random()
            if po.status == ProducerOrderStatus.CANCELED:
                live.remove(pk)
                continue
            if po.status in (ProducerOrderStatus.UNCONFIRMED, ProducerOrderStatus.UNFULFILLED):
                if roll < 0.1:
                    lines = [li for li in po.lines.all() if li.quantity_to_fulfill > 0]
                    li = rng.choice(lines)
                    orders.cancel_lines(po, owners[po.producer_id],
                                        {li.pk: rng.randint(1, li.quantity_to_fulfill)},
                                        "Hết hàng")
                    counts["cancellations"] += 1
                    step("cancelled", po)
                    continue
                if po.status == ProducerOrderStatus.UNCONFIRMED:
                    orders.confirm(po, owners[po.producer_id])
                orders.ship(po, owners[po.producer_id], "GHN", f"GHN{pk}")
                step("shipped", po)
                continue
            if po.status == ProducerOrderStatus.FULFILLED:
                orders.mark_delivered(po, owners[po.producer_id])
                counts["delivered"] += 1
                step("delivered", po)
                continue
            if po.status in (ProducerOrderStatus.DELIVERED, ProducerOrderStatus.RETURNED):
                lines = [li for li in po.lines.all()]
                li = rng.choice(lines)
                granted = sum(OrderGrantedRefundLine.objects.filter(order_line=li)
                              .values_list("quantity", flat=True))
                left = li.quantity - granted
                if roll < 0.45 and left > 0:
                    who = operator if rng.random() < 0.5 else owners[po.producer_id]
                    amount = None
                    if rng.random() < 0.4:
                        full = refunds._full_amount(
                            po, {li.pk: (1, li.unit_price, "")}, 0)
                        amount = rng.randint(1, full) if full else None
                    is_return = rng.random() < 0.3
                    refund = refunds.producer_refund(
                        po, who, [refunds.LineRequest(li.pk, rng.randint(1, left) if
                                                      amount is None else 1)],
                        reason="Hàng bị dập", amount=amount, is_return=is_return,
                        shipping=rng.random() < 0.1 and not po.granted_refunds.filter(
                            shipping__gt=0).exists())
                    counts["returns" if is_return else "refunds"] += 1
                    step("refunded", po)
                    if refund.status == GrantedRefundStatus.PENDING and rng.random() < 0.7:
                        refunds.mark_sent(refund, operator)
                        step("refund sent", po)
                    continue
                if roll < 0.7:
                    # Releasing moves pending to payable: what each producer is owed in
                    # total does not change, and the check says so.
                    counts["released"] += books.release_due(
                        now=now + datetime.timedelta(days=8))
                    step("released")
                    continue
                live.remove(pk)

        # -- payouts now and then -----------------------------------------------------
        if n % 25 == 24:
            run = run_payouts(150_000, _bank)
            counts["payout_runs"] += 1
            step("payout run")
            if run.batch is not None:
                for line in run.batch.lines.all():
                    if rng.random() < 0.85:
                        with django_capture_on_commit_callbacks(execute=False):
                            mark_paid(line)
                        counts["payouts_paid"] += 1
                    else:
                        mark_failed(line, "Sai số tài khoản")
                        counts["payouts_failed"] += 1
                    step("payout settled")

    # Finish: everything left is shipped, delivered, released and paid out.
    for pk in list(live):
        po = ProducerOrder.objects.get(pk=pk)
        if po.status in (ProducerOrderStatus.UNCONFIRMED, ProducerOrderStatus.UNFULFILLED):
            if po.status == ProducerOrderStatus.UNCONFIRMED:
                orders.confirm(po, None)
            orders.ship(po, None, "GHN", f"GHN{pk}")
            po.refresh_from_db()
        if po.status == ProducerOrderStatus.FULFILLED:
            orders.mark_delivered(po, None)
            counts["delivered"] += 1
            step("delivered at the end", po)
    # A run releases at most 500 orders (locks held briefly); the scheduler runs it again.
    while books.release_due(now=now + datetime.timedelta(days=30)):
        step("released at the end")
    assert not ProducerOrder.objects.filter(delivered_at__isnull=False,
                                            earnings_released_at__isnull=True).exists()
    assert books.release_due(now=now + datetime.timedelta(days=30)) == 0  # idempotent
    run = run_payouts(1, _bank)
    step("final payout run")
    # Producers without a verified account keep their balance; the others are paid all.
    for producer in producers:
        balance = producer_balances(producer.pk)
        assert balance.pending == 0
        if _bank(producer.pk) is not None:
            assert balance.payable <= 0
    elapsed = time.monotonic() - started
    print(f"\norder simulation: {counts}, {elapsed:.1f} s")
    assert counts["delivered"] > 0 and counts["refunds"] > 0 and counts["cancellations"] > 0
