"""Dates as Quebec French readers write them, through Babel."""

from __future__ import annotations

import datetime

from babel.dates import format_date

LOCALE = "fr_CA"


def long_date(value: datetime.date) -> str:
    """« 11 mai 2011 »; the first of the month as « 1er mai 2011 », as OQLF recommends."""
    text = format_date(value, format="d MMMM y", locale=LOCALE)
    return text.replace("1 ", "1er ", 1) if value.day == 1 else text
