"""Import and export of competence and cooperation records as CSV or YAML."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import yaml

from nucsec.assessments.transfer import ImportRejected, Row
from nucsec.competence.service import FIELDS


def parse(text: str, source: str, record_type: str) -> list[Row]:
    if source.lower().endswith(".csv"):
        reader = csv.DictReader(io.StringIO(text))
        unknown = [c for c in reader.fieldnames or [] if c not in FIELDS[record_type]]
        if unknown:
            raise ImportRejected(source, [f"line 1: unknown column {c!r}" for c in unknown])
        try:
            return [
                Row(reader.line_num, {k: v for k, v in r.items() if k is not None}) for r in reader
            ]
        except csv.Error as exc:
            raise ImportRejected(source, [f"line {reader.line_num}: broken CSV: {exc}"]) from exc
    try:
        doc, root = yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise ImportRejected(
            source, [f"{where}broken YAML: {getattr(exc, 'problem', exc)}"]
        ) from exc
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise ImportRejected(source, ["line 1: expected a list of records"])
    lines = [n.start_mark.line + 1 for n in getattr(root, "value", [])]
    return [Row(lines[i] if i < len(lines) else 0, r) for i, r in enumerate(doc)]


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_csv(record_type: str, rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS[record_type], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: ";".join(v) if isinstance(v, list) else ("" if v is None else _plain(v))
                for k, v in row.items()
                if k in FIELDS[record_type]
            }
        )
    return out.getvalue()


def to_yaml(rows: list[dict[str, Any]]) -> str:
    return yaml.safe_dump(
        [{k: _plain(v) for k, v in r.items()} for r in rows], sort_keys=False, allow_unicode=True
    )
