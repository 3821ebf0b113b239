"""Scenarios on the demo state: doing what a scenario says changes the figures by its gain."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import ItemUpdate
from nucsec.db import transaction
from nucsec.evidence import service as evidence
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.improvement import figures, scenarios
from tests.integration.analytics.conftest import COORDINATOR

TODAY = date(2026, 12, 1)  # not the figures-cache test's day: each keeps its own cached history


def carry_out(engine: Engine, actions: list[dict]) -> None:
    """Do each action through the usual edits: implement, or publish with a PUBLIC document."""
    with transaction(engine, COORDINATOR) as session:
        latest = assessments.latest(session=session, state_code="XD")
        assert latest is not None
        for action in actions:
            item = action["item"]
            if action["action"] == scenarios.IMPLEMENT:
                change = ItemUpdate(status="implemented")
            else:
                doc = evidence.create(
                    session=session,
                    state_code="XD",
                    data=EvidenceCreate(title=f"Published: {item}", label=Label.PUBLIC),
                )
                held = assessments.current_values(
                    session, assessments.get_item(session=session, assessment=latest, item_id=item)
                )["evidence"]
                change = ItemUpdate(demonstration="published", evidence=[*held, doc.ref])
            assessments.update_item(session=session, assessment=latest, item_id=item, data=change)


def shown(engine: Engine) -> tuple[float, float]:
    with transaction(engine, COORDINATOR) as session:
        doc = figures.figures(session=session, state_code="XD", today=TODAY)
    return doc["overall"] or 0.0, doc["confidence"] or 0.0


@pytest.mark.parametrize("which", [0, -1], ids=["best single", "a pair"])
def test_applying_a_scenario_changes_the_figures_by_its_gain(demo_engine, which) -> None:
    with transaction(demo_engine, COORDINATOR) as session:
        doc = scenarios.for_state(session=session, state_code="XD", today=TODAY)
    assert doc["kind"] == "self" and doc["scenarios"]
    chosen = doc["scenarios"][which]
    assert len(chosen["items"]) == (1 if which == 0 else 2)
    before = shown(demo_engine)
    assert before == (doc["base"]["overall"], doc["base"]["confidence"])
    carry_out(demo_engine, chosen["items"])
    after = shown(demo_engine)
    assert round(after[0] - before[0], 1) == chosen["gain"]["overall"]
    assert round(after[1] - before[1], 1) == chosen["gain"]["confidence"]
    assert chosen["gain"]["overall"] > 0 or chosen["gain"]["confidence"] > 0


def test_roadmap_command_adds_scenarios(cli, demo_engine) -> None:
    result = cli("roadmap", "--state", "XD", "--scenarios", "--format", "json")
    assert result.code == 0, result.err
    found = json.loads(result.out)["scenarios"]
    assert found and set(found[0]) == {"items", "gain"}
    assert set(found[0]["gain"]) == {"overall", "confidence"}
    plain = json.loads(cli("roadmap", "--state", "XD", "--format", "json").out)
    assert "scenarios" not in plain
