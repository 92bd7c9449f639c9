"""The 2025 reform of administrative units: on 1 July 2025 Vietnam went from 63 provinces
with districts to 34 provinces with communes directly below them. A place name written
before that day means the unit of that time."""

import datetime

REFORM_DATE = datetime.date(2025, 7, 1)


def is_before_reform(day: datetime.date | None) -> bool | None:
    """True for a day before 1/7/2025, False from it on, None when the day is unknown."""
    return None if day is None else day < REFORM_DATE
