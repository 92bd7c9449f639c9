"""The portal's guard: who reaches a producer's pages, and which producer they act for."""

from __future__ import annotations

import pytest

from backend.account.models import User
from backend.sellers.models import ProducerMembership

pytestmark = pytest.mark.django_db


def _member(producer, role: str, email: str) -> User:
    user = User.objects.create_user(email, "Mật-khẩu-Sen-2026")
    ProducerMembership.objects.create(user=user, producer=producer, role=role)
    return user


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/nguoi-ban/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=/nguoi-ban/")


def test_a_shopper_without_a_shop_is_told_so(client):
    client.force_login(User.objects.create_user("khach@example.vn", "x-Mật-khẩu-2026"))
    response = client.get("/nguoi-ban/")
    assert response.status_code == 403
    assert "chưa thuộc gian hàng nào" in response.content.decode()


def test_member_acts_for_their_chosen_producer_only(client, make_producer):
    first, second, other = (make_producer(name=n) for n in ("HTX Ánh Dương", "HTX Bình Minh", "HTX Chè Xanh"))
    user = _member(first, "owner", "chu@example.vn")
    ProducerMembership.objects.create(user=user, producer=second, role="packer")
    client.force_login(user)
    page = client.get("/nguoi-ban/").content.decode()
    assert "HTX Ánh Dương" in page and "Chủ gian hàng" in page
    # Switching to a producer the user is not a member of changes nothing.
    client.post("/nguoi-ban/chon-gian-hang/", {"producer": other.pk})
    assert "HTX Ánh Dương" in client.get("/nguoi-ban/").content.decode()
    client.post("/nguoi-ban/chon-gian-hang/", {"producer": second.pk})
    page = client.get("/nguoi-ban/").content.decode()
    assert "Đóng gói" in page
    # A packer's navigation has stock (not listings), no team or bank pages.
    assert ">Tồn kho</a>" in page and ">Sản phẩm</a>" not in page
    assert "/nguoi-ban/doi-ngu/" not in page and "/nguoi-ban/tai-khoan-ngan-hang/" not in page
