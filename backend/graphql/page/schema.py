import graphene

from backend.page.models import Page as PageModel

from ..catalog.filters import GlobalIDFilterInput, StringFilterInput
from ..core.connection import SortSpec, paginate
from ..core.dataloaders import remember
from ..core.errors import InvalidArgument
from ..core.ids import from_id, from_ids
from ..translation.types import LanguageCodeEnum, slug_lookup
from .types import Page, PageCountableConnection


class PageFilterInput(graphene.InputObjectType):
    search = graphene.String()
    page_types = graphene.List(graphene.NonNull(graphene.ID))
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class PageWhereInput(graphene.InputObjectType):
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slug = graphene.Field(StringFilterInput)
    page_type = graphene.Field(GlobalIDFilterInput)


def _published(info):
    """Published pages (staff who edit content see drafts too, through the admin)."""
    return PageModel.objects.published().select_related("page_type")


class PageQueries(graphene.ObjectType):
    page = graphene.Field(
        Page,
        id=graphene.ID(),
        slug=graphene.String(),
        slug_language_code=graphene.Argument(LanguageCodeEnum),
        channel=graphene.String(),
        description="Look up a page by ID or slug.",
    )
    pages = graphene.relay.ConnectionField(
        PageCountableConnection,
        filter=graphene.Argument(
            PageFilterInput, deprecation_reason="Use `where` and `search` instead."
        ),
        search=graphene.String(),
        where=graphene.Argument(PageWhereInput),
        channel=graphene.String(),
        description="Published content pages.",
    )

    @staticmethod
    def resolve_page(root, info, id=None, slug=None, slug_language_code=None, channel=None):
        if bool(id) == bool(slug):
            raise InvalidArgument("Provide exactly one of `id` or `slug`.")
        lookup = (
            {"pk": from_id(id, "Page")} if id else slug_lookup("page", slug, slug_language_code)
        )
        page = _published(info).filter(**lookup).first()
        if page is not None:
            remember(info.context, "page", [page])
        return page

    @staticmethod
    def resolve_pages(root, info, filter=None, search=None, where=None, channel=None, **kwargs):
        qs = _published(info)
        filter = filter or {}
        where = where or {}
        text = search or filter.get("search")
        if text:
            qs = qs.filter(title__unaccent__icontains=text)
        if filter.get("ids") is not None:
            qs = qs.filter(pk__in=from_ids(filter["ids"], "Page"))
        if filter.get("slugs") is not None:
            qs = qs.filter(slug__in=filter["slugs"])
        if filter.get("page_types") is not None:
            qs = qs.filter(page_type_id__in=from_ids(filter["page_types"], "PageType"))
        if where.get("ids") is not None:
            qs = qs.filter(pk__in=from_ids(where["ids"], "Page"))
        slug = where.get("slug") or {}
        if slug.get("eq") is not None:
            qs = qs.filter(slug=slug["eq"])
        if slug.get("one_of") is not None:
            qs = qs.filter(slug__in=slug["one_of"])
        page_type = where.get("page_type") or {}
        if page_type.get("eq") is not None:
            qs = qs.filter(page_type_id=from_id(page_type["eq"], "PageType"))
        if page_type.get("one_of") is not None:
            qs = qs.filter(page_type_id__in=from_ids(page_type["one_of"], "PageType"))
        connection = paginate(qs, kwargs, SortSpec(["slug", "pk"]), PageCountableConnection, info)
        remember(info.context, "page", (e.node for e in connection.edges))
        return connection
