"""The wiring under real concurrent connections: two return-window releases racing
release each producer order once; two scheduled payout runs racing (the Celery task, with
the sellers app's verified bank accounts) pay each balance once."""

from __future__ import annotations

import datetime
import threading

from django.db import connection
from django.utils import timezone

from backend.ledger import recipes
from backend.ledger.journal import producer_balances, record
from backend.ledger.models import JournalEntry, PayoutLine
from backend.ledger.tasks import run_payouts_task
from backend.order import ledger as books
from tests.ledger.test_payouts import _producers_without_reference_data


def _race(work, count: int = 2) -> list:
    results: list = []
    barrier = threading.Barrier(count)

    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 - reported by the test
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_two_scheduled_payout_runs_racing_pay_each_verified_balance_once(
        transactional_db, django_db_serialized_rollback, settings):
    from backend.sellers.models import SellerAccount

    settings.LEDGER_BANK_DETAILS = "backend.sellers.banks.verified_bank_details"
    ids = _producers_without_reference_data(3)
    for i, producer in enumerate(ids):
        SellerAccount.objects.create(
            producer_id=producer, legal_name=f"HTX {i}", registration_number=f"0{i}",
            legal_representative="A", address="B", phone="0987654321", email="a@b.vn",
            bank_bin="970436", bank_account_number=f"1{i}", bank_account_holder="HTX",
            bank_verified=i < 2)
        po = recipes.ProducerOrder(f"9{i}-1", f"9{i}", producer, recipes.PaymentMethod.CARD,
                                   (recipes.OrderLine(200_000 + i, 0),))
        for spec in (recipes.order_paid(po), recipes.order_delivered(po),
                     recipes.earnings_released(po)):
            record(spec)
    results = _race(lambda: run_payouts_task(100_000))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(PayoutLine.objects.values_list("producer_id", "amount")) == [
        (ids[0], 200_000), (ids[1], 200_001)]
    assert [producer_balances(p).payable for p in ids] == [0, 0, 200_002]


def test_two_releases_racing_release_each_order_once(
        transactional_db, django_db_serialized_rollback, make_product, channel):
    from backend.checkout import services as checkout_services
    from backend.checkout.summary import summarize
    from backend.ledger.models import CommissionRule
    from backend.order import services as orders
    from backend.order.complete import complete_checkout
    from backend.payment import cod
    from backend.shipping.models import ShippingMethod
    from tests.checkout.conftest import ADDRESS

    CommissionRule.objects.create(rate_bps=1000, valid_from=datetime.date(2020, 1, 1))
    product = make_product("Mật ong", price=150_000, quantity=100)
    ShippingMethod.objects.create(producer=product.producer, name="Giao tiêu chuẩn",
                                  price_same_province=15000, price_same_region=25000,
                                  price_nationwide=35000)
    parts = []
    for n in range(3):
        checkout = checkout_services.create_checkout(
            channel, email=f"k{n}@example.vn", lines=[(product.default_variant.pk, 1)])
        checkout_services.set_address(checkout, ADDRESS, "shipping")
        checkout_services.set_delivery_method(
            checkout, summarize(checkout).shared_methods()[0][1][0].method.pk)
        cod.initialize(checkout, summarize(checkout).total)
        po = complete_checkout(checkout).producer_orders.get()
        orders.confirm(po, None)
        orders.ship(po, None, "GHN", f"G{n}")
        orders.mark_delivered(po, None)
        parts.append(po)
    later = timezone.now() + datetime.timedelta(days=30)
    results = _race(lambda: books.release_due(now=later), count=3)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(results) == 3
    assert JournalEntry.objects.filter(kind="earnings_released").count() == 3
    balances = producer_balances(product.producer_id)
    # COD: it kept the cash and owes 10 % commission + 10 % VAT on it, now payable.
    assert (balances.pending, balances.payable) == (0, -3 * (15_000 + 1_500))
