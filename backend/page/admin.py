from django.contrib import admin

from .models import Page, PageType


@admin.register(PageType)
class PageTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "page_type", "is_published", "needs_review")
    list_filter = ("page_type", "is_published", "needs_review")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
