"""Dashboard, roadmap and consistency pages: the view-model of figures, cycle and checks."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.principal import Permission, Principal
from nucsec.access.visibility import highest
from nucsec.catalogue import default_pack
from nucsec.charts import Bar, Point, bar_chart, gauge, line_chart
from nucsec.competence.service import measure_trend
from nucsec.errors import Invalid, NotFound
from nucsec.improvement import figures
from nucsec.improvement import service as improvement
from nucsec.reviews import service as reviews
from nucsec.web.current import current_state
from nucsec.web.deps import CurrentPrincipal, SessionDep, require
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)


def _svg(markup: str) -> Markup:
    """Mark chart output safe for templates: the chart module escapes every caller text."""
    return Markup(markup)  # noqa: S704


def charts(doc: dict[str, Any]) -> dict[str, Markup]:
    """The SVG charts of a figures document (from `figures.figures`)."""
    trend = tuple((p["date"], p["overall"], p["confidence"]) for p in doc["trend"])
    return _charts(
        id(default_pack()),  # the pack names the bars: another pack, other charts
        doc["overall"],
        doc["confidence"],
        doc.get("weakest_commitment"),
        tuple(doc["commitments"].items()),
        tuple(doc["elements"].items()),
        trend,
    )


@lru_cache(maxsize=256)
def _charts(
    _pack: int,
    overall: float | None,
    confidence: float | None,
    weakest: str | None,
    commitment_values: tuple[tuple[str, float | None], ...],
    element_values: tuple[tuple[str, float | None], ...],
    trend: tuple[tuple[str, float | None, float | None], ...],
) -> dict[str, Markup]:
    """The charts drawn once per set of figures: they are a pure function of the figures, and
    the dashboard draws the same ones on every view until an edit changes them."""
    pack = default_pack()
    by_commitment, by_element = dict(commitment_values), dict(element_values)
    commitments = [
        Bar(c.id, c.title, by_commitment.get(c.id), c.id == weakest) for c in pack.commitments
    ]
    elements = [Bar(e.id, e.title, by_element.get(e.id)) for e in pack.elements]
    points = [Point(d, {"Implementation": o, "Confidence": c}) for d, o, c in trend]
    return {
        "overall": _svg(gauge(overall, title="Implementation index")),
        "confidence": _svg(gauge(confidence, title="Confidence index")),
        "commitments": _svg(bar_chart(commitments, title="Implementation index per commitment")),
        "elements": _svg(bar_chart(elements, title="Implementation index per essential element")),
        "trend": _svg(line_chart(points, title="Implementation and confidence over time")),
    }


def dashboard_context(session: Session, principal: Principal, code: str) -> dict[str, Any]:
    today = date.today()
    doc = figures.figures(session=session, state_code=code, today=today)
    # one read of the state's records serves the roadmap, the measures and the check
    seen = improvement.view(session=session, state_code=code, today=today)
    plan = improvement.roadmap(session=session, state_code=code, today=today, limit=5, seen=seen)
    computed = doc["source"] == "computed"
    return {
        "figures": doc,
        "charts": charts(doc),
        "plan": plan,
        "commitment_titles": {c.id: c.title for c in default_pack().commitments},
        "can_publish": principal.can(Permission.publish_figures)
        and computed
        and principal.may_see(Label.OFFICIAL),
        "can_fix": principal.can(Permission.write_records) and computed,
        "releases": figures.release_dates(session=session, state_code=code),
        "improvement": improvement.measures(
            session=session, state_code=code, today=today, seen=seen
        ),
        "competence": measure_trend(session=session, state_code=code),
        "check": improvement.check(session=session, state_code=code, today=today, seen=seen)
        if computed
        else None,
    }


@router.get("/dashboard")
def dashboard(
    request: Request, session: SessionDep, principal: CurrentPrincipal, state: str | None = None
) -> Response:
    current, visible = current_state(request, session, state)
    context: dict[str, Any] = {"states": visible, "current": current, "fw": default_pack()}
    label = Label.PUBLIC
    if current is not None:
        try:
            context.update(dashboard_context(session, principal, current.code))
            label = Label(context["figures"]["label"])
        except NotFound as exc:
            context["no_figures"] = str(exc)
        if "improvement" not in context:  # reviews and findings count without an assessment
            context["improvement"] = improvement.measures(
                session=session, state_code=current.code, today=date.today()
            )
        context["reviews_hidden"] = not principal.may_see(default_pack().reviews.default_label)
        context["published_peer_review"] = reviews.state_last_published_peer_review(
            session=session, state_code=current.code
        )
    return render(
        request, "dashboard.html", context, page_label=highest([label] + [s.label for s in visible])
    )


@router.post("/states/{code}/figures/releases")
async def publish_figures(
    code: str, request: Request, session: SessionDep, principal=require(Permission.publish_figures)
) -> Response:
    form = await request.form()
    if form.get("confirm") != "1":  # publishing is public and frozen: a deliberate act
        raise Invalid("confirm: tick the box to confirm that these figures may be published")
    try:
        assessment_id = int(str(form.get("assessment", "")))
    except ValueError as exc:
        raise NotFound("no such assessment") from exc
    figures.approve(session=session, state_code=code, assessment_id=assessment_id)
    return RedirectResponse(f"/dashboard?state={code.upper()}", status_code=303)


@router.post("/states/{code}/check/fix")
async def fix_issue(
    code: str, request: Request, session: SessionDep, principal=require(Permission.write_records)
) -> Response:
    """The one-click fix of a consistency issue: the item edit the records call for."""
    form = await request.form()
    improvement.fix(
        session=session,
        state_code=code,
        item_id=str(form.get("item", "")),
        kind=str(form.get("kind", "")),
        today=date.today(),
    )
    return RedirectResponse(f"/dashboard?state={code.upper()}#check", status_code=303)


@router.get("/states/{code}/roadmap")
def roadmap_page(
    code: str, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """The cycle position and next actions. They are drawn from item assessments and records; a
    reader not cleared for the figures' label is told so and sent to the approved figures, never
    shown a roadmap computed from the little they may see (every item "not started")."""
    state, _ = current_state(request, session, code)
    assert state is not None  # an unknown or hidden code answered 404
    if not principal.may_see(figures.FIGURES_LABEL):
        return render(
            request,
            "roadmap.html",
            {"state": state, "doc": None, "cycle": [], "hidden": figures.FIGURES_LABEL.value},
            page_label=Label(state.label),
        )
    doc = improvement.roadmap(session=session, state_code=code, today=date.today())
    pack = default_pack()
    return render(
        request,
        "roadmap.html",
        {
            "state": state,
            "doc": doc,
            "cycle": sorted(pack.cycle, key=lambda s: s.order),
        },
        page_label=Label.OFFICIAL if doc["assessment"] else Label(state.label),
    )
