"""The GraphQL documents behind the account pages: the same a mobile app sends."""

ADDRESS_FIELDS = """
fragment AccountPageAddress on Address {
  id firstName lastName companyName streetAddress1 streetAddress2 city cityArea
  postalCode countryArea phone enteredPlace
}
"""

ACCOUNT_PAGE = ADDRESS_FIELDS + """
query AccountPage {
  me {
    id email firstName lastName phone languageCode isConfirmed dateJoined
    addresses { ...AccountPageAddress }
    defaultShippingAddress { id }
    defaultBillingAddress { id }
  }
}
"""

ADDRESS_RULES = """
query AddressRules($countryArea: String) {
  addressValidationRules(countryCode: VN, countryArea: $countryArea) {
    countryAreaChoices { raw verbose }
    cityChoices { raw verbose }
  }
}
"""

ERRORS = "errors { field code message }"

REGISTER = f"""
mutation SignUp($input: AccountRegisterInput!) {{
  accountRegister(input: $input) {{ requiresConfirmation {ERRORS} }}
}}
"""

CONFIRM_ACCOUNT = f"""
mutation ConfirmAccount($email: String!, $token: String!) {{
  confirmAccount(email: $email, token: $token) {{ user {{ email }} {ERRORS} }}
}}
"""

REQUEST_PASSWORD_RESET = f"""
mutation ForgotPassword($email: String!, $redirectUrl: String!) {{
  requestPasswordReset(email: $email, redirectUrl: $redirectUrl) {{ {ERRORS} }}
}}
"""

ACCOUNT_UPDATE = f"""
mutation Profile($input: AccountInput!) {{
  accountUpdate(input: $input) {{ user {{ id }} {ERRORS} }}
}}
"""

PASSWORD_CHANGE = f"""
mutation PasswordChange($oldPassword: String!, $newPassword: String!) {{
  passwordChange(oldPassword: $oldPassword, newPassword: $newPassword) {{ {ERRORS} }}
}}
"""

ADDRESS_CREATE = f"""
mutation AddressCreate($input: AddressInput!) {{
  accountAddressCreate(input: $input) {{ address {{ id }} {ERRORS} }}
}}
"""

ADDRESS_UPDATE = f"""
mutation AddressUpdate($id: ID!, $input: AddressInput!) {{
  accountAddressUpdate(id: $id, input: $input) {{ address {{ id }} {ERRORS} }}
}}
"""

ADDRESS_DELETE = f"""
mutation AddressDelete($id: ID!) {{
  accountAddressDelete(id: $id) {{ {ERRORS} }}
}}
"""

ADDRESS_SET_DEFAULT = f"""
mutation AddressSetDefault($id: ID!, $type: AddressTypeEnum!) {{
  accountSetDefaultAddress(id: $id, type: $type) {{ {ERRORS} }}
}}
"""

REQUEST_DELETION = f"""
mutation RequestDeletion($redirectUrl: String!) {{
  accountRequestDeletion(redirectUrl: $redirectUrl) {{ {ERRORS} }}
}}
"""

DELETE_ACCOUNT = f"""
mutation DeleteAccount($token: String!) {{
  accountDelete(token: $token) {{ {ERRORS} }}
}}
"""
