"""The API endpoint ``/graphql/``: request parsing and limits (requests.py), CSRF for
what a cookie may authorise, CORS (cors.py), and no 500 for a client's mistake.

CSRF: Django's middleware is told to skip this view, and the view decides instead.
A JSON body cannot be posted cross-site without a CORS preflight, and form posts are
refused outright, but a mutation carried by a session cookie still needs the CSRF token
(``X-CSRFToken``), as does every multipart upload unless an ``Authorization`` header
authenticates it. Requests authenticated by a header (``Authorization: Bearer …``) and
not by the session are not forgeable by another site and need no token.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView as _Base
from graphql import ExecutionResult, GraphQLError, OperationType

from . import persisted
from .cors import add_cors_headers, preflight
from .execution import TIMEOUT_CODE, execute_operation, prepare
from .requests import (
    GraphQLParams,
    PersistedQueryNotFound,
    RequestRefused,
    get_params,
    post_params,
)

logger = logging.getLogger("backend.graphql")


class _CsrfCheck(CsrfViewMiddleware):
    """Django's CSRF check, answering with the reason instead of a 403 page."""

    def _reject(self, request, reason):
        return reason


def csrf_failure(request: HttpRequest) -> str | None:
    """Why the request's CSRF token (or Origin) is not acceptable, or None."""
    return _CsrfCheck(lambda r: None).process_view(request, None, (), {})


def _header_authenticated(request: HttpRequest) -> bool:
    return bool(request.META.get("HTTP_AUTHORIZATION"))


def _session_authenticated(request: HttpRequest) -> bool:
    """Whether the session cookie is what signed the user in (an Authorization header
    beside it changes nothing: a page of an allowed origin could add one)."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if not (user and user.is_authenticated and session is not None):
        return False
    return session.get(SESSION_KEY) == str(user.pk)


@method_decorator(csrf_exempt, name="dispatch")
class GraphQLView(_Base):
    """Saleor's endpoint conventions; GraphiQL for a browser that asks for HTML."""

    graphiql = True

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            return preflight(request)
        if request.method == "GET" and self.graphiql and self.can_display_graphiql(request, {}):
            return add_cors_headers(request, super().dispatch(request, *args, **kwargs))
        try:
            response = self._respond(request)
        except RequestRefused as refused:
            response = self._error_response(refused.message, refused.status)
        except PersistedQueryNotFound:
            # 200, as Apollo clients expect, so they send the document next.
            response = self._json({"errors": [persisted.NOT_FOUND]}, 200)
        return add_cors_headers(request, response)

    def _respond(self, request: HttpRequest) -> HttpResponse:
        if request.method == "GET":
            params = get_params(request)
        elif request.method == "POST":
            params = post_params(request)
        else:
            response = self._error_response("GraphQL only supports GET and POST requests.", 405)
            response["Allow"] = "GET, POST, OPTIONS"
            return response
        document, operation, errors = prepare(params.query, params.operation_name)
        if errors:
            return self._result_response(request, ExecutionResult(data=None, errors=errors))
        if params.persisted_hash is not None:
            persisted.keep(params.persisted_hash, params.query)
        if operation.operation != OperationType.QUERY:
            if request.method == "GET":
                response = self._error_response("Mutations must be sent with POST.", 405)
                response["Allow"] = "POST"
                return response
            self._check_csrf(request, params)
        elif params.multipart:
            self._check_csrf(request, params)
        result = execute_operation(
            request, params.query, params.variables, params.operation_name,
            prepared=(document, operation),
        )
        return self._result_response(request, result)

    @staticmethod
    def _check_csrf(request: HttpRequest, params: GraphQLParams) -> None:
        """Uploads need a token or a header; a cookie session's mutations need a token."""
        needs_token = _session_authenticated(request) or (
            params.multipart and not _header_authenticated(request)
        )
        if needs_token:
            reason = csrf_failure(request)
            if reason is not None:
                raise RequestRefused(
                    "Yêu cầu thay đổi dữ liệu bằng phiên đăng nhập (cookie) phải kèm mã CSRF "
                    f"(tiêu đề X-CSRFToken) hoặc dùng tiêu đề Authorization. ({reason})",
                    status=403,
                )

    def _result_response(self, request: HttpRequest, result: ExecutionResult) -> HttpResponse:
        body: dict = {}
        status = 200
        if result.errors:
            body["errors"] = [self.format_error(e) for e in result.errors]
            unplaced = [e for e in result.errors if not getattr(e, "path", None)]
            if unplaced:  # refused before execution: no data at all
                codes = {((e.extensions or {}).get("exception") or {}).get("code")
                         for e in unplaced}
                status = 503 if TIMEOUT_CODE in codes else 400
        if status == 200:
            body["data"] = result.data
        return self._json(body, status)

    def _error_response(self, message: str, status: int) -> HttpResponse:
        return self._json({"errors": [{"message": message}]}, status)

    @staticmethod
    def _json(body: dict, status: int) -> HttpResponse:
        return HttpResponse(
            json.dumps(body, separators=(",", ":")), status=status,
            content_type="application/json",
        )

    @staticmethod
    def format_error(error):
        formatted = _Base.format_error(error)
        original = getattr(error, "original_error", None)
        if original is not None and not isinstance(original, GraphQLError) and not settings.DEBUG:
            # An unexpected failure: do not leak internals to clients (it is logged).
            logger.error("GraphQL resolver failed", exc_info=original)
            formatted["message"] = "Internal Server Error"
        return formatted
