"""Administrative units: reference data, loaded by `ocop loadreference`. The admin lets the
operator look things up and correct a name; units are never added or deleted by hand."""

from __future__ import annotations

from django.contrib import admin

from backend.core.admin_labels import VietnameseModelAdmin

from .models import Commune, LegacyCommune, LegacyProvince, Province, Region


class ReferenceAdmin(VietnameseModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Region)
class RegionAdmin(ReferenceAdmin):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]


@admin.register(Province)
class ProvinceAdmin(ReferenceAdmin):
    list_display = ["code", "name", "full_name", "kind", "region"]
    list_display_links = ["code", "name"]
    list_filter = ["region", "kind"]
    list_select_related = ["region"]
    search_fields = ["name", "full_name", "name_en", "code", "slug"]
    readonly_fields = ["code", "slug"]
    filter_horizontal = ["regions"]


@admin.register(LegacyProvince)
class LegacyProvinceAdmin(ReferenceAdmin):
    list_display = ["code", "name", "province", "region"]
    list_display_links = ["code", "name"]
    list_filter = ["region", "province"]
    list_select_related = ["region", "province"]
    search_fields = ["name", "full_name", "code", "slug"]
    readonly_fields = ["code", "slug"]


@admin.register(Commune)
class CommuneAdmin(ReferenceAdmin):
    list_display = ["code", "full_name", "kind", "province", "region"]
    list_display_links = ["code", "full_name"]
    list_filter = ["region", "province", "kind"]
    list_select_related = ["province", "region"]
    search_fields = ["name", "full_name", "code"]
    readonly_fields = ["code"]
    list_per_page = 50


@admin.register(LegacyCommune)
class LegacyCommuneAdmin(ReferenceAdmin):
    list_display = ["code", "full_name", "legacy_province", "current_communes"]
    list_display_links = ["code", "full_name"]
    list_filter = ["legacy_province__region", "legacy_province"]
    list_select_related = ["legacy_province"]
    search_fields = ["name", "full_name", "code"]
    readonly_fields = ["code"]
    autocomplete_fields = ["communes"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("communes")

    @admin.display(description="nay thuộc")
    def current_communes(self, obj: LegacyCommune) -> str:
        return ", ".join(c.full_name for c in obj.communes.all())
