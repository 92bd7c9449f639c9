from django.contrib import admin

from .models import AssignedPageAttributeValue, AttributePage, Page, PageType


class AttributePageInline(admin.TabularInline):
    model = AttributePage
    extra = 0
    autocomplete_fields = ("attribute",)


class AssignedPageAttributeValueInline(admin.TabularInline):
    model = AssignedPageAttributeValue
    extra = 0
    autocomplete_fields = ("value",)


@admin.register(PageType)
class PageTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AttributePageInline]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "page_type", "is_published", "needs_review")
    list_filter = ("page_type", "is_published", "needs_review")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [AssignedPageAttributeValueInline]
