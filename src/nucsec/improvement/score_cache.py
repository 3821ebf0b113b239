"""The persisted score cache: each assessment's scores under a basis that names every input.

The basis hashes the audit chain's head (sequence and hash: every write of a record moves it, and
a rolled-back sequence number comes back with another hash), the date the assessment is scored as
of, the programme's scopes, and the pack and scoring code (their bytes, so an upgrade that
changes a rule or a constant is a new basis). A score is only ever read under the basis it was
computed with, so an edit, a new review or a new pack can never be answered with an old score;
rows of older heads are deleted as new ones are stored.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from nucsec.assessments.models import Assessment
from nucsec.assessments.scoring import Scores
from nucsec.improvement.models import ScoreCache

SHORT_LIST = 20
"""Up to this many assessment IDs go into an IN list; more are selected by their states."""

Head = tuple[int, str]


@cache
def code_key() -> str:
    """A hash of the shipped pack and of the modules whose code decides a score."""
    from nucsec import dates
    from nucsec.assessments import scoring
    from nucsec.improvement import figures, records

    digest = hashlib.sha256()
    digest.update((files("nucsec.catalogue") / "data" / "infcirc869.yaml").read_bytes())
    for module in (scoring, records, figures, dates):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()


def basis(head: Head, as_of: date, scopes: Iterable[str]) -> str:
    """The key of one assessment's scores: the same inputs give the same basis, any change
    of them another."""
    text = "|".join((code_key(), str(head[0]), head[1], as_of.isoformat(), *sorted(scopes)))
    return hashlib.sha256(text.encode()).hexdigest()


def encode(scores: Scores) -> str:
    return json.dumps(
        [
            scores.overall,
            scores.commitments,
            scores.elements,
            scores.weakest_commitment,
            scores.confidence,
            scores.demonstrated_share,
            scores.measure_coverage,
            scores.counts,
            scores.transparency,
            scores.assurance,
            scores.optional,
            scores.flags,
            scores.rules_version,
        ],
        separators=(",", ":"),
    )


def decode(text: str) -> Scores:
    """The scores as computed: JSON keeps float values and key order exactly."""
    (
        overall, commitments, elements, weakest, confidence, demonstrated, coverage, counts,
        transparency, assurance, optional, flags, rules_version,
    ) = json.loads(text)  # fmt: skip
    return Scores(
        overall=overall,
        commitments=commitments,
        elements=elements,
        weakest_commitment=weakest,
        confidence=confidence,
        demonstrated_share=demonstrated,
        measure_coverage=coverage,
        counts=counts,
        transparency=transparency,
        assurance=assurance,
        optional=optional,
        flags=tuple((item, flag) for item, flag in flags),
        rules_version=rules_version,
    )


def load(
    connection: Connection, head: Head, keys: Mapping[int, str], state_ids: list[int]
) -> dict[int, Scores]:
    """The cached scores of the assessments in `keys` (assessment → basis) whose row holds
    exactly that basis, in one query."""
    if not keys:
        return {}
    query = select(ScoreCache.assessment_id, ScoreCache.basis, ScoreCache.scores).where(
        ScoreCache.head_seq == head[0]
    )
    if len(keys) <= SHORT_LIST:
        query = query.where(ScoreCache.assessment_id.in_(list(keys)))
    else:  # a short IN list of states, not hundreds of bound parameters
        query = query.join(Assessment, Assessment.id == ScoreCache.assessment_id).where(
            Assessment.state_id.in_(state_ids)
        )
    return {
        assessment_id: decode(text)
        for assessment_id, key, text in connection.execute(query)
        if keys.get(assessment_id) == key
    }


def store(
    connection: Connection, head: Head, keys: Mapping[int, str], computed: Mapping[int, Scores]
) -> None:
    """Keep computed scores, in the caller's transaction (a rolled-back one keeps nothing), and
    drop rows of older heads. In a savepoint: the cache is an optimisation, so a write it cannot
    make (a concurrent writer, a deleted assessment) leaves the caller's work untouched."""
    if not computed:
        return
    values = [
        {"assessment_id": a, "basis": keys[a], "head_seq": head[0], "scores": encode(s)}
        for a, s in sorted(computed.items())  # one order everywhere: no lock-order deadlock
    ]
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        statement: Any = pg_insert(ScoreCache).on_conflict_do_nothing()
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        statement = sqlite_insert(ScoreCache).on_conflict_do_nothing()
    try:
        with connection.begin_nested():
            connection.execute(delete(ScoreCache).where(ScoreCache.head_seq < head[0]))
            connection.execute(statement, values)
    except DBAPIError:
        pass
