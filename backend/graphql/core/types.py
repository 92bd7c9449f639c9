from __future__ import annotations

import graphene

from backend.core.money import CURRENCY, format_vnd


class Money(graphene.ObjectType):
    currency = graphene.String(required=True, description="Currency code (VND).")
    amount = graphene.Float(required=True, description="Amount; VND has no minor unit.")
    formatted = graphene.String(required=True, description="Display form, e.g. 125.000 ₫.")

    @staticmethod
    def resolve_formatted(root, info):
        return format_vnd(root["amount"]) if root["currency"] == "VND" else str(root["amount"])

    @staticmethod
    def resolve_currency(root, info):
        return root["currency"]

    @staticmethod
    def resolve_amount(root, info):
        return root["amount"]


class TaxedMoney(graphene.ObjectType):
    """Gross and net: Vietnamese retail prices include VAT, so they are equal here."""

    currency = graphene.String(required=True)
    gross = graphene.Field(Money, required=True)
    net = graphene.Field(Money, required=True)
    tax = graphene.Field(Money, required=True)

    @staticmethod
    def resolve_currency(root, info):
        return root["currency"]

    @staticmethod
    def resolve_gross(root, info):
        return root

    @staticmethod
    def resolve_net(root, info):
        return root

    @staticmethod
    def resolve_tax(root, info):
        return {"amount": 0, "currency": root["currency"]}


def money(amount: int | None, currency: str) -> dict | None:
    return None if amount is None else {"amount": amount, "currency": currency}


def vnd(amount: int) -> dict:
    """Whole đồng as Saleor's Money."""
    return {"amount": amount, "currency": CURRENCY}


class TaxedMoneyRange(graphene.ObjectType):
    start = graphene.Field(TaxedMoney)
    stop = graphene.Field(TaxedMoney)


class Image(graphene.ObjectType):
    url = graphene.String(required=True)
    alt = graphene.String()


class OrderDirection(graphene.Enum):
    ASC = "ASC"
    DESC = "DESC"


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(required=True)
    country = graphene.String(required=True)
