from django.apps import AppConfig


class CatalogImportConfig(AppConfig):
    name = "catalog_import"
    verbose_name = "Nhập danh sách OCOP"
