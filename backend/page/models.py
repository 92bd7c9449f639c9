"""Content pages (Saleor's ``Page``): the marketplace's rules, policies and notices."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class PageType(models.Model):
    name = models.CharField("tên", max_length=250)
    slug = models.SlugField(max_length=255, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = "loại trang"
        verbose_name_plural = "loại trang"

    def __str__(self) -> str:
        return self.name


class PageQuerySet(models.QuerySet):
    def published(self) -> PageQuerySet:
        now = timezone.now()
        return self.filter(
            Q(published_at__isnull=True) | Q(published_at__lte=now), is_published=True
        )


class Page(models.Model):
    page_type = models.ForeignKey(
        PageType, related_name="pages", on_delete=models.PROTECT, verbose_name="loại trang"
    )
    title = models.CharField("tiêu đề", max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    # EditorJS JSON like Saleor's.
    content = models.JSONField("nội dung", blank=True, null=True)
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=300, blank=True)
    is_published = models.BooleanField("đã đăng", default=False)
    published_at = models.DateTimeField("đăng từ", null=True, blank=True)
    # A draft the operator must complete before it can be relied on (legal pages).
    needs_review = models.BooleanField("bản nháp cần hoàn thiện", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = "trang"
        verbose_name_plural = "trang"

    def __str__(self) -> str:
        return self.title


class AttributePage(models.Model):
    """An attribute a page type offers (Saleor's ``AttributePage``), in display order."""

    attribute = models.ForeignKey(
        "attribute.Attribute", related_name="attributepage", on_delete=models.CASCADE,
        verbose_name="thuộc tính",
    )
    page_type = models.ForeignKey(
        PageType, related_name="attributepage", on_delete=models.CASCADE,
        verbose_name="loại trang",
    )
    sort_order = models.IntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "thuộc tính của loại trang"
        verbose_name_plural = "thuộc tính của loại trang"
        constraints = [models.UniqueConstraint(fields=["attribute", "page_type"],
                                               name="attributepage_unique")]

    def __str__(self) -> str:
        return f"{self.page_type} – {self.attribute}"


class AssignedPageAttributeValue(models.Model):
    """A value chosen for one of its type's attributes on a page."""

    value = models.ForeignKey(
        "attribute.AttributeValue", related_name="pagevalueassignment",
        on_delete=models.CASCADE, verbose_name="giá trị",
    )
    page = models.ForeignKey(Page, related_name="attributevalues", on_delete=models.CASCADE)
    sort_order = models.IntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "giá trị thuộc tính của trang"
        verbose_name_plural = "giá trị thuộc tính của trang"
        constraints = [models.UniqueConstraint(fields=["value", "page"],
                                               name="assignedpageattributevalue_unique")]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.page_id and self.value_id and not AttributePage.objects.filter(
                page_type_id=self.page.page_type_id,
                attribute_id=self.value.attribute_id).exists():
            raise ValidationError({"value": "Loại trang này không có thuộc tính "
                                            f"“{self.value.attribute}”."})
