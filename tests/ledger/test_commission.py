"""Which commission rate applies, and how commission and VAT round."""

from __future__ import annotations

import datetime

import pytest

from backend.catalog.models import Category
from backend.ledger.commission import commission_amount, commission_rate_for, commission_vat
from backend.ledger.models import CommissionRule

JAN, MAR, JUN = datetime.date(2026, 1, 1), datetime.date(2026, 3, 1), datetime.date(2026, 6, 1)


@pytest.mark.parametrize("base,bps,expected", [
    (100_000, 800, 8_000),
    (12_345, 850, 1_049),   # 1049.325 → 1049
    (10_001, 500, 500),     # 500.05 → 500
    (10_010, 500, 501),     # 500.5 → 501: half up
    (1, 5000, 1),           # 0.5 → 1
    (1, 4999, 0),
    (0, 1000, 0),
    (99_999_999_999, 10000, 99_999_999_999),
])
def test_commission_rounds_half_up_to_whole_dong(base, bps, expected):
    assert commission_amount(base, bps) == expected


@pytest.mark.parametrize("args", [(-1, 100), (100, -1), (100, 10001), (100.0, 100),
                                  (True, 100)])
def test_commission_refuses_what_is_not_an_amount_and_a_rate(args):
    with pytest.raises(ValueError):
        commission_amount(*args)


def test_vat_on_commission_is_a_setting(settings):
    assert commission_vat(8_005) == 801  # 10 % by default, half up
    settings.LEDGER_COMMISSION_VAT_BPS = 800
    assert commission_vat(8_005) == 640


@pytest.fixture
def tree(db):
    food = Category.objects.create(name="Thực phẩm", slug="thuc-pham")
    sauce = Category.objects.create(name="Nước chấm", slug="nuoc-cham", parent=food)
    fish_sauce = Category.objects.create(name="Nước mắm", slug="nuoc-mam", parent=sauce)
    tea = Category.objects.create(name="Trà", slug="tra")
    return food, sauce, fish_sauce, tea


def _rule(bps, producer=None, category=None, valid_from=JAN):
    CommissionRule.objects.create(rate_bps=bps, producer_id=producer, category=category,
                                  valid_from=valid_from)


@pytest.mark.django_db
def test_most_specific_rule_wins(tree, producers, settings):
    food, sauce, fish_sauce, tea = tree
    a, b, c = producers
    settings.LEDGER_DEFAULT_COMMISSION_BPS = 123
    assert commission_rate_for(a, fish_sauce.pk, JUN) == 123  # no rule at all: the setting
    _rule(1000)                                   # marketplace default
    _rule(800, category=food)                     # a category, inherited down the tree
    _rule(700, category=sauce)                    # a nearer ancestor
    _rule(600, producer=a)                        # a producer
    _rule(500, producer=a, category=food)         # producer + category
    _rule(300, producer=b, category=sauce)
    table = [
        # producer, category, expected: why
        (c, tea.pk, 1000),         # default
        (c, None, 1000),           # no category: default
        (c, food.pk, 800),         # category
        (c, fish_sauce.pk, 700),   # nearest ancestor (sauce), not food
        (a, tea.pk, 600),          # producer beats default
        (a, None, 600),
        (a, fish_sauce.pk, 500),   # producer+category (inherited from food) beats producer
        (b, fish_sauce.pk, 300),   # producer+category beats category sauce
        (b, food.pk, 800),         # b's rule is for sauce only: food's rule applies
    ]
    assert [(p, cat, commission_rate_for(p, cat, JUN)) for p, cat, _ in table] == table


@pytest.mark.django_db
def test_rules_apply_from_their_date_and_the_latest_version_wins(tree, producers):
    food = tree[0]
    _rule(1000)
    _rule(900, category=food, valid_from=MAR)
    _rule(850, category=food, valid_from=JUN)
    assert commission_rate_for(producers[0], food.pk, datetime.date(2026, 2, 28)) == 1000
    assert commission_rate_for(producers[0], food.pk, MAR) == 900
    assert commission_rate_for(producers[0], food.pk, datetime.date(2026, 12, 31)) == 850
