"""Import and export of the legal register as CSV or YAML."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import yaml

from nucsec.filerows import Row, csv_rows, yaml_rows
from nucsec.legal.service import FIELDS


def parse(text: str, source: str, record_type: str) -> list[Row]:
    columns = FIELDS[record_type]
    if source.lower().endswith(".csv"):
        return csv_rows(text, source, columns=columns)
    return yaml_rows(text, source, key=None, columns=columns)[1]


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def provisions_text(provisions: list[dict[str, Any]]) -> str:
    return " | ".join(f"{p['article']}: {', '.join(p['requirements'])}" for p in provisions)


def to_csv(record_type: str, rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS[record_type], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: provisions_text(v) if k == "provisions" else ("" if v is None else _plain(v))
                for k, v in row.items()
                if k in FIELDS[record_type]
            }
        )
    return out.getvalue()


def to_yaml(rows: list[dict[str, Any]]) -> str:
    return yaml.safe_dump(
        [{k: _plain(v) for k, v in r.items()} for r in rows], sort_keys=False, allow_unicode=True
    )
