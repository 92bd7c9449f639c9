"""The same bank-feed notification delivered by several workers at the same moment, on
real PostgreSQL connections, charges once; different transfers for one order racing each
other are all counted (the item's row lock), and the order is reported paid once.

Each delivery is a thread with its own connection posting to /webhooks/bank-feed/ through
Django's test client (the whole view: signature, claim, lock, charge, commit). Rows are
committed from threads, as in tests/checkout/test_concurrency.py, and removed afterwards.
"""

from __future__ import annotations

import threading
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


def _prepared(settings, complete: bool):
    from backend.catalog.models import Product
    from backend.catalog.services import create_product, publish, set_variant_price
    from backend.channel.models import get_default_channel
    from backend.checkout import services
    from backend.checkout.summary import summarize
    from backend.geo.resolver import resolve_address
    from backend.ocop.services import ensure_ocop_product_type
    from backend.order.complete import complete_checkout
    from backend.order.models import Order
    from backend.payment import vietqr
    from backend.payment.models import WebhookEventClaim
    from backend.producers.services import create_producer
    from backend.shipping.models import ShippingMethod
    from backend.warehouse.models import Stock, Warehouse
    from tests.checkout.conftest import ADDRESS

    settings.BANK_FEED_CHECKSUM_KEY = CHECKSUM_KEY

    def make():
        channel = get_default_channel()
        place = resolve_address("xã Sơn Kim 1, tỉnh Hà Tĩnh")
        producer = create_producer(name="HTX Chuyển khoản (đua)", province=place.province,
                                   commune=place.commune, legacy_province=place.legacy_province,
                                   address="Hà Tĩnh")
        ShippingMethod.objects.create(producer=producer, name="Giao", price_nationwide=30000)
        warehouse = Warehouse.objects.create(name="Kho", slug=f"kho-ck-{producer.pk}",
                                             producer=producer, province=producer.province)
        product = create_product(name="Mật ong", product_type=ensure_ocop_product_type(),
                                 producer=producer, sku=f"CK-{producer.pk}")
        publish(product, channel, is_published=True)
        set_variant_price(product.default_variant, channel, 200000)
        Stock.objects.create(warehouse=warehouse, product_variant=product.default_variant,
                             quantity=5)
        checkout = services.create_checkout(channel, email="ck-dua@example.vn",
                                            lines=[(product.default_variant.pk, 1)])
        services.set_address(checkout, ADDRESS, "shipping")
        services.set_delivery_method(
            checkout, summarize(checkout).shared_methods()[0][1][0].method.pk)
        total = summarize(checkout).total
        with transaction.atomic():
            item, _, _ = vietqr.initialize(checkout, total)
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
