"""Reviewing mapping proposals: accept links the evidence to the item, reject links nothing, and
proposals are seen only by those who may see their evidence."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from nucsec.access.audit import AuditEntry
from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.assessments import proposals as accepting
from nucsec.catalogue.loader import default_pack
from nucsec.config import Settings
from nucsec.db import transaction
from nucsec.errors import Conflict, NotFound
from nucsec.evidence import embeddings, mapping, proposals
from nucsec.evidence.mapping import Mapper
from nucsec.evidence.models import EvidenceLink, EvidenceProposal
from nucsec.web.app import create_app
from tests.integration.assessments.conftest import COORDINATOR
from tests.integration.webclient import bearer, csrf_of, sign_in

INSPECTIONS = (
    "In 2023 the Authority's inspectors carried out 46 security inspections of licensees and "
    "issued three enforcement notices for non-compliance with licence conditions."
)
VIEWER = Principal("olga", Role.viewer, Label.OFFICIAL)


@pytest.fixture
def lexical(monkeypatch: pytest.MonkeyPatch) -> Mapper:
    """The lexical mapper (fast, no model): the review does not depend on the ranker."""
    mapper = Mapper(default_pack(), semantic=False)
    monkeypatch.setattr(mapping, "_mappers", {False: mapper})
    monkeypatch.setattr(embeddings, "available", lambda: False)
    return mapper


def _propose(engine: Engine, ref: str, mapper: Mapper) -> list[int]:
    with transaction(engine, COORDINATOR) as session:
        made = proposals.propose(
            session=session, state_code="XT", ref=ref, passages=[(4, INSPECTIONS)], mapper=mapper
        )
        return [p.id for p in made]


def _links(engine: Engine) -> int:
    with transaction(engine, SYSTEM) as session:
        return session.scalar(select(func.count()).select_from(EvidenceLink)) or 0


def test_accept_links_the_evidence_and_reject_links_nothing(
    engine: Engine, state: str, assessment_id: int, lexical: Mapper
) -> None:
    first, second, *_ = _propose(engine, "EV-O0001", lexical)
    with transaction(engine, COORDINATOR) as session:
        listed = proposals.list_proposals(session=session, state_code="XT", ref="EV-O0001")
        assert listed[0].item == "C1-IA02" and listed[0].page == 4
        assert "inspectors" in listed[0].why["words"]
        assert {p.label for p in listed} == {Label.OFFICIAL}, "the evidence's label"
        rejected = proposals.reject(
            session=session, state_code="XT", ref="EV-O0001", proposal_id=second
        )
    assert rejected.state == "rejected" and rejected.decided_by == "amina"
    assert _links(engine) == 0
    with transaction(engine, COORDINATOR) as session:
        accepted = accepting.accept(
            session=session, state_code="XT", ref="EV-O0001", proposal_id=first
        )
    assert accepted.state == "accepted" and accepted.item == "C1-IA02"
    with transaction(engine, SYSTEM) as session:
        link = session.scalars(select(EvidenceLink)).one()
        entries = session.scalars(
            select(AuditEntry.object_type).where(AuditEntry.object_type == "evidence_proposals")
        ).all()
    assert link.item_assessment_id and _links(engine) == 1
    assert entries, "proposal writes are audited"
    with transaction(engine, COORDINATOR) as session, pytest.raises(Conflict, match="already"):
        accepting.accept(session=session, state_code="XT", ref="EV-O0001", proposal_id=first)


def test_mapping_again_replaces_undecided_proposals_and_keeps_decisions(
    engine: Engine, state: str, assessment_id: int, lexical: Mapper
) -> None:
    first, *_ = _propose(engine, "EV-0001", lexical)
    with transaction(engine, COORDINATOR) as session:
        proposals.reject(session=session, state_code="XT", ref="EV-0001", proposal_id=first)
    again = _propose(engine, "EV-0001", lexical)
    with transaction(engine, SYSTEM) as session:
        rows = session.scalars(select(EvidenceProposal).order_by(EvidenceProposal.id)).all()
    assert first not in again
    assert [r.state for r in rows].count("rejected") == 1
    assert len(rows) == 1 + len(again), "the earlier undecided ones are gone"


def test_proposals_of_hidden_evidence_are_never_shown(
    engine: Engine, state: str, assessment_id: int, lexical: Mapper
) -> None:
    [hidden, *_] = _propose(engine, "EV-S0001", lexical)
    with transaction(engine, VIEWER) as session:
        with pytest.raises(NotFound) as missing:
            proposals.list_proposals(session=session, state_code="XT", ref="EV-S0001")
        with pytest.raises(NotFound) as unknown:
            proposals.list_proposals(session=session, state_code="XT", ref="EV-S9999")
        assert str(missing.value).replace("S0001", "S9999") == str(unknown.value)
        assert session.scalar(select(func.count()).select_from(EvidenceProposal)) == 0
        assert session.get(EvidenceProposal, hidden) is None


def test_the_api_proposes_lists_and_reviews(
    engine: Engine, state: str, assessment_id: int, lexical: Mapper, tmp_path, make_user
) -> None:
    app = create_app(Settings(data_dir=tmp_path / "d", secret_key="k" * 32), engine=engine)
    with TestClient(app) as client:
        make_user("ana", Role.contributor, Label.OFFICIAL)
        make_user("vic", Role.viewer, Label.SENSITIVE)
        analyst, viewer = bearer(client, "ana"), bearer(client, "vic")
        base = "/api/v1/states/XT/evidence/EV-O0001/proposals"
        body = {"passages": [{"page": 2, "text": INSPECTIONS}], "top": 2}
        assert client.post(base, json=body, headers=viewer).status_code == 403
        made = client.post(base, json=body, headers=analyst)
        assert made.status_code == 201, made.text
        assert made.json()[0]["item"] == "C1-IA02"
        first, second = (p["id"] for p in made.json())
        ok = client.post(f"{base}/{first}/accept", headers=analyst)
        assert ok.status_code == 200 and ok.json()["state"] == "accepted"
        assert client.post(f"{base}/{second}/reject", headers=analyst).json()["state"] == (
            "rejected"
        )
        assert client.post(f"{base}/{second}/accept", headers=analyst).status_code == 409
        listed = client.get(f"{base}?state=accepted", headers=viewer).json()
        assert [p["id"] for p in listed] == [first]
        hidden = client.get("/api/v1/states/XT/evidence/EV-S0001/proposals", headers=analyst)
        assert hidden.status_code == 404
        bad = client.post(base, json={"passages": []}, headers=analyst)
        assert bad.status_code == 422
    assert _links(engine) == 1


def test_the_review_page_accepts_and_rejects_and_hides_what_it_must(
    engine: Engine, state: str, assessment_id: int, lexical: Mapper, tmp_path, make_user
) -> None:
    first, second, *_ = _propose(engine, "EV-O0001", lexical)
    _propose(engine, "EV-S0001", lexical)
    app = create_app(Settings(data_dir=tmp_path / "d", secret_key="k" * 32), engine=engine)
    with TestClient(app, follow_redirects=False) as client:
        make_user("ana", Role.contributor, Label.OFFICIAL)
        assert sign_in(client, "ana").status_code == 303
        url = "/evidence/proposals?state=XT&ref=EV-O0001"
        page = client.get(url)
        assert page.status_code == 200 and "inspectors" in page.text
        assert "Mapping proposals of" in client.get("/evidence?state=XT").text
        form = {"csrf_token": csrf_of(page.text), "state": "XT", "ref": "EV-O0001"}
        done = client.post(f"/evidence/proposals/{first}/accept", data=form)
        assert done.status_code == 303 and done.headers["location"] == url
        assert client.post(f"/evidence/proposals/{second}/reject", data=form).status_code == 303
        again = client.post(f"/evidence/proposals/{second}/accept", data=form)
        assert again.status_code == 409 and "already rejected" in again.text
        shown = client.get(url).text
        assert "accepted by ana" in shown and "rejected by ana" in shown
        hidden = client.get("/evidence/proposals?state=XT&ref=EV-S0001")
        assert hidden.status_code == 404 and "inspectors" not in hidden.text
    assert _links(engine) == 1


def test_a_stored_file_is_mapped_from_its_passages(
    engine: Engine, state: str, assessment_id: int, lexical: Mapper, tmp_path
) -> None:
    """Mapping a stored document reads the passages kept when its file was attached; a record
    with no stored text says so and proposes nothing."""
    from nucsec.errors import Invalid
    from nucsec.evidence import service as evidence
    from nucsec.evidence.files import FileStore

    with (
        transaction(engine, COORDINATOR) as session,
        pytest.raises(Invalid, match="no stored text"),
    ):
        proposals.propose(session=session, state_code="XT", ref="EV-O0001", mapper=lexical)
    with transaction(engine, COORDINATOR) as session:
        evidence.attach(
            session=session,
            state_code="XT",
            ref="EV-O0001",
            data=f"Annual report of the Authority\n\n{INSPECTIONS}\n".encode(),
            filename="annual.txt",
            store=FileStore(tmp_path / "files"),
            max_bytes=1_000_000,
        )
    with transaction(engine, COORDINATOR) as session:
        made = proposals.propose(session=session, state_code="XT", ref="EV-O0001", mapper=lexical)
        assert INSPECTIONS in {p.text for p in made}
        assert "C1-IA02" in {p.item_id for p in made if p.text == INSPECTIONS}
