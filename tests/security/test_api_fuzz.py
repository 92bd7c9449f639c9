"""Issue 8, "Done when": at least 10,000 generated malformed GraphQL requests against a
small real catalog: no server error, no traceback logged, no partial write, bounded
memory. Seeded and deterministic; prints the counts per class and the memory peak.

Classes: random edits of valid documents, variables of the wrong type, huge numbers,
odd Unicode (NUL, lone surrogates, joiners, very long text), deep nesting (variables and
documents), wrong content types, broken JSON bodies, GET requests, mutation attempts
(anonymous, signed-in without rights, staff with malformed arguments) and storefront
URLs with crafted parameters."""

from __future__ import annotations

import json
import logging
import random
import resource
import time

import pytest
from django.test import Client

from storefront_theme import queries

from .api_support import (
    Tally,
    api_catalog_fixture,  # noqa: F401 - a fixture
    row_counts,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_catalog")]

SEED = 8
PER_CLASS = 1200

SMALL = [
    'query($c: String, $n: Int, $a: String) { products(channel: $c, first: $n, after: $a) { totalCount edges { cursor node { name slug } } } }',  # noqa: E501
    'query($f: ProductFilterInput, $s: String) { products(first: 5, filter: $f, search: $s) { edges { node { slug } } } }',  # noqa: E501
    'query($w: ProductWhereInput) { products(first: 3, where: $w) { totalCount } }',
    'query($id: ID, $slug: String) { product(id: $id, slug: $slug) { name ocop { star } } }',
    'query($t: String!) { productSuggestions(search: $t, first: 4) { text kind } }',
    'query($code: String) { ocopCertifications(productCode: $code) { certification { star } } }',  # noqa: E501
    'query($n: Int, $a: String) { categories(first: $n, after: $a) { edges { node { slug children(first: 2) { totalCount } } } } }',  # noqa: E501
    'query($s: String) { producers(first: 3, filter: {search: $s}) { edges { node { slug products(first: 2) { totalCount } } } } }',  # noqa: E501
    'query($l: Int) { ocopProductGroups(level: $l) { code } ocopRegions { name } }',
    'query($s: String!) { attribute(slug: $s) { name choices(first: 3) { edges { node { slug } } } } }',  # noqa: E501
]
DOCUMENTS = SMALL + [queries.LISTING, queries.PRODUCT, queries.CATEGORY, queries.SHOP]
MUTATION = ('mutation($c: String!, $d: Boolean, $f: ImportFormat) { ocopProductsImport('
            'content: $c, dryRun: $d, format: $f) { count applied errors { code } } }')
ODD_TEXT = [
    "\u0000", "a\u0000b", "\ud800", "\udfff\ud800", "\u200b\u200d", "\u202eabc", "🧧🍜" * 50,
    "e\u0301" * 300, "\uffff", "\U0010ffff", "'; DROP TABLE catalog_product; --", "%00",
    "\\u0000", "a" * 5000, "nước mắm" * 40, " ", "", "\t\n\r", "\x7f\x80\x9f", "ℕ²³",
]
HUGE = [2**31, -(2**31) - 1, 2**63, 2**64, 10**40, 1e308, -1e308, 1e-300, 0.5, -0.0, 0, -1,
        99.0, 100.0, 101, 2**53 + 1, float("1e16")]
CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", "application/graphql",
                 "", "application/json; charset=latin-1", "application/jsonp",
                 "multipart/form-data; boundary=x", "text/html", "application/xml",
                 "APPLICATION/JSON"]


def _random_json(rng: random.Random, depth: int = 0):
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return rng.choice(HUGE)
    if kind == 1:
        return rng.choice(ODD_TEXT)
    if kind == 2:
        return rng.choice([True, False, None])
    if kind == 3:
        return "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(rng.randrange(30)))
    if kind == 4:
        return rng.randrange(-5, 200)
    if kind == 5:
        return rng.choice(["UHJvZHVjdDox", "Q2F0ZWdvcnk6MQ==", "vn", "4-sao", "NAME", "ASC"])
    if kind == 6:
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    keys = ["attributes", "slug", "values", "ids", "price", "gte", "lte", "AND", "OR",
            "search", "eq", "oneOf", "field", "direction", "stockAvailability", "value"]
    return {rng.choice(keys): _random_json(rng, depth + 1) for _ in range(rng.randrange(4))}


def _edit(rng: random.Random, text: str) -> str:
    """A random edit of a document: delete, insert punctuation, duplicate, swap."""
    for _ in range(rng.randrange(1, 4)):
        i = rng.randrange(len(text) + 1)
        j = min(len(text), i + rng.randrange(1, 12))
        op = rng.randrange(5)
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            piece = rng.choice(["{", "}", "(", ")", "$", '"', "\\", ":", "@", "...", "#",
                                "first: 1e400", "$n", "__typename", "\u0000", "\"\"\"", "!"])
            text = text[:i] + piece + text[i:]
        elif op == 2:
            text = text[:i] + text[i:j] * rng.randrange(2, 6) + text[j:]
        elif op == 3:
            text = text[:i] + text[j:] + text[i:j]
        else:
            text = text[:i] + rng.choice(ODD_TEXT)[:40] + text[i:]
    return text


def _variables_for(rng: random.Random, document: str) -> dict:
    names = {part.split(":")[0].strip("$ (") for part in document.split("$")[1:]}
    return {name: _random_json(rng) for name in names if name.isidentifier()}


def _deep(rng: random.Random) -> str:
    depth = rng.choice([25, 100, 999, 5000, 100_000])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    return '{"query": "query($f: ProductFilterInput) { products(first: 1, filter: $f) { totalCount } }", "variables": {"f": ' + opener * depth + "1" + closer * depth + "}}"  # noqa: E501


def _deep_document(rng: random.Random) -> dict:
    depth = rng.choice([13, 40, 300, 2000])
    if rng.random() < 0.5:
        return {"query": "{ categories(first: 1) { edges { node { " + "parent { " * depth
                + "name" + " }" * depth + " } } } }"}
    nested = "{AND: [" * depth + "{}" + "]}" * depth
    return {"query": "{ products(first: 1, where: " + nested + ") { totalCount } }"}


def _broken_json(rng: random.Random) -> bytes:
    body = json.dumps({"query": rng.choice(SMALL), "variables": {"n": 3}}).encode()
    choice = rng.randrange(6)
    if choice == 0:
        return body[: rng.randrange(len(body))]
    if choice == 1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
    if choice == 2:
        return body + b"garbage"
    if choice == 3:
        return body.replace(b"3", b"NaN").replace(b'"n"', b"n")
    if choice == 4:
        return b"\xff\xfe" + body
    return b"[" + body + b"," + body + b"]"


def _get(client: Client, path: str, params: dict):
    """GET with the parameters' bytes as sent (a lone surrogate as its raw UTF-8 bytes)."""
    return client.get(path, {k: v.encode("utf-8", "surrogatepass") for k, v in params.items()})


def _rss_kb() -> int:
    """The process's resident memory now (Linux), in kilobytes."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1])


class _ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < 20:
            self.records.append(record)


def test_ten_thousand_malformed_requests(capsys, django_user_model, settings):
    from django.conf import settings as dj

    rng = random.Random(SEED)
    tally = Tally()
    anonymous = Client(raise_request_exception=False)
    clerk = Client(raise_request_exception=False)
    clerk.force_login(django_user_model.objects.create_user("khach@example.vn", password="x"))
    staff = Client(raise_request_exception=False)
    staff.force_login(django_user_model.objects.create_superuser("quantri@example.vn", password="x"))
    errors = _ErrorCounter()
    logging.getLogger().addHandler(errors)
    logging.getLogger("django.request").setLevel(logging.ERROR)  # 4xx warnings: not counted
    assert dj.GRAPHQL_RESPONSE_CACHE_SECONDS == 0

    def post(kind: str, body, content_type: str = "application/json", client=anonymous):
        raw = body if isinstance(body, str | bytes) else json.dumps(body)
        tally.record(kind, client.post("/graphql/", raw, content_type=content_type))

    rss_before = _rss_kb()
    before = row_counts()
    started_cpu = time.process_time()
    try:
        for _ in range(PER_CLASS):
            document = rng.choice(DOCUMENTS)
            post("edited document", {"query": _edit(rng, document),
                                     "variables": _variables_for(rng, document)})
            document = rng.choice(SMALL)
            post("wrong variable types", {"query": document,
                                          "variables": _variables_for(rng, document)})
            value = rng.choice(HUGE)
            literal = json.dumps(value) if not isinstance(value, float) else repr(value)
            post("huge numbers", rng.choice([
                {"query": f"{{ products(first: {literal}) {{ totalCount }} }}"},
                {"query": f"{{ products(first: 2, filter: {{price: {{gte: {literal}}}}}) "
                          "{ totalCount } }"},
                {"query": SMALL[0], "variables": {"n": value, "c": "vn"}},
                {"query": SMALL[8], "variables": {"l": value}},
            ]))
            text = rng.choice(ODD_TEXT) * rng.choice([1, 1, 3, 500])
            document = rng.choice(SMALL)
            post("odd unicode", rng.choice([
                {"query": document, "variables": {k: text for k in
                                                  _variables_for(rng, document)}},
                {"query": '{ product(slug: ' + json.dumps(text) + ") { name } }"},
                {"query": "{ products(first: 2, search: " + json.dumps(text)[:3000]
                          + ") { totalCount } }"},
            ]))
            post("deep nesting", _deep(rng) if rng.random() < 0.5 else _deep_document(rng))
            post("wrong content type", json.dumps({"query": rng.choice(SMALL)}),
                 content_type=rng.choice(CONTENT_TYPES))
            post("broken JSON", _broken_json(rng))
            params = {"query": _edit(rng, rng.choice(SMALL)) if rng.random() < 0.5
                      else rng.choice([MUTATION, SMALL[3], "{", ""]),
                      "variables": rng.choice(["{x", "[]", json.dumps(_random_json(rng)), ""])}
            tally.record("GET", _get(anonymous, "/graphql/", params))
            client = rng.choice([anonymous, clerk, staff])
            variables = {"c": _random_json(rng), "d": _random_json(rng),
                         "f": rng.choice(["CSV", "XLSX", "JSON", 5, None])}
            if client is staff:  # staff: only arguments the schema refuses before running
                variables["c"] = rng.choice([5, None, ["x"], {"a": 1}, True, 1.5])
            post("mutation attempt", {"query": _edit(rng, MUTATION) if rng.random() < 0.3
                                      else MUTATION, "variables": variables}, client=client)
        for _ in range(PER_CLASS // 10):
            param = rng.choice(["q", "sau", "truoc", "vung", "tinh", "sao", "nhom", "gia",
                                "sap-xep", "con-hang"])
            value = rng.choice(ODD_TEXT)[:300] if rng.random() < 0.5 else str(_random_json(rng))
            path = rng.choice(["/tim-kiem/", "/danh-muc/thuc-pham/", "/kiem-tra-chung-nhan/",
                               "/goi-y/", "/nhom-san-pham/i-4-a/"])
            if path == "/kiem-tra-chung-nhan/":
                param = "ma"
            tally.record("storefront URL", _get(anonymous, path, {param: value}))
    finally:
        logging.getLogger().removeHandler(errors)
        logging.getLogger("django.request").setLevel(logging.NOTSET)
    cpu = time.process_time() - started_cpu
    rss_after = _rss_kb()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tally.report(capsys, "api fuzz (seed 8): per class")
    tried = sum(c["tried"] for c in tally.counts.values())
    with capsys.disabled():
        print(f"  total tried {tried}, refused cleanly {tally.total('refused')}, answered "
              f"{tally.total('answered')}, 5xx {tally.total('5xx')}, ERROR logs "
              f"{len(errors.records)}, CPU {cpu:.1f} s, RSS {rss_before / 1024:.0f} → "
              f"{rss_after / 1024:.0f} MB, peak RSS of the process {peak / 1024:.0f} MB")
    assert tried >= 10_000
    assert tally.total("5xx") == 0
    assert errors.records == [], [r.getMessage() for r in errors.records[:3]]
    assert row_counts() == before  # no mutation attempt wrote anything
    assert rss_after - rss_before < 100 * 1024  # kilobytes
