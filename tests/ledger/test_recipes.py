"""The posting recipes on worked examples (pure: no database)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from backend.ledger import recipes
from backend.ledger.journal import AccountRef, check_lines
from backend.ledger.models import AccountKind as K
from backend.ledger.recipes import (
    Discount,
    Funder,
    OrderLine,
    PaymentMethod,
    ProducerOrder,
    Refund,
    Stage,
    allocate,
)

P = 42  # a producer id
PENDING, PAYABLE = AccountRef(K.PRODUCER_PENDING, P), AccountRef(K.PRODUCER_PAYABLE, P)


def _totals(*specs) -> Counter:
    totals: Counter = Counter()
    for spec in specs:
        if spec is None:
            continue
        check_lines(spec.lines)  # every entry balances
        for line in spec.lines:
            totals[line.account] += line.amount
    return Counter({account: v for account, v in totals.items() if v})  # drop zeros


def _order(method=PaymentMethod.CARD, **kwargs) -> ProducerOrder:
    defaults = {"lines": (OrderLine(300_000, 1000), OrderLine(100_000, 800)),
                "shipping": 30_000,
                "discounts": (Discount(40_000, Funder.MARKETPLACE),
                              Discount(20_000, Funder.PRODUCER))}
    return ProducerOrder("1001-1", "1001", P, method, **{**defaults, **kwargs})


def test_allocate_spreads_exactly():
    assert allocate(20_000, [300_000, 100_000]) == [15_000, 5_000]
    assert allocate(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(allocate(99_999, [7, 13, 29, 51])) == 99_999


def test_card_order_paid_and_delivered():
    po = _order()
    paid = recipes.order_paid(po)
    assert {(ln.account.kind, ln.amount) for ln in paid.lines} == {
        (K.GATEWAY_STRIPE, 370_000),       # the shopper pays E − Dm
        (K.VOUCHER_EXPENSE, 40_000),       # the marketplace funds its voucher
        (K.ORDERS_UNDELIVERED, -410_000),  # E = 400 000 + 30 000 − 20 000
    }
    delivered = recipes.order_delivered(po)
    # Commission on goods after the producer's discount: 285 000 × 10 % + 95 000 × 8 %.
    assert _totals(paid, delivered) == Counter({
        AccountRef(K.GATEWAY_STRIPE): 370_000, AccountRef(K.VOUCHER_EXPENSE): 40_000,
        PENDING: -(410_000 - 36_100 - 3_610),
        AccountRef(K.COMMISSION_REVENUE): -36_100, AccountRef(K.COMMISSION_VAT): -3_610,
    })
    assert delivered.key == "po:1001-1:delivered" and delivered.producer_order_number == "1001-1"
    released = recipes.earnings_released(po)
    assert _totals(paid, delivered, released)[PAYABLE] == -370_290
    assert PENDING not in _totals(paid, delivered, released)


def test_cod_producer_keeps_the_cash_and_owes_the_commission():
    po = _order(PaymentMethod.COD, lines=(OrderLine(100_000, 1000),), shipping=0, discounts=())
    cancel = Refund("r", (100_000,), Stage.BEFORE_DELIVERY)
    assert recipes.refunded(po, cancel) is None
    assert recipes.refund_amount(po, cancel) == 0  # nothing to send back
    entries = [recipes.order_paid(po), recipes.order_delivered(po), recipes.earnings_released(po)]
    totals = _totals(*entries)
    assert totals[PAYABLE] == 11_000  # debit: the producer owes commission + VAT
    assert AccountRef(K.GATEWAY_COD) not in totals  # the cash was netted at delivery


def test_cod_marketplace_voucher_is_owed_to_the_producer():
    po = _order(PaymentMethod.COD, lines=(OrderLine(100_000, 1000),), shipping=0,
                discounts=(Discount(30_000, Funder.MARKETPLACE),))
    totals = _totals(recipes.order_paid(po), recipes.order_delivered(po))
    assert totals[PENDING] == -(30_000 - 11_000)  # voucher paid to it, less commission


def test_cod_refund_before_delivery_lowers_the_cash_collected():
    po = _order(PaymentMethod.COD)
    early = [Refund("r1", (100_000, 0), Stage.BEFORE_DELIVERY)]
    paid = recipes.order_paid(po, early)
    cash = {ln.account.kind: ln.amount for ln in paid.lines}[K.GATEWAY_COD]
    # A third of line 1: a third of its discount shares (5 000 producer, 10 000 marketplace).
    assert cash == 370_000 - (100_000 - 5_000 - 10_000)


@pytest.mark.parametrize("method", list(PaymentMethod))
@pytest.mark.parametrize("seed", range(20))
def test_refunding_everything_in_pieces_reverses_every_share_exactly(method, seed):
    rng = random.Random(seed)
    po = _order(method, lines=tuple(OrderLine(rng.randint(1, 900_001), rng.choice([0, 333, 850,
                                                                                 1000]))
                                    for _ in range(rng.randint(1, 4))),
                shipping=rng.choice([0, 17_001]),
                discounts=(Discount(rng.randint(0, 5_000), Funder.MARKETPLACE),
                           Discount(rng.randint(0, 5_000), Funder.PRODUCER)))
    left = [ln.gross for ln in po.lines]
    refunds: list[Refund] = []
    stage = rng.choice([Stage.PENDING, Stage.RELEASED])
    while any(left):
        piece = [rng.randint(0, x) if rng.random() < 0.7 else x for x in left]
        ship = po.shipping if not refunds else 0
        refunds.append(Refund(f"r{len(refunds)}", tuple(piece), stage, ship))
        left = [x - p for x, p in zip(left, piece, strict=True)]
    entries = [recipes.order_paid(po), recipes.order_delivered(po)]
    entries += [recipes.refunded(po, r, refunds[:i]) for i, r in enumerate(refunds)]
    if stage == Stage.RELEASED:
        entries.insert(2, recipes.earnings_released(po))
    totals = _totals(*entries)
    shopper_paid = sum(ln.amount for ln in entries[0].lines
                       if ln.account.kind.startswith("gateway"))
    # The producer, commission, VAT and voucher are back to nothing; the shopper is owed
    # exactly what it paid (COD: the producer kept the cash, so its balance is what it owes).
    if method == PaymentMethod.COD:
        assert totals == Counter({AccountRef(K.REFUNDS_OWED): -shopper_paid,
                                  (PAYABLE if stage == Stage.RELEASED else PENDING): shopper_paid})
    else:
        assert totals == Counter({AccountRef(recipes.GATEWAY[method]): shopper_paid,
                                  AccountRef(K.REFUNDS_OWED): -shopper_paid})


def test_a_refund_above_what_was_bought_is_refused():
    po = _order()
    with pytest.raises(ValueError):
        recipes.refunded(po, Refund("r", (300_001, 0), Stage.PENDING))
    with pytest.raises(ValueError):
        recipes.refunded(po, Refund("r", (1,), Stage.PENDING))  # not every line named
    with pytest.raises(ValueError):
        _order(discounts=(Discount(400_001, Funder.MARKETPLACE),))


def test_payout_recipes_move_money_through_transit():
    totals = _totals(recipes.payout_started(9, P, 50_000), recipes.payout_failed(9, P, 50_000),
                     recipes.payout_started(10, P, 50_000), recipes.payout_paid(10, 50_000))
    # The failed line came back; the paid one left the bank: one payout in all.
    assert totals == Counter({PAYABLE: 50_000, AccountRef(K.BANK): -50_000})
