"""Developer script (not run in CI): validate Saleor storefront's own GraphQL documents
against our committed SDL and print the ratio that validates.

    .venv/bin/python tests/compat/validate_storefront.py PATH [--all]

PATH is a checkout of the storefront (its ``src/graphql/*.graphql`` are read) or a bare git
repository of it (read with ``git show HEAD:…``). By default only the catalog and content
operations (issue 14) are counted; ``--all`` counts every operation (checkout, account, …).
Nothing is copied: the documents are read where they are.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graphql import build_schema, parse, validate
from graphql.language import FragmentDefinitionNode, OperationDefinitionNode

ROOT = Path(__file__).resolve().parents[2]
SDL = ROOT / "backend" / "graphql" / "schema.graphql"
CATALOG_OPERATIONS = {
    "ProductList", "ProductListPaginated", "ProductListByCategory", "ProductListByCollection",
    "ProductDetails", "ProductVariantsForPdp", "ProductVariantForPdp", "SearchProducts",
    "CategoriesBySlug", "ChannelsList", "MenuGetBySlug", "PageGetBySlug",
    "StorefrontContentPages",
}


def read_documents(path: Path) -> dict[str, str]:
    """name → text of every ``src/graphql/*.graphql`` (checkout or bare repository)."""
    if (path / "src" / "graphql").is_dir():
        return {p.name: p.read_text() for p in sorted((path / "src" / "graphql").glob("*.graphql"))}
    names = subprocess.run(
        ["git", "-C", str(path), "ls-tree", "--name-only", "HEAD", "src/graphql/"],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    return {
        Path(n).name: subprocess.run(
            ["git", "-C", str(path), "show", f"HEAD:{n}"], check=True, capture_output=True,
            text=True,
        ).stdout
        for n in names if n.endswith(".graphql")
    }


def reachable(node, fragments: dict) -> list:
    """The fragments ``node`` spreads, directly or through other fragments."""
    from graphql.language import FragmentSpreadNode, Visitor, visit

    found: dict[str, object] = {}
    pending = [node]
    names: list[str] = []

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_):
            names.append(spread.name.value)

    while pending:
        names.clear()
        visit(pending.pop(), Spreads())
        for name in list(names):
            if name not in found and name in fragments:
                found[name] = fragments[name]
                pending.append(fragments[name])
    return list(found.values())


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 2
    path = Path(argv[0])
    count_all = "--all" in argv
    if not path.exists():
        print(f"no storefront checkout at {path}: nothing to validate")
        return 0
    schema = build_schema(SDL.read_text())
    fragments, operations = {}, {}
    for text in read_documents(path).values():
        for definition in parse(text).definitions:
            if isinstance(definition, FragmentDefinitionNode):
                fragments[definition.name.value] = definition
            elif isinstance(definition, OperationDefinitionNode) and definition.name:
                operations[definition.name.value] = definition
    from graphql.language import DocumentNode

    passed, total = 0, 0
    for name, operation in sorted(operations.items()):
        if not count_all and name not in CATALOG_OPERATIONS:
            continue
        total += 1
        # Each operation with every fragment it can reach.
        document = DocumentNode(definitions=[operation, *reachable(operation, fragments)])
        errors = [e for e in validate(schema, document) if "is never used" not in e.message]
        if errors:
            print(f"FAIL {name}")
            for error in errors[:8]:
                print(f"     {error.message}")
        else:
            passed += 1
            print(f"ok   {name}")
    ratio = passed / total if total else 0.0
    print(f"{passed}/{total} storefront operations validate ({ratio:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
