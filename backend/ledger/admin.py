from __future__ import annotations

from django.contrib import admin

from backend.core.admin_labels import VietnameseModelAdmin

from .models import CommissionRule, PayoutBatch, PayoutLine


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
              "reason", "settled_at"]
    readonly_fields = fields
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PayoutBatch)
class PayoutBatchAdmin(VietnameseModelAdmin):
    """Read-only here: lines are marked paid or failed through ``payouts`` (ledger entries)."""

    list_display = ["__str__", "created_at", "threshold"]
    readonly_fields = ["created_at", "threshold", "skipped"]
    inlines = [PayoutLineInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
