from django.contrib import admin

from .models import Translation


@admin.register(Translation)
class TranslationAdmin(admin.ModelAdmin):
    list_display = ("kind", "object_id", "key", "language_code", "name", "updated_at")
    list_filter = ("kind", "language_code")
    search_fields = ("name", "slug", "key")
    ordering = ("kind", "object_id", "language_code")
