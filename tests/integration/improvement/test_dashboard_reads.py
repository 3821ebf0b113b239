"""The dashboard reads a fixed, small number of statements and never the history's items; the
records behind the roadmap are read once per write and clearance, and a write shows at once."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import Principal, Role
from nucsec.db import transaction
from nucsec.improvement import records
from nucsec.reviews import service as reviews
from nucsec.reviews.schemas import FindingCreate
from nucsec.states import service as states
from tests.integration.test_query_counts import CODE, Grower, counting

COORDINATOR = Principal("amina", Role.coordinator, Label.SENSITIVE, agency="Regulator")
VIEWER = Principal("val", Role.viewer, Label.PUBLIC)
DASHBOARD = f"/dashboard?state={CODE}"


def test_the_dashboard_reads_a_fixed_few_statements(
    engine: Engine, client: TestClient, login
) -> None:
    login("amina", Role.coordinator, Label.SENSITIVE)
    grower = Grower(engine)
    grower.grow(4)
    assert client.get(DASHBOARD).status_code == 200
    with counting(engine) as seen:
        assert client.get(DASHBOARD).status_code == 200
    item_reads = [s for s in seen if "FROM item_assessments" in s]
    state_reads = [s for s in seen if s.lstrip().startswith("SELECT states.id")]
    assert len(seen) <= 15, "\n".join(seen)
    assert len(item_reads) == 1, "only the latest assessment's items, never the history's"
    assert len(state_reads) == 1, "the state is read once, not once per service"


def findings_seen(engine: Engine, principal: Principal) -> int:
    with transaction(engine, principal) as session:
        state = states.get(session=session, code=CODE)
        return len(records.gather(session, state.id).findings)


def test_records_are_kept_per_clearance_and_a_write_shows(engine: Engine) -> None:
    grower = Grower(engine)
    grower.grow(2)  # three findings a round: PUBLIC, OFFICIAL, SENSITIVE
    assert findings_seen(engine, COORDINATOR) == 6
    assert findings_seen(engine, VIEWER) == 2, "a lower clearance never gets a kept copy"
    assert findings_seen(engine, COORDINATOR) == 6
    with transaction(engine, COORDINATOR) as session:
        review = reviews.list_reviews(session=session, state_code=CODE).items[0]
        reviews.add_finding(
            session=session,
            data=FindingCreate(review=review.id, kind="recommendation", text="New", items=["E01"]),
            today=date(2015, 3, 1),
        )
    assert findings_seen(engine, COORDINATOR) == 7
