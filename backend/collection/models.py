"""Collections the operator curates ("Quà Tết", "Đặc sản 5 sao", a region's specialities),
published per channel like Saleor's."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from backend.catalog.models import Product
from backend.channel.models import Channel


class CollectionQuerySet(models.QuerySet):
    def published_in(self, channel: Channel) -> CollectionQuerySet:
        now = timezone.now()
        return self.filter(
            Q(channel_listings__published_at__isnull=True)
            | Q(channel_listings__published_at__lte=now),
            channel_listings__channel=channel,
            channel_listings__is_published=True,
        )


class Collection(models.Model):
    name = models.CharField("tên", max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    description = models.JSONField("mô tả", blank=True, null=True)
    seo_title = models.CharField(max_length=70, blank=True)
    seo_description = models.CharField(max_length=300, blank=True)
    background_image = models.ImageField(upload_to="collection-backgrounds", blank=True)
    background_image_alt = models.CharField(max_length=128, blank=True)
    sort_order = models.IntegerField(default=0)
    products = models.ManyToManyField(
        Product, through="CollectionProduct", related_name="collections", blank=True
    )

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = "bộ sưu tập"
        verbose_name_plural = "bộ sưu tập"

    def __str__(self) -> str:
        return self.name


class CollectionProduct(models.Model):
    collection = models.ForeignKey(
        Collection, related_name="collectionproduct", on_delete=models.CASCADE
    )
    product = models.ForeignKey(
        Product, related_name="collectionproduct", on_delete=models.CASCADE,
        verbose_name="sản phẩm",
    )
    sort_order = models.IntegerField(default=0)

    class Meta:
        unique_together = [("collection", "product")]
        ordering = ["sort_order", "pk"]
        verbose_name = "sản phẩm trong bộ sưu tập"
        verbose_name_plural = "sản phẩm trong bộ sưu tập"


class CollectionChannelListing(models.Model):
    collection = models.ForeignKey(
        Collection, related_name="channel_listings", on_delete=models.CASCADE
    )
    channel = models.ForeignKey(
        Channel, related_name="collection_listings", on_delete=models.CASCADE,
        verbose_name="kênh",
    )
    is_published = models.BooleanField("đã đăng", default=False)
    published_at = models.DateTimeField("đăng từ", null=True, blank=True)

    class Meta:
        unique_together = [("collection", "channel")]
        ordering = ["pk"]
        verbose_name = "đăng trên kênh"
        verbose_name_plural = "đăng trên kênh"
