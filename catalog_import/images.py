"""Fetching the images a list points at: URLs (http/https) and, from the command line,
local paths. A missing or unreachable image is a warning, never a failure."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT_SECONDS = 10


class ImageUnavailable(Exception):
    pass


def fetch_image(ref: str, *, base_dir: Path | None = None, allow_local: bool = False
                ) -> tuple[bytes, str]:
    """``(data, filename)`` of the image ``ref`` names; raises ImageUnavailable in plain words."""
    parsed = urlparse(ref)
    if parsed.scheme in ("http", "https"):
        try:
            with urllib.request.urlopen(ref, timeout=TIMEOUT_SECONDS) as response:
                data = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as exc:
            raise ImageUnavailable(f"máy chủ trả về lỗi HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise ImageUnavailable(f"không kết nối được tới máy chủ ảnh ({reason})") from exc
        name = Path(parsed.path).name or "anh.jpg"
    elif parsed.scheme in ("", "file") and allow_local:
        path = Path(parsed.path if parsed.scheme == "file" else ref).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise ImageUnavailable(f"không tìm thấy tệp ảnh ({exc.strerror})") from exc
        name = path.name
    else:
        raise ImageUnavailable("chỉ nhận đường dẫn ảnh http:// hoặc https://")
    if len(data) > MAX_BYTES:
        raise ImageUnavailable("ảnh lớn hơn 10 MB")
    if not data:
        raise ImageUnavailable("tệp ảnh rỗng")
    return data, name
