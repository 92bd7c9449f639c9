"""OCOP admin. Certifications are written through ocop.services (certify, revoke,
sync_ocop_attributes) so a product's OCOP attributes always follow its certificates."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone

from backend.core.admin_labels import VietnameseModelAdmin

from . import rules
from .models import Certification, GroupLabel, ProductGroup
from .services import (
    CertifiedPlace,
    certify,
    issuer_or_inferred,
    revoke,
    sync_ocop_attributes,
    validate_certification,
)


@admin.register(ProductGroup)
class ProductGroupAdmin(VietnameseModelAdmin):
    list_display = ["code", "indented_name", "level_label", "parent"]
    list_display_links = ["code", "indented_name"]
    list_filter = ["level"]
    list_select_related = ["parent"]
    search_fields = ["code", "name", "slug"]
    ordering = ["sort_order"]
    readonly_fields = ["code", "slug", "level", "parent", "sort_order"]

    def has_add_permission(self, request) -> bool:
        # The tree is QĐ 26/2026 itself, loaded by `ocop loadreference`.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="tên", ordering="sort_order")
    def indented_name(self, obj: ProductGroup) -> str:
        return ("— " * (obj.level - 1)) + obj.name

    @admin.display(description="cấp", ordering="level")
    def level_label(self, obj: ProductGroup) -> str:
        return obj.level_name


@admin.register(GroupLabel)
class GroupLabelAdmin(VietnameseModelAdmin):
    list_display = ["label", "basis", "group"]
    list_filter = ["basis"]
    list_select_related = ["group"]
    search_fields = ["label", "label_key", "group__code", "group__name"]
    autocomplete_fields = ["group"]
    readonly_fields = ["label_key"]

    def save_model(self, request, obj: GroupLabel, form, change: bool) -> None:
        from backend.core.text import fold_key

        from .classification import reset_cache

        obj.label_key = fold_key(obj.label)
        super().save_model(request, obj, form, change)
        transaction.on_commit(reset_cache)


class StatusFilter(admin.SimpleListFilter):
    title = "tình trạng"
    parameter_name = "tinh_trang"

    def lookups(self, request, model_admin):
        return [("valid", "Còn hiệu lực (kể cả đang chờ đánh giá lại)"),
                ("reported", "Trong danh sách công bố, chưa có quyết định"),
                ("expired", "Hết hạn"), ("revoked", "Đã thu hồi")]

    def queryset(self, request, queryset):
        # The one validity rule (rules.last_valid_day, stored as valid_through).
        today = timezone.localdate()
        value = self.value()
        if value == "revoked":
            return queryset.revoked_on_day(today)
        if value == "valid":
            return queryset.valid_on(today)
        if value == "reported":
            return queryset.valid_on(today).filter(kind=rules.CertificationKind.REPORTED)
        if value == "expired":
            return queryset.lapsed_on(today)
        return queryset


class CertificationForm(forms.ModelForm):
    """A decision: its number and date are required (a reported listing becomes a
    decision by filling them in); without an issuer, the one the rules name is recorded
    and marked inferred."""

    class Meta:
        model = Certification
        fields = ["product", "decision_number", "decision_date", "issuer", "star", "score",
                  "product_code", "group", "group_label", "reevaluation_filed_on"]

    def clean(self):
        data = super().clean()
        try:
            fields = validate_certification(
                star=data.get("star"), decision_number=data.get("decision_number") or "",
                decision_date=data.get("decision_date"), issuer=data.get("issuer") or "",
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, errors)
            return data
        data["decision_number"] = fields["decision_number"]
        data["issuer"] = fields["issuer"]
        return data


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(label="ngày thu hồi", initial=timezone.localdate,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="lý do thu hồi", max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


@admin.action(description="Thu hồi chứng nhận")
def revoke_certifications(modeladmin, request, queryset):
    if "apply" in request.POST:
        form = RevokeForm(request.POST)
        if form.is_valid():
            count = 0
            for cert in queryset.filter(revoked_on__isnull=True):
                revoke(cert, on=form.cleaned_data["revoked_on"],
                       reason=form.cleaned_data["reason"])
                count += 1
            modeladmin.message_user(
                request, f"Đã thu hồi {count} chứng nhận; sản phẩm không còn hiển thị hạng sao "
                "từ các chứng nhận này.", messages.SUCCESS)
            return None
    else:
        form = RevokeForm()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Thu hồi chứng nhận OCOP",
        "opts": modeladmin.model._meta,
        "form": form,
        "certifications": queryset.select_related("product"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/ocop/revoke_certifications.html", context)


@admin.register(Certification)
class CertificationAdmin(VietnameseModelAdmin):
    form = CertificationForm
    list_display = ["decision_number", "product", "producer", "star", "decision_date",
                    "issuer", "legal_basis", "valid_until", "status_label"]
    list_filter = [StatusFilter, "kind", "star", "legal_basis", "region", "issuer_source"]
    list_select_related = ["product__producer"]
    search_fields = ["decision_number", "product_code", "product__name",
                     "product__producer__name", "issuer"]
    autocomplete_fields = ["product", "group"]
    readonly_fields = ["kind", "legal_basis", "valid_until", "revoked_on", "revocation_reason",
                       "status_label", "issuer_source", "province", "commune",
                       "legacy_province", "region", "created_at"]
    fieldsets = [
        (None, {"fields": ["product", "kind", "decision_number", "decision_date", "issuer",
                           "issuer_source", "star", "score", "product_code"]}),
        ("Nơi công nhận", {"fields": ["province", "commune", "legacy_province", "region"]}),
        ("Phân loại", {"fields": ["group", "group_label"]}),
        ("Hiệu lực", {"fields": ["legal_basis", "valid_until", "reevaluation_filed_on",
                                 "status_label", "revoked_on", "revocation_reason",
                                 "created_at"]}),
    ]
    actions = [revoke_certifications]
    date_hierarchy = "decision_date"
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description="chủ thể", ordering="product__producer__name")
    def producer(self, obj: Certification) -> str:
        return obj.product.producer.name if obj.product.producer else "—"

    @admin.display(description="tình trạng")
    def status_label(self, obj: Certification) -> str:
        if obj.pk is None:
            return "—"
        return obj.status().label

    def save_model(self, request, obj: Certification, form, change: bool) -> None:
        data = form.cleaned_data
        if not change:
            cert, _ = certify(
                data["product"], star=data["star"], decision_number=data["decision_number"],
                decision_date=data["decision_date"], issuer=data["issuer"],
                product_code=data.get("product_code") or "", group=data.get("group"),
                group_label=data.get("group_label") or "", score=data.get("score"),
            )
            if data.get("reevaluation_filed_on"):
                cert.reevaluation_filed_on = data["reevaluation_filed_on"]
                cert.save(update_fields=["reevaluation_filed_on"])
                sync_ocop_attributes([cert.product_id])
            # The admin redirects to the saved object; point it at the domain's record.
            obj.pk = cert.pk
            obj.__dict__.update({k: v for k, v in cert.__dict__.items() if k != "_state"})
            return
        # An edited decision date changes the legal basis and validity, as certify sets
        # them; a reported listing given its decision becomes that decision.
        obj.kind = rules.CertificationKind.DECISION
        obj.legal_basis = rules.legal_basis_for(obj.decision_date)
        obj.valid_until = rules.valid_until_for(obj.decision_date)
        if "issuer" in form.changed_data or not obj.issuer:
            place = CertifiedPlace(obj.province_id, obj.region_id, obj.commune_id,
                                   obj.legacy_province_id)
            if place.province_id is None:
                place = CertifiedPlace.of_producer(obj.product.producer)
            obj.issuer, obj.issuer_source = issuer_or_inferred(
                obj.issuer, obj.star, obj.decision_date, place)
        super().save_model(request, obj, form, change)
        product_ids = {obj.product_id}
        if "product" in form.changed_data and form.initial.get("product"):
            product_ids.add(form.initial["product"])
        sync_ocop_attributes(product_ids)

    def delete_model(self, request, obj: Certification) -> None:
        product_id = obj.product_id
        super().delete_model(request, obj)
        sync_ocop_attributes([product_id])

    def delete_queryset(self, request, queryset) -> None:
        product_ids = set(queryset.values_list("product_id", flat=True))
        super().delete_queryset(request, queryset)
        sync_ocop_attributes(product_ids)
