from __future__ import annotations

from django.conf import settings
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView as _Base
from graphql import GraphQLError, specified_rules

from .core.dataloaders import ExecutionContext
from .core.limits import LimitsRule, set_variables


@method_decorator(csrf_exempt, name="dispatch")
class GraphQLView(_Base):
    """The API endpoint: batched dataloaders, request limits, no 500 for a client's mistake."""

    graphiql = True
    execution_context_class = ExecutionContext
    validation_rules = (*specified_rules, LimitsRule)

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        set_variables(variables if isinstance(variables, dict) else {})
        return super().execute_graphql_request(
            request, data, query, variables, operation_name, show_graphiql
        )

    @staticmethod
    def format_error(error):
        formatted = _Base.format_error(error)
        original = getattr(error, "original_error", None)
        if original is not None and not isinstance(original, GraphQLError) and not settings.DEBUG:
            # An unexpected failure: do not leak internals to clients (it is logged).
            import logging

            logging.getLogger("backend.graphql").error("GraphQL resolver failed", exc_info=original)
            formatted["message"] = "Internal Server Error"
        return formatted
