"""Import and export of one assessment as YAML or CSV.

Export then import then export gives the same bytes. An import is checked whole before anything
is written: any bad row rejects the file, with one message per problem naming its line.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import yaml
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.visibility import principal_of
from nucsec.assessments import service as assessments
from nucsec.assessments.models import Assessment
from nucsec.assessments.rules import item_problems
from nucsec.catalogue import default_pack
from nucsec.errors import NucsecError
from nucsec.evidence import service as evidence
from nucsec.filerows import ImportRejected, Row, csv_rows, yaml_rows
from nucsec.spreadsheet import safe_cell
from nucsec.validation import LONG_TEXT

FORMAT = "nucsec-assessment/1"
COLUMNS = ("item", "status", "demonstration", "owner", "target_date", "label", "justification",
           "note", "note_label", "evidence")  # fmt: skip
REQUIRED = ("item", "status")
REF_SEPARATOR = ";"


# --- export ------------------------------------------------------------------------------------


def export_rows(*, session: Session, assessment: Assessment) -> list[dict[str, Any]]:
    """One dict per item the caller may see, in pack order; hidden notes and evidence left out."""
    rows = []
    for view in assessments.item_views(session=session, assessment=assessment, today=date.today()):
        rows.append(
            {
                "item": view.item,
                "status": view.status,
                "demonstration": view.demonstration,
                "owner": view.owner,
                "target_date": view.target_date.isoformat() if view.target_date else None,
                "label": view.label.value,
                "justification": view.justification,
                "note": view.note,
                "note_label": view.note_label.value if view.note_label else None,
                "evidence": view.evidence,
            }
        )
    return rows


def to_yaml(meta: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    doc = {"format": FORMAT, "assessment": meta, "items": rows}
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row[k]) for k in COLUMNS})
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return safe_cell(REF_SEPARATOR.join(value))
    return safe_cell(str(value))


def export(*, session: Session, assessment: Assessment, fmt: str) -> str:
    rows = export_rows(session=session, assessment=assessment)
    if fmt == "csv":
        return to_csv(rows)
    meta = {
        "state": assessments.state_code_of(session=session, assessment=assessment),
        "assessed_on": assessment.assessed_on.isoformat(),
        "kind": assessment.kind,
        "title": assessment.title,
        "label": assessment.label,
        "framework": f"{assessment.framework_id} {assessment.framework_version}",
    }
    return to_yaml(meta, rows)


# --- parsing -----------------------------------------------------------------------------------


def parse_csv(text: str, source: str) -> list[Row]:
    return csv_rows(text, source, columns=COLUMNS, required=REQUIRED, lists=("evidence",))


def parse_yaml(text: str, source: str) -> tuple[dict[str, Any], list[Row]]:
    doc, rows = yaml_rows(text, source, key="items", columns=COLUMNS, required=REQUIRED)
    meta = doc.get("assessment") if isinstance(doc.get("assessment"), dict) else {}
    return meta, rows


# --- checking and applying ---------------------------------------------------------------------


def import_rows(*, session: Session, assessment: Assessment, rows: list[Row], source: str) -> int:
    """Check every row, then apply them all; returns how many items changed."""
    pack = default_pack()
    assessable = {item.id for _, item in pack.assessable()}
    current = {r.item_id: r for r in assessments.items(session=session, assessment=assessment)}
    clearance = principal_of(session).clearance
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    merged = []
    for row in rows:
        item_id = str(row.values.get("item") or "")
        where = f"line {row.line}: {item_id or 'item'}"
        if item_id in seen:
            problems.append((row.line, f"{where}: duplicate row (first on line {seen[item_id]})"))
            continue
        seen[item_id] = row.line
        target = current.get(item_id) if item_id in assessable else None
        if target is None:  # unknown and hidden items answer alike
            problems.append((row.line, f"{where}: unknown item ID"))
            continue
        values = {**assessments.current_values(session, target), **row.values}
        values.pop("item", None)
        merged.append((row, where, target, values))
    refs = sorted(
        {
            ref
            for *_, values in merged
            if isinstance(values.get("evidence"), list)
            for ref in values["evidence"]
            if isinstance(ref, str)
        }
    )
    known = evidence.by_refs(session=session, state_id=assessment.state_id, refs=refs)
    planned = []
    for row, where, target, values in merged:
        row_problems = _coerce(values)
        row_problems += [
            f"{field}: {reason}"
            for field, reason in item_problems(
                pack, values, {ref: ev.label for ref, ev in known.items()}
            )
        ]
        for field in ("label", "note_label"):
            value = values.get(field)
            if (
                isinstance(value, str)
                and value in Label.__members__
                and not clearance.allows(value)
            ):
                row_problems.append(f"{field}: {value} is above your clearance ({clearance})")
        if not assessments.may_edit(session, target):
            row_problems.append("you may not change this item")
        problems += [(row.line, f"{where}: {p}") for p in row_problems]
        planned.append((target, values, set(row.values) - {"item"}))
    if problems:
        raise ImportRejected(source, [p for _, p in sorted(problems, key=lambda p: p[0])])
    for target, values, changed in planned:
        try:
            assessments.apply_values(session, assessment, target, values, changed=changed)
        except NucsecError as exc:  # a rule only the database could see (e.g. hidden note)
            raise ImportRejected(source, [f"{target.item_id}: {exc}"]) from exc
    return len(planned)


def _coerce(values: dict[str, Any]) -> list[str]:
    """Turn file text into typed values in place; return the problems found."""
    problems = []
    raw = values.get("target_date")
    if isinstance(raw, str):
        try:
            values["target_date"] = date.fromisoformat(raw)
        except ValueError:
            problems.append(f"target_date: {raw!r} is not a date (YYYY-MM-DD)")
    refs = values.get("evidence")
    if refs is not None and not (isinstance(refs, list) and all(isinstance(r, str) for r in refs)):
        problems.append("evidence: must be a list of evidence references")
        values["evidence"] = []
    for field in ("owner", "justification", "note"):
        if values.get(field) is not None and not isinstance(values[field], str):
            values[field] = str(values[field])
    for field, limit in (("owner", 100), ("justification", LONG_TEXT), ("note", LONG_TEXT)):
        if len(values.get(field) or "") > limit:
            problems.append(f"{field}: longer than {limit} characters")
    return problems
