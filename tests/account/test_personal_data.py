"""Personal-data rights: the download holds everything kept about the person; deletion
(confirmed from the e-mail) anonymises the user row and removes nothing but their own
address book, so orders and accounting rows pointing at the user stay whole."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

REQUEST_DELETION = """
mutation ($redirectUrl: String!) { accountRequestDeletion(redirectUrl: $redirectUrl) { errors { field code message } } }
"""
DELETE = "mutation ($token: String!) { accountDelete(token: $token) { user { email isActive } errors { field code message } } }"
CREATE_ADDRESS = """
mutation ($input: AddressInput!) { accountAddressCreate(input: $input) { address { id } errors { code } } }
"""
HOME = {"firstName": "Mai", "lastName": "Trần", "streetAddress1": "5 Hai Bà Trưng",
        "city": "Phường Hoàn Kiếm", "countryArea": "Hà Nội", "phone": "0903 123 456"}


def row_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def test_data_download_has_profile_addresses_consents_and_sections_of_other_apps(
    api, make_user, sign_in
):
    from backend.account.consent import record_consents
    from backend.account.personal_data import export_personal_data, personal_data_requested

    user = make_user("tai-ve@example.vn", first_name="Mai", phone="+84903123456")
    record_consents(user, "web")
    token = sign_in("tai-ve@example.vn")["token"]
    api(CREATE_ADDRESS, {"input": HOME}, token=token)

    def orders_section(sender, user, **kwargs):
        return {"orders": [{"number": "DH-1", "total": 125000}]}

    personal_data_requested.connect(orders_section)
    try:
        data = export_personal_data(user)
    finally:
        personal_data_requested.disconnect(orders_section)
    assert data["profile"]["email"] == "tai-ve@example.vn"
    assert data["profile"]["phone"] == "0903 123 456"
    assert data["addresses"][0]["city"] == "Phường Hoàn Kiếm"
    assert data["addresses"][0]["phone"] == "+84903123456"
    assert {c["document"] for c in data["consents"]} == {"terms", "privacy"}
    assert data["orders"] == [{"number": "DH-1", "total": 125000}]
    assert export_personal_data(user)["orders"] == []  # until the orders app answers


def test_deletion_confirmed_by_email_anonymises_the_user_and_deletes_nothing_else(
    api, make_user, sign_in, smtp_server
):
    from backend.account.consent import record_consents
    from backend.account.models import Address, User
    from backend.account.personal_data import user_anonymising

    other = make_user("hang-xom@example.vn")
    record_consents(other, "web")
    leaving = make_user("ra-di@example.vn", first_name="Mai", last_name="Trần",
                        phone="+84903123456")
    record_consents(leaving, "web")
    other_token = sign_in("hang-xom@example.vn")["token"]
    api(CREATE_ADDRESS, {"input": HOME}, token=other_token)
    token = sign_in("ra-di@example.vn")["token"]
    for _ in range(2):
        api(CREATE_ADDRESS, {"input": HOME}, token=token)
    own_book = set(leaving.addresses.values_list("pk", flat=True))

    asked = api(REQUEST_DELETION, {"redirectUrl": "http://127.0.0.1:8000/tai-khoan/xoa/xac-nhan/"},
                token=token)
    assert asked["data"]["accountRequestDeletion"]["errors"] == []
    link = smtp_server.wait("ra-di@example.vn").link()
    deletion_token = parse_qs(urlparse(link).query)["token"][0]
    wrong = api(DELETE, {"token": "1-sai"}, token=token)["data"]["accountDelete"]
    assert wrong["errors"][0]["code"] == "INVALID"

    seen_by_hook = []

    def orders_hook(sender, user, **kwargs):  # what the orders app will plug in
        seen_by_hook.append(user.email)

    before = row_counts()
    user_anonymising.connect(orders_hook)
    try:
        done = api(DELETE, {"token": deletion_token}, token=token)["data"]["accountDelete"]
    finally:
        user_anonymising.disconnect(orders_hook)
    after = row_counts()
    assert done["errors"] == [] and done["user"]["isActive"] is False
    assert seen_by_hook == ["ra-di@example.vn"]  # called before the row is emptied

    # Only the leaver's own address book went; every other table kept its rows.
    changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    assert changed == {"account_address": (before["account_address"],
                                           before["account_address"] - 2),
                       "account_user_addresses": (before["account_user_addresses"],
                                                  before["account_user_addresses"] - 2)}
    assert not Address.objects.filter(pk__in=own_book).exists()
    assert other.addresses.count() == 1

    row = User.objects.get(pk=leaving.pk)
    assert row.email == f"deleted-{row.uuid}@anonymised.invalid"
    assert (row.first_name, row.last_name, row.phone) == ("", "", "")
    assert not row.is_active and not row.has_usable_password() and row.anonymised_at
    assert all(c.withdrawn_at for c in row.consents.all()) and row.consents.count() == 2
    assert all(c.withdrawn_at is None for c in other.consents.all())
    # Nothing signs in as the person any more.
    again = api("{ me { email } }", token=token)
    assert again["data"]["me"] is None
    assert sign_in("ra-di@example.vn", ip="10.9.9.9")["errors"][0]["code"] == (
        "INVALID_CREDENTIALS")
    assert api(DELETE, {"token": deletion_token}, token=token)["data"] == {"accountDelete": None}


def test_staff_accounts_cannot_delete_themselves(api, make_user, sign_in):
    make_user("nhan-vien@example.vn", is_staff=True)
    token = sign_in("nhan-vien@example.vn", PASSWORD)["token"]
    result = api(REQUEST_DELETION, {"redirectUrl": "http://127.0.0.1:8000/x/"}, token=token)
    assert result["data"]["accountRequestDeletion"]["errors"][0]["code"] == (
        "DELETE_STAFF_ACCOUNT")
