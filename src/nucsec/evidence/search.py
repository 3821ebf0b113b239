"""Full-text search over a state's evidence: titles, publishers, notes and stored passages.

One interface over two engines: SQLite's FTS5 tables (kept by triggers, see migration 0017) and
PostgreSQL's `to_tsvector` GIN indexes. Both stem English words and require every word given.

The search is a select of `Evidence` joined to its match scores, so the session's visibility
rule applies to the rows and to the count alike: a record above the caller's clearance is never
matched, counted or quoted, and neither are its passages (a file carries its record's label).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Float, Integer, bindparam, column, func, literal_column, select, table
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.visibility import principal_of
from nucsec.db import Base
from nucsec.errors import Invalid
from nucsec.evidence.models import EVIDENCE_TEXT, Evidence, EvidenceFile, EvidenceLink
from nucsec.evidence.models import EvidencePassage as Passage
from nucsec.paging import Page, PageParams, paginate
from nucsec.states import service as states

MAX_TERMS = 20
PASSAGES_PER_HIT = 3
SNIPPET = 320  # characters of a passage shown around the first word found
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Filters:
    """Narrow a search: evidence of one kind, published in a date range, with one label, or
    linked to one framework item (in any of the state's assessments)."""

    kind: str | None = None
    published_from: date | None = None
    published_to: date | None = None
    label: Label | None = None
    item: str | None = None


class PassageHit(BaseModel):
    file: str  # the file's sha256, as in its download address
    filename: str
    page: int | None
    text: str


class SearchHit(BaseModel):
    ref: str
    title: str
    kind: str
    publisher: str | None
    published_on: date | None
    url: str | None
    label: Label
    passages: list[PassageHit]


def terms_of(text: str) -> list[str]:
    """The words searched for: punctuation and operators are ignored, so no input is a syntax
    error in either engine's query language."""
    words = [w.lower() for w in _WORD.findall(text) if w.strip("_")]
    if not words:
        raise Invalid("search: give at least one word to search for")
    return list(dict.fromkeys(words))[:MAX_TERMS]


def search(
    *, session: Session, state_code: str, text: str, filters: Filters, page: PageParams
) -> Page[SearchHit]:
    """The caller's visible evidence of a state matching every word of `text`, best first."""
    terms = terms_of(text)
    state = states.get(session=session, code=state_code)
    matcher = _Matcher.for_session(session, terms)
    matches = matcher.record_matches().union_all(matcher.passage_matches()).subquery()
    scores = (
        select(matches.c.evidence_id, func.min(matches.c.score).label("score"))
        .group_by(matches.c.evidence_id)
        .subquery()
    )
    query = (
        select(Evidence, scores.c.score)
        .join(scores, scores.c.evidence_id == Evidence.id)
        .where(Evidence.state_id == state.id, *_conditions(session, filters))
        .order_by(scores.c.score, Evidence.ref)
    )
    rows, total = paginate(session, query, page, count_column=Evidence.id)
    records = [row[0] for row in rows]
    passages = _passages(session, matcher, [r.id for r in records], terms)
    hits = [
        SearchHit(
            ref=r.ref,
            title=r.title,
            kind=r.kind,
            publisher=r.publisher,
            published_on=r.published_on,
            url=r.url,
            label=Label(r.label),
            passages=passages.get(r.id, []),
        )
        for r in records
    ]
    return Page[SearchHit].of(hits, total, page)


def _conditions(session: Session, filters: Filters) -> list[Any]:
    conditions: list[Any] = []
    if filters.kind:
        conditions.append(Evidence.kind == filters.kind)
    if filters.published_from:
        conditions.append(Evidence.published_on >= filters.published_from)
    if filters.published_to:
        conditions.append(Evidence.published_on <= filters.published_to)
    if filters.label:
        conditions.append(Evidence.label == Label(filters.label).value)
    if filters.item:
        # Through the table, not the assessments model (which builds on evidence): so the
        # visibility rule is applied here by hand, and a hidden item assessment links nothing.
        items = Base.metadata.tables["item_assessments"]
        allowed = [x.value for x in principal_of(session).clearance.at_or_below()]
        linked = (
            select(EvidenceLink.evidence_id)
            .join(items, items.c.id == EvidenceLink.item_assessment_id)
            .where(items.c.item_id == filters.item, items.c.label.in_(allowed))
        )
        conditions.append(Evidence.id.in_(linked))
    return conditions


class _Matcher:
    """The match condition and score of one engine; lower scores are better on both."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms

    @staticmethod
    def for_session(session: Session, terms: list[str]) -> _Matcher:
        dialect = session.get_bind().dialect.name
        if dialect == "sqlite":
            return _SQLiteMatcher(terms)
        if dialect == "postgresql":
            return _PostgresMatcher(terms)
        raise Invalid(f"full-text search is not available on {dialect}")

    def record_matches(self) -> Any:
        raise NotImplementedError

    def passage_matches(self) -> Any:
        raise NotImplementedError

    def passage_score(self) -> tuple[Any, list[Any]]:
        """The score column of a passage and the conditions that join and match it."""
        raise NotImplementedError


class _SQLiteMatcher(_Matcher):
    RECORDS = table("evidence_fts", column("rowid", Integer))
    PASSAGES = table("evidence_passages_fts", column("rowid", Integer))

    @property
    def query(self) -> Any:
        # Every word quoted: FTS5 reads it as a plain token, never as an operator or column.
        phrase = " ".join('"' + t.replace('"', '""') + '"' for t in self.terms)
        return bindparam("fts_query", phrase)

    def record_matches(self) -> Any:
        return select(
            self.RECORDS.c.rowid.label("evidence_id"),
            literal_column("bm25(evidence_fts, 10.0, 2.0, 1.0)", Float).label("score"),
        ).where(literal_column("evidence_fts").op("MATCH")(self.query))

    def passage_score(self) -> tuple[Any, list[Any]]:
        score = literal_column("bm25(evidence_passages_fts)", Float)
        return score, [
            self.PASSAGES.c.rowid == Passage.id,
            literal_column("evidence_passages_fts").op("MATCH")(self.query),
        ]

    def passage_matches(self) -> Any:
        score, conditions = self.passage_score()
        return (
            select(EvidenceFile.evidence_id.label("evidence_id"), score.label("score"))
            .select_from(self.PASSAGES)
            .join(Passage, conditions[0])
            .join(EvidenceFile, EvidenceFile.id == Passage.file_id)
            .where(conditions[1])
        )


class _PostgresMatcher(_Matcher):
    @property
    def query(self) -> Any:
        return func.plainto_tsquery(
            literal_column("'english'"), bindparam("ts_query", " ".join(self.terms))
        )

    def record_matches(self) -> Any:
        document: Any = literal_column(f"to_tsvector('english', {EVIDENCE_TEXT})")
        rank = func.ts_rank(document, self.query)
        return select(Evidence.id.label("evidence_id"), (-rank * 2.0).label("score")).where(
            document.op("@@")(self.query)
        )

    def passage_score(self) -> tuple[Any, list[Any]]:
        document = func.to_tsvector(literal_column("'english'"), Passage.text)
        return -func.ts_rank(document, self.query), [document.op("@@")(self.query)]

    def passage_matches(self) -> Any:
        score, conditions = self.passage_score()
        return (
            select(EvidenceFile.evidence_id.label("evidence_id"), score.label("score"))
            .select_from(Passage)
            .join(EvidenceFile, EvidenceFile.id == Passage.file_id)
            .where(*conditions)
        )


def _passages(
    session: Session, matcher: _Matcher, evidence_ids: list[int], terms: list[str]
) -> dict[int, list[PassageHit]]:
    """The best few matching passages of each record on the page, in one query."""
    if not evidence_ids:
        return {}
    score, conditions = matcher.passage_score()
    query = (
        select(
            EvidenceFile.evidence_id,
            EvidenceFile.sha256,
            EvidenceFile.filename,
            Passage.page,
            Passage.text,
        )
        .join(EvidenceFile, EvidenceFile.id == Passage.file_id)
        .where(EvidenceFile.evidence_id.in_(evidence_ids), *conditions)
        .order_by(score, Passage.id)
    )
    if isinstance(matcher, _SQLiteMatcher):
        query = query.join_from(Passage, matcher.PASSAGES, conditions[0])
    found: dict[int, list[PassageHit]] = {}
    for evidence_id, sha256, filename, page_number, passage in session.execute(query):
        hits = found.setdefault(evidence_id, [])
        if len(hits) < PASSAGES_PER_HIT:
            hits.append(
                PassageHit(
                    file=sha256, filename=filename, page=page_number, text=snippet(passage, terms)
                )
            )
    return found


def _start(term: str) -> str:
    """The part of a searched word that its other forms share ("inspections" → "inspect"):
    enough for a snippet and a highlight, which need not match the engine's stemmer exactly."""
    return term[: max(4, len(term) - 4)]


def marked(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """`text` cut into (segment, matched) pieces, a matched piece being a word that begins as a
    searched word does (by its stem's start, as in `snippet`): what the page highlights."""
    starts = tuple(_start(t) for t in terms if t)
    pieces: list[tuple[str, bool]] = []
    last = 0
    for word in _WORD.finditer(text):
        if word.group().lower().startswith(starts):
            if word.start() > last:
                pieces.append((text[last : word.start()], False))
            pieces.append((word.group(), True))
            last = word.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def snippet(text: str, terms: list[str], width: int = SNIPPET) -> str:
    """A window of `text` around the first searched word (by its stem's start), with ellipses."""
    if len(text) <= width:
        return text
    lowered = text.lower()
    positions = [lowered.find(_start(t)) for t in terms]
    first = min((p for p in positions if p >= 0), default=0)
    start = max(0, first - width // 3)
    start = text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(text), start + width)
    cut = text.rfind(" ", start, end) if end < len(text) else end
    end = cut if cut > start else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")
