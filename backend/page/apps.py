from django.apps import AppConfig


class PageConfig(AppConfig):
    name = "backend.page"
    label = "page"
    verbose_name = "Trang nội dung"
