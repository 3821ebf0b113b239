"""Twenty writers at once on a live server: no 500, no lost update, the audit chain holds.

Each writer loops for `NUCSEC_TEST_WRITERS_SECONDS` (default 20 s) over: a new finding and a
new evidence record (racing for the next reference number), and read-modify-write increments of
one shared finding,
one shared item assessment and one shared evidence record, each sending the version it read.
A stale increment must get 409 and be retried; so each counter ends equal to the number of
increments the server accepted: any lost update would leave it lower.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine

from nucsec.access import service as access
from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.access.schemas import UserCreate
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import AssessmentCreate
from nucsec.db import transaction
from nucsec.evidence import service as evidence
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.reviews import service as reviews
from nucsec.reviews.models import Finding
from nucsec.reviews.schemas import FindingCreate, ReviewCreate
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate
from tests.integration.liveserver import NUCSEC, live_server, server_env
from tests.integration.webclient import PASSWORD

pytestmark = pytest.mark.slow
WRITERS = 20
SECONDS = float(os.environ.get("NUCSEC_TEST_WRITERS_SECONDS", "20"))
BOSS = Principal("boss", Role.coordinator, Label.SENSITIVE)


def seed(engine: Engine) -> dict[str, int]:
    with transaction(engine, SYSTEM) as session:
        access.create_user(
            session=session,
            data=UserCreate(
                username="boss", role=Role.coordinator, clearance=Label.SENSITIVE, password=PASSWORD
            ),
        )
        for code, name in (("XB", "Borealia"), ("XC", "Cordova")):
            states.create(
                session=session,
                data=StateCreate(code=code, name=name, maturity="developed", label=Label.PUBLIC),
            )
    with transaction(engine, BOSS) as session:
        assessment = assessments.create(
            session=session, data=AssessmentCreate(state="XB", assessed_on=date(2026, 1, 5))
        )
        busy, quiet = (
            reviews.create_review(
                session=session,
                data=ReviewCreate(state="XB", kind="ippas_mission", started_on=date(2025, 3, day)),
            )
            for day in (3, 4)
        )
        counter = reviews.add_finding(
            session=session,
            data=FindingCreate(review=quiet.id, kind="recommendation", text="count", actions="0"),
        )
        evidence.create(
            session=session, state_code="XC", data=EvidenceCreate(title="count", summary="0")
        )
    return {
        "assessment": assessment.id,
        "review": busy.id,
        "quiet": quiet.id,
        "finding": counter.id,
    }


class Writer(threading.Thread):
    def __init__(self, n: int, base: str, token: str, ids: dict[str, int], deadline: float):
        super().__init__(daemon=True)
        self.n, self.ids, self.deadline = n, ids, deadline
        self.client = httpx.Client(
            base_url=f"{base}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
        self.statuses: Counter[int] = Counter()
        self.accepted: Counter[str] = Counter()
        self.failures: list[str] = []

    def call(self, method: str, url: str, **kwargs) -> httpx.Response:
        response = self.client.request(method, url, **kwargs)
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            self.failures.append(f"{method} {url}: {response.status_code} {response.text[:200]}")
        return response

    def read(self, target: str) -> tuple[int, int]:
        """(counter, version) of a shared record."""
        if target == "finding":
            rows = self.call("GET", "/findings", params={"review": self.ids["quiet"]}).json()
            row = rows["items"][0]
            return int(row["actions"]), row["version"]
        if target == "item":
            doc = self.call("GET", f"/assessments/{self.ids['assessment']}").json()
            row = next(i for i in doc["items"] if i["item"] == "C1-IA01")
            return int(row["owner"] or 0), row["version"]
        row = self.call("GET", "/states/XC/evidence").json()["items"][0]
        return int(row["summary"]), row["version"]

    def increment(self, target: str) -> None:
        value, version = self.read(target)
        url, field = {
            "finding": (f"/findings/{self.ids['finding']}", "actions"),
            "item": (f"/assessments/{self.ids['assessment']}/items/C1-IA01", "owner"),
            "evidence": ("/states/XC/evidence/EV-O0001", "summary"),
        }[target]
        response = self.call("PATCH", url, json={field: str(value + 1), "version": version})
        if response.status_code == 200:
            self.accepted[target] += 1
        elif response.status_code != 409:
            self.failures.append(f"PATCH {url}: {response.status_code} {response.text[:200]}")

    def run(self) -> None:
        step = self.n
        while time.monotonic() < self.deadline:
            kind = step % 5
            step += 1
            if kind == 0:
                created = self.call(
                    "POST",
                    "/findings",
                    json={"review": self.ids["review"], "kind": "suggestion", "text": f"w{self.n}"},
                )
                self.accepted["new finding"] += created.status_code == 201
            elif kind == 1:
                created = self.call("POST", "/states/XB/evidence", json={"title": f"w{self.n}"})
                self.accepted["new evidence"] += created.status_code == 201
            else:
                self.increment(("finding", "item", "evidence")[kind - 2])


@pytest.mark.xdist_group("alone")  # twenty threads and a server: one worker runs these in turn
def test_twenty_writers_no_500_no_lost_update_audit_intact(engine: Engine, tmp_path: Path):
    ids = seed(engine)
    with live_server(engine, tmp_path / "data") as base:
        token = httpx.post(
            f"{base}/api/v1/auth/token", data={"username": "boss", "password": PASSWORD}
        ).json()["access_token"]
        deadline = time.monotonic() + SECONDS
        writers = [Writer(n, base, token, ids, deadline) for n in range(WRITERS)]
        for w in writers:
            w.start()
        for w in writers:
            w.join(timeout=SECONDS + 120)
    statuses = sum((w.statuses for w in writers), Counter())
    accepted = sum((w.accepted for w in writers), Counter())
    failures = [f for w in writers for f in w.failures]
    with open(os.environ.get("NUCSEC_TEST_WRITERS_LOG", os.devnull), "a") as log:
        log.write(f"{engine.dialect.name}: {dict(statuses)} {dict(accepted)}\n")
    assert not failures, failures[:5]
    assert not [s for s in statuses if s >= 500], statuses
    assert accepted["new finding"] > WRITERS and accepted["new evidence"] > WRITERS, accepted
    with transaction(engine, SYSTEM) as session:
        counter = session.get(Finding, ids["finding"])
        assert counter is not None and int(counter.actions or 0) == accepted["finding"]
        shared = evidence.get(session=session, state_code="XC", ref="EV-O0001")
        assert int(shared.summary or 0) == accepted["evidence"]
        item = assessments.get_item(
            session=session,
            assessment=assessments.get(session=session, assessment_id=ids["assessment"]),
            item_id="C1-IA01",
        )
        assert int(item.owner or 0) == accepted["item"]
    verify = subprocess.run(
        [NUCSEC, "audit", "verify"],
        env=server_env(engine, tmp_path / "data"),
        capture_output=True,
        text=True,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr
