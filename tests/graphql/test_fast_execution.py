"""The lean executor answers exactly as graphql-core's: same data, same errors at the same
paths, same null propagation, for the shapes it takes short cuts on and those it hands back."""

from __future__ import annotations

import graphene
import pytest
from graphql import execute, parse

from backend.graphql.fast_execution import FastExecutionContext


class Item(graphene.ObjectType):
    name = graphene.String()
    required = graphene.String(required=True)
    count = graphene.Int()
    broken = graphene.String()
    flag = graphene.Boolean(required=True)

    @staticmethod
    def resolve_broken(root, info):
        if root.get("explode"):
            raise ValueError(f"cannot read {root['name']}")
        return "fine"


class Kind(graphene.Enum):
    HONEY = "honey"
    TEA = "tea"


class Named(graphene.Interface):
    name = graphene.String()


class Shop(graphene.ObjectType):
    class Meta:
        interfaces = (Named,)

    items = graphene.List(graphene.NonNull(Item))
    loose = graphene.List(Item)
    first = graphene.Field(Item, index=graphene.Int(default_value=0))
    must = graphene.Field(Item, required=True)
    kind = graphene.Field(Kind)
    tags = graphene.List(graphene.String)
    page = graphene.List(Item, filter=graphene.JSONString())

    @staticmethod
    def resolve_first(root, info, index=0):
        return root["items"][index] if index < len(root["items"]) else None

    @staticmethod
    def resolve_must(root, info):
        return root.get("must")

    @staticmethod
    def resolve_page(root, info, filter=None):
        # Mutates its input: each call must get a fresh copy of the argument.
        filter = filter or {}
        seen = filter.setdefault("seen", [])
        seen.append(1)
        return [{"name": f"{len(seen)}", "required": "r", "flag": True}]


class Query(graphene.ObjectType):
    shops = graphene.List(Shop)
    named = graphene.List(Named)
    big = graphene.Int()

    @staticmethod
    def resolve_shops(root, info):
        return SHOPS

    @staticmethod
    def resolve_named(root, info):
        return [Shop(name=s["name"]) for s in SHOPS[:2]]

    @staticmethod
    def resolve_big(root, info):
        return 2**40  # Int refuses it: an error, not a wrong number


def _item(name, **extra):
    return {"name": name, "required": f"{name}!", "count": len(name), "flag": True, **extra}


SHOPS = [
    {"name": "Mật ong", "items": [_item("a"), _item("bb")], "must": _item("m"),
     "kind": "honey", "tags": ["x", None], "loose": [_item("l"), None]},
    {"name": "Trà", "items": [_item("c", explode=True), {"name": "no-required", "flag": True}],
     "must": None, "kind": "tea", "tags": None, "loose": None},
    {"name": "Rỗng", "items": [], "must": _item("n", flag=None), "kind": None, "tags": [],
     "loose": [None]},
]

DOCUMENTS = [
    "{ shops { name items { name required count broken flag } } }",
    "{ shops { name loose { name count broken } first { name } second: first(index: 1) { name } } }",
    "{ shops { must { name required flag } } }",
    "{ shops { kind tags } big }",
    "{ named { name ... on Shop { items { name } } __typename } }",
    "{ shops { name p1: page(filter: \"{\\\"a\\\": 1}\") { name } p2: page(filter: \"{\\\"a\\\": 1}\") { name } } }",
    "query Q($i: Int!) { shops { first(index: $i) { name broken } } }",
    "{ shops { items { ...F } } } fragment F on Item { name required @include(if: false) count }",
]


def _plain(result):
    return (
        result.data,
        sorted((e.message, tuple(e.path or ())) for e in result.errors or []),
    )


@pytest.mark.parametrize("document", DOCUMENTS)
def test_same_answer_as_graphql_core(document):
    schema = graphene.Schema(query=Query).graphql_schema
    ast = parse(document)
    variables = {"i": 1}
    stock = execute(schema, ast, variable_values=variables)
    lean = execute(schema, ast, variable_values=variables,
                   execution_context_class=FastExecutionContext)
    assert _plain(lean) == _plain(stock)


def test_errors_and_nulls_land_where_a_client_expects_them():
    schema = graphene.Schema(query=Query).graphql_schema
    result = execute(schema, parse(DOCUMENTS[0]), execution_context_class=FastExecutionContext)
    shops = result.data["shops"]
    assert shops[0]["items"][1] == {"name": "bb", "required": "bb!", "count": 2,
                                    "broken": "fine", "flag": True}
    # A non-null item field that is null takes its whole list (non-null items) with it.
    assert shops[1]["items"] is None
    assert shops[2]["items"] == []
    messages = {(e.message, tuple(e.path)) for e in result.errors}
    assert ("cannot read c", ("shops", 1, "items", 0, "broken")) in messages
    assert any(path == ("shops", 1, "items", 1, "required") for _, path in messages)
