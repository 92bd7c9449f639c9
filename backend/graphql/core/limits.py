"""Request limits in Saleor's spirit: query cost, depth, aliases and mutations per request.

Cost: every selected field costs one, multiplied by the page sizes (``first``/``last``)
of the connections above it; a page of 100 products with 50 fields each costs 5,000.
"""

from __future__ import annotations

from django.conf import settings
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    VariableNode,
)


def _page_size(node: FieldNode, variables: dict) -> int:
    for arg in node.arguments or []:
        if arg.name.value in ("first", "last"):
            if isinstance(arg.value, IntValueNode):
                return max(int(arg.value.value), 1)
            if isinstance(arg.value, VariableNode):
                value = variables.get(arg.value.name.value)
                if isinstance(value, int):
                    return max(value, 1)
    return 1


class _Walker:
    def __init__(self, fragments: dict, variables: dict) -> None:
        self.fragments = fragments
        self.variables = variables

    def walk(self, selection_set, multiplier: int, depth: int, seen: frozenset = frozenset()):
        """Yields (cost, depth) contributions of each selected field."""
        if selection_set is None:
            return
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield multiplier, depth
                inner = multiplier * _page_size(selection, self.variables)
                yield from self.walk(selection.selection_set, inner, depth + 1, seen)
            elif isinstance(selection, InlineFragmentNode):
                yield from self.walk(selection.selection_set, multiplier, depth, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    yield from self.walk(fragment.selection_set, multiplier, depth, seen | {name})


def check_limits(document: DocumentNode, variables: dict | None) -> list[GraphQLError]:
    """The limit errors of ``document`` run with ``variables`` (page sizes count in cost).

    A plain walk of the operation: unlike a validation rule it needs no type information,
    so it costs microseconds on every request.
    """
    errors: list[GraphQLError] = []
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walker = _Walker(fragments, variables or {})
    aliases = 0
    for definition in document.definitions:
        aliases += _count_aliases(definition)
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if definition.operation.value == "mutation":
            count = len(definition.selection_set.selections)
            if count > settings.GRAPHQL_MAX_MUTATIONS:
                errors.append(
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
            errors.append(
                GraphQLError(
                    f"The query exceeds the maximum cost of {max_cost}. "
                    f"Actual cost is {cost}. Request fewer fields or smaller pages."
                )
            )
        if depth > settings.GRAPHQL_MAX_DEPTH:
            errors.append(
                GraphQLError(
                    f"The query exceeds the maximum depth of {settings.GRAPHQL_MAX_DEPTH} "
                    f"(actual depth {depth})."
                )
            )
    if aliases > settings.GRAPHQL_MAX_ALIASES:
        errors.append(
            GraphQLError(
                f"The query exceeds the limit of {settings.GRAPHQL_MAX_ALIASES} aliases "
                f"({aliases} used)."
            )
        )
    return errors


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
