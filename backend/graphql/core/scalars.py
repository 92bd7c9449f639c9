"""Saleor's scalars used by checkout and payments: JSON (any JSON value) and
PositiveDecimal (amounts; whole đồng here)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import graphene
from graphql import GraphQLError
from graphql.language import ast


class JSON(graphene.Scalar):
    """Any JSON value."""

    @staticmethod
    def serialize(value):
        return value

    @staticmethod
    def parse_value(value):
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        from graphql import value_from_ast_untyped

        return value_from_ast_untyped(node, _variables)


class PositiveDecimal(graphene.Scalar):
    """A non-negative amount."""

    @staticmethod
    def serialize(value):
        return float(value)

    @staticmethod
    def parse_value(value):
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise GraphQLError(f"{value!r} is not a decimal number.") from None
        if not number.is_finite() or number < 0 or number > Decimal(10**15):
            raise GraphQLError("Amount must be between 0 and 10^15.")
        return number

    @classmethod
    def parse_literal(cls, node, _variables=None):
        if isinstance(node, ast.IntValueNode | ast.FloatValueNode | ast.StringValueNode):
            return cls.parse_value(node.value)
        raise GraphQLError("PositiveDecimal must be a number.")
