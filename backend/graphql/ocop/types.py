"""The OCOP extension: reference units, the classification, certifications, and the
``Product.ocop`` block a storefront shows as the badge and place of origin."""

from __future__ import annotations

import graphene

from backend.geo import resolver
from backend.ocop import classification, rules

from ..core.dataloaders import get_loader, then
from ..core.ids import to_id


class Region(graphene.ObjectType):
    id = graphene.ID(required=True)
    slug = graphene.String(required=True)
    name = graphene.String(required=True)

    @staticmethod
    def resolve_id(root, info):
        return to_id("Region", root.pk)


class Province(graphene.ObjectType):
    """A provincial unit in force since 1/7/2025."""

    id = graphene.ID(required=True)
    code = graphene.String(required=True)
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    full_name = graphene.String(required=True)
    region = graphene.Field(Region, required=True, description="Where most of its communes lie.")
    regions = graphene.List(graphene.NonNull(Region), required=True)

    @staticmethod
    def resolve_id(root, info):
        return to_id("Province", root.pk)

    @staticmethod
    def resolve_region(root, info):
        return resolver.region_by_pk(root.region_id)

    @staticmethod
    def resolve_regions(root, info):
        return list(root.regions.all())


class LegacyProvince(graphene.ObjectType):
    """A province before 1/7/2025, as old certificates and addresses name it."""

    code = graphene.String(required=True)
    name = graphene.String(required=True)
    full_name = graphene.String(required=True)
    region = graphene.Field(Region, required=True)
    province = graphene.Field(Province, required=True, description="The unit it joined.")

    @staticmethod
    def resolve_region(root, info):
        return resolver.region_by_pk(root.region_id)

    @staticmethod
    def resolve_province(root, info):
        return resolver.province_by_pk(root.province_id)


class Commune(graphene.ObjectType):
    code = graphene.String(required=True)
    name = graphene.String(required=True)
    full_name = graphene.String(required=True)


class ProductGroup(graphene.ObjectType):
    """A node of the QĐ 26/2026 classification: ngành → nhóm → phân nhóm."""

    id = graphene.ID(required=True)
    code = graphene.String(required=True)
    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    level = graphene.Int(required=True, description="1 ngành, 2 nhóm, 3 phân nhóm.")
    parent = graphene.Field(lambda: ProductGroup)
    children = graphene.List(graphene.NonNull(lambda: ProductGroup), required=True)

    @staticmethod
    def resolve_id(root, info):
        return to_id("ProductGroup", root.pk)

    @staticmethod
    def resolve_parent(root, info):
        return classification.group_by_pk(root.parent_id) if root.parent_id else None

    @staticmethod
    def resolve_children(root, info):
        return [g for g in classification.all_groups() if g.parent_id == root.pk]


CertificationStatusEnum = graphene.Enum(
    "OcopCertificationStatus",
    [(s.name, s.value) for s in rules.CertificationStatus],
    description="Derived from the decision date, validity and any revocation.",
)


class Certification(graphene.ObjectType):
    id = graphene.ID(required=True)
    decision_number = graphene.String(required=True)
    decision_date = graphene.Date(required=True)
    issuer = graphene.String(required=True)
    legal_basis = graphene.String(required=True, description="e.g. 148/2023, 26/2026.")
    star = graphene.Int(required=True)
    product_code = graphene.String()
    group = graphene.Field(ProductGroup)
    group_label = graphene.String(description="The group as the decision wrote it.")
    valid_until = graphene.Date(required=True)
    status = graphene.Field(CertificationStatusEnum, required=True)
    status_display = graphene.String(required=True)
    is_valid = graphene.Boolean(required=True)
    revoked_on = graphene.Date()
    revocation_reason = graphene.String()

    @staticmethod
    def resolve_id(root, info):
        return to_id("OcopCertification", root.pk)

    @staticmethod
    def resolve_product_code(root, info):
        return root.product_code or None

    @staticmethod
    def resolve_group(root, info):
        return classification.group_by_pk(root.group_id) if root.group_id else None

    @staticmethod
    def resolve_status(root, info):
        return root.status().value

    @staticmethod
    def resolve_status_display(root, info):
        return root.status().label

    @staticmethod
    def resolve_is_valid(root, info):
        return root.status() in rules.VALID_STATUSES


class OcopProductInfo(graphene.ObjectType):
    """OCOP facts of a product. ``star`` and the badge exist only while the current
    certification is valid; the history stays visible either way."""

    is_certified = graphene.Boolean(required=True, description="Shows the OCOP badge.")
    star = graphene.Int(description="3, 4 or 5; null without a valid certification.")
    certification = graphene.Field(Certification, description="The newest certification.")
    certifications = graphene.List(
        graphene.NonNull(Certification), required=True, description="All, newest first."
    )
    group = graphene.Field(ProductGroup)
    group_path = graphene.List(graphene.NonNull(ProductGroup), required=True)
    province = graphene.Field(Province)
    legacy_province = graphene.Field(
        LegacyProvince, description="The pre-2025 province, if it differs."
    )
    commune = graphene.Field(Commune)
    region = graphene.Field(Region)
    producer = graphene.Field("backend.graphql.producers.types.Producer")

    @staticmethod
    def _certs(root, info):
        from ..catalog.dataloaders import CertificationsByProductIdLoader

        return get_loader(info.context, CertificationsByProductIdLoader).load(root.pk)

    @staticmethod
    def _current_valid(certs):
        return certs[0] if certs and certs[0].status() in rules.VALID_STATUSES else None

    @classmethod
    def resolve_is_certified(cls, root, info):
        return then(cls._certs(root, info), lambda c: cls._current_valid(c) is not None)

    @classmethod
    def resolve_star(cls, root, info):
        return then(cls._certs(root, info), lambda c: getattr(cls._current_valid(c), "star", None))

    @classmethod
    def resolve_certification(cls, root, info):
        return then(cls._certs(root, info), lambda c: c[0] if c else None)

    @classmethod
    def resolve_certifications(cls, root, info):
        return cls._certs(root, info)

    @classmethod
    def resolve_group(cls, root, info):
        def pick(certs):
            cert = cls._current_valid(certs)
            return classification.group_by_pk(cert.group_id) if cert and cert.group_id else None

        return then(cls._certs(root, info), pick)

    @classmethod
    def resolve_group_path(cls, root, info):
        return then(
            cls.resolve_group(root, info),
            lambda g: classification.ancestors_and_self(g) if g else [],
        )

    @staticmethod
    def _producer(root, info):
        from ..catalog.dataloaders import ProducerByIdLoader

        if root.producer_id is None:
            return None
        return get_loader(info.context, ProducerByIdLoader).load(root.producer_id)

    @classmethod
    def resolve_producer(cls, root, info):
        return cls._producer(root, info)

    @classmethod
    def resolve_province(cls, root, info):
        return then(
            cls._producer(root, info), lambda p: p and resolver.province_by_pk(p.province_id)
        )

    @classmethod
    def resolve_legacy_province(cls, root, info):
        return then(
            cls._producer(root, info),
            lambda p: (
                p and p.legacy_province_id and resolver.legacy_province_by_pk(p.legacy_province_id)
            ),
        )

    @classmethod
    def resolve_region(cls, root, info):
        return then(cls._producer(root, info), lambda p: p and resolver.region_by_pk(p.region_id))

    @classmethod
    def resolve_commune(cls, root, info):
        from ..catalog.dataloaders import CommuneByIdLoader

        loader = get_loader(info.context, CommuneByIdLoader)
        return then(
            cls._producer(root, info),
            lambda p: loader.load(p.commune_id) if p and p.commune_id else None,
        )
