"""Errors in Saleor's shapes: validation problems are data ({field, code, message}) on a
mutation's payload; permission and lookup problems are top-level GraphQL errors."""

from __future__ import annotations

import graphene
from graphql import GraphQLError


class PermissionDenied(GraphQLError):
    def __init__(self, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
        super().__init__(message, extensions={"exception": {"code": "PermissionDenied"}})


class NotFound(GraphQLError):
    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"exception": {"code": "NotFound"}})


class InvalidArgument(GraphQLError):
    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"exception": {"code": "GraphQLError"}})


class Error(graphene.ObjectType):
    field = graphene.String(
        description="Name of the field that caused the error; null for the whole input."
    )
    code = graphene.String(required=True, description="Machine-readable error code.")
    message = graphene.String(description="What went wrong, in words a shop owner understands.")


def require_staff(info) -> None:
    user = getattr(info.context, "user", None)
    if not (user and user.is_authenticated and user.is_staff):
        raise PermissionDenied()
