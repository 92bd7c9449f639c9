from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.conf import settings

from backend.channel.models import Channel

from .errors import NotFound

T = TypeVar("T")


@dataclass(frozen=True)
class ChannelContext(Generic[T]):
    """A node and the channel it is seen through (prices and availability depend on it)."""

    node: T
    channel: Channel | None


def get_channel(info, slug: str | None) -> Channel:
    """The channel named by a query's ``channel`` argument (default channel if omitted)."""
    slug = slug or settings.DEFAULT_CHANNEL_SLUG
    cache: dict[str, Any] = info.context.__dict__.setdefault("_channels", {})
    if slug not in cache:
        channel = Channel.objects.filter(slug=slug).first()
        if channel is None or not channel.is_active:
            raise NotFound(f"Channel with '{slug}' slug does not exist.")
        cache[slug] = channel
    return cache[slug]
