"""Dates typed the Vietnamese way (day first) are read as the person meant, in every form
(the admin's date fields above all)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import translation


class _DateForm(forms.Form):
    day = forms.DateField()


def test_day_first_dates_and_iso_dates():
    with translation.override("vi"):
        for typed in ("01/12/2026", "01-12-2026", "01.12.2026", "2026-12-01"):
            form = _DateForm({"day": typed})
            assert form.is_valid(), (typed, form.errors)
            assert form.cleaned_data["day"] == datetime.date(2026, 12, 1), typed
        assert not _DateForm({"day": "12/31/2026"}).is_valid()  # no 31st month
