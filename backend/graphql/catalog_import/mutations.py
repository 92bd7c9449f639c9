"""``ocopProductsImport``: the importer behind the API (staff holding IMPORT_CATALOG), with
per-row results and errors in the style of Saleor's bulk mutations.

The request body is capped by the API's request limits before this runs; the decoded file
is capped again here at ``IMPORT_MAX_UPLOAD_BYTES``, before it is read."""

from __future__ import annotations

import base64
import binascii

import graphene
from django.conf import settings
from graphql import GraphQLError

from backend.ocop.error_codes import OcopErrorCode as OcopErrorCodeValues
from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode
from catalog_import.error_codes import ImportErrorCode
from catalog_import.limits import megabytes
from catalog_import.pipeline import run_import
from catalog_import.report import ERROR, Issue, RowOutcome

from ..core.ids import to_id
from ..ocop.types import OcopErrorCode

OcopImportErrorCode = graphene.Enum.from_enum(
    ImportErrorCode, name="OcopImportErrorCode",
    description="What is wrong with a file or row of an OCOP list import.",
)


class ImportPermissionDenied(GraphQLError):
    def __init__(self) -> None:
        code = PermissionCode.IMPORT_CATALOG.value
        super().__init__(
            f"Bạn không có quyền nhập danh sách sản phẩm OCOP (cần quyền {code}).",
            extensions={"code": "PERMISSION_DENIED", "exception": {"code": "PermissionDenied"},
                        "permissions": [code]},
        )


class ImportFormat(graphene.Enum):
    CSV = "csv"
    XLSX = "xlsx"
    JSONL = "jsonl"


class ContentEncoding(graphene.Enum):
    TEXT = "text"
    BASE64 = "base64"


class ImportRowStatus(graphene.Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"
    SKIPPED = "skipped"


class OcopImportError(graphene.ObjectType):
    field = graphene.String(description="Input field (or importer field) at fault.")
    code = graphene.Field(OcopImportErrorCode, required=True)
    ocop_code = graphene.Field(
        OcopErrorCode, description="The OCOP rule refused the value (star, decision, date)."
    )
    message = graphene.String(required=True, description="What is wrong, in Vietnamese.")
    hint = graphene.String(description="What to do about it.")
    row = graphene.Int(description="Row number as the user sees it in the file.")
    column = graphene.String(description="Column header as written in the file.")
    value = graphene.String(description="The value that was read.")


class OcopImportRowResult(graphene.ObjectType):
    row = graphene.Int(required=True)
    status = graphene.Field(ImportRowStatus, required=True)
    is_reported = graphene.Boolean(
        required=True,
        description="On the list with its star, no decision on file: shown, flagged.",
    )
    issuer = graphene.String(description="The issuing body recorded for the row's decision.")
    issuer_inferred = graphene.Boolean(
        required=True, description="The issuer was inferred from the rules in force."
    )
    product_id = graphene.ID(description="The product, when it exists or was created.")
    product_name = graphene.String()
    errors = graphene.NonNull(graphene.List(graphene.NonNull(OcopImportError)))
    warnings = graphene.NonNull(graphene.List(graphene.NonNull(OcopImportError)))


def _error(issue: Issue) -> OcopImportError:
    return OcopImportError(
        field=issue.field or None, code=ImportErrorCode(issue.code),
        ocop_code=OcopErrorCodeValues(issue.ocop_code) if issue.ocop_code else None,
        message=issue.message,
        hint=issue.hint or None, row=issue.row, column=issue.column or None,
        value=issue.value or None,
    )


def _row(outcome: RowOutcome) -> OcopImportRowResult:
    return OcopImportRowResult(
        row=outcome.row,
        status=ImportRowStatus.get(outcome.status),
        is_reported=outcome.certification == "reported",
        issuer=outcome.issuer or None,
        issuer_inferred=outcome.issuer_inferred,
        product_id=to_id("Product", outcome.product_id) if outcome.product_id else None,
        product_name=outcome.product_name or None,
        errors=[_error(i) for i in outcome.errors],
        warnings=[_error(i) for i in outcome.warnings],
    )


class OcopProductsImport(graphene.Mutation):
    """Import a certified-product list (CSV, XLSX or JSON lines); staff only. All or
    nothing unless skipInvalid; dryRun checks everything and writes nothing."""

    class Arguments:
        content = graphene.String(
            required=True, description="The file: text, or base64 with encoding: BASE64 (XLSX)."
        )
        format = graphene.Argument(ImportFormat, default_value=ImportFormat.CSV.value)
        encoding = graphene.Argument(ContentEncoding, default_value=ContentEncoding.TEXT.value)
        filename = graphene.String(description="Shown in the report; defaults to the format.")
        sheet = graphene.String(description="XLSX sheet name; the first sheet by default.")
        dry_run = graphene.Boolean(default_value=False)
        skip_invalid = graphene.Boolean(default_value=False)
        issuer = graphene.String(
            description="The body that signed the file's decisions, for rows that do not "
            "say and files whose title rows do not name it; else it is inferred."
        )

    count = graphene.Int(required=True, description="Rows created or updated.")
    applied = graphene.Boolean(required=True, description="Whether anything was written.")
    results = graphene.NonNull(graphene.List(graphene.NonNull(OcopImportRowResult)))
    errors = graphene.NonNull(
        graphene.List(graphene.NonNull(OcopImportError)),
        description="Problems with the input as a whole (encoding, columns, format).",
    )

    @classmethod
    def mutate(cls, root, info, content, format="csv", encoding="text", filename=None,
               sheet=None, dry_run=False, skip_invalid=False, issuer=None):
        if not has_permission(getattr(info.context, "user", None),
                              PermissionCode.IMPORT_CATALOG):
            raise ImportPermissionDenied()
        fmt = getattr(format, "value", format)
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        too_large = f"Tệp lớn hơn {megabytes(limit)}; hãy chia nhỏ danh sách."
        if getattr(encoding, "value", encoding) == "base64":
            # Base64 is 4 characters for 3 bytes: refuse before decoding anything.
            if len(content) > (limit + 2) // 3 * 4:
                return cls._input_error("content", ImportErrorCode.TOO_LARGE, too_large)
            try:
                data = base64.b64decode(content, validate=True)
            except (binascii.Error, ValueError):
                return cls._input_error("content", ImportErrorCode.INVALID,
                                        "Nội dung không phải base64 hợp lệ.")
        else:
            if fmt == "xlsx":
                return cls._input_error("encoding", ImportErrorCode.INVALID,
                                        "Tệp Excel phải gửi dạng base64 (encoding: BASE64).")
            if len(content) > limit:
                return cls._input_error("content", ImportErrorCode.TOO_LARGE, too_large)
            try:
                data = content.encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate from a \ud800 escape
                return cls._input_error("content", ImportErrorCode.INVALID,
                                        "Nội dung có ký tự không hợp lệ (UTF-8).")
            if len(data) > limit:
                return cls._input_error("content", ImportErrorCode.TOO_LARGE, too_large)
        report = run_import(
            data, filename=filename or f"tệp tải lên.{fmt}", fmt=fmt, dry_run=dry_run,
            skip_invalid=skip_invalid, sheet=sheet, allow_local_images=False,
            issuer=(issuer or "")[:255] or None,
        )
        written = report.count("created") + report.count("updated") if report.applied else 0
        return cls(
            count=written,
            applied=report.applied,
            results=[_row(r) for r in report.rows],
            errors=[_error(i) for i in report.file_issues if i.level == ERROR],
        )

    @classmethod
    def _input_error(cls, field: str, code: str, message: str) -> OcopProductsImport:
        return cls(count=0, applied=False, results=[],
                   errors=[OcopImportError(field=field, code=code, message=message)])


class ImportMutations(graphene.ObjectType):
    ocop_products_import = OcopProductsImport.Field()
