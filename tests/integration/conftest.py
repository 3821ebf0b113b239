"""A test client on the migrated database of the parametrised backend, and helpers to sign in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access import service as access
from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Role
from nucsec.access.schemas import UserCreate
from nucsec.config import Settings
from nucsec.db import transaction
from nucsec.web.app import create_app
from tests.integration.webclient import PASSWORD, csrf_of, sign_in


@pytest.fixture
def app(engine: Engine, tmp_path):
    settings = Settings(data_dir=tmp_path / "data", secret_key="test-secret-key")
    return create_app(settings, engine=engine)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def make_user(engine: Engine):
    def make(username: str, role: Role = Role.viewer, clearance: Label = Label.PUBLIC) -> str:
        with transaction(engine, SYSTEM) as session:
            access.create_user(
                session=session,
                data=UserCreate(
                    username=username, role=role, clearance=clearance, password=PASSWORD
                ),
            )
        return username

    return make


@pytest.fixture
def login(client: TestClient, make_user):
    """Sign the client in as a new user; returns the session's CSRF token."""

    def do(username: str, role: Role = Role.viewer, clearance: Label = Label.PUBLIC) -> str:
        make_user(username, role, clearance)
        response = sign_in(client, username)
        assert response.status_code == 303, response.text
        return csrf_of(client.get("/dashboard").text)

    return do
