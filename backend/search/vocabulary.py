"""The catalog's vocabulary: distinct folded words and two-word phrases with their
commonest spelling. pg_trgm over this small table gives typo tolerance, "did you mean" and
search-as-you-type completions without a trigram scan over products.

It lives in PostgreSQL whichever search backend is configured.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import product as cartesian

from django.db import connection, transaction

from backend.core.bulk import copy_into

from .documents import DocumentData
from .models import SearchWord
from .text import exact_words, folded_words

MAX_WORD = 120
_LOAD = "search_word_load"
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 200_000
# (spelling, is_phrase) → its vocabulary key, or False when it is not kept.
_KEYS: dict[tuple[str, bool], tuple[str, bool] | bool] = {}
# Texts up to this length (producer names) are split into words once per tally.
_SHORT_TEXT = 200
# pg_trgm similarity needed to take a phrase or a word as what was meant.
PHRASE_SIMILARITY = 0.45
WORD_SIMILARITY = 0.4
MAX_ALTERNATIVES = 3


def _key(pair: tuple[str, bool]) -> tuple[str, bool] | bool:
    """(folded, is_phrase) of a spelling, or False for one that is not kept (nothing left
    once folded, or too long); remembered in ``_KEYS``."""
    exact, is_phrase = pair
    if is_phrase:
        # Two NFC words joined by a space fold word by word (cached) to the same.
        a, b = exact.split(" ")
        folded = " ".join(part for part in (_Tally._fold(a), _Tally._fold(b)) if part)
    else:
        folded = _Tally._fold(exact)
    key = (folded, is_phrase) if folded and len(exact) <= MAX_WORD else False
    if len(_KEYS) >= _FOLDED_MAX:
        _KEYS.clear()
    _KEYS[pair] = key
    return key


class _Tally:
    def __init__(self) -> None:
        self.forms: dict[tuple[str, bool], Counter] = defaultdict(Counter)
        self.docs: Counter = Counter()
        self._words: dict[str, list[tuple[str, bool]]] = {}

    @staticmethod
    def _fold(exact: str) -> str:
        # Folding is the costly part and a catalog has few distinct words: fold each once
        # per process (batches of one import share most of their words), within a bound.
        folded = _FOLDED.get(exact)
        if folded is None:
            if len(_FOLDED) >= _FOLDED_MAX:
                _FOLDED.clear()
            folded = _FOLDED[exact] = " ".join(folded_words(exact))
        return folded

    def add(self, name: str, other_texts: Iterable[str] = ()) -> None:
        name_exact = exact_words(name)
        pairs = [(w, False) for w in name_exact]
        pairs += [(f"{a} {b}", True) for a, b in zip(name_exact, name_exact[1:], strict=False)]
        words = self._words
        for text in other_texts:
            if not text:
                continue
            # Producer names repeat from product to product: split each once.
            found = words.get(text)
            if found is None:
                found = [(w, False) for w in exact_words(text)]
                if len(text) <= _SHORT_TEXT:
                    words[text] = found
            pairs += found
        seen: set[tuple[str, bool]] = set()
        forms, docs = self.forms, self.docs
        # Each distinct spelling once, with how often it occurs (descriptions repeat words).
        for pair, n in Counter(pairs).items():
            key = _KEYS.get(pair)
            if key is None:
                key = _key(pair)
            if not key:
                continue
            forms[key][pair[0]] += n
            if key not in seen:
                seen.add(key)
                docs[key] += 1

    def tuples(self) -> list[tuple[str, str, bool, int]]:
        """(folded, commonest spelling, is_phrase, doc_count) per word or phrase."""
        return [
            (folded, forms.most_common(1)[0][0], is_phrase, self.docs[(folded, is_phrase)])
            for (folded, is_phrase), forms in self.forms.items()
        ]

    def rows(self) -> list[SearchWord]:
        return [
            SearchWord(folded=folded, exact=exact, is_phrase=is_phrase, doc_count=count)
            for folded, exact, is_phrase, count in self.tuples()
        ]


def _visible_anywhere():
    """Products a visitor may see in some channel (the catalog's one rule)."""
    from django.db.models import Q

    from backend.catalog.models import Product
    from backend.channel.models import Channel

    visible = Q(pk__in=[])
    for channel_id in Channel.objects.values_list("pk", flat=True):
        visible |= Q(pk__in=Product.objects.visible_in(channel_id).values("pk"))
    return visible


def _among(qs, product_ids: Iterable[int]):
    # One array parameter, not an IN list of thousands of placeholders.
    table = qs.model._meta.db_table
    return qs.extra(where=[f'"{table}"."id" = ANY(%s)'], params=[list(product_ids)])


def _texts(qs, chunk: int = 5000):
    """(name, description, producer) per product, then (name, other texts, "") per
    translation of it: English words are the catalog's words too, so "honey" is known,
    not corrected into a Vietnamese word."""
    from itertools import islice

    from backend.translation.services import search_texts

    rows = qs.values_list("pk", "name", "description_plaintext", "producer__name").iterator(
        chunk_size=chunk
    )
    while batch := list(islice(rows, chunk)):
        translated = search_texts("product", [row[0] for row in batch])
        for pk, name, description, producer in batch:
            yield name, description, producer
            for other_name, other_text in translated.get(pk, ()):
                yield other_name, other_text, ""


def _visible_texts(product_ids: Iterable[int] | None = None):
    from backend.catalog.models import Product

    # Words only of products a visitor may see: a hidden product's name is no suggestion.
    qs = Product.objects.filter(_visible_anywhere())
    if product_ids is not None:
        qs = _among(qs, product_ids)
    return _texts(qs)


def _document_texts(documents: Iterable[DocumentData]):
    """What ``_visible_texts`` reads, taken from freshly built documents instead of the
    database: the products visible in some channel (a product is visible only where it
    is listed, and it has a document per listing), in the same order (by slug)."""
    first: dict[int, DocumentData] = {}
    visible: set[int] = set()
    for doc in documents:
        first.setdefault(doc.product_id, doc)
        if doc.is_visible:
            visible.add(doc.product_id)
    for doc in sorted((first[pk] for pk in visible), key=lambda d: d.slug):
        yield doc.name, doc.description, doc.producer_name
        for other_name, other_text in doc.translations:
            yield other_name, other_text, ""


def forget_hidden(product_ids: Iterable[int], in_use: Callable[[list[str]], set[str]],
                  documents: Iterable[DocumentData] | None = None) -> int:
    """Words that only hidden products among these used leave the vocabulary, so
    suggestions and "did you mean" never spell out what visitors may not see.

    ``in_use(folded)`` tells which words or phrases visible products still contain (the
    backend answers from its documents). ``documents``, the products' documents just
    built: products they show visible are not looked up (usually all of them). Returns
    how many entries were removed."""
    from backend.catalog.models import Product

    if documents is not None:
        visible = {doc.product_id for doc in documents if doc.is_visible}
        product_ids = [pk for pk in product_ids if pk not in visible]
        if not product_ids:
            return 0
    hidden = _among(Product.objects.exclude(_visible_anywhere()), product_ids)
    tally = _Tally()
    for name, description, producer in _texts(hidden):
        tally.add(name, (description or "", producer or ""))
    keys = sorted({folded for folded, _exact, _phrase, _n in tally.tuples()})
    if not keys:
        return 0
    known = list(SearchWord.objects.filter(folded__in=keys).values_list("folded", flat=True))
    unused = set(known) - in_use(known)
    if not unused:
        return 0
    return SearchWord.objects.filter(folded__in=unused).delete()[0]


def refresh_vocabulary() -> int:
    """Recount the whole vocabulary from the visible catalog (after a rebuild)."""
    tally = _Tally()
    for name, description, producer in _visible_texts():
        tally.add(name, (description or "", producer or ""))
    rows = tally.rows()
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def add_to_vocabulary(product_ids: Iterable[int],
                      documents: Iterable[DocumentData] | None = None) -> int:
    """Add the words of these products; existing words keep their counts until the next
    full refresh (stale words only cost a suggestion that finds nothing).

    ``documents``: the products' documents just built (every listing of each product);
    their texts are used instead of reading the products again."""
    tally = _Tally()
    texts = _visible_texts(product_ids) if documents is None else _document_texts(documents)
    for name, description, producer in texts:
        tally.add(name, (description or "", producer or ""))
    rows = tally.tuples()
    if not rows:
        return 0
    # COPY into a temp table, then one INSERT that skips words already known before
    # touching the trigram index: after the first batches nearly every word is known.
    table = SearchWord._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {_LOAD} (folded text, exact text, "
            "is_phrase boolean, doc_count integer)"
        )
        cursor.execute(f"TRUNCATE {_LOAD}")
        copy_into(_LOAD, ("folded", "exact", "is_phrase", "doc_count"), rows)
        cursor.execute(
            f"INSERT INTO {table} (folded, exact, is_phrase, doc_count) "
            f"SELECT w.folded, w.exact, w.is_phrase, w.doc_count FROM {_LOAD} w "
            f"WHERE NOT EXISTS (SELECT 1 FROM {table} s WHERE s.folded = w.folded) "
            "ORDER BY w.folded ON CONFLICT DO NOTHING"
        )
    return len(rows)


def _known(words: list[str], prefix_last: bool) -> set[int]:
    """Positions of the query words that are in the vocabulary (the last as a prefix)."""
    known = set(
        SearchWord.objects.filter(folded__in=words, is_phrase=False).values_list(
            "folded", flat=True
        )
    )
    positions = {i for i, w in enumerate(words) if w in known}
    last = len(words) - 1
    if prefix_last and last not in positions and words:
        if SearchWord.objects.filter(folded__startswith=words[last], is_phrase=False).exists():
            positions.add(last)
    return positions


def _similar(text: str, is_phrase: bool, threshold: float, limit: int) -> list[str]:
    with connection.cursor() as cursor:
        # The % operator lets the GIN trigram index find candidates; the threshold is set
        # per transaction so concurrent queries are unaffected.
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                       [str(threshold)])
        cursor.execute(
            "SELECT folded FROM search_searchword WHERE is_phrase = %s AND folded %% %s "
            "ORDER BY similarity(folded, %s) DESC, doc_count DESC, folded LIMIT %s",
            [is_phrase, text, text, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def alternatives(words: list[str], prefix_last: bool = True) -> list[tuple[str, ...]]:
    """For each query word not in the vocabulary, the words it most likely meant.

    A misspelt word is corrected with its neighbour as context first ("nuoc mem" is close
    to the phrase "nuoc mam" though "mem" alone is far from "mam"), then on its own.
    """
    result: list[tuple[str, ...]] = [() for _ in words]
    if not words:
        return result
    known = _known(words, prefix_last)
    if len(known) == len(words):
        return result
    with transaction.atomic():
        for i, word in enumerate(words):
            if i in known:
                continue
            candidates: list[str] = []
            for left, right in ((i - 1, i), (i, i + 1)):
                if left < 0 or right >= len(words):
                    continue
                other = right if left == i else left
                for phrase in _similar(f"{words[left]} {words[right]}", True,
                                       PHRASE_SIMILARITY, 10):
                    parts = phrase.split(" ")
                    if len(parts) != 2:
                        continue
                    mine, theirs = (parts[0], parts[1]) if left == i else (parts[1], parts[0])
                    # The neighbour, if it is a known word, must stay what was typed.
                    if other in known and theirs != words[other]:
                        continue
                    if mine != word and mine not in candidates:
                        candidates.append(mine)
            if not candidates:
                candidates = _similar(word, False, WORD_SIMILARITY, MAX_ALTERNATIVES)
            result[i] = tuple(candidates[:MAX_ALTERNATIVES])
    return result


def _display(words: list[str]) -> str:
    """The commonest spelling with diacritics, phrase by phrase where the phrase is known."""
    phrases = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    forms = dict(
        SearchWord.objects.filter(folded__in=words + phrases).values_list("folded", "exact")
        .order_by("is_phrase")  # phrases last, so they overwrite single words
    )
    words_out: list[str | None] = [None] * len(words)
    for i, phrase in enumerate(phrases):
        exact = forms.get(phrase)
        if exact and len(exact.split(" ")) == 2:
            a, b = exact.split(" ")
            words_out[i] = words_out[i] or a
            words_out[i + 1] = b
    return " ".join(out or forms.get(w, w) for out, w in zip(words_out, words, strict=True))


def did_you_mean(text: str) -> str | None:
    """"nuoc mem" → "nước mắm"; None when every word is known."""
    words = folded_words(text)[:8]
    if not words:
        return None
    alts = alternatives(words, prefix_last=False)
    if not any(alts):
        return None
    options = [alt[:2] if alt else (w,) for w, alt in zip(words, alts, strict=True)]
    best: list[str] | None = None
    best_score = -1
    # Prefer the combination whose neighbouring words are phrases of the catalog.
    for n, combo in enumerate(cartesian(*options)):
        if n >= 16:
            break
        combo = list(combo)
        phrases = [f"{a} {b}" for a, b in zip(combo, combo[1:], strict=False)]
        score = SearchWord.objects.filter(folded__in=phrases, is_phrase=True).count()
        if score > best_score:
            best, best_score = combo, score
        if len(phrases) == score:
            break
    if best is None or best == words:
        return None
    return _display(best)


def completions(text: str, limit: int = 8) -> list[str]:
    """Queries that complete what is being typed: "nuoc m" → "nước mắm", "nước mía"."""
    words = folded_words(text)
    if not words or limit <= 0:
        return []
    if len(words) == 1:
        rows = SearchWord.objects.filter(folded__startswith=words[0])
    else:
        stem = " ".join(words[-2:])
        rows = SearchWord.objects.filter(folded__startswith=stem, is_phrase=True)
    rows = rows.order_by("-doc_count", "-is_phrase", "folded").values_list("folded", "exact")
    head = _display(words[:-2]) if len(words) > 2 else ""
    out: list[str] = []
    for _folded, exact in rows[: limit * 2]:
        suggestion = f"{head} {exact}".strip()
        if suggestion not in out:
            out.append(suggestion)
        if len(out) >= limit:
            break
    return out
