"""The seller lifecycle: applications through both doors, the operator's review moves,
suspension, payout bank account, documents and listing moderation.

Every operator move takes a reason, writes a ``SellerAuditEntry`` and e-mails the seller.
Suspension and moderation hide products through ``catalog.visibility`` (one rule) and take
them out of the search index in the same transaction (``search.indexing.index_now``).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from backend.permission.enums import PermissionCode
from backend.producers.models import Producer

from . import emails
from .access import require, require_operator
from .banks import bank_by_bin
from .models import (
    ApplicationKind,
    AuditAction,
    DocumentKind,
    ListingModeration,
    ProducerMembership,
    SellerAccount,
    SellerApplication,
    SellerAuditEntry,
    SellerDocument,
    SellerStatus,
)
from .roles import Capability, Role

IDENTITY_FIELDS = (
    "legal_name", "registration_number", "personal_tax_code", "legal_representative",
    "address", "phone", "email",
)
BANK_FIELDS = ("bank_bin", "bank_account_number", "bank_account_holder")
REVIEWABLE = (SellerStatus.APPLIED,)
PHONE_RE = re.compile(r"^(\+84|0)\d{9,10}$")
REG_RE = re.compile(r"^[0-9A-Za-z\-/.]{6,40}$")
TAX_RE = re.compile(r"^\d{10}(\d{2})?$|^\d{12}$")


def _clean(value: Any) -> str:
    return " ".join(str(value or "").split())


def clean_bank(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    bin_code = _clean(data.get("bank_bin"))
    number = _clean(data.get("bank_account_number")).replace(" ", "")
    holder = _clean(data.get("bank_account_holder"))
    if bank_by_bin(bin_code) is None:
        errors["bank_bin"] = "Hãy chọn ngân hàng trong danh sách."
    if not re.fullmatch(r"\d{6,19}", number):
        errors["bank_account_number"] = "Số tài khoản gồm 6–19 chữ số."
    if len(holder) < 2:
        errors["bank_account_holder"] = "Nhập tên chủ tài khoản như trên thẻ/sổ ngân hàng."
    if errors:
        raise ValidationError(errors)
    return {"bank_bin": bin_code, "bank_account_number": number,
            "bank_account_holder": holder.upper()}


def clean_identity(data: dict[str, Any]) -> dict[str, str]:
    """The identity and bank fields, cleaned; ``ValidationError`` names each bad field."""
    values = {name: _clean(data.get(name)) for name in IDENTITY_FIELDS}
    errors: dict[str, str] = {}
    if len(values["legal_name"]) < 3:
        errors["legal_name"] = "Nhập tên pháp lý của cơ sở hoặc cá nhân bán hàng."
    reg, tax = values["registration_number"], values["personal_tax_code"].replace(" ", "")
    values["personal_tax_code"] = tax
    if not reg and not tax:
        errors["registration_number"] = (
            "Nhập mã số đăng ký kinh doanh hoặc mã số thuế cá nhân."
        )
    elif reg and not REG_RE.fullmatch(reg):
        errors["registration_number"] = "Mã số đăng ký kinh doanh không hợp lệ."
    if tax and not TAX_RE.fullmatch(tax):
        errors["personal_tax_code"] = "Mã số thuế cá nhân gồm 10, 12 hoặc 13 chữ số."
    if len(values["legal_representative"]) < 2:
        errors["legal_representative"] = "Nhập họ tên người đại diện theo pháp luật."
    if len(values["address"]) < 5:
        errors["address"] = "Nhập địa chỉ trụ sở hoặc nơi sản xuất."
    phone = re.sub(r"[\s.\-()]", "", values["phone"])
    if not PHONE_RE.fullmatch(phone):
        errors["phone"] = "Số điện thoại không hợp lệ (ví dụ 0912345678)."
    values["phone"] = phone
    try:
        validate_email(values["email"])
    except ValidationError:
        errors["email"] = "Địa chỉ e-mail không hợp lệ."
    try:
        values.update(clean_bank(data))
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return values


def _log(actor: Any, action: AuditAction, *, producer_id: int | None = None,
         application: SellerApplication | None = None, product_id: int | None = None,
         reason: str = "", **details: Any) -> SellerAuditEntry:
    return SellerAuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None, action=action,
        producer_id=producer_id, application=application, product_id=product_id,
        reason=reason, details=details,
    )


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError({"reason": "Hãy ghi lý do (người bán sẽ nhận được lý do này)."})
    return reason


# -- applications ---------------------------------------------------------------------


@transaction.atomic
def submit_application(
    user: Any, *, kind: str, producer: Producer | None = None, province: Any = None,
    shop_name: str = "", **data: Any,
) -> SellerApplication:
    """A signed-in person applies: claims ``producer`` or registers a new producer."""
    if not getattr(user, "is_authenticated", False):
        from .access import NotAllowed

        raise NotAllowed("Hãy đăng nhập để đăng ký bán hàng.")
    values = clean_identity(data)
    if kind == ApplicationKind.CLAIM:
        if producer is None:
            raise ValidationError({"producer": "Hãy chọn chủ thể của bạn."})
        if SellerAccount.objects.filter(producer=producer).exists():
            raise ValidationError({"producer": "Gian hàng này đã có người quản lý."})
    elif kind == ApplicationKind.NEW:
        producer = None
        if province is None:
            raise ValidationError({"province": "Hãy chọn tỉnh/thành."})
        shop_name = _clean(shop_name) or values["legal_name"]
    else:
        raise ValidationError({"kind": "Loại hồ sơ không hợp lệ."})
    pending = SellerApplication.objects.filter(
        applicant=user, status__in=[SellerStatus.APPLIED, SellerStatus.CHANGES_REQUESTED],
        producer=producer, kind=kind,
    )
    if producer is not None and pending.exists():
        raise ValidationError({"producer": "Bạn đã gửi hồ sơ cho gian hàng này, hãy chờ duyệt."})
    application = SellerApplication.objects.create(
        applicant=user, kind=kind, producer=producer, province=province,
        shop_name=shop_name, **values,
    )
    _log(user, AuditAction.APPLIED, producer_id=getattr(producer, "pk", None),
         application=application)
    return application


@transaction.atomic
def resubmit_application(user: Any, application: SellerApplication, **data: Any) -> None:
    """The applicant answers a request for changes; the application is pending again."""
    application = SellerApplication.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != user.pk or application.status != SellerStatus.CHANGES_REQUESTED:
        raise ValidationError({"status": "Hồ sơ này không chờ bổ sung."})
    for name, value in clean_identity(data).items():
        setattr(application, name, value)
    application.status = SellerStatus.APPLIED
    application.save()
    _log(user, AuditAction.APPLIED, producer_id=application.producer_id,
         application=application, resubmitted=True)


DOCUMENT_TYPES = {  # detected type → extensions a file of that type may carry
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
}


def sniff_document(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_document(name: str, data: bytes) -> str:
    """The document's real type, or ``ValidationError`` saying why it is refused."""
    from django.conf import settings

    limit = settings.SELLER_DOCUMENT_MAX_BYTES
    if not data:
        raise ValidationError({"file": "Tệp rỗng."})
    if len(data) > limit:
        raise ValidationError({"file": f"Tệp lớn hơn {limit // (1024 * 1024)} MB."})
    kind = sniff_document(data[:16])
    if kind is None:
        raise ValidationError({"file": "Chỉ nhận tệp PDF hoặc ảnh JPEG, PNG, WebP."})
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in DOCUMENT_TYPES[kind]:
        raise ValidationError({
            "file": "Đuôi tệp không khớp nội dung (tệp đã bị đổi tên?). "
                    "Hãy tải lên đúng tệp PDF hoặc ảnh gốc."
        })
    return kind


@transaction.atomic
def add_document(user: Any, application: SellerApplication, kind: str, name: str,
                 data: bytes) -> SellerDocument:
    """Store an applicant's document in the private storage after checking its content."""
    if application.applicant_id != getattr(user, "pk", None):
        from .access import NotAllowed

        raise NotAllowed()
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Loại giấy tờ không hợp lệ."})
    content_type = check_document(name, data)
    ext = DOCUMENT_TYPES[content_type][0]
    document = SellerDocument(application=application, kind=kind, content_type=content_type,
                              size=len(data), original_name=name[:255])
    document.file.save(f"{kind}{ext}", ContentFile(data), save=False)
    document.save()
    return document


# -- the operator's review ------------------------------------------------------------


def _pending(application: SellerApplication) -> SellerApplication:
    application = SellerApplication.objects.select_for_update().get(pk=application.pk)
    if application.status not in REVIEWABLE:
        raise ValidationError({"status": "Hồ sơ này không ở trạng thái chờ duyệt."})
    return application


def _identity_of(application: SellerApplication) -> dict[str, str]:
    return {name: getattr(application, name) for name in IDENTITY_FIELDS + BANK_FIELDS}


@transaction.atomic
def approve(operator: Any, application: SellerApplication, reason: str = "Hồ sơ hợp lệ") -> (
        SellerAccount):
    """Approve: the producer (created for a new one, without OCOP badge) gets a verified
    seller account and the applicant becomes its owner."""
    require_operator(operator, PermissionCode.MANAGE_SELLERS)
    reason = _require_reason(reason)
    application = _pending(application)
    producer = application.producer
    if application.kind == ApplicationKind.NEW:
        from backend.producers.services import create_producer

        producer = create_producer(
            name=application.shop_name or application.legal_name,
            province=application.province, address=application.address,
            registration_number=application.registration_number,
            representative=application.legal_representative,
            phone=application.phone, email=application.email,
        )
        application.producer = producer
    else:
        producer = Producer.objects.select_for_update().get(pk=producer.pk)
        if SellerAccount.objects.filter(producer=producer).exists():
            raise ValidationError({"producer": "Gian hàng này đã có người bán được duyệt."})
    now = timezone.now()
    account = SellerAccount.objects.create(
        producer=producer, status=SellerStatus.APPROVED, approved_at=now, bank_verified=True,
        contact_phone=application.phone, contact_email=application.email,
        pickup_address=application.address, **_identity_of(application),
    )
    ProducerMembership.objects.update_or_create(
        user=application.applicant, producer=producer, defaults={"role": Role.OWNER}
    )
    application.status = SellerStatus.APPROVED
    application.reason, application.decided_at = reason, now
    application.save()
    _log(operator, AuditAction.APPROVED, producer_id=producer.pk, application=application,
         reason=reason)
    emails.send(
        application.email or application.applicant.email,
        "Hồ sơ bán hàng đã được duyệt",
        f"Chào {application.legal_representative},\n\nHồ sơ bán hàng cho "
        f"«{producer.name}» đã được duyệt. Bạn là chủ gian hàng và có thể quản lý gian hàng "
        f"tại Kênh người bán: /nguoi-ban/\n\nGhi chú của sàn: {reason}",
    )
    if application.applicant.email != application.email:
        emails.send(application.applicant.email, "Hồ sơ bán hàng đã được duyệt",
                    f"Gian hàng «{producer.name}» đã được duyệt. Kênh người bán: /nguoi-ban/")
    return account


def _decide(operator: Any, application: SellerApplication, status: SellerStatus,
            action: AuditAction, reason: str, subject: str, what: str) -> SellerApplication:
    require_operator(operator, PermissionCode.MANAGE_SELLERS)
    reason = _require_reason(reason)
    application = _pending(application)
    application.status, application.reason = status, reason
    application.decided_at = timezone.now()
    application.save()
    _log(operator, action, producer_id=application.producer_id, application=application,
         reason=reason)
    emails.send(application.email, subject,
                f"Chào {application.legal_representative},\n\n{what}\n\nLý do: {reason}")
    return application


@transaction.atomic
def reject(operator: Any, application: SellerApplication, reason: str) -> SellerApplication:
    return _decide(operator, application, SellerStatus.REJECTED, AuditAction.REJECTED, reason,
                   "Hồ sơ bán hàng chưa được chấp nhận",
                   "Sàn chưa thể chấp nhận hồ sơ bán hàng của bạn.")


@transaction.atomic
def request_changes(operator: Any, application: SellerApplication,
                    reason: str) -> SellerApplication:
    return _decide(operator, application, SellerStatus.CHANGES_REQUESTED,
                   AuditAction.CHANGES_REQUESTED, reason, "Hồ sơ bán hàng cần bổ sung",
                   "Hồ sơ bán hàng của bạn cần bổ sung trước khi được duyệt.")


def _reindex_producer(producer_id: int, hidden: bool) -> None:
    from backend.catalog.models import Product
    from backend.search.indexing import index_now, mark_dirty

    ids = list(Product.objects.filter(producer_id=producer_id).values_list("pk", flat=True))
    Product.objects.filter(pk__in=ids).update(search_index_dirty=True)
    mark_dirty(ids)
    if hidden:
        index_now(ids)  # out of search and facets in this transaction, not after a queue


@transaction.atomic
def suspend(operator: Any, producer: Producer, reason: str) -> SellerAccount:
    """Hide every product of the producer (nothing deleted) until reinstated."""
    require_operator(operator, PermissionCode.MANAGE_SELLERS)
    reason = _require_reason(reason)
    account = SellerAccount.objects.select_for_update().filter(producer=producer).first()
    if account is None:
        raise ValidationError({"producer": "Chủ thể này chưa có người bán được duyệt."})
    if account.status == SellerStatus.SUSPENDED:
        raise ValidationError({"status": "Người bán đang bị tạm ngừng."})
    account.status = SellerStatus.SUSPENDED
    account.save(update_fields=["status"])
    _reindex_producer(producer.pk, hidden=True)
    _log(operator, AuditAction.SUSPENDED, producer_id=producer.pk, reason=reason)
    emails.send(emails.owners_emails(producer.pk) or [account.email],
                "Gian hàng tạm ngừng hoạt động",
                f"Gian hàng «{producer.name}» đang tạm ngừng: sản phẩm tạm thời không hiển thị "
                f"trên sàn.\n\nLý do: {reason}")
    return account


@transaction.atomic
def reinstate(operator: Any, producer: Producer, reason: str) -> SellerAccount:
    require_operator(operator, PermissionCode.MANAGE_SELLERS)
    reason = _require_reason(reason)
    account = SellerAccount.objects.select_for_update().filter(producer=producer).first()
    if account is None or account.status != SellerStatus.SUSPENDED:
        raise ValidationError({"status": "Người bán không bị tạm ngừng."})
    account.status = SellerStatus.APPROVED
    account.save(update_fields=["status"])
    _reindex_producer(producer.pk, hidden=False)
    _log(operator, AuditAction.REINSTATED, producer_id=producer.pk, reason=reason)
    emails.send(emails.owners_emails(producer.pk) or [account.email],
                "Gian hàng hoạt động trở lại",
                f"Gian hàng «{producer.name}» đã hoạt động trở lại.\n\nGhi chú: {reason}")
    return account


def seller_status(producer_id: int) -> str | None:
    return (SellerAccount.objects.filter(producer_id=producer_id)
            .values_list("status", flat=True).first())


# -- bank account ---------------------------------------------------------------------


@transaction.atomic
def change_bank_account(user: Any, producer: Producer, **data: Any) -> SellerAccount:
    """The owner changes the payout account; it waits for the operator's re-verification
    (payouts use only a verified account)."""
    require(user, producer.pk, Capability.MANAGE_BANK_ACCOUNT)
    values = clean_bank(data)
    account = SellerAccount.objects.select_for_update().filter(producer=producer).first()
    if account is None:
        raise ValidationError({"producer": "Gian hàng chưa được duyệt bán hàng."})
    old = {name: getattr(account, name) for name in BANK_FIELDS}
    if old == values:
        return account
    for name, value in values.items():
        setattr(account, name, value)
    account.bank_verified = False
    account.bank_changed_at = timezone.now()
    account.save()
    _log(user, AuditAction.BANK_CHANGED, producer_id=producer.pk,
         old_bin=old["bank_bin"], old_last4=old["bank_account_number"][-4:],
         new_bin=values["bank_bin"], new_last4=values["bank_account_number"][-4:])
    emails.send(emails.owners_emails(producer.pk), "Tài khoản nhận tiền đã thay đổi",
                f"Tài khoản nhận tiền của «{producer.name}» vừa được đổi sang "
                f"…{values['bank_account_number'][-4:]}. Sàn sẽ xác minh lại trước khi chuyển "
                "tiền. Nếu không phải bạn đổi, hãy liên hệ sàn ngay.")
    return account


@transaction.atomic
def verify_bank_account(operator: Any, producer: Producer, reason: str = "Đã xác minh") -> None:
    require_operator(operator, PermissionCode.MANAGE_SELLERS)
    account = SellerAccount.objects.select_for_update().get(producer=producer)
    account.bank_verified = True
    account.save(update_fields=["bank_verified"])
    _log(operator, AuditAction.BANK_VERIFIED, producer_id=producer.pk, reason=reason)


# -- shop profile ---------------------------------------------------------------------


@transaction.atomic
def update_shop_profile(user: Any, producer: Producer, *, story: str | None = None,
                        contact_phone: str | None = None, contact_email: str | None = None,
                        pickup_address: str | None = None, logo: bytes | None = None,
                        cover: bytes | None = None) -> None:
    """The seller's own words and pictures; OCOP facts are not here (certifications own them)."""
    from backend.media.images import InvalidImage, prepare_image
    from backend.producers.models import Shop

    require(user, producer.pk, Capability.MANAGE_SHOP_PROFILE)
    shop = Shop.objects.select_for_update().get(producer=producer)
    account = SellerAccount.objects.filter(producer=producer).first()
    errors: dict[str, str] = {}
    if contact_phone:
        contact_phone = re.sub(r"[\s.\-()]", "", contact_phone)
        if not PHONE_RE.fullmatch(contact_phone):
            errors["contact_phone"] = "Số điện thoại không hợp lệ."
    if contact_email:
        try:
            validate_email(contact_email.strip())
        except ValidationError:
            errors["contact_email"] = "Địa chỉ e-mail không hợp lệ."
    images = {}
    for field, data in (("logo", logo), ("cover", cover)):
        if data:
            try:
                images[field] = prepare_image(data)
            except InvalidImage as error:
                errors[field] = f"Ảnh không dùng được: {error}."
    if errors:
        raise ValidationError(errors)
    if story is not None:
        shop.description = story.strip()[:5000]
    if "logo" in images:
        shop.logo.save(f"logo-{producer.pk}.{images['logo'].extension}",
                       ContentFile(images["logo"].content), save=False)
    shop.save()
    if account is not None:
        if contact_phone is not None:
            account.contact_phone = contact_phone
        if contact_email is not None:
            account.contact_email = contact_email.strip()
        if pickup_address is not None:
            account.pickup_address = _clean(pickup_address)[:500]
        if "cover" in images:
            account.cover.save(f"cover-{producer.pk}.{images['cover'].extension}",
                               ContentFile(images["cover"].content), save=False)
        account.save()


# -- moderation -----------------------------------------------------------------------


def _reindex_product(product_id: int, hidden: bool) -> None:
    from backend.catalog.models import Product
    from backend.search.indexing import index_now, mark_dirty

    Product.objects.filter(pk=product_id).update(search_index_dirty=True)
    mark_dirty([product_id])
    if hidden:
        index_now([product_id])


@transaction.atomic
def hide_listing(operator: Any, product: Any, reason: str) -> ListingModeration:
    require_operator(operator, PermissionCode.MANAGE_SELLERS)
    reason = _require_reason(reason)
    moderation, _ = ListingModeration.objects.update_or_create(
        product_id=product.pk,
        defaults={"is_hidden": True, "reason": reason, "hidden_by": operator, "seller_reply": ""},
    )
    _reindex_product(product.pk, hidden=True)
    _log(operator, AuditAction.LISTING_HIDDEN, producer_id=product.producer_id,
         product_id=product.pk, reason=reason)
    if product.producer_id:
        emails.send(emails.owners_emails(product.producer_id), "Sản phẩm bị ẩn khỏi sàn",
                    f"Sản phẩm «{product.name}» đã bị ẩn khỏi sàn.\n\nLý do: {reason}\n\n"
                    "Bạn có thể phản hồi trong Kênh người bán.")
    return moderation


@transaction.atomic
def unhide_listing(operator: Any, product: Any, reason: str) -> None:
    require_operator(operator, PermissionCode.MANAGE_SELLERS)
    reason = _require_reason(reason)
    updated = ListingModeration.objects.filter(product_id=product.pk, is_hidden=True).update(
        is_hidden=False)
    if not updated:
        raise ValidationError({"product": "Sản phẩm này không bị ẩn."})
    _reindex_product(product.pk, hidden=False)
    _log(operator, AuditAction.LISTING_UNHIDDEN, producer_id=product.producer_id,
         product_id=product.pk, reason=reason)
    if product.producer_id:
        emails.send(emails.owners_emails(product.producer_id), "Sản phẩm hiển thị trở lại",
                    f"Sản phẩm «{product.name}» đã hiển thị trở lại.\n\nGhi chú: {reason}")


@transaction.atomic
def reply_to_moderation(user: Any, product: Any, text: str) -> ListingModeration:
    require(user, product.producer_id, Capability.MANAGE_LISTINGS)
    text = (text or "").strip()
    if len(text) < 3:
        raise ValidationError({"reply": "Hãy viết nội dung phản hồi."})
    moderation = ListingModeration.objects.select_for_update().filter(
        product_id=product.pk, is_hidden=True).first()
    if moderation is None:
        raise ValidationError({"product": "Sản phẩm này không bị ẩn."})
    moderation.seller_reply = text[:2000]
    moderation.save(update_fields=["seller_reply", "updated_at"])
    _log(user, AuditAction.LISTING_REPLY, producer_id=product.producer_id,
         product_id=product.pk, reason=text[:2000])
    return moderation
