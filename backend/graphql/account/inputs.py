"""Input objects of the account API, in Saleor's shapes (``metadata`` is not supported)."""

from __future__ import annotations

import graphene

from .enums import CountryCode, LanguageCodeEnum


class AddressInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    company_name = graphene.String(description="Company or organization.")
    street_address_1 = graphene.String(description="House number and street, or village.")
    street_address_2 = graphene.String(description="More of the address.")
    city = graphene.String(description="Commune or ward (xã/phường); old names accepted.")
    city_area = graphene.String(description="Anything below the commune; optional.")
    postal_code = graphene.String(description="Postal code (5 digits); optional.")
    country = graphene.Field(CountryCode, description="Country: VN.")
    country_area = graphene.String(description="Province (one of 34); old names accepted.")
    phone = graphene.String(description="Phone number, e.g. 0912 345 678.")
    skip_validation = graphene.Boolean(
        default_value=False, description="Accepted for compatibility; addresses are always "
        "checked.")


class AccountInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    language_code = graphene.Field(LanguageCodeEnum, description="User language code.")
    default_billing_address = graphene.Field(AddressInput, description="Billing address.")
    default_shipping_address = graphene.Field(AddressInput, description="Shipping address.")
    phone = graphene.String(description="Phone number (extension).")


class AccountRegisterInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    language_code = graphene.Field(LanguageCodeEnum, description="User language code.")
    email = graphene.String(required=True, description="The email address of the user.")
    password = graphene.String(required=True, description="Password.")
    redirect_url = graphene.String(
        description="Storefront URL the confirmation link points at (its host must be allowed).")
    channel = graphene.String(description="Slug of a channel used to notify users.")
