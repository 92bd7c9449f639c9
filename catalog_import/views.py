"""The operators' door: an admin page to upload a list, check it, and import it.

Staff holding ``IMPORT_CATALOG`` only. The upload is refused while it streams in once it
passes ``IMPORT_MAX_UPLOAD_BYTES`` (from its declared length before a byte is read,
else by the upload handler as the bytes arrive); CSRF is checked as on any admin form.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from backend.permission.checks import has_permission
from backend.permission.enums import PermissionCode

from .limits import megabytes
from .pipeline import run_import
from .report import STATUS_LABELS

# Room for the form's other fields and the multipart boundaries around the file.
_FORM_OVERHEAD = 64 * 1024


def too_large_message() -> str:
    return (f"Tệp lớn hơn {megabytes(settings.IMPORT_MAX_UPLOAD_BYTES)}; hãy chia nhỏ danh "
            "sách thành nhiều tệp.")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách",
        help_text="CSV (UTF-8 hoặc Windows-1258), Excel .xlsx hoặc JSON lines (.jsonl).",
    )
    sheet = forms.CharField(
        label="Trang tính (Excel)", required=False, max_length=200,
        help_text="Để trống để dùng trang đầu tiên.",
    )
    issuer = forms.CharField(
        label="Cơ quan ban hành", required=False, max_length=255,
        help_text="Cho các dòng không ghi cơ quan ban hành, khi tiêu đề tệp cũng không nêu "
                  "(ví dụ “UBND tỉnh Lâm Đồng”). Để trống: hệ thống suy ra theo quy định tại "
                  "ngày quyết định và ghi rõ là suy ra.",
    )
    dry_run = forms.BooleanField(
        label="Chỉ kiểm tra, không ghi", required=False, initial=True,
        help_text="Nên kiểm tra trước; bỏ chọn để nhập thật.",
    )
    skip_invalid = forms.BooleanField(
        label="Bỏ qua dòng lỗi", required=False,
        help_text="Nhập các dòng hợp lệ và liệt kê các dòng lỗi. Mặc định: có một dòng lỗi "
                  "thì không ghi gì.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(too_large_message())
        return upload


class UploadLimitHandler(FileUploadHandler):
    """Stops reading an upload the moment it passes the import cap (Django would otherwise
    spool any size to a temporary file before the form could look at it)."""

    def __init__(self, request: HttpRequest, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int):
        return None


def _render(request: HttpRequest, form: UploadForm, report=None, status: int = 200,
            error: str = "") -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": "Nhập danh sách sản phẩm OCOP",
        "form": form,
        "upload_error": error,
        "report": report,
        "summary": report.summary() if report else None,
        "status_labels": STATUS_LABELS,
    }
    return TemplateResponse(request, "catalog_import/upload.html", context, status=status)


def _forbidden(request: HttpRequest) -> HttpResponse:
    context = {**admin.site.each_context(request), "title": "Không có quyền",
               "forbidden": True}
    return TemplateResponse(request, "catalog_import/upload.html", context, status=403)


@csrf_exempt  # so that the upload handler goes in before CSRF reads the body (checked below)
def upload_view(request: HttpRequest) -> HttpResponse:
    if not has_permission(request.user, PermissionCode.IMPORT_CATALOG):
        return _forbidden(request)
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    if request.method == "POST":
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit + _FORM_OVERHEAD:
            # Refused before a byte of the body is read.
            return _render(request, UploadForm(), status=413, error=too_large_message())
        handler = UploadLimitHandler(request, limit)
        request.upload_handlers.insert(0, handler)
        return csrf_protect(_upload)(request, handler)
    return csrf_protect(_upload)(request, None)


def _upload(request: HttpRequest, handler: UploadLimitHandler | None) -> HttpResponse:
    if request.method != "POST":
        return _render(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if handler is not None and handler.exceeded:
        return _render(request, UploadForm(), status=413, error=too_large_message())
    if not form.is_valid():
        return _render(request, form)
    upload = form.cleaned_data["file"]
    report = run_import(
        upload,
        filename=upload.name,
        dry_run=form.cleaned_data["dry_run"],
        skip_invalid=form.cleaned_data["skip_invalid"],
        sheet=form.cleaned_data["sheet"] or None,
        issuer=form.cleaned_data["issuer"] or None,
        # Paths in an uploaded file must not read files on the server.
        allow_local_images=False,
    )
    return _render(request, form, report)
