"""How many reads one server process runs at once.

Routes are plain functions that run in worker threads, and the interpreter runs one thread at
a time: with sixteen requests in flight, the server spent about a fifth of its time handing the
interpreter between threads. So at most `at_once` GET and HEAD requests are inside the app at a
time; the others wait at the door holding nothing (no thread, no connection, no lock).

Writes are never held here. A write may hold a database lock while it waits for a thread to
finish its response; if a small thread pool were shared by everything, reads and writes queued
on that lock could hold every thread and the write would never finish. Reads hold no lock a
write needs (SQLite in WAL mode and PostgreSQL both let writers go past readers), so gating
only them keeps the gain without that risk.
"""

from __future__ import annotations

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

READS = frozenset({"GET", "HEAD"})


class ReadGate:
    def __init__(self, app: ASGIApp, *, at_once: int) -> None:
        self.app = app
        self.at_once = at_once
        self._permits: anyio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in READS:
            await self.app(scope, receive, send)
            return
        if self._permits is None:  # made in the server's event loop, on the first read
            self._permits = anyio.Semaphore(self.at_once)
        async with self._permits:
            await self.app(scope, receive, send)
