"""What the Dashboard shows of one state: figures as charts, cycle position, gaps, overdue."""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.principal import Permission, Principal
from nucsec.assessments import figures
from nucsec.catalogue import default_pack
from nucsec.competence.service import measure_trend
from nucsec.reports.charts import Bar, Point, bar_chart, gauge, line_chart
from nucsec.reviews.service import measures as review_measures
from nucsec.states.roadmap_service import roadmap


def _svg(markup: str) -> Markup:
    """Mark chart output safe for templates: the chart module escapes every caller text."""
    return Markup(markup)  # noqa: S704


def charts(doc: dict[str, Any]) -> dict[str, Markup]:
    """The SVG charts of a figures document (from `figures.figures`)."""
    pack = default_pack()
    weakest = doc.get("weakest_commitment")
    commitments = [
        Bar(c.id, c.title, doc["commitments"].get(c.id), c.id == weakest) for c in pack.commitments
    ]
    elements = [Bar(e.id, e.title, doc["elements"].get(e.id)) for e in pack.elements]
    trend = [
        Point(p["date"], {"Implementation": p["overall"], "Confidence": p["confidence"]})
        for p in doc["trend"]
    ]
    return {
        "overall": _svg(gauge(doc["overall"], title="Implementation index")),
        "confidence": _svg(gauge(doc["confidence"], title="Confidence index")),
        "commitments": _svg(bar_chart(commitments, title="Implementation index per commitment")),
        "elements": _svg(bar_chart(elements, title="Implementation index per essential element")),
        "trend": _svg(line_chart(trend, title="Implementation and confidence over time")),
    }


def dashboard_context(session: Session, principal: Principal, code: str) -> dict[str, Any]:
    doc = figures.figures(session=session, state_code=code)
    plan = roadmap(session=session, state_code=code, today=date.today(), limit=5)
    return {
        "figures": doc,
        "charts": charts(doc),
        "plan": plan,
        "commitment_titles": {c.id: c.title for c in default_pack().commitments},
        "can_publish": principal.can(Permission.publish_figures)
        and doc["source"] == "computed"
        and principal.may_see(Label.OFFICIAL),
        "releases": figures.releases(session=session, state_code=code),
        "improvement": review_measures(session=session, state_code=code, today=date.today()),
        "competence": measure_trend(session=session, state_code=code),
    }
