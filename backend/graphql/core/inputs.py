"""What a client may send as input, checked once before anything runs.

Two passes, one place each:

* ``check_variables`` reads the raw JSON variables against their declared types: nesting
  and size are bounded (a 100,000-deep object is refused, not recursed into) and an
  ``Int`` must be a JSON integer (``{"first": 100.0}`` no longer slips past the cost
  limit as a float).
* ``check_argument_values`` reads every argument after coercion, literal or variable:
  no NUL character in any text (PostgreSQL refuses it), text and lists within their caps
  (search texts and filter lists are small), every number finite.

Resolvers then see only values the database can take.
"""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from graphql import (
    GraphQLEnumType,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    OperationDefinitionNode,
    type_from_ast,
)
from graphql.type import GraphQLSchema

# Free text that reaches full-text or trigram search: short, as a shopper types it.
SEARCH_FIELD_NAMES = frozenset({"search"})
# Lists with their own cap (default GRAPHQL_MAX_INPUT_LIST_LENGTH): each attribute entry
# adds a condition to the listing's SQL; AND/OR nest whole filters.
LIST_CAPS = {
    "ProductFilterInput.attributes": 20,
    "ProductWhereInput.attributes": 20,
    "ProductWhereInput.AND": 10,
    "ProductWhereInput.OR": 10,
}
# Arguments that carry a whole document and check their own size (None: no text cap).
LONG_TEXT = {"Mutation.ocopProductsImport.content": None}


class InputError(GraphQLError):
    """A client's input refused before execution (HTTP 400, nothing ran)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"exception": {"code": "GraphQLError"}})


def text_problem(value: str) -> str | None:
    """Why PostgreSQL could not take ``value`` as text (a NUL, a lone surrogate), or None.

    The one check of client text: arguments here, cursors in connection.py.
    """
    if "\x00" in value:
        return "chứa ký tự NUL (\\0), không được phép"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "chứa ký tự Unicode không hợp lệ"
    return None


# --------------------------------------------------------------------------- raw variables


def _json_shape_error(value: Any) -> str | None:
    """Why ``value`` (decoded JSON) is too deep or too big to look at, or None."""
    max_depth = settings.GRAPHQL_MAX_INPUT_DEPTH
    budget = settings.GRAPHQL_MAX_VARIABLE_VALUES
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth >= max_depth:
                return f"các biến lồng nhau quá {max_depth} cấp"
            budget -= len(item)
            if budget < 0:
                return f"các biến có quá {settings.GRAPHQL_MAX_VARIABLE_VALUES} giá trị"
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return None


def _strict_ints(value: Any, type_: GraphQLInputType, path: str) -> str | None:
    """Where a JSON value declared ``Int`` is not a JSON integer (100.0, "5", true)."""
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if value is None:
        return None
    if isinstance(type_, GraphQLList):
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            problem = _strict_ints(item, type_.of_type, f"{path}[{i}]")
            if problem:
                return problem
        return None
    if isinstance(type_, GraphQLInputObjectType) and isinstance(value, dict):
        for name, field in type_.fields.items():
            if name in value:
                problem = _strict_ints(value[name], field.type, f"{path}.{name}")
                if problem:
                    return problem
        return None
    if getattr(type_, "name", None) == "Int" and (
        not isinstance(value, int) or isinstance(value, bool)
    ):
        return f"`{path}` phải là số nguyên (Int), nhận được {value!r:.40}"
    return None


def check_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode, variables: dict
) -> list[GraphQLError]:
    """Errors in the raw variables: shape first (cheap, bounded), then Int strictness."""
    problem = _json_shape_error(variables)
    if problem:
        return [InputError(f"Yêu cầu bị từ chối: {problem}.")]
    for definition in operation.variable_definitions or ():
        name = definition.variable.name.value
        type_ = type_from_ast(schema, definition.type)
        if type_ is not None and name in variables:
            problem = _strict_ints(variables[name], type_, f"${name}")
            if problem:
                return [InputError(f"Biến không hợp lệ: {problem}.")]
    return []


# --------------------------------------------------------------------------- coerced arguments


def _text_cap(key: str, name: str) -> int | None:
    if key in LONG_TEXT:
        return LONG_TEXT[key]
    if name in SEARCH_FIELD_NAMES:
        return settings.GRAPHQL_MAX_SEARCH_LENGTH
    return settings.GRAPHQL_MAX_STRING_LENGTH


def _check_value(
    value: Any, type_: GraphQLInputType, key: str, name: str, shown: str, depth: int = 0
) -> None:
    """Raise InputError if the coerced ``value`` of ``type_`` breaks a cap.

    ``key`` names the schema position ("ProductFilterInput.attributes"), ``shown`` the
    argument as the client wrote it ("filter.attributes[3].values").
    """
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if value is None:
        return
    if depth > settings.GRAPHQL_MAX_INPUT_DEPTH:
        raise InputError(f"`{shown[:80]}…` lồng nhau quá {settings.GRAPHQL_MAX_INPUT_DEPTH} cấp.")
    if isinstance(type_, GraphQLList):
        cap = LIST_CAPS.get(key, settings.GRAPHQL_MAX_INPUT_LIST_LENGTH)
        if len(value) > cap:
            raise InputError(
                f"`{shown}` có {len(value)} phần tử; tối đa {cap}. Hãy thu hẹp bộ lọc."
            )
        for i, item in enumerate(value):
            _check_value(item, type_.of_type, key, name, f"{shown}[{i}]", depth + 1)
        return
    if isinstance(type_, GraphQLInputObjectType):
        for field_name, field in type_.fields.items():
            inner = value.get(field.out_name or field_name, None)
            _check_value(inner, field.type, f"{type_.name}.{field_name}", field_name,
                         f"{shown}.{field_name}", depth + 1)
        return
    if isinstance(type_, GraphQLEnumType) or not isinstance(type_, GraphQLScalarType):
        return
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise InputError(f"`{shown}` {problem}.")
        cap = _text_cap(key, name)
        if cap is not None and len(value) > cap:
            raise InputError(f"`{shown}` dài {len(value)} ký tự; tối đa {cap} ký tự.")
    elif isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"`{shown}` phải là một số hữu hạn.")


def check_argument_values(field_key: str, field_def, arguments: dict) -> None:
    """Check the coerced ``arguments`` of the field ``field_key`` ("Query.products")."""
    for name, arg in field_def.args.items():
        value = arguments.get(arg.out_name or name)
        _check_value(value, arg.type, f"{field_key}.{name}", name, name)
