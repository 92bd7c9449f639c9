"""Producers' shops: an extension beyond Saleor (whose root field ``shop`` means site
settings, so ours are ``producer``/``producers``)."""

from __future__ import annotations

import graphene

from backend.core.site import absolute_url
from backend.geo import resolver
from backend.producers.models import LegalForm

from ..catalog.types import nested_products_field, nested_products_resolver
from ..core.connection import CountableConnection
from ..core.dataloaders import get_loader
from ..core.ids import to_id
from ..core.types import Image

LegalFormEnum = graphene.Enum(
    "ProducerLegalForm", [(f.name, f.value) for f in LegalForm], description="Loại hình chủ thể."
)


class Producer(graphene.ObjectType):
    id = graphene.ID(required=True)
    slug = graphene.String(required=True, description="The shop's address on the marketplace.")
    name = graphene.String(required=True)
    shop_name = graphene.String(required=True)
    description = graphene.String(description="The producer's story, as told on the shop page.")
    logo = graphene.Field(Image)
    legal_form = graphene.Field(LegalFormEnum, required=True)
    legal_form_display = graphene.String(required=True)
    registration_number = graphene.String()
    address = graphene.String()
    province = graphene.Field("backend.graphql.ocop.types.Province", required=True)
    legacy_province = graphene.Field("backend.graphql.ocop.types.LegacyProvince")
    commune = graphene.Field("backend.graphql.ocop.types.Commune")
    region = graphene.Field("backend.graphql.ocop.types.Region", required=True)
    products = nested_products_field("The shop's published products.")

    @staticmethod
    def resolve_id(root, info):
        return to_id("Producer", root.pk)

    @staticmethod
    def resolve_slug(root, info):
        return root.shop.slug

    @staticmethod
    def resolve_shop_name(root, info):
        return root.shop.name

    @staticmethod
    def resolve_description(root, info):
        return root.shop.description or None

    @staticmethod
    def resolve_logo(root, info):
        logo = root.shop.logo
        return (
            Image(url=absolute_url(info.context, logo.url), alt=root.shop.name)
            if logo
            else None
        )

    @staticmethod
    def resolve_legal_form(root, info):
        return root.legal_form

    @staticmethod
    def resolve_legal_form_display(root, info):
        return root.get_legal_form_display()

    @staticmethod
    def resolve_province(root, info):
        return resolver.province_by_pk(root.province_id)

    @staticmethod
    def resolve_legacy_province(root, info):
        return (
            resolver.legacy_province_by_pk(root.legacy_province_id)
            if root.legacy_province_id
            else None
        )

    @staticmethod
    def resolve_region(root, info):
        return resolver.region_by_pk(root.region_id)

    @staticmethod
    def resolve_commune(root, info):
        from ..catalog.dataloaders import CommuneByIdLoader

        return (
            get_loader(info.context, CommuneByIdLoader).load(root.commune_id)
            if root.commune_id
            else None
        )

    resolve_products = staticmethod(nested_products_resolver("producer"))


class ProducerCountableConnection(CountableConnection):
    class Meta:
        node = Producer
