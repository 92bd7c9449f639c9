from django.apps import AppConfig


class OrderConfig(AppConfig):
    name = "backend.order"
    label = "order"
    verbose_name = "Đơn hàng"

    def ready(self) -> None:
        from . import personal_data  # noqa: F401 (connects the data-rights receivers)
