"""Workspace files: all or nothing, problems by line, real states only with a source."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from nucsec.access.principal import SYSTEM
from nucsec.analytics import service as analytics
from nucsec.analytics import workspace
from nucsec.db import transaction
from nucsec.evidence.models import Evidence
from nucsec.filerows import ImportRejected
from nucsec.states.models import State
from tests.integration.analytics.conftest import NOOR

GOOD = """\
states:
  - {code: XQ, name: Quorland, maturity: new, region: North, radioactive_sources: true}
  - {code: XR, name: Rivland, maturity: new, research_reactors: true, material_categories: [III]}
evidence:
  - {state: XQ, key: r1, title: Annual report 2025, kind: annual_report}
judgements:
  - {state: XQ, assessed_on: 2026-05-01, item: C1-IA01, status: implemented,
     demonstration: published, evidence: [r1]}
  - {state: XR, assessed_on: 2026-05-01, item: C1-IA01, status: in_progress}
"""


def load(engine: Engine, text: str, source: str = "ws.yaml", principal=NOOR):
    sections = workspace.parse(text, source)
    with transaction(engine, principal) as session:
        return workspace.import_file(session=session, sections=sections, source=source)


def counts(engine: Engine) -> tuple[int, int]:
    with transaction(engine, SYSTEM) as session:
        return (
            session.scalar(select(func.count()).select_from(State)) or 0,
            session.scalar(select(func.count()).select_from(Evidence)) or 0,
        )


def test_an_analyst_imports_a_workspace(engine) -> None:
    outcome = load(engine, GOOD)
    assert (outcome.states, outcome.evidence, outcome.assessments, outcome.judgements) == (
        2, 1, 2, 2,
    )  # fmt: skip
    with transaction(engine, NOOR) as session:
        doc = analytics.compare(session=session, kind="external")
        trace = analytics.traceability(
            session=session, state_code="XQ", by="commitment", key="C1", kind="external"
        )
    assert [r.state for r in doc.states] == ["XQ", "XR"]
    assert [e.title for e in trace.evidence] == ["Annual report 2025"]
    assert load(engine, GOOD.split("evidence:")[0]).states == 0, "existing states are left alone"


def test_a_bad_file_names_each_line_and_writes_nothing(engine) -> None:
    bad = (
        GOOD
        + "  - {state: XQ, assessed_on: 2026-05-02, item: C9-IA01, status: implemented}\n"
        + "  - {state: XQ, assessed_on: 2026-05-02, item: C1-IA02, status: finished}\n"
        + "  - {state: XR, assessed_on: 2026-05-02, item: C1-IA02, status: planned,\n"
        + "     evidence: [zz]}\n"
    )
    with pytest.raises(ImportRejected) as caught:
        load(engine, bad)
    assert caught.value.problems == [
        "line 10: item: unknown framework item 'C9-IA01'",
        "line 11: C1-IA02: status: unknown status 'finished'; use one of not_started, planned, "
        "in_progress, implemented, sustained, not_applicable, not_adopted",
        "line 12: evidence: no evidence 'zz' for XR",
    ]
    assert "nothing imported" in str(caught.value)
    assert counts(engine) == (0, 0)


def test_an_analyst_cannot_import_what_is_above_public(engine) -> None:
    text = "evidence:\n  - {state: XQ, title: Leak, label: OFFICIAL}\n"
    with pytest.raises(ImportRejected, match="line 5: label: OFFICIAL is above your clearance"):
        load(engine, GOOD.split("evidence:")[0] + text)
    assert counts(engine) == (0, 0)


def test_a_real_state_needs_its_sources(engine) -> None:
    real = """\
states:
  - {code: FR, name: A real state, maturity: developed}
  - {code: QA, name: Another, maturity: new, source: "https://example.org/facts"}
evidence:
  - {state: QA, title: A report}
judgements:
  - {state: QA, assessed_on: 2026-05-01, item: C1-IA01, status: implemented}
"""
    with pytest.raises(ImportRejected) as caught:
        load(engine, real)
    problems = caught.value.problems
    assert problems[0].startswith("line 2: source: FR is a real state's code")
    assert problems[1].startswith("line 5: url: evidence about QA, a real state, needs")
    assert problems[2].startswith("line 7: evidence: a judgement of QA, a real state, must cite")
    assert len(problems) == 3 and counts(engine) == (0, 0)
    assert workspace.user_assigned("XD") and workspace.user_assigned("QM")
    assert workspace.user_assigned("ZZA") and not workspace.user_assigned("QL")


def test_csv_files_and_a_round_trip(engine, tmp_path: Path) -> None:
    states_csv = (
        "code,name,maturity,radioactive_sources,material_categories\n"
        "XQ,Quorland,new,true,\n"
        "XR,Rivland,new,false,I;II\n"
    )
    assert load(engine, states_csv, "states.csv").states == 2
    judgements_csv = "state,assessed_on,item,status\nXQ,2026-05-01,C1-IA01,planned\n"
    assert load(engine, judgements_csv, "j.csv").judgements == 1
    with pytest.raises(ImportRejected, match="line 1: cannot tell the records"):
        workspace.parse("a,b\n1,2\n", "x.csv")
    with transaction(engine, NOOR) as session:
        exported = workspace.export(session=session)
        before = analytics.compare(session=session, kind="external")
    assert [r["code"] for r in exported["states"]] == ["XQ", "XR"]
    assert exported["states"][1]["material_categories"] == ["I", "II"]
    assert exported["judgements"] == [
        {"state": "XQ", "assessed_on": exported["judgements"][0]["assessed_on"],
         "title": "External assessment 2026-05-01", "item": "C1-IA01", "status": "planned",
         "demonstration": "none", "evidence": [], "label": "PUBLIC"},
    ]  # fmt: skip
    text = workspace.to_yaml(exported)
    assert yaml.safe_load(text)["states"][0]["code"] == "XQ"
    csv_text = workspace.to_csv("states", exported["states"])
    assert csv_text.splitlines()[2].startswith("XR,Rivland,new,")
    with transaction(engine, SYSTEM) as session:
        for state in session.scalars(select(State)):
            session.delete(state)
    load(engine, text)
    with transaction(engine, NOOR) as session:
        after = analytics.compare(session=session, kind="external")
    assert [(r.state, r.overall, r.cells) for r in after.states] == [
        (r.state, r.overall, r.cells) for r in before.states
    ]
