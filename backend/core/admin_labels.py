"""Vietnamese labels in the admin for model fields that carry no verbose name of their own.

The admin is for the platform operator, in Vietnamese. Models name most fields; for the rest
(``slug``, ``sku``, ``is_published``, ``quantity``…) these mixins label form fields, list
columns and list filters here, without touching the models (a verbose name change in a
model is a migration of another team's app). The base classes here also send every image
field through the image pipeline (``backend.media.forms``).
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst

from backend.media.forms import SafeImageUploadsMixin

FIELD_LABELS = {
    "address": "địa chỉ",
    "alt": "mô tả ảnh",
    "attribute": "thuộc tính",
    "available_for_purchase_at": "mở bán từ",
    "background_image": "ảnh nền",
    "basis": "căn cứ",
    "channel": "kênh bán",
    "code": "mã",
    "commune": "xã/phường",
    "communes": "xã/phường mới",
    "cost_price_amount": "giá vốn (đồng)",
    "currency": "tiền tệ",
    "currency_code": "tiền tệ",
    "default_country": "quốc gia",
    "description": "mô tả",
    "discounted_price_amount": "giá thấp nhất (đồng)",
    "filterable_in_storefront": "dùng làm bộ lọc",
    "full_name": "tên đầy đủ",
    "group": "nhóm",
    "has_variants": "có biến thể",
    "image": "ảnh",
    "input_type": "kiểu giá trị",
    "is_active": "đang hoạt động",
    "is_published": "đang bán",
    "is_shipping_required": "cần giao hàng",
    "kind": "loại",
    "label": "nhãn",
    "label_key": "khóa so khớp",
    "legacy_province": "tỉnh cũ",
    "level": "cấp",
    "name": "tên",
    "name_en": "tên tiếng Anh",
    "parent": "cấp trên",
    "price_amount": "giá (đồng)",
    "product": "sản phẩm",
    "product_type": "loại sản phẩm",
    "product_variant": "biến thể",
    "producer": "chủ thể",
    "province": "tỉnh/thành",
    "published_at": "ngày đăng bán",
    "quantity": "số lượng",
    "quantity_allocated": "đã giữ cho đơn",
    "region": "vùng",
    "regions": "các vùng",
    "seo_description": "mô tả SEO",
    "seo_title": "tiêu đề SEO",
    "sku": "mã SKU",
    "slug": "đường dẫn",
    "sort_order": "thứ tự",
    "storefront_search_position": "thứ tự bộ lọc",
    "thumbnail": "ảnh thu nhỏ",
    "track_inventory": "theo dõi tồn kho",
    "unit": "đơn vị",
    "value_required": "bắt buộc nhập",
    "visible_in_listings": "hiện trong danh sách",
    "visible_in_storefront": "hiện trên sàn",
    "weight_grams": "khối lượng (g)",
    "website": "trang web",
    "created_at": "ngày tạo",
    "updated_at": "cập nhật lúc",
}


def label_for(field: models.Field) -> str | None:
    """A Vietnamese label when the field's verbose name is Django's default one."""
    default = field.name.replace("_", " ")
    if str(field.verbose_name) != default:
        return None
    return FIELD_LABELS.get(field.name)


def _field_at(model, path: str):
    field = None
    for part in path.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model or model
    return field


class _TitledFilter(admin.FieldListFilter):
    """Builds Django's usual filter for the field and gives it a Vietnamese title."""

    title_override = ""

    def __new__(cls, field, request, params, model, model_admin, field_path):
        instance = admin.FieldListFilter.create(
            field, request, params, model, model_admin, field_path
        )
        instance.title = cls.title_override
        return instance


def titled_filter(title: str) -> type[admin.FieldListFilter]:
    return type("TitledFilter", (_TitledFilter,), {"title_override": title})


class VietnameseLabelsMixin:
    """For ModelAdmin and inlines: Vietnamese labels on form fields without their own."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        label = label_for(db_field)
        if formfield is not None and label:
            formfield.label = capfirst(label)
        return formfield


class VietnameseModelAdmin(SafeImageUploadsMixin, VietnameseLabelsMixin, admin.ModelAdmin):
    """Also labels list columns and list filters named after unlabelled fields."""

    def get_list_display(self, request):
        return [self._column(item) for item in super().get_list_display(request)]

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        columns = getattr(self, "_columns", {})
        return [columns.get(link, link) for link in links] if links else links

    def get_list_filter(self, request):
        result = []
        for item in super().get_list_filter(request):
            field = _field_at(self.model, item) if isinstance(item, str) else None
            label = label_for(field) if field is not None else None
            result.append((item, titled_filter(label)) if label else item)
        return result

    def _column(self, item):
        if not isinstance(item, str) or item == "__str__":
            return item
        # One function per column for the admin's lifetime: links match it by identity.
        self.__dict__.setdefault("_columns", {})
        if item in self._columns:
            return self._columns[item]
        try:
            field = self.model._meta.get_field(item)
        except FieldDoesNotExist:
            return item
        label = label_for(field)
        if not label:
            return item

        if field.choices:
            def column(obj, _name=item):
                return getattr(obj, f"get_{_name}_display")()
        else:
            def column(obj, _name=item):
                value = getattr(obj, _name)
                return "—" if value is None or value == "" else value

        column = admin.display(
            description=label, ordering=item,
            boolean=isinstance(field, models.BooleanField) or None,
        )(column)
        column.__name__ = item
        self._columns[item] = column
        return column


class VietnameseTabularInline(SafeImageUploadsMixin, VietnameseLabelsMixin, admin.TabularInline):
    pass


class VietnameseStackedInline(SafeImageUploadsMixin, VietnameseLabelsMixin, admin.StackedInline):
    pass
