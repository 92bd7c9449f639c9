from __future__ import annotations

from django.contrib import admin

from backend.core.admin_labels import VietnameseModelAdmin, VietnameseStackedInline
from backend.core.text import fold_key
from backend.geo.resolver import region_for

from .models import Producer, Shop
from .services import unique_shop_slug


class ShopInline(VietnameseStackedInline):
    model = Shop
    fields = ["name", "slug", "description", "logo", "is_active"]
    can_delete = False
    extra = 0
    max_num = 1


@admin.register(Producer)
class ProducerAdmin(VietnameseModelAdmin):
    list_display = ["name", "legal_form", "province", "region", "registration_number", "phone"]
    list_filter = ["legal_form", "region", "province"]
    list_select_related = ["province", "region"]
    search_fields = ["name", "registration_number", "representative", "address", "phone"]
    autocomplete_fields = ["province", "commune", "legacy_province"]
    readonly_fields = ["region", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "legal_form", "registration_number", "representative"]}),
        (
            "Địa chỉ",
            {
                "fields": [
                    "address",
                    "original_address",
                    "province",
                    "commune",
                    "legacy_province",
                    "region",
                ]
            },
        ),
        ("Liên hệ", {"fields": ["phone", "email", "website"]}),
        ("Lịch sử", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [ShopInline]
    show_full_result_count = False

    def save_model(self, request, obj: Producer, form, change: bool) -> None:
        # Derived fields the form does not show, kept as create_producer would set them.
        obj.name_key = fold_key(obj.name)
        obj.region = region_for(obj.province, obj.commune, obj.legacy_province)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        producer = form.instance
        # Every producer has a shop; create one when the operator left the inline empty.
        if not Shop.objects.filter(producer=producer).exists():
            Shop.objects.create(
                producer=producer,
                name=producer.name,
                slug=unique_shop_slug(producer.name, producer.province),
            )


@admin.register(Shop)
class ShopAdmin(VietnameseModelAdmin):
    list_display = ["name", "slug", "producer", "province", "is_active"]
    list_filter = ["is_active", "producer__region"]
    list_select_related = ["producer__province"]
    search_fields = ["name", "slug", "producer__name"]
    autocomplete_fields = ["producer"]

    @admin.display(description="tỉnh/thành", ordering="producer__province__code")
    def province(self, obj: Shop) -> str:
        return obj.producer.province.name
