"""A form field for image uploads that stores what the image pipeline re-encoded.

Every admin form gets it for its image fields (``backend.core.admin_labels``), so a logo,
a category background or a product photo is decoded with limits and stored as WebP, never
as the bytes and name that were uploaded.
"""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from backend.core.text import slugify_vi

from .images import ImageLimits, InvalidImage, prepare_image


class SafeImageField(forms.ImageField):
    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        limits = ImageLimits.from_settings()
        if getattr(upload, "size", 0) and upload.size > limits.max_bytes:
            raise forms.ValidationError(f"Ảnh lớn hơn {limits.max_bytes // (1024 * 1024)} MB.",
                                        code="invalid_image")
        try:
            upload.seek(0)
            prepared = prepare_image(upload.read(limits.max_bytes + 1), limits)
        except InvalidImage as exc:
            raise forms.ValidationError(f"Tệp không dùng được: {exc}.",
                                        code="invalid_image") from exc
        stem = slugify_vi(upload.name.rsplit(".", 1)[0], max_length=60) or "anh"
        return SimpleUploadedFile(f"{stem}.{prepared.extension}", prepared.content,
                                  prepared.content_type)


class SafeImageUploadsMixin:
    """For ModelAdmin and inlines: every ImageField's form field is SafeImageField."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        from django.db import models

        if isinstance(db_field, models.ImageField):
            kwargs["form_class"] = SafeImageField
        return super().formfield_for_dbfield(db_field, request, **kwargs)
