"""Translating a producer's own products: the seller portal and the ``productTranslate`` /
``productVariantTranslate`` mutations call these.

Owners and managers translate their producer's products (the listing capability);
operator staff holding MANAGE_TRANSLATIONS translate every product. A suspended seller
cannot, like every other listing edit. The product row is locked while its translation is
written, so two editors of one product take turns. Typing rules: ``translation.editing``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from backend.catalog.models import Product, ProductVariant
from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode
from backend.translation import editing
from backend.translation.error_codes import TranslationErrorCode
from backend.translation.models import Translation

from .access import require
from .models import SellerAccount, SellerStatus
from .roles import Capability

OPERATOR = PermissionCode.MANAGE_TRANSLATIONS
PRODUCT_FIELDS = ("name", "description", "seo_title", "seo_description", "slug")
VARIANT_FIELDS = ("name",)


def may_translate(user: Any, producer_id: int | None) -> None:
    """``NotAllowed`` unless the user runs the producer's listings or is a translator; a
    ValidationError while the seller is suspended."""
    require(user, producer_id, Capability.MANAGE_LISTINGS, OPERATOR)
    if producer_id is None or has_permission(user, OPERATOR):
        return
    status = (SellerAccount.objects.filter(producer_id=producer_id)
              .values_list("status", flat=True).first())
    if status == SellerStatus.SUSPENDED:
        raise ValidationError({"id": ValidationError(
            "Gian hàng đang tạm ngừng: chưa thể sửa bản dịch.",
            code=TranslationErrorCode.INVALID.value)})


def _given(texts: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(texts) - set(allowed)
    if unknown:
        raise ValueError(f"not translatable here: {sorted(unknown)}")
    return texts


@transaction.atomic
def translate_product(user: Any, product: Product, language: str,
                      **texts: Any) -> Translation | None:
    """Write the given fields of the product's ``language`` translation (see
    ``translation.editing.save``); the search index follows through its signal."""
    may_translate(user, product.producer_id)
    Product.objects.select_for_update().filter(pk=product.pk).values_list("pk").first()
    return editing.save("product", product.pk, language, _given(texts, PRODUCT_FIELDS))


@transaction.atomic
def translate_variant(user: Any, variant: ProductVariant, language: str,
                      **texts: Any) -> Translation | None:
    """The variant's name in ``language``."""
    may_translate(user, variant.product.producer_id)
    Product.objects.select_for_update().filter(pk=variant.product_id).values_list("pk").first()
    return editing.save("variant", variant.pk, language, _given(texts, VARIANT_FIELDS))


def product_translations(product: Product, language: str) -> tuple[Translation | None,
                                                                  dict[int, Translation]]:
    """The product's row and its variants' rows in ``language`` (for the portal's form)."""
    row = Translation.objects.filter(kind="product", object_id=product.pk, key="",
                                     language_code=language).first()
    variant_ids = list(product.variants.values_list("pk", flat=True))
    variants = {t.object_id: t for t in Translation.objects.filter(
        kind="variant", object_id__in=variant_ids, key="", language_code=language)}
    return row, variants
