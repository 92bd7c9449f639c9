"""Running a GraphQL operation: one path for the HTTP endpoint and the storefront's
in-process calls, so both get the same parse cache, limits and executor options.

Order of work, cheapest refusal first: document length and tokens (parsing.py), the
raw variables' shape and Int strictness, variable coercion, the limits walk with every
argument's value checked (core/limits.py, core/inputs.py), then execution under a
PostgreSQL ``statement_timeout``.

Mutations follow Saleor's contract: the root mutation fields of a request run one after
another, each in its own transaction. A mutation that raises leaves nothing behind; one
that succeeds stays saved even if a later one in the same request fails; one that
returns errors in its payload has refused before writing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    execute,
    get_operation_ast,
)
from graphql.execution.values import get_variable_values

from backend.core.db_routing import reads_from_replica, replica_eligible
from backend.core.http_cache import note_cache
from backend.search.scope import operation_scope

from . import response_cache
from .api import schema
from .core.inputs import check_variables
from .core.limits import check_limits
from .core.parsing import parse_and_validate
from .fast_execution import FastExecutionContext

logger = logging.getLogger("backend.graphql")

# Per-request state kept on the context (the request): dataloaders, the rows they
# handed out, nested connections read in batches. Each operation starts without it, as
# a separate HTTP request would.
_CONTEXT_STATE = ("_dataloaders", "_seen", "_batched_connections")
QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for statement_timeout
TIMEOUT_CODE = "QUERY_TIMEOUT"


def _never_awaitable(value: Any) -> bool:
    # Resolvers here are synchronous; skipping the awaitable probe on every field value
    # saves a tenth of the execution time of a large listing.
    return False


def operation_of(
    document: DocumentNode, operation_name: str | None
) -> OperationDefinitionNode | None:
    return get_operation_ast(document, operation_name)


def prepare(query: str, operation_name: str | None):
    """(document, operation, errors) for ``query``: parsed, validated, one operation."""
    document, errors = parse_and_validate(schema.graphql_schema, query)
    if errors:
        return None, None, errors
    operation = operation_of(document, operation_name)
    if operation is None:
        message = (
            f"Unknown operation named '{operation_name}'." if operation_name
            else "Must provide operation name if query contains multiple operations."
        )
        return None, None, [GraphQLError(message)]
    return document, operation, []


class MutationTransaction:
    """Executor middleware: each root mutation field in its own transaction."""

    def resolve(self, next_, root, info, **args):
        if info.parent_type is not info.schema.mutation_type:
            return next_(root, info, **args)
        with transaction.atomic():
            return next_(root, info, **args)


@contextmanager
def statement_timeout(milliseconds: int, alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """PostgreSQL cancels any statement of the block that runs longer (0: no limit)."""
    if milliseconds <= 0:
        yield
        return
    conn = connections[alias]
    with conn.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{milliseconds}ms"])
    conn.ocop_statement_timeout_ms = milliseconds
    try:
        yield
    finally:
        conn.ocop_statement_timeout_ms = 0
        try:
            with conn.cursor() as cursor:
                cursor.execute("RESET statement_timeout")
        except DatabaseError:
            # Inside a failed transaction: its rollback undoes the SET as well.
            pass


@contextmanager
def _read_target(context: Any, operation: OperationDefinitionNode, timeout: int) -> Iterator[None]:
    """Catalog queries of anonymous visitors read from a replica, when there is one, under
    the same statement timeout (backend/core/db_routing.py decides)."""
    if operation.operation != OperationType.QUERY or not replica_eligible(
        root_fields(operation), getattr(context, "user", None)
    ):
        yield
        return
    with reads_from_replica() as alias:
        if alias is None:
            yield
        else:
            with statement_timeout(timeout, alias):
                yield


def root_fields(operation: OperationDefinitionNode) -> set[str]:
    """The operation's root field names; a fragment at the root makes it unknown (empty)."""
    names = set()
    for selection in operation.selection_set.selections:
        if not isinstance(selection, FieldNode):
            return set()
        names.add(selection.name.value)
    return names


def _is_timeout(error: GraphQLError) -> bool:
    original = error.original_error
    cause = getattr(original, "__cause__", None)
    return getattr(cause, "sqlstate", None) == QUERY_CANCELED


def _timeout_error(error: GraphQLError | None, milliseconds: int | None = None) -> GraphQLError:
    """The clean error for a statement PostgreSQL cancelled (at ``error``'s field)."""
    if milliseconds is None:
        milliseconds = _current_timeout()
    path = error.path if error is not None else None
    logger.warning("GraphQL statement cancelled after %s ms at %s", milliseconds, path)
    return GraphQLError(
        f"Yêu cầu chạy quá {milliseconds / 1000:g} giây nên đã bị dừng; hãy thu hẹp bộ "
        "lọc hoặc lấy ít bản ghi hơn.",
        nodes=error.nodes if error is not None else None, path=path,
        extensions={"exception": {"code": TIMEOUT_CODE}},
    )


def _current_timeout() -> int:
    return getattr(connection, "ocop_statement_timeout_ms", 0)


def execute_operation(
    context: Any,
    query: str,
    variables: dict[str, Any] | None = None,
    operation_name: str | None = None,
    prepared: tuple[DocumentNode, OperationDefinitionNode] | None = None,
) -> ExecutionResult:
    """Check everything a client sent, then execute; errors before execution come back
    as an ExecutionResult without data (HTTP 400). ``prepared``: the result of
    ``prepare(query, operation_name)`` when the caller has it already."""
    if prepared is None:
        document, operation, errors = prepare(query, operation_name)
        if errors:
            return ExecutionResult(data=None, errors=errors)
    else:
        document, operation = prepared
    variables = variables if isinstance(variables, dict) else {}
    errors = check_variables(schema.graphql_schema, operation, variables)
    if errors:
        return ExecutionResult(data=None, errors=errors)
    coerced = get_variable_values(
        schema.graphql_schema, operation.variable_definitions or [], variables, max_errors=5
    )
    if isinstance(coerced, list):
        return ExecutionResult(data=None, errors=coerced)
    timeout = (
        settings.GRAPHQL_MUTATION_STATEMENT_TIMEOUT_MS
        if operation.operation == OperationType.MUTATION
        else settings.GRAPHQL_STATEMENT_TIMEOUT_MS
    )
    with statement_timeout(timeout), _read_target(context, operation, timeout):
        try:
            return _checked_and_executed(
                context, query, document, operation, variables, operation_name, coerced
            )
        except DatabaseError as error:  # outside a resolver: the response cache's lookup
            if getattr(error.__cause__, "sqlstate", None) != QUERY_CANCELED:
                raise
            return ExecutionResult(data=None, errors=[_timeout_error(None, timeout)])


def _checked_and_executed(
    context, query, document, operation, variables, operation_name, coerced
) -> ExecutionResult:
    is_query = operation.operation == OperationType.QUERY
    # Catalog answers are cached with what they depend on, read before they are computed
    # (response_cache.py): stock changes and orders invalidate nothing, edits only what
    # they touch.
    plan = (
        response_cache.plan(context, query, variables, operation_name, operation, document)
        if is_query else None
    )
    deps = response_cache.dependencies(plan) if plan is not None else None
    if deps is not None:
        stored = cache.get(plan.key)
        if stored is not None and stored["deps"] == deps:
            note_cache(context, "hit")
            # This document and variables passed the limits when it was stored.
            return ExecutionResult(data=response_cache.patched(stored))
        note_cache(context, "miss" if stored is None else "stale")
    elif is_query:
        note_cache(context, "bypass")
    errors = check_limits(schema.graphql_schema, document, operation, coerced)
    if errors:
        return ExecutionResult(data=None, errors=errors)
    result = run(context, document, operation, variables, operation_name)
    if deps is not None and not result.errors:
        stored = response_cache.entry(deps, result.data, plan)
        if stored is not None:
            cache.set(plan.key, stored, plan.seconds)
    return result


def run(
    context: Any,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict,
    operation_name: str | None,
    graphql_schema: GraphQLSchema | None = None,
) -> ExecutionResult:
    """Execute a checked operation (root mutation fields one transaction each); a
    cancelled statement becomes a clean error at its field."""
    for key in _CONTEXT_STATE:
        getattr(context, "__dict__", {}).pop(key, None)
    is_mutation = operation.operation == OperationType.MUTATION
    # A query's listings, totals and facets ask the search domain the same things once
    # (is anything waiting for reindexing, the parsed text); mutations change them.
    with nullcontext() if is_mutation else operation_scope():
        result = execute(
            graphql_schema or schema.graphql_schema,
            document,
            context_value=context,
            variable_values=variables,
            operation_name=operation_name,
            is_awaitable=_never_awaitable,
            middleware=[MutationTransaction()] if is_mutation else None,
            execution_context_class=FastExecutionContext,
        )
    if result.errors:
        result.errors = [_timeout_error(e) if _is_timeout(e) else e for e in result.errors]
    return result
