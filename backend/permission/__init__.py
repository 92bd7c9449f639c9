"""Operator permissions as named codes, in Saleor's style (``MANAGE_PRODUCTS``, …)."""
