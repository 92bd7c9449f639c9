"""Saleor's translation surface: ``LanguageCodeEnum``, ``LanguageDisplay`` and one
``…Translation`` type per translatable object, with ``translation(languageCode:)`` fields.

A translation is read from backend.translation; Vietnamese is the base language, so
``translation(languageCode: VI)`` is the object's own text. A language with no row answers
``null`` (as in Saleor: the client shows the base text); a row's blank fields fall back to
the Vietnamese text.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import graphene
from django.db.models.signals import post_delete, post_save

from backend.core.cache import ProcessCache
from backend.translation.languages import BASE_LANGUAGE, language_name, to_tag
from backend.translation.models import Translation

from ..account.enums import LanguageCodeEnum as AccountLanguageCodeEnum
from ..core.dataloaders import DataLoader, get_loader, seen
from ..core.ids import to_id

# One LanguageCodeEnum for the whole schema: the account API's (BCP 47 tags as values,
# "EN_US" → "en-us"), which translations use too.
LanguageCodeEnum = AccountLanguageCodeEnum


def language_tag(code: Any) -> str:
    """The stored tag for an enum argument (graphene hands out the member or its value)."""
    return _tag(str(getattr(code, "value", code)))


@lru_cache(maxsize=1024)
def _tag(name: str) -> str:
    return to_tag(name)


class LanguageDisplay(graphene.ObjectType):
    code = graphene.Field(LanguageCodeEnum, required=True)
    language = graphene.String(required=True)

    @staticmethod
    def resolve_code(root, info):
        return root  # the enum's value is the tag

    @staticmethod
    def resolve_language(root, info):
        return language_name(root)


# Kinds whose rows are few (a few hundred at most): every row of a language is kept in
# the process for a short while (they change a few times a month; a save clears the
# process's copy at once), so a listing that shows them costs no query.
SMALL_KINDS = {"category", "collection", "attribute", "attribute_value", "page", "menu_item"}
SMALL_KINDS_SECONDS = 30.0
# (kind, tag) → (loaded at, rows); registered so that tests' reset_all() forgets it too.
_small_cache = ProcessCache(dict)


def small_kind_rows(kind: str, tag: str) -> dict[int, Translation]:
    now = time.monotonic()
    entries = _small_cache.get()
    hit = entries.get((kind, tag))
    if hit is not None and now - hit[0] < SMALL_KINDS_SECONDS:
        return hit[1]
    rows = {
        row.object_id: row
        for row in Translation.objects.filter(kind=kind, language_code=tag, key="")
    }
    entries[(kind, tag)] = (now, rows)
    return rows


def clear_small_kind_cache(**_kwargs) -> None:
    _small_cache.reset()


post_save.connect(clear_small_kind_cache, sender=Translation,
                  dispatch_uid="translation-small-kinds")
post_delete.connect(clear_small_kind_cache, sender=Translation,
                    dispatch_uid="translation-small-kinds-delete")


class TranslationLoader(DataLoader):
    """(kind, language tag, object id) → Translation or None, for products and variants
    (read for every listed one at once)."""

    def sibling_keys(self, key):
        kind, tag, _ = key
        return ((kind, tag, o.pk) for o in seen(self.context, kind))

    def batch_load(self, keys):
        wanted: dict[tuple[str, str], set[int]] = {}
        for kind, tag, pk in keys:
            wanted.setdefault((kind, tag), set()).add(pk)
        found: dict[tuple[str, str, int], Translation] = {}
        for (kind, tag), ids in wanted.items():
            rows = Translation.objects.filter(kind=kind, language_code=tag, key="",
                                              object_id__in=ids)
            for row in rows:
                found[(kind, tag, row.object_id)] = row
        return [found.get(k) for k in keys]


def translation_row(info, kind: str, tag: str, pk: int) -> Translation | None:
    if kind in SMALL_KINDS:
        return small_kind_rows(kind, tag).get(pk)
    return get_loader(info.context, TranslationLoader).load((kind, tag, pk))


@dataclass(frozen=True)
class TranslationView:
    """A translation row (or none, for Vietnamese) over the object it translates."""

    kind: str
    tag: str
    base: Any
    row: Translation | None

    def text(self, field: str, base_value: Any) -> Any:
        value = getattr(self.row, field, None) if self.row is not None else None
        return value if value not in (None, "") else base_value


def translation_of(info, kind: str, obj: Any, language_code: Any) -> TranslationView | None:
    """The view ``translation(languageCode:)`` answers with, or None (no such translation)."""
    tag = language_tag(language_code)
    if tag.split("-")[0] == BASE_LANGUAGE:
        return TranslationView(kind, tag, obj, None)
    row = translation_row(info, kind, tag, obj.pk)
    return TranslationView(kind, tag, obj, row) if row is not None else None


def _editorjs(text: Any) -> Any:
    if not text or isinstance(text, dict):
        return text or None
    paragraphs = [p for p in str(text).split("\n\n") if p]
    return {"blocks": [{"type": "paragraph", "data": {"text": p}} for p in paragraphs]}


def _field(name: str, base_attr: str | None = None, convert=None):
    """Resolver: the row's ``name`` or the base object's ``base_attr``."""
    base_attr = base_attr or name

    def resolve(root: TranslationView, info):
        base_value = getattr(root.base, base_attr, None)
        value = root.text(name, base_value)
        return convert(value) if convert else value

    return resolve


class _TranslationBase:
    @staticmethod
    def resolve_id(root: TranslationView, info):
        type_name = info.parent_type.name
        ref = root.row.pk if root.row is not None else f"{root.base.pk}:{root.tag}"
        return to_id(type_name, ref)

    @staticmethod
    def resolve_language(root: TranslationView, info):
        return root.tag


def _seo_fields(description_attr: str = "description"):
    return {
        "id": graphene.ID(required=True),
        "language": graphene.Field(LanguageDisplay, required=True),
        "seo_title": graphene.String(),
        "seo_description": graphene.String(),
        "slug": graphene.String(),
        "name": graphene.String(),
        "description": graphene.JSONString(),
        "resolve_seo_title": _field("seo_title"),
        "resolve_seo_description": _field("seo_description"),
        "resolve_slug": _field("slug"),
        "resolve_name": _field("name"),
        "resolve_description": _field("description", description_attr, _editorjs),
    }


def _type(name: str, attrs: dict, description: str) -> type[graphene.ObjectType]:
    meta = type("Meta", (), {"description": description})
    return type(name, (_TranslationBase, graphene.ObjectType), {**attrs, "Meta": meta})


ProductTranslation = _type("ProductTranslation", _seo_fields(), "A product's texts in a language.")
CategoryTranslation = _type(
    "CategoryTranslation", _seo_fields(), "A category's texts in a language."
)
CollectionTranslation = _type(
    "CollectionTranslation", _seo_fields(), "A collection's texts in a language."
)
_name_only = {
    "id": graphene.ID(required=True),
    "language": graphene.Field(LanguageDisplay, required=True),
    "name": graphene.String(required=True),
    "resolve_name": _field("name"),
}
ProductVariantTranslation = _type(
    "ProductVariantTranslation", dict(_name_only), "A variant's name in a language."
)
AttributeTranslation = _type(
    "AttributeTranslation", dict(_name_only), "An attribute's name in a language."
)
MenuItemTranslation = _type(
    "MenuItemTranslation", dict(_name_only), "A menu item's name in a language."
)
AttributeValueTranslation = _type(
    "AttributeValueTranslation",
    {
        **_name_only,
        "rich_text": graphene.JSONString(),
        "plain_text": graphene.String(),
        "resolve_rich_text": lambda root, info: None,
        "resolve_plain_text": _field("plain_text"),
    },
    "An attribute value's texts in a language.",
)
PageTranslation = _type(
    "PageTranslation",
    {
        "id": graphene.ID(required=True),
        "language": graphene.Field(LanguageDisplay, required=True),
        "seo_title": graphene.String(),
        "seo_description": graphene.String(),
        "slug": graphene.String(),
        "title": graphene.String(),
        "content": graphene.JSONString(),
        "resolve_seo_title": _field("seo_title"),
        "resolve_seo_description": _field("seo_description"),
        "resolve_slug": _field("slug"),
        "resolve_title": _field("name", "title"),
        "resolve_content": _field("description", "content", _editorjs),
    },
    "A page's texts in a language.",
)


def translation_field(type_, description: str = "Translation in a language.") -> graphene.Field:
    return graphene.Field(
        type_,
        language_code=graphene.Argument(
            LanguageCodeEnum, required=True, description="The language of the translation."
        ),
        description=description,
    )


def translation_resolver(kind: str, node=lambda root: root):
    def resolve(root, info, language_code):
        return translation_of(info, kind, node(root), language_code)

    return resolve


def slug_lookup(kind: str, slug: str, slug_language_code: Any) -> dict:
    """The lookup for ``slug`` given in ``slugLanguageCode`` (a translated slug)."""
    if slug_language_code is None:
        return {"slug": slug}
    tag = language_tag(slug_language_code)
    if tag.split("-")[0] == BASE_LANGUAGE:
        return {"slug": slug}
    from backend.translation.services import object_id_for_slug

    pk = object_id_for_slug(kind, tag, slug)
    return {"pk": pk} if pk is not None else {"slug": slug}
