"""YAML and CSV of one assessment: exact round trip, and bad files refused whole by line."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from nucsec.access.principal import SYSTEM
from nucsec.assessments import service, transfer
from nucsec.assessments.schemas import AssessmentCreate, ItemUpdate
from nucsec.db import transaction
from tests.integration.assessments.conftest import COORDINATOR, POLICE


def filled(engine: Engine, assessment_id: int) -> None:
    changes = {
        "C1-IA01": ItemUpdate(
            status="implemented",
            demonstration="published",
            evidence=["EV-0001"],
            owner="Regulator",
            note="Act of 2019",
            note_label="PUBLIC",
        ),
        "C2-IA01": ItemUpdate(
            status="in_progress",
            owner="Police",
            target_date=date(2026, 6, 30),
            note='Gap, "store 7"; see plan',
            note_label="SENSITIVE",
            evidence=["EV-O0001", "EV-S0001"],
        ),
        "A10": ItemUpdate(justification="No reactor planned before 2035, ça va."),
        "M-REG-01": ItemUpdate(status="planned", label="PUBLIC"),
    }
    with transaction(engine, COORDINATOR) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        for item, data in changes.items():
            service.update_item(session=session, assessment=assessment, item_id=item, data=data)


def export(engine: Engine, assessment_id: int, fmt: str, principal=SYSTEM) -> str:
    with transaction(engine, principal) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        return transfer.export(session=session, assessment=assessment, fmt=fmt)


def import_text(
    engine: Engine, assessment_id: int, text: str, fmt: str, principal=COORDINATOR
) -> int:
    with transaction(engine, principal) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        rows = (
            transfer.parse_csv(text, "f.csv")
            if fmt == "csv"
            else transfer.parse_yaml(text, "f.yaml")[1]
        )
        return transfer.import_rows(
            session=session, assessment=assessment, rows=rows, source=f"f.{fmt}"
        )


def new_assessment(engine: Engine) -> int:
    with transaction(engine, COORDINATOR) as session:
        return service.create(
            session=session,
            data=AssessmentCreate(state="XT", assessed_on=date(2026, 9, 1), carry_forward=False),
        ).id


@pytest.mark.parametrize("fmt", ["yaml", "csv"])
def test_round_trip_is_exact(engine: Engine, assessment_id: int, fmt: str) -> None:
    filled(engine, assessment_id)
    first = export(engine, assessment_id, fmt)
    other = new_assessment(engine)
    assert import_text(engine, other, first, fmt) == 39
    second = export(engine, other, fmt)
    if fmt == "yaml":  # the header names its own assessment; the items must be identical
        first, second = (t.split("items:", 1)[1] for t in (first, second))
    assert second == first
    quoted = {"yaml": 'note: Gap, "store 7"; see plan', "csv": '"Gap, ""store 7""; see plan"'}
    assert quoted[fmt] in first, "commas, quotes and semicolons survive"


def test_export_leaves_out_what_the_caller_may_not_see(engine: Engine, assessment_id) -> None:
    filled(engine, assessment_id)
    text = export(engine, assessment_id, "csv", POLICE)
    assert "store 7" not in text and "EV-S0001" not in text
    assert "C2-IA01,in_progress,none,Police,2026-06-30,OFFICIAL,,,,EV-O0001" in text


BAD_CSV = {
    "wrong column": (
        "item,status,colour\nC1-IA01,planned,red\n",
        ["line 1: unknown column 'colour'"],
    ),
    "unknown item": (
        "item,status\nC1-IA01,planned\nC9-IA09,planned\n",
        ["line 3: C9-IA09: unknown item ID"],
    ),
    "bad status": (
        "item,status\nC1-IA01,planned\nC1-IA02,done\n",
        ["line 3: C1-IA02: status: unknown status 'done'"],
    ),
    "duplicate row": (
        "item,status\nC1-IA01,planned\nC1-IA01,in_progress\n",
        ["line 3: C1-IA01: duplicate row (first on line 2)"],
    ),
    "bad date": (
        "item,status,target_date\nC1-IA01,planned,31/12/2026\n",
        ["line 2: C1-IA01: target_date: '31/12/2026' is not a date (YYYY-MM-DD)"],
    ),
    "missing column": ("status\nplanned\n", ["line 1: missing column 'item'"]),
}


@pytest.mark.parametrize("case", sorted(BAD_CSV))
def test_bad_csv_is_refused_whole_naming_the_line(
    engine: Engine, assessment_id: int, case: str
) -> None:
    before = export(engine, assessment_id, "csv")
    text, expected = BAD_CSV[case]
    with pytest.raises(transfer.ImportRejected) as info:
        import_text(engine, assessment_id, text, "csv")
    problems = info.value.problems
    assert len(problems) == len(expected)
    assert all(p.startswith(e) for p, e in zip(problems, expected, strict=True)), problems
    assert "nothing imported" in str(info.value)
    assert export(engine, assessment_id, "csv") == before, "nothing was written"


def test_bad_yaml_rows_name_their_lines(engine: Engine, assessment_id: int) -> None:
    text = (
        "format: nucsec-assessment/1\n"
        "items:\n"
        "- item: C1-IA01\n"
        "  status: implemented\n"
        "- item: C1-IA02\n"
        "  status: finished\n"
        "- item: C1-IA01\n"
        "  status: planned\n"
        "- item: A10\n"
        "  status: not_applicable\n"
        "  justification: ''\n"
    )
    before = export(engine, assessment_id, "yaml")
    with pytest.raises(transfer.ImportRejected) as info:
        import_text(engine, assessment_id, text, "yaml")
    assert [p.split("; use one of")[0] for p in info.value.problems] == [
        "line 5: C1-IA02: status: unknown status 'finished'",
        "line 7: C1-IA01: duplicate row (first on line 3)",
        "line 9: A10: justification: a not-applicable item needs a justification",
    ]
    assert export(engine, assessment_id, "yaml") == before


def test_broken_yaml_and_unknown_fields(engine: Engine, assessment_id: int) -> None:
    with pytest.raises(transfer.ImportRejected) as info:
        import_text(engine, assessment_id, "items:\n- item: [C1\n", "yaml")
    assert info.value.problems[0].startswith("line ")
    assert "broken YAML" in info.value.problems[0]
    with pytest.raises(transfer.ImportRejected) as info:
        import_text(engine, assessment_id, "items:\n- item: C1-IA01\n  stat: x\n", "yaml")
    assert info.value.problems == ["line 2: unknown field 'stat'", "line 2: missing field 'status'"]


def test_an_import_cannot_raise_labels_above_clearance(engine: Engine, assessment_id) -> None:
    with transaction(engine, COORDINATOR) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        service.update_item(
            session=session,
            assessment=assessment,
            item_id="C2-IA06",
            data=ItemUpdate(owner="Police"),
        )
    with pytest.raises(transfer.ImportRejected) as info:
        import_text(
            engine,
            assessment_id,
            "item,status,label\nC2-IA06,planned,SENSITIVE\nC1-IA01,planned,OFFICIAL\n",
            "csv",
            principal=POLICE,
        )
    assert info.value.problems == [
        "line 2: C2-IA06: label: SENSITIVE is above your clearance (OFFICIAL)",
        "line 3: C1-IA01: you may not change this item",
    ]
