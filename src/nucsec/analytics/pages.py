"""Analyst pages: the heatmap (states × commitments, elements or measures), state versus state,
where a cell comes from, and a state's trends and scenarios."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any, get_args

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from nucsec.access.visibility import highest
from nucsec.analytics import service
from nucsec.analytics.schemas import By, CompareDoc, CompareRow, Kind, ProfileFilter
from nucsec.errors import Invalid
from nucsec.improvement import scenarios
from nucsec.paging import page_params
from nucsec.states import service as states
from nucsec.web.deps import SessionDep
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)

BYS: tuple[str, ...] = get_args(By)
KINDS = {"self": "Own approved figures", "external": "External assessments"}
TREND_KINDS: tuple[Kind, ...] = ("self", "external")
PROFILES = {
    "nuclear_material": "Nuclear material",
    "power_reactors": "Power reactors",
    "research_reactors": "Research reactors",
    "fuel_cycle_facilities": "Fuel-cycle facilities",
    "sources_only": "Radioactive sources only",
}
# Light fills, each readable with black text (WCAG AA): low values warm, high values cool.
# Low to high; light enough that links keep a 5:1 contrast on every shade (WCAG AA needs 4.5).
SHADES = ("#f8c0a2", "#fddbc7", "#f7f7f7", "#d1e5f0", "#aed4e8")


def shade(value: float | None) -> str:
    if value is None:
        return "#ffffff"
    return SHADES[min(int(value // 20), len(SHADES) - 1)]


_CELL = Markup(
    '<td style="background: {colour}"><a data-testid="cell-{state}-{key}" href="/compare/trace?'
    'state={state}&amp;by={by}&amp;key={key}&amp;kind={kind}">{text}</a></td>'
)
_NO_CELL = Markup('<td style="background: {colour}">—</td>')


def heat_cells(doc: CompareDoc, row: CompareRow) -> Markup:
    """A heatmap row's cells, each linking to where its figure comes from. Drawn here rather
    than by a Jinja loop: 200 states by 12 elements are 2,400 cells of six escaped parts each,
    which cost Jinja 60 ms a page; a row is drawn once per set of its values."""
    values = tuple(row.cells.get(k) for k in doc.keys)
    linked = row.assessment is not None
    return _row_cells(doc.by, doc.kind, row.state, tuple(doc.keys), values, linked)


@lru_cache(maxsize=4096)
def _row_cells(
    by: str,
    kind: str,
    state: str,
    keys: tuple[str, ...],
    values: tuple[float | None, ...],
    linked: bool,
) -> Markup:
    if not linked:
        return Markup("").join(_NO_CELL.format(colour=shade(v)) for v in values)
    return Markup("").join(
        _CELL.format(
            colour=shade(v),
            state=state,
            key=k,
            by=by,
            kind=kind,
            text=v if v is not None else "n/a",
        )
        for k, v in zip(keys, values, strict=True)
    )


def _choice(value: str | None, options: tuple[str, ...] | dict, default: str | None) -> Any:
    if value in (None, ""):
        return default
    if value not in options:
        raise Invalid(f"{value!r} is not one of {', '.join(options)}")
    return value


@router.get("/compare")
def heatmap(request: Request, session: SessionDep) -> Response:
    q = request.query_params
    by: By = _choice(q.get("by"), BYS, "commitment")
    kind: Kind = _choice(q.get("kind"), tuple(KINDS), "self")
    profile: ProfileFilter | None = _choice(q.get("profile"), PROFILES, None)
    region = q.get("region") or None
    paging = page_params(q)

    def compared(sort: str | None) -> CompareDoc:
        return service.compare(
            session=session,
            by=by,
            kind=kind,
            profile=profile,
            region=region,
            today=date.today(),
            sort=sort,
            page=replace(paging, sort=None),
        )

    try:
        doc = compared(q.get("sort") or None)
    except Invalid:  # a hand-edited sort key: by rank
        doc = compared(None)
    sort = doc.sort
    return render(
        request,
        "compare.html",
        {
            "doc": doc,
            "rows": doc.states,
            "sort": sort,
            "bys": BYS,
            "kinds": KINDS,
            "profiles": PROFILES,
            "profile": profile,
            "region": region,
            "regions": service.regions(session=session),
            "shade": shade,
            "heat_cells": heat_cells,
        },
        page_label=highest([r.label for r in doc.states]),
    )


@router.get("/compare/versus")
def versus(request: Request, session: SessionDep) -> Response:
    q = request.query_params
    by: By = _choice(q.get("by"), BYS, "commitment")
    kind: Kind = _choice(q.get("kind"), tuple(KINDS), "self")
    choices = states.choices(session=session)
    codes = [c for c, _ in choices]
    a = (q.get("a") or (codes[0] if codes else "")).upper()
    b = (q.get("b") or (codes[1] if len(codes) > 1 else a)).upper()
    doc = (
        service.compare(session=session, codes=[a, b], by=by, kind=kind, today=date.today())
        if a and b
        else None
    )
    rows = {r.state: r for r in doc.states} if doc else {}
    return render(
        request,
        "compare_versus.html",
        {
            "doc": doc,
            "a": rows.get(a),
            "b": rows.get(b),
            "choices": choices,
            "bys": BYS,
            "kinds": KINDS,
            "by": by,
            "kind": kind,
            "shade": shade,
        },
        page_label=highest([r.label for r in rows.values()]),
    )


@router.get("/compare/trace")
def trace(request: Request, session: SessionDep) -> Response:
    q = request.query_params
    by: By = _choice(q.get("by"), BYS, "commitment")
    kind: Kind = _choice(q.get("kind"), tuple(KINDS), "self")
    doc = service.traceability(
        session=session,
        state_code=q.get("state") or "",
        by=by,
        key=q.get("key") or "",
        kind=kind,
        today=date.today(),
    )
    return render(
        request,
        "compare_trace.html",
        {"doc": doc, "kinds": KINDS},
        page_label=highest([e.label for e in doc.evidence] + ["PUBLIC"]),
    )


@router.get("/compare/states/{code}")
def state_analysis(code: str, request: Request, session: SessionDep) -> Response:
    """A state's trends (own approved figures and external ones) and its scenarios."""
    state = states.get(session=session, code=code)
    today = date.today()
    plan = scenarios.for_state(session=session, state_code=state.code, today=today)
    # scenarios over a state's own assessment are computed figures: OFFICIAL (DESIGN §4)
    computed = "OFFICIAL" if plan["kind"] == "self" and plan["assessment"] else "PUBLIC"
    return render(
        request,
        "compare_state.html",
        {
            "state": state,
            "trends": {
                kind: service.trends(session=session, state_code=state.code, kind=kind, today=today)
                for kind in TREND_KINDS
            },
            "kinds": KINDS,
            "plan": plan,
        },
        page_label=highest([state.label, computed]),
    )
