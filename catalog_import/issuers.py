"""Who issued each decision of a list, as provinces publish them: the issuer is optional.

Taken, in order, from the row; from a decision with the same number and date already in
the catalog; from the file's title rows ("UỶ BAN NHÂN DÂN TỈNH …"); from the operator's
``--issuer``; otherwise inferred from the rules in force on the decision date and marked
inferred. Each source after the row is a warning on the row, never an error.
"""

from __future__ import annotations

from backend.ocop.issuers import district_in, inferred_issuer, issuer_from_heading
from backend.ocop.models import Certification
from backend.ocop.rules import CertificationKind, IssuerSource, expected_issuer_level
from backend.ocop.services import clean_issuer

from .error_codes import ImportErrorCode as E
from .report import WARNING, Issue
from .validate import Candidate, Memo, check_issuer_level

__all__ = ["resolve_issuers", "issuer_from_heading"]


def _catalog_issuers(decisions: set[tuple[str, object]]) -> dict[tuple[str, object], str]:
    """(number, date) → issuer of decisions already recorded with a stated issuer."""
    if not decisions:
        return {}
    found: dict[tuple[str, object], str] = {}
    numbers = sorted({number for number, _ in decisions})
    rows = (
        Certification.objects.filter(kind=CertificationKind.DECISION)
        .exclude(issuer="")
        .exclude(issuer_source=IssuerSource.INFERRED)
        .extra(where=["decision_number = ANY(%s)"], params=[numbers])
        .values_list("decision_number", "decision_date", "issuer")
        .order_by("pk")
    )
    for number, date, issuer in rows:
        if (number, date) in decisions:
            found.setdefault((number, date), issuer)
    return found


def _note(c: Candidate, code: E, message: str, hint: str = "") -> None:
    c.warnings.append(Issue(WARNING, code, message, hint, file=c.file, row=c.row,
                            column="", value=c.issuer, field="issuer"))


def resolve_issuers(candidates: list[Candidate], *, heading: str = "", option: str = "",
                    memo: Memo | None = None) -> None:
    """Fill in the issuer of every row that names none, in the order the module says."""
    memo = memo or Memo()
    heading, option = clean_issuer(heading), clean_issuer(option)
    missing = [c for c in candidates if not c.errors and not c.issuer
               and (c.has_certificate or c.reported)]
    catalog = _catalog_issuers({(c.decision_number, c.decision_date)
                                for c in missing if c.has_certificate})
    for c in missing:
        known = catalog.get((c.decision_number, c.decision_date)) if c.has_certificate else None
        if known:
            c.issuer, c.issuer_source = known, IssuerSource.CATALOG
            _note(c, E.ISSUER_FROM_CATALOG,
                  f"Tệp không ghi cơ quan ban hành; dùng “{known}” của quyết định "
                  f"{c.decision_number} đã có trên hệ thống.")
        elif heading:
            c.issuer, c.issuer_source = heading, IssuerSource.HEADING
            _note(c, E.ISSUER_FROM_HEADING,
                  f"Dòng không ghi cơ quan ban hành; dùng “{heading}” ở tiêu đề của tệp.")
        elif option:
            c.issuer, c.issuer_source = option, IssuerSource.OPERATOR
            _note(c, E.ISSUER_FROM_OPTION,
                  f"Dòng không ghi cơ quan ban hành; dùng “{option}” do người nhập chỉ định.")
        elif c.has_certificate and c.province is not None:
            # Only a district's decision is named after the district in the address.
            district = memo.call(
                "district", c.original_address, lambda c=c: district_in(c.original_address)
            ) if expected_issuer_level(c.star, c.decision_date) == "huyện" else ""
            c.issuer = memo.call(
                "inferred",
                (c.star, c.decision_date, c.province.pk,
                 c.legacy_province.pk if c.legacy_province else None, district),
                lambda c=c, district=district: inferred_issuer(
                    c.star, c.decision_date, province=c.province,
                    legacy_province=c.legacy_province, district=district))
            c.issuer_source = IssuerSource.INFERRED
            # A national list infers thousands of rows from a few dozen decisions.
            message = memo.call(
                "inferred-note", (c.decision_date, c.star, c.issuer),
                lambda c=c: f"Không rõ cơ quan ban hành; theo quy định tại ngày "
                f"{c.decision_date:%d/%m/%Y}, sản phẩm {c.star} sao do “{c.issuer}” công "
                "nhận (ghi là suy ra).")
            _note(c, E.ISSUER_INFERRED, message,
                  "Ghi cột “Cơ quan ban hành” hoặc dùng --issuer nếu biết.")
    for c in candidates:
        if not c.errors and c.issuer_source != IssuerSource.INFERRED:
            check_issuer_level(c, memo)
