"""The operators' door: an admin page to upload a list, check it, and import it."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from .pipeline import run_import
from .report import STATUS_LABELS

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách",
        help_text="CSV (UTF-8 hoặc Windows-1258), Excel .xlsx hoặc JSON lines (.jsonl).",
    )
    sheet = forms.CharField(
        label="Trang tính (Excel)", required=False,
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
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 20 MB; hãy chia nhỏ danh sách.")
        return upload


def upload_view(request: HttpRequest) -> HttpResponse:
    report = None
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            report = run_import(
                upload.read(),
                filename=upload.name,
                dry_run=form.cleaned_data["dry_run"],
                skip_invalid=form.cleaned_data["skip_invalid"],
                sheet=form.cleaned_data["sheet"] or None,
                issuer=form.cleaned_data["issuer"] or None,
                # Paths in an uploaded file must not read files on the server.
                allow_local_images=False,
            )
    else:
        form = UploadForm()
    context = {
        **admin.site.each_context(request),
        "title": "Nhập danh sách sản phẩm OCOP",
        "form": form,
        "report": report,
        "summary": report.summary() if report else None,
        "status_labels": STATUS_LABELS,
    }
    return TemplateResponse(request, "catalog_import/upload.html", context)
