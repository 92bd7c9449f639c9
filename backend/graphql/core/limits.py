"""Request limits in Saleor's spirit: query cost, depth, aliases and mutations per request.

Cost: every selected field costs one, multiplied by the page sizes (``first``/``last``)
of the connections above it; a page of 100 products with 50 fields each costs 5,000.
"""

from __future__ import annotations

import threading

from django.conf import settings
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    ValidationRule,
    VariableNode,
)

_local = threading.local()


def set_variables(variables: dict | None) -> None:
    _local.variables = variables or {}


def _page_size(node: FieldNode) -> int:
    for arg in node.arguments or []:
        if arg.name.value in ("first", "last"):
            if isinstance(arg.value, IntValueNode):
                return max(int(arg.value.value), 1)
            if isinstance(arg.value, VariableNode):
                value = getattr(_local, "variables", {}).get(arg.value.name.value)
                if isinstance(value, int):
                    return max(value, 1)
    return 1


class _Walker:
    def __init__(self, fragments: dict) -> None:
        self.fragments = fragments

    def walk(self, selection_set, multiplier: int, depth: int, seen: frozenset = frozenset()):
        """Yields (cost, depth) contributions of each selected field."""
        if selection_set is None:
            return
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield multiplier, depth
                yield from self.walk(
                    selection.selection_set, multiplier * _page_size(selection), depth + 1, seen
                )
            elif isinstance(selection, InlineFragmentNode):
                yield from self.walk(selection.selection_set, multiplier, depth, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    yield from self.walk(fragment.selection_set, multiplier, depth, seen | {name})


class LimitsRule(ValidationRule):
    def enter_document(self, node, *args):
        fragments = {
            d.name.value: d
            for d in node.definitions
            if d.__class__.__name__ == "FragmentDefinitionNode"
        }
        walker = _Walker(fragments)
        aliases = 0
        for definition in node.definitions:
            aliases += _count_aliases(definition)
            if not isinstance(definition, OperationDefinitionNode):
                continue
            if definition.operation.value == "mutation":
                count = len(definition.selection_set.selections)
                if count > settings.GRAPHQL_MAX_MUTATIONS:
                    self.report_error(
                        GraphQLError(
                            f"The query exceeds the limit of {settings.GRAPHQL_MAX_MUTATIONS} "
                            f"mutations per request ({count} requested)."
                        )
                    )
            cost, depth = 0, 0
            for c, d in walker.walk(definition.selection_set, 1, 1):
                cost += c
                depth = max(depth, d)
            max_cost = settings.GRAPHQL_QUERY_MAX_COMPLEXITY
            if cost > max_cost:
                self.report_error(
                    GraphQLError(
                        f"The query exceeds the maximum cost of {max_cost}. "
                        f"Actual cost is {cost}. Request fewer fields or smaller pages."
                    )
                )
            if depth > settings.GRAPHQL_MAX_DEPTH:
                self.report_error(
                    GraphQLError(
                        f"The query exceeds the maximum depth of {settings.GRAPHQL_MAX_DEPTH} "
                        f"(actual depth {depth})."
                    )
                )
        if aliases > settings.GRAPHQL_MAX_ALIASES:
            self.report_error(
                GraphQLError(
                    f"The query exceeds the limit of {settings.GRAPHQL_MAX_ALIASES} aliases "
                    f"({aliases} used)."
                )
            )
        return self.SKIP


def _count_aliases(node) -> int:
    total = 0
    selection_set = getattr(node, "selection_set", None)
    if selection_set is None:
        return 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode) and selection.alias is not None:
            total += 1
        total += _count_aliases(selection)
    return total
