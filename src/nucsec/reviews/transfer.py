"""Import a mission's findings from YAML or CSV: checked whole, then created in one go."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.visibility import aggregate_reader, principal_of
from nucsec.assessments.transfer import ImportRejected, Row
from nucsec.catalogue import default_pack
from nucsec.reviews import service
from nucsec.reviews.models import Finding
from nucsec.reviews.schemas import FindingCreate
from nucsec.validation import describe

COLUMNS = ("ref", "kind", "text", "items", "owner", "actions", "due_on", "public_summary",
           "label")  # fmt: skip
REQUIRED = ("kind", "text")
LIST_SEPARATOR = ";"


def parse(text: str, source: str) -> list[Row]:
    """Rows of a findings file; CSV by extension, else YAML (a list, or `findings:` list)."""
    if source.lower().endswith(".csv"):
        return _parse_csv(text, source)
    return _parse_yaml(text, source)


def _parse_csv(text: str, source: str) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    problems = [f"line 1: unknown column {c!r}" for c in header if c not in COLUMNS]
    problems += [f"line 1: missing column {c!r}" for c in REQUIRED if c not in header]
    if problems:
        raise ImportRejected(source, problems)
    rows = []
    try:
        for record in reader:
            if None in record:
                problems.append(f"line {reader.line_num}: more cells than columns")
                continue
            values: dict[str, Any] = {k: (v.strip() or None) for k, v in record.items()}
            values["items"] = [
                i.strip() for i in (values.get("items") or "").split(LIST_SEPARATOR) if i.strip()
            ]
            rows.append(Row(reader.line_num, values))
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: broken CSV: {exc}")
    if problems:
        raise ImportRejected(source, problems)
    return rows


def _parse_yaml(text: str, source: str) -> list[Row]:
    try:
        doc = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise ImportRejected(
            source, [f"{where}broken YAML: {getattr(exc, 'problem', exc)}"]
        ) from exc
    items, node = doc, root
    if isinstance(doc, dict):
        items = doc.get("findings")
        node = next((v for k, v in getattr(root, "value", []) if k.value == "findings"), None)
    if not isinstance(items, list):
        raise ImportRejected(source, ["line 1: expected a list of findings"])
    lines = [n.start_mark.line + 1 for n in getattr(node, "value", [])]
    rows, problems = [], []
    for n, item in enumerate(items):
        line = lines[n] if n < len(lines) else 0
        if not isinstance(item, dict):
            problems.append(f"line {line}: each finding must be a mapping")
            continue
        problems += [f"line {line}: unknown field {k!r}" for k in item if k not in COLUMNS]
        problems += [f"line {line}: missing field {k!r}" for k in REQUIRED if k not in item]
        values = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in item.items()}
        if isinstance(values.get("items"), str):
            values["items"] = [i.strip() for i in values["items"].split(LIST_SEPARATOR)]
        rows.append(Row(line, values))
    if problems:
        raise ImportRejected(source, problems)
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
    with aggregate_reader(session) as reader:
        taken = set(reader.scalars(select(Finding.ref).where(Finding.review_id == review.id)))
    problems: list[str] = []
    seen: dict[str, int] = {}
    planned: list[FindingCreate] = []
    for row in rows:
        v = row.values
        where = f"line {row.line}" + (f": {v['ref']}" if v.get("ref") else "")
        row_problems = []
        ref = v.get("ref")
        if ref:
            if ref in seen:
                row_problems.append(f"duplicate ref (first on line {seen[ref]})")
            elif ref in taken:
                row_problems.append("ref already used in this review")
            seen.setdefault(ref, row.line)
        if v.get("kind") not in kinds:
            row_problems.append(
                f"kind: unknown finding kind {v.get('kind')!r}; use one of "
                f"{', '.join(sorted(kinds))}"
            )
        unknown = [i for i in v.get("items") or [] if i not in known_items]
        row_problems += [f"items: unknown framework item {i!r}" for i in unknown]
        label = v.get("label")
        if label in Label.__members__ and not clearance.allows(label):
            row_problems.append(f"label: {label} is above your clearance ({clearance})")
        if not row_problems:
            try:
                planned.append(FindingCreate.model_validate({**v, "review": review.id}))
            except ValidationError as exc:
                row_problems.append(describe(exc))
        problems += [f"{where}: {p}" for p in row_problems]
    if problems:
        raise ImportRejected(source, problems)
    return [service.add_finding(session=session, data=data, today=today) for data in planned]
