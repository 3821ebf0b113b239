"""Continuous-improvement measures against hand-computed examples, on a fixed clock."""

from __future__ import annotations

from datetime import date

from nucsec.reviews.metrics import FindingFacts, cadence, finding_measures

TODAY = date(2026, 11, 25)
MISSION = date(2024, 10, 18)


def test_cadence_overdue_against_months() -> None:
    assert cadence(date(2025, 11, 26), 12, TODAY)["overdue"] is False, "one day short of 12"
    assert cadence(date(2025, 11, 25), 12, TODAY)["overdue"] is True
    recent = cadence(date(2026, 3, 13), 12, TODAY)
    assert recent == {
        "last": "2026-03-13",
        "days_since": 257,
        "months_since": 8,
        "cadence_months": 12,
        "overdue": False,
    }
    assert cadence(None, 60, TODAY)["overdue"] is True


def test_finding_measures_by_hand() -> None:
    findings = [
        # implemented 100 days after the mission, verified 200 days later
        FindingFacts(
            "recommendation",
            "verified",
            MISSION,
            date(2025, 6, 1),
            date(2025, 1, 26),
            date(2025, 8, 14),
        ),
        # implemented 300 days after the mission, verified 400 days later
        FindingFacts(
            "recommendation",
            "verified",
            MISSION,
            date(2025, 9, 1),
            date(2025, 8, 14),
            date(2026, 9, 18),
        ),
        FindingFacts(
            "recommendation", "implemented", MISSION, date(2025, 9, 1), date(2025, 5, 6)
        ),  # 200 days
        FindingFacts("recommendation", "open", MISSION, date(2026, 6, 30)),  # overdue
        FindingFacts("recommendation", "not_accepted", MISSION),
        FindingFacts("suggestion", "in_progress", MISSION, date(2027, 1, 1)),  # not yet due
        FindingFacts("good_practice", "noted", MISSION, shared=True),
        FindingFacts("good_practice", "noted", MISSION),
    ]
    m = finding_measures(findings, TODAY)
    assert (m["open"], m["closed"], m["overdue"]) == (2, 3, 1), "declining is not closing"
    assert m["declined"] == 1
    assert m["median_days_to_implement"] == 200, "median of 100, 300, 200"
    assert m["median_days_to_verify"] == 300, "median of 200 and 400"
    assert m["verified_share"] == 40.0, "2 of 5 recommendations (declined count as not verified)"
    assert (m["good_practices"], m["good_practices_shared"]) == (2, 1)


def test_no_findings() -> None:
    m = finding_measures([], TODAY)
    assert m["median_days_to_implement"] is None and m["verified_share"] is None
    assert m["open"] == m["overdue"] == 0
