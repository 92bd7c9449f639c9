"""The operator's commands: quickstart (without serving), loadreference, the nightly job."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def prepared_static(settings, tmp_path):
    # A manifest present means "collected": quickstart must not collect again in tests.
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "staticfiles.json").write_text("{}")
    return tmp_path


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_quickstart_prints_where_the_marketplace_runs_and_how_to_get_an_admin(
    prepared_static, monkeypatch
):
    monkeypatch.delenv("OCOP_DEMO_ADMIN_PASSWORD", raising=False)
    output = run("quickstart", "--no-serve", "--no-demo")
    assert ("Sàn OCOP đang chạy: http://127.0.0.1:8000/ — GraphQL: http://127.0.0.1:8000/graphql/"
            " — Quản trị: http://127.0.0.1:8000/admin/") in output
    assert "ocop createsuperuser" in output


def test_quickstart_creates_the_demo_admin_only_when_a_password_is_given(
    prepared_static, monkeypatch, client
):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("OCOP_DEMO_ADMIN_PASSWORD", "mat-khau-thu-nghiem")
    monkeypatch.delenv("OCOP_DEMO_PASSWORD", raising=False)
    output = run("quickstart", "--no-serve", "--no-demo", "--addrport", "0.0.0.0:9000")
    assert "http://127.0.0.1:9000/admin/" in output
    assert "quantri@ocop.test" in output
    admin = get_user_model().objects.get(email="quantri@ocop.test")
    assert admin.is_superuser
    assert client.login(email="quantri@ocop.test", password="mat-khau-thu-nghiem")
    # A second run keeps the account (and its password) as it is.
    run("quickstart", "--no-serve", "--no-demo")
    assert get_user_model().objects.filter(email="quantri@ocop.test").count() == 1
    # No demo shopper without OCOP_DEMO_PASSWORD.
    assert "OCOP_DEMO_PASSWORD chưa đặt" in output
    assert not get_user_model().objects.filter(is_staff=False).exists()


def test_quickstart_creates_a_demo_shopper_with_an_address_when_asked(
    prepared_static, monkeypatch, client
):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("OCOP_DEMO_PASSWORD", "mua-sam-thu-nghiem")
    output = run("quickstart", "--no-serve", "--no-demo")
    assert "khachhang@ocop.test" in output
    shopper = get_user_model().objects.get(email="khachhang@ocop.test")
    assert shopper.is_confirmed and not shopper.is_staff
    address = shopper.default_shipping_address
    assert (address.country_area, address.city) == ("Thành phố Hồ Chí Minh", "Phường Sài Gòn")
    assert client.login(email="khachhang@ocop.test", password="mua-sam-thu-nghiem")
    assert "đã có" in run("quickstart", "--no-serve", "--no-demo")


def test_quickstart_names_the_reset_command_when_the_dev_database_predates_accounts(
    prepared_static, monkeypatch
):
    from django.core.management.base import CommandError
    from django.db import connection

    # What a database built before the account app looks like: admin's migrations are
    # recorded, the user model's are not (rolled back with the test's transaction).
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'account'")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(CommandError) as refused:
        run("quickstart", "--no-serve", "--no-demo")
    assert "ocop db reset --yes" in str(refused.value)


def test_quickstart_rejects_a_malformed_address(prepared_static):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        run("quickstart", "--no-serve", "--no-demo", "local:host:80")


def test_loadreference_is_idempotent_and_old_names_still_resolve():
    from backend.attribute.models import AttributeValue
    from backend.geo.models import Commune, Province
    from backend.geo.resolver import resolve_province
    from backend.ocop.models import ProductGroup

    before = (Province.objects.count(), Commune.objects.count(),
              ProductGroup.objects.count(), AttributeValue.objects.count())
    output = run("loadreference")
    assert "Đã nạp dữ liệu tham chiếu" in output
    after = (Province.objects.count(), Commune.objects.count(),
             ProductGroup.objects.count(), AttributeValue.objects.count())
    assert before == after and after[0] == 34
    assert resolve_province("Quảng Nam").province.name == "Đà Nẵng"


def test_nightly_refresh_takes_the_badge_off_an_expired_product(make_product):
    from backend.ocop.rules import valid_until_for

    decided = datetime.date.today() - datetime.timedelta(days=400)
    product = make_product(star=3, decision_date=decided)
    assert product.attributevalues.filter(value__attribute__slug="ocop-star").exists()
    the_day_after = valid_until_for(decided) + datetime.timedelta(days=1)
    output = run("refresh_certifications", "--date", the_day_after.isoformat())
    assert "1 sản phẩm" in output
    assert not product.attributevalues.filter(value__attribute__slug="ocop-star").exists()
