"""Every code the importer gives a problem, in one enum (as Saleor keeps
``ProductErrorCode``): reports, the console and the GraphQL mutation carry these, so an
app can rely on them. Values equal the names, as the JSON and CSV reports write them."""

from __future__ import annotations

from enum import StrEnum


class ImportErrorCode(StrEnum):
    # The file as a whole.
    NO_FILE = "NO_FILE"
    BAD_XLSX = "BAD_XLSX"
    NO_SHEET = "NO_SHEET"
    NO_HEADER = "NO_HEADER"
    BAD_JSON = "BAD_JSON"
    BAD_MAPPING = "BAD_MAPPING"
    MISSING_COLUMNS = "MISSING_COLUMNS"
    DUPLICATE_COLUMN = "DUPLICATE_COLUMN"
    UNUSED_COLUMNS = "UNUSED_COLUMNS"
    ENCODING_CP1258 = "ENCODING_CP1258"
    ENCODING_REPLACED = "ENCODING_REPLACED"
    ENCODING_MOJIBAKE = "ENCODING_MOJIBAKE"
    # The request (GraphQL mutation, upload page).
    INVALID = "INVALID"
    TOO_LARGE = "TOO_LARGE"
    # Names.
    REQUIRED = "REQUIRED"
    BAD_PHONE = "BAD_PHONE"
    # Places.
    PLACE_UNKNOWN = "PLACE_UNKNOWN"
    PLACE_MISMATCH = "PLACE_MISMATCH"
    OLD_PLACE_NAME = "OLD_PLACE_NAME"
    COMMUNE_UNKNOWN = "COMMUNE_UNKNOWN"
    COMMUNE_AMBIGUOUS = "COMMUNE_AMBIGUOUS"
    # Groups.
    GROUP_MISSING = "GROUP_MISSING"
    GROUP_UNKNOWN = "GROUP_UNKNOWN"
    GROUP_LEGACY = "GROUP_LEGACY"
    GROUP_SECTOR_ONLY = "GROUP_SECTOR_ONLY"
    # The certificate.
    BAD_STAR = "BAD_STAR"
    BAD_DATE = "BAD_DATE"
    BAD_DECISION_NUMBER = "BAD_DECISION_NUMBER"
    BAD_DECISION_DATE = "BAD_DECISION_DATE"
    BAD_ISSUER = "BAD_ISSUER"
    BAD_SCORE = "BAD_SCORE"
    EXPIRY_MISMATCH = "EXPIRY_MISMATCH"
    # On the province's list without a decision on file: recorded as "reported".
    REPORTED = "REPORTED"
    REPORTED_ALREADY_DECIDED = "REPORTED_ALREADY_DECIDED"
    ISSUER_LEVEL = "ISSUER_LEVEL"
    ISSUER_FROM_CATALOG = "ISSUER_FROM_CATALOG"
    ISSUER_FROM_HEADING = "ISSUER_FROM_HEADING"
    ISSUER_FROM_OPTION = "ISSUER_FROM_OPTION"
    ISSUER_INFERRED = "ISSUER_INFERRED"
    NEW_DECISION = "NEW_DECISION"
    DUPLICATE_ROW = "DUPLICATE_ROW"
    # Commerce.
    BAD_PRICE = "BAD_PRICE"
    BAD_IMAGE = "BAD_IMAGE"
    IMAGE_UNAVAILABLE = "IMAGE_UNAVAILABLE"
