"""Saleor's ``TranslationErrorCode`` values, raised as ``ValidationError`` codes by the
translation editing rules so the API reports them as the enum and the portal shows the
message."""

from enum import Enum


class TranslationErrorCode(Enum):
    GRAPHQL_ERROR = "graphql_error"
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    REQUIRED = "required"
    UNIQUE = "unique"
