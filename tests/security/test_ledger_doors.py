"""The ledger's doors (admin pages for commission rules and payouts) are shut to anyone but
an operator with the permission: nothing is read or written through them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backend.ledger.models import CommissionRule

pytestmark = pytest.mark.django_db

PAGES = ["admin:ledger_commissionrule_changelist", "admin:ledger_commissionrule_add",
         "admin:ledger_payoutbatch_changelist"]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_log_in(client, page):
    response = client.get(reverse(page))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("page", PAGES)
def test_staff_without_the_permission_is_refused(client, django_user_model, page):
    client.force_login(django_user_model.objects.create_user(
        "nv@example.vn", "mat-khau-dai", is_staff=True))
    assert client.get(reverse(page)).status_code == 403


def test_staff_without_the_permission_cannot_add_a_rule(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(
        "nv@example.vn", "mat-khau-dai", is_staff=True))
    before = CommissionRule.objects.count()
    response = client.post(reverse("admin:ledger_commissionrule_add"),
                           {"rate_bps": "0", "valid_from": "01/01/2026"})
    assert response.status_code == 403
    assert CommissionRule.objects.count() == before
