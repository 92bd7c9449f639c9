from django.apps import AppConfig


class AttributeConfig(AppConfig):
    name = "backend.attribute"
    label = "attribute"
    verbose_name = "Thuộc tính"
