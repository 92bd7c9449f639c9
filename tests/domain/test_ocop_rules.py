import datetime

import pytest

from backend.ocop.rules import (
    CertificationStatus,
    InvalidStar,
    LegalBasis,
    certification_status,
    expected_issuer_level,
    legal_basis_for,
    normalize_decision_number,
    parse_star,
    valid_until_for,
)

D = datetime.date


@pytest.mark.parametrize("value", [3, "3", "3 sao", "3*", "3★", "★★★", " 3 SAO ", "Ba sao"])
def test_parse_star_three(value):
    assert parse_star(value) == 3


@pytest.mark.parametrize("value,star", [
    ("***", 3), ("****", 4), ("*****", 5), ("* * *", 3), ("hạng 3 sao", 3), ("Hạng 4", 4),
    ("xếp hạng 5 sao", 5), ("III", 3), ("IV", 4), ("V", 5), ("iv sao", 4), ("4 sao OCOP", 4),
    ("5 ★", 5), ("☆☆☆☆", 4), ("Bốn sao", 4), ("năm sao", 5), (4.0, 4),
])
def test_parse_star_as_national_lists_write_it(value, star):
    assert parse_star(value) == star


@pytest.mark.parametrize("value,code", [
    (1, "star_not_certified"), ("2 sao", "star_not_certified"), ("★★", "star_not_certified"),
    ("**", "star_not_certified"), ("II", "star_not_certified"), (6, "star_not_certified"),
    ("******", "star_not_certified"), ("", "invalid"), (None, "required"),
    ("nhiều sao", "invalid"), (3.5, "invalid"), ("VI", "invalid"), ("3 4", "invalid"),
])
def test_parse_star_rejects(value, code):
    with pytest.raises(InvalidStar) as error:
        parse_star(value)
    assert error.value.code.value == code


def test_two_stars_error_explains_the_rule():
    with pytest.raises(InvalidStar, match="chỉ sản phẩm 3, 4 hoặc 5 sao"):
        parse_star("2 sao")


@pytest.mark.parametrize(
    "raw", ["3981/QĐ-UBND", "3981/QD-UBND", "3981 / qđ - ubnd", "Số 3981/QĐ-UBND", "03981/QĐ-UBND"]
)
def test_decision_number_normalised(raw):
    assert normalize_decision_number(raw) == "3981/QĐ-UBND"


def test_validity_is_36_months_with_month_ends():
    assert valid_until_for(D(2026, 8, 5)) == D(2029, 8, 5)
    assert valid_until_for(D(2024, 2, 29)) == D(2027, 2, 28)


def test_status_timeline():
    until = D(2029, 8, 5)
    assert (
        certification_status(valid_until=until, today=D(2026, 9, 1)) == CertificationStatus.ACTIVE
    )
    assert (
        certification_status(valid_until=until, today=D(2029, 3, 1))
        == CertificationStatus.RENEWAL_DUE
    )
    # "Có giá trị đến ngày 05/08/2029" includes that day; the next day it has lapsed.
    assert (
        certification_status(valid_until=until, today=D(2029, 8, 5))
        == CertificationStatus.RENEWAL_DUE
    )
    assert (
        certification_status(valid_until=until, today=D(2029, 8, 6)) == CertificationStatus.EXPIRED
    )
    filed = D(2029, 3, 1)
    assert certification_status(
        valid_until=until, reevaluation_filed_on=filed, today=D(2029, 12, 1)
    ) == (CertificationStatus.GRACE)
    assert certification_status(
        valid_until=until, reevaluation_filed_on=filed, today=D(2030, 3, 1)
    ) == (CertificationStatus.EXPIRED)
    assert certification_status(
        valid_until=until, revoked_on=D(2027, 1, 1), today=D(2027, 1, 2)
    ) == (CertificationStatus.REVOKED)


def test_legal_basis_and_issuer_by_date():
    assert legal_basis_for(D(2021, 5, 1)) == LegalBasis.QD_1048_2019
    assert legal_basis_for(D(2024, 5, 1)) == LegalBasis.QD_148_2023
    assert legal_basis_for(D(2026, 8, 5)) == LegalBasis.QD_26_2026
    assert expected_issuer_level(3, D(2024, 1, 1)) == "huyện"
    assert expected_issuer_level(3, D(2025, 8, 1)) == "tỉnh"
    assert expected_issuer_level(5, D(2025, 8, 1)) == "bộ"
