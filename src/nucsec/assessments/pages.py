"""Assessment pages: the list and the item-editing table."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from nucsec.access.labels import LABEL_ORDER
from nucsec.access.principal import Permission, Role
from nucsec.access.visibility import highest
from nucsec.assessments import proposals, service, transfer
from nucsec.assessments.schemas import AssessmentCreate, AssessmentPublic, ItemUpdate, ItemView
from nucsec.catalogue import default_pack
from nucsec.errors import Conflict, Invalid, NucsecError
from nucsec.evidence import pages as evidence_pages
from nucsec.paging import page_params
from nucsec.states import service as states
from nucsec.validation import RecordId, parse
from nucsec.web.deps import CurrentPrincipal, SessionDep, require
from nucsec.web.forms import field_of
from nucsec.web.templating import choice_pairs, field_marks, render
from nucsec.web.uploads import CONTENT_TYPES, download, problems_of, uploaded

router = APIRouter(include_in_schema=False)
EDITABLE = ("status", "demonstration", "owner", "target_date", "label", "justification", "note",
            "note_label", "evidence")  # fmt: skip
ITEM_ERROR = re.compile(r"^([A-Z0-9][\w.-]*): (.*)$")


@router.get("/assessments")
def assessments_page(
    request: Request, session: SessionDep, principal: CurrentPrincipal, error: str | None = None
) -> Response:
    paging = replace(page_params(request.query_params, default_limit=20), sort=None)
    page = states.list_states(session=session, page=paging)
    codes = [s.code for s in page.items]
    rows = service.list_assessments(session=session, state_codes=codes).items
    by_code: dict[str, list[AssessmentPublic]] = {}
    for row in rows:
        by_code.setdefault(row.state, []).append(row)
    groups = [(s, by_code.get(s.code, [])) for s in page.items]
    return render(
        request,
        "assessments.html",
        {
            "groups": groups,
            "page": page,
            "choices": states.choices(session=session),
            "can_create": principal.can(Permission.write_states),
            "labels": [x.value for x in LABEL_ORDER if principal.may_see(x)],
            "today": date.today().isoformat(),
            "error": error,
        },
        page_label=highest([a.label for a in rows]),
    )


@router.post("/assessments")
async def create_assessment(
    request: Request, session: SessionDep, principal=require(Permission.write_states)
) -> Response:
    form = await request.form()
    try:
        data = parse(
            AssessmentCreate,
            {
                "state": form.get("state", ""),
                "assessed_on": form.get("assessed_on", ""),
                "kind": form.get("kind", "self"),
                "title": form.get("title") or None,
                "carry_forward": form.get("carry_forward") == "1",
                "label": form.get("label", "OFFICIAL"),
            },
        )
        created = service.create(session=session, data=data)
    except NucsecError as exc:
        session.rollback()
        response = assessments_page(request, session, principal, error=str(exc))
        response.status_code = 422
        return response
    return RedirectResponse(f"/assessments/{created.id}", status_code=303)


def _filtered(views: list[ItemView], params: dict[str, str], principal) -> list[ItemView]:
    owner = params.get("owner", "")
    if owner == "mine":
        owner = principal.agency or ""
    rows = views
    if params.get("commitment"):
        rows = [
            v
            for v in rows
            if params["commitment"] in v.commitments
            or (params["commitment"] == "measures" and v.section == "measures")
        ]
    if params.get("status"):
        rows = [v for v in rows if v.status == params["status"]]
    if owner:
        rows = [v for v in rows if (v.owner or "").casefold() == owner.casefold()]
    if params.get("overdue"):
        rows = [v for v in rows if v.overdue]
    return rows


def _groups(rows: list[ItemView]) -> list[tuple[str, str, list[ItemView]]]:
    """Rows grouped by commitment (an action under its first one), then the measures."""
    pack = default_pack()
    groups = [
        (
            c.id,
            f"{c.id} {c.title}",
            [v for v in rows if v.section != "measures" and v.commitments[:1] == [c.id]],
        )
        for c in pack.commitments
    ]
    groups.append(
        ("measures", "Confidence-building measures", [v for v in rows if v.section == "measures"])
    )
    return [g for g in groups if g[2]]


def _editing_page(
    request: Request,
    session: SessionDep,
    principal,
    assessment_id: RecordId,
    errors: list[str] | None = None,
    status_code: int = 200,
    upload_problems: list[str] | None = None,
    typed: dict[str, dict[str, str]] | None = None,
) -> Response:
    """The item table; after a refused save each row shows what was typed (and the version its
    page showed) and the field an error names is marked."""
    pack = default_pack()
    assessment = service.get(session=session, assessment_id=assessment_id)
    code = service.state_code_of(session=session, assessment=assessment)
    views = service.item_views(session=session, assessment=assessment, today=date.today())
    params = dict(request.query_params)
    if "owner" not in params and principal.role is Role.contributor:
        params["owner"] = "mine"
    rows = _filtered(views, params, principal)
    editable = service.editable_items(session=session, assessment=assessment, views=views)
    labels = [v.label for v in views] + [v.note_label for v in views if v.note_label]
    values = {v.item: {**_stored(v), **(typed or {}).get(v.item, {})} for v in rows}
    bad = _bad_fields(errors or [])
    return render(
        request,
        "assessment.html",
        {
            "assessment": assessment,
            "state_code": code,
            "groups": _groups(rows),
            "shown": len(rows),
            "total": len(views),
            "params": params,
            "editable": editable,
            "statuses": pack.assessment.statuses,
            "status_choices": choice_pairs(pack.assessment.statuses),
            "demonstrations": choice_pairs(pack.assessment.demonstrations),
            "commitments": pack.commitments,
            "owners": sorted({v.owner for v in views if v.owner}),
            "labels": tuple((x.value, x.value) for x in LABEL_ORDER if principal.may_see(x)),
            "errors": errors or [],
            "values": values,
            "bad": bad,
            "marks": field_marks(bad, values, EDITABLE),
            "query": request.url.query,
            "can_import": principal.can(Permission.write_records) and bool(editable),
            "upload_problems": upload_problems,
            "imported": request.query_params.get("imported"),
        },
        status_code=status_code,
        page_label=highest([*labels, assessment.label]),
    )


@router.get("/assessments/{assessment_id}")
def assessment_page(
    assessment_id: RecordId, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    return _editing_page(request, session, principal, assessment_id)


@router.post("/assessments/{assessment_id}")
async def save_assessment(
    assessment_id: RecordId,
    request: Request,
    session: SessionDep,
    principal=require(Permission.write_records),
) -> Response:
    """Save the rows of the table that changed; all or nothing. Each row sends the version the
    page showed: a row someone else changed since is refused with 409 and nothing is saved."""
    form = await request.form()
    assessment = service.get(session=session, assessment_id=assessment_id)
    current = {
        v.item: v
        for v in service.item_views(session=session, assessment=assessment, today=date.today())
    }
    errors: list[str] = []
    typed: dict[str, dict[str, str]] = {}
    stale = False
    for item_id in form.getlist("item"):
        view = current.get(str(item_id))
        if view is None:
            errors.append(f"{item_id}: no such item here")
            continue
        submitted = {
            f: str(form.get(f"{f}__{item_id}"))
            for f in (*EDITABLE, "version")
            if form.get(f"{f}__{item_id}") is not None
        }
        typed[view.item] = submitted
        changes = _changes(view, {k: v for k, v in submitted.items() if k != "version"})
        if not changes:
            continue
        if submitted.get("version"):
            changes["version"] = submitted["version"]
        try:
            service.update_item(
                session=session,
                assessment=assessment,
                item_id=view.item,
                data=parse(ItemUpdate, changes),
            )
        except NucsecError as exc:
            message = str(exc)
            errors.append(message if message.startswith(view.item) else f"{view.item}: {message}")
            if isinstance(exc, Conflict):
                stale = True
                typed.pop(view.item)  # show what is stored now, with its current version
    if errors:
        session.rollback()
        code = 409 if stale else 422
        return _editing_page(request, session, principal, assessment_id, errors, code, None, typed)
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/assessments/{assessment_id}{query}", status_code=303)


def _stored(view: ItemView) -> dict[str, str]:
    """An item's stored values as the form shows them."""
    return {
        "status": view.status,
        "demonstration": view.demonstration,
        "owner": view.owner or "",
        "target_date": view.target_date.isoformat() if view.target_date else "",
        "label": view.label.value,
        "justification": view.justification or "",
        "note": view.note or "",
        "note_label": view.note_label.value if view.note_label else "",
        "evidence": "; ".join(view.evidence),
        "version": str(view.version),
    }


def _bad_fields(errors: list[str]) -> dict[str, str]:
    """Item → the field its error names (`C3-IA02: status: …`), or `row` for the whole row."""
    bad: dict[str, str] = {}
    for error in errors:
        found = ITEM_ERROR.match(error)
        if found:
            bad.setdefault(found.group(1), field_of(found.group(2)) or "row")
        else:  # `C3-IA01 was changed by someone else …`
            bad.setdefault(error.split(" ", 1)[0], "row")
    return bad


def _changes(view: ItemView, submitted: dict[str, str]) -> dict[str, Any]:
    """The fields whose submitted value differs from what is stored."""
    now = _stored(view)
    changes: dict[str, Any] = {}
    for field, value in submitted.items():
        value = value.strip()
        if field == "evidence":
            refs = [r.strip() for r in value.replace(",", ";").split(";") if r.strip()]
            if refs != view.evidence:
                changes["evidence"] = refs
        elif field == "note_label" and not (submitted.get("note") or "").strip():
            continue
        elif value != now[field]:
            changes[field] = value or None
    if "note" in changes and "note_label" not in changes and submitted.get("note_label"):
        changes["note_label"] = submitted["note_label"]
    return changes


@router.post("/assessments/{assessment_id}/import")
async def import_assessment(
    assessment_id: RecordId,
    request: Request,
    session: SessionDep,
    principal=require(Permission.write_records),
) -> Response:
    """Item rows from a file (CSV or YAML) into this assessment: checked whole, all or none."""
    try:
        name, text, _ = await uploaded(request)
        assessment = service.get(session=session, assessment_id=assessment_id)
        rows = (
            transfer.parse_csv(text, name)
            if name.lower().endswith(".csv")
            else transfer.parse_yaml(text, name)[1]
        )
        count = transfer.import_rows(session=session, assessment=assessment, rows=rows, source=name)
    except NucsecError as exc:
        session.rollback()
        return _editing_page(
            request, session, principal, assessment_id, None, 422, problems_of(exc)
        )
    return RedirectResponse(f"/assessments/{assessment_id}?imported={count}", status_code=303)


@router.get("/assessments/{assessment_id}/export.{fmt}")
def export_assessment(assessment_id: RecordId, fmt: str, session: SessionDep) -> Response:
    """The assessment as YAML or CSV, the same file `nucsec assess export` writes."""
    if fmt not in CONTENT_TYPES:
        raise Invalid(f"unknown format {fmt!r}; use yaml or csv")
    assessment = service.get(session=session, assessment_id=assessment_id)
    code = service.state_code_of(session=session, assessment=assessment)
    rows = transfer.export_rows(session=session, assessment=assessment)
    return download(
        transfer.export(session=session, assessment=assessment, fmt=fmt),
        name=f"assessment-{code}-{assessment.id}.{fmt}",
        fmt=fmt,
        label=highest([assessment.label, *[str(r.get("label") or "PUBLIC") for r in rows]]),
    )


@router.post("/evidence/proposals/{proposal_id}/accept")
async def accept_proposal(
    request: Request,
    proposal_id: RecordId,
    session: SessionDep,
    principal=require(Permission.write_records),
) -> Response:
    """Accept a mapping proposal from the review page: the evidence is linked to the item in the
    state's latest assessment."""
    form = await request.form()
    code, ref = str(form.get("state", "")), str(form.get("ref", ""))
    try:
        proposals.accept(session=session, state_code=code, ref=ref, proposal_id=proposal_id)
    except NucsecError as exc:
        session.rollback()
        return evidence_pages.proposals_page(request, session, principal, code, ref, str(exc), 409)
    return RedirectResponse(evidence_pages.proposals_url(code, ref), status_code=303)
