"""Codes of the OCOP domain's validation errors, as Saleor keeps one enum per app
(``ProductErrorCode``): apps compare codes, people read the Vietnamese messages."""

from __future__ import annotations

from enum import Enum


class OcopErrorCode(Enum):
    REQUIRED = "required"
    INVALID = "invalid"
    # 1★ and 2★ exist on the scoring scale but get no recognition decision.
    STAR_NOT_CERTIFIED = "star_not_certified"
    DATE_IN_FUTURE = "date_in_future"
    DATE_BEFORE_PROGRAMME = "date_before_programme"
    REVOCATION_REASON_REQUIRED = "revocation_reason_required"
    # A reported listing cannot stand beside a recorded decision of the same product.
    ALREADY_DECIDED = "already_decided"
