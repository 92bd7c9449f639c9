"""The GraphQL schema. Each domain's queries and mutations are mixed into the roots here."""

import graphene

from .account.schema import AccountMutations, AccountQueries
from .attribute.assigned import ASSIGNED_ATTRIBUTE_TYPES
from .attribute.schema import AttributeQueries
from .catalog.schema import CatalogQueries
from .catalog_import.mutations import ImportMutations
from .channel.schema import ChannelQueries
from .checkout.schema import CheckoutAllMutations, CheckoutQueries
from .collection.schema import CollectionQueries
from .menu.schema import MenuQueries
from .ocop.schema import OcopQueries
from .order.refund_mutations import RefundMutations
from .order.schema import OrderMutations, OrderQueries
from .page.schema import PageQueries
from .producers.schema import ProducerQueries
from .search.schema import SearchQueries
from .sellers.earnings import EarningsQueries
from .sellers.mutations import SellerMutations
from .sellers.schema import SellerQueries
from .translation.mutations import TranslationMutations


# Extensions add their query mixins here (e.g. search facets).
class Query(
    CatalogQueries,
    CollectionQueries,
    PageQueries,
    MenuQueries,
    AttributeQueries,
    ChannelQueries,
    ProducerQueries,
    OcopQueries,
    SearchQueries,
    AccountQueries,
    SellerQueries,
    EarningsQueries,
    CheckoutQueries,
    OrderQueries,
    graphene.ObjectType,
):
    pass


# Mutations: extensions add their mutation mixins as bases here (e.g. the importer).
class Mutation(ImportMutations, AccountMutations, SellerMutations, CheckoutAllMutations,
               OrderMutations, TranslationMutations, RefundMutations,
               graphene.ObjectType):
    pass


schema = graphene.Schema(
    query=Query,
    mutation=Mutation if Mutation._meta.fields else None,
    types=ASSIGNED_ATTRIBUTE_TYPES,
)
