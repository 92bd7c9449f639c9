"""Producers' teams: a user belongs to any number of producers, with one role in each."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from backend.producers.models import Producer

from .roles import Role


class ProducerMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="producer_memberships"
    )
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["producer_id", "pk"]
        verbose_name = "thành viên gian hàng"
        verbose_name_plural = "thành viên gian hàng"
        constraints = [
            models.UniqueConstraint(fields=["user", "producer"], name="one_membership_per_producer")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.producer} ({self.get_role_display()})"


class SellerStatus(models.TextChoices):
    APPLIED = "applied", "Chờ duyệt"
    APPROVED = "approved", "Đã duyệt"
    SUSPENDED = "suspended", "Tạm ngừng"
    REJECTED = "rejected", "Từ chối"
    CHANGES_REQUESTED = "changes_requested", "Cần bổ sung"


class ApplicationKind(models.TextChoices):
    CLAIM = "claim", "Nhận gian hàng có sẵn"
    NEW = "new", "Đăng ký chủ thể mới"


class SellerIdentity(models.Model):
    """What the e-commerce law asks a marketplace to know about each seller."""

    legal_name = models.CharField("tên pháp lý", max_length=255)
    registration_number = models.CharField(
        "mã số doanh nghiệp / đăng ký kinh doanh", max_length=40, blank=True
    )
    personal_tax_code = models.CharField("mã số thuế cá nhân", max_length=20, blank=True)
    legal_representative = models.CharField("người đại diện theo pháp luật", max_length=120)
    address = models.CharField("địa chỉ", max_length=500)
    phone = models.CharField("điện thoại", max_length=20)
    email = models.EmailField("e-mail")
    bank_bin = models.CharField("ngân hàng (mã BIN)", max_length=8)
    bank_account_number = models.CharField("số tài khoản", max_length=30)
    bank_account_holder = models.CharField("chủ tài khoản", max_length=120)

    class Meta:
        abstract = True


class SellerApplication(SellerIdentity):
    """A request to run a shop: claim an imported producer or register a new one."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seller_applications"
    )
    kind = models.CharField("loại", max_length=10, choices=ApplicationKind.choices)
    producer = models.ForeignKey(
        Producer, null=True, blank=True, on_delete=models.CASCADE,
        related_name="seller_applications", verbose_name="chủ thể",
    )
    # A new producer's province (its shop is created on approval).
    province = models.ForeignKey(
        "geo.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="tỉnh/thành",
    )
    shop_name = models.CharField("tên gian hàng", max_length=255, blank=True)
    status = models.CharField(
        "trạng thái", max_length=20, choices=SellerStatus.choices, default=SellerStatus.APPLIED,
        db_index=True,
    )
    reason = models.TextField("lý do (lần xử lý gần nhất)", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "hồ sơ đăng ký bán hàng"
        verbose_name_plural = "hồ sơ đăng ký bán hàng"

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.get_kind_display()})"


class SellerAccount(SellerIdentity):
    """An approved seller: the producer's verified identity, payout account and status.
    A producer without one (imported, not claimed) is shown but cannot be run."""

    producer = models.OneToOneField(
        Producer, on_delete=models.CASCADE, related_name="seller_account", primary_key=True
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=SellerStatus.choices, default=SellerStatus.APPROVED,
        db_index=True,
    )
    bank_verified = models.BooleanField("tài khoản ngân hàng đã xác minh", default=False)
    bank_changed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    # Shop profile the seller writes (the story and logo live on Shop).
    cover = models.ImageField("ảnh bìa", upload_to="shops/covers/", blank=True)
    pickup_address = models.CharField("địa chỉ lấy hàng", max_length=500, blank=True)
    contact_phone = models.CharField("điện thoại liên hệ", max_length=20, blank=True)
    contact_email = models.EmailField("e-mail liên hệ", blank=True)

    class Meta:
        verbose_name = "người bán"
        verbose_name_plural = "người bán"

    def __str__(self) -> str:
        return f"{self.producer} – {self.get_status_display()}"


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class DocumentKind(models.TextChoices):
    REGISTRATION = "registration", "Giấy chứng nhận đăng ký kinh doanh"
    IDENTITY = "identity", "CCCD / giấy tờ tùy thân"
    OTHER = "other", "Giấy tờ khác"


class SellerDocument(models.Model):
    """A document an applicant uploaded; kept in the private storage, never served publicly."""

    application = models.ForeignKey(
        SellerApplication, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField("loại giấy tờ", max_length=20, choices=DocumentKind.choices)
    file = models.FileField(storage=_private_storage, upload_to="seller-documents/%Y/%m/")
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "giấy tờ"
        verbose_name_plural = "giấy tờ"


class AuditAction(models.TextChoices):
    APPLIED = "applied", "Nộp hồ sơ"
    APPROVED = "approved", "Duyệt"
    REJECTED = "rejected", "Từ chối"
    CHANGES_REQUESTED = "changes_requested", "Yêu cầu bổ sung"
    SUSPENDED = "suspended", "Tạm ngừng"
    REINSTATED = "reinstated", "Khôi phục"
    LISTING_HIDDEN = "listing_hidden", "Ẩn sản phẩm"
    LISTING_UNHIDDEN = "listing_unhidden", "Bỏ ẩn sản phẩm"
    LISTING_REPLY = "listing_reply", "Người bán phản hồi"
    BANK_CHANGED = "bank_changed", "Đổi tài khoản ngân hàng"
    BANK_VERIFIED = "bank_verified", "Xác minh tài khoản ngân hàng"
    MEMBER_INVITED = "member_invited", "Mời thành viên"
    MEMBER_JOINED = "member_joined", "Thành viên tham gia"
    ROLE_CHANGED = "role_changed", "Đổi vai trò"
    MEMBER_REMOVED = "member_removed", "Xóa thành viên"


class SellerAuditEntry(models.Model):
    """Who did what to a seller, when and why: every operator move, and team changes."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("hành động", max_length=30, choices=AuditAction.choices)
    producer = models.ForeignKey(
        Producer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    application = models.ForeignKey(
        SellerApplication, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )
    product_id = models.BigIntegerField(null=True, blank=True)
    reason = models.TextField("lý do", blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "nhật ký người bán"
        verbose_name_plural = "nhật ký người bán"


class ListingModeration(models.Model):
    """A listing the operator hid, with the reason the seller sees and their answer."""

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, related_name="moderation", primary_key=True
    )
    is_hidden = models.BooleanField("đang ẩn", default=True, db_index=True)
    reason = models.TextField("lý do")
    seller_reply = models.TextField("phản hồi của người bán", blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kiểm duyệt sản phẩm"
        verbose_name_plural = "kiểm duyệt sản phẩm"


class TeamInvitation(models.Model):
    """An owner's invitation by e-mail; the link carries a signed token, used once."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nonce = models.CharField(max_length=32, unique=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "lời mời"
        verbose_name_plural = "lời mời"


class CertificateReminder(models.Model):
    """A reminder already e-mailed, so the daily job sends each one once."""

    certification = models.ForeignKey(
        "ocop.Certification", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20)  # "window" | "lapsed"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["certification", "kind"], name="one_reminder_each")
        ]
