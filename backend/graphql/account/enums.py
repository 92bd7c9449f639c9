"""Enums of the account API, with Saleor's names and values."""

from __future__ import annotations

import graphene
from django.conf import global_settings

from backend.account.error_codes import AccountErrorCode as AccountErrorCodeEnum
from backend.permission.enums import PermissionCode

AccountErrorCode = graphene.Enum.from_enum(AccountErrorCodeEnum)

PermissionEnum = graphene.Enum(
    "PermissionEnum", [(code.value, code.value) for code in PermissionCode]
)


class AddressTypeEnum(graphene.Enum):
    BILLING = "billing"
    SHIPPING = "shipping"


# ISO 3166-1 alpha-2 codes, as Saleor lists them (with EU and XK). Only VN is accepted in
# an address today; the others exist so a client sending one gets a typed error.
_COUNTRIES = (
    "AF AX AL DZ AS AD AO AI AQ AG AR AM AW AU AT AZ BS BH BD BB BY BE BZ BJ BM BT BO BQ BA "
    "BW BV BR IO BN BG BF BI CV KH CM CA KY CF TD CL CN CX CC CO KM CG CD CK CR CI HR CU CW "
    "CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET EU FK FO FJ FI FR GF PF TF GA GM GE DE GH GI "
    "GR GL GD GP GU GT GG GN GW GY HT HM VA HN HK HU IS IN ID IR IQ IE IM IL IT JM JP JE JO "
    "KZ KE KI XK KW KG LA LV LB LS LR LY LI LT LU MO MG MW MY MV ML MT MH MQ MR MU YT MX FM "
    "MD MC MN ME MS MA MZ MM NA NR NP NL NC NZ NI NE NG NU NF KP MK MP NO OM PK PW PS PA PG "
    "PY PE PH PN PL PT PR QA RE RO RU RW BL SH KN LC MF PM VC WS SM ST SA SN RS SC SL SG SX "
    "SK SI SB SO ZA GS KR SS ES LK SD SR SJ SE CH SY TW TJ TZ TH TL TG TK TO TT TN TR TM TC "
    "TV UG UA AE GB UM US UY UZ VU VE VN VG VI WF EH YE ZM ZW"
).split()
CountryCode = graphene.Enum("CountryCode", [(code, code) for code in _COUNTRIES])


def _language_codes() -> list[str]:
    """Django's language codes ("en", "en-gb", "zh-hans"…) and the usual regional forms of
    ours; the API stores the language part (vi or en) and refuses the others."""
    codes = {code for code, _name in global_settings.LANGUAGES}
    codes.update({"vi-vn", "en-us"})
    return sorted(codes)


LanguageCodeEnum = graphene.Enum(
    "LanguageCodeEnum",
    [(code.replace("-", "_").upper(), code) for code in _language_codes()],
)
