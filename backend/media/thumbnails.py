"""Image renditions at a fixed set of sizes, in WebP or AVIF (Saleor's ``url(size:,
format:)``).

A URL names the product image, the size (snapped up to ``SIZES``), the format and the
image's version; the first request makes the rendition through ``images.make_rendition``
and stores it through the storage backend (local or S3) under a name derived from those,
every later one is redirected straight to the stored file. Both the redirect and the file
are cacheable for a year: a changed image gets a new version, hence a new URL.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .images import RENDITION_FORMATS, InvalidImage, make_rendition

logger = logging.getLogger(__name__)

SIZES = (32, 64, 128, 256, 512, 1024, 2048, 4096)
FORMATS = ("webp", "avif")
YEAR = 31536000


def snap_size(size: int | None) -> int | None:
    """The smallest allowed size at least ``size`` (the largest for bigger ones); None or
    0 means the original."""
    if not size or size <= 0:
        return None
    for allowed in SIZES:
        if size <= allowed:
            return allowed
    return SIZES[-1]


def version_of(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:12]


def rendition_name(media_pk: int, version: str, size: int, fmt: str) -> str:
    return f"thumbnails/r/{media_pk}/{version}-{size}.{fmt}"


def rendition_url(media, size: int | None, fmt: str | None) -> str | None:
    """Path of ``media``'s rendition, or None when the stored image itself fits."""
    if not media.image:
        return None
    side = snap_size(size)
    fmt = fmt if fmt in FORMATS else None
    if side is None and fmt is None:
        return None
    return reverse(
        "media-thumbnail",
        kwargs={
            "media_pk": media.pk,
            "size": side or SIZES[-1],
            "fmt": fmt or "webp",
            "version": version_of(media.image.name),
        },
    )


def thumbnail_view(request: HttpRequest, media_pk: int, size: int, fmt: str,
                   version: str) -> HttpResponse:
    from backend.catalog.models import ProductMedia

    if size not in SIZES or fmt not in RENDITION_FORMATS:
        raise Http404("Không có kích thước hoặc định dạng ảnh này.")
    media = ProductMedia.objects.filter(pk=media_pk).first()
    if media is None or not media.image or version_of(media.image.name) != version:
        raise Http404("Không có ảnh này.")
    name = rendition_name(media.pk, version, size, fmt)
    if not default_storage.exists(name):
        try:
            with media.image.open("rb") as source:
                data = make_rendition(source.read(), size, fmt)
        except (InvalidImage, OSError) as exc:
            logger.warning("rendition of media %s failed: %s", media.pk, exc)
            raise Http404("Không tạo được ảnh.") from exc
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # another request stored it meanwhile: keep one copy
            default_storage.delete(saved)
    response = HttpResponseRedirect(default_storage.url(name))
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response
