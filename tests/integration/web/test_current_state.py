"""The state being viewed: chosen once, kept by every page, never a state the user cannot see."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM
from nucsec.db import transaction
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate
from tests.integration.webclient import sign_in

PAGES = ("/dashboard", "/reports", "/evidence", "/competence", "/cooperation", "/findings")


@pytest.fixture
def three_states(demo_engine: Engine) -> Engine:
    """Demoland and Borealia (PUBLIC), and two states sorting first: OFFICIAL and SENSITIVE."""
    with transaction(demo_engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(code="QO", name="Quorn", maturity="new", label=Label.OFFICIAL),
        )
        states.create(
            session=session,
            data=StateCreate(code="AA", name="Asteria", maturity="new", label=Label.SENSITIVE),
        )
    return demo_engine


def selected(html: str) -> str:
    """The state the header's selector shows as chosen."""
    head = html.split('class="state-picker"', 1)[1].split("</form>", 1)[0]
    return head.split(" selected>", 1)[1].split("<", 1)[0]


@pytest.mark.parametrize("user", ["reviewer", "admin", "analyst", "police"])
def test_every_page_opens_on_a_state_the_user_may_see(
    client: TestClient, three_states: Engine, user: str
) -> None:
    sign_in(client, user, "nucsec-demo")
    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:300])
        if user == "analyst":  # PUBLIC: the two first states are hidden, never named
            assert "Quorn" not in page.text and "Asteria" not in page.text
    hidden = client.get("/reports?state=AA")
    assert hidden.status_code == (200 if user in ("reviewer", "admin") else 404)


def test_the_state_chosen_on_one_page_is_kept_by_the_others(
    client: TestClient, three_states: Engine
) -> None:
    sign_in(client, "amina", "nucsec-demo")
    assert selected(client.get("/dashboard").text) == "Asteria (AA)", "first visible state"
    chosen = client.get("/dashboard?state=XD")
    assert selected(chosen.text) == "Demoland (XD)"
    assert 'href="/reports?state=XD"' in chosen.text, "the menu carries the state"
    for path in PAGES[1:]:
        page = client.get(path)
        assert selected(page.text) == "Demoland (XD)", path
    assert "Reports: Demoland" in client.get("/reports").text
    assert "Borealia" in client.get("/evidence?state=XB").text
    assert selected(client.get("/reports").text) == "Borealia (XB)"


def test_findings_board_filters_by_state_and_shows_it(
    client: TestClient, three_states: Engine
) -> None:
    sign_in(client, "reviewer", "nucsec-demo")
    borealia = client.get("/findings?state=XB&limit=100")
    assert '<td class="ids">XB</td>' in borealia.text
    assert '<td class="ids">XD</td>' not in borealia.text
    every = client.get("/findings?state=&limit=100")
    assert '<td class="ids">XB</td>' in every.text and '<td class="ids">XD</td>' in every.text


def test_follows_up_review_lists_only_the_current_states_reviews(
    client: TestClient, three_states: Engine
) -> None:
    sign_in(client, "amina", "nucsec-demo")
    xd = client.get("/reviews?state=XD").text
    follows = xd.split('name="follows"', 1)[1].split("</select>", 1)[0]
    xb = client.get("/reviews?state=XB").text
    follows_xb = xb.split('name="follows"', 1)[1].split("</select>", 1)[0]
    assert follows != follows_xb
    assert "Borealia" not in follows and "Demoland" not in follows_xb
