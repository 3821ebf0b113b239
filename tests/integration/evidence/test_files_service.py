"""Files stored with evidence and full-text search, through the service, on both backends."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.db import transaction
from nucsec.errors import Invalid, NotFound
from nucsec.evidence import search, service
from nucsec.evidence.files import FileStore
from nucsec.evidence.ingest import IngestError
from nucsec.evidence.models import EvidenceFile, EvidencePassage
from nucsec.evidence.schemas import EvidenceCreate, EvidenceUpdate
from nucsec.paging import PageParams
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate
from tests import documents

OFFICIAL = Principal("olga", Role.viewer, Label.OFFICIAL)
LIMIT = 1_000_000


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore.in_data_dir(tmp_path / "data")


def _record(engine: Engine, title: str, label: Label = Label.OFFICIAL, **extra: object) -> str:
    with transaction(engine, SYSTEM) as session:
        if states.list_all(session=session) == []:
            states.create(session=session, data=StateCreate(code="XD", name="D", maturity="new"))
        data = EvidenceCreate(title=title, label=label, **extra)  # type: ignore[arg-type]
        return service.create(session=session, state_code="XD", data=data).ref


def _attach(engine: Engine, store: FileStore, ref: str, data: bytes, name: str) -> None:
    with transaction(engine, SYSTEM) as session:
        service.attach(
            session=session,
            state_code="XD",
            ref=ref,
            data=data,
            filename=name,
            store=store,
            max_bytes=LIMIT,
        )


def _search(engine: Engine, principal: Principal, text: str, **filters: object):
    with transaction(engine, principal) as session:
        return search.search(
            session=session,
            state_code="XD",
            text=text,
            filters=search.Filters(**filters),  # type: ignore[arg-type]
            page=PageParams(limit=10),
        )


def _counts(engine: Engine, store: FileStore) -> tuple[int, int, int]:
    with transaction(engine, SYSTEM) as session:
        files = session.scalar(select(func.count(EvidenceFile.id))) or 0
        passages = session.scalar(select(func.count(EvidencePassage.id))) or 0
    stored = sum(1 for p in store.root.rglob("*") if p.is_file()) if store.root.exists() else 0
    return files, passages, stored


def test_attached_files_are_stored_once_by_content_and_searchable(
    engine: Engine, store: FileStore
) -> None:
    first = _record(engine, "Annual report 2025", kind="annual_report")
    second = _record(engine, "Copy of the annual report")
    pdf = documents.pdf()
    _attach(engine, store, first, pdf, "report.pdf")
    _attach(engine, store, second, pdf, "copy.pdf")
    _attach(engine, store, first, documents.docx(), "progress.docx")
    files, passages, stored = _counts(engine, store)
    assert files == 3 and stored == 2  # the PDF is kept once
    assert passages > 4

    found = _search(engine, SYSTEM, "design basis threats")
    assert [h.ref for h in found.items] == sorted([first, second]) or found.total == 2
    hit = next(h for h in found.items if h.ref == first)
    assert hit.passages[0].page == 1 and "design basis threat" in hit.passages[0].text
    second_page = _search(engine, SYSTEM, "national response plan")
    assert {p.page for h in second_page.items for p in h.passages} == {2}
    assert _search(engine, SYSTEM, "insider threat").total == 1
    assert _search(engine, SYSTEM, "annual", kind="annual_report").total == 1


def test_search_covers_titles_and_notes_and_filters(engine: Engine, store: FileStore) -> None:
    from datetime import date

    _record(engine, "Law on radiation protection", kind="law", published_on=date(2020, 1, 1))
    _record(
        engine,
        "Guidance",
        summary="Covers the protection of sources",
        published_on=date(2024, 5, 1),
    )
    assert _search(engine, SYSTEM, "protection").total == 2
    assert _search(engine, SYSTEM, "protected").total == 2  # stemmed
    assert _search(engine, SYSTEM, "protection", kind="law").total == 1
    assert _search(engine, SYSTEM, "protection", published_from=date(2023, 1, 1)).total == 1
    assert _search(engine, SYSTEM, "protection", published_to=date(2023, 1, 1)).total == 1
    assert _search(engine, SYSTEM, 'protection" * ^(: -').total == 2  # no syntax errors


def test_a_sensitive_file_is_never_matched_counted_or_quoted_for_an_official_user(
    engine: Engine, store: FileStore
) -> None:
    secret = _record(engine, "Threat assessment", label=Label.SENSITIVE)
    content = documents.docx()
    _attach(engine, store, secret, content, "threat.docx")
    with transaction(engine, SYSTEM) as session:
        found, data = service.get_file(
            session=session, state_code="XD", ref=secret, sha256=sha(content), store=store
        )
        assert data == content
    visible = _record(engine, "Insider programme note", label=Label.OFFICIAL)
    assert _search(engine, SYSTEM, "insider").total == 2
    found = _search(engine, OFFICIAL, "insider")
    assert found.total == 1 and [h.ref for h in found.items] == [visible]
    assert _search(engine, OFFICIAL, "physical protection").total == 0
    assert _search(engine, OFFICIAL, "insider", label=Label.SENSITIVE).total == 0
    with transaction(engine, OFFICIAL) as session, pytest.raises(NotFound, match="no file"):
        service.get_file(
            session=session, state_code="XD", ref=secret, sha256=sha(content), store=store
        )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_relabelling_a_record_relabels_its_files_and_passages(
    engine: Engine, store: FileStore
) -> None:
    ref = _record(engine, "Report", label=Label.OFFICIAL)
    _attach(engine, store, ref, documents.TEXT, "forensics.txt")
    assert _search(engine, OFFICIAL, "forensics library").total == 1
    with transaction(engine, SYSTEM) as session:
        service.update(
            session=session, state_code="XD", ref=ref, data=EvidenceUpdate(label=Label.SENSITIVE)
        )
    assert _search(engine, OFFICIAL, "forensics library").total == 0
    with transaction(engine, SYSTEM) as session:
        labels = set(session.scalars(select(EvidencePassage.label)))
        labels |= set(session.scalars(select(EvidenceFile.label)))
    assert labels == {"SENSITIVE"}


BAD_FILES = [
    (b"", "empty.txt", "is empty"),
    (b"just text", "report.pdf", "named as PDF"),
    (b"%PDF-1.7\n1 0 obj garbage", "broken.pdf", "broken PDF"),
    (b"PK\x03\x04 not really a zip", "report.docx", "broken DOCX"),
    (b"\x00\x01\x02\x03binary", "data.bin", "not a PDF, DOCX"),
    (b"x" * (LIMIT + 1), "huge.txt", "largest file accepted"),
]


@pytest.mark.parametrize(("data", "name", "message"), BAD_FILES, ids=[b[1] for b in BAD_FILES])
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_stored(
    engine: Engine, store: FileStore, data: bytes, name: str, message: str
) -> None:
    ref = _record(engine, "Report")
    before = _counts(engine, store)
    with pytest.raises(IngestError, match=message) as caught:
        _attach(engine, store, ref, data, name)
    assert "\n" not in str(caught.value)
    assert _counts(engine, store) == before


@pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (documents.encrypted_pdf, "locked.pdf", "encrypted"),
        (documents.blank_pdf, "scan.pdf", "no text"),
    ],
)
def test_encrypted_and_textless_pdfs_are_refused(
    engine: Engine, store: FileStore, make, name: str, message: str
) -> None:
    ref = _record(engine, "Report")
    before = _counts(engine, store)
    with pytest.raises(IngestError, match=message):
        _attach(engine, store, ref, make(), name)
    assert _counts(engine, store) == before


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "/relative"])
def test_the_service_refuses_a_link_that_skipped_the_schema(engine: Engine, link: str) -> None:
    ref = _record(engine, "Report")
    with transaction(engine, SYSTEM) as session, pytest.raises(Invalid, match="http"):
        service.create(
            session=session,
            state_code="XD",
            data=EvidenceCreate.model_construct(
                title="X",
                kind="other",
                publisher=None,
                published_on=None,
                url=link,
                summary=None,
                label=Label.OFFICIAL,
            ),
        )
    with transaction(engine, SYSTEM) as session, pytest.raises(Invalid, match="http"):
        service.update(
            session=session,
            state_code="XD",
            ref=ref,
            data=EvidenceUpdate.model_construct(url=link, _fields_set={"url"}),
        )
