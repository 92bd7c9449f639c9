"""The committed SDL is what clients and reviewers read; it must match the code."""

from pathlib import Path

from graphql import print_schema

from backend.graphql.api import schema

SDL = Path(__file__).resolve().parents[2] / "backend" / "graphql" / "schema.graphql"


def test_committed_sdl_matches_schema():
    expected = print_schema(schema.graphql_schema).strip()
    assert SDL.read_text(encoding="utf-8").strip() == expected, (
        "backend/graphql/schema.graphql is stale; regenerate it with "
        "`ocop graphql_schema --schema backend.graphql.api.schema --out backend/graphql/schema.graphql`"
    )


def test_saleor_storefront_names_are_kept():
    sdl = SDL.read_text(encoding="utf-8")
    for fragment in (
        "type ProductCountableConnection",
        "type ProductCountableEdge",
        "totalCount: Int",
        "input ProductOrder",
        "input ProductFilterInput",
        "input ProductWhereInput",
    ):
        assert fragment in sdl
