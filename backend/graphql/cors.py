"""CORS for the API, set explicitly: which web origins may call ``/graphql/`` from a
browser (``GRAPHQL_CORS_ALLOWED_ORIGINS``).

``*`` lets any site read public data but never with the visitor's cookies (no
``Access-Control-Allow-Credentials`` with a wildcard); listed origins are echoed back
with credentials allowed. Preflight requests are answered here.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, X-CSRFToken"
PREFLIGHT_MAX_AGE = "600"


def _allowed(origin: str) -> tuple[str, bool] | None:
    """(Access-Control-Allow-Origin value, credentials allowed) for ``origin``."""
    allowed = settings.GRAPHQL_CORS_ALLOWED_ORIGINS
    if origin in allowed:
        return origin, True
    if "*" in allowed:
        return "*", False
    return None


def add_cors_headers(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    origin = request.headers.get("Origin")
    response["Vary"] = "Origin" if "Vary" not in response else response["Vary"] + ", Origin"
    allowed = _allowed(origin) if origin else None
    if allowed is not None:
        response["Access-Control-Allow-Origin"] = allowed[0]
        if allowed[1]:
            response["Access-Control-Allow-Credentials"] = "true"
    return response


def preflight(request: HttpRequest) -> HttpResponse:
    """The answer to OPTIONS: what a browser may send from an allowed origin."""
    response = HttpResponse(status=204)
    response["Allow"] = ALLOWED_METHODS
    origin = request.headers.get("Origin")
    if origin and _allowed(origin) is not None:
        response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return add_cors_headers(request, response)
