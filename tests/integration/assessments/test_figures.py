"""Figures: OFFICIAL by default, PUBLIC only once approved; through services, API and CLI."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import PUBLIC, SYSTEM, Principal, Role
from nucsec.assessments import service
from nucsec.assessments.schemas import AssessmentCreate, ItemUpdate
from nucsec.db import transaction
from nucsec.errors import Forbidden, NotFound
from nucsec.improvement import figures
from tests.integration.assessments.conftest import COORDINATOR, POLICE
from tests.integration.webclient import bearer

OFFICIAL_VIEWER = Principal("o", Role.viewer, Label.OFFICIAL)


def set_items(engine: Engine, assessment_id: int, **statuses: str) -> None:
    with transaction(engine, COORDINATOR) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        for item, status in statuses.items():
            service.update_item(
                session=session,
                assessment=assessment,
                item_id=item.replace("_", "-"),
                data=ItemUpdate(status=status),
            )


def doc(engine: Engine, principal) -> dict:
    with transaction(engine, principal) as session:
        return figures.figures(session=session, state_code="XT")


def test_figures_are_computed_over_every_item_and_labelled_official(engine, assessment_id):
    set_items(engine, assessment_id, C1_IA01="sustained")
    with transaction(engine, COORDINATOR) as session:  # a SENSITIVE item still counts
        assessment = service.get(session=session, assessment_id=assessment_id)
        service.update_item(
            session=session,
            assessment=assessment,
            item_id="C1-IA02",
            data=ItemUpdate(status="sustained", label="SENSITIVE"),
        )
    for principal in (POLICE, OFFICIAL_VIEWER, SYSTEM):
        figures_seen = doc(engine, principal)
        assert figures_seen["label"] == "OFFICIAL" and figures_seen["source"] == "computed"
        # C1's own 3 actions: two sustained with no review (scored 90 each) → 60; blended
        # half and half with C2-C4 (all 0) → 30
        assert figures_seen["commitments"]["C1"] == pytest.approx(30.0)
        assert {"item": "C1-IA02", "flag": "sustained_unverified"} in figures_seen["flags"]


def test_public_viewer_sees_only_approved_figures(engine, assessment_id) -> None:
    set_items(engine, assessment_id, C1_IA01="implemented")
    with pytest.raises(NotFound, match="no approved figures for state XT"):
        doc(engine, PUBLIC)
    with transaction(engine, COORDINATOR) as session:
        figures.approve(session=session, state_code="XT", assessment_id=assessment_id)
    approved = doc(engine, PUBLIC)
    assert approved["source"] == "approved" and approved["label"] == "PUBLIC"
    assert approved["rules_version"] == 2, "frozen figures keep the rules they were computed with"
    frozen = approved["overall"]
    set_items(engine, assessment_id, C1_IA02="sustained", C1_IA03="sustained")
    assert doc(engine, PUBLIC)["overall"] == frozen, "approved figures are frozen"
    assert doc(engine, SYSTEM)["overall"] > frozen
    assert [p["date"] for p in doc(engine, PUBLIC)["trend"]] == ["2026-03-01"]


def test_only_a_coordinator_may_approve(engine, assessment_id) -> None:
    reviewer = Principal("r", Role.reviewer, Label.SENSITIVE)
    with pytest.raises(Forbidden), transaction(engine, reviewer) as session:
        figures.approve(session=session, state_code="XT", assessment_id=assessment_id)


def test_trend_across_assessments(engine, assessment_id) -> None:
    set_items(engine, assessment_id, C1_IA01="planned")
    with transaction(engine, COORDINATOR) as session:
        later = service.create(
            session=session, data=AssessmentCreate(state="XT", assessed_on=date(2027, 3, 1))
        ).id
    set_items(engine, later, C1_IA01="sustained", C2_IA01="sustained")
    trend = doc(engine, SYSTEM)["trend"]
    assert [p["date"] for p in trend] == ["2026-03-01", "2027-03-01"]
    assert trend[1]["overall"] > trend[0]["overall"]
    assert doc(engine, SYSTEM)["assessment"] == later


def test_api_figures_and_roadmap_by_clearance(
    client: TestClient, make_user, engine, assessment_id
) -> None:
    make_user("analyst", Role.viewer, Label.PUBLIC)
    make_user("amina", Role.coordinator, Label.SENSITIVE)
    analyst, amina = bearer(client, "analyst"), bearer(client, "amina")
    assert client.get("/api/v1/states/XT/figures", headers=analyst).status_code == 404
    computed = client.get("/api/v1/states/XT/figures", headers=amina).json()
    assert computed["label"] == "OFFICIAL" and set(computed["commitments"]) == {
        "C1",
        "C2",
        "C3",
        "C4",
    }
    assert (
        client.post(
            f"/api/v1/states/XT/figures/releases?assessment={assessment_id}", headers=analyst
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/v1/states/XT/figures/releases?assessment={assessment_id}", headers=amina
        ).status_code
        == 201
    )
    assert client.get("/api/v1/states/XT/figures", headers=analyst).json()["source"] == "approved"
    plan = client.get("/api/v1/states/XT/roadmap", headers=amina).json()
    assert plan["position"]["step"] == "S1"
    assert plan["next_actions"][0]["item"].startswith("C")


def test_cli_score_and_roadmap(cli, engine, state) -> None:
    created = cli("assess", "create", "--state", "XT", "--date", "2026-03-01")
    assert created.code == 0, created.err
    (assessment,) = json.loads(cli("assess", "list", "--state", "XT", "-f", "json").out)
    assert (
        cli(
            "assess",
            "set",
            str(assessment["id"]),
            "C1-IA01",
            "--status",
            "sustained",
            "--owner",
            "Regulator",
        ).code
        == 0
    )
    result = cli("score", "--state", "XT", "--format", "json")
    assert result.code == 0, result.err
    scored = json.loads(result.out)
    assert set(scored) >= {
        "state",
        "assessment",
        "overall",
        "weakest_commitment",
        "commitments",
        "elements",
        "confidence",
        "trend",
    }
    assert scored["state"] == "XT" and scored["assessment"] == assessment["id"]
    assert set(scored["commitments"]) == {"C1", "C2", "C3", "C4"}
    assert len(scored["elements"]) == 12
    assert all(0 <= v <= 100 for v in scored["commitments"].values() if v is not None)
    assert scored["trend"] == [
        {
            "date": "2026-03-01",
            "assessment": assessment["id"],
            "overall": scored["overall"],
            "confidence": scored["confidence"],
        }
    ]
    plan = json.loads(cli("roadmap", "--state", "XT", "--format", "json").out)
    assert plan["position"]["step"] == "S1"
    assert "C1-IA01" not in [g["item"] for g in plan["next_actions"]], "already sustained"
    assert cli("score", "--state", "ZZ").err.strip() == "error: no state with code 'ZZ'"
    assert cli("score", "--state", "XT", "--format", "pdf").code == 2


def test_cli_import_export_round_trip_and_refusal(cli, engine, state, tmp_path) -> None:
    cli("assess", "create", "--state", "XT", "--date", "2026-03-01")
    (first,) = json.loads(cli("assess", "list", "--state", "XT", "-f", "json").out)
    ident = str(first["id"])
    out = tmp_path / "a.csv"
    assert cli("assess", "export", ident, "--format", "csv", "-o", str(out)).code == 0
    out.write_text(out.read_text().replace("C1-IA01,not_started", "C1-IA01,implemented"))
    assert cli("assess", "import", str(out), "--into", ident).code == 0
    shown = json.loads(cli("assess", "show", ident, "-f", "json").out)
    assert next(i for i in shown if i["item"] == "C1-IA01")["status"] == "implemented"
    bad = tmp_path / "bad.csv"
    bad.write_text("item,status\nC1-IA01,planned\nC1-IA01,planned\n")
    refused = cli("assess", "import", str(bad), "--into", ident)
    assert refused.code == 1
    assert "line 3: C1-IA01: duplicate row (first on line 2)" in refused.err
    assert "Traceback" not in refused.err
    yaml_out = tmp_path / "a.yaml"
    cli("assess", "export", ident, "-o", str(yaml_out))
    created = cli("assess", "import", str(yaml_out))
    assert created.code == 0 and "imported 39 item(s) into assessment" in created.out
    assert len(json.loads(cli("assess", "list", "--state", "XT", "-f", "json").out)) == 2
