"""``Upload``: a file sent by the GraphQL multipart request spec (``operations``, ``map``
and the files; see ``requests.multipart_params``). The request handler puts each uploaded
file where ``map`` says, so the variable's value is Django's ``UploadedFile``; an Upload
cannot be written inline in a query."""

from __future__ import annotations

import graphene
from graphql import GraphQLError


class Upload(graphene.Scalar):
    """Variables of this type are files sent by the GraphQL multipart request spec."""

    @staticmethod
    def serialize(value):
        return None

    @staticmethod
    def parse_value(value):
        if not hasattr(value, "read"):
            raise GraphQLError(
                "Upload phải là một tệp gửi kèm theo chuẩn GraphQL multipart request "
                "(operations, map và tệp)."
            )
        return value

    @staticmethod
    def parse_literal(node, _variables=None):
        raise GraphQLError("Upload không viết trực tiếp trong truy vấn; hãy gửi tệp qua biến.")
