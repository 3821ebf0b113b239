"""Import a mission's findings from YAML or CSV: checked whole, then created in one go."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.visibility import aggregate_reader, principal_of
from nucsec.catalogue import default_pack
from nucsec.filerows import ImportRejected, Row, csv_rows, yaml_rows
from nucsec.reviews import service
from nucsec.reviews.models import Finding
from nucsec.reviews.schemas import FindingCreate
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
    return [service.add_finding(session=session, data=data, today=today) for data in planned]
