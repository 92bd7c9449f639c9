"""Vietnamese formats beyond Django's own: Django ships none for input, so a date typed
"01/12/2026" in a form (the admin's above all) was read month first, as 12 January.
Vietnamese write day/month/year; ISO dates stay accepted."""

from django.conf.locale.vi.formats import *  # noqa: F403 - Django's display formats, kept

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
]
