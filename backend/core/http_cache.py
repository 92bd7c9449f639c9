"""HTTP caching of anonymous answers: ``Cache-Control``, ``ETag`` and ``304``.

A GET that nobody signed in for, carrying no session and no per-visitor token, gets the
same answer for everyone: storefront pages and GraphQL queries (an app's persisted-query
GETs above all) are marked ``public`` for ``HTTP_CACHE_MAX_AGE`` seconds so a browser or a
CDN can serve them, with an ``ETag`` so a revalidation costs a ``304`` and no body. Every
other answer to a GET — signed-in, with a session (a guest's cart), with a CSRF token in a
form, setting a cookie — is ``private`` and never stored by a shared cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

# Never public, whatever the request carries: the operator's and sellers' tools, accounts.
PRIVATE_PREFIXES = ("/admin/", "/tai-khoan/", "/nguoi-ban/")


def is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    """The answer is the same for every anonymous visitor."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return False
    if response.streaming or response.cookies or request.path.startswith(PRIVATE_PREFIXES):
        return False
    if request.META.get("HTTP_AUTHORIZATION"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # signed in, or a guest whose cart lives in the session
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page embeds this visitor's CSRF token
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


STATS_ATTRIBUTE = "ocop_cache_stats"


def note_cache(request: object, outcome: str) -> None:
    """Count a server-side cache lookup of this request ("hit", "miss", "stale": a miss
    because a write invalidated the stored answer, or "bypass"): the ``X-Cache`` header
    reports them, so load tests measure hit rates, and what writes cost, from outside.
    Storefront pages run GraphQL on a shallow copy of the request, which shares the dict."""
    stats = getattr(request, STATS_ATTRIBUTE, None)
    if stats is not None:
        stats[outcome] = stats.get(outcome, 0) + 1


def cache_header(stats: dict[str, int]) -> str | None:
    if stats.get("miss"):
        return "MISS"
    if stats.get("stale"):
        return "STALE"
    if stats.get("hit"):
        return "HIT"
    return "BYPASS" if stats.get("bypass") else None


class HttpCacheMiddleware:
    """Marks answers public or private; ETag and 304 for the public ones; ``X-Cache``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        stats: dict[str, int] = {}
        setattr(request, STATS_ATTRIBUTE, stats)
        response = self.get_response(request)
        header = cache_header(stats)
        if header is not None:
            response["X-Cache"] = header
        if request.method not in ("GET", "HEAD"):
            return response
        if not is_shareable(request, response):
            if response.status_code == 200 and not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if not response.has_header("Cache-Control"):
            patch_cache_control(
                # Browsers revalidate every time (a 304 costs no body); shared caches
                # (CDN) keep the answer for HTTP_CACHE_MAX_AGE seconds.
                response, public=True, max_age=0, s_maxage=settings.HTTP_CACHE_MAX_AGE,
                stale_while_revalidate=settings.HTTP_CACHE_STALE_WHILE_REVALIDATE,
            )
        # The same URL answers differently to a signed-in visitor or an app with a token.
        patch_vary_headers(response, ("Cookie", "Authorization"))
        if not response.has_header("ETag"):
            digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            response["ETag"] = f'"{digest}"'
        return get_conditional_response(request, etag=response["ETag"], response=response)
