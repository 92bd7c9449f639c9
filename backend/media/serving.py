"""Serving user media (local storage) so that no file can act as a page on our origin.

Whatever is on disk (files stored before the image pipeline existed included): images
go out as their image type, anything else as ``application/octet-stream`` with
``Content-Disposition: attachment``; always ``X-Content-Type-Options: nosniff`` and a
sandboxing ``Content-Security-Policy``, so a browser neither sniffs HTML out of an image
nor runs script in a file opened directly. With ``MEDIA_URL`` on another host
(``https://media.example.vn/``) the files are served only there (``MediaHostMiddleware``),
on an origin that holds no session and no admin.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve

# The only types a user file is ever served as inline.
IMAGE_TYPES = {
    "webp": "image/webp",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "avif": "image/avif",
}
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def apply_safe_headers(response: HttpResponse, name: str) -> HttpResponse:
    """Set the type from the name's extension (images only) and the protective headers."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    content_type = IMAGE_TYPES.get(extension)
    if content_type:
        response["Content-Type"] = content_type
    else:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """A file under MEDIA_ROOT with safe headers (read per request: settings may change)."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as exc:  # "../" out of MEDIA_ROOT: simply not there
        raise Http404("Không có tệp này.") from exc
    # Renditions are named after their source's version: they never change under a name.
    if path.startswith("thumbnails/r/"):
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=86400"
    return apply_safe_headers(response, path)


def media_origin() -> tuple[str, str] | None:
    """(host, path prefix) when MEDIA_URL is an absolute URL on its own host, else None."""
    parts = urlsplit(settings.MEDIA_URL)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname + (f":{parts.port}" if parts.port else "")
    return host.lower(), parts.path or "/"


class MediaHostMiddleware:
    """On the media host, serve media files and nothing else (no admin, no API, no pages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origin = media_origin()
        if origin is None or request.get_host().lower() != origin[0]:
            return self.get_response(request)
        host, prefix = origin
        if request.method not in ("GET", "HEAD") or not request.path.startswith(prefix):
            raise Http404("Không có tệp này.")
        return serve_media(request, request.path[len(prefix):])
