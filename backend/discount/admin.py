from __future__ import annotations

from django.contrib import admin

from backend.core.admin_labels import VietnameseModelAdmin

from .models import Voucher


@admin.register(Voucher)
class VoucherAdmin(VietnameseModelAdmin):
    list_display = ["code", "name", "discount_type", "value", "producer", "min_spend", "used",
                    "usage_limit", "start_date", "end_date", "is_active"]
    list_filter = ["discount_type", "is_active"]
    search_fields = ["code", "name", "producer__name"]
    autocomplete_fields = ["producer"]
    readonly_fields = ["used"]
