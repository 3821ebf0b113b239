"""Computed scores kept per assessment, so the history of a state is not scored on every view."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nucsec.db import Base


class ScoreCache(Base):
    """One assessment's scores under one basis: a hash of everything the scores depend on (the
    audit chain's head, which every write moves; the date scored as of; the programme's scopes;
    the pack and the scoring code). A row whose basis is not the current one is never read, so
    the cache cannot serve a stale score.

    Not a record: derived figures, read only by `improvement.figures` for callers cleared to
    see figures (it carries no label of its own, like the audit head), never audited, and
    rebuilt at will: deleting every row only costs one re-scoring.
    """

    __tablename__ = "score_cache"
    __audited__ = False

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    basis: Mapped[str] = mapped_column(String(64), primary_key=True)
    head_seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), index=True)
    scores: Mapped[str] = mapped_column(Text)
