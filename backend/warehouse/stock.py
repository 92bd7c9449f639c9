"""Setting stock by hand (sellers, staff): the one function every door calls.

Rows are locked with ``select_for_update`` in pk order, in one transaction; the quantity
on hand can never drop below what orders have already allocated.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Stock, Warehouse


@transaction.atomic
def set_stock(variant, entries: Iterable[tuple[Warehouse, int]]) -> list[Stock]:
    """Set ``variant``'s quantity in each warehouse; ``ValidationError`` (field
    ``quantity``) when a quantity is negative or below the allocated quantity."""
    wanted = sorted(((w, int(q)) for w, q in entries), key=lambda item: item[0].pk)
    for _, quantity in wanted:
        if quantity < 0:
            raise ValidationError({"quantity": "Số lượng tồn kho không được âm."})
    ids = [warehouse.pk for warehouse, _ in wanted]
    locked = {s.warehouse_id: s for s in Stock.objects.select_for_update()
              .filter(product_variant=variant, warehouse_id__in=ids).order_by("pk")}
    result = []
    for warehouse, quantity in wanted:
        stock = locked.get(warehouse.pk)
        if stock is None:
            stock = Stock.objects.create(
                warehouse=warehouse, product_variant=variant, quantity=quantity)
        else:
            if quantity < stock.quantity_allocated:
                raise ValidationError({"quantity": (
                    f"Không thể đặt tồn kho {quantity}: đã có {stock.quantity_allocated} "
                    "sản phẩm giữ cho đơn hàng.")})
            stock.quantity = quantity
            stock.save(update_fields=["quantity"])
        result.append(stock)
    return result


def producer_warehouse(producer) -> Warehouse:
    """The producer's warehouse (created at its address on first use)."""
    warehouse = Warehouse.objects.filter(producer=producer).order_by("pk").first()
    if warehouse is None:
        warehouse, _ = Warehouse.objects.get_or_create(
            slug=f"kho-{producer.pk}",
            defaults={"name": f"Kho {producer.name}"[:250], "producer": producer,
                      "province": producer.province, "address": producer.address[:500]},
        )
    return warehouse
