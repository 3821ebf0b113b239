"""The review commands and pages, as a coordinator uses them."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.principal import SYSTEM
from nucsec.db import transaction
from nucsec.demo import load_demo
from tests.integration.webclient import csrf_of, sign_in


def test_review_cli_cycle(cli, tmp_path) -> None:
    cli("state", "add", "XB", "--name", "Borealia", "--maturity", "developed")
    added = cli(
        "review",
        "add",
        "--state",
        "XB",
        "--kind",
        "ippas_mission",
        "--date",
        "2024-10-07",
        "--end",
        "2024-10-18",
        "--modules",
        "national_regime;transport",
    )
    assert added.code == 0, added.err
    (review,) = json.loads(cli("review", "list", "--state", "XB", "-f", "json").out)
    assert review["label"] == "SENSITIVE" and review["modules"] == ["national_regime", "transport"]
    mission = tmp_path / "mission.csv"
    mission.write_text(
        "kind,text,items,owner,due_on\n"
        "recommendation,Update the DBT,C2-IA01,Regulator,2025-12-31\n"
        "suggestion,Exercise yearly,C3-IA01,Regulator,2099-01-01\n"
    )
    imported = cli("review", "import", str(mission), "--review", str(review["id"]))
    assert imported.code == 0 and "imported 2 finding(s)" in imported.out
    findings = json.loads(cli("finding", "list", "--state", "XB", "-f", "json").out)
    assert [(f["ref"], f["status"], f["overdue"]) for f in findings] == [
        ("R-01", "open", True),
        ("S-01", "open", False),
    ]
    moved = cli("finding", "update", str(findings[0]["id"]), "--status", "not_accepted")
    assert moved.code == 1 and "needs a reason" in moved.err
    assert cli("finding", "update", str(findings[0]["id"]), "--status", "in_progress").code == 0
    due = json.loads(cli("findings", "due", "--within", "30d", "-f", "json").out)
    assert [f["ref"] for f in due] == ["R-01"]
    assert (
        cli("findings", "due", "--within", "soon")
        .err.strip()
        .startswith("error: --within: 'soon' is not a duration")
    )
    shown = json.loads(cli("review", "show", str(review["id"]), "-f", "json").out)
    assert [f["status"] for f in shown["findings"]] == ["in_progress", "open"]
    bad = tmp_path / "bad.csv"
    bad.write_text("kind,text\nremark,x\n")
    refused = cli("review", "import", str(bad), "--review", str(review["id"]))
    assert refused.code == 1 and "line 2: kind: unknown finding kind 'remark'" in refused.err


def test_pages_board_and_reminders(client: TestClient, engine: Engine) -> None:
    with transaction(engine, SYSTEM) as session:
        load_demo(session=session)
    sign_in(client, "amina", "nucsec-demo")
    reviews = client.get("/reviews").text
    assert "IPPAS mission 2024" in reviews and "IPPAS follow-up mission 2026" in reviews
    board = client.get("/findings?kind=recommendation&overdue=1&state=XD").text
    assert '<strong data-testid="finding-count">2</strong>' in board
    assert "R-01" in board and "R-02" in board and "GP-01" not in board
    verified = client.get("/findings?status=verified&state=XD").text
    assert '<strong data-testid="finding-count">2</strong>' in verified
    by_item = client.get("/findings?item=C2-IA04&state=XD").text
    assert "R-03" in by_item and "R-01" not in by_item
    due = client.get("/findings/due?within=30").text
    assert "R-01" in due and "overdue" in due
    dashboard = client.get("/dashboard?state=XD").text
    assert '<strong data-testid="overdue-findings">2</strong>' in dashboard
    s01 = next(
        f["id"]
        for f in client.get("/api/v1/findings?state=XD").json()["items"]
        if f["ref"] == "S-01"
    )
    finding = client.get(f"/findings/{s01}")
    refused = client.post(
        f"/findings/{s01}", data={"csrf_token": csrf_of(finding.text), "status": "verified"}
    )
    assert refused.status_code == 422 and "only a reviewer can verify" in refused.text

    client.cookies.clear()
    sign_in(client, "police", "nucsec-demo")
    assert '<strong data-testid="finding-count">0</strong>' in client.get("/findings?state=XD").text
    assert client.get(f"/findings/{s01}").status_code == 404


def test_a_stale_action_plan_form_is_refused_not_overwritten(
    client: TestClient, engine: Engine
) -> None:
    """Two people open the same finding; the second to save gets 409 and the first one's plan
    stays, as through the API."""
    with transaction(engine, SYSTEM) as session:
        load_demo(session=session)
    sign_in(client, "amina", "nucsec-demo")
    s01 = next(
        f["id"]
        for f in client.get("/api/v1/findings?state=XD").json()["items"]
        if f["ref"] == "S-01"
    )
    page = client.get(f"/findings/{s01}").text
    assert 'name="version"' in page
    form = {"csrf_token": csrf_of(page), "owner": "Regulator", "actions": "First plan"}
    version = page.split('name="version" value="', 1)[1].split('"', 1)[0]
    first = client.post(f"/findings/{s01}", data={**form, "version": version})
    assert first.status_code in (200, 303)
    stale = client.post(
        f"/findings/{s01}", data={**form, "actions": "Second plan", "version": version}
    )
    assert stale.status_code == 409
    shown = client.get(f"/findings/{s01}").text
    assert "First plan" in shown and "Second plan" not in shown
