"""``AddressInput`` → the plain dict the account domain checks."""

from __future__ import annotations

from typing import Any


def address_data(value: Any) -> dict[str, Any]:
    data = dict(value or {})
    data.pop("skip_validation", None)
    country = data.get("country")
    data["country"] = getattr(country, "value", country)
    return data
