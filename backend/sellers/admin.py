"""The operator's review queue and seller moderation in the admin (Vietnamese).

Staff holding MANAGE_SELLERS see pending applications with the identity, the matching
certified records and the documents (streamed from the private storage, never a public
URL), and approve / request changes / reject with a reason; they suspend and reinstate
sellers, verify changed bank accounts and hide / unhide listings. Every move is a call
into ``services`` (audit log + e-mail there); the audit log is read-only here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from backend.catalog.models import Product
from backend.core.text import fold_key
from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode
from backend.producers.models import Producer

from . import services
from .access import NotAllowed
from .banks import bank_by_bin
from .models import (
    ListingModeration,
    SellerAccount,
    SellerApplication,
    SellerAuditEntry,
    SellerDocument,
    SellerStatus,
)


class OperatorOnly:
    """Visible and usable by staff holding MANAGE_SELLERS (superusers hold all codes)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return has_permission(request.user, PermissionCode.MANAGE_SELLERS)

    def has_view_permission(self, request, obj=None) -> bool:
        return has_permission(request.user, PermissionCode.MANAGE_SELLERS)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # moves go through the buttons (reason, log, e-mail), not the form

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do (người bán nhận được)", widget=forms.Textarea(
        attrs={"rows": 3}), min_length=3)


def _run(request, func, *args, success: str) -> bool:
    try:
        func(request.user, *args)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    except NotAllowed as refusal:
        messages.error(request, refusal.message)
        return False
    messages.success(request, success)
    return True


class DocumentInline(admin.TabularInline):
    model = SellerDocument
    extra = 0
    fields = ("kind", "original_name", "content_type", "size", "download")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return has_permission(request.user, PermissionCode.MANAGE_SELLERS)

    @admin.display(description="tệp")
    def download(self, obj):
        url = reverse("admin:sellers_sellerapplication_document", args=[obj.application_id,
                                                                        obj.pk])
        return format_html('<a href="{}">Xem giấy tờ</a>', url)


class PendingFilter(admin.SimpleListFilter):
    title = "trạng thái"
    parameter_name = "trang_thai"

    def lookups(self, request, model_admin):
        return SellerStatus.choices

    def queryset(self, request, queryset):
        value = self.value() or SellerStatus.APPLIED
        return queryset.filter(status=value)

    def choices(self, changelist):
        current = self.value() or SellerStatus.APPLIED
        for value, label in self.lookup_choices:
            yield {"selected": current == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}


@admin.register(SellerApplication)
class SellerApplicationAdmin(OperatorOnly, admin.ModelAdmin):
    list_display = ("legal_name", "kind", "target", "applicant", "phone", "created_at",
                    "status")
    list_filter = (PendingFilter, "kind")
    search_fields = ("legal_name", "registration_number", "personal_tax_code", "phone",
                     "email", "applicant__email")
    inlines = [DocumentInline]
    change_form_template = "admin/sellers/application_change_form.html"
    fieldsets = (
        ("Hồ sơ", {"fields": ("kind", "status", "target", "applicant", "created_at",
                              "reason")}),
        ("Thông tin người bán", {"fields": (
            "legal_name", "registration_number", "personal_tax_code", "legal_representative",
            "address", "phone", "email")}),
        ("Tài khoản nhận tiền", {"fields": ("bank", "bank_account_number",
                                            "bank_account_holder")}),
        ("Đối chiếu với dữ liệu OCOP", {"fields": ("matching_records",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        return [f for fs in self.fieldsets for f in fs[1]["fields"]]

    @admin.display(description="chủ thể")
    def target(self, obj):
        if obj.producer_id:
            return obj.producer.name
        return f"(mới) {obj.shop_name or obj.legal_name} – {obj.province or ''}"

    @admin.display(description="ngân hàng")
    def bank(self, obj):
        bank = bank_by_bin(obj.bank_bin)
        return f"{bank.label} (BIN {obj.bank_bin})" if bank else obj.bank_bin

    @admin.display(description="hồ sơ OCOP khớp")
    def matching_records(self, obj):
        """The producer's certified products (a claim), or producers that look like the
        applicant by registration number or name (a new producer: maybe a claim)."""
        if obj.producer_id:
            producers = [obj.producer]
        else:
            q = Q(name_key__contains=fold_key(obj.legal_name)[:60])
            if obj.registration_number:
                q |= Q(registration_number=obj.registration_number)
            producers = list(Producer.objects.filter(q).select_related("province")[:10])
        if not producers:
            return "Không có chủ thể OCOP nào khớp."
        rows = []
        for producer in producers:
            certs = [f"{c.product.name}: {c.star}★ QĐ {c.decision_number} "
                     f"({c.decision_date or '?'}), {c.issuer}"
                     for p in producer.products.all()[:20]
                     for c in p.certifications.select_related("product").all()[:3]]
            rows.append((producer.name, producer.registration_number or "–",
                         producer.representative or "–", producer.province.name,
                         "; ".join(certs) or "chưa có chứng nhận"))
        return format_html("<ul>{}</ul>", format_html_join(
            "", "<li><strong>{}</strong> – MST {} – đại diện {} – {}<br>{}</li>", rows))

    def get_urls(self):
        extra = [
            path("<int:pk>/xu-ly/<str:move>/", self.admin_site.admin_view(self.decide),
                 name="sellers_sellerapplication_decide"),
            path("<int:pk>/giay-to/<int:doc>/", self.admin_site.admin_view(self.document),
                 name="sellers_sellerapplication_document"),
        ]
        return extra + super().get_urls()

    MOVES = {
        "approve": (services.approve, "Duyệt hồ sơ", "Đã duyệt: người nộp là chủ gian hàng."),
        "request_changes": (services.request_changes, "Yêu cầu bổ sung",
                            "Đã yêu cầu bổ sung hồ sơ."),
        "reject": (services.reject, "Từ chối", "Đã từ chối hồ sơ."),
    }

    def decide(self, request, pk: int, move: str):
        if move not in self.MOVES or not self.has_view_permission(request):
            raise Http404
        application = get_object_or_404(SellerApplication, pk=pk)
        func, title, done = self.MOVES[move]
        form = ReasonForm(request.POST or None, initial={
            "reason": "Hồ sơ đầy đủ, khớp dữ liệu OCOP" if move == "approve" else ""})
        if request.method == "POST" and form.is_valid():
            if _run(request, func, application, form.cleaned_data["reason"], success=done):
                return HttpResponseRedirect(reverse("admin:sellers_sellerapplication_changelist"))
        return TemplateResponse(request, "admin/sellers/reason_form.html", {
            **self.admin_site.each_context(request), "title": f"{title}: {application}",
            "form": form, "object": application, "opts": self.model._meta,
        })

    def document(self, request, pk: int, doc: int):
        if not self.has_view_permission(request):
            raise Http404
        document = get_object_or_404(SellerDocument, pk=doc, application_id=pk)
        response = FileResponse(document.file.open("rb"), content_type=document.content_type)
        response["Content-Disposition"] = f'inline; filename="{document.kind}-{document.pk}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


@admin.register(SellerAccount)
class SellerAccountAdmin(OperatorOnly, admin.ModelAdmin):
    list_display = ("producer", "legal_name", "status", "bank_verified", "approved_at")
    list_filter = ("status", "bank_verified")
    search_fields = ("producer__name", "legal_name", "registration_number", "phone")
    change_form_template = "admin/sellers/account_change_form.html"
    readonly_fields = ("producer", "status", "legal_name", "registration_number",
                       "personal_tax_code", "legal_representative", "address", "phone",
                       "email", "bank_bin", "bank_account_number", "bank_account_holder",
                       "bank_verified", "bank_changed_at", "approved_at")
    fields = readonly_fields

    def get_urls(self):
        return [path("<path:pk>/xu-ly/<str:move>/", self.admin_site.admin_view(self.decide),
                     name="sellers_selleraccount_decide")] + super().get_urls()

    MOVES = {
        "suspend": (services.suspend, "Tạm ngừng người bán",
                    "Đã tạm ngừng: sản phẩm của người bán đã rời khỏi sàn."),
        "reinstate": (services.reinstate, "Khôi phục người bán",
                      "Đã khôi phục: sản phẩm hiển thị trở lại."),
        "verify_bank": (services.verify_bank_account, "Xác minh tài khoản ngân hàng",
                        "Đã xác minh tài khoản ngân hàng."),
    }

    def decide(self, request, pk: str, move: str):
        if move not in self.MOVES or not self.has_view_permission(request):
            raise Http404
        account = get_object_or_404(SellerAccount, pk=pk)
        func, title, done = self.MOVES[move]
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if _run(request, func, account.producer, form.cleaned_data["reason"], success=done):
                return HttpResponseRedirect(reverse("admin:sellers_selleraccount_changelist"))
        return TemplateResponse(request, "admin/sellers/reason_form.html", {
            **self.admin_site.each_context(request), "title": f"{title}: {account.producer}",
            "form": form, "object": account, "opts": self.model._meta,
        })


class HideListingForm(forms.Form):
    product = forms.IntegerField(label="Mã sản phẩm (ID)")
    reason = forms.CharField(label="Lý do (người bán nhận được)", widget=forms.Textarea(
        attrs={"rows": 3}), min_length=3)


@admin.register(ListingModeration)
class ListingModerationAdmin(OperatorOnly, admin.ModelAdmin):
    list_display = ("product", "is_hidden", "reason", "seller_reply", "updated_at")
    list_filter = ("is_hidden",)
    search_fields = ("product__name", "reason")
    readonly_fields = ("product", "is_hidden", "reason", "seller_reply", "hidden_by",
                       "updated_at")
    change_form_template = "admin/sellers/moderation_change_form.html"

    def has_add_permission(self, request) -> bool:
        return has_permission(request.user, PermissionCode.MANAGE_SELLERS)

    def get_urls(self):
        return [
            path("an-san-pham/", self.admin_site.admin_view(self.hide),
                 name="sellers_listingmoderation_hide"),
            path("<path:pk>/bo-an/", self.admin_site.admin_view(self.unhide),
                 name="sellers_listingmoderation_unhide"),
        ] + super().get_urls()

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:sellers_listingmoderation_hide"))

    def hide(self, request):
        if not self.has_view_permission(request):
            raise Http404
        form = HideListingForm(request.POST or None, initial={"product": request.GET.get("sp")})
        if request.method == "POST" and form.is_valid():
            product = Product.objects.filter(pk=form.cleaned_data["product"]).first()
            if product is None:
                messages.error(request, "Không có sản phẩm với mã này.")
            elif _run(request, services.hide_listing, product, form.cleaned_data["reason"],
                      success=f"Đã ẩn «{product.name}»."):
                return HttpResponseRedirect(reverse(
                    "admin:sellers_listingmoderation_changelist"))
        return TemplateResponse(request, "admin/sellers/reason_form.html", {
            **self.admin_site.each_context(request), "title": "Ẩn sản phẩm",
            "form": form, "opts": self.model._meta,
        })

    def unhide(self, request, pk: str):
        if not self.has_view_permission(request):
            raise Http404
        moderation = get_object_or_404(ListingModeration, pk=pk)
        form = ReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if _run(request, services.unhide_listing, moderation.product,
                    form.cleaned_data["reason"], success="Đã bỏ ẩn sản phẩm."):
                return HttpResponseRedirect(reverse(
                    "admin:sellers_listingmoderation_changelist"))
        return TemplateResponse(request, "admin/sellers/reason_form.html", {
            **self.admin_site.each_context(request), "title": f"Bỏ ẩn: {moderation.product}",
            "form": form, "object": moderation, "opts": self.model._meta,
        })


@admin.register(SellerAuditEntry)
class SellerAuditEntryAdmin(OperatorOnly, admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "producer", "product_id", "reason")
    list_filter = ("action",)
    search_fields = ("producer__name", "reason", "actor__email")
    readonly_fields = ("created_at", "actor", "action", "producer", "application",
                       "product_id", "reason", "details")
