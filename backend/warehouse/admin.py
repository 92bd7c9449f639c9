from __future__ import annotations

from django.contrib import admin

from backend.core.admin_labels import VietnameseModelAdmin

from .models import Stock, Warehouse


@admin.register(Warehouse)
class WarehouseAdmin(VietnameseModelAdmin):
    list_display = ["name", "slug", "producer", "province"]
    list_filter = ["province"]
    list_select_related = ["producer", "province"]
    search_fields = ["name", "slug", "producer__name"]
    autocomplete_fields = ["producer", "province", "commune"]
    show_full_result_count = False


@admin.register(Stock)
class StockAdmin(VietnameseModelAdmin):
    list_display = [
        "product_name",
        "sku",
        "warehouse",
        "quantity",
        "quantity_allocated",
        "available",
    ]
    list_select_related = ["product_variant__product", "warehouse"]
    list_filter = ["warehouse__province"]
    search_fields = ["product_variant__sku", "product_variant__product__name", "warehouse__name"]
    autocomplete_fields = ["warehouse", "product_variant"]
    show_full_result_count = False

    @admin.display(description="sản phẩm", ordering="product_variant__product__name")
    def product_name(self, obj: Stock) -> str:
        return obj.product_variant.product.name

    @admin.display(description="SKU", ordering="product_variant__sku")
    def sku(self, obj: Stock) -> str:
        return obj.product_variant.sku or "—"

    @admin.display(description="còn bán được")
    def available(self, obj: Stock) -> int:
        return obj.quantity_available
