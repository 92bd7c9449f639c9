"""Register → the e-mail arrives at a real SMTP server → confirm → tokenCreate → me, and
the other e-mail flows (password reset, e-mail change), as a client of the API sees them."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

REGISTER = """
mutation Register($input: AccountRegisterInput!) {
  accountRegister(input: $input) {
    requiresConfirmation
    user { id email firstName }
    errors { field code message }
    accountErrors { code }
  }
}
"""
CONFIRM = """
mutation Confirm($email: String!, $token: String!) {
  confirmAccount(email: $email, token: $token) {
    user { email isConfirmed }
    errors { field code message }
  }
}
"""
ME = """
query Me {
  me { id email firstName lastName isStaff isConfirmed languageCode dateJoined
       addresses { id } defaultShippingAddress { id } defaultBillingAddress { id }
       checkoutIds userPermissions { code } }
}
"""
APP = "http://127.0.0.1:8000/tai-khoan/xac-nhan/"


def register(api, email, password=PASSWORD, **extra):
    variables = {"input": {"email": email, "password": password, "redirectUrl": APP,
                           "firstName": "Lan", "lastName": "Nguyễn Thị", **extra}}
    return api(REGISTER, variables)["data"]["accountRegister"]


def query_params(link: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}


def test_register_confirm_by_email_sign_in_and_read_me(api, smtp_server, sign_in):
    from backend.account.models import Consent, User

    result = register(api, "Lan.Nguyen@Example.VN")
    assert result["errors"] == [] and result["accountErrors"] == []
    assert result["requiresConfirmation"] is True
    # Saleor's payload: the user built from the input, without an id.
    assert result["user"] == {"id": "", "email": "lan.nguyen@example.vn", "firstName": "Lan"}

    mail = smtp_server.wait("lan.nguyen@example.vn")
    assert mail.subject == "Xác nhận địa chỉ e-mail của bạn trên Sàn OCOP"
    assert "Cảm ơn bạn đã đăng ký" in mail.text and "Xác nhận e-mail" in mail.html
    link = mail.link()
    assert link.startswith(APP)
    params = query_params(link)
    assert params["email"] == "lan.nguyen@example.vn"
    assert link.replace("&", "&amp;") in mail.html  # the same link in both parts

    refused = sign_in("lan.nguyen@example.vn")
    assert refused["token"] is None
    assert refused["errors"][0]["code"] == "ACCOUNT_NOT_CONFIRMED"

    confirmed = api(CONFIRM, params)["data"]["confirmAccount"]
    assert confirmed == {"user": {"email": "lan.nguyen@example.vn", "isConfirmed": True},
                         "errors": []}
    again = api(CONFIRM, params)["data"]["confirmAccount"]
    assert again["errors"][0]["code"] == "INVALID" and again["errors"][0]["field"] == "token"

    tokens = sign_in("LAN.nguyen@example.vn")  # e-mails are not case-sensitive
    assert tokens["errors"] == [] and tokens["token"] and tokens["refreshToken"]
    me = api(ME, token=tokens["token"])["data"]["me"]
    assert me["email"] == "lan.nguyen@example.vn" and me["id"] == tokens["user"]["id"]
    assert (me["firstName"], me["lastName"], me["languageCode"]) == ("Lan", "Nguyễn Thị", "VI")
    assert me["isConfirmed"] and not me["isStaff"]
    assert me["addresses"] == [] and me["checkoutIds"] == [] and me["userPermissions"] == []

    user = User.objects.get(email="lan.nguyen@example.vn")
    assert user.password.startswith("argon2$argon2id$")
    consents = {(c.document, c.version, c.source) for c in Consent.objects.filter(user=user)}
    assert consents == {("terms", "2026-07", "api"), ("privacy", "2026-07", "api")}


def test_registering_a_taken_email_answers_the_same_and_tells_its_owner(
    api, smtp_server, make_user
):
    from backend.account.models import User

    owner = make_user("chu@example.vn")
    fresh = register(api, "moi@example.vn")
    taken = register(api, "chu@example.vn", password="Mot-mat-khau-khac-9")
    assert taken == {**fresh, "user": {**fresh["user"], "email": "chu@example.vn"}}
    assert User.objects.filter(email="chu@example.vn").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # nothing about the account changed
    notice = smtp_server.wait("chu@example.vn")
    assert "đã có tài khoản" in notice.text and "/tai-khoan/quen-mat-khau/" in notice.link()
    # A second attempt within 15 minutes sends nothing more.
    register(api, "chu@example.vn", password="Mot-mat-khau-khac-9")
    assert len(smtp_server.to("chu@example.vn")) == 1


def test_registration_refuses_weak_passwords_and_foreign_links_with_saleor_codes(api):
    weak = register(api, "yeu@example.vn", password="12345678")
    codes = {(e["field"], e["code"]) for e in weak["errors"]}
    assert ("password", "PASSWORD_TOO_COMMON") in codes
    assert ("password", "PASSWORD_ENTIRELY_NUMERIC") in codes
    assert all("Mật khẩu" in e["message"] for e in weak["errors"])
    short = register(api, "ngan@example.vn", password="Ab1")
    assert short["errors"][0]["code"] == "PASSWORD_TOO_SHORT"
    foreign = register(api, "la@example.vn", redirectUrl="https://evil.example/steal")
    assert foreign["errors"] == [{"field": "redirectUrl", "code": "INVALID", "message":
                                  "Không được gửi đường liên kết tới trang “evil.example”: tên "
                                  "miền này không nằm trong danh sách được phép."}]
    bad_email = register(api, "khong-phai-email")
    assert bad_email["errors"][0]["field"] == "email"
    assert bad_email["errors"][0]["code"] == "INVALID"


def test_without_email_confirmation_a_new_account_signs_in_at_once(
    api, smtp_server, sign_in, settings
):
    settings.ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL = False
    result = register(api, "ngay@example.vn")
    assert result["requiresConfirmation"] is False
    assert sign_in("ngay@example.vn")["token"]
    assert smtp_server.to("ngay@example.vn") == []


REQUEST_RESET = """
mutation Reset($email: String!, $redirectUrl: String!) {
  requestPasswordReset(email: $email, redirectUrl: $redirectUrl) { errors { field code message } }
}
"""
SET_PASSWORD = """
mutation SetPassword($email: String!, $token: String!, $password: String!) {
  setPassword(email: $email, token: $token, password: $password) {
    token refreshToken user { email } errors { field code message }
  }
}
"""


def test_password_reset_by_email_signs_in_and_signs_every_other_device_out(
    api, smtp_server, make_user, sign_in
):
    make_user("quen@example.vn")
    old = sign_in("quen@example.vn")
    link_base = "http://127.0.0.1:8000/tai-khoan/quen-mat-khau/dat-lai/"
    known = api(REQUEST_RESET, {"email": "quen@example.vn", "redirectUrl": link_base})
    unknown = api(REQUEST_RESET, {"email": "khong-co@example.vn", "redirectUrl": link_base})
    assert known == unknown == {"data": {"requestPasswordReset": {"errors": []}}}
    assert smtp_server.to("khong-co@example.vn") == []
    mail = smtp_server.wait("quen@example.vn")
    assert mail.subject == "Đặt lại mật khẩu tài khoản Sàn OCOP"
    params = query_params(mail.link())

    weak = api(SET_PASSWORD, {**params, "password": "123"})["data"]["setPassword"]
    assert weak["errors"][0]["field"] == "password"
    done = api(SET_PASSWORD, {**params, "password": "Mat-khau-moi-2027"})["data"]["setPassword"]
    assert done["errors"] == [] and done["token"] and done["user"]["email"] == "quen@example.vn"
    assert api(ME, token=done["token"])["data"]["me"]["email"] == "quen@example.vn"
    # The old device's token no longer works; the link cannot be used twice.
    stale = api(ME, token=old["token"])
    assert stale["data"]["me"] is None
    assert stale["errors"][0]["extensions"]["exception"]["code"] == "InvalidTokenError"
    reused = api(SET_PASSWORD, {**params, "password": "Lai-doi-lan-nua-3"})["data"]["setPassword"]
    assert reused["errors"][0]["code"] == "INVALID"
    # Within 15 minutes a second request sends no second e-mail.
    api(REQUEST_RESET, {"email": "quen@example.vn", "redirectUrl": link_base})
    assert len(smtp_server.to("quen@example.vn")) == 1


REQUEST_EMAIL_CHANGE = """
mutation ($password: String!, $newEmail: String!, $redirectUrl: String!) {
  requestEmailChange(password: $password, newEmail: $newEmail, redirectUrl: $redirectUrl) {
    user { email } errors { field code message }
  }
}
"""
CONFIRM_EMAIL_CHANGE = """
mutation ($token: String!) {
  confirmEmailChange(token: $token) { user { email } errors { field code message } }
}
"""


def test_email_change_is_confirmed_from_the_new_inbox_and_the_old_one_is_told(
    api, smtp_server, make_user, sign_in
):
    make_user("cu@example.vn")
    make_user("da-co@example.vn")
    token = sign_in("cu@example.vn")["token"]
    wrong = api(REQUEST_EMAIL_CHANGE, {"password": "sai-mat-khau", "newEmail": "moi@example.vn",
                                       "redirectUrl": APP}, token=token)
    assert wrong["data"]["requestEmailChange"]["errors"][0]["code"] == "INVALID_CREDENTIALS"
    taken = api(REQUEST_EMAIL_CHANGE, {"password": PASSWORD, "newEmail": "da-co@example.vn",
                                       "redirectUrl": APP}, token=token, ip="10.0.0.2")
    assert taken["data"]["requestEmailChange"]["errors"][0]["code"] == "UNIQUE"
    asked = api(REQUEST_EMAIL_CHANGE, {"password": PASSWORD, "newEmail": "moi@example.vn",
                                       "redirectUrl": APP}, token=token, ip="10.0.0.3")
    assert asked["data"]["requestEmailChange"] == {"user": {"email": "cu@example.vn"},
                                                   "errors": []}
    change = smtp_server.wait("moi@example.vn")
    new_token = query_params(change.link())["token"]
    done = api(CONFIRM_EMAIL_CHANGE, {"token": new_token}, token=token)
    assert done["data"]["confirmEmailChange"] == {"user": {"email": "moi@example.vn"},
                                                  "errors": []}
    told = smtp_server.wait("cu@example.vn")
    assert "moi@example.vn" in told.text
    again = api(CONFIRM_EMAIL_CHANGE, {"token": new_token}, token=token)
    assert again["data"]["confirmEmailChange"]["errors"][0]["code"] == "INVALID"
