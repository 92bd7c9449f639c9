"""Operators look up purchases and producer orders (changes go through the lifecycle in
order/services.py: the portal and the API; the admin only reads them)."""

from __future__ import annotations

from django.contrib import admin

from backend.core.admin_labels import VietnameseModelAdmin

from .models import Order, OrderLine, ProducerOrder


class ReadOnlyAdmin(VietnameseModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    fields = ["product_name", "quantity", "quantity_fulfilled", "quantity_canceled",
              "unit_price", "discount", "discount_funder", "total"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "created_at", "user_email", "status", "total"]
    list_filter = ["status"]
    search_fields = ["user_email", "token"]
    show_full_result_count = False


@admin.register(ProducerOrder)
class ProducerOrderAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "producer", "status", "total", "charged", "created_at"]
    list_filter = ["status"]
    list_select_related = ["order", "producer"]
    search_fields = ["producer__name", "order__user_email"]
    inlines = [OrderLineInline]
    show_full_result_count = False
