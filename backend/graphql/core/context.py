from __future__ import annotations

import time
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


def requestor(info) -> Any:
    """The user behind the request (None for in-process calls without one)."""
    return getattr(info.context, "user", None)


def get_channel(info, slug: str | None) -> Channel:
    """The channel named by a query's ``channel`` argument (default channel if omitted)."""
    slug = slug or settings.DEFAULT_CHANNEL_SLUG
    cache: dict[str, Any] = info.context.__dict__.setdefault("_channels", {})
    if slug not in cache:
        channel = _active_channel(slug)
        if channel is None:
            raise NotFound(f"Channel with '{slug}' slug does not exist.")
        cache[slug] = channel
    return cache[slug]


_process_cache: dict[str, tuple[float, Channel | None]] = {}
CHANNEL_CACHE_SECONDS = 30.0


def _active_channel(slug: str) -> Channel | None:
    """Channels change a few times a year; every listing needs one. Keep them briefly."""
    now = time.monotonic()
    hit = _process_cache.get(slug)
    if hit is not None and now - hit[0] < CHANNEL_CACHE_SECONDS:
        return hit[1]
    channel = Channel.objects.filter(slug=slug, is_active=True).first()
    if channel is not None:  # unknown slugs come from clients: do not keep them
        _process_cache[slug] = (now, channel)
    return channel


def clear_channel_cache() -> None:
    _process_cache.clear()
