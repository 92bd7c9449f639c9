"""The images a list points at: URLs (through the outbound-fetch policy) and, from the
command line only, local paths. Each goes through the image pipeline at once (decoded with
limits, re-encoded to WebP) and waits on disk, not in memory, until the import writes.

A missing, unreachable or refused image is a warning on its row: the product is imported
without it. Nothing is fetched on a dry run; the URL's form is still checked there, so the
dry run warns about what the policy refuses outright.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from backend.core import outbound
from backend.media.images import ImageLimits, InvalidImage, PreparedImage, prepare_image

ONLY_URLS = "chỉ nhận đường dẫn ảnh http:// hoặc https://"


class ImageUnavailable(Exception):
    """Why an image could not be had, in words for the user."""


def _is_local(ref: str) -> bool:
    return urlparse(ref).scheme in ("", "file")


def check_image_ref(ref: str, *, allow_local: bool = False) -> None:
    """What can be said about ``ref`` without fetching it (a dry run's check)."""
    if _is_local(ref):
        if not allow_local:
            raise ImageUnavailable(ONLY_URLS)
        return
    try:
        outbound.check_url(ref)
    except outbound.OutboundError as exc:
        raise ImageUnavailable(str(exc)) from exc


def _read_local(ref: str, base_dir: Path | None, max_bytes: int) -> bytes:
    parsed = urlparse(ref)
    path = Path(parsed.path if parsed.scheme == "file" else ref).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    try:
        if not path.is_file():  # a FIFO or a device would block or never end
            raise ImageUnavailable("không tìm thấy tệp ảnh")
        with path.open("rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError as exc:
        raise ImageUnavailable(f"không đọc được tệp ảnh ({exc.strerror})") from exc


def fetch_image(ref: str, *, base_dir: Path | None = None, allow_local: bool = False,
                limits: ImageLimits | None = None) -> PreparedImage:
    """The image ``ref`` names, fetched and re-encoded; raises ImageUnavailable."""
    limits = limits or ImageLimits.from_settings()
    if _is_local(ref):
        if not allow_local:
            raise ImageUnavailable(ONLY_URLS)
        data = _read_local(ref, base_dir, limits.max_bytes)
    else:
        try:
            data = outbound.fetch(ref, max_bytes=limits.max_bytes).data
        except outbound.OutboundError as exc:
            raise ImageUnavailable(str(exc)) from exc
    try:
        return prepare_image(data, limits)
    except InvalidImage as exc:
        raise ImageUnavailable(str(exc)) from exc


@dataclass(frozen=True)
class SpooledImage:
    """A prepared image parked on disk until the import writes it."""

    path: Path
    extension: str
    width: int
    height: int
    source_format: str

    @property
    def name(self) -> str:
        return self.path.name

    def load(self) -> PreparedImage:
        return PreparedImage(self.path.read_bytes(), self.width, self.height,
                             self.source_format, self.extension)


class ImageSpool:
    """A temporary folder for one import's prepared images (removed when it ends)."""

    def __init__(self) -> None:
        self._dir: Path | None = None
        self._count = 0

    def __enter__(self) -> ImageSpool:
        return self

    def __exit__(self, *exc) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def put(self, image: PreparedImage) -> SpooledImage:
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="ocop-import-images-"))
        self._count += 1
        path = self._dir / f"{self._count}.{image.extension}"
        path.write_bytes(image.content)
        return SpooledImage(path, image.extension, image.width, image.height,
                            image.source_format)
