"""Users, their address books and the consents they gave.

One user model for everyone who signs in: shoppers, the operator's staff (``is_staff``,
permission codes through Django's groups), and producers' team members. Team membership
is not stored here: the sellers app links users to producers through its own membership
rows (one user, any number of producers, a role in each), so nothing on ``User`` assumes
a single producer.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from backend.geo.models import Commune, LegacyCommune, LegacyProvince, Province


def new_jwt_token_key() -> str:
    """A fresh per-user key: every JWT carries it, so changing it signs out every device."""
    return secrets.token_urlsafe(12)


def normalize_email(email: str | None) -> str:
    """E-mails are compared and stored in lower case ("An@Example.VN" is "an@example.vn")."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("A user needs an e-mail address")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str) -> User:
        return self.get(email=normalize_email(username))

    def by_email(self, email: str | None, active_only: bool = False) -> User | None:
        """The user with this e-mail (any case); None for text no e-mail could be (a NUL
        byte or a lone surrogate would be an error in PostgreSQL, not a miss)."""
        from backend.core.text import has_unstorable_characters

        email = normalize_email(email)
        if not email or len(email) > 254 or has_unstorable_characters(email):
            return None
        users = self.filter(email=email)
        return (users.filter(is_active=True) if active_only else users).first()

    def staff(self) -> models.QuerySet[User]:
        return self.filter(is_staff=True)


class Address(models.Model):
    """A postal address in Saleor's shape, placed in Vietnam's current units.

    ``country_area`` and ``city`` hold the current province and commune names; when the
    person wrote an old (pre-2025) name, ``entered_place`` keeps their words and the
    ``legacy_*`` links say which old units they named. Orders will copy addresses, so an
    address book entry can change or go without touching what was ordered.
    """

    first_name = models.CharField("tên", max_length=256, blank=True)
    last_name = models.CharField("họ", max_length=256, blank=True)
    company_name = models.CharField("công ty", max_length=256, blank=True)
    street_address_1 = models.CharField("số nhà, đường, thôn/ấp", max_length=256, blank=True)
    street_address_2 = models.CharField("địa chỉ bổ sung", max_length=256, blank=True)
    city = models.CharField("xã/phường", max_length=256, blank=True)
    city_area = models.CharField("khu vực", max_length=128, blank=True)
    postal_code = models.CharField("mã bưu chính", max_length=20, blank=True)
    country = models.CharField("quốc gia", max_length=2, default="VN")
    country_area = models.CharField("tỉnh/thành phố", max_length=128, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legacy_province = models.ForeignKey(
        LegacyProvince, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legacy_commune = models.ForeignKey(
        LegacyCommune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_place = models.CharField(
        "địa danh như người dùng đã nhập", max_length=400, blank=True
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = "địa chỉ"
        verbose_name_plural = "địa chỉ"

    def __str__(self) -> str:
        parts = [self.street_address_1, self.city, self.country_area]
        return ", ".join(p for p in parts if p)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their e-mail address."""

    class Language(models.TextChoices):
        VI = "vi", "Tiếng Việt"
        EN = "en", "English"

    email = models.EmailField("e-mail", max_length=254, unique=True)
    first_name = models.CharField("tên", max_length=150, blank=True)
    last_name = models.CharField("họ", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True,
                             help_text="Dạng quốc tế, ví dụ +84912345678.")
    language_code = models.CharField(
        "ngôn ngữ", max_length=8, choices=Language.choices, default=Language.VI
    )
    is_staff = models.BooleanField(
        "nhân viên sàn", default=False, help_text="Được vào trang quản trị."
    )
    is_active = models.BooleanField("đang hoạt động", default=True)
    is_confirmed = models.BooleanField("đã xác nhận e-mail", default=True)
    date_joined = models.DateTimeField("ngày tham gia", default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    jwt_token_key = models.CharField(max_length=32, default=new_jwt_token_key, editable=False)
    addresses = models.ManyToManyField(Address, blank=True, related_name="user_addresses")
    default_shipping_address = models.ForeignKey(
        Address, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    default_billing_address = models.ForeignKey(
        Address, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    last_password_reset_request = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the person deleted their account: the row stays for the records that
    # point at it (orders, ledger), emptied of personal data.
    anonymised_at = models.DateTimeField("đã ẩn danh lúc", null=True, blank=True,
                                         editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self) -> str:
        return f"{self.last_name} {self.first_name}".strip() or self.email

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def rotate_jwt_token_key(self) -> None:
        self.jwt_token_key = new_jwt_token_key()


class Consent(models.Model):
    """What a person agreed to, when, and which version of the text they were shown."""

    class Document(models.TextChoices):
        TERMS = "terms", "Điều khoản sử dụng"
        PRIVACY = "privacy", "Thông báo xử lý dữ liệu cá nhân"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    document = models.CharField("văn bản", max_length=16, choices=Document.choices)
    version = models.CharField("phiên bản", max_length=20)
    given_at = models.DateTimeField("đồng ý lúc", default=timezone.now)
    # Where it was given: the storefront's sign-up form or a client of the API.
    source = models.CharField("nơi đồng ý", max_length=16, default="web")
    withdrawn_at = models.DateTimeField("rút lại lúc", null=True, blank=True)

    class Meta:
        ordering = ["given_at", "pk"]
        verbose_name = "sự đồng ý"
        verbose_name_plural = "sự đồng ý"

    def __str__(self) -> str:
        return f"{self.get_document_display()} {self.version}"
