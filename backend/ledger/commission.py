"""Commission rates and amounts.

A rate is in basis points (100 = 1 %). Rules (``CommissionRule``) name a producer, a
category, both or neither (the marketplace default), each valid from a date; a category's
rule covers its whole subtree. For a line the most specific rule valid on the day wins:

    producer + category  >  producer  >  category  >  marketplace default

and between two category rules of the same rank the nearer ancestor wins; between two
versions of the same rule, the latest ``valid_from`` on or before the day. The rate is
frozen on the order line when the order is placed, so a later change of rules never alters
an order already placed.

VAT on commission (``LEDGER_COMMISSION_VAT_BPS``, default 10 %) is charged to the producer
on top of the commission and owed to the tax office.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q

from .models import CommissionRule

BPS = 10_000


def commission_amount(base: int, bps: int) -> int:
    """``base × bps / 10 000`` rounded half up to a whole đồng (both non-negative)."""
    if type(base) is not int or type(bps) is not int or base < 0 or not 0 <= bps <= BPS:
        raise ValueError(f"commission_amount({base!r}, {bps!r})")
    return (base * bps + BPS // 2) // BPS


def vat_bps() -> int:
    return settings.LEDGER_COMMISSION_VAT_BPS


def commission_vat(commission: int, rate_bps: int | None = None) -> int:
    return commission_amount(commission, vat_bps() if rate_bps is None else rate_bps)


def _ancestors(category_id: int | None) -> list[int]:
    """The category and its ancestors, nearest first (from the stored tree path)."""
    if category_id is None:
        return []
    from backend.catalog.models import Category

    path = Category.objects.filter(pk=category_id).values_list("tree_path", flat=True).first()
    if not path:
        return [category_id]
    return [int(part) for part in reversed(path.strip("/").split("/"))]


def commission_rate_for(producer_id: int | None, category_id: int | None,
                        on: datetime.date) -> int:
    """The commission rate (basis points) for a producer's product in a category on a day."""
    ancestors = _ancestors(category_id)
    depth = {pk: i for i, pk in enumerate(ancestors)}  # 0 = the category itself
    rules = CommissionRule.objects.filter(valid_from__lte=on).filter(
        Q(producer_id=producer_id) | Q(producer__isnull=True) if producer_id else
        Q(producer__isnull=True),
        Q(category_id__in=ancestors) | Q(category__isnull=True),
    ).values_list("producer_id", "category_id", "valid_from", "rate_bps")

    def precedence(rule: tuple) -> tuple:
        producer, category, valid_from, _ = rule
        rank = (2 if producer else 0) + (1 if category else 0)
        nearness = -depth[category] if category else 0
        return rank, nearness, valid_from

    best = max(rules, key=precedence, default=None)
    return best[3] if best else settings.LEDGER_DEFAULT_COMMISSION_BPS
