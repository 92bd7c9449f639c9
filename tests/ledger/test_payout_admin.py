"""The operator's payout screens: run a batch (threshold), download its bank transfer file,
mark each line paid (the producer's owner gets an e-mail, through a real SMTP server) or
failed (the amount returns to the balance). Only verified bank accounts are paid; staff
without MANAGE_PAYOUTS can do none of it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from backend.ledger import recipes
from backend.ledger.journal import producer_balances, record
from backend.ledger.models import JournalEntry, PayoutBatch, PayoutLine, PayoutStatus
from backend.sellers.banks import verified_bank_details
from backend.sellers.models import ProducerMembership, SellerAccount

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def earn(producer_id: int, gross: int, number: str) -> None:
    po = recipes.ProducerOrder(number, number, producer_id, recipes.PaymentMethod.VIETQR,
                               (recipes.OrderLine(gross, 0),))
    for spec in (recipes.order_paid(po), recipes.order_delivered(po),
                 recipes.earnings_released(po)):
        record(spec)


@pytest.fixture
def sellers(make_producer, django_user_model):
    """Two producers with owners; the first's bank account verified, the second's not."""
    made = []
    for i, verified in enumerate((True, False)):
        producer = make_producer(f"HTX Chi trả {i}")
        owner = django_user_model.objects.create_user(f"chu{i}@htx.vn", "x")
        ProducerMembership.objects.create(user=owner, producer=producer, role="owner")
        SellerAccount.objects.create(
            producer=producer, legal_name=f"HTX {i}", registration_number=f"01012345{i}",
            legal_representative="Lê Văn Cường", address="xã Tân Cương", phone="0987654321",
            email=f"htx{i}@example.vn", bank_bin="970436",
            bank_account_number=f"00710000{i}", bank_account_holder=f"HTX CHI TRA {i}",
            bank_verified=verified)
        earn(producer.pk, 500_000 + i, f"P{i}")
        made.append((producer, owner))
    return made


@pytest.fixture
def operator(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("kt@san.vn", "mat-khau"))
    return client


def test_only_verified_accounts_are_payout_details(sellers):
    (first, _), (second, _) = sellers
    details = verified_bank_details(first.pk)
    assert (details.bank_bin, details.account_number, details.holder) == (
        "970436", "007100000", "HTX CHI TRA 0")
    assert verified_bank_details(second.pk) is None


def test_run_download_mark_paid_and_failed(operator, sellers, smtp_server,
                                           django_capture_on_commit_callbacks):
    (first, owner), (second, _) = sellers
    page = operator.get(reverse("admin:ledger_payoutbatch_run"))
    assert page.status_code == 200 and "Ngưỡng chi trả" in page.content.decode()
    response = operator.post(reverse("admin:ledger_payoutbatch_run"), {"threshold": "100000"},
                             follow=True)
    text = response.content.decode()
    assert "Đã lập đợt chi trả" in text and "chưa có tài khoản ngân hàng đã xác minh" in text
    batch = PayoutBatch.objects.get()
    line = batch.lines.get()
    assert (line.producer_id, line.amount) == (first.pk, 500_000)
    assert producer_balances(second.pk).payable == 500_001  # waits for verification
    csv = operator.get(reverse("admin:ledger_payoutbatch_csv", args=[batch.pk]))
    assert csv["Content-Disposition"].startswith("attachment;")
    body = csv.content.decode("utf-8-sig")
    assert "007100000" in body and "500000" in body and "HTX CHI TRA 0" in body
    settle = reverse("admin:ledger_payoutbatch_settle", args=[batch.pk, line.pk, "paid"])
    assert operator.get(settle).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        operator.post(settle, {})
    line.refresh_from_db()
    assert line.status == PayoutStatus.PAID
    mail = smtp_server.wait(owner.email)
    assert "500.000" in mail.subject and "007100000" in mail.text
    operator.post(settle, {})  # twice: one entry
    assert JournalEntry.objects.filter(kind="payout_paid").count() == 1
    assert producer_balances(first.pk).total == 0


def test_a_failed_transfer_returns_to_the_balance_and_needs_a_reason(operator, sellers):
    (first, _), _ = sellers
    operator.post(reverse("admin:ledger_payoutbatch_run"), {"threshold": "1"})
    line = PayoutLine.objects.get(producer=first)
    url = reverse("admin:ledger_payoutbatch_settle", args=[line.batch_id, line.pk, "failed"])
    page = operator.post(url, {"reason": ""})
    assert "Hãy ghi lý do chi trả thất bại." in page.content.decode()
    line.refresh_from_db()
    assert line.status == PayoutStatus.PENDING
    operator.post(url, {"reason": "Sai số tài khoản"})
    line.refresh_from_db()
    assert line.status == PayoutStatus.FAILED
    assert producer_balances(first.pk).payable == 500_000


@pytest.mark.parametrize("threshold", ["abc", "-1", "1e9", "", "99999999999999"])
def test_a_bad_threshold_is_named_and_nothing_runs(operator, sellers, threshold):
    page = operator.post(reverse("admin:ledger_payoutbatch_run"), {"threshold": threshold})
    assert page.status_code == 200
    assert "Ngưỡng chi trả" in page.content.decode() and "errorlist" in page.content.decode()
    assert PayoutBatch.objects.count() == 0


def test_staff_without_manage_payouts_moves_no_money(client, django_user_model, sellers):
    staff = django_user_model.objects.create_user("nv@san.vn", "x", is_staff=True)
    # Even allowed to look at the batches, the buttons need MANAGE_PAYOUTS.
    staff.user_permissions.add(Permission.objects.get(codename="view_payoutbatch"))
    client.force_login(staff)
    record_count = JournalEntry.objects.count()
    assert client.post(reverse("admin:ledger_payoutbatch_run"),
                       {"threshold": "1"}).status_code == 403
    batch = PayoutBatch.objects.create(threshold=1, created_at="2026-11-28T00:00:00Z")
    line = PayoutLine.objects.create(batch=batch, producer=sellers[0][0], amount=1,
                                     bank_bin="970436", account_number="1", account_holder="X")
    for url in (reverse("admin:ledger_payoutbatch_csv", args=[batch.pk]),
                reverse("admin:ledger_payoutbatch_settle", args=[batch.pk, line.pk, "paid"])):
        assert client.post(url, {"reason": "x"}).status_code == 403
    line.refresh_from_db()
    assert line.status == PayoutStatus.PENDING
    assert JournalEntry.objects.count() == record_count
