"""Dashboard views that must not mislead: reviews without an assessment, figures a user may
not see said so, and the median days to verify on the page."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.principal import SYSTEM
from nucsec.db import transaction
from nucsec.reviews import service as reviews
from nucsec.reviews.schemas import FindingCreate, ReviewCreate
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate
from tests.integration.webclient import sign_in


@pytest.fixture
def mission_only(demo_engine: Engine) -> Engine:
    """A state with a peer review and two findings, and no assessment."""
    with transaction(demo_engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(code="QR", name="Quarry", maturity="developed", label="PUBLIC"),
        )
        review = reviews.create_review(
            session=session,
            data=ReviewCreate(
                state="QR",
                kind="ippas_mission",
                title="IPPAS mission to Quarry",
                started_on=date(2025, 3, 1),
                ended_on=date(2025, 3, 10),
                label="OFFICIAL",
            ),
        )
        for kind, text in (("recommendation", "Guard the store"), ("suggestion", "Drill more")):
            reviews.add_finding(
                session=session,
                data=FindingCreate(review=review.id, kind=kind, text=text, label="OFFICIAL"),
            )
    return demo_engine


def test_dashboard_shows_reviews_of_a_state_without_an_assessment(
    client: TestClient, mission_only: Engine
) -> None:
    sign_in(client, "amina", "nucsec-demo")
    page = client.get("/dashboard?state=QR").text
    assert "no assessment yet" in page
    assert 'data-testid="review-summary"' in page
    assert '<strong data-testid="findings-open">2</strong> open' in page
    assert '<span data-testid="last-peer-review">2025-03-10</span>' in page


def _last_peer_review(page: str) -> str:
    return page.split('data-testid="last-peer-review">', 1)[1].split("</span>", 1)[0]


def test_a_user_below_the_reviews_label_sees_what_the_public_report_says(
    client: TestClient, demo_engine: Engine
) -> None:
    """The police may not see Demoland's reviews, but the public report names the year of the
    last peer review from published summaries: the dashboard says the same, never 'never'."""
    sign_in(client, "police", "nucsec-demo")
    report = client.get("/reports/XD/public.md").text
    year = report.split("Last peer review", 1)[1].split("\n", 1)[0].strip(" |:*")
    assert year.isdigit(), report
    page = client.get("/dashboard?state=XD").text
    assert _last_peer_review(page).startswith(year)
    assert "(as published)" in _last_peer_review(page)


def test_nothing_published_and_nothing_visible_is_said_so_not_never(
    client: TestClient, mission_only: Engine
) -> None:
    sign_in(client, "analyst", "nucsec-demo")  # PUBLIC clearance; Quarry published nothing
    assert "Last peer review" in client.get("/reports/QR/public.md").text
    assert "not published" in client.get("/reports/QR/public.md").text
    page = client.get("/dashboard?state=QR").text
    assert _last_peer_review(page) == "not available at your clearance"


def test_median_days_to_verify_is_on_the_page(client: TestClient, demo_engine: Engine) -> None:
    sign_in(client, "amina", "nucsec-demo")
    api = client.get("/api/v1/states/XB/review-measures").json()
    median = api["findings"]["median_days_to_verify"]
    assert median is not None
    page = client.get("/dashboard?state=XB").text
    assert f'<strong data-testid="median-verify">{median}</strong>' in page
