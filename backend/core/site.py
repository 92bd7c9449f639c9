"""Absolute links to the marketplace, built from the configured site URL.

Canonical links, JSON-LD, the sitemap, robots.txt and image URLs in the API are absolute.
They are built from ``OCOP_SITE_URL`` (``settings.SITE_URL``), never from the Host header a
client chose; only a development machine without a site URL falls back to the request.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from django.conf import settings


def absolute_url(request: Any, path: str) -> str:
    """``path`` (or a URL that is already absolute, e.g. media on S3) as an absolute URL."""
    parsed = urlparse(path)
    if parsed.scheme or parsed.netloc:
        return path
    if settings.SITE_URL:
        return settings.SITE_URL + "/" + path.lstrip("/")
    if hasattr(request, "build_absolute_uri"):
        return request.build_absolute_uri(path)
    return path


def site_scheme_and_host() -> tuple[str, str] | None:
    """The site URL's (scheme, host[:port]), or None when none is configured."""
    if not settings.SITE_URL:
        return None
    parsed = urlparse(settings.SITE_URL)
    return parsed.scheme, parsed.netloc


# Where a development machine without OCOP_SITE_URL serves (the quickstart's address).
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def site_root() -> str:
    """The site's scheme and host for links made without a request (e-mails, the JWT
    issuer): the configured site URL, or the quickstart's address in development."""
    return settings.SITE_URL or DEVELOPMENT_SITE_URL
