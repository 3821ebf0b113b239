"""Reports re-read from what was produced: PDF via pypdf, DOCX via python-docx, HTML parsed."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import Principal, Role
from nucsec.catalogue import default_pack
from nucsec.db import transaction
from nucsec.demo import EVIDENCE, MISSION_FINDINGS, NOTES
from nucsec.errors import Forbidden
from nucsec.reports import service
from tests.integration.webclient import bearer
from tests.readback import html_text, text_of

TODAY = date(2026, 11, 25)
ADMIN = Principal("amina", Role.coordinator, Label.SENSITIVE)
POLICE = Principal("police", Role.contributor, Label.OFFICIAL, agency="Police")
REVIEWER = Principal("rev", Role.reviewer, Label.SENSITIVE)
SENSITIVE_NOTE = NOTES["C2-IA01"][0]
SENSITIVE_DOC = EVIDENCE[4][0]
R01_TEXT = MISSION_FINDINGS[0][2]
R04_SUMMARY = MISSION_FINDINGS[3][7]
FORMATS = ("html", "md", "pdf", "docx", "json")


@pytest.fixture
def demo(demo_engine: Engine) -> Engine:
    return demo_engine


def produce(engine: Engine, kind: str, fmt: str, principal=ADMIN) -> tuple[str, str]:
    report, content = service.generate(
        engine=engine, kind=kind, state_code="XD", fmt=fmt, principal=principal, today=TODAY
    )
    return report.label, text_of(fmt, content)


@pytest.mark.parametrize("fmt", FORMATS)
def test_public_report_in_every_format(demo: Engine, fmt: str) -> None:
    label, text = produce(demo, "public", fmt)
    assert label == "PUBLIC"
    for area in default_pack().measure_areas:
        assert area.title.split(";")[0] in text, area.title
    for measure in default_pack().measures:
        assert measure.id in text
    assert "Implementation index" in text and "29" in text, "approved 2025 figures"
    assert R04_SUMMARY in text, "approved summaries of findings appear"
    assert "Regulation on the security of radioactive sources" in text, "PUBLIC evidence"
    for secret in (
        SENSITIVE_NOTE,
        SENSITIVE_DOC,
        R01_TEXT,
        "IPPAS-XD-2024",
        "Inspection programme",
    ):
        assert secret not in text


def test_public_report_html_structure_and_charts(demo: Engine) -> None:
    _, content = service.generate(
        engine=demo, kind="public", state_code="XD", fmt="html", principal=ADMIN, today=TODAY
    )
    _, ids = html_text(content)
    assert {
        "overview",
        "area-reg",
        "area-coop",
        "area-sapr",
        "area-comp",
        "M-REG-01",
        "annex-documents",
    } <= set(ids)
    assert content.count(b"<svg") >= 2, "commitment bars and the trend line"


def test_public_report_is_built_as_public_whoever_asks(demo: Engine) -> None:
    as_admin = produce(demo, "public", "json", ADMIN)[1]
    as_police = produce(demo, "public", "json", POLICE)[1]
    assert as_admin == as_police


@pytest.mark.parametrize("fmt", FORMATS)
def test_consolidated_report_names_provisions_and_follows_clearance(demo, fmt) -> None:
    label, text = produce(demo, "consolidated", fmt)
    assert label == "SENSITIVE" and SENSITIVE_NOTE in text
    for provision in (
        "UNSCR 1540: OP 2 Manufacture / produce",
        "OP 2 Possess",
        "Amended CPPNM: Art. 2A(3) C Legislative and regulatory framework",
        "Art. 14(1)",
        "INFCIRC/869 Joint Statement: C3-IA01",
        "Code of Conduct",
    ):
        assert provision in text
    assert "C2-IA03" in text and "Competence, training and nuclear security culture" in text
    label, text = produce(demo, "consolidated", fmt, POLICE)
    assert label == "OFFICIAL" and SENSITIVE_NOTE not in text and SENSITIVE_DOC not in text
    assert "response protocol signed" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_matrix_re_read_has_the_committee_shape(demo: Engine, fmt: str) -> None:
    _, text = produce(demo, "matrix", fmt)
    flat = " ".join(text.split())
    assert "not a tool for measuring compliance" in flat
    assert "may not be directly relevant or are incomplete" in flat
    assert "Only the nuclear weapons column" in flat and "not listed under OP 7 or OP 8" in flat
    for needle in ("OP 1 and related matters", "OP 2", "OP 3 (a) and (b)", "OP 3 (c) and (d)"):
        assert needle in flat
    for row in ("1540-OP2-possess-NLF", "1540-OP2-possess-ENF", "1540-OP3d-export-ENF"):
        assert row in flat
    assert "Nuclear and Radiation Security Act 2019" in flat and "Official Gazette" in flat
    assert "Nuclear Security Fund" in flat, "named only in the note, never as a row"


def test_matrix_cells_come_from_the_register(demo: Engine) -> None:
    report = service.build(
        engine=demo, kind="matrix", state_code="XD", principal=ADMIN, today=TODAY
    )
    tables = {s.id: b for s in report.sections for b in s.blocks if b.kind == "table"}
    assert set(tables) == {"op1", "op2", "op3ab", "op3cd"}
    op1 = {row[0]: row for row in tables["op1"].rows}
    assert op1["1540-OP1-CPPNM-A"][2] == "X" and "ratified 2016-02-01" in op1["1540-OP1-CPPNM-A"][3]
    cells = {row[0]: row[3] for t in ("op2", "op3ab", "op3cd") for row in tables[t].rows}
    assert all(mark in ("X", "?", "NA", "") for mark in cells.values())
    op2 = [row for row in tables["op2"].rows]
    assert len(op2) == 24, "twelve prohibitions, each with both entries"
    assert {row[2] for row in op2} == {"National legal framework", "Enforcement"}
    assert cells["1540-OP2-possess-NLF"] == "X", "Act 2019, Art. 12"
    assert cells["1540-OP2-finance-NLF"] == "?", "cited as possibly incomplete"
    assert cells["1540-OP2-finance-ENF"] == ""
    assert cells["1540-OP3b-ENF"] == "X", "the PUBLIC regulation, Art. 11"


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_internal_report_has_figures_roadmap_and_findings(demo: Engine, fmt: str) -> None:
    from nucsec.improvement.service import roadmap

    label, text = produce(demo, "internal", fmt)
    assert label == "SENSITIVE"
    with transaction(demo, ADMIN) as session:
        plan = roadmap(session=session, state_code="XD", today=TODAY)
    first = plan["next_actions"][0]["item"]
    for needle in ("Figures", "Roadmap", "Review findings", "R-01", first, "Overdue"):
        assert needle in text
    _, official = produce(demo, "internal", fmt, POLICE)
    assert not re.search(r"\bR-01\b", official), "SENSITIVE findings stay out at OFFICIAL"


def test_release_stores_files_with_hashes_and_lists_changes(demo: Engine) -> None:
    with pytest.raises(Forbidden), transaction(demo, ADMIN) as session:
        service.release(session=session, engine=demo, kind="public", state_code="XD", today=TODAY)
    with transaction(demo, REVIEWER) as session:
        first = service.release(
            session=session, engine=demo, kind="public", state_code="XD", today=TODAY
        )
        files = {f.format: f for f in service.files_of(session=session, release_id=first.id)}
        assert set(files) == {"pdf", "docx", "html", "md", "json"}
        for f in files.values():
            assert hashlib.sha256(f.content).hexdigest() == f.sha256
        assert first.changes == ["first release"] and first.label == "PUBLIC"
    from nucsec.assessments import service as assessments
    from nucsec.improvement import figures

    with transaction(demo, ADMIN) as session:
        latest = assessments.list_for_state(session=session, state_code="XD")[-1].id
        figures.approve(session=session, state_code="XD", assessment_id=latest)
    with transaction(demo, REVIEWER) as session:
        second = service.release(
            session=session, engine=demo, kind="public", state_code="XD", today=TODAY
        )
    assert any(
        c.startswith("changed: Implementation at a glance › ") and "index" in c
        for c in second.changes
    ), second.changes


def test_release_and_report_routes_by_clearance(
    demo: Engine, client: TestClient, make_user
) -> None:
    make_user("noor", Role.viewer, Label.PUBLIC)
    make_user("rev", Role.reviewer, Label.SENSITIVE)
    analyst, reviewer = bearer(client, "noor"), bearer(client, "rev")
    with transaction(demo, REVIEWER) as session:
        public = service.release(
            session=session, engine=demo, kind="public", state_code="XD", today=TODAY
        )
        secret = service.release(
            session=session, engine=demo, kind="consolidated", state_code="XD", today=TODAY
        )
    got = client.get(f"/releases/{public.id}.pdf", headers=analyst)
    assert got.status_code == 200 and got.headers["x-nucsec-label"] == "PUBLIC"
    assert hashlib.sha256(got.content).hexdigest() == got.headers["x-content-sha256"]
    assert client.get(f"/releases/{secret.id}.pdf", headers=analyst).status_code == 404
    listed = client.get("/api/v1/states/XD/releases", headers=analyst).json()
    assert [r["kind"] for r in listed] == ["public"]
    doc = client.get("/api/v1/states/XD/reports/public", headers=analyst).json()
    assert SENSITIVE_NOTE not in json.dumps(doc)
    internal = client.get("/reports/XD/internal.docx", headers=reviewer)
    assert internal.status_code == 200 and internal.headers["x-nucsec-label"] == "SENSITIVE"
    assert client.get("/reports/XD/nope.pdf", headers=reviewer).status_code == 422


def test_cli_report_and_release(cli, demo: Engine, tmp_path) -> None:
    out = tmp_path / "public.pdf"
    made = cli("report", "public", "--state", "XD", "--format", "pdf", "-o", str(out))
    assert made.code == 0 and out.read_bytes().startswith(b"%PDF")
    bad = cli("report", "public", "--state", "XD", "--format", "odt")
    assert bad.code == 1 and "unknown format 'odt'" in bad.err
    refused = cli("report", "release", "public", "--state", "XD")
    assert refused.code == 0, "the console operator is an admin, who may approve"
    listed = json.loads(cli("report", "releases", "--state", "XD", "-f", "json").out)
    assert listed[0]["kind"] == "public" and set(listed[0]["files"]) == set(FORMATS)


def test_reports_page_lists_releases_without_reading_files_or_building_reports(
    demo: Engine, client: TestClient, make_user, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Viewing the page reads hashes and sizes only; a report is built when a reviewer asks."""
    from sqlalchemy import event

    from tests.integration.webclient import sign_in

    make_user("rev", Role.reviewer, Label.SENSITIVE)
    with transaction(demo, REVIEWER) as session:
        made = service.release(
            session=session, engine=demo, kind="public", state_code="XD", today=TODAY
        )
    assert sign_in(client, "rev").status_code == 303
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    def no_build(**_kwargs):
        raise AssertionError("the Reports page built a report")

    event.listen(demo, "before_cursor_execute", record)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(service, "build", no_build)
            page = client.get("/reports?state=XD")
    finally:
        event.remove(demo, "before_cursor_execute", record)
    assert page.status_code == 200
    assert f"/releases/{made.id}.pdf" in page.text
    assert not [s for s in statements if "content" in s or "document" in s]
    changes = client.get("/reports/XD/public/changes")
    assert changes.status_code == 200 and "Approve and release the public report" in changes.text
    assert client.get("/reports/XD/internal/changes").status_code in (400, 422)
