"""Record, list, import and measure competence and cooperation records."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.head_cache import HeadCache
from nucsec.access.visibility import check_label
from nucsec.catalogue import default_pack
from nucsec.competence import measures
from nucsec.competence.models import (
    Certification,
    CooperationActivity,
    CultureActivity,
    Position,
    Training,
)
from nucsec.competence.schemas import (
    CertificationIn,
    CertificationPublic,
    CooperationIn,
    CooperationPublic,
    CultureIn,
    CulturePublic,
    PositionIn,
    PositionPublic,
    RecordPublic,
    TrainingIn,
    TrainingPublic,
)
from nucsec.errors import Invalid
from nucsec.filerows import ImportRejected, Row
from nucsec.paging import ALL, Page, PageParams, order_of, paginate
from nucsec.states import service as states
from nucsec.validation import describe, one_of

RecordModel = type[Position | Training | Certification | CultureActivity | CooperationActivity]
RECORD_TYPES: dict[str, tuple[RecordModel, type[BaseModel]]] = {
    "positions": (Position, PositionIn),
    "trainings": (Training, TrainingIn),
    "certifications": (Certification, CertificationIn),
    "culture": (CultureActivity, CultureIn),
    "cooperation": (CooperationActivity, CooperationIn),
}
PUBLIC: dict[str, type[RecordPublic]] = {
    "positions": PositionPublic,
    "trainings": TrainingPublic,
    "certifications": CertificationPublic,
    "culture": CulturePublic,
    "cooperation": CooperationPublic,
}
FIELDS = {name: tuple(schema.model_fields) for name, (_, schema) in RECORD_TYPES.items()}


def _type(record_type: str) -> tuple[RecordModel, type[BaseModel]]:
    return one_of("record type", record_type, RECORD_TYPES)


def add(*, session: Session, state_code: str, record_type: str, data: BaseModel) -> Any:
    model, _ = _type(record_type)
    check_label(session, data.label)  # type: ignore[attr-defined]
    state = states.get(session=session, code=state_code)
    values = data.model_dump()
    if record_type == "cooperation" and not values["actions"]:
        kinds = {k.id: k for k in default_pack().records.cooperation_kinds}
        values["actions"] = list(kinds[values["kind"]].actions)
    row = model(state_id=state.id, **{**values, "label": values["label"].value})
    session.add(row)
    session.flush()
    return row


def listing(*, session: Session, state_code: str, record_type: str) -> list[Any]:
    model, _ = _type(record_type)
    state = states.get(session=session, code=state_code)
    return list(session.scalars(select(model).where(model.state_id == state.id).order_by(model.id)))


def _sorts(model: RecordModel) -> dict[str, tuple[Any, ...]]:
    """The sort keys of a record type: its id, and its date or period where it has one."""
    sorts: dict[str, tuple[Any, ...]] = {"id": (model.id,)}
    for name in ("period", "held_on", "title", "role"):
        column = getattr(model, name, None)
        if column is not None:
            sorts[name] = (column, model.id)
    return sorts


def sort_keys(record_type: str) -> tuple[str, ...]:
    return tuple(_sorts(_type(record_type)[0]))


def list_records(
    *, session: Session, state_code: str, record_type: str, page: PageParams = ALL
) -> Page[Any]:
    """One page of a state's records of one type that the caller may see, in at most three
    queries (the state, the rows, and the count when there is more than one page)."""
    model, _ = _type(record_type)
    public = PUBLIC[record_type]
    state = states.get(session=session, code=state_code)
    query = (
        select(model)
        .where(model.state_id == state.id)
        .order_by(*order_of(page.sort, _sorts(model), "id"))
    )
    rows, total = paginate(session, query, page, count_column=model.id)
    return Page[public].of([public.model_validate(row[0]) for row in rows], total, page)  # type: ignore[valid-type]


def as_dict(record_type: str, row: Any) -> dict[str, Any]:
    out = {f: getattr(row, f) for f in FIELDS[record_type]}
    out["label"] = row.label
    return out


def import_rows(
    *, session: Session, state_code: str, record_type: str, rows: list[Row], source: str
) -> int:
    """All rows or none: every row is validated (shape, kinds, labels) before any is written."""
    _, schema = _type(record_type)
    states.get(session=session, code=state_code)
    problems, parsed = [], []
    for row in rows:
        unknown = [k for k in row.values if k not in FIELDS[record_type]]
        if unknown:
            problems.append(f"line {row.line}: unknown field {unknown[0]!r}")
            continue
        values = {k: v for k, v in row.values.items() if v not in (None, "")}
        if isinstance(values.get("actions"), str):
            values["actions"] = [a.strip() for a in values["actions"].split(";") if a.strip()]
        try:
            data = schema.model_validate(values)
            check_label(session, data.label)  # type: ignore[attr-defined]
        except ValidationError as exc:
            problems.append(f"line {row.line}: {describe(exc)}")
            continue
        except Invalid as exc:
            problems.append(f"line {row.line}: {exc}")
            continue
        parsed.append(data)
    if problems:
        raise ImportRejected(source, problems)
    for data in parsed:
        add(session=session, state_code=state_code, record_type=record_type, data=data)
    return len(parsed)


_FACTS: HeadCache[measures.Facts] = HeadCache(256)


def facts(*, session: Session, state_code: str) -> measures.Facts:
    """The records the caller may see, reduced for the measures (kept while nothing is
    written: `access.head_cache`; the dashboard shows them on every view)."""
    state = states.get(session=session, code=state_code)
    return _FACTS.get(session, state.id, lambda: _read_facts(session, state.id))


def _read_facts(session: Session, state_id: int) -> measures.Facts:
    def get(*columns: Any) -> list[Any]:  # one column read per record type, no ORM objects
        model = columns[0].class_
        query = select(*columns).where(model.state_id == state_id).order_by(model.id)
        return list(session.execute(query))

    return measures.Facts(
        positions=tuple(p for (p,) in get(Position.qualification_required)),
        certifications=tuple((p, c) for p, c in get(Certification.period, Certification.certified)),
        trainings=tuple((p, h) for p, h in get(Training.period, Training.hours)),
        culture=tuple(p for (p,) in get(CultureActivity.period)),
        cooperation=tuple(
            (d, k, tuple(a or ()))
            for d, k, a in get(
                CooperationActivity.held_on, CooperationActivity.kind, CooperationActivity.actions
            )
        ),
    )


def measure_trend(
    *, session: Session, state_code: str, periods: list[int] | None = None
) -> list[dict[str, Any]]:
    """The measures per period, over the periods the records cover (or those given)."""
    f = facts(session=session, state_code=state_code)
    years = periods or sorted(
        {p for p, _ in f.certifications}
        | {p for p, _ in f.trainings}
        | set(f.culture)
        | {d.year for d, _, _ in f.cooperation}
    )
    return measures.trend(f, years, default_pack().records.cooperation_window_months)
