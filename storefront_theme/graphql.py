"""Run the storefront's GraphQL documents in-process, exactly as the API would.

Pages get their data through the same schema, parse/validate cache, limits and executor
options as ``/graphql/``: if a page can show it, a mobile app can fetch it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from graphql import GraphQLError, validate
from graphql import execute as graphql_execute

from backend.graphql.api import schema
from backend.graphql.core.limits import LimitsRule, set_variables
from backend.graphql.views import _never_awaitable, _parse_and_validate

# Per-request state the API keeps on its context (the request): dataloaders and the
# objects they have handed out. Each storefront operation is its own API request, so it
# starts with none of them, as a separate HTTP request would.
_CONTEXT_STATE = ("_dataloaders", "_seen")


class StorefrontGraphQLError(RuntimeError):
    """A storefront document failed: a bug in the page, never the shopper's doing."""

    def __init__(self, errors: list[GraphQLError]) -> None:
        self.errors = errors
        super().__init__("; ".join(error.message for error in errors))


def execute(request: HttpRequest, document: str, variables: dict[str, Any] | None = None
            ) -> dict[str, Any]:
    """Execute ``document`` against the API schema with ``request`` as context; return data.

    Raises StorefrontGraphQLError on validation, limit or resolver errors.
    """
    graphql_schema = schema.graphql_schema
    variables = variables or {}
    parsed, errors = _parse_and_validate(graphql_schema, document)
    if errors:
        raise StorefrontGraphQLError(list(errors))
    set_variables(variables)
    limit_errors = validate(graphql_schema, parsed, [LimitsRule])
    if limit_errors:
        raise StorefrontGraphQLError(limit_errors)
    for key in _CONTEXT_STATE:
        request.__dict__.pop(key, None)
    result = graphql_execute(
        graphql_schema,
        parsed,
        context_value=request,
        variable_values=variables,
        is_awaitable=_never_awaitable,
    )
    if result.errors:
        original = result.errors[0].original_error
        if original is not None and not isinstance(original, GraphQLError):
            # A resolver crashed: let Django's 500 handling see the real exception.
            raise original
        raise StorefrontGraphQLError(list(result.errors))
    return result.data or {}
