"""Account pages: sign up, confirm, sign in and out, forgotten password, my account
(profile, addresses, password, data download, deletion).

Pages read and change the account through the API's own operations, executed in-process
(``account_queries``), so whatever they do a mobile app can do. The web keeps Django's
session for who is signed in; the sign-in form checks the password through the same
throttle as ``tokenCreate``. Links in e-mails open a page with a button: following a
link changes nothing (mail scanners open links too), pressing the button does.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from backend.account import emails, services
from backend.account.consent import CURRENT_VERSIONS, template_for
from backend.account.forms import SignInForm
from backend.account.personal_data import export_personal_data
from backend.graphql.core.ids import from_id

from . import account_queries as q
from .graphql import execute_personal
from .params import field

SIGN_IN = "storefront:sign_in"
account_required = login_required(login_url="/tai-khoan/dang-nhap/")
TEXT_LIMIT = 300  # form values longer than this are cut before they reach the API


def _post(request: HttpRequest, *names: str) -> dict[str, str]:
    return {name: field(request.POST, name, TEXT_LIMIT) for name in names}


def _errors(errors: list[dict]) -> dict[str, list[str]]:
    """API errors by field (``None`` → ``"__all__"``) for the templates."""
    found: dict[str, list[str]] = {}
    for error in errors:
        found.setdefault(error.get("field") or "__all__", []).append(error["message"])
    return found


def _notice(request: HttpRequest, title: str, message: str, status: int = 200,
            **extra: Any) -> HttpResponse:
    context = {"title": title, "message": message, "noindex": True, **extra}
    return render(request, "storefront/account/notice.html", context, status=status)


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("storefront:account")


# --------------------------------------------------------------------------- sign up, confirm


def sign_up(request: HttpRequest) -> HttpResponse:
    values = _post(request, "email", "lastName", "firstName")
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if request.POST.get("consent") != "yes":
            errors["consent"] = ["Hãy đọc và đồng ý với Điều khoản sử dụng và Thông báo xử lý "
                                 "dữ liệu cá nhân để tạo tài khoản."]
        else:
            request.consent_source = "web"
            data = execute_personal(request, q.REGISTER, {"input": {
                **values, "password": field(request.POST, "password", TEXT_LIMIT),
                "languageCode": "VI"}})["accountRegister"]
            errors = _errors(data["errors"])
            if not errors:
                message = ("Chúng tôi đã gửi thư xác nhận tới e-mail bạn vừa nhập. Hãy mở thư "
                           "và bấm “Xác nhận e-mail” để bắt đầu mua sắm."
                           if data["requiresConfirmation"] else
                           "Tài khoản đã sẵn sàng; bạn có thể đăng nhập ngay.")
                return _notice(request, "Kiểm tra hộp thư của bạn", message)
    return render(request, "storefront/account/sign_up.html", {
        "values": values, "errors": errors, "versions": CURRENT_VERSIONS, "noindex": True})


def confirm(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    email, token = field(source, "email", 254), field(source, "token", 100)
    if request.method != "POST":
        return _notice(request, "Xác nhận e-mail", f"Bấm nút dưới đây để xác nhận e-mail "
                       f"{email} cho tài khoản của bạn.", form_action=request.path,
                       button="Xác nhận e-mail", hidden={"email": email, "token": token})
    data = execute_personal(request, q.CONFIRM_ACCOUNT, {"email": email, "token": token})
    errors = data["confirmAccount"]["errors"]
    if errors:
        return _notice(request, "Không xác nhận được", errors[0]["message"], status=400)
    return _notice(request, "Đã xác nhận e-mail", "Cảm ơn bạn! Tài khoản đã được kích hoạt; "
                   "hãy đăng nhập để mua sắm.", link=reverse(SIGN_IN), link_label="Đăng nhập")


# --------------------------------------------------------------------------- sign in, out


def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        form = SignInForm(request, data=request.POST)
        if form.is_valid():
            login(request, form.get_user())
            return redirect(next_url)
    else:
        form = SignInForm(request)
    return render(request, "storefront/account/sign_in.html",
                  {"form": form, "next": next_url, "noindex": True})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("storefront:home")


# --------------------------------------------------------------------------- passwords


def password_forgot(request: HttpRequest) -> HttpResponse:
    values = _post(request, "email")
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = execute_personal(request, q.REQUEST_PASSWORD_RESET, {
            "email": values["email"],
            "redirectUrl": emails.site_link(reverse("storefront:password_reset"))})
        errors = _errors(data["requestPasswordReset"]["errors"])
        if not errors:
            return _notice(request, "Kiểm tra hộp thư của bạn", "Nếu e-mail này có tài khoản, "
                           "chúng tôi đã gửi đường liên kết đặt lại mật khẩu. Thư có thể mất "
                           "vài phút mới đến; hãy xem cả thư mục thư rác.")
    return render(request, "storefront/account/password_forgot.html",
                  {"values": values, "errors": errors, "noindex": True})


def password_reset(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    email, token = field(source, "email", 254), field(source, "token", 100)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            user = services.set_password(email, token, field(request.POST, "password", 200))
        except ValidationError as error:
            errors = {field: list(messages) for field, messages in error.message_dict.items()}
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("storefront:account")
    return render(request, "storefront/account/password_reset.html",
                  {"email": email, "token": token, "errors": errors, "noindex": True})


@account_required
def password_change(request: HttpRequest) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data = execute_personal(request, q.PASSWORD_CHANGE, {
            "oldPassword": field(request.POST, "oldPassword", 200),
            "newPassword": field(request.POST, "newPassword", 200)})
        errors = _errors(data["passwordChange"]["errors"])
        if not errors:
            update_session_auth_hash(request, request.user)  # stay signed in here
            return _notice(request, "Đã đổi mật khẩu", "Mật khẩu mới có hiệu lực từ bây giờ.",
                           link=reverse("storefront:account"), link_label="Về tài khoản")
    return render(request, "storefront/account/password_change.html",
                  {"errors": errors, "noindex": True})


# --------------------------------------------------------------------------- my account


@account_required
def account(request: HttpRequest) -> HttpResponse:
    me = execute_personal(request, q.ACCOUNT_PAGE)["me"]
    for address in me["addresses"]:
        address["pk"] = from_id(address["id"], "Address")  # for the page's links
    errors: dict[str, list[str]] = {}
    saved = False
    if request.method == "POST":
        values = _post(request, "lastName", "firstName", "phone")
        data = execute_personal(request, q.ACCOUNT_UPDATE, {"input": values})["accountUpdate"]
        errors = _errors(data["errors"])
        if not errors:
            return redirect(reverse("storefront:account") + "?da-luu=1")
        me.update(values)
    else:
        saved = request.GET.get("da-luu") == "1"
    return render(request, "storefront/account/account.html", {
        "me": me, "errors": errors, "saved": saved, "noindex": True,
        "default_shipping": (me["defaultShippingAddress"] or {}).get("id"),
        "default_billing": (me["defaultBillingAddress"] or {}).get("id"),
    })


@account_required
@require_GET
def data_download(request: HttpRequest) -> HttpResponse:
    body = json.dumps(export_personal_data(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="du-lieu-ca-nhan.json"'
    response["Cache-Control"] = "no-store"
    return response


@account_required
def delete_request(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("storefront:account")
    data = execute_personal(request, q.REQUEST_DELETION, {
        "redirectUrl": emails.site_link(reverse("storefront:delete_confirm"))})
    errors = data["accountRequestDeletion"]["errors"]
    if errors:
        return _notice(request, "Không xoá được tài khoản", errors[0]["message"], status=400)
    return _notice(request, "Kiểm tra hộp thư của bạn", "Chúng tôi đã gửi đường liên kết xác "
                   "nhận xoá tài khoản tới e-mail của bạn. Tài khoản chỉ bị xoá khi bạn bấm "
                   "xác nhận trong thư.")


@account_required
def delete_confirm(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    token = field(source, "token", 100)
    if request.method != "POST":
        return _notice(request, "Xoá tài khoản", "Khi bấm nút dưới đây, thông tin cá nhân của "
                       "bạn bị xoá vĩnh viễn và bạn sẽ được đăng xuất. Đơn hàng đã đặt được giữ "
                       "lại không kèm thông tin nhận diện bạn.", form_action=request.path,
                       button="Xoá vĩnh viễn tài khoản", hidden={"token": token}, danger=True)
    data = execute_personal(request, q.DELETE_ACCOUNT, {"token": token})
    errors = data["accountDelete"]["errors"]
    if errors:
        return _notice(request, "Không xoá được tài khoản", errors[0]["message"], status=400)
    logout(request)
    return _notice(request, "Đã xoá tài khoản", "Thông tin cá nhân của bạn đã được xoá. Cảm "
                   "ơn bạn đã dùng Sàn OCOP.")


def legal(request: HttpRequest, document: str) -> HttpResponse:
    titles = {"terms": "Điều khoản sử dụng", "privacy": "Thông báo xử lý dữ liệu cá nhân"}
    return render(request, "storefront/account/legal.html", {
        "title": titles[document], "text_template": template_for(document),
        "version": CURRENT_VERSIONS[document]})


@require_GET
def communes(request: HttpRequest) -> JsonResponse:
    """Communes of a province for the address form's small script (the API's own rules)."""
    province = field(request.GET, "tinh", 100)
    rules = execute_personal(request, q.ADDRESS_RULES, {"countryArea": province or None})
    choices = (rules["addressValidationRules"] or {}).get("cityChoices", [])
    response = JsonResponse({"communes": [c["raw"] for c in choices]})
    response["Cache-Control"] = "public, max-age=3600"
    return response
