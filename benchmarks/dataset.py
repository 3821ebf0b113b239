"""The scale dataset: Demoland plus N fictional states with M yearly self-assessments each,
evidence, and an IPPAS mission and its follow-up with FINDINGS_PER_STATE findings per state.

Built in a fresh SQLite file: the schema by migration, Demoland (XD) by `load_demo` through
the ORM (so it is exactly what users see), then the scale states by SQLAlchemy Core bulk
inserts. Core inserts bypass the ORM session hooks, so the generated rows carry no audit
entries; that is fine for a benchmark dataset and makes generation fast.

Everything is drawn from `random.Random(seed)`, so one seed and size give the same database.
"""

from __future__ import annotations

import random
import string
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import product
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

import nucsec.models  # noqa: F401  (every table, and the session hooks load_demo relies on)
from nucsec.access.labels import Label
from nucsec.access.models import AuditEntry
from nucsec.access.principal import SYSTEM
from nucsec.assessments.models import Assessment, ItemAssessment, ItemNote, ScoreRelease
from nucsec.assessments.scoring import ItemState, score
from nucsec.catalogue import default_pack
from nucsec.db import make_engine, migrate, transaction
from nucsec.demo import load_demo
from nucsec.evidence.models import EVIDENCE_KINDS, Evidence, EvidenceLink
from nucsec.reviews.models import Finding, FindingEvent, PublishedSummary, Review
from nucsec.states.applicability import not_applicable
from nucsec.states.models import State
from nucsec.states.schemas import ProgrammeProfile

TODAY = date(2026, 7, 1)
"""The fixed "today" of the benchmark: assessments end in TODAY's year, before this day."""

MAX_STATES = 26 * 26  # codes QAA … QZZ
SEED = 869
FINDINGS_PER_STATE = 100
FINDING_KINDS = ("recommendation", "suggestion", "good_practice")
FINDING_STATUSES = ("open", "in_progress", "implemented", "verified", "not_accepted")

STATUSES = ("not_started", "planned", "in_progress", "implemented", "sustained")
IMPLEMENTED = 3  # index in STATUSES from which an item counts as implemented
PUBLIC_DEMOS = ("summary_published", "published")
OTHER_DEMOS = ("internal", "shared")
OWNERS = (
    "Regulator",
    "Police",
    "Customs",
    "Ministry of Foreign Affairs",
    "Ministry of Justice",
    "Civil Protection",
    "Ministry of Energy",
    "Intelligence service",
)
LABELS = (Label.PUBLIC.value, Label.OFFICIAL.value, Label.SENSITIVE.value)
STAMP = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # created/updated times of generated rows


@dataclass
class Dataset:
    """A built database and what it holds."""

    path: Path
    engine: Engine
    codes: list[str]  # the scale states
    years: int
    sample: str  # the scale state measured on its own
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def all_codes(self) -> list[str]:
        return ["XD", *self.codes]


def state_codes(n: int) -> list[str]:
    if not 1 <= n <= MAX_STATES:
        raise ValueError(f"the scale dataset holds 1 to {MAX_STATES} states, not {n}")
    pairs = ("".join(p) for p in product(string.ascii_uppercase, repeat=2))
    return [f"Q{p}" for p, _ in zip(pairs, range(n), strict=False)]


class _Ids:
    """Next primary keys, so that parent and child rows are built before any insert."""

    def __init__(self, engine: Engine) -> None:
        tables = (
            State,
            Assessment,
            ItemAssessment,
            ItemNote,
            Evidence,
            ScoreRelease,
            Review,
            Finding,
            FindingEvent,
            PublishedSummary,
        )
        with engine.connect() as conn:
            self._next = {
                t.__table__.name: (conn.scalar(select(func.max(t.__table__.c.id))) or 0) + 1
                for t in tables
            }

    def __call__(self, model: type) -> int:
        name = model.__table__.name
        value = self._next[name]
        self._next[name] = value + 1
        return value


@dataclass
class _Rows:
    states: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    assessments: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    releases: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    summaries: list[dict[str, Any]] = field(default_factory=list)

    def tables(self) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
        """Parents first, so foreign keys hold at every insert."""
        yield State.__table__, self.states
        yield Evidence.__table__, self.evidence
        yield Assessment.__table__, self.assessments
        yield ItemAssessment.__table__, self.items
        yield ItemNote.__table__, self.notes
        yield EvidenceLink.__table__, self.links
        yield ScoreRelease.__table__, self.releases
        yield Review.__table__, self.reviews
        yield Finding.__table__, self.findings
        yield FindingEvent.__table__, self.events
        yield PublishedSummary.__table__, self.summaries


def _profile(rng: random.Random) -> ProgrammeProfile:
    power = rng.random() < 0.25
    research = rng.random() < 0.35
    fuel_cycle = power and rng.random() < 0.3
    categories: list[str] = []
    if power or research or fuel_cycle or rng.random() < 0.1:
        categories = sorted(rng.sample(["I", "II", "III"], rng.randint(1, 3)))
    return ProgrammeProfile(
        power_reactors=power,
        research_reactors=research,
        fuel_cycle_facilities=fuel_cycle,
        material_categories=categories,
        radioactive_sources=rng.random() < 0.95,
        transport=rng.random() < 0.7,
    )


def _assessment_days(rng: random.Random, years: int) -> list[date]:
    first = TODAY.year - years + 1
    return [date(first + y, rng.randint(1, 6), rng.randint(1, 28)) for y in range(years)]


def _state(
    rng: random.Random, ids: _Ids, rows: _Rows, code: str, number: int, years: int, *, sample: bool
) -> None:
    pack = default_pack()
    assessable = [item.id for _, item in pack.assessable()]
    measures = {m.id for m in pack.measures}
    profile = _profile(rng)
    state_id = ids(State)
    rows.states.append(
        {
            "id": state_id,
            "code": code,
            "name": f"Scale state {number:04d}",
            "label": Label.PUBLIC.value,
            "maturity": rng.choice(("new", "developed")),
            "subscribed_on": date(rng.randint(2016, 2024), rng.randint(1, 12), rng.randint(1, 28)),
            "framework_id": pack.framework.id,
            "created_at": STAMP,
            "updated_at": STAMP,
            **profile.model_dump(),
        }
    )

    # Evidence: EV-0001 is always a PUBLIC law, so public demonstrations have something to cite.
    evidence: list[tuple[int, str]] = []  # (id, label)
    for n in range(1, rng.randint(3, 8) + 1):
        label = Label.PUBLIC.value if n == 1 else rng.choices(LABELS, (5, 3, 1))[0]
        kind = "law" if n == 1 else rng.choice(EVIDENCE_KINDS)
        evidence_id = ids(Evidence)
        evidence.append((evidence_id, label))
        rows.evidence.append(
            {
                "id": evidence_id,
                "state_id": state_id,
                "ref": f"EV-{n:04d}",
                "title": f"{kind.replace('_', ' ').capitalize()} {n} of scale state {number:04d}",
                "kind": kind,
                "publisher": f"Scale state {number:04d} regulatory authority",
                "published_on": date(rng.randint(2012, TODAY.year - 1), rng.randint(1, 12), 1),
                "url": f"https://example.org/{code.lower()}/ev-{n:04d}"
                if label == Label.PUBLIC.value
                else None,
                "sha256": f"{rng.getrandbits(256):064x}",
                "summary": None,
                "label": label,
                "created_at": STAMP,
            }
        )
    public_evidence = [e for e, label in evidence if label == Label.PUBLIC.value]

    # Per item, stable across years: starting level, owner, label; the state's own pace.
    na = not_applicable(pack, profile)
    pace = rng.uniform(0.15, 0.6)
    level = {i: rng.choices(range(3), (6, 3, 1))[0] for i in assessable}
    owner = {i: rng.choice(OWNERS) if rng.random() < 0.7 else None for i in assessable}
    label = {i: rng.choices(LABELS, (1, 17, 2))[0] for i in assessable}
    demonstration = dict.fromkeys(assessable, "none")
    target: dict[str, date | None] = dict.fromkeys(assessable)

    days = _assessment_days(rng, years)
    previous: int | None = None
    for year, day in enumerate(days):
        assessment_id = ids(Assessment)
        rows.assessments.append(
            {
                "id": assessment_id,
                "state_id": state_id,
                "assessed_on": day,
                "kind": "self",
                "title": f"Self-assessment {day.year}",
                "framework_id": pack.framework.id,
                "framework_version": pack.framework.version,
                "carried_from_id": previous,
                "label": Label.OFFICIAL.value,
                "created_at": STAMP,
            }
        )
        scored: list[ItemState] = []
        for item_id in assessable:
            if year > 0:  # progress (and now and then slip back) since last year
                if rng.random() < pace:
                    level[item_id] = min(level[item_id] + 1, len(STATUSES) - 1)
                elif rng.random() < 0.03:
                    level[item_id] = max(level[item_id] - 1, 0)
            links: set[int] = set()
            if item_id in na:
                status, demo, due, justification = "not_applicable", "none", None, na[item_id]
            else:
                status, justification = STATUSES[level[item_id]], None
                if level[item_id] >= IMPLEMENTED:
                    if demonstration[item_id] == "none" and rng.random() < 0.6:
                        demonstration[item_id] = rng.choice(PUBLIC_DEMOS + OTHER_DEMOS)
                    target[item_id] = None
                else:
                    demonstration[item_id] = "none"
                    if target[item_id] is None and rng.random() < 0.4:
                        target[item_id] = day + timedelta(days=rng.randint(60, 900))
                demo, due = demonstration[item_id], target[item_id]
                if demo in PUBLIC_DEMOS:
                    links.add(rng.choice(public_evidence))
                elif demo != "none" or rng.random() < 0.08:
                    links.add(rng.choice(evidence)[0])
            item_row_id = ids(ItemAssessment)
            rows.items.append(
                {
                    "id": item_row_id,
                    "assessment_id": assessment_id,
                    "item_id": item_id,
                    "status": status,
                    "demonstration": demo,
                    "owner": owner[item_id],
                    "target_date": due,
                    "justification": justification,
                    "label": label[item_id],
                    "updated_at": STAMP,
                }
            )
            rows.links.extend(
                {"item_assessment_id": item_row_id, "evidence_id": e} for e in sorted(links)
            )
            if rng.random() < 0.08:
                rows.notes.append(
                    {
                        "id": ids(ItemNote),
                        "item_assessment_id": item_row_id,
                        "text": f"Note on {item_id} in {day.year}: {status.replace('_', ' ')}.",
                        "label": rng.choices(LABELS, (2, 5, 3))[0],
                    }
                )
            scored.append(ItemState(item_id, status, demo))
        # Figures approved for publication for some earlier years (every one for the sample),
        # so public reports of scale states show approved figures and a trend.
        last = year == len(days) - 1
        if (sample and (not last or len(days) == 1)) or (not last and rng.random() < 0.6):
            figures = score(pack, scored).as_dict()
            figures["measures"] = {s.item_id: s.status for s in scored if s.item_id in measures}
            rows.releases.append(
                {
                    "id": ids(ScoreRelease),
                    "state_id": state_id,
                    "assessment_id": assessment_id,
                    "assessed_on": day,
                    "figures": figures,
                    "approved_by": "bench",
                    "approved_at": datetime.combine(day, datetime.min.time(), UTC),
                    "note": "Approved for the yearly confidence-building report.",
                    "label": Label.PUBLIC.value,
                }
            )
        previous = assessment_id
    _reviews(rng, ids, rows, state_id, code, assessable)


def _reviews(
    rng: random.Random, ids: _Ids, rows: _Rows, state_id: int, code: str, items: list[str]
) -> None:
    """An IPPAS mission three years ago with its findings, and a follow-up that verified some."""
    held = date(TODAY.year - 3, rng.randint(1, 12), rng.randint(1, 20))
    follow_up_on = date(TODAY.year - 1, rng.randint(1, 12), rng.randint(1, 20))
    mission_id, follow_up_id = ids(Review), ids(Review)
    for review_id, kind, start, follows in (
        (mission_id, "ippas_mission", held, None),
        (follow_up_id, "ippas_follow_up", follow_up_on, mission_id),
    ):
        rows.reviews.append(
            {
                "id": review_id,
                "state_id": state_id,
                "kind": kind,
                "title": f"{kind.replace('_', ' ').upper()} {code} {start.year}",
                "started_on": start,
                "ended_on": start + timedelta(days=10),
                "items": sorted(rng.sample(items, 4)),
                "modules": ["national_regime"],
                "team": "IPPAS team",
                "report_ref": f"IPPAS-{code}-{start.year}",
                "follows_id": follows,
                "label": Label.SENSITIVE.value,
                "created_at": STAMP,
            }
        )
    numbers = dict.fromkeys(FINDING_KINDS, 0)
    for _ in range(FINDINGS_PER_STATE):
        kind = rng.choices(FINDING_KINDS, (6, 3, 1))[0]
        numbers[kind] += 1
        prefix = {"recommendation": "R", "suggestion": "S", "good_practice": "GP"}[kind]
        plan = kind != "good_practice"
        status = rng.choices(FINDING_STATUSES, (3, 3, 2, 2, 1))[0] if plan else "noted"
        finding_id = ids(Finding)
        due = held + timedelta(days=rng.randint(180, 1200)) if plan else None
        summary = (
            f"Progress on a {kind.replace('_', ' ')} of {code}." if rng.random() < 0.3 else None
        )
        rows.findings.append(
            {
                "id": finding_id,
                "review_id": mission_id,
                "ref": f"{prefix}-{numbers[kind]:02d}",
                "kind": kind,
                "text": f"The state should strengthen area {rng.choice(items)} ({code}).",
                "items": sorted(rng.sample(items, rng.randint(1, 3))),
                "public_summary": summary,
                "status": status,
                "owner": rng.choice(OWNERS) if plan else None,
                "actions": "Draft, consult, adopt." if plan else None,
                "due_on": due,
                "reason": "Covered elsewhere." if status == "not_accepted" else None,
                "implemented_on": held + timedelta(days=200)
                if status in ("implemented", "verified")
                else None,
                "verified_on": follow_up_on if status == "verified" else None,
                "verified_by_review_id": follow_up_id if status == "verified" else None,
                "shared": not plan,
                "label": rng.choices(LABELS, (1, 8, 1))[0],
                "created_at": STAMP,
            }
        )
        steps = [(None, "open" if plan else "noted")]
        if status not in ("open", "noted"):
            steps.append(("open", status))
        for before, after in steps:
            rows.events.append(
                {
                    "id": ids(FindingEvent),
                    "finding_id": finding_id,
                    "at": held + timedelta(days=20),
                    "actor": "bench",
                    "from_status": before,
                    "to_status": after,
                    "note": None,
                    "label": rows.findings[-1]["label"],
                    "created_at": STAMP,
                }
            )
        if summary and rng.random() < 0.5:
            rows.summaries.append(
                {
                    "id": ids(PublishedSummary),
                    "finding_id": finding_id,
                    "state_id": state_id,
                    "review_kind": "ippas_mission",
                    "review_year": held.year,
                    "kind": kind,
                    "text": summary,
                    "status": status,
                    "approved_by": "bench",
                    "approved_at": STAMP,
                    "label": Label.PUBLIC.value,
                }
            )


def build(path: Path, *, states: int, years: int, seed: int = SEED) -> Dataset:
    """Create the SQLite file `path` with Demoland and `states` × `years` scale assessments."""
    if years < 1:
        raise ValueError("each scale state needs at least one assessment")
    if path.exists():
        raise ValueError(f"{path} exists: the dataset goes into a new file")
    codes = state_codes(states)
    started = time.perf_counter()
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with transaction(engine, SYSTEM) as session:
        load_demo(session=session)

    rng = random.Random(seed)  # noqa: S311  (reproducible fictional data, not secrets)
    ids, rows = _Ids(engine), _Rows()
    for number, code in enumerate(codes, start=1):
        _state(rng, ids, rows, code, number, years, sample=number == 1)
    with engine.begin() as conn:
        for table, batch in rows.tables():
            if batch:
                conn.execute(insert(table), batch)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = {  # the whole database, Demoland included
            table.name: conn.scalar(select(func.count()).select_from(table)) or 0
            for table in [*(t for t, _ in rows.tables()), AuditEntry.__table__]
        }
    dataset = Dataset(path=path, engine=engine, codes=codes, years=years, sample=codes[0])
    dataset.counts = counts
    dataset.seconds = time.perf_counter() - started
    return dataset
