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

    `evidence_labels` maps each linked evidence ref the caller can see to its label.
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
    if (
        status in status_ids
        and rules.status(status).value is None
        and not (values.get("justification") or "").strip()
    ):
        problems.append(("justification", "a not-applicable item needs a justification"))
    for ref in values.get("evidence") or []:
        if ref not in evidence_labels:
            problems.append(("evidence", f"unknown evidence {ref!r}"))
    if (
        demo in demo_ids
        and rules.demonstration(demo).public
        and not any(
            evidence_labels.get(ref) == Label.PUBLIC for ref in values.get("evidence") or []
        )
    ):
        problems.append(
            ("demonstration", f"'{demo}' must be backed by at least one PUBLIC evidence record")
        )
    return problems
