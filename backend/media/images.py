"""The one way an image a user or a remote server handed us becomes a stored file.

Decode with Pillow (JPEG, PNG, WebP or GIF only), check the declared size before any pixel
is decoded, verify, then re-encode to WebP: metadata (EXIF, GPS, comments, ICC, anything
appended after the image) does not survive, the orientation is applied to the pixels, the
longest side is at most ``IMAGE_MAX_SIDE``, and the file's extension and type come from the
re-encoded format, never from the URL or the uploaded name. A GIF with HTML appended comes
out as a plain ``.webp``.

The importer, the admin's image fields and (later) sellers' uploads all call
``prepare_image``; ``make_thumbnail`` renders listing sizes from the same decoder.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
OUTPUT_FORMAT = "WEBP"
OUTPUT_EXTENSION = "webp"
OUTPUT_CONTENT_TYPE = "image/webp"
THUMBNAIL_SIZE = (480, 480)

# EXIF orientation → the transposition that puts the pixels upright.
_ORIENTATION = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}


class InvalidImage(ValueError):
    """Not an image we store; ``str()`` says why in Vietnamese, for the user."""


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int
    max_pixels: int
    max_side: int

    @classmethod
    def from_settings(cls) -> ImageLimits:
        from django.conf import settings

        return cls(settings.IMAGE_MAX_BYTES, settings.IMAGE_MAX_PIXELS, settings.IMAGE_MAX_SIDE)


@dataclass(frozen=True)
class PreparedImage:
    """A re-encoded image, ready for storage under ``<stem>.<extension>``."""

    content: bytes
    width: int
    height: int
    source_format: str
    extension: str = OUTPUT_EXTENSION
    content_type: str = OUTPUT_CONTENT_TYPE


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def _open_checked(data: bytes, limits: ImageLimits) -> Image.Image:
    """Open (header only) and refuse what we will not decode."""
    if not data:
        raise InvalidImage("tệp ảnh rỗng")
    if len(data) > limits.max_bytes:
        raise InvalidImage(f"ảnh lớn hơn {_megabytes(limits.max_bytes)}")
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb guard only warns below twice its limit: ours is stricter.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidImage(_too_many_pixels(limits)) from exc
    except Exception as exc:  # UnidentifiedImageError, or whatever a damaged header raises
        raise InvalidImage("không phải ảnh JPEG, PNG, WebP hoặc GIF hợp lệ") from exc
    width, height = image.size
    if width < 1 or height < 1 or width * height > limits.max_pixels:
        image.close()
        raise InvalidImage(_too_many_pixels(limits))
    return image


def _too_many_pixels(limits: ImageLimits) -> str:
    return (f"ảnh quá lớn (hơn {limits.max_pixels / 1_000_000:.0f} triệu điểm ảnh); hãy dùng "
            "ảnh nhỏ hơn")


def _decode(data: bytes, limits: ImageLimits, box: tuple[int, int]) -> tuple[Image.Image, str]:
    """Verified, upright, RGB(A) pixels no larger than ``box``; the source format."""
    with _open_checked(data, limits) as probe:
        try:
            probe.verify()
        except Exception as exc:  # verify raises whatever the plugin's parser hits
            raise InvalidImage("tệp ảnh bị hỏng") from exc
    source = image = _open_checked(data, limits)  # verify() leaves the probe unusable
    source_format = image.format or ""
    try:
        orientation = image.getexif().get(0x0112, 1)
        if image.format == "JPEG":
            # Decode big JPEGs at a reduced scale straight away: far less memory.
            image.draft("RGB", box)
        image.seek(0)  # the first frame of an animation
        image.load()
        image.thumbnail(box)
        for step in _ORIENTATION.get(orientation, ()):
            image = image.transpose(step)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or (
            image.mode == "P" and "transparency" in image.info)
        return image.convert("RGBA" if has_alpha else "RGB"), source_format
    except InvalidImage:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # damaged pixel data: whatever the decoder raises
        raise InvalidImage("tệp ảnh bị hỏng") from exc
    finally:
        source.close()


def _encode(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.save(out, OUTPUT_FORMAT, quality=quality, method=4)
    return out.getvalue()


def prepare_image(data: bytes, limits: ImageLimits | None = None) -> PreparedImage:
    """Decode, check and re-encode ``data``; raises InvalidImage in plain words."""
    limits = limits or ImageLimits.from_settings()
    image, source_format = _decode(data, limits, (limits.max_side, limits.max_side))
    with image:
        return PreparedImage(_encode(image, 85), image.width, image.height, source_format)


def make_thumbnail(data: bytes, size: tuple[int, int] = THUMBNAIL_SIZE,
                   limits: ImageLimits | None = None) -> bytes:
    """A WebP rendition no larger than ``size``, for listings (same checks as above)."""
    image, _ = _decode(data, limits or ImageLimits.from_settings(), size)
    with image:
        return _encode(image.convert("RGB"), 80)


# Renditions by format name (Saleor's ThumbnailFormatEnum, ORIGINAL being the stored WebP).
RENDITION_FORMATS = {
    "webp": ("WEBP", "image/webp", {"quality": 80, "method": 4}),
    "avif": ("AVIF", "image/avif", {"quality": 60, "speed": 8}),
}


def make_rendition(data: bytes, side: int, fmt: str,
                   limits: ImageLimits | None = None) -> bytes:
    """``data`` no larger than ``side`` × ``side`` in ``fmt`` (``webp`` or ``avif``)."""
    pil_format, _, options = RENDITION_FORMATS[fmt]
    image, _ = _decode(data, limits or ImageLimits.from_settings(), (side, side))
    with image:
        out = io.BytesIO()
        image.save(out, pil_format, **options)
        return out.getvalue()
