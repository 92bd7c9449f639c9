"""Reading a GraphQL request from HTTP: what is accepted and how it is bounded.

* ``POST application/json``: a JSON object ``{query, variables, operationName}``, the
  body read up to ``GRAPHQL_MAX_BODY_BYTES`` (``GRAPHQL_STAFF_MAX_BODY_BYTES`` for a
  signed-in staff member, whose imports travel in the body).
* ``POST multipart/form-data``: the GraphQL multipart request spec (``operations``,
  ``map`` and files), up to ``GRAPHQL_MAX_UPLOAD_BYTES``; the view requires a CSRF token
  or an ``Authorization`` header for it.
* ``GET``: ``?query=…&variables=…&operationName=…``, queries only.
* Automatic persisted queries (Apollo's protocol, ``persisted.py``): ``extensions=
  {"persistedQuery": {"version": 1, "sha256Hash": …}}`` in place of (or beside) the query,
  so apps can send short, cacheable GETs.

Anything else (form posts, ``text/plain``, ``application/graphql``, a JSON list, a
non-string query, numbers JSON cannot hold) is a ``RequestRefused`` with the HTTP status
to answer: a clean GraphQL error, never an exception further in.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError

JSON_TYPES = ("application/json",)
MULTIPART = "multipart/form-data"


class RequestRefused(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class PersistedQueryNotFound(Exception):
    """The client sent only a hash we do not hold: it must send the document once."""


_SHA256 = re.compile(r"[0-9a-f]{64}")


@dataclass
class GraphQLParams:
    query: str
    variables: dict[str, Any] = field(default_factory=dict)
    operation_name: str | None = None
    multipart: bool = False
    # The document's SHA-256 when the client persists it (keep it once it validates).
    persisted_hash: str | None = None


def _persisted_hash(extensions: Any) -> str | None:
    if isinstance(extensions, str) and extensions.strip():
        extensions = loads(extensions, "`extensions`")
    if not extensions:
        return None
    if not isinstance(extensions, dict):
        raise RequestRefused("`extensions` phải là một đối tượng JSON.")
    persisted = extensions.get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise RequestRefused("Unsupported persisted query version (only version 1).")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
        raise RequestRefused("`persistedQuery.sha256Hash` must be 64 lowercase hex digits.")
    return digest


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text[:20]}")
    return value


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def loads(text: str | bytes, what: str) -> Any:
    """Strict JSON: UTF-8, finite numbers, no NaN/Infinity, no nesting bomb."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return json.loads(text, parse_float=_finite_float, parse_constant=_no_constants)
    except UnicodeDecodeError as exc:
        raise RequestRefused(f"{what} không phải văn bản UTF-8.") from exc
    except RecursionError as exc:
        raise RequestRefused(f"{what} lồng nhau quá sâu.") from exc
    except ValueError as exc:
        raise RequestRefused(f"{what} không phải JSON hợp lệ ({str(exc)[:80]}).") from exc


def _body_limit(request: HttpRequest) -> int:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return settings.GRAPHQL_STAFF_MAX_BODY_BYTES
    return settings.GRAPHQL_MAX_BODY_BYTES


def _content_length(request: HttpRequest, limit: int) -> int:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError as exc:
        raise RequestRefused("Content-Length không hợp lệ.") from exc
    if length > limit:
        raise _too_large(limit)
    return length


def _too_large(limit: int) -> RequestRefused:
    return RequestRefused(
        f"Request body exceeds maximum size ({limit // 1024} KB).", status=413
    )


def read_body(request: HttpRequest, limit: int) -> bytes:
    """The body, read from the stream without ever holding more than ``limit`` bytes."""
    _content_length(request, limit)
    data = request.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    request._body = data  # later readers (CSRF, logging) see it too
    return data


def _params(data: Any, multipart: bool = False) -> GraphQLParams:
    if not isinstance(data, dict):
        raise RequestRefused(
            "Thân yêu cầu phải là một đối tượng JSON {\"query\": …}; không hỗ trợ gửi "
            "nhiều thao tác trong một danh sách."
        )
    persisted_hash = _persisted_hash(data.get("extensions"))
    query = data.get("query")
    if persisted_hash is not None and query in (None, ""):
        from .persisted import lookup

        query = lookup(persisted_hash)
        if query is None:
            raise PersistedQueryNotFound
        persisted_hash = None  # already kept
    elif persisted_hash is not None and isinstance(query, str):
        if hashlib.sha256(query.encode("utf-8", "surrogatepass")).hexdigest() != persisted_hash:
            raise RequestRefused("provided sha does not match query")
    if not isinstance(query, str) or not query.strip():
        raise RequestRefused("Must provide a query string.")
    variables = data.get("variables")
    if isinstance(variables, str) and variables.strip():
        variables = loads(variables, "`variables`")
    if variables in (None, ""):
        variables = {}
    if not isinstance(variables, dict):
        raise RequestRefused("`variables` phải là một đối tượng JSON.")
    operation_name = data.get("operationName") or None
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestRefused("`operationName` phải là một chuỗi.")
    return GraphQLParams(query, variables, operation_name, multipart, persisted_hash)


def _place_files(variables: dict, mapping: Any, files) -> None:
    """Put each uploaded file where ``map`` says (``"variables.file"``, ``"variables.files.0"``)."""
    if not isinstance(mapping, dict):
        raise RequestRefused("`map` phải là một đối tượng JSON.")
    for key, paths in mapping.items():
        if key not in files or not isinstance(paths, list):
            raise RequestRefused(f"`map` nhắc tới tệp {key!r:.40} không có trong yêu cầu.")
        for path in paths:
            parts = path.split(".") if isinstance(path, str) else []
            if len(parts) < 2 or parts[0] != "variables":
                raise RequestRefused(f"Đường dẫn {path!r:.60} trong `map` không hợp lệ.")
            target: Any = variables
            for i, part in enumerate(parts[1:], start=1):
                last = i == len(parts) - 1
                index: Any = int(part) if part.isascii() and part.isdigit() else part
                try:
                    if last:
                        target[index] = files[key]
                    else:
                        target = target[index]
                except (KeyError, IndexError, TypeError) as exc:
                    raise RequestRefused(
                        f"Đường dẫn {path!r:.60} trong `map` không trỏ tới một biến."
                    ) from exc


def multipart_params(request: HttpRequest) -> GraphQLParams:
    _content_length(request, settings.GRAPHQL_MAX_UPLOAD_BYTES)
    try:
        form, files = request.POST, request.FILES
    except (MultiPartParserError, SuspiciousOperation) as exc:
        raise RequestRefused("Nội dung multipart không hợp lệ.") from exc
    params = _params(loads(form.get("operations", ""), "`operations`"), multipart=True)
    _place_files(params.variables, loads(form.get("map") or "{}", "`map`"), files)
    return params


def get_params(request: HttpRequest) -> GraphQLParams:
    data = {key: request.GET.get(key)
            for key in ("query", "variables", "operationName", "extensions")}
    return _params(data)


def post_params(request: HttpRequest) -> GraphQLParams:
    content_type = request.content_type
    if content_type in JSON_TYPES:
        return _params(loads(read_body(request, _body_limit(request)), "Thân yêu cầu"))
    if content_type == MULTIPART:
        return multipart_params(request)
    raise RequestRefused(
        "GraphQL chỉ nhận POST dạng application/json (hoặc multipart/form-data để tải "
        f"tệp lên); nhận được {content_type or 'không có Content-Type'!s:.60}.",
        status=415,
    )
