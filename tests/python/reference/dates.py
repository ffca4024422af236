"""Dates (README, "The rules"): `dd/mm/yyyy` (day first), `yyyy-mm-dd`, and `d Month yyyy` (English month name,
full or abbreviated, in any case). A slashed date whose day and month are both 12 or less is read day first and
is ambiguous. A date in no known format, or not a real date, rejects its row.
"""

from __future__ import annotations

import re
from datetime import date

SLASHED = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
WRITTEN = re.compile(r"([0-9]{1,2}) ([A-Za-z]+) ([0-9]{4})")

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
# The full names and the three-letter abbreviations (`Sept` is neither: its date is not a real date).
MONTH_NUMBERS = {name: number for number, full in enumerate(MONTHS, start=1) for name in (full, full[:3])}


def date_layout(text: str) -> str | None:
    """The layout of a cleaned date text, or None when it is in no known layout."""
    if SLASHED.fullmatch(text):
        return "dd/mm/yyyy"
    if ISO.fullmatch(text):
        return "yyyy-mm-dd"
    if WRITTEN.fullmatch(text):
        return "d month yyyy"
    return None


def real_date(year: int, month: int | None, day: int) -> date | None:
    try:
        return date(year, month, day) if month is not None else None
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The date a text in a known layout means, or None when it is not a real date (`31/02/2020`)."""
    if match := SLASHED.fullmatch(text):
        day, month, year = match.groups()
        return real_date(int(year), int(month), int(day))
    if match := ISO.fullmatch(text):
        year, month, day = match.groups()
        return real_date(int(year), int(month), int(day))
    if match := WRITTEN.fullmatch(text):
        day, month_name, year = match.groups()
        return real_date(int(year), MONTH_NUMBERS.get(month_name.lower()), int(day))
    return None


def is_ambiguous(text: str) -> bool:
    """A slashed date whose day and month are both 12 or less (read month first, it is another date)."""
    match = SLASHED.fullmatch(text)
    return bool(match) and int(match.group(1)) <= 12 and int(match.group(2)) <= 12
