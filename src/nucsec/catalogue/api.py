"""JSON routes of the catalogue: the framework is public knowledge (it is the guide itself)."""

from __future__ import annotations

from fastapi import APIRouter

from nucsec.catalogue.export import CatalogueDocument, pack_document
from nucsec.catalogue.loader import default_pack
from nucsec.catalogue.schema import Pack
from nucsec.web.security import public

router = APIRouter(tags=["catalogue"])


@router.get("/catalogue", response_model_exclude_none=True)
@public
def get_catalogue() -> CatalogueDocument:
    """The whole framework pack, in the shape of `nucsec catalogue show --format json`."""
    return _document(default_pack())


_BUILT: dict[int, tuple[Pack, CatalogueDocument]] = {}


def _document(pack: Pack) -> CatalogueDocument:
    """The pack is immutable: its document is built and checked once."""
    built = _BUILT.get(id(pack))
    if built is None or built[0] is not pack:
        built = _BUILT[id(pack)] = (pack, CatalogueDocument.model_validate(pack_document(pack)))
    return built[1]
