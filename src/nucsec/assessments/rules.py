"""The consistency rules of an item assessment, as a pure function shared by edits and imports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nucsec.access.labels import Label
from nucsec.catalogue.schema import Pack


def item_problems(
    pack: Pack, values: Mapping[str, Any], evidence_labels: Mapping[str, str]
) -> list[tuple[str, str]]:
    """(field, problem) pairs for one item's would-be values; empty when it is consistent.

    `evidence_labels` maps each linked evidence ref the caller can see to its label. A
    demonstration level the records do not support is not refused: scoring counts it at the
    level they support and flags it, so the coordinator sees what is missing.
    """
    rules = pack.assessment
    problems = []
    status_ids = [s.id for s in rules.statuses]
    demo_ids = [d.id for d in rules.demonstrations]
    status, demo = values.get("status"), values.get("demonstration")
    if status not in status_ids:
        problems.append(
            ("status", f"unknown status {status!r}; use one of {', '.join(status_ids)}")
        )
    if demo not in demo_ids:
        problems.append(
            ("demonstration", f"unknown demonstration {demo!r}; use one of {', '.join(demo_ids)}")
        )
    for field in ("label", "note_label"):
        value = values.get(field)
        if value is not None and value not in Label.__members__:
            problems.append((field, f"unknown label {value!r}; use PUBLIC, OFFICIAL or SENSITIVE"))
    section = pack.section_of(values["item"]) if values.get("item") else None
    if status in status_ids and section and status not in rules.allowed_statuses(section):
        problems.append(("status", f"'{status}' is not used for {section.replace('_', ' ')}"))
    if (
        status in status_ids
        and rules.status(status).needs_justification
        and not (values.get("justification") or "").strip()
    ):
        problems.append(("justification", "a not-applicable item needs a justification"))
    for ref in values.get("evidence") or []:
        if ref not in evidence_labels:
            problems.append(("evidence", f"unknown evidence {ref!r}"))
    return problems
