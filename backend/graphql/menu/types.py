from __future__ import annotations

import graphene

from ..core.context import ChannelContext, get_channel
from ..core.ids import to_id
from ..translation.types import MenuItemTranslation, translation_field, translation_resolver


class MenuItem(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    menu = graphene.Field(lambda: Menu, required=True)
    parent = graphene.Field(lambda: MenuItem)
    category = graphene.Field("backend.graphql.catalog.types.Category")
    collection = graphene.Field("backend.graphql.collection.types.Collection")
    page = graphene.Field("backend.graphql.page.types.Page")
    level = graphene.Int(required=True)
    children = graphene.List(graphene.NonNull(lambda: MenuItem))
    url = graphene.String()
    translation = translation_field(MenuItemTranslation)

    resolve_translation = staticmethod(translation_resolver("menu_item"))

    @staticmethod
    def resolve_id(root, info):
        return to_id("MenuItem", root.pk)

    @staticmethod
    def resolve_menu(root, info):
        return root.menu

    @staticmethod
    def resolve_parent(root, info):
        return root._tree.get(root.parent_id)

    @staticmethod
    def resolve_level(root, info):
        return root._level

    @staticmethod
    def resolve_children(root, info):
        return root._children

    @staticmethod
    def resolve_url(root, info):
        return root.url or None

    @staticmethod
    def resolve_collection(root, info):
        collection = root.collection
        if collection is None:
            return None
        from backend.collection.models import Collection as CollectionModel

        channel = get_channel(info, root._channel)
        if not CollectionModel.objects.published_in(channel).filter(pk=collection.pk).exists():
            return None
        return ChannelContext(collection, channel)

    @staticmethod
    def resolve_page(root, info):
        page = root.page
        if page is None or not page.is_published:
            return None
        return page


class Menu(graphene.ObjectType):
    id = graphene.ID(required=True)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    items = graphene.List(graphene.NonNull(MenuItem), description="Top-level items.")

    @staticmethod
    def resolve_id(root, info):
        return to_id("Menu", root.pk)

    @staticmethod
    def resolve_items(root, info):
        return [item for item in root._items if item.parent_id is None]
