"""The portal's earnings page: an owner sees its balances, each order's payment and
earnings status with commission, VAT and refunds, the statement filtered by date and its
CSV; a packer and other producers' members do not; bad dates are named, never a 500."""

from __future__ import annotations

import datetime

import pytest

from backend.account.models import User
from backend.ledger.models import CommissionRule
from backend.order import ledger as books
from backend.order import refunds
from backend.order import services as orders
from backend.sellers.models import ProducerMembership
from tests.checkout.conftest import buy, shipping_for, shop  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _member(producer, email, role):
    user = User.objects.create_user(email, "Mật-khẩu-Sen-2026")
    ProducerMembership.objects.create(user=user, producer=producer, role=role)
    return user


@pytest.fixture
def sold(shop, buy, settings):
    """Producer A: a VietQR order delivered and partly refunded, a COD order delivered."""
    settings.LEDGER_COMMISSION_VAT_BPS = 1000
    CommissionRule.objects.create(rate_bps=1000, valid_from=datetime.date(2020, 1, 1))
    owner = _member(shop["a"], "chu@htx-a.vn", "owner")
    paid = buy([(shop["tea"].default_variant, 2)])
    item = paid.transactions.get()
    item.gateway, item.charged_value, item.authorized_value = "vn.ocop.vietqr", paid.total, 0
    item.save()
    books.order_paid(paid, "vietqr", "FT1")
    cod = buy([(shop["tea"].default_variant, 1)])
    parts = [o.producer_orders.get() for o in (paid, cod)]
    for po in parts:
        orders.confirm(po, owner)
        orders.ship(po, owner, "GHN", "GHN1")
        orders.mark_delivered(po, owner)
    refunds.producer_refund(parts[0], owner, [refunds.LineRequest(parts[0].lines.get().pk, 1)],
                            reason="Gói bị rách", amount=20_000)
    return {"owner": owner, "parts": parts}


def test_the_owner_sees_balances_orders_statement_and_downloads_it(client, shop, sold):
    client.force_login(sold["owner"])
    page = client.get("/nguoi-ban/doanh-thu/")
    assert page.status_code == 200
    text = page.content.decode()
    for words in ("Chờ hết hạn đổi trả", "Có thể rút", "Hoa hồng sàn", "Hoàn tiền cho khách",
                  "Chuyển khoản VietQR – Đã thanh toán", "Thu khi giao (COD) – Đã thu tiền mặt",
                  "24.000", "20.000", "Tải sao kê (CSV)"):
        assert words in text, words
    for po in sold["parts"]:
        assert f'data-earnings-order="{po.number}"' in text
    csv = client.get("/nguoi-ban/doanh-thu/sao-ke.csv")
    assert csv.status_code == 200 and csv["Content-Disposition"].startswith("attachment;")
    body = csv.content.decode("utf-8-sig")
    assert "Hoa hồng sàn" in body and sold["parts"][0].number in body
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    later = client.get(f"/nguoi-ban/doanh-thu/?tu={tomorrow}").content.decode()
    assert "Chưa có phát sinh nào trong khoảng này." in later
    assert "data-earnings-order" not in later


@pytest.mark.parametrize("query,words", [
    ("tu=hom-qua", "Từ ngày: “hom-qua” không phải ngày hợp lệ"),
    ("den=2026-13-45", "Đến ngày: “2026-13-45” không phải ngày hợp lệ"),
    ("tu=1800-01-01", "Từ ngày phải trong khoảng năm 2000–2100."),
    ("tu=2026-11-30&den=2026-11-01", "Đến ngày phải sau hoặc bằng Từ ngày."),
    ("tu=2026-11-31%00", "Từ ngày: “2026-11-31” không phải ngày hợp lệ"),
])
def test_bad_dates_are_named_in_vietnamese(client, sold, query, words):
    client.force_login(sold["owner"])
    page = client.get(f"/nguoi-ban/doanh-thu/?{query}")
    assert page.status_code == 400 and words in page.content.decode()
    assert client.get(f"/nguoi-ban/doanh-thu/sao-ke.csv?{query}").status_code == 400


def test_a_packer_and_other_producers_see_no_earnings(client, shop, sold):
    client.force_login(_member(shop["a"], "dong-goi@htx-a.vn", "packer"))
    assert client.get("/nguoi-ban/doanh-thu/").status_code == 403
    assert client.get("/nguoi-ban/doanh-thu/sao-ke.csv").status_code == 403
    client.force_login(_member(shop["b"], "chu@htx-b.vn", "owner"))
    text = client.get("/nguoi-ban/doanh-thu/").content.decode()
    # B's own (empty) books: none of A's orders or money.
    assert "data-earnings-order" not in text and "24.000" not in text
    assert sold["parts"][0].number not in client.get(
        "/nguoi-ban/doanh-thu/sao-ke.csv").content.decode("utf-8-sig")


def test_the_owner_refunds_from_the_order_page_and_bad_input_is_named(client, shop, sold):
    client.force_login(sold["owner"])
    po = sold["parts"][1]  # the COD order, delivered
    base = f"/nguoi-ban/don-hang/{po.pk}/"
    page = client.get(base).content.decode()
    assert "Hoàn tiền cho người mua" in page
    from backend.graphql.core.ids import to_id

    line = to_id("OrderLine", po.lines.get().token)
    for form, words in (
            ({f"hoan-{line}": "1", "amount": "năm chục", "reason": "Hỏng"}, "Số tiền hoàn"),
            ({f"hoan-{line}": "-1", "reason": "Hỏng"}, "Số lượng hoàn"),
            ({f"hoan-{line}": "1", "amount": "999.999.999", "reason": "Hỏng"},
             "Số tiền hoàn phải từ 1 đ đến"),
            ({f"hoan-{line}": "1", "reason": ""}, "lý do")):
        client.post(base + "hoan-tien/", form)
        assert words.lower() in client.get(base).content.decode().lower(), words
    assert not po.granted_refunds.exists()
    client.post(base + "hoan-tien/", {f"hoan-{line}": "1", "amount": "30.000",
                                      "reason": "Hộp móp", "tra-hang": "1"})
    page = client.get(base).content.decode()
    assert "data-refund" in page and "Hộp móp" in page and "30000" in page
    packer = _member(shop["a"], "dg@htx-a.vn", "packer")
    client.force_login(packer)
    assert "Hoàn tiền cho người mua" not in client.get(base).content.decode()
    client.post(base + "hoan-tien/", {f"hoan-{line}": "1", "reason": "x"})
    assert po.granted_refunds.count() == 1
