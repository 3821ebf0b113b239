"""The Dashboard: where the caller stands and what they may see."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from nucsec.access.visibility import highest
from nucsec.catalogue import default_pack
from nucsec.states import service as states
from nucsec.web.deps import SessionDep
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> Response:
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/dashboard")
def dashboard(request: Request, session: SessionDep) -> Response:
    pack = default_pack()
    visible = [states.to_public(s) for s in states.list_all(session=session)]
    counts = {
        s: len(getattr(pack, s))
        for s in (
            "commitments",
            "elements",
            "implementation_actions",
            "optional_actions",
            "measures",
        )
    }
    return render(
        request,
        "dashboard.html",
        {
            "states": visible,
            "state_count": states.count(session=session),
            "fw": pack.framework,
            "counts": counts,
        },
        page_label=highest([s.label for s in visible]),
    )
