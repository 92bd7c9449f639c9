from __future__ import annotations

from django.contrib import admin

from backend.core.admin_labels import VietnameseModelAdmin

from .models import Channel


@admin.register(Channel)
class ChannelAdmin(VietnameseModelAdmin):
    list_display = ["name", "slug", "currency_code", "default_country", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "slug"]
