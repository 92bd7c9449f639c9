import graphene

from backend.geo import resolver
from backend.geo.models import Province as ProvinceModel
from backend.ocop import classification
from backend.ocop.models import Certification as CertificationModel
from backend.ocop.rules import normalize_decision_number

from ..core.dataloaders import remember
from ..core.errors import InvalidArgument
from .types import Certification, ProductGroup, Province, Region


class CertificationCheck(graphene.ObjectType):
    """What a shopper sees when checking a certificate by product code or decision number."""

    certification = graphene.Field(Certification)
    product = graphene.Field(
        "backend.graphql.catalog.types.Product",
        description="The certified product; null while it is not on sale on the marketplace.",
    )


class OcopQueries(graphene.ObjectType):
    ocop_regions = graphene.List(graphene.NonNull(Region), required=True)
    ocop_provinces = graphene.List(
        graphene.NonNull(Province), required=True, description="The 34 units since 1/7/2025."
    )
    ocop_province = graphene.Field(
        Province,
        name=graphene.String(required=True),
        description="Resolve any name, old or new ('Quảng Nam' → Thành phố Đà Nẵng).",
    )
    ocop_product_groups = graphene.List(
        graphene.NonNull(ProductGroup),
        required=True,
        level=graphene.Int(),
        description="The QĐ 26/2026 classification.",
    )
    ocop_certifications = graphene.List(
        graphene.NonNull(CertificationCheck),
        required=True,
        product_code=graphene.String(),
        decision_number=graphene.String(),
        description="Check certificates by product code or decision number (at most 50).",
    )

    @staticmethod
    def resolve_ocop_regions(root, info):
        return resolver.all_regions()

    @staticmethod
    def resolve_ocop_provinces(root, info):
        return list(ProvinceModel.objects.order_by("code"))

    @staticmethod
    def resolve_ocop_province(root, info, name):
        match = resolver.resolve_province(name)
        return match.province if match else None

    @staticmethod
    def resolve_ocop_product_groups(root, info, level=None):
        groups = classification.all_groups()
        return [g for g in groups if level is None or g.level == level]

    @staticmethod
    def resolve_ocop_certifications(root, info, product_code=None, decision_number=None):
        from backend.catalog.models import Product

        from ..core.context import ChannelContext, get_channel, requestor

        if not product_code and not decision_number:
            raise InvalidArgument("Provide `productCode` or `decisionNumber`.")
        qs = CertificationModel.objects.all()
        if product_code:
            qs = qs.filter(product_code__iexact=product_code.strip())
        if decision_number:
            qs = qs.filter(decision_number=normalize_decision_number(decision_number))
        certs = list(qs.order_by("-decision_date", "-pk")[:50])
        channel = get_channel(info, None)
        # The certificate is a public record; the product only while visitors may see it.
        products = Product.objects.visible_to(requestor(info), channel).in_bulk(
            [c.product_id for c in certs]
        )
        remember(info.context, "product", products.values())
        return [
            CertificationCheck(
                certification=c,
                product=(
                    ChannelContext(products[c.product_id], channel)
                    if c.product_id in products
                    else None
                ),
            )
            for c in certs
        ]
