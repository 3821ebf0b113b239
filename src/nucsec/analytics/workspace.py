"""An analyst's workspace in files: states, evidence and external judgements, in and out.

A file is imported whole or not at all: every row is tried inside the caller's one
transaction, each problem is collected with its line, and any problem refuses the file (the
transaction is rolled back, so nothing is written). A fact about a real state (a code
outside the ISO user-assigned ranges) is accepted only with its source: a state row needs
`source`, an evidence row a `url`, a judgement the evidence it cites.

YAML holds up to three lists (`states`, `evidence`, `judgements`); a CSV file holds one of
them, told by its columns. Judgements are one row per item: the rows of one state and date
make one external assessment. Evidence rows carry a `key` of the file's own; judgements cite
evidence by that key or by an existing reference.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.principal import Permission
from nucsec.access.visibility import principal_of
from nucsec.assessments import service as assessments
from nucsec.assessments.models import Assessment, ItemAssessment
from nucsec.assessments.rules import item_problems
from nucsec.assessments.schemas import AssessmentCreate
from nucsec.catalogue import default_pack
from nucsec.errors import Forbidden, Invalid, NucsecError
from nucsec.evidence import service as evidence
from nucsec.evidence.models import Evidence, EvidenceLink
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.filerows import ImportRejected, Row, csv_rows, load_yaml, yaml_rows
from nucsec.states import service as states
from nucsec.states.models import State
from nucsec.states.schemas import ProgrammeProfile, StateCreate
from nucsec.validation import describe

STATE_COLUMNS = (
    "code", "name", "maturity", "subscribed_on", "region", "source", "label",
    "power_reactors", "research_reactors", "fuel_cycle_facilities", "material_categories",
    "radioactive_sources", "transport",
)  # fmt: skip
EVIDENCE_COLUMNS = (
    "state", "key", "title", "kind", "publisher", "published_on", "url", "summary", "label",
)  # fmt: skip
JUDGEMENT_COLUMNS = (
    "state", "assessed_on", "title", "item", "status", "demonstration", "evidence", "label",
)  # fmt: skip
SECTIONS = {"states": STATE_COLUMNS, "evidence": EVIDENCE_COLUMNS, "judgements": JUDGEMENT_COLUMNS}
REQUIRED = {
    "states": ("code", "name", "maturity"),
    "evidence": ("state", "title"),
    "judgements": ("state", "assessed_on", "item", "status"),
}
PROFILE = tuple(ProgrammeProfile.model_fields)


def user_assigned(code: str) -> bool:
    """ISO 3166 codes reserved for users (DESIGN §7): fictional states live there.

    alpha-2 AA, QM–QZ, XA–XZ, ZZ; alpha-3 AAA–AAZ, QMA–QZZ, XAA–XZZ, ZZA–ZZZ.
    """
    code = code.strip().upper()
    head = code[:2]
    if len(code) == 2:
        return code in ("AA", "ZZ") or code[0] == "X" or "QM" <= code <= "QZ"
    if len(code) == 3:
        return head in ("AA", "ZZ") or code[0] == "X" or "QM" <= head <= "QZ"
    return False


class _Judgement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: str = Field(min_length=2, max_length=3)
    assessed_on: date
    title: str | None = Field(default=None, max_length=200)
    item: str = Field(min_length=1, max_length=32)
    status: str = Field(min_length=1, max_length=32)
    demonstration: str = "none"
    evidence: list[str] = Field(default_factory=list)
    label: Label = Label.PUBLIC

    @field_validator("state")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.strip().upper()


@dataclass
class Outcome:
    """What an import wrote (it wrote all of it, or raised)."""

    states: int = 0
    evidence: int = 0
    assessments: int = 0
    judgements: int = 0
    refs: dict[str, str] = field(default_factory=dict)  # file key → evidence ref

    def summary(self) -> str:
        return (
            f"{self.states} state(s), {self.evidence} evidence record(s), "
            f"{self.assessments} external assessment(s) with {self.judgements} judgement(s)"
        )


def parse(text: str, source: str) -> dict[str, list[Row]]:
    """The rows of each section in the file (CSV: the one its columns name)."""
    if source.lower().endswith(".csv"):
        header = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"))), [])
        section = _section_of(header, source)
        return {
            section: csv_rows(
                text,
                source,
                columns=SECTIONS[section],
                required=REQUIRED[section],
                lists=("material_categories", "evidence"),
            )
        }
    parsed = load_yaml(text, source)
    doc = parsed[0]
    if not isinstance(doc, dict) or not doc or any(k not in SECTIONS for k in doc):
        raise ImportRejected(
            source, ["line 1: expected a mapping with lists: " + ", ".join(SECTIONS)]
        )
    return {
        name: yaml_rows(
            text, source, key=name, columns=columns, required=REQUIRED[name], parsed=parsed
        )[1]
        for name, columns in SECTIONS.items()
        if name in doc
    }


def _section_of(header: Sequence[str], source: str) -> str:
    if "item" in header:
        return "judgements"
    if "code" in header:
        return "states"
    if "title" in header:
        return "evidence"
    raise ImportRejected(
        source,
        ["line 1: cannot tell the records: a states file has 'code', an evidence file 'title', "
         "a judgements file 'item'"],
    )  # fmt: skip


def import_file(*, session: Session, sections: dict[str, list[Row]], source: str) -> Outcome:
    """Write every row, or nothing: problems are collected with their lines and refuse the
    whole file (the caller's transaction is then rolled back)."""
    principal = principal_of(session)
    if not (principal.can(Permission.write_states) or principal.can(Permission.write_external)):
        raise Forbidden(f"your role ({principal.role}) may not import a workspace")
    out = Outcome()
    problems: list[str] = []
    for row in sections.get("states", []):
        _try(problems, row, lambda r=row: _state(session, r, out))
    for row in sections.get("evidence", []):
        _try(problems, row, lambda r=row: _evidence(session, r, out))
    if sections.get("judgements"):
        _judgements(session, sections["judgements"], out, problems)
    if problems:
        raise ImportRejected(source, problems)
    session.flush()
    return out


def _try(problems: list[str], row: Row, step: Any) -> None:
    try:
        step()
    except ValidationError as exc:
        problems.append(f"line {row.line}: {describe(exc)}")
    except NucsecError as exc:
        problems.append(f"line {row.line}: {str(exc).splitlines()[0]}")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "")}


def _state(session: Session, row: Row, out: Outcome) -> None:
    values = _clean(row.values)
    code = str(values.get("code", "")).strip().upper()
    if not user_assigned(code) and not values.get("source"):
        raise Invalid(
            f"source: {code} is a real state's code: give the source of its facts, or use a "
            "user-assigned code (XA-XZ, QM-QZ, AA, ZZ) for a fictional state"
        )
    profile = {k: values.pop(k) for k in PROFILE if k in values}
    values.setdefault("label", Label.PUBLIC.value)
    data = StateCreate.model_validate({**values, "profile": profile})
    if session.scalar(select(State.id).where(State.code == data.code)) is not None:
        return  # already there: left as it is
    states.create(session=session, data=data)
    out.states += 1


def _evidence(session: Session, row: Row, out: Outcome) -> None:
    values = _clean(row.values)
    code = str(values.pop("state", "")).strip().upper()
    key = values.pop("key", None)
    if not user_assigned(code) and not values.get("url"):
        raise Invalid(f"url: evidence about {code}, a real state, needs the address of its source")
    values.setdefault("label", Label.PUBLIC.value)
    data = EvidenceCreate.model_validate(values)
    created = evidence.create(session=session, state_code=code, data=data)
    if key is not None:
        name = f"{code}:{key}"
        if name in out.refs:
            raise Invalid(f"key: {key!r} is used twice for state {code}")
        out.refs[name] = created.ref
    out.evidence += 1


def _judgements(session: Session, rows: list[Row], out: Outcome, problems: list[str]) -> None:
    pack = default_pack()
    known = {item.id for _, item in pack.assessable()}
    groups: dict[tuple[str, date], list[tuple[Row, _Judgement]]] = {}
    for row in rows:
        try:
            j = _Judgement.model_validate(_clean(row.values))
        except ValidationError as exc:
            problems.append(f"line {row.line}: {describe(exc)}")
            continue
        if j.item not in known:
            problems.append(f"line {row.line}: item: unknown framework item {j.item!r}")
            continue
        if not user_assigned(j.state) and not j.evidence:
            problems.append(
                f"line {row.line}: evidence: a judgement of {j.state}, a real state, must cite "
                "the evidence it rests on"
            )
            continue
        groups.setdefault((j.state, j.assessed_on), []).append((row, j))
    for (code, on), members in groups.items():
        first_row, first = members[0]
        try:
            created = _new_external(session, code, on, first)
        except NucsecError as exc:
            problems.append(f"line {first_row.line}: {str(exc).splitlines()[0]}")
            continue
        out.assessments += 1
        _write_judgements(session, created, code, members, out, problems)


def _write_judgements(
    session: Session,
    created: Assessment,
    code: str,
    members: list[tuple[Row, _Judgement]],
    out: Outcome,
    problems: list[str],
) -> None:
    """The judgements of one external assessment, checked by the item rules and written in
    one flush (a file of hundreds of states imports in seconds)."""
    pack = default_pack()
    rows = {
        r.item_id: r
        for r in session.scalars(
            select(ItemAssessment).where(ItemAssessment.assessment_id == created.id)
        )
    }
    cited = {
        j.item: [out.refs.get(f"{code}:{e}", e) for e in dict.fromkeys(j.evidence)]
        for _, j in members
    }
    wanted = sorted({ref for refs in cited.values() for ref in refs})
    found = evidence.by_refs(session=session, state_id=created.state_id, refs=wanted)
    labels = {ref: e.label for ref, e in found.items()}
    seen: set[str] = set()
    for row, j in members:
        if j.item in seen:
            problems.append(f"line {row.line}: item: {j.item} is judged twice on {j.assessed_on}")
            continue
        seen.add(j.item)
        target = rows[j.item]
        refs = cited[j.item]
        missing = [r for r in refs if r not in found]
        if missing:
            problems.append(f"line {row.line}: evidence: no evidence {missing[0]!r} for {code}")
            continue
        faults = item_problems(
            pack,
            {
                "item": j.item,
                "status": j.status,
                "demonstration": j.demonstration,
                "justification": target.justification,
                "evidence": refs,
            },
            labels,
        )
        above = [r for r in refs if labels[r] != Label.PUBLIC.value]
        if above:
            faults.append(("evidence", f"an external assessment may cite PUBLIC evidence only, "
                                       f"not {above[0]}"))  # fmt: skip
        if faults:
            problems.append(f"line {row.line}: {j.item}: {faults[0][0]}: {faults[0][1]}")
            continue
        target.status, target.demonstration = j.status, j.demonstration
        for ref in refs:
            session.add(EvidenceLink(item_assessment_id=target.id, evidence_id=found[ref].id))
        out.judgements += 1
    session.flush()


def _new_external(session: Session, code: str, on: date, first: _Judgement) -> Assessment:
    state = states.get(session=session, code=code)
    taken = session.scalar(
        select(Assessment.id).where(
            Assessment.state_id == state.id,
            Assessment.kind == assessments.EXTERNAL,
            Assessment.assessed_on == on,
        )
    )
    if taken is not None:
        raise Invalid(f"assessed_on: {code} already has an external assessment of {on}")
    return assessments.create(
        session=session,
        data=AssessmentCreate(
            state=code,
            assessed_on=on,
            kind="external",
            title=first.title,
            label=first.label,
            carry_forward=False,
        ),
    )


# --- export ----------------------------------------------------------------------------------


def export(*, session: Session, codes: Sequence[str] | None = None) -> dict[str, list[dict]]:
    """What the caller may see of the chosen states (default: all), in the import's shapes:
    states, their evidence, and the judgements of their external assessments that say
    something (an item left not started or not applicable, with nothing cited, is left out)."""
    query = select(State).order_by(State.code)
    if codes:
        query = query.where(State.code.in_([c.strip().upper() for c in codes]))
    chosen = list(session.scalars(query))
    ids = [s.id for s in chosen]
    code_of = {s.id: s.code for s in chosen}
    state_rows = []
    for s in chosen:
        row: dict[str, Any] = {
            "code": s.code, "name": s.name, "maturity": s.maturity,
            "subscribed_on": s.subscribed_on, "region": s.region, "source": s.source,
            "label": s.label,
        }  # fmt: skip
        row.update(states.profile_of(s).model_dump())
        state_rows.append(row)
    docs = list(
        session.scalars(select(Evidence).where(Evidence.state_id.in_(ids)).order_by(Evidence.id))
    )
    evidence_rows = [
        {
            "state": code_of[e.state_id],
            "key": e.ref,
            "title": e.title,
            "kind": e.kind,
            "publisher": e.publisher,
            "published_on": e.published_on,
            "url": e.url,
            "summary": e.summary,
            "label": e.label,
        }
        for e in docs
    ]
    ref_of = {e.id: e.ref for e in docs}
    items = session.execute(
        select(Assessment, ItemAssessment)
        .join(ItemAssessment, ItemAssessment.assessment_id == Assessment.id)
        .where(Assessment.state_id.in_(ids), Assessment.kind == assessments.EXTERNAL)
        .order_by(Assessment.state_id, Assessment.assessed_on, ItemAssessment.id)
    ).all()
    links: dict[int, list[str]] = {}
    for item_id, evidence_id in session.execute(
        select(EvidenceLink.item_assessment_id, EvidenceLink.evidence_id).where(
            EvidenceLink.item_assessment_id.in_([i.id for _, i in items])
        )
    ):
        if evidence_id in ref_of:
            links.setdefault(item_id, []).append(ref_of[evidence_id])
    judgement_rows = [
        {
            "state": code_of[a.state_id],
            "assessed_on": a.assessed_on,
            "title": a.title,
            "item": i.item_id,
            "status": i.status,
            "demonstration": i.demonstration,
            "evidence": sorted(links.get(i.id, [])),
            "label": a.label,
        }
        for a, i in items
        if i.status not in ("not_started", "not_applicable")
        or i.demonstration != "none"
        or links.get(i.id)
    ]
    return {"states": state_rows, "evidence": evidence_rows, "judgements": judgement_rows}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def to_yaml(doc: dict[str, list[dict]]) -> str:
    return yaml.safe_dump(
        {k: [{f: _plain(v) for f, v in r.items()} for r in rows] for k, rows in doc.items()},
        sort_keys=False,
        allow_unicode=True,
    )


def to_csv(section: str, rows: Iterable[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SECTIONS[section], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: ";".join(v) if isinstance(v, list) else ("" if v is None else _plain(v))
                for k, v in row.items()
            }
        )
    return out.getvalue()
