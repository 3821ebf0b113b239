"""Reviews and findings on both databases: workflow, import, sensitivity, effect on items."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import PUBLIC, SYSTEM, Principal, Role
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import AssessmentCreate, ItemUpdate
from nucsec.db import transaction
from nucsec.errors import Forbidden, Invalid
from nucsec.filerows import ImportRejected
from nucsec.improvement import service as improvement
from nucsec.reviews import service, transfer
from nucsec.reviews.schemas import FindingCreate, FindingUpdate, ReviewCreate
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate
from tests.integration.webclient import bearer

COORDINATOR = Principal("amina", Role.coordinator, Label.SENSITIVE)
REVIEWER = Principal("rev", Role.reviewer, Label.SENSITIVE)
OFFICIAL = Principal("police", Role.contributor, Label.OFFICIAL, agency="Police")
TODAY = date(2026, 11, 25)


@pytest.fixture
def mission(engine: Engine) -> int:
    with transaction(engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(code="XB", name="Borealia", maturity="developed", label=Label.PUBLIC),
        )
    with transaction(engine, COORDINATOR) as session:
        return service.create_review(
            session=session,
            data=ReviewCreate(
                state="XB",
                kind="ippas_mission",
                started_on=date(2024, 10, 7),
                ended_on=date(2024, 10, 18),
                modules=["national_regime"],
                report_ref="IPPAS-XB-2024",
            ),
        ).id


def add(engine: Engine, review: int, **fields) -> int:
    with transaction(engine, COORDINATOR) as session:
        return service.add_finding(session=session, data=FindingCreate(review=review, **fields)).id


def move(engine: Engine, principal, finding: int, **fields) -> None:
    with transaction(engine, principal) as session:
        service.update_finding(
            session=session, finding_id=finding, data=FindingUpdate(**fields), today=TODAY
        )


def test_review_defaults_sensitive_and_findings_inherit(engine, mission) -> None:
    ident = add(engine, mission, kind="recommendation", text="Fix the fence", owner="Regulator")
    with transaction(engine, SYSTEM) as session:
        finding = service.get_finding(session=session, finding_id=ident)
        review = service.get_review(session=session, review_id=mission)
        assert review.label == finding.label == "SENSITIVE"
        assert (finding.ref, finding.status) == ("R-01", "open")


def test_full_cycle_verified_only_by_a_reviewer_from_a_later_review(engine, mission) -> None:
    ident = add(engine, mission, kind="recommendation", text="Fix the fence")
    move(engine, COORDINATOR, ident, status="in_progress")
    move(engine, COORDINATOR, ident, status="implemented", on=date(2025, 5, 1))
    with transaction(engine, COORDINATOR) as session:
        same_time = service.create_review(
            session=session,
            data=ReviewCreate(state="XB", kind="exercise_field", started_on=date(2024, 10, 10)),
        ).id
        follow_up = service.create_review(
            session=session,
            data=ReviewCreate(
                state="XB",
                kind="ippas_follow_up",
                started_on=date(2026, 6, 15),
                ended_on=date(2026, 6, 19),
                follows=mission,
            ),
        ).id
    with pytest.raises(Invalid, match="only a reviewer can verify"):
        move(engine, COORDINATOR, ident, status="verified", verified_by=follow_up)
    with pytest.raises(Invalid, match="held after the finding's review"):
        move(engine, REVIEWER, ident, status="verified", verified_by=same_time)
    move(engine, REVIEWER, ident, status="verified", verified_by=follow_up)
    with transaction(engine, SYSTEM) as session:
        finding = service.get_finding(session=session, finding_id=ident)
        assert (finding.status, finding.verified_by_review_id) == ("verified", follow_up)
        assert finding.verified_on == date(2026, 6, 19)
        steps = [
            (e.from_status, e.to_status) for e in service.history(session=session, finding=finding)
        ]
    assert steps == [
        (None, "open"),
        ("open", "in_progress"),
        ("in_progress", "implemented"),
        ("implemented", "verified"),
    ]
    with pytest.raises(Invalid, match="cannot go from verified"):
        move(engine, COORDINATOR, ident, status="open")


def test_measures_and_reminders(engine, mission) -> None:
    late = add(engine, mission, kind="recommendation", text="a", due_on=date(2026, 1, 31))
    add(engine, mission, kind="suggestion", text="b", due_on=date(2026, 12, 10))
    add(engine, mission, kind="suggestion", text="c", due_on=date(2027, 6, 1))
    add(engine, mission, kind="good_practice", text="d")
    with transaction(engine, COORDINATOR) as session:
        due = service.due(session=session, within_days=30, today=TODAY)
        assert [f.text for f in due] == ["a", "b"]
        m = improvement.measures(session=session, state_code="XB", today=TODAY)
    assert m["findings"]["overdue"] == 1 and m["findings"]["open"] == 3
    assert m["peer_review"]["last"] == "2024-10-18" and not m["peer_review"]["overdue"]
    assert m["self_assessment"]["overdue"] is True
    move(engine, COORDINATOR, late, status="implemented", on=date(2026, 2, 10))
    with transaction(engine, COORDINATOR) as session:
        m = improvement.measures(session=session, state_code="XB", today=TODAY)
    assert m["findings"]["overdue"] == 0
    assert (
        m["findings"]["median_days_to_implement"] == (date(2026, 2, 10) - date(2024, 10, 18)).days
    )


def test_an_open_finding_keeps_its_item_from_counting_as_sustained(engine, mission) -> None:
    ident = add(
        engine,
        mission,
        kind="recommendation",
        text="Fence",
        items=["C2-IA03"],
        label=Label.SENSITIVE,
    )
    with transaction(engine, COORDINATOR) as session:
        assessment = assessments.create(
            session=session, data=AssessmentCreate(state="XB", assessed_on=date(2026, 3, 1))
        )
        assessments.update_item(
            session=session,
            assessment=assessment,
            item_id="C2-IA03",
            data=ItemUpdate(status="sustained"),
        )

    def issues(principal) -> list[dict]:
        with transaction(engine, principal) as session:
            doc = improvement.check(session=session, state_code="XB", today=TODAY)
        return [i for i in doc["issues"] if i["item"] == "C2-IA03"]

    (issue,) = issues(COORDINATOR)
    assert (
        issue["kind"] == "sustained_unverified" and "finding on it is still open" in issue["detail"]
    )
    assert [r["ref"] for r in issue["records"]] == ["R-01"]
    (hidden,) = issues(OFFICIAL)
    assert hidden["records"] == [], "an OFFICIAL user is not shown the SENSITIVE finding"
    assert "finding" not in hidden["detail"], "nor told that one exists"
    move(engine, COORDINATOR, ident, status="implemented")
    assert issues(COORDINATOR) == [], "the mission covers the item and nothing is open any more"


CSV_OK = (
    "ref,kind,text,items,owner,due_on,label\n"
    "R-01,recommendation,Update the DBT,C2-IA01,Regulator,2025-12-31,SENSITIVE\n"
    'R-02,recommendation,"Vet staff, yearly",C2-IA05;C2-IA03,Police,2026-06-30,\n'
    "S-01,suggestion,Exercise,C3-IA01,Regulator,,OFFICIAL\n"
    "GP-01,good_practice,Joint protocol,C2-IA06,,,OFFICIAL\n"
)


def test_import_creates_all_findings(engine, mission) -> None:
    with transaction(engine, COORDINATOR) as session:
        created = transfer.import_findings(
            session=session, review_id=mission, rows=transfer.parse(CSV_OK, "m.csv"), source="m.csv"
        )
        assert [(f.ref, f.kind, f.items, f.label) for f in created] == [
            ("R-01", "recommendation", ["C2-IA01"], "SENSITIVE"),
            ("R-02", "recommendation", ["C2-IA05", "C2-IA03"], "SENSITIVE"),
            ("S-01", "suggestion", ["C3-IA01"], "OFFICIAL"),
            ("GP-01", "good_practice", ["C2-IA06"], "OFFICIAL"),
        ]


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("R-09,remark,x,,,,", "line 4: R-09: kind: unknown finding kind 'remark'"),
        (
            "R-09,recommendation,x,C9-IA01,,,",
            "line 4: R-09: items: unknown framework item 'C9-IA01'",
        ),
        ("R-01,suggestion,x,,,,", "line 4: R-01: duplicate ref (first on line 2)"),
        (
            "R-09,recommendation,x,,,31/12/2026,",
            "line 4: R-09: due_on: Input should be a valid date",
        ),
    ],
)
def test_one_bad_row_creates_nothing_and_names_the_row(engine, mission, bad_line, message):
    text = (
        "ref,kind,text,items,owner,due_on,label\n"
        + "\n".join([*CSV_OK.splitlines()[1:3], bad_line])
        + "\n"
    )
    with pytest.raises(ImportRejected) as info, transaction(engine, COORDINATOR) as session:
        transfer.import_findings(
            session=session, review_id=mission, rows=transfer.parse(text, "m.csv"), source="m.csv"
        )
    assert any(p.startswith(message) for p in info.value.problems), info.value.problems
    with transaction(engine, SYSTEM) as session:
        assert service.list_findings(session=session).items == []


def test_yaml_import_names_lines(engine, mission) -> None:
    text = "findings:\n- kind: recommendation\n  text: ok\n- kind: hint\n  text: bad\n"
    with pytest.raises(ImportRejected) as info, transaction(engine, COORDINATOR) as session:
        transfer.import_findings(
            session=session, review_id=mission, rows=transfer.parse(text, "m.yaml"), source="m.yaml"
        )
    assert info.value.problems[0].startswith("line 4: kind: unknown finding kind 'hint'")


def test_sensitive_findings_are_invisible_below_clearance_everywhere(
    engine, mission, client: TestClient, make_user, cli
) -> None:
    with transaction(engine, COORDINATOR) as session:
        official_review = service.create_review(
            session=session,
            data=ReviewCreate(
                state="XB", kind="exercise_field", started_on=date(2025, 5, 5), label=Label.OFFICIAL
            ),
        ).id
    add(
        engine,
        mission,
        kind="recommendation",
        text="SECRET-CANARY",
        owner="Police",
        due_on=date(2025, 1, 1),
    )
    add(
        engine,
        official_review,
        kind="suggestion",
        text="Official note",
        owner="Police",
        due_on=date(2025, 1, 1),
    )
    with transaction(engine, OFFICIAL) as session:
        board = service.list_findings(session=session).items
        assert [f.text for f in board] == ["Official note"]
        assert [f.text for f in service.due(session=session, within_days=30, today=TODAY)] == [
            "Official note"
        ]
        assert (
            improvement.measures(session=session, state_code="XB", today=TODAY)["findings"]["open"]
            == 1
        )
    make_user("police", Role.contributor, Label.OFFICIAL)
    headers = bearer(client, "police")
    api = client.get("/api/v1/findings?state=XB", headers=headers).json()
    assert api["count"] == 1 and "SECRET-CANARY" not in json.dumps(api)
    assert client.get(f"/api/v1/reviews/{mission}", headers=headers).status_code == 404
    overdue = client.get("/api/v1/findings?overdue=true", headers=headers).json()
    assert overdue["count"] == 1
    shown = cli("finding", "list", "--state", "XB", "--as", "police", "--format", "json")
    assert shown.code == 0 and "SECRET-CANARY" not in shown.out
    assert len(json.loads(shown.out)) == 1
    everything = cli("finding", "list", "--state", "XB", "--format", "json")
    assert "SECRET-CANARY" in everything.out


def test_public_summary_appears_only_once_approved(engine, mission) -> None:
    ident = add(
        engine,
        mission,
        kind="recommendation",
        text="Fix the fence at site 4",
        public_summary="Perimeter protection is being improved.",
    )
    with transaction(engine, PUBLIC) as session:
        assert service.published_summaries(session=session, state_code="XB") == []
    with pytest.raises(Forbidden, match="may not approve"), transaction(engine, COORDINATOR) as s:
        service.approve_summary(session=s, finding_id=ident)
    with transaction(engine, REVIEWER) as session:
        service.approve_summary(session=session, finding_id=ident)
    move(engine, COORDINATOR, ident, status="implemented")
    with transaction(engine, PUBLIC) as session:
        (summary,) = service.published_summaries(session=session, state_code="XB")
        assert summary.text == "Perimeter protection is being improved."
        assert summary.status == "implemented", "progress follows the finding once approved"
        assert service.list_findings(session=session).items == [], "the finding itself stays hidden"


def test_owner_choices_are_those_of_the_state_shown_and_visible(engine, mission) -> None:
    """The board's owner filter offers the owners of the chosen state's findings the caller
    may see (those the board itself can show); without a state, every visible finding's."""
    with transaction(engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(code="XC", name="Caldera", maturity="developed", label=Label.PUBLIC),
        )
    with transaction(engine, COORDINATOR) as session:
        other = service.create_review(
            session=session,
            data=ReviewCreate(
                state="XC", kind="ippas_mission", started_on=date(2025, 3, 3), label=Label.OFFICIAL
            ),
        ).id
    add(engine, mission, kind="recommendation", text="Fix the fence", owner="Regulator")
    add(engine, other, kind="recommendation", text="Train guards", owner="Customs")
    add(
        engine,
        other,
        kind="suggestion",
        text="Vet staff",
        owner="Intelligence",
        label=Label.SENSITIVE,
    )
    with transaction(engine, COORDINATOR) as session:
        assert service.finding_owners(session=session, state_code="XB") == ["Regulator"]
        assert service.finding_owners(session=session, state_code="xc") == [
            "Customs",
            "Intelligence",
        ]
        assert service.finding_owners(session=session) == ["Customs", "Intelligence", "Regulator"]
    with transaction(engine, OFFICIAL) as session:  # SENSITIVE findings name no owner to them
        assert service.finding_owners(session=session, state_code="XC") == ["Customs"]
        assert service.finding_owners(session=session) == ["Customs"]
