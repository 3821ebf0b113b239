"""The number of SQL statements behind each main page and endpoint does not grow with the data.

Each path is requested on a small database, the database then grows (more states, more
assessments of the measured state, more findings, reviews and evidence), and the same path is
requested again: it must run exactly as many statements. Statements are counted by a
`before_cursor_execute` listener on the test engine (the second request of each pair, so a
first-use cache never counts).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.models import User
from nucsec.access.principal import SYSTEM, Role
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import AssessmentCreate
from nucsec.competence import service as competence
from nucsec.competence.schemas import (
    CertificationIn,
    CooperationIn,
    CultureIn,
    PositionIn,
    TrainingIn,
)
from nucsec.db import transaction
from nucsec.evidence import service as evidence
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.reviews import service as reviews
from nucsec.reviews.schemas import FindingCreate, FindingUpdate, ReviewCreate
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate

CODE = "XQ"
OWNERS = ("Police", "Regulator", "Customs")
PAGES = [
    "/findings?state=XQ",
    "/findings",
    "/api/v1/findings?state=XQ",
    "/api/v1/findings",
    "/api/v1/findings/due?within=3650",
    "/findings/due?within=3650",
    "/assessments",
    "/api/v1/states/XQ/assessments",
    "/reviews",
    "/api/v1/states/XQ/reviews",
    "/evidence?state=XQ",
    "/api/v1/states/XQ/evidence",
    "/states",
    "/api/v1/states",
    "/dashboard?state=XQ",
    "/api/v1/states/XQ/roadmap",
    "/api/v1/states/XQ/figures",
    "/api/v1/states/XQ/competence",
    "/api/v1/states/XQ/competence/positions",
    "/api/v1/states/XQ/competence/trainings",
    "/api/v1/states/XQ/competence/certifications",
    "/api/v1/states/XQ/competence/culture",
    "/api/v1/states/XQ/competence/cooperation",
    "/api/v1/users",
    "/api/v1/audit",
]
ADMIN_ONLY = {"/api/v1/users", "/api/v1/audit"}


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_for(client: TestClient, engine: Engine, path: str) -> int:
    assert client.get(path).status_code == 200, path
    with counting(engine) as statements:
        response = client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return len(statements)


class Grower:
    """Adds states, assessments, a review with findings and evidence, `rounds` at a time."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.round = 0

    def grow(self, rounds: int) -> None:
        for _ in range(rounds):
            self.round += 1
            self._one_round()

    def _one_round(self) -> None:
        n = self.round
        first = date(2015, 1, 10)
        with transaction(self.engine, SYSTEM) as session:
            if n == 1:
                states.create(
                    session=session,
                    data=StateCreate(
                        code=CODE, name="Quercia", maturity="developed", label=Label.PUBLIC
                    ),
                )
            other = f"Q{chr(ord('A') + n)}{chr(ord('A') + n)}"
            states.create(
                session=session,
                data=StateCreate(code=other, name=f"Other {n}", maturity="developed"),
            )
            for code in (CODE, other):
                assessments.create(
                    session=session,
                    data=AssessmentCreate(state=code, assessed_on=first + timedelta(days=30 * n)),
                )
            review = reviews.create_review(
                session=session,
                data=ReviewCreate(
                    state=CODE,
                    kind="ippas_mission",
                    started_on=first + timedelta(days=30 * n + 5),
                    label=Label.PUBLIC,
                ),
            )
            for i in range(3):
                finding = reviews.add_finding(
                    session=session,
                    data=FindingCreate(
                        review=review.id,
                        kind="recommendation",
                        text=f"Finding {n}.{i}",
                        items=["E01"],
                        owner=OWNERS[i],
                        due_on=date(2030, 1, 1) - timedelta(days=n + i),
                        public_summary=f"Summary {n}.{i}",
                        label=[Label.PUBLIC, Label.OFFICIAL, Label.SENSITIVE][i],
                    ),
                    today=first,
                )
                if i == 0:
                    reviews.approve_summary(session=session, finding_id=finding.id)
                    reviews.update_finding(
                        session=session,
                        finding_id=finding.id,
                        data=FindingUpdate(status="in_progress"),
                        today=first,
                    )
            evidence.create(
                session=session,
                state_code=CODE,
                data=EvidenceCreate(title=f"Annual report {n}", label=Label.PUBLIC),
            )
            self._records(session, n)
            # A user row as the admin form writes it; the password hash is never read by lists.
            session.add(
                User(
                    username=f"user{n}",
                    password_hash="-",
                    role=Role.viewer.value,
                    clearance=Label.PUBLIC.value,
                )
            )

    @staticmethod
    def _records(session, n: int) -> None:
        records = {
            "positions": PositionIn(role=f"Inspector {n}", organisation="Regulator"),
            "trainings": TrainingIn(period=2015 + n, title=f"Course {n}", provider="iaea", hours=8),
            "certifications": CertificationIn(period=2015 + n, scheme="Guard", certified=n),
            "culture": CultureIn(
                period=2015 + n, kind="culture_self_assessment", title=f"Survey {n}"
            ),
            "cooperation": CooperationIn(
                kind="workshop_joined", title=f"Visit {n}", held_on=date(2015 + n, 3, 1)
            ),
        }
        for record_type, data in records.items():
            competence.add(session=session, state_code=CODE, record_type=record_type, data=data)


@pytest.fixture
def grower(engine: Engine) -> Grower:
    return Grower(engine)


@pytest.mark.parametrize("path", PAGES)
def test_statements_do_not_grow_with_the_data(
    path: str, engine: Engine, grower: Grower, client: TestClient, login
) -> None:
    login("amina", Role.admin if path in ADMIN_ONLY else Role.coordinator, Label.SENSITIVE)
    grower.grow(1)
    small = statements_for(client, engine, path)
    grower.grow(3)
    large = statements_for(client, engine, path)
    assert large == small, f"{path}: {small} statements with little data, {large} with more"


def test_a_viewer_counts_only_what_they_may_see(
    engine: Engine, grower: Grower, client: TestClient, login
) -> None:
    """Paging never reveals hidden findings through its total (a PUBLIC viewer)."""
    login("viewer", Role.viewer, Label.PUBLIC)
    grower.grow(4)
    board = client.get("/api/v1/findings?limit=2").json()
    assert board["total"] == 4 and board["count"] == 4
    assert board["pages"] == 2 and board["next"] == 2 and len(board["items"]) == 2
    last = client.get("/api/v1/findings?limit=2&page=2").json()
    assert last["next"] is None and len(last["items"]) == 2
    ids = {f["id"] for f in board["items"]} | {f["id"] for f in last["items"]}
    assert len(ids) == 4
    assert all(f["label"] == "PUBLIC" for f in board["items"] + last["items"])


def test_paging_parameters_out_of_bounds_get_a_reason(
    engine: Engine, grower: Grower, client: TestClient, login
) -> None:
    login("amina", Role.coordinator, Label.SENSITIVE)
    grower.grow(1)
    too_many = client.get("/api/v1/findings?limit=501")
    assert too_many.status_code == 422
    unknown = client.get("/api/v1/findings?sort=secret")
    assert unknown.status_code == 422 and "unknown key 'secret'" in unknown.text
    by_due = client.get("/api/v1/findings?state=XQ&sort=-due").json()["items"]
    assert [f["due_on"] for f in by_due] == sorted((f["due_on"] for f in by_due), reverse=True)
    assert client.get("/findings?sort=secret&limit=x").status_code == 200  # a page never fails


def test_oscal_plan_of_action_statements_do_not_grow_with_findings(
    engine: Engine, grower: Grower
) -> None:
    """The POA&M reads the history of every finding in one query, not one per finding."""
    pytest.importorskip("trestle")
    from nucsec.reports import oscal

    def statements() -> int:
        with transaction(engine, SYSTEM) as session, counting(engine) as seen:
            oscal.poam(session, CODE)
        return len(seen)

    grower.grow(1)
    small = statements()
    grower.grow(2)
    assert statements() == small
