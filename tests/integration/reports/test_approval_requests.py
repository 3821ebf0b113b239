"""Request approval: the coordinator asks, the reviewer approves (the release) or returns it."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.engine import Engine

from nucsec.access.models import AuditEntry
from nucsec.access.principal import SYSTEM
from nucsec.db import transaction
from nucsec.reports.models import ApprovalRequest, ReportRelease
from tests.integration.webclient import csrf_of, sign_in


@pytest.fixture
def demo(demo_engine: Engine) -> Engine:
    return demo_engine


def _ask(client: TestClient, note: str = "yearly report") -> int:
    sign_in(client, "amina", "nucsec-demo")
    changes = client.get("/reports/XD/public/changes")
    assert changes.status_code == 200, "the coordinator sees what changed since the last release"
    assert "first release" in changes.text and "Approve and release" not in changes.text
    asked = client.post(
        "/reports/XD/public/requests", data={"csrf_token": csrf_of(changes.text), "note": note}
    )
    assert asked.status_code == 303, asked.text
    page = client.get("/reports?state=XD").text
    found = re.search(r'data-testid="request-status-(\d+)">waiting for a reviewer', page)
    assert found, "the coordinator sees the request waiting"
    client.post("/logout", data={"csrf_token": csrf_of(page)})
    return int(found.group(1))


def test_coordinator_asks_reviewer_approves_and_the_release_is_audited(
    client: TestClient, demo: Engine
) -> None:
    number = _ask(client)
    sign_in(client, "reviewer", "nucsec-demo")
    reports = client.get("/reports?state=XB").text
    assert f'data-testid="review-request-{number}"' in reports, "the queue spans every state"
    review = client.get(f"/reports/XD/public/changes?request={number}")
    assert "yearly report" in review.text and "first release" in review.text
    token = csrf_of(review.text)
    unconfirmed = client.post(f"/approval-requests/{number}/approval", data={"csrf_token": token})
    assert unconfirmed.status_code == 422, "a release needs its confirmation"
    done = client.post(
        f"/approval-requests/{number}/approval", data={"csrf_token": token, "confirm": "1"}
    )
    assert done.status_code == 303, done.text
    with transaction(demo, SYSTEM) as session:
        row = session.get(ApprovalRequest, number)
        assert row is not None and row.status == "approved" and row.decided_by == "reviewer"
        assert session.get(ReportRelease, row.release_id) is not None
        actions = session.scalars(
            select(AuditEntry.actor).where(AuditEntry.object_type == "approval_requests")
        ).all()
    assert {"amina", "reviewer"} <= set(actions), "both the request and the decision are audited"
    again = client.get("/reports/XD/public/changes").text
    assert 'data-testid="nothing-changed"' in again and " disabled" in again
    identical = client.post(
        "/reports/XD/public/releases", data={"csrf_token": token, "confirm": "1"}
    )
    assert identical.status_code == 409, "no identical release"


def test_reviewer_returns_a_request_with_a_comment(client: TestClient, demo: Engine) -> None:
    number = _ask(client)
    sign_in(client, "reviewer", "nucsec-demo")
    token = csrf_of(client.get("/reports?state=XD").text)
    empty = client.post(f"/approval-requests/{number}/return", data={"csrf_token": token})
    assert empty.status_code == 422, "a return says why"
    back = client.post(
        f"/approval-requests/{number}/return",
        data={"csrf_token": token, "comment": "summarise the IPPAS follow-up first"},
    )
    assert back.status_code == 303
    page = client.get("/reports?state=XD").text
    assert f'data-testid="review-request-{number}"' not in page, "left the queue"
    assert "summarise the IPPAS follow-up first" in page
    twice = client.post(
        f"/approval-requests/{number}/approval", data={"csrf_token": token, "confirm": "1"}
    )
    assert twice.status_code == 409


def test_only_coordinators_ask_and_only_reviewers_decide(client: TestClient, demo: Engine) -> None:
    sign_in(client, "police", "nucsec-demo")
    token = csrf_of(client.get("/reports?state=XD").text)
    assert client.post("/reports/XD/public/requests", data={"csrf_token": token}).status_code == 403
    assert client.get("/reports/XD/public/changes").status_code == 403
    client.post("/logout", data={"csrf_token": token})
    number = _ask(client)
    sign_in(client, "amina", "nucsec-demo")
    token = csrf_of(client.get("/reports?state=XD").text)
    twice = client.post("/reports/XD/public/requests", data={"csrf_token": token})
    assert twice.status_code == 409, "one pending request per report"
    refused = client.post(
        f"/approval-requests/{number}/approval", data={"csrf_token": token, "confirm": "1"}
    )
    assert refused.status_code == 403, "the coordinator cannot approve her own request"


def test_the_consolidated_release_level_is_chosen_listed_and_compared_at_its_level(
    client: TestClient, demo: Engine
) -> None:
    """The coordinator asks for an OFFICIAL release of the consolidated report; the reviewer
    releases it at OFFICIAL; the Reports page lists it with its level; a PUBLIC release is
    still a first release at PUBLIC, and the OFFICIAL one now has nothing new."""
    sign_in(client, "amina", "nucsec-demo")
    reports = client.get("/reports?state=XD").text
    assert '<select name="level">' in reports and "<option>OFFICIAL</option>" in reports
    changes = client.get("/reports/XD/consolidated/changes?level=OFFICIAL")
    assert changes.status_code == 200 and 'data-testid="release-level">Release level OFFICIAL' in (
        changes.text
    )
    assert "first release" in changes.text
    asked = client.post(
        "/reports/XD/consolidated/requests",
        data={"csrf_token": csrf_of(changes.text), "level": "OFFICIAL"},
    )
    assert asked.status_code == 303, asked.text
    bad = client.get("/reports/XD/consolidated/changes?level=SECRET")
    assert bad.status_code == 422 and "unknown release level" in bad.text
    page = client.get("/reports?state=XD").text
    number = int(re.search(r'data-testid="request-status-(\d+)"', page).group(1))  # type: ignore[union-attr]
    assert "Consolidated at OFFICIAL" in page
    client.post("/logout", data={"csrf_token": csrf_of(page)})

    sign_in(client, "reviewer", "nucsec-demo")
    review = client.get(f"/reports/XD/consolidated/changes?request={number}").text
    assert "Release level OFFICIAL" in review, "the request's level, not the default"
    done = client.post(
        f"/approval-requests/{number}/approval",
        data={"csrf_token": csrf_of(review), "confirm": "1"},
    )
    assert done.status_code == 303, done.text
    with transaction(demo, SYSTEM) as session:
        release_id = session.get(ApprovalRequest, number).release_id  # type: ignore[union-attr]
        assert session.get(ReportRelease, release_id).level == "OFFICIAL"  # type: ignore[union-attr]
    listed = client.get("/reports?state=XD").text
    assert f'data-testid="release-level-{release_id}">OFFICIAL</td>' in listed
    official = client.get("/reports/XD/consolidated/changes?level=OFFICIAL").text
    assert 'data-testid="nothing-changed"' in official
    public = client.get("/reports/XD/consolidated/changes?level=PUBLIC").text
    assert "first release" in public and 'data-testid="nothing-changed"' not in public
    released = client.post(
        "/reports/XD/consolidated/releases",
        data={"csrf_token": csrf_of(public), "confirm": "1", "level": "PUBLIC"},
    )
    assert released.status_code == 303
    with transaction(demo, SYSTEM) as session:
        levels = session.scalars(
            select(ReportRelease.level).where(ReportRelease.kind == "consolidated")
        ).all()
    assert sorted(levels) == ["OFFICIAL", "PUBLIC"]
