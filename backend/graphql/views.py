from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView as _Base
from graphene_django.views import HttpError
from graphql import ExecutionResult, GraphQLError, OperationType

from .execution import execute_operation, operation_of, parse_and_validate

logger = logging.getLogger("backend.graphql")


@method_decorator(csrf_exempt, name="dispatch")
class GraphQLView(_Base):
    """The API endpoint: request limits, cached document parsing, no 500 for a client's mistake."""

    graphiql = True

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        document, errors = parse_and_validate(query)
        if errors:
            return ExecutionResult(data=None, errors=list(errors))
        operation = operation_of(document, operation_name)
        if (
            request.method.lower() == "get"
            and operation is not None
            and operation.operation != OperationType.QUERY
        ):
            if show_graphiql:
                return None
            raise HttpError(HttpResponseNotAllowed(["POST"], "Mutations must be sent with POST."))
        return execute_operation(request, query, variables, operation_name, document=document)

    @staticmethod
    def format_error(error):
        formatted = _Base.format_error(error)
        original = getattr(error, "original_error", None)
        if original is not None and not isinstance(original, GraphQLError) and not settings.DEBUG:
            # An unexpected failure: do not leak internals to clients (it is logged).
            logger.error("GraphQL resolver failed", exc_info=original)
            formatted["message"] = "Internal Server Error"
        return formatted
