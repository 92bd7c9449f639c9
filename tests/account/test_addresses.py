"""Vietnamese addresses through Saleor's AddressInput: old names land in today's units (and
the typed words are kept), mistakes are AccountErrors naming the field in Vietnamese."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ADDRESS = """
fragment A on Address {
  id firstName lastName streetAddress1 city cityArea postalCode countryArea
  country { code country } phone enteredPlace isDefaultShippingAddress isDefaultBillingAddress
  province { code name } commune { code fullName }
}
"""
CREATE = ADDRESS + """
mutation Create($input: AddressInput!, $type: AddressTypeEnum) {
  accountAddressCreate(input: $input, type: $type) {
    address { ...A } user { defaultShippingAddress { id } defaultBillingAddress { id } }
    errors { field code message addressType }
  }
}
"""
UPDATE = ADDRESS + """
mutation Update($id: ID!, $input: AddressInput!) {
  accountAddressUpdate(id: $id, input: $input) { address { ...A } errors { field code message } }
}
"""
DELETE = """
mutation Delete($id: ID!) {
  accountAddressDelete(id: $id) { address { id } user { addresses { id } defaultShippingAddress { id } } errors { field code } }
}
"""
SET_DEFAULT = """
mutation Default($id: ID!, $type: AddressTypeEnum!) {
  accountSetDefaultAddress(id: $id, type: $type) {
    user { defaultShippingAddress { id } defaultBillingAddress { id } } errors { field code }
  }
}
"""
BASE = {"firstName": "Lan", "lastName": "Nguyễn Thị", "streetAddress1": "12 Lê Lợi",
        "phone": "0912 345 678"}


@pytest.fixture
def token(make_user, sign_in):
    make_user("dia-chi@example.vn")
    return sign_in("dia-chi@example.vn")["token"]


def create(api, token, type=None, **fields):
    variables = {"input": {**BASE, **fields}, "type": type}
    return api(CREATE, variables, token=token)["data"]["accountAddressCreate"]


@pytest.mark.parametrize(
    ("city", "city_area", "province", "commune_now", "province_now", "old_names"),
    [
        ("Phường Bến Nghé", "Quận 1", "TP HCM", "Phường Sài Gòn", "Thành phố Hồ Chí Minh",
         True),
        ("xã Tam Thăng", "thành phố Tam Kỳ", "tỉnh Quảng Nam", "Phường Bàn Thạch",
         "Thành phố Đà Nẵng", True),
        ("Phường Bến Nghé, Quận 1, TP HCM", "", "Hồ Chí Minh", "Phường Sài Gòn",
         "Thành phố Hồ Chí Minh", True),
        ("Xã Ninh Gia", "", "Lâm Đồng", "Xã Ninh Gia", "Tỉnh Lâm Đồng", False),
        ("Phường Sài Gòn", "", "Thành phố Hồ Chí Minh", "Phường Sài Gòn",
         "Thành phố Hồ Chí Minh", False),
    ],
)
def test_old_and_new_place_names_land_in_current_units(
    api, token, city, city_area, province, commune_now, province_now, old_names
):
    result = create(api, token, city=city, cityArea=city_area, countryArea=province)
    assert result["errors"] == []
    address = result["address"]
    assert (address["city"], address["countryArea"]) == (commune_now, province_now)
    assert address["commune"]["fullName"] == commune_now
    assert address["country"] == {"code": "VN", "country": "Việt Nam"}
    assert address["phone"] == "+84912345678"
    if old_names:  # the words the person typed are kept beside the current units
        assert city in address["enteredPlace"] and province in address["enteredPlace"]
    else:
        assert address["enteredPlace"] is None


@pytest.mark.parametrize(
    ("fields", "field", "code", "words"),
    [
        ({"countryArea": "Tỉnh Không Có", "city": "Phường Sài Gòn"}, "countryArea", "INVALID",
         "Không tìm thấy tỉnh/thành phố “Tỉnh Không Có”"),
        ({"countryArea": "Hà Nội", "city": "Phường Sài Gòn"}, "city", "INVALID",
         "Không tìm thấy xã/phường “Phường Sài Gòn” thuộc Thành phố Hà Nội"),
        ({"countryArea": "Hà Nội", "city": "Phường Hoàn Kiếm", "phone": "0123"}, "phone",
         "INVALID", "Số điện thoại “0123” không hợp lệ"),
        ({"countryArea": "Hà Nội", "city": "Phường Hoàn Kiếm", "streetAddress1": ""},
         "streetAddress1", "REQUIRED", "Hãy nhập số nhà và tên đường"),
        ({"countryArea": "", "city": "Phường Hoàn Kiếm"}, "countryArea", "REQUIRED",
         "Hãy chọn tỉnh/thành phố"),
        ({"countryArea": "Hà Nội", "city": ""}, "city", "REQUIRED", "Hãy chọn xã/phường"),
        ({"countryArea": "Hà Nội", "city": "Phường Hoàn Kiếm", "country": "US"}, "country",
         "INVALID", "chỉ nhận địa chỉ tại Việt Nam"),
        ({"countryArea": "Hà Nội", "city": "Phường Hoàn Kiếm", "postalCode": "ABC"},
         "postalCode", "INVALID", "Mã bưu chính “ABC” không hợp lệ"),
    ],
)
def test_mistakes_are_account_errors_naming_the_field(api, token, fields, field, code, words):
    from backend.account.models import Address

    result = create(api, token, **fields)
    assert result["address"] is None
    errors = {e["field"]: e for e in result["errors"]}
    assert errors[field]["code"] == code
    assert words in errors[field]["message"]
    assert not Address.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0912 345 678", "+84912345678"), ("+84 912 345 678", "+84912345678"),
     ("0912.345.678", "+84912345678"), ("028 3829 5555", "+842838295555"),
     ("024 3826 4444", "+842438264444"), ("", None)],
)
def test_phone_numbers_as_people_write_them_are_stored_in_e164(api, token, typed, stored):
    result = create(api, token, countryArea="Hà Nội", city="Phường Hoàn Kiếm", phone=typed)
    assert result["errors"] == [] and result["address"]["phone"] == stored


def test_address_book_defaults_update_and_delete(api, token):
    first = create(api, token, countryArea="Hà Nội", city="Phường Hoàn Kiếm")
    home = first["address"]["id"]
    # The first address becomes both defaults.
    assert first["user"] == {"defaultShippingAddress": {"id": home},
                             "defaultBillingAddress": {"id": home}}
    assert first["address"]["isDefaultShippingAddress"] is True
    second = create(api, token, countryArea="Lâm Đồng", city="Xã Ninh Gia")
    office = second["address"]["id"]
    assert second["user"]["defaultShippingAddress"] == {"id": home}
    billing = api(SET_DEFAULT, {"id": office, "type": "BILLING"}, token=token)
    assert billing["data"]["accountSetDefaultAddress"]["user"] == {
        "defaultShippingAddress": {"id": home}, "defaultBillingAddress": {"id": office}}
    changed = api(UPDATE, {"id": home, "input": {**BASE, "countryArea": "Quảng Nam",
                                                 "city": "xã Tam Thăng"}}, token=token)
    address = changed["data"]["accountAddressUpdate"]["address"]
    assert (address["city"], address["countryArea"]) == ("Phường Bàn Thạch", "Thành phố Đà Nẵng")
    deleted = api(DELETE, {"id": home}, token=token)["data"]["accountAddressDelete"]
    assert deleted["address"] == {"id": home}
    assert deleted["user"] == {"addresses": [{"id": office}], "defaultShippingAddress": None}
    placed = create(api, token, countryArea="Hà Nội", city="Phường Hoàn Kiếm", type="SHIPPING")
    assert placed["user"]["defaultShippingAddress"] == {"id": placed["address"]["id"]}


def test_account_update_reports_address_errors_with_their_type(api, token):
    query = """
    mutation ($input: AccountInput!) {
      accountUpdate(input: $input) {
        user { firstName phone defaultShippingAddress { city } }
        errors { field code addressType message }
      }
    }
    """
    bad = api(query, {"input": {"firstName": "Hoa", "defaultShippingAddress": {
        **BASE, "countryArea": "Hà Nội", "city": "Xã Không Có"}}}, token=token)
    result = bad["data"]["accountUpdate"]
    assert result["user"] is None
    assert [(e["field"], e["code"], e["addressType"]) for e in result["errors"]] == [
        ("city", "INVALID", "SHIPPING")]
    good = api(query, {"input": {"firstName": "Hoa", "phone": "0987 654 321",
                                 "defaultShippingAddress": {
                                     **BASE, "countryArea": "Hà Nội",
                                     "city": "Phường Hoàn Kiếm"}}}, token=token)
    assert good["data"]["accountUpdate"] == {"user": {
        "firstName": "Hoa", "phone": "+84987654321",
        "defaultShippingAddress": {"city": "Phường Hoàn Kiếm"}}, "errors": []}


RULES = """
query Rules($area: String) {
  addressValidationRules(countryCode: VN, countryArea: $area) {
    countryCode countryName requiredFields allowedFields countryAreaType cityType
    countryAreaChoices { raw verbose } cityChoices { raw verbose } postalCodeMatchers
  }
}
"""


def test_address_validation_rules_list_the_34_provinces_and_a_province_s_communes(api):
    rules = api(RULES)["data"]["addressValidationRules"]
    assert rules["countryCode"] == "VN" and rules["countryName"] == "Việt Nam"
    names = [c["raw"] for c in rules["countryAreaChoices"]]
    assert len(names) == 34 and "Thành phố Đà Nẵng" in names and "Tỉnh Quảng Nam" not in names
    assert {"city", "country_area", "street_address"} <= set(rules["requiredFields"])
    assert "postal_code" not in rules["requiredFields"]
    assert rules["cityChoices"] == []
    # An old province name lists the communes of the unit it joined.
    da_nang = api(RULES, {"area": "Quảng Nam"})["data"]["addressValidationRules"]
    communes = [c["raw"] for c in da_nang["cityChoices"]]
    assert "Phường Bàn Thạch" in communes and "Phường Hải Châu" in communes
    assert "Phường Sài Gòn" not in communes
    foreign = api('{ addressValidationRules(countryCode: US) { countryCode } }')
    assert foreign == {"data": {"addressValidationRules": None}}
