"""The account pages without JavaScript (Django's test client): what a shopper sees and
what each form changes."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest
from django.test import Client

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(django_capture_on_commit_callbacks):
    """A browser without JavaScript; each request commits, so its e-mails go out."""
    client = Client()

    class Web:
        def get(self, url, **kwargs):
            return client.get(url, **kwargs)

        def post(self, url, data=None, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(url, data or {}, **kwargs)

        def text(self, response) -> str:
            return response.content.decode()

    web = Web()
    web.client = client
    return web


def path_of(link: str) -> str:
    parts = urlparse(link)
    return f"{parts.path}?{parts.query}"


def test_sign_up_confirm_sign_in_and_the_header_shows_who_is_signed_in(web, smtp_server):
    from backend.account.models import Consent, User

    form = web.get("/tai-khoan/dang-ky/")
    assert form.status_code == 200 and "Đăng ký tài khoản" in web.text(form)
    assert "Đăng nhập" in web.text(web.get("/"))
    values = {"email": "hoa@example.vn", "firstName": "Hoa", "lastName": "Lê",
              "password": PASSWORD}
    refused = web.post("/tai-khoan/dang-ky/", values)
    assert "Hãy đọc và đồng ý" in web.text(refused) and not User.objects.exists()
    done = web.post("/tai-khoan/dang-ky/", {**values, "consent": "yes"})
    assert "Kiểm tra hộp thư của bạn" in web.text(done)
    assert {c.source for c in Consent.objects.filter(user__email="hoa@example.vn")} == {"web"}

    link = smtp_server.wait("hoa@example.vn").link()
    assert link.startswith("http://127.0.0.1:8000/tai-khoan/xac-nhan/?")
    opened = web.get(path_of(link))  # opening the link changes nothing by itself
    assert "Xác nhận e-mail" in web.text(opened)
    assert not User.objects.get(email="hoa@example.vn").is_confirmed
    token = dict(p.split("=", 1) for p in urlparse(link).query.split("&"))["token"]
    confirmed = web.post("/tai-khoan/xac-nhan/", {"email": "hoa@example.vn", "token": token})
    assert "Đã xác nhận e-mail" in web.text(confirmed)
    assert User.objects.get(email="hoa@example.vn").is_confirmed

    wrong = web.post("/tai-khoan/dang-nhap/", {"username": "hoa@example.vn", "password": "sai"})
    assert "E-mail hoặc mật khẩu không đúng" in web.text(wrong)
    signed = web.post("/tai-khoan/dang-nhap/?next=/danh-muc/",
                      {"username": "hoa@example.vn", "password": PASSWORD, "next": "/danh-muc/"},
                      REMOTE_ADDR="10.1.1.1")
    assert signed.status_code == 302 and signed["Location"] == "/danh-muc/"
    home = web.text(web.get("/"))
    assert "Tài khoản: Hoa" in home and "Đăng xuất" in home
    out = web.post("/tai-khoan/dang-xuat/")
    assert out.status_code == 302
    assert "Tài khoản: Hoa" not in web.text(web.get("/"))


def test_an_unconfirmed_account_is_told_to_confirm(web, make_user):
    make_user("chua@example.vn", is_confirmed=False)
    response = web.post("/tai-khoan/dang-nhap/", {"username": "chua@example.vn",
                                                  "password": PASSWORD})
    assert "Tài khoản chưa được xác nhận" in web.text(response)


@pytest.fixture
def signed_in(web, make_user):
    user = make_user("khach@example.vn", first_name="Minh")
    web.client.force_login(user)
    return user


def test_account_page_profile_and_address_book_without_javascript(web, signed_in):
    page = web.get("/tai-khoan/")
    assert page.status_code == 200 and "Bạn chưa lưu địa chỉ nào" in web.text(page)
    assert web.get("/tai-khoan/", follow=False).status_code == 200
    saved = web.post("/tai-khoan/", {"firstName": "Minh", "lastName": "Phạm",
                                     "phone": "0912 000 111"})
    assert saved.status_code == 302
    signed_in.refresh_from_db()
    assert (signed_in.last_name, signed_in.phone) == ("Phạm", "+84912000111")
    bad = web.post("/tai-khoan/", {"firstName": "Minh", "phone": "12"})
    assert "Số điện thoại “12” không hợp lệ" in web.text(bad)

    form = web.text(web.get("/tai-khoan/dia-chi/them/"))
    assert form.count("<option value=\"Tỉnh ") + form.count("<option value=\"Thành phố ") == 34
    assert "Hãy chọn tỉnh/thành phố trước" in form
    # "Chọn" reloads the form with the province's communes; nothing is saved yet.
    chosen = web.text(web.post("/tai-khoan/dia-chi/them/", {
        "countryArea": "Tỉnh Lâm Đồng", "chon_tinh": "1", "firstName": "Minh"}))
    assert '<option value="Xã Ninh Gia">' in chosen and 'value="Minh"' in chosen
    assert signed_in.addresses.count() == 0
    missing = web.text(web.post("/tai-khoan/dia-chi/them/", {"countryArea": "Tỉnh Lâm Đồng"}))
    assert "Hãy chọn xã/phường" in missing
    added = web.post("/tai-khoan/dia-chi/them/", {
        "lastName": "Phạm", "firstName": "Minh", "phone": "0912 000 111",
        "countryArea": "Tỉnh Lâm Đồng", "city": "Xã Ninh Gia", "streetAddress1": "Thôn 3"})
    assert added.status_code == 302
    address = signed_in.addresses.get()
    page = web.text(web.get("/tai-khoan/"))
    assert "Thôn 3" in page and "Xã Ninh Gia, Tỉnh Lâm Đồng" in page
    assert "Mặc định giao hàng" in page
    edit = web.text(web.get(f"/tai-khoan/dia-chi/{address.pk}/sua/"))
    assert 'value="Thôn 3"' in edit and '<option value="Xã Ninh Gia" selected>' in edit
    web.post(f"/tai-khoan/dia-chi/{address.pk}/xoa/")
    assert signed_in.addresses.count() == 0


def test_communes_json_feeds_the_commune_select(web):
    data = web.get("/tai-khoan/xa-phuong/?tinh=Quảng Nam").json()
    assert "Phường Bàn Thạch" in data["communes"]
    assert web.get("/tai-khoan/xa-phuong/?tinh=").json() == {"communes": []}


def test_data_download_and_deletion_from_the_account_page(web, signed_in, smtp_server):
    from backend.account.models import User

    download = web.get("/tai-khoan/du-lieu/")
    assert download["Content-Disposition"] == 'attachment; filename="du-lieu-ca-nhan.json"'
    data = json.loads(download.content)
    assert data["profile"]["email"] == "khach@example.vn" and data["orders"] == []
    asked = web.post("/tai-khoan/xoa/")
    assert "Kiểm tra hộp thư của bạn" in web.text(asked)
    link = smtp_server.wait("khach@example.vn").link()
    assert "/tai-khoan/xoa/xac-nhan/?token=" in link
    confirm_page = web.get(path_of(link))
    assert "Xoá vĩnh viễn tài khoản" in web.text(confirm_page)
    assert User.objects.get(pk=signed_in.pk).is_active
    token = urlparse(link).query.split("=", 1)[1]
    gone = web.post("/tai-khoan/xoa/xac-nhan/", {"token": token})
    assert "Đã xoá tài khoản" in web.text(gone)
    row = User.objects.get(pk=signed_in.pk)
    assert not row.is_active and row.email.endswith("@anonymised.invalid")
    assert web.get("/tai-khoan/").status_code == 302  # signed out


def test_forgotten_password_by_email_then_signed_in(web, make_user, smtp_server):
    make_user("quen-mk@example.vn")
    asked = web.post("/tai-khoan/quen-mat-khau/", {"email": "quen-mk@example.vn"})
    unknown = web.post("/tai-khoan/quen-mat-khau/", {"email": "ai-do@example.vn"})
    assert web.text(asked) == web.text(unknown)
    link = smtp_server.wait("quen-mk@example.vn").link()
    page = web.text(web.get(path_of(link)))
    assert "Chọn mật khẩu mới" in page
    params = dict(p.split("=", 1) for p in urlparse(link).query.split("&"))
    done = web.post("/tai-khoan/quen-mat-khau/dat-lai/", {
        "email": "quen-mk@example.vn", "token": params["token"], "password": "Mat-khau-moi-77"})
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/"
    assert "quen-mk@example.vn" in web.text(web.get("/tai-khoan/"))
    again = web.post("/tai-khoan/quen-mat-khau/dat-lai/", {
        "email": "quen-mk@example.vn", "token": params["token"], "password": "Lan-nua-88-ok"})
    assert "không hợp lệ, đã dùng hoặc đã hết hạn" in web.text(again)


def test_password_change_keeps_this_browser_signed_in(web, signed_in):
    wrong = web.post("/tai-khoan/doi-mat-khau/", {"oldPassword": "sai",
                                                  "newPassword": "Moi-Mat-Khau-55"})
    assert "Mật khẩu hiện tại không đúng" in web.text(wrong)
    done = web.post("/tai-khoan/doi-mat-khau/", {"oldPassword": PASSWORD,
                                                 "newPassword": "Moi-Mat-Khau-55"},
                    REMOTE_ADDR="10.2.2.2")
    assert "Đã đổi mật khẩu" in web.text(done)
    assert web.get("/tai-khoan/").status_code == 200
    signed_in.refresh_from_db()
    assert signed_in.check_password("Moi-Mat-Khau-55")


def test_legal_texts_show_their_version(web):
    for url, title in [("/dieu-khoan/", "Điều khoản sử dụng"),
                       ("/quyen-rieng-tu/", "Thông báo xử lý dữ liệu cá nhân")]:
        text = web.text(web.get(url))
        assert title in text and "Phiên bản 2026-07" in text


def test_account_pages_need_a_signed_in_user(web):
    for url in ["/tai-khoan/", "/tai-khoan/du-lieu/", "/tai-khoan/dia-chi/them/",
                "/tai-khoan/doi-mat-khau/"]:
        response = web.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=")
