"""Request limits in Saleor's spirit: query cost, depth, aliases, mutations per request,
and a bound of their own for introspection.

Cost: every selected field costs the product of the page sizes (``first``/``last``, as
coerced, so a variable's default or a float cannot hide one) of the connections above
it; resolving a connection costs ``GRAPHQL_CONNECTION_COST`` more per parent it is
resolved under (a nested connection runs once per parent node), and a few fields cost
what their SQL does (``FIELD_COSTS``). A page of 100 products with 50 fields costs about
5,000; 400 producers each with ``products(first: 5)`` cost 8,000 for the connections.

Introspection (``__schema``, ``__type``) is exempt from the data depth limit, which the
standard introspection query exceeds, and has its own: a depth, a field budget and at
most ``MAX_INTROSPECTION_LISTS`` nested ``fields``/``inputFields``/``interfaces``/
``possibleTypes`` (each multiplies the answer by the number of types).

The walk stops as soon as the cost budget is spent, so a document whose fragments expand
exponentially costs no more to check than an allowed one.
"""

from __future__ import annotations

from django.conf import settings
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    get_named_type,
)
from graphql.execution.values import get_argument_values

from .inputs import InputError, check_argument_values

FIELD_COSTS = {
    "Query.productFacets": 2000,  # one scan of every matching document
    "Query.productSuggestions": 20,
    "Query.didYouMean": 20,
    "ProductFacets.didYouMean": 20,
}
INTROSPECTION_LISTS = frozenset({"fields", "inputFields", "interfaces", "possibleTypes"})
MAX_INTROSPECTION_LISTS = 3
# Field nodes visited with fragments expanded: a document's fragments may spread each
# other twice per level, so this bounds the walk itself.
MAX_SELECTIONS = 10_000


class _Exceeded(Exception):
    """The cost budget is spent: stop walking."""


class _TooDeep(Exception):
    """A data field nests deeper than the depth limit: stop walking."""


class _Walker:
    def __init__(self, schema: GraphQLSchema, fragments: dict, variables: dict) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.max_cost = settings.GRAPHQL_QUERY_MAX_COMPLEXITY
        self.cost = 0
        self.introspection_fields = 0
        self.visits = 0
        self.errors: list[GraphQLError] = []

    def add(self, cost: int) -> None:
        self.cost += cost
        if self.cost > self.max_cost:
            raise _Exceeded

    # -- data fields ---------------------------------------------------------------------

    def selections(self, selection_set, parent, seen: frozenset = frozenset()):
        """Yields (field node, parent type) of a selection set, fragments expanded."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield selection, parent
                continue
            if isinstance(selection, InlineFragmentNode):
                inner, inner_seen = selection.selection_set, seen
                condition = selection.type_condition
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                inner, inner_seen = fragment.selection_set, seen | {name}
                condition = fragment.type_condition
            else:  # pragma: no cover - the grammar has no other selection
                continue
            typed = self.schema.get_type(condition.name.value) if condition else parent
            yield from self.selections(inner, typed or parent, inner_seen)

    def walk(self, selection_set, parent, multiplier: int, depth: int) -> None:
        if selection_set is None:
            return
        for node, parent_type in self.selections(selection_set, parent):
            name = node.name.value
            if name.startswith("__"):
                if name != "__typename":
                    self.introspect(node, 1, 0)
                continue
            if depth > settings.GRAPHQL_MAX_DEPTH:
                raise _TooDeep(depth)
            self.field(node, parent_type, multiplier, depth)

    def field(self, node: FieldNode, parent, multiplier: int, depth: int) -> None:
        self.visits += 1
        if self.visits > MAX_SELECTIONS:
            raise GraphQLError(
                f"The query selects more than {MAX_SELECTIONS} fields (fragments expanded)."
            )
        fields = getattr(parent, "fields", None) or {}
        field_def = fields.get(node.name.value)
        if field_def is None:  # validation reports unknown fields
            return
        key = f"{parent.name}.{node.name.value}"
        arguments = get_argument_values(field_def, node, self.variables)
        check_argument_values(key, field_def, arguments)
        self.add(multiplier * FIELD_COSTS.get(key, 1))
        inner = multiplier
        if "first" in field_def.args or "last" in field_def.args:
            page = arguments.get("first") or arguments.get("last") or 1
            inner = multiplier * max(int(page), 1)
            if "after" in field_def.args:  # a connection: one listing per parent
                self.add(multiplier * settings.GRAPHQL_CONNECTION_COST)
        named = get_named_type(field_def.type)
        if isinstance(named, GraphQLObjectType) or hasattr(named, "fields"):
            self.walk(node.selection_set, named, inner, depth + 1)

    # -- introspection -------------------------------------------------------------------

    def introspect(self, node: FieldNode, depth: int, lists: int) -> None:
        name = node.name.value
        self.introspection_fields += 1
        if self.introspection_fields > settings.GRAPHQL_MAX_INTROSPECTION_FIELDS:
            raise GraphQLError(
                "The introspection query selects more than "
                f"{settings.GRAPHQL_MAX_INTROSPECTION_FIELDS} fields."
            )
        if depth > settings.GRAPHQL_MAX_INTROSPECTION_DEPTH:
            raise GraphQLError(
                "The introspection query exceeds the maximum depth of "
                f"{settings.GRAPHQL_MAX_INTROSPECTION_DEPTH}."
            )
        if name in INTROSPECTION_LISTS:
            lists += 1
            if lists > MAX_INTROSPECTION_LISTS:
                raise GraphQLError(
                    f"The introspection query nests `{name}` more than "
                    f"{MAX_INTROSPECTION_LISTS} levels deep."
                )
        if node.selection_set is None:
            return
        for child, _ in self.selections(node.selection_set, None):
            self.introspect(child, depth + 1, lists)


def _root_type(schema: GraphQLSchema, operation: OperationDefinitionNode):
    return {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]


def check_limits(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: dict,
) -> list[GraphQLError]:
    """The limit and input errors of ``operation`` run with (coerced) ``variables``.

    A plain walk of the operation with the schema's field definitions: no validation
    pass, so it costs well under a millisecond for a storefront page.
    """
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walker = _Walker(schema, fragments, variables)
    errors: list[GraphQLError] = []
    if operation.operation == OperationType.MUTATION:
        count = len(operation.selection_set.selections)
        if count > settings.GRAPHQL_MAX_MUTATIONS:
            errors.append(GraphQLError(
                f"The query exceeds the limit of {settings.GRAPHQL_MAX_MUTATIONS} "
                f"mutations per request ({count} requested)."
            ))
    aliases = sum(_count_aliases(d) for d in document.definitions)
    if aliases > settings.GRAPHQL_MAX_ALIASES:
        errors.append(GraphQLError(
            f"The query exceeds the limit of {settings.GRAPHQL_MAX_ALIASES} aliases "
            f"({aliases} used)."
        ))
    if errors:
        return errors
    try:
        walker.walk(operation.selection_set, _root_type(schema, operation), 1, 1)
    except _Exceeded:
        return [GraphQLError(
            f"The query exceeds the maximum cost of {walker.max_cost}. "
            f"Actual cost is more than {walker.max_cost}. Request fewer fields or smaller pages."
        )]
    except _TooDeep as deep:
        return [GraphQLError(
            f"The query exceeds the maximum depth of {settings.GRAPHQL_MAX_DEPTH} "
            f"(actual depth {deep.args[0]} or more)."
        )]
    except (InputError, GraphQLError) as error:
        return [error]
    return []


def _count_aliases(node) -> int:
    total = 0
    pending = [getattr(node, "selection_set", None)]
    while pending:
        selection_set = pending.pop()
        if selection_set is None:
            continue
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode) and selection.alias is not None:
                total += 1
            pending.append(getattr(selection, "selection_set", None))
    return total
