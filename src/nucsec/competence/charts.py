"""Charts of the competence and cooperation measures (Commitment 4, cooperation actions).

Each measure has its own scale (a share, a head count, hours), so each gets its own chart of
one bar per year rather than one chart that would flatten the small numbers; the activities
by kind are one bar per kind, named by the pack's titles. The SVG comes from `nucsec.charts`,
as on the dashboard and in the reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nucsec.catalogue import default_pack
from nucsec.charts import Bar, bar_chart
from nucsec.glossary import title as human

PERCENT = {"CM-QUAL"}  # measures that are shares, drawn on a 0-100 scale
SMALL = 360  # px: a year per row needs little room, and several charts share a row


@dataclass(frozen=True)
class MeasureChart:
    measure: str
    caption: str
    svg: str


def _scale(values: list[float]) -> float:
    """The top of a count's axis: the first of 4, 8, 20, 40, 80, 200... at or above the largest
    value, so the grid lines at its quarters fall on whole numbers."""
    top = max(values, default=0.0)
    magnitude = 1
    while True:
        for step in (4, 8, 20):
            if step * magnitude >= top:
                return float(step * magnitude)
        magnitude *= 10


def _per_year(trend: list[dict[str, Any]], measure: str, caption: str) -> MeasureChart:
    bars = [Bar(str(t["period"]), caption, t.get(measure)) for t in trend]
    values = [b.value for b in bars if b.value is not None]
    unit, top = (" %", 100.0) if measure in PERCENT else ("", _scale(values))
    svg = bar_chart(bars, title=caption, width=SMALL, max_value=top, unit=unit, named=False)
    return MeasureChart(measure, caption, svg)


def competence_charts(trend: list[dict[str, Any]]) -> list[MeasureChart]:
    """One chart per competence measure of the pack, one bar per year."""
    measures = [m for m in default_pack().records.measures if m.record != "cooperation"]
    return [_per_year(trend, m.id, m.title) for m in measures]


def cooperation_charts(trend: list[dict[str, Any]]) -> list[MeasureChart]:
    """Optional actions with an activity, per year; and the activities of every year by kind."""
    titles = {m.id: m.title for m in default_pack().records.measures}
    charts = [_per_year(trend, "CM-ACTIONS", titles["CM-ACTIONS"])]
    by_kind: dict[str, float] = {}
    for t in trend:
        for kind, count in (t.get("CM-CONTRIB") or {}).items():
            by_kind[kind] = by_kind.get(kind, 0) + count
    years = f"{trend[0]['period']}–{trend[-1]['period']}" if trend else ""
    caption = f"Activities by kind, {years}" if years else "Activities by kind"
    ranked = sorted(by_kind.items(), key=lambda kn: (-kn[1], human(kn[0])))
    bars = [Bar("", human(kind), count) for kind, count in ranked]  # the name is printed
    svg = bar_chart(bars, title=caption, max_value=_scale(list(by_kind.values())))
    charts.append(MeasureChart("CM-CONTRIB", caption, svg))
    return charts
