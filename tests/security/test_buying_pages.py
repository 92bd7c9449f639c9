"""The buying pages as doors: garbage in every form field ends in a page or a refusal,
never a 500; another person's order and another producer's orders are not found; the
portal pages need a team role."""

from __future__ import annotations

import pytest

from backend.account.models import User
from backend.order.models import Order, ProducerOrder
from backend.sellers.models import ProducerMembership
from tests.account.conftest import make_user  # noqa: F401 (fixture)
from tests.checkout.conftest import buy, shipping_for, shop  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

GARBAGE = ["", "x" * 5000, "\x00", "-1", "99999999999999999999", "<script>", "'; DROP",
           "UHJvZHVjdFZhcmlhbnQ6OTk5OTk5OTk5", "Q2hlY2tvdXQ6MQ=="]


@pytest.mark.parametrize("value", GARBAGE)
def test_cart_and_checkout_forms_take_garbage_without_a_server_error(client, shop, value):
    for path, data in (
        ("/gio-hang/them/", {"variant": value, "quantity": value}),
        ("/gio-hang/cap-nhat/", {"line": value, "quantity": value}),
        ("/thanh-toan/", {"buoc": "dia-chi", "email": value, "countryArea": value,
                          "city": value, "streetAddress1": value, "phone": value}),
        ("/thanh-toan/", {"buoc": "giao-hang", f"goi-{value}": value}),
        ("/thanh-toan/", {"buoc": "dat-hang", "note": value}),
    ):
        response = client.post(path, data)
        assert response.status_code < 500, (path, value)
    assert Order.objects.count() == 0


def test_order_and_portal_pages_of_others_are_not_found(client, shop, buy, make_user):
    owner = make_user("chu@example.vn")
    order = buy([(shop["sauce"].default_variant, 1)], email=owner.email, user=owner)
    part = order.producer_orders.get()
    stranger = make_user("la@example.vn")
    client.force_login(stranger)
    assert client.get(f"/don-hang/{order.token}/").status_code == 404
    assert client.post(f"/don-hang/{order.token}/huy/", {"part": "x"}).status_code == 404
    assert client.get("/nguoi-ban/don-hang/").status_code == 403  # not in any team
    member = User.objects.create_user("a@example.vn", "Mật-khẩu-Sen-2026")
    ProducerMembership.objects.create(user=member, producer=shop["a"], role="owner")
    client.force_login(member)
    for path in (f"/nguoi-ban/don-hang/{part.pk}/", f"/nguoi-ban/don-hang/{part.pk}/phieu-dong-goi/"):
        assert client.get(path).status_code == 404
    for action in ("xac-nhan", "gui-hang", "da-giao", "huy-dong", "khong-co"):
        assert client.post(f"/nguoi-ban/don-hang/{part.pk}/{action}/").status_code == 404
    assert ProducerOrder.objects.get(pk=part.pk).status == "unconfirmed"
    client.logout()
    response = client.get("/nguoi-ban/don-hang/")
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


@pytest.mark.parametrize("value", GARBAGE)
def test_the_delivery_methods_form_takes_garbage(client, shop, value):
    member = User.objects.create_user("quan-ly@example.vn", "Mật-khẩu-Sen-2026")
    ProducerMembership.objects.create(user=member, producer=shop["a"], role="manager")
    client.force_login(member)
    response = client.post("/nguoi-ban/giao-hang/", {
        "name": value, "kind": value, "price_same_province": value, "tiers": value,
        "free_above": value, "method": value if value.isdigit() else ""})
    assert response.status_code in (302, 404, 422)
    response = client.get(f"/nguoi-ban/giao-hang/?sua={value[:50]}")
    assert response.status_code in (200, 404)


def test_add_to_cart_from_another_site_is_refused(client, db):
    """The add-to-cart form carries no CSRF token (product pages stay cacheable), so the
    Origin or Referer browsers attach decides: another site's post is refused and no cart is
    made; our own page's post, or one without either header, goes through."""
    from backend.checkout.models import Checkout

    before = Checkout.objects.count()
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {"HTTP_ORIGIN": "null"},
                    {"HTTP_REFERER": "https://evil.example/trang"}):
        response = client.post("/gio-hang/them/", {"variant": "x", "quantity": "1"}, **headers)
        assert response.status_code == 403, headers
    assert Checkout.objects.count() == before
    ours = client.post("/gio-hang/them/", {"variant": "x", "quantity": "1"},
                       HTTP_ORIGIN="http://testserver")
    assert ours.status_code in (200, 302)
