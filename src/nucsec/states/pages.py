"""States pages: the list (with an add form for coordinators) and one state's profile."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from nucsec.access.labels import LABEL_ORDER
from nucsec.access.principal import Permission
from nucsec.access.visibility import highest
from nucsec.catalogue import default_pack
from nucsec.errors import Invalid, NucsecError
from nucsec.paging import page_params
from nucsec.states import service
from nucsec.states.schemas import StateCreate, StateUpdate
from nucsec.validation import parse
from nucsec.web.deps import CurrentPrincipal, SessionDep, require
from nucsec.web.forms import field_of
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)

PROFILE_FIELDS = (
    ("power_reactors", "Power reactors"),
    ("research_reactors", "Research reactors"),
    ("fuel_cycle_facilities", "Fuel-cycle facilities"),
    ("radioactive_sources", "Radioactive sources in use"),
    ("transport", "Transport of nuclear or radioactive material"),
)


def _list_page(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    error: str | None = None,
    status_code: int = 200,
    values: dict[str, Any] | None = None,
) -> Response:
    """The States page; after a refused add, the form shows what was typed and marks the field
    the error names."""
    try:
        page = service.list_states(session=session, page=page_params(request.query_params))
    except Invalid:  # a hand-edited sort key: the default order
        page = service.list_states(session=session, page=page_params({}))
    states = page.items
    return render(
        request,
        "states.html",
        {
            "states": states,
            "page": page,
            "count": page.total,
            "can_write": principal.can(Permission.write_states),
            "maturities": default_pack().maturities,
            "profile_fields": PROFILE_FIELDS,
            "labels": [label.value for label in LABEL_ORDER if principal.may_see(label)],
            "error": error,
            "bad_field": field_of(error),
            "values": values or {},
        },
        status_code=status_code,
        page_label=highest([s.label for s in states]),
    )


@router.get("/states")
def states_page(request: Request, session: SessionDep, principal: CurrentPrincipal) -> Response:
    return _list_page(request, session, principal)


@router.post("/states")
async def add_state(
    request: Request, session: SessionDep, principal=require(Permission.write_states)
) -> Response:
    form = await request.form()
    data = {
        "code": form.get("code", ""),
        "name": form.get("name", ""),
        "maturity": form.get("maturity", ""),
        "subscribed_on": form.get("subscribed_on") or None,
        "label": form.get("label", "OFFICIAL"),
        "profile": {
            **{field: form.get(field) == "1" for field, _ in PROFILE_FIELDS},
            "material_categories": [
                c.strip() for c in str(form.get("material_categories", "")).split(",") if c.strip()
            ],
        },
    }
    try:
        state = service.create(session=session, data=parse(StateCreate, data))
    except NucsecError as exc:
        session.rollback()
        typed: dict[str, Any] = {k: v for k, v in data.items() if k != "profile"}
        typed.update({field: form.get(field) == "1" for field, _ in PROFILE_FIELDS})
        typed["material_categories"] = form.get("material_categories", "")
        return _list_page(
            request, session, principal, error=str(exc), status_code=422, values=typed
        )
    return RedirectResponse(f"/states/{state.code}", status_code=303)


@router.get("/roadmap")
def roadmap_entry(session: SessionDep, state: str | None = None) -> Response:
    """The menu's Roadmap: the chosen state's roadmap, or the first state the user may see."""
    if state:
        code = service.get(session=session, code=state).code
    else:
        visible = service.list_all(session=session)
        if not visible:
            return RedirectResponse("/states", status_code=303)
        code = visible[0].code
    return RedirectResponse(f"/states/{code}/roadmap", status_code=303)


@router.get("/states/{code}")
def state_page(
    code: str, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    return _state_page(request, session, principal, code)


def _profile_form(form) -> dict:
    """A state form's fields as the schema takes them (checkboxes send "1" when ticked)."""
    return {
        "profile": {
            **{field: form.get(field) == "1" for field, _ in PROFILE_FIELDS},
            "material_categories": [
                c.strip() for c in str(form.get("material_categories", "")).split(",") if c.strip()
            ],
        },
    }


@router.post("/states/{code}")
async def edit_state(
    code: str, request: Request, session: SessionDep, principal=require(Permission.write_states)
) -> Response:
    """Save the state's profile; on error the page keeps what was typed and names the field."""
    form = await request.form()
    data = {
        "name": form.get("name", ""),
        "maturity": form.get("maturity", ""),
        "subscribed_on": form.get("subscribed_on") or None,
        "label": form.get("label", ""),
        **_profile_form(form),
    }
    try:
        state = service.update(session=session, code=code, data=parse(StateUpdate, data))
    except NucsecError as exc:
        session.rollback()
        kept = {k: str(v) for k, v in form.items() if k != "csrf_token"}
        return _state_page(request, session, principal, code, str(exc), kept, 422)
    return RedirectResponse(f"/states/{state.code}?saved=1", status_code=303)


def _state_page(
    request: Request,
    session: SessionDep,
    principal,
    code: str,
    error: str | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    state = service.to_public(service.get(session=session, code=code))
    steps = {s.id: s for s in default_pack().cycle}
    p = state.profile
    parts = [text for field, text in PROFILE_FIELDS if getattr(p, field)]
    if p.material_categories:
        parts.append("nuclear material of category " + ", ".join(p.material_categories))
    return render(
        request,
        "state.html",
        {
            "state": state,
            "start_steps": [steps[s] for s in state.start_steps],
            "programme": "; ".join(parts) or "none recorded",
            "can_write": principal.can(Permission.write_states),
            "maturities": default_pack().maturities,
            "profile_fields": PROFILE_FIELDS,
            "labels": [label.value for label in LABEL_ORDER if principal.may_see(label)],
            "error": error,
            "bad_field": field_of(error),
            "values": values,
            "saved": request.query_params.get("saved"),
        },
        status_code=status_code,
        page_label=state.label,
    )
