from django.apps import AppConfig


class WarehouseConfig(AppConfig):
    name = "backend.warehouse"
    label = "warehouse"
    verbose_name = "Kho hàng"
