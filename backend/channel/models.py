from __future__ import annotations

from django.conf import settings
from django.db import models


class Channel(models.Model):
    """A sales channel (Saleor's concept): prices and publication are per channel."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50, unique=True)
    currency_code = models.CharField(max_length=3, default="VND")
    default_country = models.CharField(max_length=2, default="VN")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = "kênh bán"
        verbose_name_plural = "kênh bán"

    def __str__(self) -> str:
        return self.name


def get_default_channel() -> Channel:
    channel, _ = Channel.objects.get_or_create(
        slug=settings.DEFAULT_CHANNEL_SLUG,
        defaults={"name": "Sàn OCOP Việt Nam", "currency_code": settings.DEFAULT_CURRENCY},
    )
    return channel
