"""Running a GraphQL operation: one path for the HTTP endpoint and the storefront's
in-process calls, so both get the same parse cache, limits and executor options."""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    OperationDefinitionNode,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)

from .api import schema
from .core.limits import check_limits

logger = logging.getLogger("backend.graphql")

# Per-request state kept on the context (the request): dataloaders and the rows they
# handed out. Each operation starts without it, as a separate HTTP request would.
_CONTEXT_STATE = ("_dataloaders", "_seen")


def _never_awaitable(value: Any) -> bool:
    # Resolvers here are synchronous; skipping the awaitable probe on every field value
    # saves a tenth of the execution time of a large listing.
    return False


@lru_cache(maxsize=512)
def parse_and_validate(query: str) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
    """Clients send the same few documents over and over: parse and check each once."""
    try:
        document = parse(query)
    except GraphQLError as error:
        return None, (error,)
    return document, tuple(validate(schema.graphql_schema, document, specified_rules))


def operation_of(
    document: DocumentNode, operation_name: str | None
) -> OperationDefinitionNode | None:
    return get_operation_ast(document, operation_name)


def execute_operation(
    context: Any,
    query: str,
    variables: dict[str, Any] | None = None,
    operation_name: str | None = None,
    document: DocumentNode | None = None,
) -> ExecutionResult:
    """Validate (cached), check the limits (they depend on the variables), execute.

    A mutation runs in one transaction: all of it or nothing.
    """
    if document is None:
        document, errors = parse_and_validate(query)
        if errors:
            return ExecutionResult(data=None, errors=list(errors))
    variables = variables if isinstance(variables, dict) else {}
    operation = operation_of(document, operation_name)
    is_query = operation is not None and operation.operation == OperationType.QUERY
    cache_key = _response_cache_key(context, query, variables, operation_name) if is_query else None
    if cache_key is not None:
        data = cache.get(cache_key)
        if data is not None:
            return ExecutionResult(data=data)  # this document and variables passed the limits
    limit_errors = check_limits(document, variables)
    if limit_errors:
        return ExecutionResult(data=None, errors=limit_errors)
    for key in _CONTEXT_STATE:
        getattr(context, "__dict__", {}).pop(key, None)
    options = {
        "context_value": context,
        "variable_values": variables,
        "operation_name": operation_name,
        "is_awaitable": _never_awaitable,
    }
    try:
        if operation is not None and operation.operation == OperationType.MUTATION:
            with transaction.atomic():
                return execute(schema.graphql_schema, document, **options)
        result = execute(schema.graphql_schema, document, **options)
    except Exception as error:  # noqa: BLE001 - reported as a GraphQL error, not a 500
        logger.exception("GraphQL execution failed")
        return ExecutionResult(errors=[GraphQLError("Internal Server Error", original_error=error)])
    if cache_key is not None and not result.errors:
        cache.set(cache_key, result.data, settings.GRAPHQL_RESPONSE_CACHE_SECONDS)
    return result


def _response_cache_key(
    context: Any, query: str, variables: dict, operation_name: str | None
) -> str | None:
    """Anonymous reads are the same for everyone until the catalog changes: key them by
    the document, the variables and the catalog's version (None: do not cache)."""
    if settings.GRAPHQL_RESPONSE_CACHE_SECONDS <= 0:
        return None
    user = getattr(context, "user", None)
    if user is not None and user.is_authenticated:
        return None  # staff may see what shoppers do not
    from backend.search.api import catalog_version

    version = catalog_version()
    if version is None:
        return None
    # Image URLs are absolute, so the host is part of the answer.
    origin = f"{context.scheme}://{context.get_host()}" if hasattr(context, "get_host") else ""
    raw = json.dumps(
        [query, variables, operation_name, version, origin], sort_keys=True, default=str
    )
    return "gql:" + hashlib.sha256(raw.encode()).hexdigest()
