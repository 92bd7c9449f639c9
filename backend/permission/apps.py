from django.apps import AppConfig


class PermissionConfig(AppConfig):
    name = "backend.permission"
    label = "permission"
    verbose_name = "Quyền của nhân viên sàn"
