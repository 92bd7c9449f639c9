"""The portal's order pages: a producer's team confirms, prints the packing slip, ships
with a tracking number and marks delivered; another producer's orders are not there."""

from __future__ import annotations

import pytest

from backend.account.models import User
from backend.order.models import ProducerOrder
from backend.sellers.models import ProducerMembership
from tests.checkout.conftest import buy, shipping_for, shop  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _packer(producer, email):
    user = User.objects.create_user(email, "Mật-khẩu-Sen-2026")
    ProducerMembership.objects.create(user=user, producer=producer, role="packer")
    return user


def test_the_team_confirms_packs_ships_and_delivers(client, shop, buy, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    order = buy([(shop["tea"].default_variant, 2), (shop["sauce"].default_variant, 1)])
    part = order.producer_orders.get(producer=shop["a"])
    client.force_login(_packer(shop["a"], "dong-goi@example.vn"))
    listing = client.get("/nguoi-ban/don-hang/?loc=cho-xac-nhan").content.decode()
    assert part.number in listing and f"{order.number}-2" not in listing
    base = f"/nguoi-ban/don-hang/{part.pk}/"
    client.post(base + "xac-nhan/")
    slip = client.get(base + "phieu-dong-goi/").content.decode()
    assert "Phiếu đóng gói" in slip and "Chè Tân Cương" in slip and "Phường Hải Châu" in slip
    with django_capture_on_commit_callbacks(execute=True):
        client.post(base + "gui-hang/", {"carrier": "Viettel Post", "tracking": "VTP987654"})
    page = client.get(base).content.decode()
    assert "VTP987654" in page and "Đang giao" in page
    assert any("VTP987654" in m.body for m in mailoutbox)
    client.post(base + "da-giao/")
    part.refresh_from_db()
    assert part.status == "delivered" and part.charged == part.total


def test_another_producers_order_is_not_found_and_unchanged(client, shop, buy):
    order = buy([(shop["sauce"].default_variant, 1)])
    part_b = order.producer_orders.get()
    client.force_login(_packer(shop["a"], "a-packer@example.vn"))
    assert client.get(f"/nguoi-ban/don-hang/{part_b.pk}/").status_code == 404
    assert client.post(f"/nguoi-ban/don-hang/{part_b.pk}/xac-nhan/").status_code == 404
    assert ProducerOrder.objects.get(pk=part_b.pk).status == "unconfirmed"


def test_a_manager_sets_delivery_methods_a_packer_may_not(client, make_producer):
    from backend.shipping.models import ShippingMethod

    producer = make_producer("HTX Giao Hàng")
    manager = User.objects.create_user("quan-ly@example.vn", "Mật-khẩu-Sen-2026")
    ProducerMembership.objects.create(user=manager, producer=producer, role="manager")
    client.force_login(manager)
    refused = client.post("/nguoi-ban/giao-hang/", {"name": "Theo cân", "kind": "weight",
                                                   "tiers": "1000:abc"})
    assert refused.status_code == 422 and "không hợp lệ" in refused.content.decode()
    client.post("/nguoi-ban/giao-hang/", {"name": "Theo cân", "kind": "weight",
                                          "tiers": "1000:35.000, 5000:60000", "is_active": "1"})
    client.post("/nguoi-ban/giao-hang/", {"name": "Giao tiêu chuẩn", "kind": "flat",
                                          "price_same_province": "20.000",
                                          "price_same_region": "30000",
                                          "price_nationwide": "40000", "free_above": "500000",
                                          "is_active": "1"})
    weight = ShippingMethod.objects.get(producer=producer, name="Theo cân")
    assert [(t.max_weight_grams, t.price) for t in weight.tiers.all()] == [
        (1000, 35000), (5000, 60000)]
    flat = ShippingMethod.objects.get(producer=producer, name="Giao tiêu chuẩn")
    assert (flat.price_same_province, flat.free_above) == (20000, 500000)
    packer = _packer(producer, "dong-goi-gh@example.vn")
    client.force_login(packer)
    assert client.post("/nguoi-ban/giao-hang/", {"name": "X"}).status_code == 403
    assert ShippingMethod.objects.filter(producer=producer).count() == 2
