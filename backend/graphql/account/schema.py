"""Account queries (``me``, ``addressValidationRules``) and mutations, with Saleor's names."""

from __future__ import annotations

import graphene

from backend.geo.models import Commune as CommuneModel
from backend.geo.models import Province as ProvinceModel
from backend.geo.resolver import resolve_province

from .enums import CountryCode
from .mutations.account_address_create import AccountAddressCreate
from .mutations.account_address_delete import AccountAddressDelete
from .mutations.account_address_update import AccountAddressUpdate
from .mutations.account_delete import AccountDelete
from .mutations.account_register import AccountRegister
from .mutations.account_request_deletion import AccountRequestDeletion
from .mutations.account_set_default_address import AccountSetDefaultAddress
from .mutations.account_update import AccountUpdate
from .mutations.confirm_account import ConfirmAccount
from .mutations.confirm_email_change import ConfirmEmailChange
from .mutations.password_change import PasswordChange
from .mutations.request_email_change import RequestEmailChange
from .mutations.request_password_reset import RequestPasswordReset
from .mutations.set_password import SetPassword
from .mutations.token_create import CreateToken
from .mutations.token_refresh import RefreshToken
from .mutations.token_verify import VerifyToken
from .mutations.tokens_deactivate_all import DeactivateAllUserTokens
from .types import AddressValidationData, ChoiceValue, TokenRefused, User


def _choices(names: list[str]) -> list[ChoiceValue]:
    return [ChoiceValue(raw=name, verbose=name) for name in names]


def vietnam_address_rules(country_area: str | None) -> AddressValidationData:
    """Vietnam since 1/7/2025: province (34) → commune or ward (3,321), no district."""
    province = resolve_province(country_area) if country_area else None
    communes = (list(CommuneModel.objects.filter(province_id=province.province.pk)
                     .order_by("name").values_list("full_name", flat=True))
                if province else [])
    provinces = list(ProvinceModel.objects.order_by("name").values_list("full_name", flat=True))
    return AddressValidationData(
        country_code="VN",
        country_name="Việt Nam",
        address_format="%N%n%O%n%A%n%C%n%S",
        address_latin_format="%N%n%O%n%A%n%C%n%S",
        allowed_fields=["name", "company_name", "street_address", "city", "city_area",
                        "country_area", "postal_code"],
        required_fields=["street_address", "city", "country_area"],
        upper_fields=[],
        country_area_type="province",
        country_area_choices=_choices(provinces),
        city_type="commune",
        city_choices=_choices(communes),
        city_area_type="suburb",
        city_area_choices=[],
        postal_code_type="postal",
        postal_code_matchers=[r"^\d{5}$"],
        postal_code_examples=["10000", "70000"],
        postal_code_prefix="",
    )


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User, description="Return the currently authenticated user.")
    address_validation_rules = graphene.Field(
        AddressValidationData,
        description="Address rules of a country. Vietnam: the 34 provinces as "
                    "countryAreaChoices; with countryArea, its communes as cityChoices.",
        country_code=graphene.Argument(CountryCode, required=True,
                                       description="Two-letter ISO 3166-1 country code."),
        country_area=graphene.String(description="Province, to list its communes."),
        city=graphene.String(description="Accepted for compatibility."),
        city_area=graphene.String(description="Accepted for compatibility."),
    )

    @staticmethod
    def resolve_me(root, info):
        user = getattr(info.context, "user", None)
        if user is not None and user.is_authenticated:
            return user
        error = getattr(info.context, "jwt_error", None)
        if error is not None:
            raise TokenRefused(error.code.value, error.message)
        return None

    @staticmethod
    def resolve_address_validation_rules(root, info, country_code, country_area=None,
                                         city=None, city_area=None):
        code = getattr(country_code, "value", country_code)
        if code != "VN":
            return None  # only Vietnam's rules are known here
        if country_area is not None and len(country_area) > 200:
            country_area = None
        return vietnam_address_rules(country_area)


class AccountMutations(graphene.ObjectType):
    account_register = AccountRegister.Field()
    confirm_account = ConfirmAccount.Field()
    token_create = CreateToken.Field()
    token_refresh = RefreshToken.Field()
    token_verify = VerifyToken.Field()
    tokens_deactivate_all = DeactivateAllUserTokens.Field()
    request_password_reset = RequestPasswordReset.Field()
    set_password = SetPassword.Field()
    password_change = PasswordChange.Field()
    account_update = AccountUpdate.Field()
    request_email_change = RequestEmailChange.Field()
    confirm_email_change = ConfirmEmailChange.Field()
    account_address_create = AccountAddressCreate.Field()
    account_address_update = AccountAddressUpdate.Field()
    account_address_delete = AccountAddressDelete.Field()
    account_set_default_address = AccountSetDefaultAddress.Field()
    account_request_deletion = AccountRequestDeletion.Field()
    account_delete = AccountDelete.Field()
