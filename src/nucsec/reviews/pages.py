"""Review pages: list and timeline, a review with its findings, the findings board, a finding
with its history and workflow, and the reminders of what falls due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from nucsec.access.labels import LABEL_ORDER
from nucsec.access.principal import Permission, Role
from nucsec.access.visibility import highest
from nucsec.catalogue import default_pack
from nucsec.charts import Span, timeline
from nucsec.errors import Conflict, Invalid, NucsecError
from nucsec.paging import page_params
from nucsec.reviews import service, transfer, workflow
from nucsec.reviews.schemas import DueWithin, FindingCreate, FindingUpdate, ReviewCreate
from nucsec.validation import RecordId, parse
from nucsec.web.current import current_state
from nucsec.web.deps import CurrentPrincipal, SessionDep, require
from nucsec.web.forms import field_of
from nucsec.web.templating import render
from nucsec.web.uploads import CONTENT_TYPES, download, problems_of, uploaded

router = APIRouter(include_in_schema=False)


def _split(value: object) -> list[str]:
    return [v.strip() for v in str(value or "").replace(",", ";").split(";") if v.strip()]


def _labels(principal) -> list[str]:
    return [x.value for x in LABEL_ORDER if principal.may_see(x)]


def _default_label(principal) -> str:
    """The pack's default for reviews (SENSITIVE), or the nearest one the user may set: never
    a silent fall back to the first option (PUBLIC)."""
    default = default_pack().reviews.default_label
    return default if principal.may_see(default) else _labels(principal)[-1]


def _timeline(rows: list[Any]) -> Markup:
    """The page's reviews on one axis of years, each by its name and state."""
    return _drawn(tuple(Span(r.title, r.started_on, r.ended_on, r.state) for r in rows))


@lru_cache(maxsize=64)
def _drawn(spans: tuple[Span, ...]) -> Markup:
    """A timeline is a pure function of its spans: drawn once per page of reviews."""
    return Markup(timeline(list(spans), title="Reviews by date"))  # noqa: S704 (escaped by charts)


def _reviews_page(
    request: Request,
    session: SessionDep,
    principal,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    current, visible = current_state(request, session, request.query_params.get("state"))
    timeline = service.list_reviews(
        session=session, page=replace(page_params(request.query_params), sort="-date")
    )
    return render(
        request,
        "reviews.html",
        {
            "reviews": service.review_choices(
                session=session, state_code=current.code if current else None
            ),
            "page": timeline,
            "review_titles": service.review_titles(
                session=session, review_ids=[r.follows for r in timeline.items]
            ),
            "timeline": _timeline(timeline.items),
            "states": visible,
            "current": current,
            "rules": default_pack().reviews,
            "labels": _labels(principal),
            "default_label": _default_label(principal),
            "can_add": principal.can(Permission.write_records),
            "today": date.today().isoformat(),
            "error": error,
        },
        status_code=status_code,
        page_label=highest([r.label for r in timeline.items]),
    )


@router.get("/reviews")
def reviews_page(request: Request, session: SessionDep, principal: CurrentPrincipal) -> Response:
    return _reviews_page(request, session, principal)


@router.post("/reviews")
async def add_review(
    request: Request, session: SessionDep, principal=require(Permission.write_records)
) -> Response:
    form = await request.form()
    try:
        data = parse(
            ReviewCreate,
            {
                "state": form.get("state", ""),
                "kind": form.get("kind", ""),
                "title": form.get("title") or None,
                "started_on": form.get("started_on", ""),
                "ended_on": form.get("ended_on") or None,
                "items": _split(form.get("items")),
                "modules": form.getlist("modules"),
                "team": form.get("team") or None,
                "report_ref": form.get("report_ref") or None,
                "follows": form.get("follows") or None,
                "label": form.get("label") or None,
            },
        )
        review = service.create_review(session=session, data=data)
    except NucsecError as exc:
        session.rollback()
        return _reviews_page(request, session, principal, str(exc), 422)
    return RedirectResponse(f"/reviews/{review.id}", status_code=303)


def _review_page(
    request: Request,
    session: SessionDep,
    principal,
    review_id: RecordId,
    error: str | None = None,
    status_code: int = 200,
    *,
    values: dict[str, str] | None = None,
    upload_problems: list[str] | None = None,
) -> Response:
    review = service.get_review(session=session, review_id=review_id)
    findings = service.list_findings(
        session=session, filters=service.Filters(review=review.id)
    ).items
    return render(
        request,
        "review.html",
        {
            "review": service.review_public(session, review),
            "follows_title": service.review_titles(
                session=session, review_ids=[review.follows_id]
            ).get(review.follows_id or 0),
            "findings": findings,
            "rules": default_pack().reviews,
            "labels": _labels(principal),
            "can_add": principal.can(Permission.write_records),
            "error": error,
            "bad_field": field_of(error),
            "values": values or {},
            "upload_problems": upload_problems,
            "imported": request.query_params.get("imported"),
        },
        status_code=status_code,
        page_label=highest([review.label, *[f.label for f in findings]]),
    )


@router.get("/reviews/{review_id}")
def review_page(
    review_id: RecordId, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    return _review_page(request, session, principal, review_id)


@router.post("/reviews/{review_id}/findings")
async def add_finding(
    review_id: RecordId,
    request: Request,
    session: SessionDep,
    principal=require(Permission.write_records),
) -> Response:
    form = await request.form()
    try:
        data = parse(
            FindingCreate,
            {
                "review": review_id,
                "kind": form.get("kind", ""),
                "text": form.get("text", ""),
                "ref": form.get("ref") or None,
                "items": _split(form.get("items")),
                "owner": form.get("owner") or None,
                "actions": form.get("actions") or None,
                "due_on": form.get("due_on") or None,
                "public_summary": form.get("public_summary") or None,
                "label": form.get("label") or None,
            },
        )
        finding = service.add_finding(session=session, data=data)
    except NucsecError as exc:
        session.rollback()
        kept = {k: str(v) for k, v in form.items() if k != "csrf_token"}
        return _review_page(request, session, principal, review_id, str(exc), 422, values=kept)
    return RedirectResponse(f"/findings/{finding.id}", status_code=303)


@router.post("/reviews/{review_id}/findings/import")
async def import_findings(
    review_id: RecordId,
    request: Request,
    session: SessionDep,
    principal=require(Permission.write_records),
) -> Response:
    """The mission's findings file (CSV or YAML): every row checked, all imported or none."""
    try:
        name, text, _ = await uploaded(request)
        created = transfer.import_findings(
            session=session, review_id=review_id, rows=transfer.parse(text, name), source=name
        )
    except NucsecError as exc:
        session.rollback()
        return _review_page(
            request, session, principal, review_id, None, 422, upload_problems=problems_of(exc)
        )
    return RedirectResponse(f"/reviews/{review_id}?imported={len(created)}", status_code=303)


@router.get("/reviews/{review_id}/findings.{fmt}")
def export_findings(
    review_id: RecordId, fmt: str, request: Request, session: SessionDep
) -> Response:
    """The review's findings you may see, as a file that imports back unchanged."""
    if fmt not in CONTENT_TYPES:
        raise Invalid(f"unknown format {fmt!r}; use csv or yaml")
    review = service.get_review(session=session, review_id=review_id)
    findings = service.list_findings(
        session=session, filters=service.Filters(review=review.id)
    ).items
    return download(
        transfer.export(findings, fmt),
        name=f"review-{review.id}-findings.{fmt}",
        fmt=fmt,
        label=highest([f.label for f in findings]),
    )


@router.get("/findings")
def findings_board(request: Request, session: SessionDep, principal: CurrentPrincipal) -> Response:
    q = request.query_params
    # no `state` parameter: the state being viewed; `state=` (empty, "all states"): every state
    current, visible = current_state(request, session, q.get("state"))
    chosen = q.get("state", current.code if current else "")
    filters = service.Filters(
        state=chosen or None,
        review=int(q["review"]) if q.get("review", "").isdigit() else None,
        kind=q.get("kind") or None,
        status=q.get("status") or None,
        owner=q.get("owner") or None,
        item=q.get("item") or None,
        overdue=bool(q.get("overdue")),
    )
    try:
        board = service.list_findings(session=session, filters=filters, page=page_params(q))
    except Invalid:  # a hand-edited sort key: the default order
        board = service.list_findings(
            session=session, filters=filters, page=replace(page_params(q), sort=None)
        )
    return render(
        request,
        "findings.html",
        {
            "rows": board.items,
            "page": board,
            "params": {**dict(q), "state": chosen},
            "states": visible,
            "state_of": service.review_states(
                session=session, review_ids=[f.review for f in board.items]
            ),
            "reviews": service.review_choices(session=session, state_code=filters.state),
            "rules": default_pack().reviews,
            "statuses": [*workflow.STATUSES, workflow.NOTED],
            "owners": service.finding_owners(session=session, state_code=filters.state),
        },
        page_label=highest([f.label for f in board.items]),
    )


@router.get("/findings/due")
def findings_due(request: Request, session: SessionDep, within: DueWithin = 30) -> Response:
    rows = service.due(session=session, within_days=within, today=date.today())
    return render(
        request,
        "findings_due.html",
        {"rows": rows, "within": within},
        page_label=highest([f.label for f in rows]),
    )


def _finding_page(
    request: Request,
    session: SessionDep,
    principal,
    finding_id: RecordId,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    finding = service.get_finding(session=session, finding_id=finding_id)
    review = service.get_review(session=session, review_id=finding.review_id)
    view = service.finding_public(session, finding)
    later = service.later_reviews(session=session, review=review)
    has_plan = default_pack().reviews.finding_kind(finding.kind).action_plan
    moves = sorted(workflow.TRANSITIONS[finding.status]) if has_plan else []
    if principal.role is not Role.reviewer:
        moves = [m for m in moves if m != workflow.VERIFIED]
    elif not principal.can(Permission.write_records):
        moves = [m for m in moves if m == workflow.VERIFIED]
    return render(
        request,
        "finding.html",
        {
            "f": view,
            "review": review,
            "history": service.history(session=session, finding=finding),
            "moves": moves,
            "later_reviews": later,
            "review_titles": service.review_titles(session=session, review_ids=[view.verified_by]),
            "can_edit": principal.can(Permission.write_records) and has_plan,
            "can_approve": principal.can(Permission.approve) and bool(view.public_summary),
            "error": error,
        },
        status_code=status_code,
        page_label=highest([finding.label, review.label]),
    )


@router.get("/findings/{finding_id}")
def finding_page(
    finding_id: RecordId, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    return _finding_page(request, session, principal, finding_id)


@router.post("/findings/{finding_id}")
async def update_finding(
    finding_id: RecordId, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    form = await request.form()
    changes: dict[str, Any] = {}
    for field in ("owner", "actions", "due_on", "public_summary"):
        if field in form:
            changes[field] = str(form.get(field) or "").strip() or None
    if form.get("status"):
        changes.update(
            status=form.get("status"),
            reason=form.get("reason") or None,
            note=form.get("note") or None,
            on=form.get("on") or None,
            verified_by=form.get("verified_by") or None,
        )
    if form.get("version"):  # the version the page showed: a stale page's edit is refused
        changes["version"] = form.get("version")
    try:
        service.update_finding(
            session=session, finding_id=finding_id, data=parse(FindingUpdate, changes)
        )
    except NucsecError as exc:
        session.rollback()
        code = 409 if isinstance(exc, Conflict) else 422
        return _finding_page(request, session, principal, finding_id, str(exc), code)
    return RedirectResponse(f"/findings/{finding_id}", status_code=303)


@router.post("/findings/{finding_id}/summary-approval")
def approve_summary(
    finding_id: RecordId, session: SessionDep, principal=require(Permission.approve)
) -> Response:
    service.approve_summary(session=session, finding_id=finding_id)
    return RedirectResponse(f"/findings/{finding_id}", status_code=303)
