"""The OCOP extension: reference units, the classification, certifications, and the
``Product.ocop`` block a storefront shows as the badge and place of origin."""

from __future__ import annotations

import graphene

from backend.geo import resolver
from backend.ocop import classification, error_codes, rules

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

CertificationKindEnum = graphene.Enum(
    "OcopCertificationKind",
    [(k.name, k.value) for k in rules.CertificationKind],
    description="DECISION: a recognition decision on file. REPORTED: on a province's "
    "published list with its star, the decision not on file yet.",
)

IssuerSourceEnum = graphene.Enum(
    "OcopIssuerSource",
    [(k.name, k.value) for k in rules.IssuerSource],
    description="Where the issuing body came from; INFERRED: from the rules in force.",
)

OcopErrorCode = graphene.Enum.from_enum(
    error_codes.OcopErrorCode, description="Why the OCOP rules refused a value."
)


class Certification(graphene.ObjectType):
    id = graphene.ID(required=True)
    kind = graphene.Field(CertificationKindEnum, required=True)
    is_verified = graphene.Boolean(
        required=True, description="A decision is on file (not only the province's list)."
    )
    decision_number = graphene.String(description="Null for a reported listing.")
    decision_date = graphene.Date(description="Null for a reported listing.")
    issuer = graphene.String(required=True)
    issuer_source = graphene.Field(IssuerSourceEnum, required=True)
    issuer_inferred = graphene.Boolean(
        required=True, description="The issuer is the one the rules name, not a document's."
    )
    legal_basis = graphene.String(description="e.g. 148/2023, 26/2026; null when unknown.")
    star = graphene.Int(required=True)
    product_code = graphene.String()
    group = graphene.Field(ProductGroup)
    group_label = graphene.String(description="The group as the decision wrote it.")
    valid_until = graphene.Date(
        description="Valid through this day (inclusive); null for a reported listing."
    )
    status = graphene.Field(CertificationStatusEnum, required=True)
    status_display = graphene.String(required=True)
    is_valid = graphene.Boolean(required=True)
    revoked_on = graphene.Date()
    revocation_reason = graphene.String()

    @staticmethod
    def resolve_id(root, info):
        return to_id("OcopCertification", root.pk)

    @staticmethod
    def resolve_kind(root, info):
        return root.kind

    @staticmethod
    def resolve_is_verified(root, info):
        return not root.is_reported

    @staticmethod
    def resolve_decision_number(root, info):
        return root.decision_number or None

    @staticmethod
    def resolve_issuer_source(root, info):
        return root.issuer_source

    @staticmethod
    def resolve_issuer_inferred(root, info):
        return root.issuer_source == rules.IssuerSource.INFERRED

    @staticmethod
    def resolve_legal_basis(root, info):
        return root.legal_basis or None

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
        return root.is_valid_on()


class OcopProductInfo(graphene.ObjectType):
    """OCOP facts of a product. ``star`` and the badge exist only while the current
    certification is valid; the history stays visible either way. Place and region are
    the current certificate's (where and when it was certified), the producer's for a
    product without one."""

    is_certified = graphene.Boolean(required=True, description="Shows the OCOP badge.")
    is_verified = graphene.Boolean(
        required=True,
        description="Certified by a decision on file; false for a product shown from a "
        "province's published list whose decision is not on file yet (REPORTED).",
    )
    star = graphene.Int(description="3, 4 or 5; null without a valid certification.")
    certification = graphene.Field(Certification, description="The current certification.")
    certifications = graphene.List(
        graphene.NonNull(Certification), required=True, description="All, current first."
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
    def _current(certs):
        return rules.pick_current(certs)

    @classmethod
    def _current_valid(cls, certs):
        cert = cls._current(certs)
        return cert if cert is not None and cert.is_valid_on() else None

    @classmethod
    def resolve_is_certified(cls, root, info):
        return then(cls._certs(root, info), lambda c: cls._current_valid(c) is not None)

    @classmethod
    def resolve_is_verified(cls, root, info):
        def verified(certs):
            cert = cls._current_valid(certs)
            return cert is not None and not cert.is_reported

        return then(cls._certs(root, info), verified)

    @classmethod
    def resolve_star(cls, root, info):
        return then(cls._certs(root, info), lambda c: getattr(cls._current_valid(c), "star", None))

    @classmethod
    def resolve_certification(cls, root, info):
        return then(cls._certs(root, info), cls._current)

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
    def _place(cls, root, info, field: str):
        """The current certificate's ``field`` id (province_id, …), else the producer's."""

        def from_producer(certs):
            cert = cls._current(certs)
            if cert is not None and cert.province_id is not None:
                return getattr(cert, field)
            return then(cls._producer(root, info), lambda p: p and getattr(p, field))

        return then(cls._certs(root, info), from_producer)

    @classmethod
    def resolve_producer(cls, root, info):
        return cls._producer(root, info)

    @classmethod
    def resolve_province(cls, root, info):
        return then(cls._place(root, info, "province_id"),
                    lambda pk: pk and resolver.province_by_pk(pk))

    @classmethod
    def resolve_legacy_province(cls, root, info):
        return then(cls._place(root, info, "legacy_province_id"),
                    lambda pk: pk and resolver.legacy_province_by_pk(pk))

    @classmethod
    def resolve_region(cls, root, info):
        return then(cls._place(root, info, "region_id"),
                    lambda pk: pk and resolver.region_by_pk(pk))

    @classmethod
    def resolve_commune(cls, root, info):
        from ..catalog.dataloaders import CommuneByIdLoader

        loader = get_loader(info.context, CommuneByIdLoader)
        return then(cls._place(root, info, "commune_id"),
                    lambda pk: loader.load(pk) if pk else None)
