"""Saleor's mutation shape: a payload with typed ``errors`` ({field, code, message});
validation problems are data, permission problems are top-level GraphQL errors.

A mutation subclasses ``BaseMutation`` (or a domain base built on it), implements
``perform_mutation`` and raises Django's ``ValidationError`` keyed by input field; the
keys come back in camelCase and the codes as the domain's error-code enum.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from graphene.utils.str_converters import to_camel_case


def validation_error_fields(
    error: ValidationError, codes: type[Enum], default_code: Enum
) -> list[dict[str, Any]]:
    """[{field, code, message}] for every message in ``error``; unknown codes become
    ``default_code`` (a Django validator's "max_length" is the domain's INVALID)."""
    known = {member.value: member for member in codes}
    items: list[tuple[str | None, ValidationError]] = []
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = None if field == NON_FIELD_ERRORS else to_camel_case(field)
            items += [(name, e) for e in errors]
    else:
        items = [(None, e) for e in error.error_list]
    return [
        {"field": field, "code": known.get(e.code, default_code),
         "message": " ".join(e.messages)}
        for field, e in items
    ]


class BaseMutation(graphene.Mutation):
    """Turns a ``ValidationError`` raised by ``perform_mutation`` into the payload's errors.

    Subclasses set ``error_type`` (the GraphQL error object), ``error_codes`` (the domain's
    Python enum) and declare ``errors`` (and Saleor's deprecated alias, if any).
    """

    error_type: type[graphene.ObjectType]
    error_codes: type[Enum]
    default_error_code: Enum
    # Saleor keeps a deprecated per-domain alias of `errors` (``accountErrors`` …).
    errors_alias: str | None = None

    class Meta:
        abstract = True

    @classmethod
    def perform_mutation(cls, root, info, **data) -> BaseMutation:
        raise NotImplementedError

    @classmethod
    def mutate(cls, root, info, **data) -> BaseMutation:
        try:
            payload = cls.perform_mutation(root, info, **data)
        except ValidationError as error:
            payload = cls.error_payload(error)
        cls._set_alias(payload)
        return payload

    @classmethod
    def error_payload(cls, error: ValidationError) -> BaseMutation:
        errors = [cls.error_type(**e) for e in
                  validation_error_fields(error, cls.error_codes, cls.default_error_code)]
        return cls(errors=errors)

    @classmethod
    def _set_alias(cls, payload: BaseMutation) -> None:
        if getattr(payload, "errors", None) is None:
            payload.errors = []
        if cls.errors_alias:
            setattr(payload, cls.errors_alias, payload.errors)
