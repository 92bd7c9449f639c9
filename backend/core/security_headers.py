"""Site-wide security headers Django 5.2 does not send itself: a Content-Security-Policy
and a Permissions-Policy. (HSTS, nosniff, frame denial, Referrer-Policy and the cookies'
flags are Django settings; see ``backend/settings.py``.)

The policy allows scripts, styles, fonts and requests from our own origin only, images
also from the media store, and inline ``<script>``/``<style>`` elements only when they
carry this response's nonce (``request.csp_nonce``; templates write
``nonce="{{ request.csp_nonce }}"``). Nothing may frame our pages, post forms elsewhere,
or change the base URL. GraphiQL, the API's explorer, loads its editor from a CDN with
an inline bootstrap script: its page alone gets a policy that allows exactly that.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urlparse

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"
GRAPHIQL_CDN = "https://cdn.jsdelivr.net"
# Features no page of ours uses; a script injected into one could not use them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation",
        "gyroscope", "magnetometer", "microphone", "midi", "payment", "usb",
    )
)


def _origin(url: str | None) -> str | None:
    parsed = urlparse(url or "")
    if parsed.scheme in {"http", "https"} and parsed.netloc:
        return f"{parsed.scheme}://{parsed.netloc}"
    return None


def media_origins() -> list[str]:
    """Where product images come from when not from our own origin (S3, a media host)."""
    origins = [_origin(settings.MEDIA_URL)]
    options = settings.STORAGES["default"].get("OPTIONS", {})
    if options.get("custom_domain"):
        origins.append(_origin(f"https://{options['custom_domain']}"))
    if options.get("endpoint_url"):
        origins.append(_origin(options["endpoint_url"]))
    elif options.get("bucket_name"):
        origins.append(f"https://{options['bucket_name']}.s3.amazonaws.com")
    return sorted({o for o in origins if o})


def content_security_policy(nonce: str, *, graphiql: bool = False) -> str:
    images = " ".join(["'self'", "data:", *media_origins()])
    if graphiql:
        scripts = f"'self' 'unsafe-inline' {GRAPHIQL_CDN}"
        styles = f"'self' 'unsafe-inline' {GRAPHIQL_CDN}"
    else:
        scripts = styles = f"'self' 'nonce-{nonce}'"
    directives = {
        "default-src": "'self'",
        "script-src": scripts,
        "style-src": styles,
        "img-src": images,
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    if getattr(settings, "HTTPS", False):
        directives["upgrade-insecure-requests"] = ""
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = content_security_policy(
                request.csp_nonce, graphiql=_is_graphiql(request, response)
            )
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response


def _is_graphiql(request: HttpRequest, response: HttpResponse) -> bool:
    return request.path == "/graphql/" and response.get("Content-Type", "").startswith(
        "text/html"
    )
