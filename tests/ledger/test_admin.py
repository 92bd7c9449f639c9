"""The operator sets commission rules in the admin (Vietnamese) and reads payout batches."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from backend.ledger.models import CommissionRule, PayoutBatch, PayoutLine

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def operator(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("vh@example.vn", "mat-khau"))
    return client


def test_operator_adds_a_commission_rule_and_sees_it_listed(operator, producers):
    page = operator.get(reverse("admin:ledger_commissionrule_add"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "tỉ lệ hoa hồng (phần vạn)" in text.lower() and "Áp dụng từ ngày" in text
    response = operator.post(reverse("admin:ledger_commissionrule_add"), {
        "producer": producers[0], "rate_bps": "850", "valid_from": "2026-12-01",
        "note": "Ưu đãi hợp tác xã mới"})
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = CommissionRule.objects.get()
    assert (rule.producer_id, rule.rate_bps, rule.valid_from) == (
        producers[0], 850, datetime.date(2026, 12, 1))
    listing = operator.get(reverse("admin:ledger_commissionrule_changelist")).content.decode()
    assert "8,5 %" in listing
    assert operator.get(reverse("admin:ledger_commissionrule_change",
                                args=[rule.pk])).status_code == 200


def test_a_rate_above_100_percent_is_refused(operator):
    response = operator.post(reverse("admin:ledger_commissionrule_add"), {
        "rate_bps": "10001", "valid_from": "01/12/2026"})
    assert response.status_code == 200 and CommissionRule.objects.count() == 0


def test_payout_batches_are_read_only(operator, producers):
    batch = PayoutBatch.objects.create(created_at=datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC),
                                       threshold=100_000)
    PayoutLine.objects.create(batch=batch, producer_id=producers[0], amount=500_000,
                              bank_bin="970436", account_number="0071", account_holder="HTX")
    assert operator.get(reverse("admin:ledger_payoutbatch_changelist")).status_code == 200
    page = operator.get(reverse("admin:ledger_payoutbatch_change", args=[batch.pk]))
    assert page.status_code == 200 and "0071" in page.content.decode()
    assert operator.get(reverse("admin:ledger_payoutbatch_add")).status_code == 403
