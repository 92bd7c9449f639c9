"""GraphQL Code Generator loads our schema by introspection: the same query it sends
(graphql-core's standard one with every option on), over HTTP, builds a client schema
that has the Saleor types issue 14 added."""

from __future__ import annotations

from graphql import build_client_schema, get_introspection_query


def test_codegen_introspection_builds_a_client_schema(gql):
    query = get_introspection_query(
        descriptions=True, specified_by_url=True, directive_is_repeatable=True,
        schema_description=True, input_value_deprecation=True,
    )
    schema = build_client_schema(gql(query)["data"])
    assert {"EN", "VI", "EN_US"} <= set(schema.type_map["LanguageCodeEnum"].values)
    assert set(schema.type_map["ThumbnailFormatEnum"].values) == {"ORIGINAL", "AVIF", "WEBP"}
    assigned = schema.type_map["AssignedAttribute"]
    implementations = {t.name for t in schema.get_possible_types(assigned)}
    assert {"AssignedBooleanAttribute", "AssignedSingleChoiceAttribute",
            "AssignedMultiChoiceAttribute", "AssignedPlainTextAttribute"} <= implementations
    query_fields = schema.query_type.fields
    for name in ("productVariant", "productVariants", "collection", "collections", "page",
                 "pages", "menu", "channels"):
        assert name in query_fields, name
    product = schema.type_map["Product"].fields
    assert product["attributes"].deprecation_reason  # deprecated, still there
    assert "languageCode" in product["translation"].args
