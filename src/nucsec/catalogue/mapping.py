"""Mapping packs: how a reporting channel's sections map to instruments and framework items.

Kept as data so a new report shape (or a revised one) is a new YAML file, not new code.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nucsec.catalogue.loader import CatalogueError, default_pack
from nucsec.validation import describe


class MapSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    provisions: dict[str, list[str]]
    items: list[str] = Field(min_length=1)


class MappingPack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    framework: str
    instruments: dict[str, str]
    sections: list[MapSection] = Field(min_length=1)


def load_mapping(name: str) -> MappingPack:
    """Load and check a mapping pack shipped in catalogue/data (every item ID must exist)."""
    text = (files("nucsec.catalogue") / "data" / name).read_text(encoding="utf-8")
    try:
        mapping = MappingPack.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError) as exc:
        reason = describe(exc) if isinstance(exc, ValidationError) else f"broken YAML: {exc}"
        raise CatalogueError(name, [reason]) from exc
    known = default_pack().item_ids()
    problems = [
        f"sections[{s.id}]: field 'items': unknown item ID '{i}'"
        for s in mapping.sections
        for i in s.items
        if i not in known
    ]
    problems += [
        f"sections[{s.id}]: field 'provisions': unknown instrument '{k}'"
        for s in mapping.sections
        for k in s.provisions
        if k not in mapping.instruments
    ]
    if problems:
        raise CatalogueError(name, problems)
    return mapping


@cache
def cnnsr_map() -> MappingPack:
    return load_mapping("cnnsr-map.yaml")
