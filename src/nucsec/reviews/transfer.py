"""Import a mission's findings from YAML or CSV: checked whole, then created in one go."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.visibility import principal_of
from nucsec.catalogue import default_pack
from nucsec.filerows import ImportRejected, Row, csv_rows, yaml_rows
from nucsec.reviews import service
from nucsec.reviews.models import Finding
from nucsec.reviews.schemas import FindingCreate, FindingPublic
from nucsec.spreadsheet import safe_cell
from nucsec.validation import describe

COLUMNS = ("ref", "kind", "text", "items", "owner", "actions", "due_on", "public_summary",
           "label")  # fmt: skip
REQUIRED = ("kind", "text")
LIST_SEPARATOR = ";"


def parse(text: str, source: str) -> list[Row]:
    """Rows of a findings file; CSV by extension, else YAML (a list, or a `findings:` list)."""
    if source.lower().endswith(".csv"):
        return csv_rows(text, source, columns=COLUMNS, required=REQUIRED, lists=("items",))
    _, rows = yaml_rows(text, source, key="findings", columns=COLUMNS, required=REQUIRED)
    for row in rows:
        if isinstance(row.values.get("items"), str):
            row.values["items"] = [i.strip() for i in row.values["items"].split(";")]
    return rows


def import_findings(
    *, session: Session, review_id: int, rows: list[Row], source: str, today: date | None = None
) -> list[Finding]:
    """Create every finding of the file, or none: all rows are checked before any is written."""
    review = service.get_review(session=session, review_id=review_id)
    pack = default_pack()
    kinds = {k.id for k in pack.reviews.finding_kinds}
    known_items = pack.item_ids()
    clearance = principal_of(session).clearance
    refs_by_label = service.refs_by_label(session, review.id)
    taken = {ref for refs in refs_by_label.values() for ref in refs}
    visible = set(session.scalars(select(Finding.ref).where(Finding.review_id == review.id)))
    problems: list[str] = []
    seen: dict[str, int] = {}
    planned: list[FindingCreate] = []
    for row in rows:
        v = row.values
        ref = v.get("ref")
        where = f"line {row.line}" + (f": {ref}" if ref else "")
        row_problems = []
        if ref is not None and not (isinstance(ref, str) and re.match(service.REF_PATTERN, ref)):
            row_problems.append(service.BAD_REF.format(ref=str(ref)))
        elif ref:
            if ref in seen:
                row_problems.append(f"duplicate ref (first on line {seen[ref]})")
            elif ref in visible:
                row_problems.append("ref already used in this review")
            elif ref in taken:  # a hidden finding's: answered like any unusable ref
                row_problems.append(service.BAD_REF.format(ref=ref))
            seen.setdefault(ref, row.line)
        if v.get("kind") not in kinds:
            row_problems.append(
                f"kind: unknown finding kind {v.get('kind')!r}; use one of "
                f"{', '.join(sorted(kinds))}"
            )
        unknown = [i for i in v.get("items") or [] if i not in known_items]
        row_problems += [f"items: unknown framework item {i!r}" for i in unknown]
        label = v.get("label")
        if isinstance(label, str) and label in Label.__members__ and not clearance.allows(label):
            row_problems.append(f"label: {label} is above your clearance ({clearance})")
        if not row_problems:
            try:
                planned.append(FindingCreate.model_validate({**v, "review": review.id}))
            except ValidationError as exc:
                row_problems.append(describe(exc))
        problems += [f"{where}: {p}" for p in row_problems]
    if problems:
        raise ImportRejected(source, problems)
    for data in planned:  # numbered here, in memory: one read of the review's refs in all
        if not data.ref:
            label = Label(data.label or review.label)
            same = refs_by_label.setdefault(label.value, [])
            scope = service.ref_scope(label, review.label)
            data.ref = service.next_ref(taken, same, data.kind, scope)
            taken.add(data.ref)
            same.append(data.ref)
    return [service.add_finding(session=session, data=data, today=today) for data in planned]


def export_rows(findings: list[FindingPublic]) -> list[dict[str, Any]]:
    """The findings as import rows: an exported file imports into another review unchanged."""
    return [
        {
            "ref": f.ref,
            "kind": f.kind,
            "text": f.text,
            "items": list(f.items),
            "owner": f.owner,
            "actions": f.actions,
            "due_on": f.due_on.isoformat() if f.due_on else None,
            "public_summary": f.public_summary,
            "label": str(f.label),
        }
        for f in findings
    ]


def export(findings: list[FindingPublic], fmt: str) -> str:
    """CSV (spreadsheet-safe cells, items joined by `;`) or YAML (a `findings:` list)."""
    rows = export_rows(findings)
    if fmt == "yaml":
        return yaml.safe_dump({"findings": rows}, sort_keys=False, allow_unicode=True)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: safe_cell(LIST_SEPARATOR.join(v) if isinstance(v, list) else str(v or ""))
                for k, v in row.items()
            }
        )
    return out.getvalue()
