"""The roadmap scores the latest assessment once per request, however many gaps it ranks: each
gap's gains come from that one pass (`scoring.raised`), not from scoring it again per gap."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import Principal, Role
from nucsec.assessments import scoring
from nucsec.db import transaction
from nucsec.improvement import roadmap, service
from tests.integration.test_query_counts import CODE, Grower

COORDINATOR = Principal("amina", Role.coordinator, Label.SENSITIVE, agency="Regulator")


def test_the_roadmap_scores_the_assessment_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    Grower(engine).grow(2)
    calls: list[int] = []

    def counted(*args, **kwargs) -> scoring.Scores:
        calls.append(1)
        return scoring.score(*args, **kwargs)

    monkeypatch.setattr(service, "score", counted)
    monkeypatch.setattr(roadmap, "score", counted)
    with transaction(engine, COORDINATOR) as session:
        doc = service.roadmap(session=session, state_code=CODE, today=date(2016, 1, 1))
    gaps = [a for a in doc["next_actions"] if a["kind"] == "item"]
    assert len(gaps) > 10, "every item is still open, so every one is ranked"
    assert gaps[0]["gain_overall"] > 0
    assert len(calls) == 1
