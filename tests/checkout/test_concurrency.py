"""200 buyers race for the last 10 units on real PostgreSQL: exactly 10 orders, stock at
0 and never negative, no deadlock and no server error reaching a buyer.

Each buyer is a thread with its own database connection (opened for its checkout and
closed after). PostgreSQL here allows 100 connections shared with other suites, so at most
``CONNECTIONS`` buyers hold one at a time; all 200 start together behind a barrier.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.db import connection

from backend.checkout.errors import CheckoutProblem
from backend.order.models import Order
from backend.warehouse.models import Stock

from .conftest import ADDRESS

BUYERS = 200
CONNECTIONS = 40


# Committed rows, not a transactional test: flushing after it would drop the reference
# data the migrations load (reloading it costs far more than the race). The fixture
# writes them from a thread of its own (autocommit, outside the test's transaction) and
# removes them afterwards.
pytestmark = pytest.mark.django_db


def _in_thread(work):
    result, failure = [], []

    def run():
        try:
            result.append(work())
        except BaseException as error:  # re-raised in the test's thread
            failure.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return result[0]


def _race(channel, baskets: list[list[tuple[int, int]]]) -> Counter:
    from backend.checkout import services
    from backend.checkout.summary import summarize
    from backend.order.complete import complete_checkout
    from backend.payment import cod

    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(len(baskets))
    gate = threading.Semaphore(CONNECTIONS)

    def buyer(number: int, lines: list[tuple[int, int]]) -> None:
        barrier.wait()
        with gate:
            try:
                checkout = services.create_checkout(channel, email=f"mua{number}@example.vn")
                checkout = services.add_lines(checkout, lines)
                services.set_address(checkout, ADDRESS, "shipping")
                summary = summarize(checkout)
                services.set_delivery_method(
                    checkout, summary.shared_methods()[0][1][0].method.pk)
                cod.initialize(checkout, summarize(checkout).total)
                complete_checkout(checkout)
                outcome = "order"
            except CheckoutProblem as problem:
                outcome = problem.error_dict[next(iter(problem.error_dict))][0].code
            except Exception as error:  # a deadlock or crash would reach the buyer
                outcome = f"ERROR {type(error).__name__}: {error}"
            finally:
                connection.close()
        with lock:
            outcomes[outcome] += 1

    threads = [threading.Thread(target=buyer, args=(i, basket))
               for i, basket in enumerate(baskets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return outcomes


@pytest.fixture
def scarce(db):
    from backend.account.models import Address
    from backend.catalog.models import Product
    from backend.catalog.services import create_product, publish, set_variant_price
    from backend.channel.models import get_default_channel
    from backend.checkout.models import Checkout
    from backend.geo.resolver import resolve_address
    from backend.ocop.services import ensure_ocop_product_type
    from backend.payment.models import TransactionItem
    from backend.producers.services import create_producer
    from backend.shipping.models import ShippingMethod
    from backend.warehouse.models import Warehouse

    def make():
        channel = get_default_channel()
        place = resolve_address("xã Sơn Kim 1, tỉnh Hà Tĩnh")
        producer = create_producer(name="Hợp tác xã Mật ong Hương Sơn (đua)",
                                   province=place.province, commune=place.commune,
                                   legacy_province=place.legacy_province, address="Hà Tĩnh")
        ShippingMethod.objects.create(producer=producer, name="Giao tiêu chuẩn",
                                      price_nationwide=30000)
        warehouse = Warehouse.objects.create(name="Kho đua", slug=f"kho-dua-{producer.pk}",
                                             producer=producer, province=producer.province)
        variants = []
        for index, name in enumerate(["Mật ong hoa nhãn", "Phấn hoa"]):
            product = create_product(name=name, product_type=ensure_ocop_product_type(),
                                     producer=producer, sku=f"DUA-{producer.pk}-{index}")
            publish(product, channel, is_published=True)
            set_variant_price(product.default_variant, channel, 150000)
            Stock.objects.create(warehouse=warehouse, product_variant=product.default_variant,
                                 quantity=10)
            variants.append(product.default_variant)
        last = Address.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return channel, producer, variants, last

    channel, producer, variants, last_address = _in_thread(make)

    def clean():
        Order.objects.filter(producer_orders__producer=producer).delete()
        Checkout.objects.filter(email__startswith="mua", email__endswith="@example.vn").delete()
        TransactionItem.objects.filter(order=None, checkout=None).delete()
        Product.objects.filter(producer=producer).delete()
        producer.delete()
        Address.objects.filter(pk__gt=last_address, user_addresses=None).delete()
        return True

    try:
        yield channel, variants[0], variants[1]
    finally:
        _in_thread(clean)


def _race_orders() -> int:
    return Order.objects.filter(producer_orders__producer__name__contains="(đua)").count()


def _assert_stock(variant, expected_allocated=10):
    stock = _in_thread(lambda: Stock.objects.get(product_variant=variant))
    assert stock.quantity == 10
    assert stock.quantity_allocated == expected_allocated
    assert stock.quantity - stock.quantity_allocated == 0  # none left, none below zero


@pytest.mark.parametrize("hold_minutes", [10, 0], ids=["held-in-cart", "race-at-completion"])
def test_200_buyers_for_the_last_10_units(scarce, settings, hold_minutes):
    # With 0 minutes the carts hold nothing, so all 200 reach checkoutComplete and the
    # allocation's row locks decide alone.
    settings.CHECKOUT_RESERVATION_MINUTES = hold_minutes
    channel, honey, _ = scarce
    started = time.monotonic()
    outcomes = _race(channel, [[(honey.pk, 1)]] * BUYERS)
    assert not [o for o in outcomes if o.startswith("ERROR")], outcomes
    assert outcomes["order"] == 10, outcomes
    assert outcomes["insufficient_stock"] == BUYERS - 10
    assert _in_thread(_race_orders) == 10
    _assert_stock(honey)
    print(f"\n{BUYERS} buyers ({hold_minutes} min hold): {dict(outcomes)} "
          f"in {time.monotonic() - started:.1f}s")


@pytest.mark.parametrize("hold_minutes", [10, 0], ids=["held-in-cart", "race-at-completion"])
def test_two_variants_bought_in_opposite_orders_never_deadlock(scarce, settings, hold_minutes):
    settings.CHECKOUT_RESERVATION_MINUTES = hold_minutes
    channel, honey, pollen = scarce
    baskets = [[(honey.pk, 1), (pollen.pk, 1)] if i % 2 else [(pollen.pk, 1), (honey.pk, 1)]
               for i in range(BUYERS)]
    outcomes = _race(channel, baskets)
    assert not [o for o in outcomes if o.startswith("ERROR")], outcomes
    assert outcomes["order"] == 10, outcomes
    assert _in_thread(_race_orders) == 10
    _assert_stock(honey)
    _assert_stock(pollen)


def test_buyers_through_the_api_never_deadlock(scarce, settings):
    """8 buyers at once through /graphql/, each adding two variants (opposite orders) while
    others complete: the cart lock once took the channel row too and deadlocked with
    completions referencing it (found by tests/benchmarks/bench_checkout.py)."""
    import json

    from django.test import Client
    from graphql_relay import to_global_id

    settings.CHECKOUT_RESERVATION_MINUTES = 0
    _, honey, pollen = scarce
    ids = [to_global_id("ProductVariant", v.pk) for v in (honey, pollen)]
    address = {"firstName": "A", "streetAddress1": "1 Lê Lợi", "city": "Phường Hải Châu",
               "countryArea": "Đà Nẵng", "country": "VN"}
    failures: list[str] = []
    placed: list[str] = []
    barrier = threading.Barrier(8)

    def call(client, document, variables):
        body = client.post("/graphql/", json.dumps({"query": document, "variables": variables}),
                           content_type="application/json").json()
        if "errors" in body:
            raise AssertionError(body["errors"])
        return body["data"]

    def buyer(number):
        client = Client()
        barrier.wait()
        try:
            for round_ in range(3):
                cart = call(client, 'mutation { checkoutCreate(input: {channel: "vn", email: '
                            f'"mua{number}-{round_}@example.vn"}}) {{ checkout {{ id }} }} }}',
                            {})["checkoutCreate"]["checkout"]["id"]
                order = ids if number % 2 else ids[::-1]
                added = call(client, "mutation($id: ID!, $l: [CheckoutLineInput!]!) { "
                             "checkoutLinesAdd(id: $id, lines: $l) { errors { code } } }",
                             {"id": cart, "l": [{"variantId": v, "quantity": 1} for v in order]})
                if added["checkoutLinesAdd"]["errors"]:
                    continue
                methods = call(client, "mutation($id: ID!, $a: AddressInput!) { "
                               "checkoutShippingAddressUpdate(id: $id, shippingAddress: $a) { "
                               "checkout { shippingMethods { id } } } }", {"id": cart, "a": address})
                method = methods["checkoutShippingAddressUpdate"]["checkout"]["shippingMethods"][0]
                call(client, "mutation($id: ID!, $m: ID!) { checkoutDeliveryMethodUpdate(id: $id, "
                     "deliveryMethodId: $m) { errors { code } } }", {"id": cart, "m": method["id"]})
                call(client, 'mutation($id: ID!) { transactionInitialize(id: $id, paymentGateway: '
                     '{id: "vn.ocop.cod"}) { errors { code } } }', {"id": cart})
                done = call(client, "mutation($id: ID!) { checkoutComplete(id: $id) { errors "
                            "{ code } order { number } } }", {"id": cart})["checkoutComplete"]
                if done["order"]:
                    placed.append(done["order"]["number"])
                elif done["errors"][0]["code"] != "INSUFFICIENT_STOCK":
                    failures.append(str(done["errors"]))
        except Exception as error:  # a deadlock or crash would reach the buyer
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=buyer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert len(placed) == 10  # 24 attempts for 10 units of each variant
    _assert_stock(honey)
    _assert_stock(pollen)


def test_seller_restocking_while_buyers_complete(scarce, settings):
    """A seller changes the stock again and again while 60 buyers complete at once: every
    change either lands or is refused for dipping below what orders hold, and at the end
    the stock holds exactly what the orders took, never more than it has."""
    from django.core.exceptions import ValidationError

    from backend.warehouse.stock import set_stock

    settings.CHECKOUT_RESERVATION_MINUTES = 0
    channel, honey, _ = scarce
    warehouse = _in_thread(lambda: Stock.objects.get(product_variant=honey).warehouse)
    seller_outcomes: Counter = Counter()
    stop = threading.Event()

    def seller() -> None:
        # Down to 4, back up to 16, and again: some changes race the buyers' allocations.
        wanted = [4, 16, 6, 12, 5, 14] * 6
        try:
            for quantity in wanted:
                if stop.is_set():
                    break
                try:
                    set_stock(honey, [(warehouse, quantity)])
                    seller_outcomes["set"] += 1
                except ValidationError as refused:
                    assert "giữ cho đơn hàng" in str(refused)
                    seller_outcomes["refused"] += 1
                time.sleep(0.005)
        finally:
            connection.close()

    thread = threading.Thread(target=seller)
    thread.start()
    try:
        outcomes = _race(channel, [[(honey.pk, 1)]] * 60)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not [o for o in outcomes if o.startswith("ERROR")], outcomes
    assert set(outcomes) <= {"order", "insufficient_stock"}, outcomes
    assert seller_outcomes["set"] > 0, seller_outcomes
    stock = _in_thread(lambda: Stock.objects.get(product_variant=honey))
    placed = _in_thread(_race_orders)
    assert placed == outcomes["order"] > 0
    assert stock.quantity_allocated == placed  # one unit held per order, none lost
    assert stock.quantity >= stock.quantity_allocated
