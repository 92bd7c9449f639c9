"""Every new door of the accounts work (the account mutations and queries, the pages, the
JWKS endpoint) fed bad input: typed errors or clean refusals, never a 500; and one
user cannot read or touch another's addresses (rows counted before and after)."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-cua-An-2026"
NUL = "a\x00b"
HUGE = "x" * 200_000
ERRORS = "errors { field code message }"
ADDRESS = {"streetAddress1": "1 Lý Thái Tổ", "city": "Phường Hoàn Kiếm", "countryArea": "Hà Nội"}


def post(client: Client, document: str, variables=None, token: str | None = None,
         ip: str = "192.0.2.1"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/graphql/", json.dumps({"query": document, "variables": variables or {}}),
                       content_type="application/json", REMOTE_ADDR=ip, **headers)


def assert_clean(response, tally: Counter) -> dict:
    tally["tried"] += 1
    assert response.status_code < 500, response.content[:300]
    body = response.content.decode()
    assert "Internal Server Error" not in body and "Traceback" not in body, body[:300]
    tally["refused cleanly" if ('"errors"' in body and '[]' not in body.split('"errors"')[1][:4])
          else "answered"] += 1
    return response.json()


@pytest.fixture
def two_shoppers(django_user_model):
    """An and Bình, each with one address; tokens for both."""
    from backend.account import jwt_tokens
    from backend.account.addresses import add_address, clean_address_input

    people = {}
    for name in ("an", "binh"):
        user = django_user_model.objects.create_user(f"{name}@example.vn", PASSWORD)
        address = add_address(user, clean_address_input(
            {"street_address_1": "1 Lý Thái Tổ", "city": "Phường Hoàn Kiếm",
             "country_area": "Hà Nội"}))
        people[name] = {"user": user, "address": address,
                        "token": jwt_tokens.create_access_token(user)}
    return people


MUTATIONS = {
    "accountRegister": f"mutation ($i: AccountRegisterInput!) {{ accountRegister(input: $i) {{ {ERRORS} }} }}",
    "confirmAccount": f"mutation ($e: String!, $t: String!) {{ confirmAccount(email: $e, token: $t) {{ {ERRORS} }} }}",
    "tokenCreate": f"mutation ($e: String!, $p: String!, $a: String) {{ tokenCreate(email: $e, password: $p, audience: $a) {{ token {ERRORS} }} }}",
    "tokenRefresh": f"mutation ($r: String, $c: String) {{ tokenRefresh(refreshToken: $r, csrfToken: $c) {{ token {ERRORS} }} }}",
    "tokenVerify": f"mutation ($t: String!) {{ tokenVerify(token: $t) {{ isValid {ERRORS} }} }}",
    "requestPasswordReset": f"mutation ($e: String!, $u: String!) {{ requestPasswordReset(email: $e, redirectUrl: $u) {{ {ERRORS} }} }}",
    "setPassword": f"mutation ($e: String!, $t: String!, $p: String!) {{ setPassword(email: $e, token: $t, password: $p) {{ token {ERRORS} }} }}",
    "passwordChange": f"mutation ($o: String, $n: String!) {{ passwordChange(oldPassword: $o, newPassword: $n) {{ {ERRORS} }} }}",
    "accountUpdate": f"mutation ($i: AccountInput!) {{ accountUpdate(input: $i) {{ {ERRORS} }} }}",
    "requestEmailChange": f"mutation ($p: String!, $e: String!, $u: String!) {{ requestEmailChange(password: $p, newEmail: $e, redirectUrl: $u) {{ {ERRORS} }} }}",
    "confirmEmailChange": f"mutation ($t: String!) {{ confirmEmailChange(token: $t) {{ {ERRORS} }} }}",
    "accountAddressCreate": f"mutation ($i: AddressInput!) {{ accountAddressCreate(input: $i) {{ {ERRORS} }} }}",
    "accountAddressUpdate": f"mutation ($id: ID!, $i: AddressInput!) {{ accountAddressUpdate(id: $id, input: $i) {{ {ERRORS} }} }}",
    "accountAddressDelete": f"mutation ($id: ID!) {{ accountAddressDelete(id: $id) {{ {ERRORS} }} }}",
    "accountSetDefaultAddress": f"mutation ($id: ID!) {{ accountSetDefaultAddress(id: $id, type: SHIPPING) {{ {ERRORS} }} }}",
    "accountRequestDeletion": f"mutation ($u: String!) {{ accountRequestDeletion(redirectUrl: $u) {{ {ERRORS} }} }}",
    "accountDelete": f"mutation ($t: String!) {{ accountDelete(token: $t) {{ {ERRORS} }} }}",
    "tokensDeactivateAll": f"mutation {{ tokensDeactivateAll {{ {ERRORS} }} }}",
}

BAD_STRINGS = [NUL, HUGE, "", " ", "'; DROP TABLE account_user; --", "😀" * 50, "\u202e",
               "\ud800", "a\x7fb", "\t\n",
               "<script>alert(1)</script>", "a" * 255 + "@example.vn"]
BAD_IDS = ["", "x", "QWRkcmVzczo=", "QWRkcmVzczotMQ==", "UHJvZHVjdDox", "QWRkcmVzczoxZTk5",
           "QWRkcmVzczo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OQ==", NUL, HUGE]


def _variables_for(name: str, bad: str) -> list[dict]:
    address = {**ADDRESS}
    return {
        "accountRegister": [{"i": {"email": bad, "password": bad}},
                            {"i": {"email": "moi@example.vn", "password": "Ok-Mat-Khau-9",
                                   "firstName": bad, "redirectUrl": bad}}],
        "confirmAccount": [{"e": bad, "t": bad}],
        "tokenCreate": [{"e": bad, "p": bad}, {"e": "an@example.vn", "p": PASSWORD, "a": bad}],
        "tokenRefresh": [{"r": bad, "c": bad}, {"c": bad}],
        "tokenVerify": [{"t": bad}],
        "requestPasswordReset": [{"e": bad, "u": bad}, {"e": "an@example.vn", "u": bad}],
        "setPassword": [{"e": bad, "t": bad, "p": bad}],
        "passwordChange": [{"o": bad, "n": bad}],
        "accountUpdate": [{"i": {"firstName": bad, "phone": bad}},
                          {"i": {"defaultShippingAddress": {**address, "city": bad}}}],
        "requestEmailChange": [{"p": bad, "e": bad, "u": bad}],
        "confirmEmailChange": [{"t": bad}],
        "accountAddressCreate": [{"i": {**address, "countryArea": bad}},
                                 {"i": {**address, "streetAddress1": bad, "phone": bad}},
                                 {"i": {**address, "postalCode": bad, "cityArea": bad}}],
        "accountAddressUpdate": [{"id": bad, "i": address}],
        "accountAddressDelete": [{"id": bad}],
        "accountSetDefaultAddress": [{"id": bad}],
        "accountRequestDeletion": [{"u": bad}],
        "accountDelete": [{"t": bad}],
        "tokensDeactivateAll": [{}],
    }[name]


def test_every_account_mutation_answers_bad_input_with_typed_errors(two_shoppers):
    client = Client()
    tally: Counter = Counter()
    token = two_shoppers["an"]["token"]
    for name, document in MUTATIONS.items():
        inputs = BAD_IDS if name in {"accountAddressUpdate", "accountAddressDelete",
                                     "accountSetDefaultAddress"} else BAD_STRINGS
        for i, bad in enumerate(inputs):
            for variables in _variables_for(name, bad):
                for auth in (token, None):
                    # A fresh address per attempt: the login throttle is tested elsewhere.
                    ip = f"10.{len(name)}.{i}.{1 if auth else 2}"
                    assert_clean(post(client, document, variables, auth, ip=ip), tally)
    # Whatever was stored passed every check (odd but valid text such as "<script>" is
    # just text); nothing half-valid got in.
    for address in two_shoppers["an"]["user"].addresses.all():
        assert (address.city, address.country_area) == ("Phường Hoàn Kiếm", "Thành phố Hà Nội")
        assert address.commune_id and "\x00" not in address.street_address_1
    print(f"\n[account mutations] tried {tally['tried']}, refused cleanly "
          f"{tally['refused cleanly']}, answered {tally['answered']}, 5xx 0")


def test_wrongly_typed_and_malformed_requests_are_graphql_errors(two_shoppers):
    client = Client()
    tally: Counter = Counter()
    token = two_shoppers["an"]["token"]
    cases = [
        ("mutation { tokenCreate(email: 5, password: true) { token } }", None),
        ("mutation ($i: AddressInput!) { accountAddressCreate(input: $i) { address { id } } }",
         {"i": {"country": "XX"}}),
        ("mutation ($i: AddressInput!) { accountAddressCreate(input: $i) { address { id } } }",
         {"i": "không phải đối tượng"}),
        ("mutation ($i: AccountInput!) { accountUpdate(input: $i) { user { id } } }",
         {"i": {"languageCode": "KLINGON"}}),
        ("mutation ($i: AccountInput!) { accountUpdate(input: $i) { user { id } errors { code } } }",
         {"i": {"languageCode": "FR"}}),
        ("{ addressValidationRules(countryCode: VN, countryArea: \"" + "x" * 5000 + "\") { countryCode } }", None),
        ("{ addressValidationRules(countryCode: VN, countryArea: \"a\\u0000b\") { cityChoices { raw } } }", None),
        ("{ me { id addresses { id } } }", None),
    ]
    for document, variables in cases:
        for auth in (token, "rác.rác.rác", "x" * 20_000, None):
            assert_clean(post(client, document, variables, auth), tally)
    print(f"\n[typing] tried {tally['tried']}, refused cleanly {tally['refused cleanly']}, 5xx 0")


def test_one_user_cannot_read_or_touch_anothers_addresses(two_shoppers):
    from backend.account.models import Address
    from backend.graphql.core.ids import to_id

    client = Client()
    an, binh = two_shoppers["an"], two_shoppers["binh"]
    binh_address = to_id("Address", binh["address"].pk)
    before = list(Address.objects.order_by("pk").values())
    attacks = [
        (MUTATIONS["accountAddressUpdate"], {"id": binh_address, "i": {**ADDRESS, "streetAddress1": "Đã bị sửa"}}),
        (MUTATIONS["accountAddressDelete"], {"id": binh_address}),
        (MUTATIONS["accountSetDefaultAddress"], {"id": binh_address}),
    ]
    for document, variables in attacks:
        body = assert_clean(post(client, document, variables, an["token"]), Counter())
        assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
        assert body["data"] is not None and list(body["data"].values()) == [None]
    assert list(Address.objects.order_by("pk").values()) == before
    an["user"].refresh_from_db()
    assert an["user"].default_shipping_address_id == an["address"].pk
    mine = post(client, "{ me { addresses { id } } }", token=an["token"]).json()
    assert mine["data"]["me"]["addresses"] == [{"id": to_id("Address", an["address"].pk)}]
    # The pages refuse the same way: Bình's address is a 404 for An.
    web = Client()
    web.force_login(an["user"])
    pk = binh["address"].pk
    for method, url, data in [("get", f"/tai-khoan/dia-chi/{pk}/sua/", None),
                              ("post", f"/tai-khoan/dia-chi/{pk}/sua/", {**ADDRESS}),
                              ("post", f"/tai-khoan/dia-chi/{pk}/xoa/", {}),
                              ("post", f"/tai-khoan/dia-chi/{pk}/mac-dinh/", {})]:
        assert getattr(web, method)(url, data or {}).status_code == 404, url
    assert list(Address.objects.order_by("pk").values()) == before


def test_pages_and_the_jwks_endpoint_take_bad_requests_without_a_500(two_shoppers):
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(two_shoppers["an"]["user"])
    tally: Counter = Counter()
    urls = ["/tai-khoan/", "/tai-khoan/dang-ky/", "/tai-khoan/dang-nhap/?next=https://evil.example/",
            "/tai-khoan/dang-nhap/?next=%00", "/tai-khoan/xac-nhan/?email=%00&token=" + "x" * 5000,
            "/tai-khoan/quen-mat-khau/", "/tai-khoan/quen-mat-khau/dat-lai/?email=a&token=%00",
            "/tai-khoan/doi-mat-khau/", "/tai-khoan/du-lieu/", "/tai-khoan/xoa/xac-nhan/?token=%00",
            "/tai-khoan/xa-phuong/?tinh=%00", "/tai-khoan/xa-phuong/?tinh=" + "x" * 3000,
            "/tai-khoan/dia-chi/them/", "/tai-khoan/dia-chi/99999999999999999999999/sua/",
            "/dieu-khoan/", "/quyen-rieng-tu/", "/.well-known/jwks.json"]
    forms = [{"email": NUL, "password": NUL, "consent": "yes", "firstName": HUGE},
             {"username": NUL, "password": HUGE}, {"countryArea": NUL, "city": HUGE},
             {"token": NUL, "email": NUL}, {}]
    for client in (anonymous, signed_in):
        for url in urls:
            response = client.get(url, REMOTE_ADDR="192.0.2.9")
            tally["tried"] += 1
            assert response.status_code < 500, url
            for data in forms:
                response = client.post(url, data, REMOTE_ADDR="192.0.2.9")
                tally["tried"] += 1
                assert response.status_code < 500, (url, list(data))
                tally["refused cleanly" if response.status_code >= 400 else "answered"] += 1
    assert Client().post("/.well-known/jwks.json").status_code == 405
    # An open redirect through ?next= is not possible.
    response = anonymous.post("/tai-khoan/dang-nhap/?next=https://evil.example/",
                              {"username": "an@example.vn", "password": PASSWORD,
                               "next": "https://evil.example/"}, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    print(f"\n[pages] tried {tally['tried']}, 4xx {tally['refused cleanly']}, "
          f"answered {tally['answered']}, 5xx 0")


def test_account_forms_refuse_posts_without_the_csrf_token(two_shoppers):
    from backend.account.models import Address

    web = Client(enforce_csrf_checks=True)
    web.force_login(two_shoppers["an"]["user"])
    before = Address.objects.count()
    for url, data in [("/tai-khoan/dia-chi/them/", ADDRESS), ("/tai-khoan/xoa/", {}),
                      ("/tai-khoan/dang-xuat/", {}), ("/tai-khoan/", {"firstName": "X"}),
                      (f"/tai-khoan/dia-chi/{two_shoppers['an']['address'].pk}/xoa/", {})]:
        assert web.post(url, data).status_code == 403, url
    assert Address.objects.count() == before
    assert Client(enforce_csrf_checks=True).post(
        "/tai-khoan/dang-nhap/", {"username": "an@example.vn", "password": PASSWORD}
    ).status_code == 403
