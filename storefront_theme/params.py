"""Reading what a visitor sends (query strings and forms): one place that drops control
characters (NUL among them), which never belong in typed text and which the API refuses."""

from __future__ import annotations

import re
from collections.abc import Mapping

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_text(value: str, max_length: int) -> str:
    """``value`` without control characters, cut to ``max_length`` characters."""
    return _CONTROL.sub("", value)[:max_length]


def field(source: Mapping[str, str], name: str, max_length: int) -> str:
    """A form or query-string field as text (see ``clean_text``); missing → ""."""
    return clean_text(source.get(name, "") or "", max_length)


def one_line(value: str, max_length: int) -> str:
    """Free text for searching: control characters as spaces, whitespace collapsed."""
    return " ".join(_CONTROL.sub(" ", value).split())[:max_length]
