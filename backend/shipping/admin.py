from __future__ import annotations

from django.contrib import admin

from backend.core.admin_labels import VietnameseModelAdmin

from .models import ShippingMethod, ShippingWeightTier


class TierInline(admin.TabularInline):
    model = ShippingWeightTier
    extra = 0


@admin.register(ShippingMethod)
class ShippingMethodAdmin(VietnameseModelAdmin):
    list_display = ["name", "producer", "kind", "price_same_province", "price_same_region",
                    "price_nationwide", "free_above", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["producer"]
    search_fields = ["name", "producer__name"]
    autocomplete_fields = ["producer"]
    inlines = [TierInline]
