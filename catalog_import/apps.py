from pathlib import Path

from django.apps import AppConfig


class CatalogImportConfig(AppConfig):
    name = "catalog_import"
    verbose_name = "Nhập danh sách OCOP"
    # The editable install was made before this package had an __init__.py, so Python may
    # see it as a namespace package with two locations; name the real one.
    path = str(Path(__file__).resolve().parent)
