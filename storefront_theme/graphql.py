"""Run the storefront's GraphQL documents in-process, exactly as the API would.

Pages get their data through the same schema, parse/validate cache, limits and executor
options as ``/graphql/``: if a page can show it, a mobile app can fetch it.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from graphql import GraphQLError

from backend.graphql.execution import execute_operation


class StorefrontGraphQLError(RuntimeError):
    """A storefront document failed: a bug in the page, never the shopper's doing."""

    def __init__(self, errors: list[GraphQLError]) -> None:
        self.errors = errors
        super().__init__("; ".join(error.message for error in errors))


def shopper_view(request: HttpRequest) -> HttpRequest:
    """The request as an anonymous shopper makes it. Pages (the home page among them) are
    cached and shared, so a signed-in staff member's rights must not shape them: they see
    what every visitor sees."""
    view = copy.copy(request)
    view.user = AnonymousUser()
    return view


def execute(
    request: HttpRequest, document: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Execute a catalog ``document`` as a shopper would (see ``shopper_view``); return data.

    Raises StorefrontGraphQLError on validation, limit or resolver errors.
    """
    return _run(shopper_view(request), document, variables)


def execute_personal(
    request: HttpRequest, document: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Execute ``document`` as the signed-in person (their account, their addresses):
    for pages that are private to them and never cached or shared."""
    return _run(request, document, variables)


def _run(context: HttpRequest, document: str, variables: dict[str, Any] | None) -> dict[str, Any]:
    result = execute_operation(context, document, variables or {})
    if result.errors:
        original = result.errors[0].original_error
        if original is not None and not isinstance(original, GraphQLError):
            # A resolver crashed: let Django's 500 handling see the real exception.
            raise original
        raise StorefrontGraphQLError(list(result.errors))
    return result.data or {}
