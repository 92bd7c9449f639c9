"""The operator's view of payments: transactions (those flagged for a refund first) and
the bank statement upload that reconciles transfers without a feed.

Staff holding ``HANDLE_PAYMENTS`` only; the upload is capped like the catalog import.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode

from .models import TransactionEvent, TransactionItem


class RefundDueFilter(admin.SimpleListFilter):
    title = "cần hoàn tiền"
    parameter_name = "refund_due"

    def lookups(self, request, model_admin):
        return [("yes", "Cần hoàn tiền"), ("no", "Không")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(refund_due__gt=0)
        if self.value() == "no":
            return queryset.filter(refund_due=0)
        return queryset


class EventInline(admin.TabularInline):
    model = TransactionEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "type", "amount", "psp_reference", "message"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(TransactionItem)
class TransactionItemAdmin(admin.ModelAdmin):
    list_display = ["psp_reference", "name", "order", "charged_value", "refund_due",
                    "refund_due_reason", "modified_at"]
    list_filter = [RefundDueFilter, "gateway"]
    search_fields = ["psp_reference", "events__psp_reference"]
    readonly_fields = [f.name for f in TransactionItem._meta.fields]
    inlines = [EventInline]
    change_list_template = "payment/transactionitem_changelist.html"

    def has_module_permission(self, request):
        return has_permission(request.user, PermissionCode.HANDLE_PAYMENTS)

    def has_view_permission(self, request, obj=None):
        return has_permission(request.user, PermissionCode.HANDLE_PAYMENTS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        upload = path("sao-ke/", self.admin_site.admin_view(statement_upload_view),
                      name="payment_statement_upload")
        return [upload, *super().get_urls()]


class StatementForm(forms.Form):
    file = forms.FileField(label="Tệp sao kê",
                           help_text="CSV hoặc Excel .xlsx có các cột Mã giao dịch, Số tiền "
                                     "ghi có, Nội dung.")


def _render(request: HttpRequest, form: StatementForm, report=None, error: str = "",
            status: int = 200) -> HttpResponse:
    context = {**admin.site.each_context(request), "title": "Đối soát sao kê ngân hàng",
               "form": form, "report": report, "upload_error": error}
    return TemplateResponse(request, "payment/statement_upload.html", context, status=status)


@csrf_exempt  # the size check comes before CSRF reads the body; CSRF is checked below
def statement_upload_view(request: HttpRequest) -> HttpResponse:
    if not has_permission(request.user, PermissionCode.HANDLE_PAYMENTS):
        context = {**admin.site.each_context(request), "title": "Không có quyền",
                   "forbidden": True}
        return TemplateResponse(request, "payment/statement_upload.html", context, status=403)
    if request.method == "POST":
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.IMPORT_MAX_UPLOAD_BYTES + 64 * 1024:
            return _render(request, StatementForm(), status=413,
                           error="Tệp sao kê quá lớn; hãy tách thành nhiều tệp nhỏ hơn.")
    return csrf_protect(_statement_upload)(request)


def _statement_upload(request: HttpRequest) -> HttpResponse:
    from .statement_files import read_statement
    from .statements import StatementError, reconcile

    if request.method != "POST":
        return _render(request, StatementForm())
    form = StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read(settings.IMPORT_MAX_UPLOAD_BYTES + 1)
    try:
        rows = read_statement(data, upload.name or "sao-ke")
    except StatementError as error:
        return _render(request, form, error=str(error), status=400)
    return _render(request, form, reconcile(rows))
