"""The door every request passes: a size limit, no NUL characters, and a replay on a write race.

A pure ASGI middleware, so it sees the raw body before anything parses it:
- a body above `max_request_bytes` is answered 413 without being read whole (file uploads to
  the routes that store evidence files may be as large as the upload limit);
- text holding NUL (raw, `%00` or `\\u0000`) is answered 422: PostgreSQL cannot store it, and a
  value that SQLite accepts would make a backup that no longer restores into PostgreSQL;
- a request that lost a race to another writer (two new findings taking the same reference
  number, an edit of a row changed under it, SQLite's lock held too long, a PostgreSQL
  serialization failure) rolled its transaction back whole: it is run again with the same body,
  and after a few attempts answered 409 instead of a 500.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from html import escape
from typing import Any
from urllib.parse import unquote_to_bytes

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ATTEMPTS = 8
RACE_SQLSTATES = frozenset({"23505", "40001", "40P01"})  # unique, serialization, deadlock
SQLITE_RACES = ("UNIQUE constraint failed", "database is locked", "database table is locked")
CONFLICT = "the record was changed by another request at the same moment; reload and try again"


def lost_a_race(exc: BaseException) -> bool:
    """True when the failed transaction would likely succeed if run again."""
    if isinstance(exc, StaleDataError):
        return True
    if not isinstance(exc, IntegrityError | OperationalError) or not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    if getattr(orig, "sqlstate", None) in RACE_SQLSTATES:
        return True
    return any(text in str(orig) for text in SQLITE_RACES)


def has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list):
        return any(has_nul(v) for v in value)
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    return False


def _body_has_nul(body: bytes, content_type: str) -> bool:
    if content_type.startswith("multipart/form-data"):
        return False  # uploaded files are bytes; the flush hook strips NUL from text fields
    if b"\x00" in body:
        return True
    if content_type.startswith("application/x-www-form-urlencoded"):
        return b"\x00" in unquote_to_bytes(body.replace(b"+", b" "))
    if "json" in content_type and b"\\u0000" in body:
        try:
            return has_nul(json.loads(body))
        except ValueError:
            return False  # not JSON: the route's own validation answers
    return False


UPLOAD_PATHS = re.compile(r"^(?:/api/v1/states/[^/]+/evidence/[^/]+/files|/evidence(?:/files)?)$")
MULTIPART_OVERHEAD = 64_000  # the form's other fields and part headers


class RequestGuard:
    def __init__(self, app: ASGIApp, *, max_bytes: int, upload_bytes: int = 0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = max(max_bytes, upload_bytes + MULTIPART_OVERHEAD)

    def _limit(self, scope: Scope, headers: dict[str, str]) -> int:
        """The body size allowed: the upload limit only for a multipart POST to a file route."""
        if (
            scope.get("method") == "POST"
            and UPLOAD_PATHS.match(scope["path"])
            and headers.get("content-type", "").startswith("multipart/form-data")
        ):
            return self.upload_bytes
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        limit = self._limit(scope, headers)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, send, 413, self._too_large(limit))
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await self._refuse(scope, send, 413, self._too_large(limit))
                return
        raw = bytes(body)
        if (
            "\x00" in scope["path"]
            or b"\x00" in unquote_to_bytes(scope.get("query_string", b"").replace(b"+", b" "))
            or _body_has_nul(raw, headers.get("content-type", ""))
        ):
            await self._refuse(scope, send, 422, "text must not contain NUL characters")
            return
        await self._run(scope, receive, send, raw)

    @staticmethod
    def _too_large(limit: int) -> str:
        return f"request body too large: at most {limit} bytes"

    async def _run(self, scope: Scope, receive: Receive, send: Send, body: bytes) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            delivered = False
            started = False

            async def replay() -> Message:
                nonlocal delivered
                if not delivered:
                    delivered = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            async def watch(message: Message) -> None:
                nonlocal started
                if message["type"] == "http.response.start":
                    started = True
                await send(message)

            try:
                await self.app(scope, replay, watch)
                return
            except Exception as exc:
                if started or not lost_a_race(exc):
                    raise
            if attempt < ATTEMPTS:
                await asyncio.sleep(random.uniform(0.005, 0.03) * attempt)  # noqa: S311 (jitter)
        await self._refuse(scope, send, 409, CONFLICT)

    @staticmethod
    async def _refuse(scope: Scope, send: Send, code: int, reason: str) -> None:
        """Answer in the API's one error shape, or as a short page for browsers."""
        if scope["path"].startswith("/api/"):
            body = json.dumps({"detail": reason}).encode()
            kind = b"application/json"
        else:
            body = (
                f"<!doctype html><title>{code}</title><h1>{code}</h1><p>{escape(reason)}</p>"
            ).encode()
            kind = b"text/html; charset=utf-8"
        await send(
            {
                "type": "http.response.start",
                "status": code,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
