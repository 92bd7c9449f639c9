"""Payout runs: who is paid, the bank file, paid and failed lines, the e-mail, the
statement, the command — and two runs racing never pay a balance twice."""

from __future__ import annotations

import csv
import io
import threading
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from backend.ledger import journal, recipes
from backend.ledger.journal import AccountRef, Line, record
from backend.ledger.models import AccountKind as K
from backend.ledger.models import PayoutLine, PayoutStatus
from backend.ledger.payouts import (
    BankDetails,
    PayoutError,
    bank_transfer_csv,
    mark_failed,
    mark_paid,
    run_payouts,
)
from backend.ledger.statements import statement_csv, statement_rows


def _credit(producer_id: int, amount: int, key: str) -> None:
    """``amount`` becomes payable to the producer (as a released sale would)."""
    journal.post("earnings_released", key, [
        Line(AccountRef(K.BANK), amount),
        Line(AccountRef(K.PRODUCER_PAYABLE, producer_id), -amount, "release"),
    ])


def _bank(producer_id: int) -> BankDetails:
    return BankDetails("970436", f"00710001{producer_id}", f"HTX SO {producer_id}")


@pytest.mark.django_db
def test_a_run_pays_balances_above_the_threshold_and_lists_producers_without_a_bank(producers):
    a, b, c = producers
    _credit(a, 500_000, "a"), _credit(b, 90_000, "b"), _credit(c, 300_000, "c")
    run = run_payouts(100_000, lambda p: None if p == c else _bank(p))
    assert [(line.producer_id, line.amount) for line in run.batch.lines.all()] == [(a, 500_000)]
    assert run.skipped == [{"producer_id": c, "amount": 300_000}]
    assert run.batch.skipped == run.skipped
    assert journal.producer_balances(a).payable == 0
    assert journal.balance(AccountRef(K.PAYOUTS_IN_TRANSIT)) == -500_000
    assert journal.producer_balances(b).payable == 90_000  # below the threshold: stays
    # Nothing new is due: a second run makes no batch.
    assert run_payouts(100_000, _bank).batch.lines.get().producer_id == c
    assert run_payouts(100_000, _bank).batch is None


@pytest.mark.django_db
def test_negative_balances_are_never_paid(producers):
    a = producers[0]
    _credit(a, -40_000, "owes")  # a COD producer that owes its commission
    assert run_payouts(0, _bank).batch is None


@pytest.mark.django_db
def test_paid_leaves_the_bank_and_emails_the_producer(producers, django_capture_on_commit_callbacks):
    from backend.producers.models import Producer

    a = producers[0]
    Producer.objects.filter(pk=a).update(email="htx@example.vn")
    _credit(a, 750_000, "a")
    line = run_payouts(100_000, _bank).batch.lines.get()
    with django_capture_on_commit_callbacks(execute=True):
        mark_paid(line)
    assert mark_paid(line).status == PayoutStatus.PAID  # twice: nothing new
    assert journal.balance(AccountRef(K.BANK)) == 750_000 - 750_000
    assert journal.balance(AccountRef(K.PAYOUTS_IN_TRANSIT)) == 0
    assert len(mail.outbox) == 1
    assert "750.000 ₫" in mail.outbox[0].subject and mail.outbox[0].to == ["htx@example.vn"]
    with pytest.raises(PayoutError):
        mark_failed(line, "Sai số tài khoản")


@pytest.mark.django_db
def test_failed_returns_to_the_balance_and_is_paid_by_the_next_run(producers):
    a = producers[0]
    _credit(a, 200_000, "a")
    line = run_payouts(100_000, _bank).batch.lines.get()
    with pytest.raises(PayoutError):
        mark_failed(line, "  ")
    mark_failed(line, "Tài khoản đã đóng")
    assert PayoutLine.objects.get(pk=line.pk).reason == "Tài khoản đã đóng"
    assert journal.producer_balances(a).payable == 200_000
    with pytest.raises(PayoutError):
        mark_paid(line)
    assert run_payouts(100_000, _bank).batch.lines.get().amount == 200_000
    rows = statement_rows(a)
    assert [(r.label, r.amount, r.payable) for r in rows] == [
        ("release", 200_000, 200_000), ("payout", -200_000, 0),
        ("payout_failed", 200_000, 200_000), ("payout", -200_000, 0)]


@pytest.mark.django_db
def test_bank_file_lists_pending_lines_and_cannot_carry_a_formula(producers):
    a, b, _ = producers
    _credit(a, 150_000, "a"), _credit(b, 250_000, "b")
    batch = run_payouts(100_000, lambda p: BankDetails(
        "970436", "0071000123", "=HYPERLINK(\"http://x\")" if p == b else "NGUYEN VAN A")).batch
    rows = list(csv.reader(io.StringIO(bank_transfer_csv(batch).lstrip("\ufeff"))))
    assert rows[0] == ["Mã BIN ngân hàng", "Số tài khoản", "Chủ tài khoản", "Số tiền", "Nội dung"]
    assert rows[1][:4] == ["970436", "0071000123", "NGUYEN VAN A", "150000"]
    assert rows[2][2] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][4].startswith("OCOP CHI TRA DOT") and rows[1][4].isascii()
    mark_paid(batch.lines.first())
    assert len(list(csv.reader(io.StringIO(bank_transfer_csv(batch))))) == 2  # paid: gone


@pytest.mark.django_db
def test_statement_of_an_order_its_commission_refund_and_payout(producers):
    a = producers[0]
    po = recipes.ProducerOrder("7-1", "7", a, recipes.PaymentMethod.CARD,
                               (recipes.OrderLine(200_000, 1000),), shipping=20_000)
    refund = recipes.Refund("r1", (50_000,), recipes.Stage.PENDING)
    for spec in (recipes.order_paid(po), recipes.order_delivered(po),
                 recipes.refunded(po, refund), recipes.earnings_released(po, [refund])):
        record(spec)
    run_payouts(1, _bank)
    rows = statement_rows(a)
    assert [(r.label, r.amount) for r in rows] == [
        ("sale", 220_000), ("commission", -20_000), ("commission_vat", -2_000),
        ("refund", -50_000), ("commission_refund", 5_000), ("commission_vat_refund", 500),
        ("release", 0), ("payout", -153_500)]
    assert (rows[-2].pending, rows[-2].payable) == (0, 153_500)
    assert rows[-1].balance == 0
    text = statement_csv(a)
    assert "Hoa hồng sàn" in text and "7-1" in text and "-153500" in text


@pytest.mark.django_db
def test_payouts_command(producers, capsys, tmp_path, settings):
    _credit(producers[0], 120_000, "a")
    call_command("payouts", "run", "--threshold", "100000")
    assert "chưa có tài khoản ngân hàng" in capsys.readouterr().out  # no provider yet
    settings.LEDGER_BANK_DETAILS = "tests.ledger.test_payouts._bank"
    call_command("payouts", "run", "--threshold", "100000")
    assert "1 chủ thể, tổng 120.000 ₫" in capsys.readouterr().out
    batch = PayoutLine.objects.get().batch_id
    call_command("payouts", "export", str(batch), "--out", str(tmp_path / "ck.csv"))
    assert "120000" in (tmp_path / "ck.csv").read_text(encoding="utf-8")


def _in_thread(work, results: list, barrier: threading.Barrier) -> threading.Thread:
    def run() -> None:
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 - reported by the test
            results.append(error)
        finally:
            connection.close()
    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _producers_without_reference_data(count: int) -> list[int]:
    """Producers in a province of their own: an earlier transactional test may have
    flushed the reference data (provinces, regions) that ``make_producer`` resolves."""
    from backend.geo.models import Province, Region
    from backend.producers.models import Producer

    region, _ = Region.objects.get_or_create(slug="thu-nghiem", defaults={"name": "Thử nghiệm"})
    province, _ = Province.objects.get_or_create(code="99", defaults={
        "name": "Thử nghiệm", "full_name": "Tỉnh Thử nghiệm", "kind": "tinh",
        "slug": "thu-nghiem", "region": region})
    return [Producer.objects.create(name=f"HTX Chạy đua {i}", name_key=f"htx chay dua {i}",
                                    province=province, region=region).pk
            for i in range(count)]


# Real connections need committed rows: a transactional test.
def test_two_racing_payout_runs_never_pay_a_balance_twice(
    transactional_db, django_db_serialized_rollback
):
    ids = _producers_without_reference_data(4)
    for i, producer in enumerate(ids):
        _credit(producer, 100_000 * (i + 1), f"seed-{producer}")

    def slow_bank(producer_id: int) -> BankDetails:
        time.sleep(0.05)  # hold the locks a while: the other run must wait, not read
        return _bank(producer_id)

    results: list = []
    barrier = threading.Barrier(2)
    threads = [_in_thread(lambda: run_payouts(1, slow_bank), results, barrier)
               for _ in range(2)]
    for thread in threads:
        thread.join(30)
    assert not [r for r in results if isinstance(r, Exception)], results
    lines = list(PayoutLine.objects.values_list("producer_id", "amount"))
    assert sorted(lines) == [(p, 100_000 * (i + 1)) for i, p in enumerate(ids)]
    assert sum(r.batch is not None for r in results) == 1
    assert all(journal.producer_balances(p).payable == 0 for p in ids)


def test_the_same_event_posted_by_two_connections_at_once_posts_once(
    transactional_db, django_db_serialized_rollback
):
    lines = [Line(AccountRef(K.BANK), 1_000), Line(AccountRef(K.COMMISSION_REVENUE), -1_000)]
    results: list = []
    barrier = threading.Barrier(4)
    threads = [_in_thread(lambda: journal.post("gateway_settled", "webhook-7", lines).pk,
                          results, barrier) for _ in range(4)]
    for thread in threads:
        thread.join(30)
    assert len(set(results)) == 1 and not isinstance(results[0], Exception), results
    assert journal.balance(AccountRef(K.BANK)) == 1_000
