"""Comparison, trends and traceability over many states, in a fixed number of queries.

Two kinds of figures, never mixed: a state's own (`self`: the figures its coordinator approved
for publication, frozen and PUBLIC) and external ones (`external`: the latest external
assessment of each state, scored over the items, evidence and records the caller may see, so
a PUBLIC analyst's comparison depends on nothing above PUBLIC).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from nucsec.access.head_cache import HeadCache
from nucsec.analytics import ranking
from nucsec.analytics import trends as trend_rules
from nucsec.analytics.schemas import (
    By,
    CompareDoc,
    CompareRow,
    Kind,
    ProfileFilter,
    TraceDoc,
    TraceEvidence,
    TraceItem,
    TrendDoc,
)
from nucsec.assessments import service as assessments
from nucsec.assessments.models import Assessment, ItemAssessment, ScoreRelease
from nucsec.assessments.scoring import MEASURES, ItemState, Scores, compiled, score
from nucsec.catalogue import default_pack
from nucsec.catalogue.schema import Pack
from nucsec.errors import Invalid, NotFound
from nucsec.improvement import records as recs
from nucsec.paging import ALL, Page, PageParams
from nucsec.states import service as states
from nucsec.states.models import State
from nucsec.states.schemas import ProgrammeProfile

EXTERNAL = "external"


def keys_of(pack: Pack, by: By) -> dict[str, str]:
    """The columns of a comparison: key → title, in pack order."""
    if by == "commitment":
        return {c.id: c.title for c in pack.commitments}
    if by == "element":
        return {e.id: e.title for e in pack.elements}
    return {m.id: m.title for m in pack.measures}


def matches(profile: ProgrammeProfile, wanted: ProfileFilter | None) -> bool:
    """Whether a programme fits a heatmap filter (nuclear material, a facility type, sources)."""
    if wanted is None:
        return True
    if wanted == "nuclear_material":
        return profile.nuclear_material
    if wanted == "sources_only":
        return profile.sources_only
    return bool(getattr(profile, wanted))


def pick_states(
    session: Session,
    codes: Sequence[str] | None,
    profile: ProfileFilter | None = None,
    region: str | None = None,
) -> list[State]:
    """The states the caller may see, by code; an unknown (or hidden) code is one clear error."""
    found = list(session.scalars(_picked(select(State), codes, region)))
    _all_found(codes, [s.code for s in found])
    if profile is None:  # every programme fits: no profile to build per state
        return found
    return [s for s in found if matches(states.profile_of(s), profile)]


class Picked(NamedTuple):
    """A compared state as the comparison of approved figures needs it (no ORM row)."""

    id: int
    code: str
    name: str


def pick_names(
    session: Session, codes: Sequence[str] | None, region: str | None = None
) -> list[Picked]:
    """`pick_states` without a programme filter, as three columns: a comparison of approved
    figures reads nothing else of 200 states."""
    query = _picked(select(State.id, State.code, State.name), codes, region)
    found = [Picked(*row) for row in session.execute(query)]
    _all_found(codes, [s.code for s in found])
    return found


def _picked(query: Select, codes: Sequence[str] | None, region: str | None) -> Select:
    query = query.order_by(State.code)
    if region:
        query = query.where(State.region == region)
    if codes:
        query = query.where(State.code.in_(_wanted(codes)))
    return query


def _wanted(codes: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(c.strip().upper() for c in codes if c.strip()))


def _all_found(codes: Sequence[str] | None, found: list[str]) -> None:
    if codes:
        missing = sorted(set(_wanted(codes)) - set(found))
        if missing:
            raise NotFound(f"no state {missing[0]}")


def _cells(pack: Pack, by: By, figures: dict[str, Any]) -> dict[str, float | None]:
    keys = keys_of(pack, by)
    if by == "measure":
        points = _points(pack)
        measures = figures.get("measures") or {}
        return {k: _as_float(points.get(measures[k])) if k in measures else None for k in keys}
    source = figures.get("commitments" if by == "commitment" else "elements") or {}
    return {k: _as_float(source.get(k)) for k in keys}


def _points(pack: Pack) -> dict[str, float | None]:
    kept = _POINTS.get(id(pack))
    if kept is None or kept[0] is not pack:
        kept = _POINTS[id(pack)] = (pack, {s.id: s.points for s in pack.assessment.statuses})
    return kept[1]


_POINTS: dict[int, tuple[Pack, dict[str, float | None]]] = {}


def _as_float(value: object) -> float | None:
    return None if value is None else round(float(value), 1)  # type: ignore[arg-type]


def _figures_of(scores: Scores, items: list[ItemState]) -> dict[str, Any]:
    """An external assessment's figures, shaped like approved ones (measures by status)."""
    c = compiled(default_pack())
    return {
        **scores.as_dict(),
        "measures": {
            i.item_id: i.status
            for i in items
            if (info := c.items.get(i.item_id)) is not None and info.section == MEASURES
        },
    }


def approved(session: Session, state_ids: list[int]) -> dict[int, list[ScoreRelease]]:
    """Each state's approved (published) figures, oldest first, in one query."""
    out: dict[int, list[ScoreRelease]] = {i: [] for i in state_ids}
    if not state_ids:
        return out
    for release in session.scalars(
        select(ScoreRelease)
        .where(ScoreRelease.state_id.in_(state_ids))
        .order_by(ScoreRelease.assessed_on, ScoreRelease.id)
    ):
        out[release.state_id].append(release)
    return out


class Approved(NamedTuple):
    """A state's latest approved figures, as plain data (shared between views: read only)."""

    assessment_id: int
    assessed_on: date
    figures: dict[str, Any]
    label: str


_LATEST: HeadCache[dict[int, Approved]] = HeadCache(32)


def latest_approved(session: Session, state_ids: Sequence[int]) -> dict[int, Approved]:
    """Each state's latest approved figures. A comparison of 200 states reads them on every
    view, and decoding 200 frozen documents costs more than the rest of it: they are kept
    until the next write (`access.head_cache`)."""
    ids = tuple(sorted(set(state_ids)))
    return _LATEST.get(session, ids, lambda: _read_latest(session, ids)) if ids else {}


def _read_latest(session: Session, state_ids: tuple[int, ...]) -> dict[int, Approved]:
    """Two queries: which release is each state's latest (two small columns of every
    release), then those releases only, not every frozen document of their history."""
    latest: dict[int, int] = {}
    for release_id, state_id in session.execute(
        select(ScoreRelease.id, ScoreRelease.state_id)
        .where(ScoreRelease.state_id.in_(state_ids))
        .order_by(ScoreRelease.assessed_on, ScoreRelease.id)
    ):
        latest[state_id] = release_id  # oldest first: the last one seen is the latest
    if not latest:
        return {}
    chosen = session.execute(
        select(
            ScoreRelease.state_id,
            ScoreRelease.assessment_id,
            ScoreRelease.assessed_on,
            ScoreRelease.figures,
            ScoreRelease.label,
        ).where(ScoreRelease.id.in_(latest.values()))
    )
    return {state_id: Approved(*rest) for state_id, *rest in chosen}


def external(
    session: Session, chosen: list[State], today: date
) -> dict[int, list[tuple[Assessment, dict[str, Any]]]]:
    """Each state's external assessments the caller may see, oldest first, each with its
    figures scored over what the caller may see: four queries plus the records' fixed few."""
    pack = default_pack()
    ids = [s.id for s in chosen]
    out: dict[int, list[tuple[Assessment, dict[str, Any]]]] = {i: [] for i in ids}
    if not ids:
        return out
    found = list(
        session.scalars(
            select(Assessment)
            .where(Assessment.state_id.in_(ids), Assessment.kind == EXTERNAL)
            .order_by(Assessment.assessed_on, Assessment.id)
        )
    )
    if not found:
        return out
    rows = session.execute(
        select(
            ItemAssessment.assessment_id,
            ItemAssessment.item_id,
            ItemAssessment.status,
            ItemAssessment.demonstration,
        )
        .join(Assessment, Assessment.id == ItemAssessment.assessment_id)
        .where(Assessment.state_id.in_(ids), Assessment.kind == EXTERNAL)
    ).all()
    items: dict[int, list[ItemState]] = {a.id: [] for a in found}
    for assessment_id, item_id, status, demonstration in rows:
        if assessment_id in items:
            items[assessment_id].append(ItemState(item_id, status, demonstration))
    records = recs.gather_many(session, ids, [a.id for a in found])
    by_id = {s.id: s for s in chosen}
    latest = {a.state_id: a.id for a in found}
    for a in found:
        as_of = max(today, a.assessed_on) if latest[a.state_id] == a.id else a.assessed_on
        state_records = records.get(a.state_id, recs.StateRecords())
        scores = score(
            pack,
            items[a.id],
            support=recs.support(pack, state_records, a.id, as_of),
            assurance=recs.assurance(pack, state_records, as_of),
            scopes=frozenset(states.profile_of(by_id[a.state_id]).scopes()),
        )
        out[a.state_id].append((a, _figures_of(scores, items[a.id])))
    return out


COMPARE_SORTS = ("rank", "state")
"""A comparison's orders besides its columns' keys (highest first)."""


def compare(
    *,
    session: Session,
    codes: Sequence[str] | None = None,
    by: By = "commitment",
    kind: Kind = "self",
    profile: ProfileFilter | None = None,
    region: str | None = None,
    today: date | None = None,
    sort: str | None = None,
    page: PageParams = ALL,
) -> CompareDoc:
    """States × commitments | elements | measures, with the overall index and its rank.

    Ranks are over every state compared; `sort` orders the rows (rank, state, or a column's
    key, highest first) before `page` picks a slice of them.
    """
    if by not in ("commitment", "element", "measure"):
        raise Invalid(f"by: {by!r} is not one of commitment, element, measure")
    if kind not in ("self", EXTERNAL):
        raise Invalid(f"kind: {kind!r} is not one of self, external")
    today = today or date.today()
    pack = default_pack()
    titles = keys_of(pack, by)
    order = sort or "rank"
    if order not in COMPARE_SORTS and order not in titles:
        raise Invalid(f"sort: {order!r} is not one of {', '.join([*COMPARE_SORTS, *titles])}")
    chosen: Sequence[State | Picked]
    latest: dict[int, tuple[int | None, date, dict[str, Any], str]] = {}
    if kind == "self":
        chosen = (
            pick_names(session, codes, region)
            if profile is None
            else pick_states(session, codes, profile, region)
        )
        for state_id, r in latest_approved(session, [s.id for s in chosen]).items():
            latest[state_id] = r
    else:
        chosen = scored = pick_states(session, codes, profile, region)
        for state_id, history in external(session, scored, today).items():
            if history:
                a, figures = history[-1]
                latest[state_id] = (a.id, a.assessed_on, figures, a.label)
    overall = {
        s.code: _as_float(latest[s.id][2].get("overall")) if s.id in latest else None
        for s in chosen
    }
    ranks = ranking.competition_ranks(overall)
    by_code = {s.code: s for s in chosen}

    def cells_of(code: str) -> dict[str, float | None]:
        state_id = by_code[code].id
        return _cells(pack, by, latest[state_id][2]) if state_id in latest else {}

    ordered = ranking.order(overall)
    cells: dict[str, dict[str, float | None]] = {}
    if order == "state":
        ordered = sorted(ordered)
    elif order != "rank":  # a column's order needs every state's cells; otherwise the page's
        cells = {code: cells_of(code) for code in ordered}
        ordered = sorted(
            ordered, key=lambda c: (cells[c].get(order) is None, -(cells[c].get(order) or 0), c)
        )
    shown = ordered[page.offset : page.offset + page.limit] if page.limit else ordered
    rows = []
    for code in shown:
        state = by_code[code]
        assessment_id, on, figures, label = latest.get(state.id, (None, None, {}, "PUBLIC"))
        rows.append(
            CompareRow(
                state=code,
                name=state.name,
                overall=overall[code],
                confidence=_as_float(figures.get("confidence")),
                rank=ranks[code],
                cells=cells[code] if code in cells else cells_of(code),
                source="approved" if kind == "self" else "external",
                assessment=assessment_id,
                assessed_on=on,
                label=label,
            )
        )
    paged = Page[CompareRow].of(rows, len(ordered), page)
    return CompareDoc(
        by=by,
        kind=kind,
        rule=ranking.RULE,
        keys=list(titles),
        titles=titles,
        sort=order,
        states=rows,
        total=paged.total,
        limit=paged.limit,
        page=paged.page,
        pages=paged.pages,
        next=paged.next,
    )


def trends(
    *, session: Session, state_code: str, kind: Kind = "self", today: date | None = None
) -> TrendDoc:
    """A state's indices over time (approved or external), each with its change and falls."""
    today = today or date.today()
    state = states.get(session=session, code=state_code)
    if kind == "self":
        points = [
            trend_rules.Point(r.assessed_on, r.assessment_id, f.get("overall"), f.get("confidence"))
            for r in approved(session, [state.id])[state.id]
            if (f := r.figures) is not None
        ]
    else:
        points = [
            trend_rules.Point(a.assessed_on, a.id, f.get("overall"), f.get("confidence"))
            for a, f in external(session, [state], today)[state.id]
        ]
    return TrendDoc.model_validate(
        {"state": state.code, "kind": kind, "points": trend_rules.changes(points)}
    )


def regions(*, session: Session) -> list[str]:
    """The regions of the states the caller may see (a filter's choices), in one query."""
    found = session.scalars(select(State.region).where(State.region.is_not(None)).distinct())
    return sorted(r for r in found if r)


def items_behind(pack: Pack, by: By, key: str) -> list[str]:
    """The framework items whose assessments make up one cell, in pack order."""
    if key not in keys_of(pack, by):
        raise NotFound(f"no {by} {key!r} in the framework")
    if by == "measure":
        return [key]
    c = compiled(pack)
    field = "commitments" if by == "commitment" else "elements"
    return [i for i, info in c.items.items() if key in getattr(info, field)]


def traceability(
    *,
    session: Session,
    state_code: str,
    by: By,
    key: str,
    kind: Kind = "self",
    today: date | None = None,
) -> TraceDoc:
    """Where one cell of a comparison comes from: the assessment behind it, the item assessments
    the caller may see, and the evidence the caller may see that backs them."""
    pack = default_pack()
    wanted = items_behind(pack, by, key)
    row = compare(session=session, codes=[state_code], by=by, kind=kind, today=today).states[0]
    found: list[TraceItem] = []
    evidence: dict[str, TraceEvidence] = {}
    if row.assessment is not None:
        rows = session.scalars(
            select(ItemAssessment).where(
                ItemAssessment.assessment_id == row.assessment,
                ItemAssessment.item_id.in_(wanted),
            )
        ).all()
        linked = assessments.linked_in_assessment(session=session, assessment_id=row.assessment)
        visible = {r.item_id: r for r in rows}
        for item_id in wanted:
            docs = linked.get(item_id, [])
            for e in docs:
                evidence.setdefault(
                    e.ref,
                    TraceEvidence(
                        ref=e.ref, title=e.title, kind=e.kind, publisher=e.publisher,
                        published_on=e.published_on, url=e.url, label=e.label,
                    ),
                )  # fmt: skip
            r = visible.get(item_id)
            if r is not None:
                found.append(
                    TraceItem(
                        item=item_id,
                        title=pack.item(item_id).title,
                        status=r.status,
                        demonstration=r.demonstration,
                        evidence=[e.ref for e in docs],
                    )
                )
    return TraceDoc(
        state=row.state,
        key=key,
        by=by,
        kind=kind,
        value=row.cells.get(key),
        assessment=row.assessment,
        assessed_on=row.assessed_on,
        items=found,
        evidence=sorted(evidence.values(), key=lambda e: e.ref),
    )
