"""Ranking with ties and trends, against examples computed by hand."""

from __future__ import annotations

from datetime import date

from nucsec.analytics.ranking import RULE, competition_ranks, order
from nucsec.analytics.trends import Point, changes


def test_competition_ranking_shares_ranks_and_skips() -> None:
    overall = {"XB": 70.0, "XA": 80.0, "XC": 70.04, "XD": 60.0, "XE": None}
    # XB 70.0 and XC 70.04 are both shown as 70.0: tied, listed by code; the next rank skips
    assert order(overall) == ["XA", "XB", "XC", "XD", "XE"]
    assert competition_ranks(overall) == {"XA": 1, "XB": 2, "XC": 2, "XD": 4, "XE": None}
    assert "1, 2, 2, 4" in RULE


def test_ties_at_the_top_and_nothing_to_rank() -> None:
    assert competition_ranks({"XB": 50.0, "XA": 50.0, "XC": 10.0}) == {"XA": 1, "XB": 1, "XC": 3}
    assert competition_ranks({"XA": None}) == {"XA": None}
    assert competition_ranks({}) == {}


def test_trend_changes_and_regressions() -> None:
    points = changes(
        [
            Point(date(2026, 3, 1), 3, 55.04, 20.0),
            Point(date(2024, 3, 1), 1, 40.0, None),
            Point(date(2025, 3, 1), 2, 50.0, 30.0),
        ]
    )
    assert [p["assessment"] for p in points] == [1, 2, 3], "oldest first"
    assert points[0]["change"] is None and points[0]["regression"] == []
    assert points[1]["change"] == {"overall": 10.0, "confidence": None}
    assert points[1]["regression"] == []
    assert points[2]["change"] == {"overall": 5.0, "confidence": -10.0}
    assert points[2]["regression"] == ["confidence"], "a fall is flagged"
