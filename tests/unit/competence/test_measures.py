"""Competence and cooperation measures per period, against hand-computed examples."""

from __future__ import annotations

from datetime import date

from nucsec.competence.measures import Facts, period_measures, trend

FACTS = Facts(
    positions=(True, True, False, True),
    certifications=((2025, 5), (2026, 9), (2026, 12)),
    trainings=((2025, 24.0), (2025, 16.0), (2026, 60.0)),
    culture=(2025, 2026, 2026),
    cooperation=(
        (date(2024, 5, 14), "workshop_joined", ("A03",)),
        (date(2025, 3, 3), "nsf_contribution", ("A06",)),
        (date(2025, 11, 20), "regional_cooperation", ("A09",)),
        (date(2026, 4, 8), "mission_experts", ("A05",)),
        (date(2026, 9, 1), "workshop_hosted", ("A03", "A09")),
    ),
)


def test_one_period_by_hand() -> None:
    m = period_measures(FACTS, 2026, 24)
    assert m["CM-QUAL"] == 75.0, "3 of 4 positions require a qualification"
    assert m["CM-CERT"] == 21 and m["CM-HOURS"] == 60.0 and m["CM-CULTURE"] == 2
    # window 2025-01-01 .. 2026-12-31: A06, A09, A05, A03 (the 2024 workshop is too old)
    assert m["CM-ACTIONS"] == 4
    assert m["CM-CONTRIB"] == {"mission_experts": 1, "workshop_hosted": 1}


def test_the_window_counts_back_from_the_end_of_the_period() -> None:
    assert period_measures(FACTS, 2025, 24)["CM-ACTIONS"] == 3, "A03 (2024), A06, A09"
    assert period_measures(FACTS, 2025, 12)["CM-ACTIONS"] == 2, "only 2025: A06, A09"


def test_empty_period_and_no_records() -> None:
    empty = period_measures(FACTS, 2030, 24)
    assert (empty["CM-CERT"], empty["CM-HOURS"], empty["CM-CULTURE"], empty["CM-ACTIONS"]) == (
        0,
        0,
        0,
        0,
    )
    assert empty["CM-CONTRIB"] == {}
    nothing = period_measures(Facts((), (), (), (), ()), 2026, 24)
    assert nothing["CM-QUAL"] is None, "no positions: no share, not zero"


def test_trend_is_ordered_by_period() -> None:
    assert [t["period"] for t in trend(FACTS, [2026, 2024, 2025], 24)] == [2024, 2025, 2026]
