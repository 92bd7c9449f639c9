import graphene

from backend.menu.models import Menu as MenuModel
from backend.menu.models import MenuItem as MenuItemModel

from ..core.errors import InvalidArgument
from ..core.ids import from_id
from .types import Menu


def load_menu(menu: MenuModel, channel: str | None) -> MenuModel:
    """Read a menu's whole tree in one query; each item gets its level and children."""
    items = list(
        MenuItemModel.objects.filter(menu=menu).select_related("category", "collection", "page")
    )
    tree = {item.pk: item for item in items}
    for item in items:
        item.menu = menu
        item._tree = tree
        item._channel = channel
        item._children = []
    for item in items:
        if item.parent_id in tree:
            tree[item.parent_id]._children.append(item)
    for item in items:
        level, node = 0, item
        while node.parent_id in tree and level < 3:
            node, level = tree[node.parent_id], level + 1
        item._level = level
    menu._items = items
    return menu


class MenuQueries(graphene.ObjectType):
    menu = graphene.Field(
        Menu,
        channel=graphene.String(),
        id=graphene.ID(),
        name=graphene.String(),
        slug=graphene.String(),
        description="Look up a navigation menu by ID, name or slug.",
    )

    @staticmethod
    def resolve_menu(root, info, channel=None, id=None, name=None, slug=None):
        given = [x for x in (id, name, slug) if x]
        if len(given) != 1:
            raise InvalidArgument("Provide exactly one of `id`, `name` or `slug`.")
        if id:
            lookup = {"pk": from_id(id, "Menu")}
        elif name:
            lookup = {"name": name}
        else:
            lookup = {"slug": slug}
        menu = MenuModel.objects.filter(**lookup).first()
        return load_menu(menu, channel) if menu is not None else None
