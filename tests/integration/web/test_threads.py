"""How many requests one server process runs at once: a setting, applied when the app starts."""

from __future__ import annotations

import pytest
from anyio.to_thread import current_default_thread_limiter
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.config import Settings
from nucsec.web.app import create_app


def _running_at_once(engine: Engine, settings: Settings) -> int:
    with TestClient(create_app(settings, engine=engine)) as client:
        assert client.get("/healthz").status_code == 200
        return int(client.portal.call(lambda: current_default_thread_limiter().total_tokens))


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_server_runs_as_many_requests_at_once_as_configured(
    engine: Engine, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="k" * 40)
    assert _running_at_once(engine, settings) == settings.threads == 4
    monkeypatch.setenv("NUCSEC_THREADS", "12")
    assert _running_at_once(engine, Settings(data_dir=tmp_path, secret_key="k" * 40)) == 12


def test_a_thread_count_out_of_range_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    monkeypatch.setenv("NUCSEC_THREADS", "0")
    with pytest.raises(ValidationError, match="threads"):
        Settings()
