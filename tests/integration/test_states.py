"""State profiles: create, read, update and delete, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM
from nucsec.db import transaction
from nucsec.errors import Conflict, Invalid, NotFound
from nucsec.states import service
from nucsec.states.schemas import ProgrammeProfile, StateCreate, StateUpdate
from nucsec.validation import parse

BOREALIA = StateCreate(
    code="xb",
    name="Borealia",
    maturity="developed",
    subscribed_on=date(2014, 10, 1),
    profile=ProgrammeProfile(
        power_reactors=True, material_categories=["II", "I", "I"], transport=True
    ),
)


def test_state_crud(engine: Engine) -> None:
    with transaction(engine, SYSTEM) as session:
        service.create(session=session, data=BOREALIA)
    with transaction(engine, SYSTEM) as session:
        state = service.to_public(service.get(session=session, code="XB"))
    assert state.code == "XB"
    assert state.profile.material_categories == ["I", "II"]
    assert state.profile.nuclear_material and not state.profile.sources_only
    assert state.start_steps == ["S3", "S4"]
    assert state.label is Label.OFFICIAL

    with transaction(engine, SYSTEM) as session:
        service.update(
            session=session,
            code="xb",
            data=StateUpdate(name="Borealia Republic", maturity="new", label=Label.PUBLIC),
        )
    with transaction(engine, SYSTEM) as session:
        updated = service.to_public(service.get(session=session, code="XB"))
        assert [s.code for s in service.list_all(session=session)] == ["XB"]
    assert (updated.name, updated.maturity, updated.start_steps) == (
        "Borealia Republic",
        "new",
        ["S1"],
    )
    assert updated.subscribed_on == date(2014, 10, 1), "fields not given are kept"

    with transaction(engine, SYSTEM) as session:
        service.delete(session=session, code="XB")
    with transaction(engine, SYSTEM) as session, pytest.raises(NotFound):
        service.get(session=session, code="XB")


def test_duplicate_code_is_refused_and_nothing_is_written(engine: Engine) -> None:
    with transaction(engine, SYSTEM) as session:
        service.create(session=session, data=BOREALIA)
    with pytest.raises(Conflict, match="XB already exists"), transaction(engine, SYSTEM) as session:
        service.create(session=session, data=BOREALIA.model_copy(update={"name": "Other"}))
    with transaction(engine, SYSTEM) as session:
        assert [s.name for s in service.list_all(session=session)] == ["Borealia"]


def test_sources_only_profile() -> None:
    profile = ProgrammeProfile(radioactive_sources=True)
    assert profile.sources_only
    assert profile.scopes() == {"radioactive_sources"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "X1", "name": "A", "maturity": "new"}, "code: code must be two or three letters"),
        ({"code": "XA", "name": " ", "maturity": "new"}, "name: name must not be blank"),
        ({"code": "XA", "name": "A", "maturity": "old"}, "maturity: unknown maturity 'old'"),
        (
            {
                "code": "XA",
                "name": "A",
                "maturity": "new",
                "profile": {"material_categories": ["IV"]},
            },
            "profile.material_categories: unknown material category 'IV'",
        ),
    ],
)
def test_invalid_state_input_is_named(data: dict, message: str) -> None:
    with pytest.raises(Invalid) as info:
        parse(StateCreate, data)
    assert str(info.value).startswith(message)
