"""Rows of an imported CSV or YAML file, each with the line it starts on.

Every import (assessment items, review findings, competence records) reads files the same way
and reports problems the same way: the file is refused whole, each problem naming its line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from nucsec.errors import Invalid
from nucsec.spreadsheet import plain_cell


class ImportRejected(Invalid):
    """The file was refused whole; `problems` lists each fault with its line."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(
            f"{source}: {len(problems)} problem(s), nothing imported:\n"
            + "\n".join(f"  {p}" for p in problems)
        )


def read_text(path: Path) -> str:
    """The text of an import file, or one clear error naming it."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"{path}: cannot read file: {exc.__class__.__name__}") from exc


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, Any]


def csv_rows(
    text: str,
    source: str,
    *,
    columns: tuple[str, ...],
    required: tuple[str, ...] = (),
    lists: tuple[str, ...] = (),
) -> list[Row]:
    """Data rows; empty cells are None, `lists` columns split on ';' into lists."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    problems = [f"line 1: unknown column {c!r}" for c in header if c not in columns]
    problems += [f"line 1: missing column {c!r}" for c in required if c not in header]
    if problems:
        raise ImportRejected(source, problems)
    rows = []
    try:
        for record in reader:
            if None in record:
                problems.append(f"line {reader.line_num}: more cells than columns")
                continue
            values: dict[str, Any] = {k: (plain_cell(v.strip()) or None) for k, v in record.items()}
            for name in lists:
                if name in values:
                    values[name] = [x.strip() for x in (values[name] or "").split(";") if x.strip()]
            rows.append(Row(reader.line_num, values))
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: broken CSV: {exc}")
    if problems:
        raise ImportRejected(source, problems)
    return rows


def yaml_rows(
    text: str,
    source: str,
    *,
    key: str | None,
    columns: tuple[str, ...],
    required: tuple[str, ...] = (),
) -> tuple[Any, list[Row]]:
    """The parsed document and the mappings of its list (at `key`, or the document itself)."""
    try:
        doc, root = yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise ImportRejected(
            source, [f"{where}broken YAML: {getattr(exc, 'problem', exc)}"]
        ) from exc
    items, node = doc, root
    if key is not None and isinstance(doc, dict):
        items = doc.get(key)
        node = next((v for k, v in getattr(root, "value", []) if k.value == key), None)
    if not isinstance(items, list):
        expected = f"a mapping with a '{key}' list" if key else "a list of records"
        raise ImportRejected(source, [f"line 1: expected {expected}"])
    lines = [n.start_mark.line + 1 for n in getattr(node, "value", [])]
    rows, problems = [], []
    for n, item in enumerate(items):
        line = lines[n] if n < len(lines) else 0
        if not isinstance(item, dict):
            problems.append(f"line {line}: each entry must be a mapping")
            continue
        problems += [f"line {line}: unknown field {k!r}" for k in item if k not in columns]
        problems += [f"line {line}: missing field {k!r}" for k in required if k not in item]
        rows.append(
            Row(line, {k: (v.isoformat() if isinstance(v, date) else v) for k, v in item.items()})
        )
    if problems:
        raise ImportRejected(source, problems)
    return doc, rows
