"""Framework packs: the guide's lists as versioned, validated data."""

from nucsec.catalogue.loader import CatalogueError, default_pack, load_pack, load_pack_text
from nucsec.catalogue.schema import Pack

__all__ = ["CatalogueError", "Pack", "default_pack", "load_pack", "load_pack_text"]
