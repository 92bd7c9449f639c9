"""The seller lifecycle: claim or apply, the operator's moves (logged, e-mailed), suspension
hiding products at once without deleting them, moderation, bank re-verification."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from backend.catalog.models import Product
from backend.sellers import services
from backend.sellers.access import NotAllowed
from backend.sellers.models import (
    AuditAction,
    ProducerMembership,
    SellerAccount,
    SellerAuditEntry,
    SellerStatus,
)


def test_claim_approved_makes_the_applicant_owner_and_mails_them(
    make_product, applicant, operator, identity, django_capture_on_commit_callbacks
):
    product = make_product()
    application = services.submit_application(
        applicant, kind="claim", producer=product.producer, **identity)
    assert application.phone == "0912345678"
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(operator, application, "Đủ giấy tờ")
    assert ProducerMembership.objects.get(user=applicant).role == "owner"
    assert SellerAccount.objects.get(producer=product.producer).status == SellerStatus.APPROVED
    entry = SellerAuditEntry.objects.filter(action=AuditAction.APPROVED).get()
    assert (entry.actor, entry.reason) == (operator, "Đủ giấy tờ")
    assert any("được duyệt" in m.subject for m in mail.outbox)


def test_identity_errors_name_each_field(applicant, make_producer, identity):
    identity.update(registration_number="", personal_tax_code="", phone="12",
                    email="khong-phai-email", bank_bin="999999", bank_account_number="12ab")
    with pytest.raises(ValidationError) as error:
        services.submit_application(applicant, kind="claim", producer=make_producer(),
                                    **identity)
    assert set(error.value.message_dict) == {
        "registration_number", "phone", "email", "bank_bin", "bank_account_number"}


def test_new_producer_is_created_on_approval_without_ocop_badge(
    applicant, operator, identity, make_producer
):
    province = make_producer().province
    application = services.submit_application(
        applicant, kind="new", province=province, shop_name="Cơ sở Mật ong Bà Lan", **identity)
    account = services.approve(operator, application, "Hồ sơ hợp lệ")
    assert account.producer.name == "Cơ sở Mật ong Bà Lan"
    assert not account.producer.products.exists()
    assert account.producer.shop.is_active


def test_operator_moves_need_a_reason_and_a_pending_application(
    applicant, operator, identity, make_producer
):
    application = services.submit_application(
        applicant, kind="claim", producer=make_producer(), **identity)
    with pytest.raises(ValidationError):
        services.reject(operator, application, "")
    services.request_changes(operator, application, "Thiếu ảnh CCCD")
    with pytest.raises(ValidationError):
        services.approve(operator, application, "ok ok")  # waiting for the applicant
    services.resubmit_application(applicant, application, **{
        **{k: getattr(application, k) for k in services.IDENTITY_FIELDS + services.BANK_FIELDS}})
    services.reject(operator, application, "Không phải chủ thể")
    application.refresh_from_db()
    assert application.status == SellerStatus.REJECTED
    assert list(SellerAuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "applied", "changes_requested", "applied", "rejected"]


def test_shoppers_cannot_make_operator_moves(applicant, identity, make_producer):
    application = services.submit_application(
        applicant, kind="claim", producer=make_producer(), **identity)
    with pytest.raises(NotAllowed):
        services.approve(applicant, application, "tự duyệt")
    assert not SellerAccount.objects.exists()


def test_suspension_hides_products_and_reinstating_brings_them_back(
    approved_seller, operator, channel
):
    producer, product = approved_seller
    assert Product.objects.visible_in(channel).filter(pk=product.pk).exists()
    services.suspend(operator, producer, "Khiếu nại về chất lượng")
    assert not Product.objects.visible_in(channel).filter(pk=product.pk).exists()
    assert Product.objects.filter(pk=product.pk).exists()  # nothing deleted
    services.reinstate(operator, producer, "Đã khắc phục")
    assert Product.objects.visible_in(channel).filter(pk=product.pk).exists()
    assert SellerAuditEntry.objects.filter(action__in=["suspended", "reinstated"]).count() == 2


def test_suspension_leaves_search_and_facets_at_once(approved_seller, operator, channel):
    from backend.catalog.filtering import ProductFilter
    from backend.search.api import facet_counts, update_dirty

    producer, product = approved_seller
    update_dirty()
    assert facet_counts(channel, ProductFilter(search="Tân Cương"))["total"] == 1
    services.suspend(operator, producer, "Khiếu nại về chất lượng")
    # No after-commit run here: the documents were rewritten in the suspension's transaction.
    assert facet_counts(channel, ProductFilter(search="Tân Cương"))["total"] == 0
    services.reinstate(operator, producer, "Đã khắc phục")
    update_dirty()
    assert facet_counts(channel, ProductFilter(search="Tân Cương"))["total"] == 1


def test_moderation_hides_a_listing_the_seller_sees_and_answers(
    approved_seller, operator, applicant, channel
):
    producer, product = approved_seller
    moderation = services.hide_listing(operator, product, "Ảnh không đúng sản phẩm")
    assert not Product.objects.visible_in(channel).filter(pk=product.pk).exists()
    services.reply_to_moderation(applicant, product, "Đã thay ảnh thật")
    moderation.refresh_from_db()
    assert (moderation.reason, moderation.seller_reply) == (
        "Ảnh không đúng sản phẩm", "Đã thay ảnh thật")
    services.unhide_listing(operator, product, "Ảnh đã đúng")
    assert Product.objects.visible_in(channel).filter(pk=product.pk).exists()


def test_bank_change_needs_reverification(approved_seller, applicant, operator):
    producer, _ = approved_seller
    account = services.change_bank_account(
        applicant, producer, bank_bin="970418", bank_account_number="99887766",
        bank_account_holder="Nguyen Van An")
    assert (account.bank_bin, account.bank_verified) == ("970418", False)
    services.verify_bank_account(operator, producer)
    account.refresh_from_db()
    assert account.bank_verified


def test_documents_are_checked_by_content_and_stored_privately(
    applicant, identity, make_producer, settings
):
    application = services.submit_application(
        applicant, kind="claim", producer=make_producer(), **identity)
    document = services.add_document(applicant, application, "registration", "dkkd.pdf",
                                     b"%PDF-1.4\n...")
    assert document.file.storage is not None and "private" in str(document.file.path)
    assert not str(document.file.path).startswith(str(settings.MEDIA_ROOT))
    for name, data, words in [
        ("dkkd.pdf", b"<html>not a pdf</html>", "Chỉ nhận"),
        ("cccd.jpg", b"%PDF-1.4 really a pdf", "không khớp"),
        ("big.pdf", b"%PDF-" + b"0" * (settings.SELLER_DOCUMENT_MAX_BYTES), "lớn hơn"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.add_document(applicant, application, "identity", name, data)
        assert words in error.value.message_dict["file"][0]
    assert application.documents.count() == 1
