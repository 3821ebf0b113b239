"""Rows of an imported CSV or YAML file, each with the line it starts on.

Every import (assessment items, review findings, competence records) reads files the same way
and reports problems the same way: the file is refused whole, each problem naming its line.
Files are read with limits from the settings (size and row count), and YAML is parsed by one
loader that refuses aliases (a few lines can otherwise expand to gigabytes) and deep nesting,
and keeps dates as text so that a bad date is reported like any other bad value.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nucsec.config import get_settings
from nucsec.errors import Invalid
from nucsec.spreadsheet import plain_cell

MAX_DEPTH = 20  # nesting of collections in an import file: records are two or three deep


class ImportRejected(Invalid):
    """The file was refused whole; `problems` lists each fault with its line."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:20]
        more = [f"... and {len(problems) - len(shown)} more"] if len(problems) > len(shown) else []
        super().__init__(
            f"{source}: {len(problems)} problem(s), nothing imported:\n"
            + "\n".join(f"  {p}" for p in shown + more)
        )


def read_text(path: Path) -> str:
    """The text of an import file, or one clear error naming it (too large, unreadable, binary).

    Reads at most one byte more than the limit, so `/dev/zero` or a huge file is refused at once.
    """
    limit = get_settings().import_max_bytes
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise Invalid(f"{path}: cannot read file: {reason}") from exc
    if len(data) > limit:
        raise Invalid(f"{path}: file is larger than {limit} bytes (NUCSEC_IMPORT_MAX_BYTES)")
    return decode(data, str(path))


def decode(data: bytes, source: str) -> str:
    """UTF-8 text, with or without a byte-order mark (spreadsheets write one)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(f"{source}: not UTF-8 text (byte {exc.start})") from exc
    if "\x00" in text:
        raise Invalid(f"{source}: not a text file (it contains NUL characters)")
    return text


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, Any]


def _check_row_count(count: int, source: str) -> None:
    limit = get_settings().import_max_rows
    if count > limit:
        raise ImportRejected(
            source, [f"more than {limit} rows; split the file (NUCSEC_IMPORT_MAX_ROWS)"]
        )


def csv_rows(
    text: str,
    source: str,
    *,
    columns: tuple[str, ...],
    required: tuple[str, ...] = (),
    lists: tuple[str, ...] = (),
) -> list[Row]:
    """Data rows; empty cells are None, `lists` columns split on ';' into lists.

    The reader is strict: an unterminated quote is an error, never a cell that swallows the
    following rows.
    """
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise ImportRejected(source, ["line 1: not a text file (it contains NUL characters)"])
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    problems: list[str] = []
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise ImportRejected(source, [f"line 1: broken CSV: {exc}"]) from exc
    problems = [f"line 1: unknown column {c!r}" for c in header if c not in columns]
    problems += [f"line 1: missing column {c!r}" for c in required if c not in header]
    if problems:
        raise ImportRejected(source, problems)
    limit = get_settings().import_max_rows
    rows: list[Row] = []
    last = reader.line_num
    try:
        for record in reader:
            if len(rows) >= limit:
                _check_row_count(len(rows) + 1, source)
            if None in record:
                problems.append(f"line {reader.line_num}: more cells than columns")
                continue
            values: dict[str, Any] = {
                k: (plain_cell((v or "").strip()) or None) for k, v in record.items()
            }
            for name in lists:
                if name in values:
                    values[name] = [x.strip() for x in (values[name] or "").split(";") if x.strip()]
            rows.append(Row(reader.line_num, values))
            last = reader.line_num
    except csv.Error as exc:  # e.g. an unterminated quote: the line where the bad row starts
        problems.append(f"line {last + 1}: broken CSV: {exc}")
    if problems:
        raise ImportRejected(source, problems)
    return rows


class _ImportLoader(yaml.SafeLoader):
    """Safe YAML without aliases, without deep nesting and without implicit dates."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in an import file", event.start_mark
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nested more than {MAX_DEPTH} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Dates stay text: the importers parse them and report a bad one (2026-02-30) by its field.
_ImportLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, source: str) -> tuple[Any, Any]:
    """The document and its node tree (for line numbers), or one clear error with a line."""
    loader: _ImportLoader | None = None
    try:
        loader = _ImportLoader(text)  # the reader checks the characters here already
        node = loader.get_single_node()
        doc = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise ImportRejected(
            source, [f"{where}broken YAML: {getattr(exc, 'problem', None) or exc}"]
        ) from exc
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. an unhashable mapping key
        raise ImportRejected(source, [f"broken YAML: {exc.__class__.__name__}"]) from exc
    finally:
        if loader is not None:
            loader.dispose()
    return doc, node


def _plain(value: Any) -> bool:
    """A cell value: text, a number, a boolean, nothing, or a list of those."""
    if isinstance(value, list):
        return all(_plain(v) and not isinstance(v, list) for v in value)
    return value is None or isinstance(value, str | int | float | bool)


def yaml_rows(
    text: str,
    source: str,
    *,
    key: str | None,
    columns: tuple[str, ...],
    required: tuple[str, ...] = (),
    parsed: tuple[Any, Any] | None = None,
) -> tuple[Any, list[Row]]:
    """The parsed document and the mappings of its list (at `key`, or the document itself).

    `parsed` is `load_yaml`'s result when the caller already has it (a file of several lists).
    """
    doc, root = parsed if parsed is not None else load_yaml(text, source)
    items, node = doc, root
    if key is not None and isinstance(doc, dict):
        items = doc.get(key)
        node = next((v for k, v in getattr(root, "value", []) if k.value == key), None)
    if not isinstance(items, list):
        expected = f"a mapping with a '{key}' list" if key else "a list of records"
        raise ImportRejected(source, [f"line 1: expected {expected}"])
    _check_row_count(len(items), source)
    lines = [n.start_mark.line + 1 for n in getattr(node, "value", [])]
    rows, problems = [], []
    for n, item in enumerate(items):
        line = lines[n] if n < len(lines) else 0
        if not isinstance(item, dict):
            problems.append(f"line {line}: each entry must be a mapping")
            continue
        problems += [f"line {line}: unknown field {k!r}" for k in item if k not in columns]
        problems += [f"line {line}: missing field {k!r}" for k in required if k not in item]
        problems += [
            f"line {line}: {k}: must be a plain value or a list of plain values"
            for k, v in item.items()
            if k in columns and not _plain(v)
        ]
        rows.append(Row(line, dict(item)))
    if problems:
        raise ImportRejected(source, problems)
    return doc, rows
