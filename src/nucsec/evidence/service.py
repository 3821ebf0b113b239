"""Evidence use cases: record a document, list a state's evidence, resolve references."""

from __future__ import annotations

from sqlalchemy import func, insert, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from nucsec.access.visibility import aggregate_reader, check_label
from nucsec.errors import Conflict, Invalid, NotFound, check_version
from nucsec.evidence.files import FileStore, sha256_of
from nucsec.evidence.ingest import read_document
from nucsec.evidence.models import Evidence, EvidenceFile, EvidencePassage
from nucsec.evidence.schemas import (
    EvidenceCreate,
    EvidenceFilePublic,
    EvidencePublic,
    EvidenceUpdate,
)
from nucsec.paging import ALL, Page, PageParams, order_of, paginate
from nucsec.states import service as states
from nucsec.validation import is_web_address

PREFIX = {"PUBLIC": "EV-", "OFFICIAL": "EV-O", "SENSITIVE": "EV-S"}


def _next_ref(session: Session, state_id: int, label: str) -> str:
    """EV-0001 … for PUBLIC evidence, EV-O0001 … for OFFICIAL, EV-S0001 … for SENSITIVE.

    One sequence per label: a user sees every number of the sequences they are cleared for, so
    no gap hints at a record above their clearance (the creator is cleared for the label).
    """
    prefix = PREFIX[label]
    with aggregate_reader(session) as reader:
        refs = reader.scalars(
            select(Evidence.ref).where(
                Evidence.state_id == state_id, Evidence.ref.like(f"{prefix}%")
            )
        ).all()
    numbers = [int(r[len(prefix) :]) for r in refs if r[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _check_address(url: str | None) -> None:
    """The last door for a stored link (the schemas check it first): http(s) only, so no
    `javascript:` or `data:` address can reach a page, a report or an export."""
    if url is not None and not is_web_address(url):
        raise Invalid("url: must be an http:// or https:// address")


def create(*, session: Session, state_code: str, data: EvidenceCreate) -> Evidence:
    check_label(session, data.label)
    _check_address(data.url)
    state = states.get(session=session, code=state_code)
    evidence = Evidence(
        state_id=state.id,
        ref=_next_ref(session, state.id, data.label.value),
        **data.model_dump(exclude={"label"}),
        label=data.label.value,
    )
    session.add(evidence)
    session.flush()
    return evidence


def update(*, session: Session, state_code: str, ref: str, data: EvidenceUpdate) -> Evidence:
    """Change the fields given; an edit from a stale read (`version`) is refused with 409."""
    evidence = get(session=session, state_code=state_code, ref=ref)
    check_version(evidence.ref, data.version, evidence.version)
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    _check_address(changes.get("url"))
    if "label" in changes:
        check_label(session, changes["label"])
        changes["label"] = changes["label"].value
    for field, value in changes.items():
        setattr(evidence, field, value)
    session.flush()
    if "label" in changes:  # a record's files and passages always carry its label
        for model in (EvidenceFile, EvidencePassage):
            owned = (
                EvidenceFile.evidence_id == evidence.id
                if model is EvidenceFile
                else EvidencePassage.file_id.in_(
                    select(EvidenceFile.id).where(EvidenceFile.evidence_id == evidence.id)
                )
            )
            session.execute(
                sql_update(model).where(owned).values(label=evidence.label),
                execution_options={"synchronize_session": False},
            )
    return evidence


def list_for_state(*, session: Session, state_code: str) -> list[Evidence]:
    state = states.get(session=session, code=state_code)
    return list(
        session.scalars(
            select(Evidence).where(Evidence.state_id == state.id).order_by(Evidence.ref)
        )
    )


EVIDENCE_SORTS = {
    "ref": (Evidence.ref,),
    "title": (Evidence.title, Evidence.ref),
    "published": (Evidence.published_on, Evidence.ref),
}


def list_evidence(
    *, session: Session, state_code: str, page: PageParams = ALL
) -> Page[EvidencePublic]:
    """A state's evidence the caller may see, one page, in at most three queries."""
    state = states.get(session=session, code=state_code)
    query = (
        select(Evidence)
        .where(Evidence.state_id == state.id)
        .order_by(*order_of(page.sort, EVIDENCE_SORTS, "ref"))
    )
    rows, total = paginate(session, query, page, count_column=Evidence.id)
    records = [row[0] for row in rows]
    attached = files_of(session=session, evidence_ids=[r.id for r in records])
    items = [
        EvidencePublic.model_validate(r).model_copy(update={"files": attached.get(r.id, [])})
        for r in records
    ]
    return Page[EvidencePublic].of(items, total, page)


def by_refs(*, session: Session, state_id: int, refs: list[str]) -> dict[str, Evidence]:
    """The visible evidence among `refs`; unknown and hidden references are simply absent."""
    if not refs:
        return {}
    rows = session.scalars(
        select(Evidence).where(Evidence.state_id == state_id, Evidence.ref.in_(refs))
    )
    return {e.ref: e for e in rows}


def get(*, session: Session, state_code: str, ref: str) -> Evidence:
    state = states.get(session=session, code=state_code)
    found = by_refs(session=session, state_id=state.id, refs=[ref]).get(ref)
    if found is None:
        raise NotFound(f"no evidence {ref!r} for state {state.code}")
    return found


# --- files ----------------------------------------------------------------------------------


def attach(
    *,
    session: Session,
    state_code: str,
    ref: str,
    data: bytes,
    filename: str,
    store: FileStore,
    max_bytes: int,
) -> EvidenceFile:
    """Store a file with a record and its passages, labelled as the record.

    The file is read whole before anything is written: a file that cannot be read (broken,
    encrypted, empty, too large, not what its name says) raises IngestError and leaves no row
    and no file. The bytes go to the store last, after the rows are flushed.
    """
    evidence = get(session=session, state_code=state_code, ref=ref)
    document = read_document(data, filename=filename, max_bytes=max_bytes)
    sha256 = sha256_of(data)
    if session.scalar(
        select(EvidenceFile.id).where(
            EvidenceFile.evidence_id == evidence.id, EvidenceFile.sha256 == sha256
        )
    ):
        raise Conflict(f"{evidence.ref} already holds this file (sha256 {sha256[:12]}…)")
    record = EvidenceFile(
        evidence_id=evidence.id,
        sha256=sha256,
        size=len(data),
        media_type=document.media_type,
        filename=_safe_name(filename),
        title=document.title,
        pages=document.pages,
        label=evidence.label,
    )
    session.add(record)
    session.flush()
    if document.passages:
        session.execute(
            insert(EvidencePassage),
            [
                {
                    "file_id": record.id,
                    "seq": n,
                    "page": p.page,
                    "text": p.text,
                    "label": evidence.label,
                }
                for n, p in enumerate(document.passages, start=1)
            ],
        )
    store.put(data)
    return record


def files_of(*, session: Session, evidence_ids: list[int]) -> dict[int, list[EvidenceFilePublic]]:
    """The visible files of some records, with their passage counts, in one query."""
    if not evidence_ids:
        return {}
    counts = (
        select(EvidencePassage.file_id, func.count(EvidencePassage.id).label("n"))
        .group_by(EvidencePassage.file_id)
        .subquery()
    )
    rows = session.execute(
        select(EvidenceFile, counts.c.n)
        .outerjoin(counts, counts.c.file_id == EvidenceFile.id)
        .where(EvidenceFile.evidence_id.in_(evidence_ids))
        .order_by(EvidenceFile.evidence_id, EvidenceFile.created_at, EvidenceFile.id)
    )
    found: dict[int, list[EvidenceFilePublic]] = {}
    for file, n in rows:
        found.setdefault(file.evidence_id, []).append(
            EvidenceFilePublic.model_validate(file).model_copy(update={"passages": n or 0})
        )
    return found


def list_files(*, session: Session, state_code: str, ref: str) -> list[EvidenceFilePublic]:
    evidence = get(session=session, state_code=state_code, ref=ref)
    return files_of(session=session, evidence_ids=[evidence.id]).get(evidence.id, [])


def get_file(
    *, session: Session, state_code: str, ref: str, sha256: str, store: FileStore
) -> tuple[EvidenceFile, bytes]:
    """A visible record's file and its bytes; a hidden record's file is NotFound, as a missing
    one is (the same message, so the answer tells nothing about what exists)."""
    missing = NotFound(f"no file {sha256[:64]!r} with evidence {ref!r}")
    try:
        evidence = get(session=session, state_code=state_code, ref=ref)
    except NotFound:
        raise missing from None
    record = session.scalar(
        select(EvidenceFile).where(
            EvidenceFile.evidence_id == evidence.id, EvidenceFile.sha256 == sha256
        )
    )
    data = store.get(sha256) if record is not None else None
    if record is None or data is None:
        raise missing
    return record, data


def _safe_name(filename: str) -> str:
    """The name shown and offered on download: the last path part, printable, at most 255."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '<>:"|?*').strip(" .")
    return (name or "file")[-255:]
