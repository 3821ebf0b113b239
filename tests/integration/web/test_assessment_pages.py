"""Assessment pages: the editing form, who may change what, what each clearance sees."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import Role
from tests.integration.webclient import csrf_of, sign_in


@pytest.fixture
def demo(demo_engine: Engine) -> Engine:
    return demo_engine


def latest_id(client: TestClient) -> int:
    return client.get("/api/v1/states/XD/assessments").json()[-1]["id"]


def test_demo_has_three_yearly_assessments_that_show_progress(client, demo) -> None:
    sign_in(client, "amina", "nucsec-demo")
    listed = client.get("/api/v1/states/XD/assessments").json()
    assert [a["assessed_on"][:4] for a in listed] == ["2024", "2025", "2026"]
    trend = client.get("/api/v1/states/XD/figures").json()["trend"]
    overall = [p["overall"] for p in trend]
    assert overall == sorted(overall) and overall[0] < overall[-1]


def test_editing_form_saves_changed_rows(client, demo) -> None:
    sign_in(client, "amina", "nucsec-demo")
    ident = latest_id(client)
    page = client.get(f"/assessments/{ident}?commitment=C3")
    assert page.status_code == 200 and "C3-IA03" in page.text and "C1-IA01" not in page.text
    token = csrf_of(page.text)
    saved = client.post(
        f"/assessments/{ident}?commitment=C3",
        data={
            "csrf_token": token,
            "item": ["C3-IA03"],
            "status__C3-IA03": "planned",
            "owner__C3-IA03": "Regulator",
            "target_date__C3-IA03": "2027-01-31",
            "note__C3-IA03": "Invite the IPPAS follow-up",
            "note_label__C3-IA03": "OFFICIAL",
        },
    )
    assert saved.status_code == 303
    item = next(
        i
        for i in client.get(f"/api/v1/assessments/{ident}").json()["items"]
        if i["item"] == "C3-IA03"
    )
    assert (item["status"], item["target_date"], item["note"]) == (
        "planned",
        "2027-01-31",
        "Invite the IPPAS follow-up",
    )


def test_a_bad_row_saves_nothing_and_says_why(client, demo) -> None:
    sign_in(client, "amina", "nucsec-demo")
    ident = latest_id(client)
    token = csrf_of(client.get(f"/assessments/{ident}").text)
    refused = client.post(
        f"/assessments/{ident}",
        data={
            "csrf_token": token,
            "item": ["C3-IA01", "C3-IA02"],
            "status__C3-IA01": "sustained",
            "status__C3-IA02": "not_adopted",
        },
    )
    assert refused.status_code == 422
    assert "Nothing was saved" in refused.text
    assert "C3-IA02: status" in refused.text, "only optional actions can be not adopted"
    items = {i["item"]: i for i in client.get(f"/api/v1/assessments/{ident}").json()["items"]}
    assert items["C3-IA01"]["status"] == "in_progress", "the good row was not saved either"


def test_contributor_sees_their_items_and_never_sensitive_notes(client, demo) -> None:
    sign_in(client, "police", "nucsec-demo")
    ident = latest_id(client)
    page = client.get(f"/assessments/{ident}")
    assert "3 of 39 items" in page.text, "a contributor starts with their agency's items"
    assert "insider-threat" not in page.text
    everything = client.get(f"/assessments/{ident}?owner=").text
    assert "insider-threat" not in everything and "EV-S0001" not in everything
    assert "response protocol signed" in everything, "OFFICIAL notes are shown"
    api = client.get(f"/api/v1/assessments/{ident}").json()["items"]
    c2 = next(i for i in api if i["item"] == "C2-IA01")
    assert c2["note"] is None
    token = csrf_of(page.text)
    refused = client.post(
        f"/assessments/{ident}",
        data={"csrf_token": token, "item": ["C1-IA02"], "status__C1-IA02": "sustained"},
    )
    assert refused.status_code == 422 and "not assigned to your agency" in refused.text
    csv = client.get(f"/api/v1/assessments/{ident}").text
    assert "insider" not in csv


def test_public_viewer_dashboard_shows_only_approved_figures(client, demo) -> None:
    sign_in(client, "analyst", "nucsec-demo")
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "figures approved for publication" in page.text
    assert "Top gaps" not in page.text and "Approve these figures" not in page.text
    shown = client.get("/api/v1/states/XD/figures").json()
    assert shown["assessed_on"] == "2025-03-14" and shown["source"] == "approved"
    assert client.get("/api/v1/assessments/1").status_code == 404


def test_coordinator_publishes_figures_from_the_dashboard(client, demo, make_user) -> None:
    make_user("viewer", Role.viewer, Label.PUBLIC)
    sign_in(client, "amina", "nucsec-demo")
    page = client.get("/dashboard?state=XD")
    assert "Approve these figures for publication" in page.text
    ident = latest_id(client)
    unconfirmed = client.post(
        "/states/XD/figures/releases",
        data={"csrf_token": csrf_of(page.text), "assessment": str(ident)},
    )
    assert unconfirmed.status_code == 422, "publishing needs its confirmation"
    published = client.post(
        "/states/XD/figures/releases",
        data={"csrf_token": csrf_of(page.text), "assessment": str(ident), "confirm": "1"},
    )
    assert published.status_code == 303
    client.cookies.clear()
    sign_in(client, "viewer")
    assert client.get("/api/v1/states/XD/figures").json()["assessed_on"] == "2026-03-13"


def test_roadmap_page(client, demo) -> None:
    sign_in(client, "amina", "nucsec-demo")
    page = client.get("/states/XD/roadmap")
    assert page.status_code == 200
    assert 'aria-current="step"' in page.text and "Next actions" in page.text
    assert date.today().year >= 2026


def test_evidence_page_lists_by_clearance_and_records(client, demo) -> None:
    sign_in(client, "police", "nucsec-demo")
    page = client.get("/evidence?state=XD").text
    assert "EV-O0001" in page and "EV-S0001" not in page and "Draft design basis threat" not in page
    saved = client.post(
        "/evidence",
        data={
            "csrf_token": csrf_of(page),
            "state": "XD",
            "title": "Patrol log",
            "kind": "report",
            "label": "OFFICIAL",
        },
    )
    assert saved.status_code == 303
    listed = client.get("/evidence?state=XD").text
    assert "EV-O0002" in listed, "numbered within the OFFICIAL sequence"
    assert "EV-S" not in listed, "no number hints at the SENSITIVE record"
    refused = client.post(
        "/evidence",
        data={"csrf_token": csrf_of(page), "state": "XD", "title": "x", "kind": "rumour"},
    )
    assert refused.status_code == 422 and "unknown kind" in refused.text


def test_roadmap_below_the_figures_label_points_to_approved_figures(client, demo) -> None:
    """The analyst (PUBLIC) is not shown a roadmap of every item 'not started' computed from the
    little they may see: the page says the roadmap is not available at their clearance."""
    sign_in(client, "analyst", "nucsec-demo")
    page = client.get("/states/XD/roadmap")
    assert page.status_code == 200
    assert 'data-testid="roadmap-hidden"' in page.text
    assert "not available at your clearance" in page.text
    assert "Next actions" not in page.text and "Not started" not in page.text
    assert 'href="/dashboard?state=XD"' in page.text


def _version_of(page: str, item: str) -> str:
    return page.split(f'name="version__{item}" value="', 1)[1].split('"', 1)[0]


def test_a_stale_table_is_refused_with_409_and_changes_nothing(client, demo) -> None:
    """Two people open the same table; the second to save a row the first changed gets 409
    and the first one's work stays, as through the API."""
    sign_in(client, "amina", "nucsec-demo")
    ident = latest_id(client)
    page = client.get(f"/assessments/{ident}?commitment=C3").text
    token, version = csrf_of(page), _version_of(page, "C3-IA03")
    form = {"csrf_token": token, "item": ["C3-IA03"], "version__C3-IA03": version}
    first = client.post(f"/assessments/{ident}", data={**form, "owner__C3-IA03": "Border Agency"})
    assert first.status_code == 303
    stale = client.post(
        f"/assessments/{ident}",
        data={**form, "owner__C3-IA03": "Police", "note__C3-IA03": "Second"},
    )
    assert stale.status_code == 409
    assert "changed by someone else" in stale.text and "Nothing was saved" in stale.text
    assert 'value="Border Agency"' in stale.text, "the row shows what is stored now"
    assert _version_of(stale.text, "C3-IA03") != version, "with its current version"
    item = next(
        i
        for i in client.get(f"/api/v1/assessments/{ident}").json()["items"]
        if i["item"] == "C3-IA03"
    )
    assert (item["owner"], item["note"]) == ("Border Agency", None)


def test_a_refused_table_keeps_what_was_typed_and_marks_the_field(client, demo) -> None:
    sign_in(client, "amina", "nucsec-demo")
    ident = latest_id(client)
    page = client.get(f"/assessments/{ident}?commitment=C3").text
    assert '<textarea name="note__C3-IA03"' in page, "notes are multi-line"
    refused = client.post(
        f"/assessments/{ident}?commitment=C3",
        data={
            "csrf_token": csrf_of(page),
            "item": ["C3-IA01", "C3-IA02"],
            "version__C3-IA01": _version_of(page, "C3-IA01"),
            "version__C3-IA02": _version_of(page, "C3-IA02"),
            "note__C3-IA01": "First line\nsecond line",
            "owner__C3-IA01": "Customs",
            "status__C3-IA02": "not_adopted",
        },
    )
    assert refused.status_code == 422
    text = refused.text
    assert "First line\nsecond line</textarea>" in text and 'value="Customs"' in text
    status_field = text.split('name="status__C3-IA02"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in status_field
    assert '<option value="not_adopted" selected>' in text.split('name="status__C3-IA02"', 1)[1]
    owner_field = text.split('name="owner__C3-IA01"', 1)[1].split(">", 1)[0]
    assert "aria-invalid" not in owner_field
