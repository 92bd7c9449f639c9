import datetime

import pytest
from django.core.exceptions import ValidationError

from backend.ocop.models import Certification
from backend.ocop.services import certify, refresh_lapsed_certifications, revoke
from backend.producers.models import LegalForm
from backend.producers.services import infer_legal_form, normalize_phone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name,form",
    [
        ("Hợp tác xã Nông sản Hữu cơ Bechamp Đắk Nông", LegalForm.COOPERATIVE),
        ("HTX Chè Tân Cương", LegalForm.COOPERATIVE),
        ("Công ty TNHH Seagull", LegalForm.LIMITED_COMPANY),
        ("Công ty Cổ phần Thực phẩm Sài Gòn", LegalForm.JOINT_STOCK_COMPANY),
        ("Chi nhánh Công ty TNHH Nông Nghiệp Ceres", LegalForm.BRANCH),
        ("Hộ kinh doanh Nguyễn Văn A", LegalForm.HOUSEHOLD_BUSINESS),
        ("Cơ sở sản xuất Mắm Bà Giáo", LegalForm.HOUSEHOLD_BUSINESS),
        ("Tổ hợp tác Dệt thổ cẩm", LegalForm.COOPERATIVE_GROUP),
        ("Doanh nghiệp tư nhân Hương Quê", LegalForm.PRIVATE_ENTERPRISE),
        ("Trang trại Bò sữa Mộc Châu", LegalForm.FARM),
        ("Ông Ba bán nước", LegalForm.OTHER),
    ],
)
def test_infer_legal_form(name, form):
    assert infer_legal_form(name) == form


def test_phone_numbers():
    assert normalize_phone("0912 345 678") == "0912345678"
    assert normalize_phone("+84 912 345 678") == "+84912345678"
    with pytest.raises(ValidationError):
        normalize_phone("0212345678")


def _star_values(product):
    return sorted(
        a.value.slug
        for a in product.attributevalues.select_related("value__attribute")
        if a.value.attribute.slug == "ocop-star"
    )


def test_upgrade_keeps_history_and_moves_star(make_product):
    product = make_product(star=3, decision_date=datetime.date(2025, 3, 1))
    cert, created = certify(
        product,
        star="4 sao",
        decision_number="120/QĐ-UBND",
        decision_date=datetime.date(2026, 9, 1),
        issuer="UBND tỉnh Lâm Đồng",
    )
    assert created and cert.valid_until == datetime.date(2029, 9, 1)
    assert Certification.objects.filter(product=product).count() == 2
    assert _star_values(product) == ["4-sao"]
    again, created = certify(
        product,
        star=4,
        decision_number="120/QD-UBND",
        decision_date=datetime.date(2026, 9, 1),
        issuer="UBND tỉnh Lâm Đồng",
    )
    assert not created and again.pk == cert.pk  # the same decision is not recorded twice


def test_revocation_removes_attributes_but_keeps_record(make_product):
    product = make_product(star=4)
    cert = product.certifications.get()
    revoke(cert, on=datetime.date.today(), reason="Vi phạm ghi nhãn")
    assert _star_values(product) == []
    assert Certification.objects.get(pk=cert.pk).status().value == "revoked"
    with pytest.raises(ValidationError):
        revoke(cert, on=datetime.date.today(), reason="  ")


def test_expiry_is_picked_up_without_manual_step(make_product):
    product = make_product(
        star=5, decision_date=datetime.date.today() - datetime.timedelta(days=40)
    )
    assert _star_values(product) == ["5-sao"]
    in_four_years = datetime.date.today() + datetime.timedelta(days=4 * 365)
    assert refresh_lapsed_certifications(today=in_four_years) >= 1
    assert _star_values(product) == []


def test_invalid_certification_fields_name_each_problem(make_product):
    product = make_product(star=None)
    with pytest.raises(ValidationError) as error:
        certify(product, star="2", decision_number="", decision_date=None, issuer="")
    # The issuer is optional (inferred from the rules when missing); the rest is not.
    codes = {f: e[0].code for f, e in error.value.error_dict.items()}
    assert codes == {"star": "star_not_certified", "decision_number": "required",
                     "decision_date": "required"}
