from __future__ import annotations

import graphene

from ..attribute.assigned import assigned_field, assigned_list_field
from ..core.connection import CountableConnection
from ..core.ids import to_id
from ..translation.types import PageTranslation, translation_field, translation_resolver


class PageType(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_pages = graphene.Boolean()

    @staticmethod
    def resolve_id(root, info):
        return to_id("PageType", root.pk)

    @staticmethod
    def resolve_has_pages(root, info):
        return root.pages.exists()


class Page(graphene.ObjectType):
    id = graphene.ID(required=True)
    seo_title = graphene.String()
    seo_description = graphene.String()
    title = graphene.String(required=True)
    content = graphene.JSONString(description="Rich text as EditorJS JSON.")
    published_at = graphene.DateTime()
    is_published = graphene.Boolean(required=True)
    slug = graphene.String(required=True)
    page_type = graphene.Field(PageType, required=True)
    created = graphene.DateTime(required=True)
    assigned_attributes = assigned_list_field()
    assigned_attribute = assigned_field()
    translation = translation_field(PageTranslation)

    resolve_translation = staticmethod(translation_resolver("page"))

    @staticmethod
    def resolve_id(root, info):
        return to_id("Page", root.pk)

    @staticmethod
    def resolve_seo_title(root, info):
        return root.seo_title or root.title

    @staticmethod
    def resolve_seo_description(root, info):
        return root.seo_description or None

    @staticmethod
    def resolve_created(root, info):
        return root.created_at

    @staticmethod
    def resolve_assigned_attributes(root, info, limit=100):
        return []  # pages carry no attributes yet

    @staticmethod
    def resolve_assigned_attribute(root, info, slug):
        return None


class PageCountableConnection(CountableConnection):
    class Meta:
        node = Page
