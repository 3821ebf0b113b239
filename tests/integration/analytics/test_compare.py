"""Comparison, ranking, trends and traceability through the service and the CLI."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from nucsec.analytics import service as analytics
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import AssessmentCreate, ItemUpdate
from nucsec.db import transaction
from nucsec.errors import NotFound
from tests.integration.analytics.conftest import COORDINATOR, NOOR, REACTOR, add_state, judge

TODAY = date(2026, 11, 25)
ALL_C1 = ["C1-IA01", "C1-IA02", "C1-IA03"]


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_external_comparison_ranks_with_ties(engine) -> None:
    for code in ("XA", "XB", "XC"):
        add_state(engine, code)
    add_state(engine, "XE", REACTOR)
    judge(engine, "XA", ["C1-IA01"])
    judge(engine, "XB", ALL_C1)
    judge(engine, "XC", ["C1-IA01"])
    with transaction(engine, NOOR) as session:
        doc = analytics.compare(session=session, kind="external", today=TODAY)
    rows = {r.state: r for r in doc.states}
    assert [r.state for r in doc.states] == ["XB", "XA", "XC", "XE"]
    assert [r.rank for r in doc.states] == [1, 2, 2, None], "XA and XC tie; XE has no figures"
    assert rows["XA"].overall == rows["XC"].overall < rows["XB"].overall
    assert rows["XE"].cells == {} and rows["XE"].source == "external"
    assert doc.keys == ["C1", "C2", "C3", "C4"] and set(rows["XA"].cells) == set(doc.keys)
    assert rows["XB"].cells["C1"] > rows["XA"].cells["C1"]
    with transaction(engine, NOOR) as session:
        only = analytics.compare(
            session=session, kind="external", profile="nuclear_material", today=TODAY
        )
    assert [r.state for r in only.states] == ["XE"]


def test_the_analyst_counts_public_records_only(engine) -> None:
    """The state's OFFICIAL self-assessment (C1-IA01 implemented) is not an external figure,
    and the coordinator, who sees more, gets the same external figures from PUBLIC work."""
    add_state(engine, "XA")
    judge(engine, "XA", ["C1-IA02"])
    with transaction(engine, NOOR) as session:
        seen = analytics.compare(session=session, kind="external", today=TODAY)
    with transaction(engine, COORDINATOR) as session:
        own = analytics.compare(session=session, kind="external", today=TODAY)
    assert seen == own
    with transaction(engine, NOOR) as session:
        trace = analytics.traceability(
            session=session, state_code="XA", by="commitment", key="C1", kind="external"
        )
    assert {e.label for e in trace.evidence} == {"PUBLIC"}
    assert "C1-IA01" in {i.item for i in trace.items}
    assert next(i for i in trace.items if i.item == "C1-IA01").status == "not_started"


def test_comparison_reads_a_fixed_number_of_queries(engine) -> None:
    add_state(engine, "XA")
    judge(engine, "XA", ["C1-IA01"])
    with transaction(engine, NOOR) as session, counting(engine) as few:
        analytics.compare(session=session, kind="external", today=TODAY)
    for code in ("XB", "XC", "XD", "XF"):
        add_state(engine, code)
        judge(engine, code, ALL_C1, on=date(2025, 6, 1))
        judge(engine, code, ["C1-IA01"])
    with transaction(engine, NOOR) as session, counting(engine) as many:
        doc = analytics.compare(session=session, kind="external", today=TODAY)
    assert len(doc.states) == 5
    assert len(many) == len(few), "queries must not grow with states or assessments"


def test_trends_flag_regressions_and_traceability_names_the_evidence(engine) -> None:
    add_state(engine, "XA")
    judge(engine, "XA", ALL_C1, on=date(2025, 6, 1))
    later, ref = judge(engine, "XA", ["C1-IA01"], on=date(2026, 6, 1))  # carried forward
    with transaction(engine, NOOR) as session:
        assessments.update_item(
            session=session,
            assessment=assessments.get(session=session, assessment_id=later),
            item_id="C1-IA02",
            data=ItemUpdate(status="in_progress"),
        )
    with transaction(engine, NOOR) as session:
        doc = analytics.trends(session=session, state_code="XA", kind="external", today=TODAY)
        trace = analytics.traceability(
            session=session, state_code="XA", by="element", key="E01", kind="external"
        )
        with pytest.raises(NotFound, match="no element 'C9'"):
            analytics.traceability(session=session, state_code="XA", by="element", key="C9")
    first, second = doc.points
    assert first.change is None and first.regression == []
    assert second.change is not None and second.change.overall < 0
    assert "overall" in second.regression
    assert ref in {e.ref for e in trace.evidence}
    backed = [i for i in trace.items if ref in i.evidence]
    assert [i.item for i in backed] == ["C1-IA01"]
    assert backed[0].demonstration == "published"


def test_compare_command(cli, engine) -> None:
    add_state(engine, "XA")
    add_state(engine, "XB")
    judge(engine, "XA", ["C1-IA01"])
    judge(engine, "XB", ALL_C1)
    result = cli("compare", "--kind", "external", "--format", "json")
    assert result.code == 0, result.err
    doc = json.loads(result.out)
    assert doc["by"] == "commitment"
    assert [(s["state"], s["rank"]) for s in doc["states"]] == [("XB", 1), ("XA", 2)]
    assert set(doc["states"][0]) >= {"state", "overall", "rank", "cells"}
    result = cli("compare", "--states", "XA", "--by", "element", "--kind", "external", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert [r["state"] for r in rows] == ["XA"] and "E01" in rows[0]
    result = cli("compare", "--states", "XA,QQ", "--format", "json")
    assert result.code == 1 and result.err.strip() == "error: no state QQ"
    result = cli("compare", "--format", "table")
    assert result.code == 0 and "competition ranking" in result.out


def test_the_comparison_of_approved_figures_shows_a_new_approval_at_once(engine) -> None:
    """Approved figures are kept between views until a write: the next approval shows."""
    from nucsec.improvement import figures

    add_state(engine, "XA")
    add_state(engine, "XB")

    def approve(code: str) -> int:
        with transaction(engine, COORDINATOR) as session:
            latest = assessments.list_for_state(session=session, state_code=code)[-1]
            return figures.approve(session=session, state_code=code, assessment_id=latest.id).id

    def approved() -> dict[str, tuple[int | None, float | None]]:
        with transaction(engine, NOOR) as session:
            doc = analytics.compare(session=session, today=TODAY)
        return {r.state: (r.assessment, r.overall) for r in doc.states}

    approve("XA")
    first = approved()
    assert first["XA"][0] is not None and first["XB"] == (None, None)
    assert approved() == first
    with transaction(engine, COORDINATOR) as session:
        newer = assessments.create(
            session=session, data=AssessmentCreate(state="XA", assessed_on=date(2026, 9, 1))
        )
        for item in ALL_C1:
            assessments.update_item(
                session=session,
                assessment=newer,
                item_id=item,
                data=ItemUpdate(status="implemented", demonstration="internal"),
            )
    approve("XA")
    approve("XB")
    now = approved()
    assert now["XA"][0] != first["XA"][0] and now["XA"][1] > first["XA"][1]
    assert now["XB"][0] is not None, "the other state's first approval shows too"


def test_a_comparison_is_paged_after_ranking_and_sorting_every_state(engine) -> None:
    from nucsec.errors import Invalid
    from nucsec.paging import PageParams

    judged = {"XA": ["C1-IA01"], "XB": ALL_C1, "XC": [], "XD": ALL_C1[:2], "XF": ["C1-IA03"]}
    for code, items in judged.items():
        add_state(engine, code)
        judge(engine, code, items)

    def pages(sort: str | None = None) -> list:
        got, number = [], 1
        while number:
            with transaction(engine, NOOR) as session:
                doc = analytics.compare(
                    session=session,
                    kind="external",
                    today=TODAY,
                    sort=sort,
                    page=PageParams(limit=2, page=number),
                )
            assert doc.total == 5 and doc.pages == 3 and len(doc.states) <= 2
            got.extend(doc.states)
            number = doc.next
        return got

    with transaction(engine, NOOR) as session:
        whole = analytics.compare(session=session, kind="external", today=TODAY)
    assert whole.total == 5 and whole.next is None
    by_rank = pages()
    assert [(r.state, r.rank) for r in by_rank] == [(r.state, r.rank) for r in whole.states]
    assert by_rank[0].state == "XB" and by_rank[0].rank == 1, "ranked over every state"
    assert [r.state for r in pages("state")] == sorted(judged)
    on_c1 = [r.cells["C1"] for r in pages("C1")]
    assert on_c1 == sorted(on_c1, reverse=True)
    with transaction(engine, NOOR) as session, pytest.raises(Invalid, match="sort"):
        analytics.compare(session=session, kind="external", today=TODAY, sort="C9")
