"""Competence and cooperation lists are paged like every other list: the CLI and the pages show
one slice, say how many there are in all, and lead to the next slice; hidden rows never count."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Role
from nucsec.competence import service, transfer
from nucsec.db import transaction
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate

POSITIONS = (
    "role,organisation,qualification_required,label\n"
    "Inspector A,Regulator,true,PUBLIC\n"
    "Inspector B,Regulator,true,PUBLIC\n"
    "Inspector C,Regulator,false,PUBLIC\n"
    "Hidden D,Police,false,SENSITIVE\n"
)


@pytest.fixture
def positions(engine: Engine) -> None:
    with transaction(engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(code="XT", name="Testland", maturity="new", label=Label.PUBLIC),
        )
        service.import_rows(
            session=session,
            state_code="XT",
            record_type="positions",
            rows=transfer.parse(POSITIONS, "p.csv", "positions"),
            source="p.csv",
        )


def test_the_cli_lists_one_page(cli, positions) -> None:
    first = json.loads(
        cli("competence", "list", "positions", "--state", "XT", "--limit", "2", "-f", "json").out
    )
    assert first["total"] == 4 and first["pages"] == 2 and first["next"] == 2
    assert [p["role"] for p in first["items"]] == ["Inspector A", "Inspector B"]
    second = json.loads(
        cli(
            "competence", "list", "positions", "--state", "XT", "--limit", "2", "--page", "2",
            "-f", "json",
        ).out
    )  # fmt: skip
    assert [p["role"] for p in second["items"]] == ["Inspector C", "Hidden D"]
    assert second["next"] is None
    table = cli("competence", "list", "positions", "--state", "XT", "--limit", "3")
    assert "positions of XT: 4 (page 1 of 2)" in table.out and "Hidden D" not in table.out
    too_many = cli("cooperation", "list", "--state", "XT", "--limit", "100000")
    assert too_many.code != 0


def test_the_page_pages_each_table(engine: Engine, positions, client: TestClient, login) -> None:
    login("val", Role.viewer, Label.PUBLIC)
    first = client.get("/competence?state=XT&positions_limit=2")
    assert first.status_code == 200
    assert "Inspector B" in first.text and "Inspector C" not in first.text
    assert "Page 1 of 2 (3 in all)" in first.text, "the SENSITIVE row is not counted"
    assert "positions_page=2" in first.text and 'aria-label="Pages of accountable positions"'
    second = client.get("/competence?state=XT&positions_limit=2&positions_page=2")
    assert "Inspector C" in second.text and "Inspector A" not in second.text
    assert "Hidden D" not in second.text
