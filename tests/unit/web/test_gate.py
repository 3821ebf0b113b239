"""At most N reads inside the app at once; writes are never held back; the setting is read."""

from __future__ import annotations

import anyio
import anyio.from_thread
import httpx
import pytest
from starlette.types import Receive, Scope, Send

from nucsec.web.gate import ReadGate


class Inside:
    """An app that counts the requests inside it and holds them until released."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.release = anyio.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.now += 1
        self.most = max(self.most, self.now)
        if scope["method"] == "GET":
            await self.release.wait()
        self.now -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["method"].encode()})


def test_reads_wait_at_the_door_and_writes_go_past() -> None:
    async def scenario() -> tuple[int, list[str], int]:
        inner = Inside()
        transport = httpx.ASGITransport(app=ReadGate(inner, at_once=3))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            answers: list[str] = []

            async def get() -> None:
                answers.append((await client.get("/")).text)

            async with anyio.create_task_group() as tasks:
                for _ in range(10):
                    tasks.start_soon(get)
                await anyio.sleep(0.05)
                held = inner.now  # reads let in while ten are waiting
                # a write is answered while the reads are held inside and at the door
                with anyio.fail_after(2):
                    assert (await client.post("/")).text == "POST"
                inner.release.set()
            return held, answers, inner.most

    # in a thread of its own: another test may have left an event loop running in this one
    with anyio.from_thread.start_blocking_portal() as portal:
        held, answers, most = portal.call(scenario)
    assert held == 3
    assert answers == ["GET"] * 10
    assert most == 3 + 1  # three reads and the write


def test_the_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from nucsec.config import Settings

    assert Settings().concurrent_reads == 4
    monkeypatch.setenv("NUCSEC_CONCURRENT_READS", "12")
    assert Settings().concurrent_reads == 12
    monkeypatch.setenv("NUCSEC_CONCURRENT_READS", "0")
    with pytest.raises(ValidationError, match="concurrent_reads"):
        Settings()


def test_the_app_gates_reads_with_the_setting(tmp_path) -> None:
    from nucsec.config import Settings
    from nucsec.db import make_engine
    from nucsec.web.app import create_app

    settings = Settings(data_dir=tmp_path, secret_key="k" * 40, concurrent_reads=7)
    app = create_app(settings, engine=make_engine("sqlite://"))
    outermost = app.user_middleware[0]
    assert outermost.cls is ReadGate and outermost.kwargs == {"at_once": 7}
