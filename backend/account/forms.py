"""Sign-in forms of the admin and the storefront: both check the password through the
login throttle (the same one ``tokenCreate`` uses), never through a bare ``authenticate``."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from .throttling import LoginDelayed, UnknownIPAddress, authenticate_with_throttling

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class ThrottledLoginMixin:
    """Replaces ``AuthenticationForm.clean``: throttled check, then the form's own
    ``confirm_login_allowed`` (staff only for the admin, confirmed for the storefront)."""

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            try:
                user = authenticate_with_throttling(self.request, email, password)
            except (LoginDelayed, UnknownIPAddress) as error:
                raise ValidationError(str(error), code="login_attempt_delayed") from None
            # An inactive account reads like a wrong password: no hint it exists.
            if user is None or not user.is_active:
                raise self.get_invalid_login_error()
            user.backend = MODEL_BACKEND  # django.contrib.auth.login needs to know
            self.user_cache = user
            self.confirm_login_allowed(user)
        return self.cleaned_data


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass


class SignInForm(ThrottledLoginMixin, AuthenticationForm):
    """The storefront's sign-in: e-mail and password, in Vietnamese."""

    error_messages = {
        "invalid_login": "E-mail hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa "
                         "và chữ thường.",
        "inactive": "Tài khoản này đã bị khoá.",
    }

    def __init__(self, request=None, *args, **kwargs) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label="E-mail", max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
        self.fields["password"].label = "Mật khẩu"

    def confirm_login_allowed(self, user) -> None:
        from .services import check_can_sign_in

        try:
            check_can_sign_in(user)
        except ValidationError as error:
            raise ValidationError(error.message_dict["email"][0], code="not_allowed") from None
