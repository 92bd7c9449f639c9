from django.contrib import admin

from .models import Collection, CollectionChannelListing, CollectionProduct


class CollectionProductInline(admin.TabularInline):
    model = CollectionProduct
    autocomplete_fields = ["product"]
    extra = 1


class CollectionChannelListingInline(admin.TabularInline):
    model = CollectionChannelListing
    extra = 1


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "sort_order")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [CollectionChannelListingInline, CollectionProductInline]
