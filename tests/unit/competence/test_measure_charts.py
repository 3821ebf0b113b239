"""Competence and cooperation measures are drawn as charts: one per measure, one bar a year,
activities by kind named by the pack's titles."""

from __future__ import annotations

from nucsec.competence.charts import competence_charts, cooperation_charts

TREND = [
    {"period": 2025, "CM-QUAL": 50.0, "CM-CERT": 12, "CM-HOURS": 80.0, "CM-CULTURE": 1,
     "CM-ACTIONS": 2, "CM-CONTRIB": {"workshop_joined": 2}},
    {"period": 2026, "CM-QUAL": 75.0, "CM-CERT": 30, "CM-HOURS": 120.0, "CM-CULTURE": 2,
     "CM-ACTIONS": 3, "CM-CONTRIB": {"workshop_joined": 1, "regional_cooperation": 4}},
]  # fmt: skip


def test_one_competence_chart_per_measure_with_a_bar_a_year() -> None:
    charts = competence_charts(TREND)
    assert [c.measure for c in charts] == ["CM-QUAL", "CM-CERT", "CM-HOURS", "CM-CULTURE"]
    certified = next(c for c in charts if c.measure == "CM-CERT")
    assert certified.svg.count("<rect data-key=") == 2
    assert "2025 Personnel certified: 12; 2026 Personnel certified: 30" in certified.svg
    share = next(c for c in charts if c.measure == "CM-QUAL")
    assert "75 %" in share.svg


def test_cooperation_activities_by_kind_read_as_titles() -> None:
    actions, by_kind = cooperation_charts(TREND)
    assert actions.measure == "CM-ACTIONS" and by_kind.caption.endswith("2025–2026")
    assert "Regional cooperation with nearby states: 4" in by_kind.svg
    assert "Seminar, workshop or exercise joined: 3" in by_kind.svg
    assert "workshop_joined" not in by_kind.svg


def test_count_axes_end_where_quarters_are_whole_numbers() -> None:
    from nucsec.competence.charts import _scale

    assert [_scale(v) for v in ([], [1], [5], [9], [30], [120.5], [4000])] == [
        4, 4, 8, 20, 40, 200, 4000,
    ]  # fmt: skip
