"""One month rule for every cadence: the dashboard and the cycle agree on every date."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from nucsec.dates import add_months, months_between, within
from nucsec.reviews.metrics import cadence


def test_whole_months() -> None:
    assert months_between(date(2026, 1, 15), date(2026, 2, 14)) == 0
    assert months_between(date(2026, 1, 15), date(2026, 2, 15)) == 1
    assert months_between(date(2026, 1, 31), date(2026, 2, 28)) == 1, "end of a short month"
    assert months_between(date(2025, 11, 25), date(2026, 11, 24)) == 11
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_within_cadence_on_the_boundary() -> None:
    assert within(date(2025, 11, 26), 12, date(2026, 11, 25))
    assert not within(date(2025, 11, 25), 12, date(2026, 11, 25)), "12 whole months: due"
    assert not within(None, 12, date(2026, 11, 25))


@given(
    last=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    months=st.integers(min_value=1, max_value=120),
)
def test_dashboard_and_cycle_agree(last: date, today: date, months: int) -> None:
    if last > today:
        return
    assert cadence(last, months, today)["overdue"] is (not within(last, months, today))
    assert within(last, months, today) is (today < add_months(last, months))
