"""The account operations of Saleor's official storefront validate against our committed
SDL. The documents below are written here in the same shape (fragments, variables,
selections) as the storefront's Account*, CurrentUser*, PasswordChange, UserDetails,
AddressDetails and checkout/user operations; they are not copies of its files."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

SDL = Path(__file__).resolve().parents[2] / "backend" / "graphql" / "schema.graphql"

ADDRESS_FRAGMENT = """
fragment ShopperAddress on Address {
  id firstName lastName companyName streetAddress1 streetAddress2
  city cityArea postalCode countryArea country { code country } phone
}
"""
USER_FRAGMENT = """
fragment ShopperDetails on User { id email firstName lastName avatar { url alt } }
"""
ERRORS = "errors { field message code }"

ACCOUNT_DOCUMENTS = {
    "address create": ADDRESS_FRAGMENT + f"""
        mutation NewAddress($input: AddressInput!) {{
          accountAddressCreate(input: $input) {{ address {{ ...ShopperAddress }} {ERRORS} }}
        }}""",
    "address delete": f"""
        mutation DropAddress($id: ID!) {{ accountAddressDelete(id: $id) {{ {ERRORS} }} }}""",
    "address update": ADDRESS_FRAGMENT + f"""
        mutation EditAddress($id: ID!, $input: AddressInput!) {{
          accountAddressUpdate(id: $id, input: $input) {{ address {{ ...ShopperAddress }} {ERRORS} }}
        }}""",
    "request deletion": f"""
        mutation AskToLeave($redirectUrl: String!, $channel: String) {{
          accountRequestDeletion(redirectUrl: $redirectUrl, channel: $channel) {{ {ERRORS} }}
        }}""",
    "set default address": f"""
        mutation MakeDefault($id: ID!, $type: AddressTypeEnum!) {{
          accountSetDefaultAddress(id: $id, type: $type) {{ {ERRORS} }}
        }}""",
    "account update": USER_FRAGMENT + f"""
        mutation EditMe($input: AccountInput!) {{
          accountUpdate(input: $input) {{ user {{ ...ShopperDetails }} {ERRORS} }}
        }}""",
    "current user": USER_FRAGMENT + "query Who { me { ...ShopperDetails } }",
    "current user profile": USER_FRAGMENT + ADDRESS_FRAGMENT + """
        query Profile {
          me {
            ...ShopperDetails
            dateJoined
            addresses { ...ShopperAddress }
            defaultShippingAddress { id }
            defaultBillingAddress { id }
          }
        }""",
    "password change": f"""
        mutation NewPassword($newPassword: String!, $oldPassword: String!) {{
          passwordChange(newPassword: $newPassword, oldPassword: $oldPassword) {{ {ERRORS} }}
        }}""",
}

CHECKOUT_ERROR_FRAGMENT = """
fragment CheckoutAccountError on AccountError { message field code }
"""
CHECKOUT_USER_FRAGMENTS = ADDRESS_FRAGMENT + """
fragment CheckoutUser on User {
  id email
  addresses { ...ShopperAddress }
  defaultBillingAddress { ...ShopperAddress }
  defaultShippingAddress { ...ShopperAddress }
}
"""
CHECKOUT_USER_DOCUMENTS = {
    "checkout user": "query checkoutUser { user: me { ...CheckoutUser } }",
    "checkout register": f"""
        mutation checkoutRegister($input: AccountRegisterInput!) {{
          accountRegister(input: $input) {{ {ERRORS} }}
        }}""",
    "checkout password reset": f"""
        mutation checkoutReset($email: String!, $channel: String!, $redirectUrl: String!) {{
          requestPasswordReset(email: $email, channel: $channel, redirectUrl: $redirectUrl) {{
            {ERRORS}
          }}
        }}""",
    "checkout address delete": """
        mutation checkoutAddressDelete($id: ID!) {
          accountAddressDelete(id: $id) {
            user { ...CheckoutUser } errors { ...CheckoutAccountError } address { ...ShopperAddress }
          }
        }""",
    "checkout address update": """
        mutation checkoutAddressUpdate($id: ID!, $address: AddressInput!) {
          accountAddressUpdate(id: $id, input: $address) {
            user { ...CheckoutUser } errors { ...CheckoutAccountError } address { ...ShopperAddress }
          }
        }""",
    "checkout address create": """
        mutation checkoutAddressCreate($address: AddressInput!, $type: AddressTypeEnum) {
          accountAddressCreate(type: $type, input: $address) {
            user { ...CheckoutUser } errors { ...CheckoutAccountError } address { ...ShopperAddress }
          }
        }""",
    "checkout set default": """
        mutation checkoutSetDefault($id: ID!, $type: AddressTypeEnum!) {
          accountSetDefaultAddress(id: $id, type: $type) {
            user { ...CheckoutUser } errors { ...CheckoutAccountError }
          }
        }""",
}

# Both order lists select the storefront's OrderDetails fragment (number, lines, totals…).
# The storefront's also declare $languageCode for translations (issue 14); ours omit it
# until those fields exist, as an unused variable is invalid GraphQL.
ORDER_DOCUMENTS = {
    "current user orders": USER_FRAGMENT + """
        query MyOrders {
          me { ...ShopperDetails orders(first: 10) { edges { node { id number created } } } }
        }""",
    "current user orders paginated": USER_FRAGMENT + """
        query MyOrdersPage($first: Int, $after: String) {
          me {
            ...ShopperDetails
            orders(first: $first, after: $after) {
              edges { node { id number } cursor } pageInfo { hasNextPage endCursor } totalCount
            }
          }
        }""",
}


@pytest.fixture(scope="module")
def schema():
    return build_schema(SDL.read_text(encoding="utf-8"))


def _errors(schema, document: str) -> list[str]:
    return [error.message for error in validate(schema, parse(document))]


@pytest.mark.parametrize("name", sorted(ACCOUNT_DOCUMENTS))
def test_account_documents_validate(schema, name):
    assert _errors(schema, ACCOUNT_DOCUMENTS[name]) == []


def test_checkout_user_documents_validate_as_one_file(schema):
    # The storefront keeps these operations and their fragments in one file.
    document = "\n".join([CHECKOUT_USER_FRAGMENTS, CHECKOUT_ERROR_FRAGMENT,
                          *CHECKOUT_USER_DOCUMENTS.values()])
    assert _errors(schema, document) == []


@pytest.mark.parametrize("name", sorted(ORDER_DOCUMENTS))
def test_order_lists_validate(schema, name):
    assert _errors(schema, ORDER_DOCUMENTS[name]) == []


@pytest.mark.django_db
def test_the_profile_document_runs_against_the_api(api, make_user, sign_in):
    make_user("ho-so@example.vn", first_name="Hoa")
    token = sign_in("ho-so@example.vn")["token"]
    created = api(ACCOUNT_DOCUMENTS["address create"], {"input": {
        "firstName": "Hoa", "lastName": "Lê", "streetAddress1": "1 Trần Phú",
        "city": "Phường Hải Châu", "countryArea": "Đà Nẵng", "phone": "0905 111 222",
        "country": "VN"}}, token=token)
    assert created["data"]["accountAddressCreate"]["errors"] == []
    profile = api(ACCOUNT_DOCUMENTS["current user profile"], token=token)["data"]["me"]
    assert profile["firstName"] == "Hoa" and profile["avatar"] is None
    assert profile["addresses"][0]["countryArea"] == "Thành phố Đà Nẵng"
    assert profile["defaultShippingAddress"]["id"] == profile["addresses"][0]["id"]
    checkout = api(CHECKOUT_USER_FRAGMENTS + CHECKOUT_USER_DOCUMENTS["checkout user"],
                   token=token)["data"]["user"]
    assert checkout["defaultBillingAddress"]["city"] == "Phường Hải Châu"
