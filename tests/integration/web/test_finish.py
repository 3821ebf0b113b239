"""What a reader sees is finished: titles instead of codes, names instead of numbers, links
between a state's pages, and an audit log that pages and filters without betraying what the
reader may not see."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Role
from nucsec.db import transaction
from nucsec.reviews import service as reviews
from nucsec.reviews.schemas import ReviewCreate
from tests.integration.webclient import sign_in


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_codes_read_as_titles_on_competence_and_cooperation(
    client: TestClient, demo_engine: Engine
) -> None:
    sign_in(client, "amina", "nucsec-demo")
    competence = client.get("/competence?state=XD").text
    assert "Regional Centre of Excellence" in competence and "regional_coe" not in _text(competence)
    assert '<th scope="col">Qualification required</th>' in competence
    cooperation = client.get("/cooperation?state=XD").text
    assert "Seminar, workshop or exercise joined" in cooperation
    assert "workshop_joined" not in _text(cooperation)
    assert "workshop joined" not in _text(cooperation)


def test_followed_review_is_named_and_a_hidden_one_is_not_mentioned(
    client: TestClient, demo_engine: Engine
) -> None:
    with transaction(demo_engine, SYSTEM) as session:
        mission = next(
            c for c in reviews.review_choices(session=session) if c.title == "IPPAS mission 2024"
        )
        later = reviews.create_review(
            session=session,
            data=ReviewCreate(
                state="XD",
                kind="self_assessment",
                title="Official look back",
                started_on="2026-03-01",
                follows=mission.id,
                label=Label.OFFICIAL,
            ),
        )
        later_id = later.id
    sign_in(client, "amina", "nucsec-demo")  # SENSITIVE: sees the mission
    listing = _text(client.get("/reviews").text)
    assert "follows IPPAS mission 2024" in listing and "follows review" not in listing
    assert "IPPAS mission 2024" in _text(client.get(f"/reviews/{later_id}").text)

    client.cookies.clear()
    sign_in(client, "police", "nucsec-demo")  # OFFICIAL: the mission is hidden
    listing = _text(client.get("/reviews").text)
    assert "Official look back" in listing and "follows" not in listing
    page = client.get(f"/reviews/{later_id}").text
    assert "Follows" not in page and f"/reviews/{mission.id}" not in page


def test_state_page_links_to_its_dashboard_and_roadmap(
    client: TestClient, demo_engine: Engine
) -> None:
    sign_in(client, "amina", "nucsec-demo")
    page = client.get("/states/XB").text
    assert 'href="/dashboard?state=XB"' in page and 'href="/states/XB/roadmap"' in page
    assert '<a href="/roadmap">Roadmap</a>' in page  # in the menu
    assert client.get("/roadmap?state=XB").headers["location"] == "/states/XB/roadmap"
    first = client.get("/roadmap")
    assert first.status_code == 303 and first.headers["location"].endswith("/roadmap")
    assert client.get("/roadmap?state=ZZ").status_code == 404


def test_dashboard_sentence_has_no_stray_semicolon(client: TestClient, demo_engine: Engine) -> None:
    sign_in(client, "amina", "nucsec-demo")
    text = _text(client.get("/dashboard?state=XD").text)
    assert re.search(r"\d+ overdue \.", text) and "overdue ;" not in text


def test_audit_log_pages_filters_and_hides_what_the_reader_may_not_see(
    client: TestClient, demo_engine: Engine, make_user
) -> None:
    sign_in(client, "admin", "nucsec-demo")
    admin = client.get("/admin").text
    # the newest entries only (and the header row), not the whole log
    assert admin.split("<h2>Audit log</h2>", 1)[1].count("<tr>") == 10 + 1
    assert 'href="/admin/audit"' in admin
    everything = client.get("/admin/audit").text
    total = int(re.search(r'data-testid="audit-total">(\d+) entr', everything).group(1))
    assert total > 50 and 'rel="next"' in everything
    second = client.get("/admin/audit?page=2").text
    assert "page 2 of" in second
    by_type = client.get("/admin/audit?record_type=findings&action=update").text
    rows = re.findall(r"<tr><td>\d+</td>.*?</tr>", by_type)
    assert rows and all(">update<" in r and "Findings " in r for r in rows)
    assert '<option value="findings" selected>Findings</option>' in by_type
    assert client.get("/admin/audit?from=2000-01-01&to=2000-12-31").text.count("No entry.") == 1
    refused = client.get("/admin/audit?from=yesterday")
    assert refused.status_code == 422 and "from: &#39;yesterday&#39; is not a date" in refused.text

    make_user("officer", Role.admin, Label.OFFICIAL)
    client.cookies.clear()
    sign_in(client, "officer")
    seen = client.get("/admin/audit?limit=500").text
    assert "SENSITIVE</span>" not in seen.split("<tbody>", 1)[1]
    shown = int(re.search(r'data-testid="audit-total">(\d+) entr', seen).group(1))
    assert 0 < shown < total  # hidden entries are neither shown nor counted
    assert '<th scope="col">#</th>' not in seen  # no positions: their gaps would count them
