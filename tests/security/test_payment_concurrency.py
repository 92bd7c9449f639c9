"""The same bank-feed notification delivered by several workers at the same moment, on
real PostgreSQL connections, charges once; different transfers for one order racing each
other are all counted (the item's row lock), and the order is reported paid once; the
overdue sweep and a late transfer for the same order agree on one outcome (paid and kept,
or cancelled with the money owed back).

Each delivery is a thread with its own connection posting to /webhooks/bank-feed/ through
Django's test client (the whole view: signature, claim, lock, charge, commit). Rows are
committed from threads, as in tests/checkout/test_concurrency.py, and removed afterwards.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.db import connection, transaction
from django.test import Client

from tests.payment.conftest import books  # noqa: F401 (shared fixture)
from tests.payment.gateways.bankfeed_support import CHECKSUM_KEY
from tests.payment.support import bank_feed_body

pytestmark = pytest.mark.django_db
DELIVERIES = 12


def _in_thread(work):
    result, failure = [], []

    def run():
        try:
            result.append(work())
        except BaseException as error:
            failure.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


@pytest.fixture
def awaiting_order(settings):
    """A committed order awaiting a VietQR transfer: (order pk, reference, total)."""
    yield from _prepared(settings, complete=True)


@pytest.fixture
def awaiting_checkout(settings):
    """A committed checkout with a VietQR transaction, not completed yet:
    (checkout pk, reference, total)."""
    yield from _prepared(settings, complete=False)


def _transfer_shop(name: str, product_name: str, tag: str, price: int, quantity: int):
    """A committed producer with shipping, a warehouse and one published, priced product
    with ``quantity`` units: (channel, producer, product, stock)."""
    from backend.catalog.services import create_product, publish, set_variant_price
    from backend.channel.models import get_default_channel
    from backend.geo.resolver import resolve_address
    from backend.ocop.services import ensure_ocop_product_type
    from backend.producers.services import create_producer
    from backend.shipping.models import ShippingMethod
    from backend.warehouse.models import Stock, Warehouse

    channel = get_default_channel()
    place = resolve_address("xã Sơn Kim 1, tỉnh Hà Tĩnh")
    producer = create_producer(name=name, province=place.province, commune=place.commune,
                               legacy_province=place.legacy_province, address="Hà Tĩnh")
    ShippingMethod.objects.create(producer=producer, name="Giao", price_nationwide=30000)
    warehouse = Warehouse.objects.create(name="Kho", slug=f"kho-{tag}-{producer.pk}",
                                         producer=producer, province=producer.province)
    product = create_product(name=product_name, product_type=ensure_ocop_product_type(),
                             producer=producer, sku=f"{tag.upper()}-{producer.pk}")
    publish(product, channel, is_published=True)
    set_variant_price(product.default_variant, channel, price)
    stock = Stock.objects.create(warehouse=warehouse, product_variant=product.default_variant,
                                 quantity=quantity)
    return channel, producer, product, stock


def _transfer_checkout(channel, product, quantity: int):
    """A guest checkout of ``quantity`` units, addressed, with delivery chosen and a VietQR
    transfer started: (checkout, transaction item, total)."""
    from backend.checkout import services
    from backend.checkout.summary import summarize
    from backend.payment import vietqr
    from tests.checkout.conftest import ADDRESS

    checkout = services.create_checkout(channel, email="ck-dua@example.vn",
                                        lines=[(product.default_variant.pk, quantity)])
    services.set_address(checkout, ADDRESS, "shipping")
    services.set_delivery_method(
        checkout, summarize(checkout).shared_methods()[0][1][0].method.pk)
    total = summarize(checkout).total
    with transaction.atomic():
        item, _, _ = vietqr.initialize(checkout, total)
    return checkout, item, total


def _prepared(settings, complete: bool):
    from backend.catalog.models import Product
    from backend.order.complete import complete_checkout
    from backend.order.models import Order
    from backend.payment.models import WebhookEventClaim

    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY

    def make():
        channel, producer, product, _ = _transfer_shop("HTX Chuyển khoản (đua)", "Mật ong",
                                                       "ck", 200000, 5)
        checkout, item, total = _transfer_checkout(channel, product, 1)
        key = complete_checkout(checkout).pk if complete else checkout.pk
        return producer, key, item.psp_reference, total

    producer, key, reference, total = _in_thread(make)

    def clean():
        from backend.checkout.models import Checkout
        from backend.payment.models import TransactionItem

        Order.objects.filter(producer_orders__producer=producer).delete()
        Checkout.objects.filter(email="ck-dua@example.vn").delete()
        TransactionItem.objects.filter(psp_reference=reference).delete()
        Product.objects.filter(producer=producer).delete()
        producer.delete()
        WebhookEventClaim.objects.filter(event_id__startswith="FT-DUA-").delete()
        return True

    try:
        yield key, reference, total
    finally:
        _in_thread(clean)


def _deliver_all(bodies: list[bytes]) -> Counter:
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(bodies))

    def deliver(body: bytes) -> None:
        barrier.wait()
        try:
            response = Client().post("/webhooks/bank-feed/", body,
                                     content_type="application/json")
            outcome = (f"{response.status_code} {response.json().get('result')}"
                       if response.status_code < 500 else f"ERROR {response.status_code}")
        except Exception as error:
            outcome = f"ERROR {type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=deliver, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return outcomes


def _order_state(order_pk):
    from backend.payment.models import OrderSettlement, TransactionEvent, TransactionItem

    def read():
        item = TransactionItem.objects.get(order_id=order_pk)
        return (item.charged_value,
                TransactionEvent.objects.filter(transaction=item, type="CHARGE_SUCCESS").count(),
                OrderSettlement.objects.filter(order_id=order_pk, paid_at__isnull=False).count())

    return _in_thread(read)


def test_one_notification_delivered_at_once_by_many_workers_charges_once(awaiting_order,
                                                                         books):
    order_pk, reference, total = awaiting_order
    body = bank_feed_body(reference, total, bank_id="FT-DUA-1")
    outcomes = _deliver_all([body] * DELIVERIES)
    assert not [o for o in outcomes if o.startswith("ERROR")], outcomes
    assert outcomes == Counter({"200 charged": 1, "200 already_recorded": DELIVERIES - 1})
    assert _order_state(order_pk) == (total, 1, 1)
    assert [c[0] for c in books] == ["order_paid"]


def test_different_transfers_for_one_order_racing_are_all_counted(awaiting_order, books):
    order_pk, reference, total = awaiting_order
    part = total // 4
    amounts = [part, part, part, total - 3 * part]
    bodies = [bank_feed_body(reference, amount, bank_id=f"FT-DUA-P{i}")
              for i, amount in enumerate(amounts)]
    outcomes = _deliver_all(bodies + bodies)  # each delivered twice, all at once
    assert not [o for o in outcomes if o.startswith("ERROR")], outcomes
    assert outcomes["200 already_recorded"] == 4
    assert _order_state(order_pk) == (total, 4, 1)
    assert [c[0] for c in books] == ["order_paid"]


def test_transfer_landing_while_the_checkout_completes(awaiting_checkout, books):
    """Completion (locks the checkout, moves the transaction) and the feed (locks the
    checkout or the order, then the transaction) at the same moment: one order, charged
    once, reported paid once, whichever commits first."""
    from backend.checkout.models import Checkout
    from backend.order.complete import complete_checkout
    from backend.order.models import Order

    checkout_pk, reference, total = awaiting_checkout
    body = bank_feed_body(reference, total, bank_id="FT-DUA-RACE")
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(5)

    def complete() -> None:
        barrier.wait()
        try:
            complete_checkout(Checkout.objects.get(pk=checkout_pk))
            outcome = "order"
        except Exception as error:
            outcome = f"ERROR {type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    def deliver() -> None:
        barrier.wait()
        try:
            response = Client().post("/webhooks/bank-feed/", body,
                                     content_type="application/json")
            outcome = f"{response.status_code} {response.json().get('result')}"
        except Exception as error:
            outcome = f"ERROR {type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=complete)] + [threading.Thread(target=deliver)
                                                     for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert not [o for o in outcomes if o.startswith("ERROR")], outcomes
    assert outcomes["order"] == 1 and outcomes["200 charged"] == 1, outcomes
    assert outcomes["200 already_recorded"] == 3, outcomes
    order_pk = _in_thread(lambda: Order.objects.get(checkout_token=str(checkout_pk)).pk)
    assert _order_state(order_pk) == (total, 1, 1)
    assert [c[0] for c in books] == ["order_paid"]


# ---------------------------------------------------------------- late transfer vs overdue

ROUNDS = 5
UNITS = 2
# How long the sweep lets the feed run ahead after the barrier, per round: only to vary
# who reaches the order's lock first (nothing is asserted about timing).
SWEEP_HEAD_START = (0, 0.02, 0.05, 0.1, 0.3)


@pytest.fixture
def overdue_candidates(settings):
    """ROUNDS committed orders awaiting a VietQR transfer, plus one more placed just now
    that no round touches (its allocation shows whether stock was released twice):
    ([(order pk, number, reference, total)], bystander pk, stock pk, producer id)."""
    from backend.catalog.models import Product
    from backend.order.complete import complete_checkout
    from backend.order.models import Order
    from backend.payment.models import WebhookEventClaim

    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY
    settings.VIETQR_PAYMENT_WINDOW_MINUTES = 30

    def make():
        channel, producer, product, stock = _transfer_shop(
            "HTX Chuyển khoản muộn (đua)", "Kẹo cu đơ", "muon", 150000, UNITS * (ROUNDS + 1))
        placed = []
        for _ in range(ROUNDS + 1):
            checkout, item, total = _transfer_checkout(channel, product, UNITS)
            order = complete_checkout(checkout)
            placed.append((order.pk, order.number, item.psp_reference, total))
        return producer, placed, stock.pk

    producer, placed, stock_pk = _in_thread(make)

    def clean():
        from backend.checkout.models import Checkout
        from backend.payment.models import TransactionItem

        Order.objects.filter(producer_orders__producer=producer).delete()
        Checkout.objects.filter(email="ck-dua@example.vn").delete()
        TransactionItem.objects.filter(psp_reference__in=[p[2] for p in placed]).delete()
        Product.objects.filter(producer=producer).delete()
        producer.delete()
        WebhookEventClaim.objects.filter(event_id__startswith="FT-DUA-").delete()
        return True

    try:
        yield placed[:ROUNDS], placed[ROUNDS][0], stock_pk, producer.pk
    finally:
        _in_thread(clean)


def _books_snapshot(producer_id: int) -> dict[str, int]:
    from django.db.models import Sum

    from backend.ledger.journal import producer_balances
    from backend.ledger.models import Posting

    def read():
        sums = dict(Posting.objects.values_list("account__kind")
                    .annotate(total=Sum("amount")))
        balances = producer_balances(producer_id)
        return {**{kind: total or 0 for kind, total in sums.items()},
                "all": Posting.objects.aggregate(s=Sum("amount"))["s"] or 0,
                "producer": (balances.pending, balances.payable)}

    return _in_thread(read)


def _race_cancel_and_transfer(reference: str, total: int, bank_id: str,
                              head_start: float) -> tuple:
    """The overdue sweep and the whole transfer start together: (numbers the sweep
    cancelled, the webhook's answer), or the errors either raised."""
    from backend.payment.vietqr import cancel_overdue

    answers: dict[str, object] = {}
    barrier = threading.Barrier(2)

    def sweep() -> None:
        barrier.wait()
        time.sleep(head_start)
        try:
            answers["sweep"] = cancel_overdue()
        except Exception as error:
            answers["sweep"] = f"ERROR {type(error).__name__}: {error}"
        finally:
            connection.close()

    def deliver() -> None:
        barrier.wait()
        try:
            response = Client().post("/webhooks/bank-feed/",
                                     bank_feed_body(reference, total, bank_id=bank_id),
                                     content_type="application/json")
            answers["feed"] = (f"{response.status_code} {response.json().get('result')}"
                               if response.status_code < 500
                               else f"ERROR {response.status_code}")
        except Exception as error:
            answers["feed"] = f"ERROR {type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep), threading.Thread(target=deliver)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return answers["sweep"], answers["feed"]


def _after_race(order_pk: int) -> dict[str, object]:
    from backend.ledger.models import JournalEntry
    from backend.order.models import Order, OrderGrantedRefund, OrderLine
    from backend.payment.models import OrderSettlement, TransactionEvent, TransactionItem
    from backend.warehouse.models import Allocation

    def read():
        order = Order.objects.get(pk=order_pk)
        item = TransactionItem.objects.get(order=order)
        return {
            "status": order.status,
            "settled_paid": OrderSettlement.objects.filter(order=order,
                                                           paid_at__isnull=False).count(),
            "parts_paid": [p.paid_at is not None for p in order.producer_orders.all()],
            "charged": item.charged_value, "refund_due": item.refund_due,
            "charges": TransactionEvent.objects.filter(transaction=item,
                                                       type="CHARGE_SUCCESS").count(),
            "owed_back": list(OrderGrantedRefund.objects.filter(order=order, kind="overpayment")
                              .values_list("amount", "status")),
            "cancellations": OrderGrantedRefund.objects.filter(order=order,
                                                               kind="cancellation").count(),
            "canceled_units": sum(OrderLine.objects.filter(order=order)
                                  .values_list("quantity_canceled", flat=True)),
            "allocated": sum(Allocation.objects.filter(order_line__order=order)
                             .values_list("quantity_allocated", flat=True)),
            "entries": sorted(JournalEntry.objects.filter(order_number=order.number)
                              .values_list("kind", flat=True)),
        }

    return _in_thread(read)


def test_overdue_sweep_and_late_transfer_racing_agree(overdue_candidates, books):
    """Each round one order falls overdue; the sweep (``cancel_overdue``) and the bank feed
    bringing the whole amount start at the same moment. Whichever locks the order first
    wins, and the other follows it: paid and kept (stock still allocated), or cancelled
    (stock released once) with every đồng owed back to the shopper. Never both."""
    from datetime import timedelta

    from django.utils import timezone

    from backend.order.models import Order
    from backend.warehouse.models import Stock

    placed, bystander_pk, stock_pk, producer_id = overdue_candidates
    before = _books_snapshot(producer_id)
    seen: Counter = Counter()
    paid = canceled = 0
    for index, (order_pk, number, reference, total) in enumerate(placed):
        _in_thread(lambda pk=order_pk: Order.objects.filter(pk=pk).update(
            created_at=timezone.now() - timedelta(days=2)))
        swept, fed = _race_cancel_and_transfer(reference, total, f"FT-DUA-LATE-{index}",
                                               SWEEP_HEAD_START[index])
        assert not str(swept).startswith("ERROR") and not fed.startswith("ERROR"), (swept, fed)
        state = _after_race(order_pk)
        assert state["charged"] == total and state["charges"] == 1, state
        if fed == "200 charged":  # the money first: the sweep leaves a paid order alone
            paid += 1
            assert swept == [], swept
            assert state["status"] != "canceled" and state["settled_paid"] == 1, state
            assert state["parts_paid"] == [True] and state["refund_due"] == 0, state
            assert state["owed_back"] == [] and state["cancellations"] == 0, state
            assert (state["canceled_units"], state["allocated"]) == (0, UNITS), state
            assert state["entries"] == ["order_paid"], state
        else:  # the sweep first: the transfer finds the order cancelled
            canceled += 1
            assert fed == "200 order_canceled", fed
            assert swept == [number], swept
            assert state["status"] == "canceled" and state["settled_paid"] == 0, state
            assert state["parts_paid"] == [False] and state["refund_due"] == total, state
            assert state["owed_back"] == [(total, "pending")], state
            assert state["cancellations"] == 1, state
            assert (state["canceled_units"], state["allocated"]) == (UNITS, 0), state
            assert state["entries"] == ["refund"], state  # money owed back, no sale
        seen[fed] += 1
    print(f"\nlate transfer vs overdue sweep over {ROUNDS} orders: {dict(seen)}")

    after = _books_snapshot(producer_id)
    delta = {kind: after.get(kind, 0) - before.get(kind, 0)
             for kind in set(after) | set(before) if kind not in ("all", "producer")}
    total = placed[0][3]
    assert after["all"] == 0  # every entry balances
    assert after["producer"] == (0, 0)  # nothing delivered: producers owed nothing yet
    assert delta.pop("gateway_vietqr") == total * ROUNDS  # all the money that came in
    assert delta.pop("refunds_owed", 0) == -total * canceled
    assert sum(delta.values()) == -total * paid  # the sales, only of the orders kept
    assert [c[0] for c in books].count("order_paid") == paid
    assert "overpayment_received" not in [c[0] for c in books]

    def stock_and_bystander():
        stock = Stock.objects.get(pk=stock_pk)
        return stock.quantity, stock.quantity_allocated, Order.objects.get(
            pk=bystander_pk).status

    # The operator sends the money back: the books owe the shoppers nothing more (and
    # these committed rows leave no refund owed behind for later tests to count).
    def send_back():
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Permission

        from backend.order import refunds
        from backend.order.models import OrderGrantedRefund

        staff = get_user_model().objects.create_user("ketoan-dua@example.vn", password="x",
                                                     is_staff=True)
        staff.user_permissions.add(Permission.objects.get(
            codename="handle_payments", content_type__app_label="permission"))
        try:
            owed = OrderGrantedRefund.objects.filter(
                order_id__in=[p[0] for p in placed], kind="overpayment")
            return [refunds.mark_sent(grant, staff).status for grant in owed]
        finally:
            staff.delete()

    assert _in_thread(send_back) == ["success"] * canceled
    settled = _books_snapshot(producer_id)
    assert settled["all"] == 0
    assert settled.get("refunds_owed", 0) == before.get("refunds_owed", 0)
    assert settled["gateway_vietqr"] - before.get("gateway_vietqr", 0) == total * paid

    # Released once per cancelled order: the orders kept and the bystander still hold theirs.
    assert _in_thread(stock_and_bystander) == (UNITS * (ROUNDS + 1), UNITS * (paid + 1),
                                               "unconfirmed")
