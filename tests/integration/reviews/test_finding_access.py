"""Findings below the top clearance: who may change them, how they are numbered, what a refusal
says, and an import whose cost grows with the file, not with its square."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.db import transaction
from nucsec.errors import Conflict, Forbidden, Invalid
from nucsec.filerows import ImportRejected, csv_rows
from nucsec.reviews import service, transfer
from nucsec.reviews.schemas import FindingCreate, FindingUpdate, ReviewCreate
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate

COORDINATOR = Principal("amina", Role.coordinator, Label.SENSITIVE)
OFFICIAL_COORDINATOR = Principal("oc", Role.coordinator, Label.OFFICIAL)
POLICE = Principal("police", Role.contributor, Label.OFFICIAL, agency="Police")


@pytest.fixture
def review(engine: Engine) -> int:
    """An OFFICIAL review of an OFFICIAL state (so OFFICIAL users see it)."""
    with transaction(engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(code="XB", name="Borealia", maturity="developed", label="OFFICIAL"),
        )
    with transaction(engine, COORDINATOR) as session:
        return service.create_review(
            session=session,
            data=ReviewCreate(
                state="XB", kind="ippas_mission", started_on=date(2024, 10, 7), label="OFFICIAL"
            ),
        ).id


def add(engine: Engine, review: int, **fields) -> tuple[int, str]:
    with transaction(engine, COORDINATOR) as session:
        finding = service.add_finding(session=session, data=FindingCreate(review=review, **fields))
        return finding.id, finding.ref


def update(engine: Engine, principal: Principal, finding: int, **fields) -> None:
    with transaction(engine, principal) as session:
        service.update_finding(session=session, finding_id=finding, data=FindingUpdate(**fields))


def test_a_contributor_changes_only_their_agencys_findings_and_never_reassigns(
    engine, review
) -> None:
    theirs, _ = add(engine, review, kind="recommendation", text="Vet", owner="Police")
    other, _ = add(engine, review, kind="recommendation", text="Fence", owner="Regulator")
    for change in ({"owner": "Police"}, {"due_on": date(2030, 1, 1)}, {"public_summary": "x"}):
        with pytest.raises(Forbidden, match="not assigned to your agency"):
            update(engine, POLICE, other, **change)
    with pytest.raises(Forbidden, match="cannot reassign"):
        update(engine, POLICE, theirs, owner="Regulator")
    update(engine, POLICE, theirs, due_on=date(2030, 1, 1), actions="Checks", status="in_progress")
    with transaction(engine, COORDINATOR) as session:
        mine = service.get_finding(session=session, finding_id=theirs)
        assert (mine.owner, mine.due_on, mine.status) == ("Police", date(2030, 1, 1), "in_progress")
        assert service.get_finding(session=session, finding_id=other).due_on is None


def test_refs_are_numbered_per_label_so_no_gap_reveals_a_hidden_finding(engine, review) -> None:
    refs = [
        add(engine, review, kind="recommendation", text="a", label=label)[1]
        for label in ("OFFICIAL", "SENSITIVE", "OFFICIAL", "SENSITIVE", "PUBLIC")
    ]
    assert refs == ["R-01", "R-S01", "R-02", "R-S02", "R-P01"]
    with transaction(engine, OFFICIAL_COORDINATOR) as session:
        seen = sorted(
            f.ref
            for f in service.list_findings(
                session=session, filters=service.Filters(review=review)
            ).items
        )
    assert seen == ["R-01", "R-02", "R-P01"]


def test_a_hidden_findings_ref_is_refused_like_a_malformed_one(engine, review) -> None:
    add(engine, review, kind="recommendation", text="secret", ref="R-07", label="SENSITIVE")
    add(engine, review, kind="recommendation", text="seen", ref="R-08")

    def problems(ref: str) -> list[str]:
        rows = csv_rows(
            f"ref,kind,text\n{ref},recommendation,x\n", "f.csv", columns=transfer.COLUMNS
        )
        with pytest.raises(ImportRejected) as info, transaction(engine, OFFICIAL_COORDINATOR) as s:
            transfer.import_findings(session=s, review_id=review, rows=rows, source="f.csv")
        return [p.replace(ref, "REF") for p in info.value.problems]

    assert problems("R-07") == problems("!R-09") != problems("R-08")
    assert problems("R-08") == ["line 2: REF: ref already used in this review"]
    with pytest.raises(Invalid) as hidden, transaction(engine, OFFICIAL_COORDINATOR) as session:
        data = FindingCreate(review=review, kind="recommendation", text="x", ref="R-07")
        service.add_finding(session=session, data=data)
    assert "R-07" in str(hidden.value) and "exist" not in str(hidden.value)
    with pytest.raises(Conflict), transaction(engine, OFFICIAL_COORDINATOR) as session:
        data = FindingCreate(review=review, kind="recommendation", text="x", ref="R-08")
        service.add_finding(session=session, data=data)


def _import_statements(engine: Engine, review: int, count: int) -> tuple[int, int]:
    """SQL statements of an import of `count` findings without refs: in all, and those that
    read the review's refs."""
    text = "kind,text,label\n" + "".join(
        f"recommendation,Finding {n},{('OFFICIAL', 'SENSITIVE')[n % 2]}\n" for n in range(count)
    )
    rows = csv_rows(text, "f.csv", columns=transfer.COLUMNS)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        with transaction(engine, COORDINATOR) as session:
            transfer.import_findings(session=session, review_id=review, rows=rows, source="f.csv")
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    ref_reads = [s for s in statements if s.startswith("SELECT findings.ref")]
    return len(statements), len(ref_reads)


def test_a_findings_import_reads_the_refs_once_and_grows_linearly(engine) -> None:
    with transaction(engine, SYSTEM) as session:
        states.create(session=session, data=StateCreate(code="XB", name="B", maturity="new"))
    reviews = []
    for year in (2020, 2021, 2022):
        with transaction(engine, COORDINATOR) as session:
            data = ReviewCreate(state="XB", kind="ippas_mission", started_on=date(year, 1, 1))
            reviews.append(service.create_review(session=session, data=data).id)
    (small, small_reads), (mid, mid_reads), (big, big_reads) = (
        _import_statements(engine, r, n) for r, n in zip(reviews, (10, 20, 40), strict=True)
    )
    assert small_reads == mid_reads == big_reads <= 2, "the refs are read once, not per finding"
    per_finding = (mid - small) / 10
    assert big - mid == pytest.approx(20 * per_finding), "each finding costs the same statements"
    assert per_finding <= 12
