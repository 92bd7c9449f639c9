from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from backend.core.admin_labels import VietnameseModelAdmin
from backend.core.money import format_vnd
from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode

from . import payouts
from .models import CommissionRule, PayoutBatch, PayoutLine, PayoutStatus


@admin.register(CommissionRule)
class CommissionRuleAdmin(VietnameseModelAdmin):
    list_display = ["scope", "rate_percent", "valid_from", "note"]
    list_filter = ["valid_from"]
    list_select_related = ["producer", "category"]
    search_fields = ["producer__name", "category__name", "note"]
    autocomplete_fields = ["producer", "category"]
    fields = ["producer", "category", "rate_bps", "valid_from", "note"]

    @admin.display(description="áp dụng cho")
    def scope(self, rule: CommissionRule) -> str:
        parts = [rule.producer.name if rule.producer else "",
                 rule.category.name if rule.category else ""]
        return " · ".join(p for p in parts if p) or "Mặc định của sàn"

    @admin.display(description="tỉ lệ", ordering="rate_bps")
    def rate_percent(self, rule: CommissionRule) -> str:
        return f"{rule.rate_bps / 100:g} %".replace(".", ",")


class PayoutLineInline(admin.TabularInline):
    model = PayoutLine
    fields = ["producer", "amount", "bank_bin", "account_number", "account_holder", "status",
              "reason", "settled_at", "actions"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="xử lý")
    def actions(self, line: PayoutLine) -> str:
        if line.pk is None or line.status != PayoutStatus.PENDING:
            return "–"
        url = "admin:ledger_payoutbatch_settle"
        return format_html(
            '<a class="button" href="{}">Đã chuyển</a> <a class="button" href="{}">Thất bại</a>',
            reverse(url, args=[line.batch_id, line.pk, "paid"]),
            reverse(url, args=[line.batch_id, line.pk, "failed"]))


class RunForm(forms.Form):
    threshold = forms.IntegerField(
        label="Ngưỡng chi trả (đồng)", min_value=0, max_value=10**12,
        error_messages={"invalid": "Ngưỡng chi trả phải là một số đồng nguyên.",
                        "min_value": "Ngưỡng chi trả không được âm.",
                        "max_value": "Ngưỡng chi trả quá lớn.",
                        "required": "Hãy nhập ngưỡng chi trả."})


class FailedForm(forms.Form):
    reason = forms.CharField(label="Lý do thất bại (ngân hàng báo)", max_length=255,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Hãy ghi lý do chi trả thất bại."})


@admin.register(PayoutBatch)
class PayoutBatchAdmin(VietnameseModelAdmin):
    """Read-only here: lines are marked paid or failed through ``payouts`` (ledger entries)."""

    list_display = ["__str__", "created_at", "threshold", "csv_link"]
    readonly_fields = ["created_at", "threshold", "skipped", "csv_link"]
    inlines = [PayoutLineInline]
    change_list_template = "admin/ledger/payoutbatch/change_list.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="tệp chuyển khoản")
    def csv_link(self, batch: PayoutBatch) -> str:
        if batch.pk is None:
            return "–"
        return format_html('<a href="{}">Tải tệp CSV</a>',
                           reverse("admin:ledger_payoutbatch_csv", args=[batch.pk]))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("lap-dot/", view(self.run), name="ledger_payoutbatch_run"),
            path("<int:pk>/tep-chuyen-khoan.csv", view(self.csv), name="ledger_payoutbatch_csv"),
            path("<int:pk>/dong/<int:line>/<str:move>/", view(self.settle),
                 name="ledger_payoutbatch_settle"),
        ] + super().get_urls()

    def _require(self, request) -> None:
        # Moving money needs the payouts permission, not just seeing the batches.
        if not has_permission(request.user, PermissionCode.MANAGE_PAYOUTS):
            raise PermissionDenied

    def run(self, request):
        self._require(request)
        form = RunForm(request.POST if request.method == "POST" else None,
                       initial={"threshold": settings.LEDGER_PAYOUT_THRESHOLD})
        if request.method == "POST" and form.is_valid():
            result = payouts.run_payouts(form.cleaned_data["threshold"],
                                         payouts.configured_bank_details())
            for skipped in result.skipped:
                messages.warning(request, f"Chủ thể #{skipped['producer_id']} có "
                                 f"{format_vnd(skipped['amount'])} nhưng chưa có tài khoản ngân "
                                 "hàng đã xác minh: chưa chi trả.")
            if result.batch is None:
                messages.info(request, "Không có chủ thể nào đến hạn chi trả.")
                return HttpResponseRedirect(reverse("admin:ledger_payoutbatch_changelist"))
            lines = list(result.batch.lines.all())
            messages.success(request, f"Đã lập đợt chi trả #{result.batch.pk}: {len(lines)} "
                             f"chủ thể, tổng {format_vnd(sum(x.amount for x in lines))}.")
            return HttpResponseRedirect(reverse("admin:ledger_payoutbatch_change",
                                                args=[result.batch.pk]))
        return TemplateResponse(request, "admin/ledger/payoutbatch/form.html", {
            **self.admin_site.each_context(request), "title": "Lập đợt chi trả",
            "form": form, "opts": self.model._meta,
            "note": "Mọi chủ thể có số dư có thể rút từ ngưỡng trở lên và tài khoản ngân hàng "
                    "đã xác minh được đưa vào đợt mới."})

    def csv(self, request, pk: int):
        self._require(request)
        batch = get_object_or_404(PayoutBatch, pk=pk)
        response = HttpResponse(payouts.bank_transfer_csv(batch),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="chi-tra-dot-{batch.pk}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response

    def settle(self, request, pk: int, line: int, move: str):
        self._require(request)
        if move not in ("paid", "failed"):
            raise Http404
        payout_line = get_object_or_404(PayoutLine.objects.select_related("producer"),
                                        pk=line, batch_id=pk)
        data = request.POST if request.method == "POST" else None
        form = FailedForm(data) if move == "failed" else forms.Form(data)
        if request.method == "POST" and form.is_valid():
            try:
                if move == "paid":
                    payouts.mark_paid(payout_line)
                    messages.success(request, f"Đã ghi nhận chuyển {format_vnd(payout_line.amount)}"
                                     f" cho {payout_line.producer}; chủ thể được báo qua e-mail.")
                else:
                    payouts.mark_failed(payout_line, form.cleaned_data["reason"])
                    messages.warning(request, "Đã ghi chi trả thất bại: số tiền trở lại số dư "
                                     f"của {payout_line.producer}.")
            except payouts.PayoutError as error:
                messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:ledger_payoutbatch_change", args=[pk]))
        verb = "Xác nhận đã chuyển khoản" if move == "paid" else "Ghi chi trả thất bại"
        return TemplateResponse(request, "admin/ledger/payoutbatch/form.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
            "title": f"{verb}: {format_vnd(payout_line.amount)} cho {payout_line.producer}",
            "note": f"Tài khoản {payout_line.account_number} ({payout_line.account_holder}), "
                    f"nội dung \"{payouts.transfer_description(payout_line)}\"."})
