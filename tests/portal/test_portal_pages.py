"""Seller portal pages: a product listed from a phone form (variant, price, weight, stock,
photo, publish), packers limited to stock, the team, the bank account, claiming a shop
and accepting an invitation. Every page works without JavaScript and needs CSRF."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.test import Client

from backend.catalog.models import Product
from backend.sellers.models import (
    ProducerMembership,
    SellerAccount,
    SellerApplication,
    SellerDocument,
)
from tests.security.seller_matrix import png_bytes


@pytest.fixture
def owner_client(approved_seller, applicant):
    client = Client()
    client.force_login(applicant)
    return client


def _photo(name="anh.png", data=None):
    handle = io.BytesIO(data if data is not None else png_bytes())
    handle.name = name
    return handle


def test_owner_lists_a_product_from_the_phone_form(owner_client, approved_seller, channel):
    page = owner_client.get("/nguoi-ban/san-pham/them/").content.decode()
    assert 'accept="image/*" capture="environment"' in page
    response = owner_client.post("/nguoi-ban/san-pham/them/", {
        "name": "Nước mắm nhĩ", "variant_name": "500 ml", "price": "85000", "weight": "700",
        "quantity": "40", "photo": _photo(), "publish": "1"})
    assert response.status_code == 302
    product = Product.objects.get(name="Nước mắm nhĩ")
    assert Product.objects.visible_in(channel).filter(pk=product.pk).exists()
    edit = owner_client.get(response["Location"]).content.decode()
    assert "500 ml" in edit and 'value="85000"' in edit and 'value="40"' in edit
    owner_client.post(response["Location"], {"action": "add_variant", "new_name": "1 lít",
                                             "new_price": "150000", "new_quantity": "12"})
    assert list(product.variants.values_list("name", flat=True)) == ["500 ml", "1 lít"]
    listing = owner_client.get("/nguoi-ban/san-pham/").content.decode()
    assert "Nước mắm nhĩ" in listing and "Đang bán" in listing


def test_bad_input_is_shown_and_nothing_is_written(owner_client):
    response = owner_client.post("/nguoi-ban/san-pham/them/", {
        "name": "Mắm tôm", "price": "12000.5", "quantity": "3",
        "photo": _photo("anh.jpg", b"<html>khong phai anh</html>")})
    page = response.content.decode()
    assert response.status_code == 400
    assert "không có phần lẻ" in page and "nội dung không phải ảnh" in page
    assert not Product.objects.filter(name="Mắm tôm").exists()


def test_packer_sees_stock_only(approved_seller, django_user_model):
    producer, product = approved_seller
    packer = django_user_model.objects.create_user("dg@x.vn", password="x")
    ProducerMembership.objects.create(user=packer, producer=producer, role="packer")
    client = Client()
    client.force_login(packer)
    assert client.get("/nguoi-ban/san-pham/them/").status_code == 403
    variant = product.default_variant
    page = client.get(f"/nguoi-ban/san-pham/{product.pk}/").content.decode()
    assert f'name="v{variant.pk}-quantity"' in page and 'name="name"' not in page
    client.post(f"/nguoi-ban/san-pham/{product.pk}/", {
        "action": "save", f"v{variant.pk}-quantity": "77", "name": "Đổi tên lén"})
    product.refresh_from_db()
    assert product.name == "Chè Tân Cương"
    assert variant.stocks.get().quantity == 77
    assert client.get("/nguoi-ban/doi-ngu/").status_code == 403
    assert client.get("/nguoi-ban/tai-khoan-ngan-hang/").status_code == 403


def test_other_producers_products_are_not_found(owner_client, make_product):
    other = make_product("Sản phẩm người khác")
    assert owner_client.get(f"/nguoi-ban/san-pham/{other.pk}/").status_code == 404
    owner_client.post(f"/nguoi-ban/san-pham/{other.pk}/", {"action": "delete"})
    assert Product.objects.filter(pk=other.pk).exists()


def test_invitation_by_email_then_accepted(owner_client, approved_seller, django_user_model,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post("/nguoi-ban/doi-ngu/", {"action": "invite", "email": "ql@x.vn",
                                                  "role": "manager"})
    link = re.search(r"http\S+/nguoi-ban/loi-moi/\?token=\S+", mail.outbox[-1].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    manager = django_user_model.objects.create_user("ql@x.vn", password="x")
    client = Client()
    client.force_login(manager)
    assert "Quản lý" in client.get("/" + path).content.decode()
    token = path.split("token=", 1)[1]
    assert client.post("/nguoi-ban/loi-moi/", {"token": token}).status_code == 302
    assert ProducerMembership.objects.get(user=manager).role == "manager"
    assert client.post("/nguoi-ban/loi-moi/", {"token": token}).status_code == 400


def test_bank_change_waits_for_verification(owner_client, approved_seller):
    producer, _ = approved_seller
    owner_client.post("/nguoi-ban/tai-khoan-ngan-hang/", {
        "bank_bin": "970422", "bank_account_number": "0001112223",
        "bank_account_holder": "Nguyen Van An"})
    account = SellerAccount.objects.get(producer=producer)
    assert (account.bank_bin, account.bank_verified) == ("970422", False)
    assert "Chờ sàn xác minh lại" in owner_client.get(
        "/nguoi-ban/tai-khoan-ngan-hang/").content.decode()


def test_claim_form_with_documents(make_producer, django_user_model, identity):
    producer = make_producer("HTX Mật ong Bắc Hà", registration_number="5300111222")
    user = django_user_model.objects.create_user("chu@bacha.vn", password="x")
    client = Client()
    client.force_login(user)
    found = client.get("/nguoi-ban/dang-ky/", {"q": "5300111222"}).content.decode()
    assert "HTX Mật ong Bắc Hà" in found
    response = client.post(f"/nguoi-ban/dang-ky/?loai=claim&chu-the={producer.pk}", {
        "kind": "claim", "producer": producer.pk, **identity,
        "doc_registration": _photo("dkkd.pdf", b"%PDF-1.4 giay phep"),
        "doc_identity": _photo("cccd.png")})
    assert response.status_code == 302
    application = SellerApplication.objects.get(applicant=user)
    assert application.producer == producer
    assert SellerDocument.objects.filter(application=application).count() == 2


def test_portal_posts_need_csrf(approved_seller, applicant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = client.post("/nguoi-ban/san-pham/them/", {"name": "x", "price": "1000"})
    assert response.status_code == 403
    assert not Product.objects.filter(name="x").exists()


def test_changes_requested_are_answered_in_the_portal(make_producer, django_user_model,
                                                       identity, operator):
    from backend.sellers import services

    user = django_user_model.objects.create_user("bosung@x.vn", password="x")
    application = services.submit_application(user, kind="claim", producer=make_producer(),
                                               **identity)
    services.request_changes(operator, application, "Thiếu CCCD người đại diện")
    client = Client()
    client.force_login(user)
    listing = client.get("/nguoi-ban/ho-so-dang-ky/").content.decode()
    assert "Thiếu CCCD người đại diện" in listing and "Bổ sung hồ sơ" in listing
    url = f"/nguoi-ban/ho-so-dang-ky/{application.pk}/bo-sung/"
    assert 'value="Nguyễn Văn An"' in client.get(url).content.decode()
    response = client.post(url, {**identity, "legal_representative": "Nguyễn Văn Ân",
                                 "doc_identity": _photo("cccd.png")})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.legal_representative) == ("applied",
                                                                      "Nguyễn Văn Ân")
    assert application.documents.count() == 1
    other = django_user_model.objects.create_user("la@x.vn", password="x")
    client.force_login(other)
    assert client.get(url).status_code == 404
