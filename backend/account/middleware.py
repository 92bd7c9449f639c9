"""JWTs on the API: ``Authorization: Bearer <token>`` (or Saleor's ``Authorization-Bearer``
header) signs a request to /graphql/ in as the token's user; a refresh token a mutation
issued goes back as the http-only ``refreshToken`` cookie.

Web pages keep Django's session; a token never opens a page or the admin. A bad token
makes the request anonymous and leaves the reason on ``request.jwt_error``, which the
resolvers that need a user report (as Saleor does), so public queries still answer.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from . import jwt_tokens

_PREFIXES = ("bearer", "jwt")


def token_from_request(request: HttpRequest) -> str | None:
    token = request.META.get("HTTP_AUTHORIZATION_BEARER")
    if token:
        return token.strip()
    parts = request.META.get("HTTP_AUTHORIZATION", "").split(maxsplit=1)
    if len(parts) == 2 and parts[0].lower() in _PREFIXES:
        return parts[1].strip()
    return None


def _user_from_token(request: HttpRequest, token: str):
    try:
        return jwt_tokens.user_from_access_token(token)
    except jwt_tokens.TokenError as error:
        request.jwt_error = error
        return AnonymousUser()


def jwt_authentication_middleware(get_response: Callable) -> Callable:
    api_path = None

    def middleware(request: HttpRequest) -> HttpResponse:
        nonlocal api_path
        api_path = api_path or reverse("graphql")
        token = token_from_request(request) if request.path_info == api_path else None
        if token:
            request.jwt_error = None
            request.user = SimpleLazyObject(lambda: _user_from_token(request, token))
            # The token is the credential: no session cookie takes part in this request.
            request._dont_enforce_csrf_checks = True
        return get_response(request)

    return middleware


def jwt_refresh_token_cookie_middleware(get_response: Callable) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        token = getattr(request, "refresh_token", None)
        if token:
            secure = not settings.DEBUG
            response.set_cookie(
                jwt_tokens.REFRESH_COOKIE,
                token,
                expires=datetime.datetime.now(tz=datetime.UTC)
                + datetime.timedelta(seconds=settings.JWT_TTL_REFRESH),
                httponly=True,
                secure=secure,
                # A storefront on another origin sends it only with SameSite=None (HTTPS).
                samesite="None" if secure else "Lax",
                path=reverse("graphql"),
            )
        return response

    return middleware
