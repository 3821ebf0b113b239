"""Requirement packs: the UNSCR 1540 matrix rows and the amended CPPNM as validated data.

Like the framework pack, every model forbids unknown fields, and the loader checks what the
schema cannot: unique IDs, known groups, known international instruments and links to the
framework's items. The register cites requirements by the IDs these packs define.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, cached_property
from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nucsec.catalogue import CatalogueError, default_pack
from nucsec.catalogue.loader import _describe
from nucsec.legal.schemas import INTERNATIONAL

DATA = files("nucsec.legal") / "data"
PACK_FILES = ("unscr1540.yaml", "cppnm.yaml")
ENTRY_TITLES = {"NLF": "National legal framework", "ENF": "Enforcement"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PackInfo(Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1, max_length=200)
    short: str = Field(min_length=1, max_length=60)
    version: str = Field(min_length=1)
    source: str | None = None


class Group(Strict):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9]+$")
    title: str = Field(min_length=1, max_length=200)


class Requirement(Strict):
    """One row: cited by article or paragraph, a short title (never treaty text)."""

    id: str = Field(min_length=1, max_length=60, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$")
    group: str
    cite: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=120)
    instrument: str | None = None
    entries: list[Literal["NLF", "ENF"]] = Field(default_factory=list)
    items: list[str] = Field(default_factory=list)

    def entry_id(self, entry: str) -> str:
        return f"{self.id}-{entry}"

    @property
    def citable(self) -> list[str]:
        """The IDs a provision may cite: one per entry, or the row itself."""
        return [self.entry_id(e) for e in self.entries] or [self.id]


class RequirementPack(Strict):
    pack: PackInfo
    groups: list[Group] = Field(min_length=1)
    requirements: list[Requirement] = Field(min_length=1)

    @cached_property
    def citable(self) -> dict[str, Requirement]:
        return {cid: r for r in self.requirements for cid in r.citable}

    def in_group(self, group: str) -> list[Requirement]:
        return [r for r in self.requirements if r.group == group]


def load_requirement_pack(text: str, source: str) -> RequirementPack:
    """Validate pack text; errors name the file, the requirement and the field."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(source, [f"broken YAML: {getattr(exc, 'problem', exc)}"]) from exc
    if not isinstance(raw, dict):
        raise CatalogueError(source, ["the pack must be a mapping with a 'pack' section"])
    try:
        pack = RequirementPack.model_validate(raw)
    except ValidationError as exc:
        raise CatalogueError(source, [_describe(raw, err) for err in exc.errors()]) from exc
    problems = _check(pack)
    if problems:
        raise CatalogueError(source, problems)
    return pack


def _check(pack: RequirementPack) -> list[str]:
    framework = default_pack()
    known_items = {i.id for _, i in framework.items()}
    groups = {g.id for g in pack.groups}
    counts = Counter(cid for r in pack.requirements for cid in {r.id, *r.citable})
    problems = []
    for req in pack.requirements:
        where = f"requirements[{req.id}]"
        if counts[req.id] > 1 or any(counts[c] > 1 for c in req.citable if c != req.id):
            problems.append(f"{where}: field 'id': duplicate ID")
        if req.group not in groups:
            problems.append(f"{where}: field 'group': unknown group {req.group!r}")
        if req.instrument is not None and req.instrument not in INTERNATIONAL:
            problems.append(f"{where}: field 'instrument': unknown {req.instrument!r}")
        problems += [
            f"{where}: field 'items': unknown framework item {item!r}"
            for item in req.items
            if item not in known_items
        ]
    return problems


@cache
def requirement_packs() -> dict[str, RequirementPack]:
    """The packs shipped with nucsec, by pack ID (parsed once per process)."""
    packs = [load_requirement_pack((DATA / f).read_text(encoding="utf-8"), f) for f in PACK_FILES]
    return {p.pack.id: p for p in packs}


@cache
def citable_ids() -> frozenset[str]:
    """Every ID a provision may cite: the packs' requirements and the framework's items."""
    ids = {cid for p in requirement_packs().values() for cid in p.citable}
    return frozenset(ids | {i.id for _, i in default_pack().items()})
