"""What every report builder shares: the state header, evidence tables, figure charts."""

from __future__ import annotations

from datetime import date
from typing import Any

from nucsec.catalogue import default_pack
from nucsec.charts import Bar, Point, bar_chart, line_chart
from nucsec.evidence.models import Evidence
from nucsec.glossary import title as human
from nucsec.reports.document import Chart, Report, Table
from nucsec.states.models import State


def new_report(kind: str, title: str, state: State, label: str, today: date) -> Report:
    pack = default_pack().framework
    return Report(
        kind=kind,
        title=title,
        state_code=state.code,
        state_name=state.name,
        label=label,
        generated_on=today.isoformat(),
        framework=f"{pack.id} {pack.version}",
    )


def evidence_table(records: list[Evidence], caption: str | None = None) -> Table:
    return Table(
        ["Ref", "Document", "Kind", "Publisher", "Date", "Address"],
        [
            [
                e.ref,
                e.title,
                human(e.kind),
                e.publisher or "",
                e.published_on.isoformat() if e.published_on else "",
                e.url or "",
            ]
            for e in records
        ],
        caption,
    )


def status_title(status: str | None) -> str:
    if status is None:
        return "not reported"
    rules = default_pack().assessment
    return next((s.title for s in rules.statuses if s.id == status), status)


def commitment_chart(figures: dict[str, Any]) -> Chart:
    pack = default_pack()
    weakest = figures.get("weakest_commitment")
    bars = [
        Bar(c.id, c.title, figures["commitments"].get(c.id), c.id == weakest)
        for c in pack.commitments
    ]
    return Chart(
        bar_chart(bars, title="Implementation index per commitment"),
        "Implementation index per commitment (0–100); the weakest is highlighted.",
    )


def element_chart(figures: dict[str, Any]) -> Chart:
    bars = [Bar(e.id, e.title, figures["elements"].get(e.id)) for e in default_pack().elements]
    return Chart(
        bar_chart(bars, title="Implementation index per essential element"),
        "Implementation index per essential element of NSS 20 (0–100).",
    )


def trend_chart(trend: list[dict[str, Any]]) -> Chart:
    points = [
        Point(p["date"], {"Implementation": p["overall"], "Confidence": p["confidence"]})
        for p in trend
    ]
    return Chart(
        line_chart(points, title="Implementation and confidence over time"),
        "Implementation and confidence indices over time (0–100).",
    )


def number(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"
