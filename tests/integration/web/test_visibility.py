"""A user sees exactly what their clearance allows: lists, counts, look-ups, pages and errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import PUBLIC, SYSTEM, Principal, Role
from nucsec.db import transaction
from nucsec.states import service as states
from nucsec.states.models import State
from nucsec.states.schemas import StateCreate
from tests.integration.webclient import bearer

LABELLED = {"XP": Label.PUBLIC, "XO": Label.OFFICIAL, "XS": Label.SENSITIVE}
EXPECTED = {
    Label.PUBLIC: ["XP"],
    Label.OFFICIAL: ["XO", "XP"],
    Label.SENSITIVE: ["XO", "XP", "XS"],
}


@pytest.fixture
def labelled_states(engine: Engine) -> None:
    with transaction(engine, SYSTEM) as session:
        for code, label in LABELLED.items():
            states.create(
                session=session,
                data=StateCreate(
                    code=code, name=f"State {code} canary", maturity="new", label=label
                ),
            )


@pytest.mark.parametrize("clearance", list(Label))
def test_api_lists_counts_and_lookups_follow_clearance(
    client: TestClient, make_user, labelled_states, clearance: Label
) -> None:
    user = make_user(f"user-{clearance.lower()}", Role.viewer, clearance)
    headers = bearer(client, user)
    listing = client.get("/api/v1/states", headers=headers).json()
    assert sorted(s["code"] for s in listing["items"]) == EXPECTED[clearance]
    assert listing["count"] == len(EXPECTED[clearance])
    for code in LABELLED:
        response = client.get(f"/api/v1/states/{code}", headers=headers)
        if code in EXPECTED[clearance]:
            assert response.status_code == 200
        else:
            unknown = client.get("/api/v1/states/ZZ", headers=headers)
            assert response.status_code == unknown.status_code == 404
            assert response.json()["detail"] == f"no state with code '{code}'"
            assert unknown.json()["detail"] == "no state with code 'ZZ'"


@pytest.mark.parametrize("clearance", list(Label))
def test_pages_show_only_what_clearance_allows(
    client: TestClient, login, labelled_states, clearance: Label
) -> None:
    login(f"page-{clearance.lower()}", Role.viewer, clearance)
    page = client.get("/states").text
    assert f'<span data-testid="state-count">{len(EXPECTED[clearance])}</span>' in page
    dashboard = client.get("/dashboard").text
    for code in LABELLED:
        shown = code in EXPECTED[clearance]
        assert (f"State {code} canary" in page) is shown
        assert (f"State {code} canary" in dashboard) is shown
        assert client.get(f"/states/{code}").status_code == (200 if shown else 404)
    banner = "This page shows SENSITIVE information"
    assert (banner in page) is (clearance is Label.SENSITIVE), "the top of the page says so"
    if clearance is Label.PUBLIC:
        assert "This page shows" not in page


def test_writes_cannot_reach_or_create_records_above_clearance(
    client: TestClient, make_user, labelled_states
) -> None:
    make_user("writer", Role.coordinator, Label.OFFICIAL)
    headers = bearer(client, "writer")
    hidden = client.patch("/api/v1/states/XS", json={"name": "renamed"}, headers=headers)
    assert hidden.status_code == 404
    assert client.delete("/api/v1/states/XS", headers=headers).status_code == 404
    above = client.post(
        "/api/v1/states",
        headers=headers,
        json={"code": "XN", "name": "New", "maturity": "new", "label": "SENSITIVE"},
    )
    assert above.status_code == 422
    assert "above your clearance" in above.json()["detail"]
    ok = client.post(
        "/api/v1/states",
        headers=headers,
        json={"code": "XN", "name": "New", "maturity": "new", "label": "OFFICIAL"},
    )
    assert ok.status_code == 201


def test_the_rule_lives_in_the_data_layer(engine: Engine, labelled_states) -> None:
    """Any query a service makes is filtered, counts and ad-hoc selects included."""
    official = Principal("o", Role.viewer, Label.OFFICIAL)
    for principal, expected in ((PUBLIC, 1), (official, 2), (SYSTEM, 3)):
        with transaction(engine, principal) as session:
            assert session.scalar(select(func.count()).select_from(State)) == expected
            assert session.scalar(select(func.count(State.id))) == expected
            assert len(session.scalars(select(State.name)).all()) == expected
            assert states.count(session=session) == expected


def test_a_session_without_principal_cannot_query(engine: Engine) -> None:
    from nucsec.access.visibility import NoPrincipalError
    from nucsec.db import session_factory

    with session_factory(engine)() as session, pytest.raises(NoPrincipalError):
        session.scalars(select(State)).all()


def test_plain_tuple_reads_keep_the_rule(engine: Engine, labelled_states) -> None:
    """`visibility.rows` skips the ORM only for a principal who sees everything."""
    from nucsec.access.visibility import aggregate_reader, rows

    official = Principal("o", Role.viewer, Label.OFFICIAL)
    for principal, expected in (
        (PUBLIC, ["XP"]),
        (official, ["XO", "XP"]),
        (SYSTEM, list(LABELLED)),
    ):
        with transaction(engine, principal) as session:
            assert sorted(c for (c,) in rows(session, select(State.code))) == sorted(expected)
            with aggregate_reader(session) as reader:
                assert len(rows(reader, select(State.code)).all()) == len(LABELLED)
