"""Saleor's official storefront's own checkout and order operations against our committed
SDL, read from the mirrored storefront repository when it is on this machine (skipped
otherwise; nothing of it is copied into the project).

The only errors allowed are the translation fields of issue 14
(`translation(languageCode:)`); anything else the storefront asks for must exist.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from graphql import (
    FragmentDefinitionNode,
    OperationDefinitionNode,
    build_schema,
    parse,
    print_ast,
    validate,
)

from .documents import only_used

SDL = Path(__file__).resolve().parents[2] / "backend" / "graphql" / "schema.graphql"
MIRROR = Path("/work/.mirror/saleor+storefront/repo")
ALLOWED = ("Cannot query field 'translation'",)


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(MIRROR), *args], capture_output=True, text=True,
                          check=True).stdout


def _operations() -> list[tuple[str, str]]:
    if not MIRROR.exists():
        return []
    files = [f for f in _git("ls-tree", "-r", "HEAD", "--name-only").split()
             if f.endswith(".graphql")]
    wanted = [f for f in files if f.startswith("src/checkout/graphql/") or (
        f.startswith("src/graphql/") and (f.split("/")[-1].startswith(("Checkout", "CurrentUserOrder"))
                                          or f.endswith("OrderByNumber.graphql")))]
    fragments: dict[str, str] = {}
    operations: list[tuple[str, str]] = []
    for name in files:
        if not name.startswith(("src/graphql/", "src/checkout/graphql/")):
            continue
        for definition in parse(_git("show", f"HEAD:{name}")).definitions:
            if isinstance(definition, FragmentDefinitionNode):
                fragments.setdefault(definition.name.value, print_ast(definition))
            elif isinstance(definition, OperationDefinitionNode) and name in wanted:
                operations.append((f"{name}:{definition.name.value}", print_ast(definition)))
    shared = "\n".join(fragments.values())
    return [(label, only_used(operation + "\n" + shared)) for label, operation in operations]


OPERATIONS = _operations()


@pytest.mark.skipif(not OPERATIONS, reason="Saleor's storefront is not mirrored here")
@pytest.mark.parametrize("label,document", OPERATIONS, ids=[label for label, _ in OPERATIONS])
def test_storefront_operation_validates(label, document):
    schema = build_schema(SDL.read_text(encoding="utf-8"))
    errors = [e.message for e in validate(schema, parse(document))
              if not e.message.startswith(ALLOWED)]
    assert errors == []
