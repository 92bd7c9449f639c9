"""``ocop loadreference``: (re)load administrative units and the OCOP classification."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = ("Nạp lại dữ liệu tham chiếu: vùng, tỉnh/thành, xã/phường (cũ và mới), phân loại "
            "sản phẩm OCOP theo QĐ 26/2026 và các thuộc tính OCOP.")

    def handle(self, *args, **options) -> None:
        from backend.core.cache import reset_all
        from backend.geo.reference import load_admin_units
        from backend.ocop import classification
        from backend.ocop.services import ensure_ocop_product_type

        with transaction.atomic():
            units = load_admin_units()
            groups = classification.load_classification()
            # Every in-process reference index (resolver, classification, search facets)
            # holds the old rows; the attribute values are built from the fresh ones.
            reset_all()
            ensure_ocop_product_type()
        detail = ", ".join(f"{k}: {v}" for k, v in (units or {}).items())
        self.stdout.write(self.style.SUCCESS(
            f"Đã nạp dữ liệu tham chiếu ({detail}; nhóm sản phẩm OCOP: {groups})."
        ))
