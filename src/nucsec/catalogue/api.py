"""JSON routes of the catalogue: the framework is public knowledge (it is the guide itself)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from nucsec.catalogue.export import pack_document
from nucsec.catalogue.loader import default_pack
from nucsec.web.security import public

router = APIRouter(tags=["catalogue"])


@router.get("/catalogue")
@public
def get_catalogue() -> dict[str, Any]:
    """The whole framework pack, in the shape of `nucsec catalogue show --format json`."""
    return pack_document(default_pack())
