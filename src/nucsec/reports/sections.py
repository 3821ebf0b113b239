"""The sections of the consolidated report as an editable, validated pack (reports/data).

Like the framework pack, every model forbids unknown fields and the loader checks what the
schema cannot: unique IDs, known instruments and that every provision a section names is a
requirement of a requirement pack or an item of the framework. A broken pack is refused with
one line per fault, naming the subject, the section and the field.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from nucsec.catalogue import CatalogueError, default_pack
from nucsec.config import get_settings
from nucsec.legal.packs import Requirement, requirement_packs

PACK_FILE = "consolidated.yaml"
FRAMEWORK = "infcirc869"  # the key under which a section names framework items
Ident = Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SectionsInfo(Strict):
    id: Ident
    title: str = Field(min_length=1, max_length=200)
    version: str = Field(min_length=1)
    note: str = Field(min_length=1, max_length=1000)


class ReportSection(Strict):
    id: Ident
    title: str = Field(min_length=1, max_length=200)
    # instrument (FRAMEWORK or a requirement pack ID) -> the IDs of the provisions covered
    covers: dict[str, list[str]] = Field(min_length=1)

    @property
    def items(self) -> list[str]:
        """The framework items that fill the section with their status and evidence."""
        return list(self.covers.get(FRAMEWORK, []))


class Subject(Strict):
    id: Ident
    title: str = Field(min_length=1, max_length=200)
    sections: list[ReportSection] = Field(min_length=1)


class SectionsPack(Strict):
    pack: SectionsInfo
    subjects: list[Subject] = Field(min_length=1)

    def sections(self) -> list[ReportSection]:
        return [s for subject in self.subjects for s in subject.sections]

    def section_ids(self) -> list[str]:
        return [s.id for s in self.sections()]


def requirement(pack_id: str, req_id: str) -> Requirement | None:
    """A requirement named by its row ID or by one of its citable (entry) IDs."""
    pack = requirement_packs().get(pack_id)
    if pack is None:
        return None
    return next((r for r in pack.requirements if r.id == req_id), None) or pack.citable.get(req_id)


def _where(raw: Any, loc: list[Any]) -> str:
    """'subjects[law].sections[offences].covers' from a pydantic location."""
    parts: list[str] = []
    node = raw
    for step in loc:
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            parts[-1:] = [f"{parts[-1] if parts else ''}[{ident or step + 1}]"]
            node = item
        else:
            parts.append(str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return ".".join(parts) or "pack"


def _check(pack: SectionsPack) -> list[str]:
    known_items = default_pack().item_ids()
    instruments = {FRAMEWORK, *requirement_packs()}
    problems = []
    counts = Counter([s.id for s in pack.subjects] + pack.section_ids())
    problems += [f"duplicate ID {i!r}" for i, n in sorted(counts.items()) if n > 1]
    for subject in pack.subjects:
        for section in subject.sections:
            where = f"subjects[{subject.id}].sections[{section.id}]: field 'covers'"
            for instrument, ids in section.covers.items():
                if instrument not in instruments:
                    problems.append(
                        f"{where}: unknown instrument {instrument!r}; "
                        f"use one of {', '.join(sorted(instruments))}"
                    )
                    continue
                for ident in ids:
                    found = (
                        ident in known_items
                        if instrument == FRAMEWORK
                        else requirement(instrument, ident) is not None
                    )
                    if not found:
                        problems.append(f"{where}: {instrument}: unknown ID {ident!r}")
    return problems


def load_sections(text: str, source: str) -> SectionsPack:
    """Validate a sections pack; errors name the file, the subject, the section and the field."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(source, [f"broken YAML: {getattr(exc, 'problem', exc)}"]) from exc
    if not isinstance(raw, dict):
        raise CatalogueError(source, ["the pack must be a mapping with a 'pack' section"])
    try:
        pack = SectionsPack.model_validate(raw)
    except ValidationError as exc:
        raise CatalogueError(
            source,
            [
                f"{_where(raw, list(e['loc']))}: "
                + ("unknown field" if e["type"] == "extra_forbidden" else e["msg"])
                for e in exc.errors()
            ],
        ) from exc
    problems = _check(pack)
    if problems:
        raise CatalogueError(source, problems)
    return pack


def edited_pack_path() -> Path:
    """Where an installation keeps its edited sections (`nucsec report sections --install`)."""
    return get_settings().data_dir / "packs" / PACK_FILE


def consolidated_sections() -> SectionsPack:
    """The sections in use: the installation's edited copy if it has one, else those shipped.

    The edited copy is checked like the shipped pack; a broken one is refused, never skipped."""
    local = edited_pack_path()
    if local.is_file():
        stat = local.stat()
        return _edited(str(local), stat.st_mtime_ns, stat.st_size)
    return _shipped()


@cache
def _shipped() -> SectionsPack:
    text = (files("nucsec.reports") / "data" / PACK_FILE).read_text(encoding="utf-8")
    return load_sections(text, PACK_FILE)


@cache
def _edited(path: str, mtime_ns: int, size: int) -> SectionsPack:
    """Parsed once per version of the file (its time and size are part of the key)."""
    return load_sections(Path(path).read_text(encoding="utf-8"), path)
