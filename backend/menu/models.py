"""Navigation menus (Saleor's ``Menu``/``MenuItem``): items link to a category, a
collection, a page or a URL; at most three levels."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from backend.catalog.models import Category
from backend.collection.models import Collection
from backend.page.models import Page

MAX_LEVEL = 2


class Menu(models.Model):
    name = models.CharField("tên", max_length=250)
    slug = models.SlugField(max_length=255, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = "menu"
        verbose_name_plural = "menu"

    def __str__(self) -> str:
        return self.name


class MenuItem(models.Model):
    menu = models.ForeignKey(Menu, related_name="items", on_delete=models.CASCADE)
    name = models.CharField("tên", max_length=128)
    parent = models.ForeignKey(
        "self", null=True, blank=True, related_name="children", on_delete=models.CASCADE,
        verbose_name="mục cha",
    )
    sort_order = models.IntegerField("thứ tự", default=0)
    url = models.URLField(max_length=256, blank=True)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, verbose_name="danh mục"
    )
    collection = models.ForeignKey(
        Collection, null=True, blank=True, on_delete=models.CASCADE, verbose_name="bộ sưu tập"
    )
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, verbose_name="trang"
    )

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "mục menu"
        verbose_name_plural = "mục menu"

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> int:
        level, node = 0, self
        while node.parent_id is not None and level <= MAX_LEVEL:
            node = node.parent
            level += 1
        return level

    def clean(self) -> None:
        targets = [t for t in (self.url, self.category_id, self.collection_id, self.page_id) if t]
        if len(targets) > 1:
            raise ValidationError("Mỗi mục menu chỉ trỏ tới một đích: đường dẫn, danh mục, "
                                  "bộ sưu tập hoặc trang.")
        if self.parent is not None and self.parent.level >= MAX_LEVEL:
            raise ValidationError("Menu có tối đa ba cấp.")
