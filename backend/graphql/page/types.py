from __future__ import annotations

import graphene

from ..attribute.assigned import Assigned, assigned_field, assigned_list_field
from ..attribute.types import Attribute, SelectedAttribute
from ..core.connection import CountableConnection
from ..core.dataloaders import DataLoader, get_loader, seen
from ..core.ids import to_id
from ..translation.types import PageTranslation, translation_field, translation_resolver


class PageAttributesLoader(DataLoader):
    """Page id → [(attribute, [values])]: the attributes its type offers, in order, with the
    values chosen on the page; two queries for every page the request handed out."""

    def sibling_keys(self, key):
        return (page.pk for page in seen(self.context, "page"))

    def batch_load(self, keys):
        from backend.page.models import AssignedPageAttributeValue, AttributePage, Page

        type_of = dict(Page.objects.filter(pk__in=keys).values_list("pk", "page_type_id"))
        offered: dict[int, list] = {}
        for row in (AttributePage.objects.filter(page_type_id__in=set(type_of.values()))
                    .select_related("attribute")):
            offered.setdefault(row.page_type_id, []).append(row.attribute)
        chosen: dict[tuple[int, int], list] = {}
        for row in (AssignedPageAttributeValue.objects.filter(page_id__in=keys)
                    .select_related("value")):
            chosen.setdefault((row.page_id, row.value.attribute_id), []).append(row.value)
        return [[(attribute, chosen.get((pk, attribute.pk), []))
                 for attribute in offered.get(type_of.get(pk), [])] for pk in keys]


def _page_attributes(root, info) -> list:
    return get_loader(info.context, PageAttributesLoader).load(root.pk)


class PageType(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_pages = graphene.Boolean()
    attributes = graphene.List(graphene.NonNull(Attribute),
                               description="Attributes that can be assigned to the page type.")

    @staticmethod
    def resolve_id(root, info):
        return to_id("PageType", root.pk)

    @staticmethod
    def resolve_attributes(root, info):
        return [row.attribute for row in root.attributepage.select_related("attribute")]

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
    attributes = graphene.List(
        graphene.NonNull(SelectedAttribute), required=True,
        deprecation_reason="Use the `assignedAttributes` field instead.",
    )
    attribute = graphene.Field(
        SelectedAttribute, slug=graphene.String(required=True),
        deprecation_reason="Use the `assignedAttribute` field instead.",
    )
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
        return [Assigned(a, v) for a, v in _page_attributes(root, info)][:limit]

    @staticmethod
    def resolve_assigned_attribute(root, info, slug):
        return next((Assigned(a, v) for a, v in _page_attributes(root, info) if a.slug == slug),
                    None)

    @staticmethod
    def resolve_attributes(root, info):
        return _page_attributes(root, info)

    @staticmethod
    def resolve_attribute(root, info, slug):
        return next((pair for pair in _page_attributes(root, info) if pair[0].slug == slug), None)


class PageCountableConnection(CountableConnection):
    class Meta:
        node = Page
