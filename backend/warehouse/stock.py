"""Reserving, allocating and releasing stock, so it never oversells.

Every function here locks the Stock rows it reads with ``select_for_update`` in
ascending primary-key order: two buyers wanting the same two variants in opposite
orders wait for each other instead of deadlocking, and no count goes below zero.
Available = quantity − allocated − what other open checkouts hold (unexpired).

Setting stock by hand (sellers, staff) goes through ``set_stock`` under the same locks:
the quantity on hand can never drop below what orders have already allocated.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from .models import Allocation, Reservation, Stock, Warehouse


class InsufficientStock(Exception):
    def __init__(self, shortages: dict[int, int]) -> None:
        # variant id → units that can still be had
        self.shortages = shortages
        super().__init__(f"insufficient stock for variants {sorted(shortages)}")


def reservation_expiry(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) + datetime.timedelta(
        minutes=settings.CHECKOUT_RESERVATION_MINUTES)


def lock_stocks(variant_ids: Iterable[int]) -> dict[int, list[Stock]]:
    """Lock every stock row of the variants, in pk order; variant id → its stocks."""
    stocks = list(Stock.objects.select_for_update().filter(
        product_variant_id__in=set(variant_ids)).order_by("pk"))
    by_variant: dict[int, list[Stock]] = defaultdict(list)
    for stock in stocks:
        by_variant[stock.product_variant_id].append(stock)
    return by_variant


def _held_by_others(stocks: list[Stock], checkout_token, now) -> dict[int, int]:
    rows = (Reservation.objects.filter(stock__in=stocks, reserved_until__gt=now)
            .exclude(checkout_line__checkout_id=checkout_token)
            .values("stock_id").annotate(held=Sum("quantity_reserved")))
    return {row["stock_id"]: row["held"] for row in rows}


def _plan(needs: dict[int, int], by_variant: dict[int, list[Stock]], held: dict[int, int],
          tracked: dict[int, bool]) -> dict[int, list[tuple[Stock, int]]]:
    """Which stock each variant's units come from; InsufficientStock if they are short."""
    plan: dict[int, list[tuple[Stock, int]]] = {}
    short: dict[int, int] = {}
    for variant_id, need in needs.items():
        parts, left = [], need
        total_free = 0
        for stock in by_variant.get(variant_id, []):
            free = stock.quantity - stock.quantity_allocated - held.get(stock.pk, 0)
            free = max(free, 0) if tracked.get(variant_id, True) else need
            total_free += free
            take = min(free, left)
            if take > 0:
                parts.append((stock, take))
                left -= take
        if left > 0:
            short[variant_id] = total_free
        plan[variant_id] = parts
    if short:
        raise InsufficientStock(short)
    return plan


@transaction.atomic
def reserve(checkout_token, lines: list[tuple[int, int, int]], tracked: dict[int, bool],
            now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Hold stock for a checkout's lines [(line id, variant id, quantity)], replacing what
    it held before. Returns the expiry, or raises InsufficientStock (nothing changes)."""
    now = now or timezone.now()
    Reservation.objects.filter(checkout_line__checkout_id=checkout_token).delete()
    if not lines:
        return None
    by_variant = lock_stocks(v for _, v, _ in lines)
    all_stocks = [s for stocks in by_variant.values() for s in stocks]
    held = _held_by_others(all_stocks, checkout_token, now)
    plan = _plan({v: q for _, v, q in lines}, by_variant, held, tracked)
    until = reservation_expiry(now)
    Reservation.objects.bulk_create([
        Reservation(checkout_line_id=line_id, stock=stock, quantity_reserved=quantity,
                    reserved_until=until)
        for line_id, variant_id, _ in lines for stock, quantity in plan[variant_id]])
    return until


def allocate(checkout_token, lines: list[tuple[object, int, int]], tracked: dict[int, bool],
             now: datetime.datetime | None = None) -> None:
    """Allocate stock to order lines [(order line, variant id, quantity)] inside the
    caller's transaction; the checkout's own reservations count as its stock."""
    now = now or timezone.now()
    by_variant = lock_stocks(v for _, v, _ in lines)
    all_stocks = [s for stocks in by_variant.values() for s in stocks]
    held = _held_by_others(all_stocks, checkout_token, now)
    needs: dict[int, int] = defaultdict(int)
    for _, variant_id, quantity in lines:
        needs[variant_id] += quantity
    plan = _plan(needs, by_variant, held, tracked)
    allocations = []
    for line, variant_id, quantity in lines:
        left = quantity
        for index, (stock, take) in enumerate(plan[variant_id]):
            use = min(take, left)
            if use <= 0:
                continue
            plan[variant_id][index] = (stock, take - use)
            left -= use
            stock.quantity_allocated += use
            allocations.append(Allocation(order_line=line, stock=stock, quantity_allocated=use))
    Stock.objects.bulk_update(all_stocks, ["quantity_allocated"])
    Allocation.objects.bulk_create(allocations)
    Reservation.objects.filter(checkout_line__checkout_id=checkout_token).delete()


def _locked_allocations(order_line_ids: list[int]) -> list[Allocation]:
    allocations = list(Allocation.objects.filter(order_line_id__in=order_line_ids)
                       .order_by("stock_id"))
    stocks = {s.pk: s for s in Stock.objects.select_for_update()
              .filter(pk__in={a.stock_id for a in allocations}).order_by("pk")}
    for allocation in allocations:
        allocation.stock = stocks[allocation.stock_id]
    return allocations


def deallocate(quantities: dict[int, int]) -> None:
    """Give back stock of order lines {order line id: units} (cancellation)."""
    allocations = _locked_allocations(list(quantities))
    left = dict(quantities)
    touched = {}
    for allocation in allocations:
        give = min(allocation.quantity_allocated, left.get(allocation.order_line_id, 0))
        if give <= 0:
            continue
        left[allocation.order_line_id] -= give
        allocation.quantity_allocated -= give
        stock = allocation.stock
        stock.quantity_allocated = max(stock.quantity_allocated - give, 0)
        touched[stock.pk] = stock
    Stock.objects.bulk_update(list(touched.values()), ["quantity_allocated"])
    Allocation.objects.bulk_update(allocations, ["quantity_allocated"])


def decrease_for_shipment(quantities: dict[int, int]) -> None:
    """Shipped units leave the warehouse: quantity and allocation both drop."""
    allocations = _locked_allocations(list(quantities))
    left = dict(quantities)
    touched = {}
    for allocation in allocations:
        take = min(allocation.quantity_allocated, left.get(allocation.order_line_id, 0))
        if take <= 0:
            continue
        left[allocation.order_line_id] -= take
        allocation.quantity_allocated -= take
        stock = allocation.stock
        stock.quantity_allocated = max(stock.quantity_allocated - take, 0)
        stock.quantity = max(stock.quantity - take, 0)
        touched[stock.pk] = stock
    Stock.objects.bulk_update(list(touched.values()), ["quantity", "quantity_allocated"])
    Allocation.objects.bulk_update(allocations, ["quantity_allocated"])


def release_expired(now: datetime.datetime | None = None) -> int:
    """Delete reservations past their expiry (they already count for nothing)."""
    deleted, _ = Reservation.objects.filter(reserved_until__lte=now or timezone.now()).delete()
    return deleted


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
