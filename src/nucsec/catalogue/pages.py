"""The Framework page: browse commitments → actions, elements, measures and their links."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from nucsec.catalogue.export import pack_document
from nucsec.catalogue.loader import default_pack
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/framework", response_class=HTMLResponse)
def framework_page(request: Request) -> Response:
    doc = pack_document(default_pack())
    by_id = {
        item["id"]: item
        for section in (
            "commitments",
            "elements",
            "optional_actions",
            "implementation_actions",
            "references",
            "cycle",
            "measures",
            "channels",
        )
        for item in doc[section]
    }
    return render(request, "framework.html", {"doc": doc, "by_id": by_id})
