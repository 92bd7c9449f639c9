from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from backend.core.admin_labels import VietnameseModelAdmin, VietnameseTabularInline

from .models import Attribute, AttributeValue


class AttributeValueInline(VietnameseTabularInline):
    model = AttributeValue
    fields = ["name", "slug", "sort_order"]
    extra = 0
    show_change_link = False


@admin.register(Attribute)
class AttributeAdmin(VietnameseModelAdmin):
    list_display = [
        "name",
        "slug",
        "input_type",
        "filterable_in_storefront",
        "visible_in_storefront",
        "value_count",
    ]
    list_filter = ["input_type", "filterable_in_storefront"]
    search_fields = ["name", "slug"]
    inlines = [AttributeValueInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_value_count=Count("values"))

    @admin.display(description="số giá trị", ordering="_value_count")
    def value_count(self, obj: Attribute) -> int:
        return obj._value_count


@admin.register(AttributeValue)
class AttributeValueAdmin(VietnameseModelAdmin):
    list_display = ["name", "slug", "attribute"]
    list_filter = ["attribute"]
    list_select_related = ["attribute"]
    search_fields = ["name", "slug"]

    def get_model_perms(self, request) -> dict:
        # Edited inside their attribute; registered only so other admins can search them.
        return {}
