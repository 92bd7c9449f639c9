"""Payment references: short codes banks keep, found again in messy transfer descriptions."""

import pytest

from backend.payment.gateways.vietqr import (
    find_payment_references,
    is_payment_reference,
    new_payment_reference,
)
from backend.payment.gateways.vietqr.reference import REFERENCE_ALPHABET, ReferenceExhausted


def test_a_reference_is_short_upper_case_and_unambiguous():
    for _ in range(200):
        reference = new_payment_reference()
        assert len(reference) == 10 and reference.startswith("OCOP")
        assert set(reference[4:]) <= set(REFERENCE_ALPHABET)
        assert not set(reference[4:]) & set("ILOU")  # nothing to misread as 1 or 0
        assert is_payment_reference(reference)


def test_references_do_not_repeat():
    drawn = {new_payment_reference() for _ in range(300)}
    assert len(drawn) == 300


def test_a_taken_reference_is_drawn_again():
    taken = []

    def is_taken(reference):
        taken.append(reference)
        return len(taken) < 4

    reference = new_payment_reference(is_taken)
    assert reference == taken[-1] and len(taken) == 4


def test_a_store_that_says_everything_is_taken_stops_the_draw():
    with pytest.raises(ReferenceExhausted):
        new_payment_reference(lambda reference: True, attempts=3)


@pytest.mark.parametrize(
    "description",
    [
        "CT DEN:123456 OCOPAB12CD thanh toan don hang",
        "ct den:123456 ocopab12cd thanh toan don hang",  # a bank that lower-cases
        "MBVCB.3325.123456.OCOPAB12CDthanhtoandonhang",  # a bank that drops spaces
        "Chuyen tien OCOP AB12CD",  # typed by hand, with a space
        "NGUYEN VAN A chuyen khoan OCOP-AB12CD- FT26333",
        "Mua hang OCOP OCOPAB12CD",  # the word OCOP before the code
        "OCOPOCOPAB12CD",  # O is not in the alphabet: no false start
        "ＯＣＯＰＡＢ１２ＣＤ",  # full-width characters from a phone keyboard
    ],
)
def test_the_reference_is_found_inside_a_messy_bank_description(description):
    assert find_payment_references(description) == ("OCOPAB12CD",)


def test_every_reference_is_reported_once_in_order():
    text = "OCOPZZ99XY va OCOPAB12CD, lai OCOPZZ99XY"
    assert find_payment_references(text) == ("OCOPZZ99XY", "OCOPAB12CD")


@pytest.mark.parametrize(
    "description", ["", "VQRIO123", "thanh toan don hang OCOP", "OCOPAB12C", "OCOPAB1OCD"]
)
def test_a_description_without_a_reference_yields_none(description):
    assert find_payment_references(description) == ()


def test_a_long_description_is_searched_without_trouble():
    text = "x" * 100_000 + " OCOPAB12CD"
    assert find_payment_references(text) == ()  # only the head of a description is read
    assert find_payment_references("OCOPAB12CD " + "x" * 100_000) == ("OCOPAB12CD",)
