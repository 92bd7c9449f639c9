from django import template

from backend.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount) -> str:
    return format_vnd(amount)
