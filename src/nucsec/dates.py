"""Calendar months, the one way nucsec counts cadences and windows.

The dashboard, the cycle and the records all ask "is this within N months?"; they must answer
alike on every date, so there is one definition: whole calendar months elapsed, a month being
complete once its day of the month is reached, or its last day in a shorter month (31 Jan →
28 Feb is 1 month; 15 Jan → 14 Feb is 0).
"""

from __future__ import annotations

import calendar
from datetime import date


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (negative when `later` comes first)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if months > 0 and later.day < earlier.day and not _month_end(later, earlier.day):
        months -= 1
    elif months < 0 and later.day > earlier.day:
        months += 1
    return months


def _month_end(day: date, wanted: int) -> bool:
    """A short month's last day completes a month begun on a later day (31 Jan → 28 Feb)."""
    return day.day == calendar.monthrange(day.year, day.month)[1] and wanted > day.day


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def within(last: date | None, months: int, today: date) -> bool:
    """Whether `last` lies within the cadence: fewer than `months` whole months ago."""
    return last is not None and last <= today and months_between(last, today) < months
