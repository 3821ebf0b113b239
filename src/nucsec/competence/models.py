"""Competence records (positions, training, certification, culture) and cooperation activities.

Positions, not named people; certification as aggregate numbers: nothing here identifies a
person.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nucsec.access.labels import Labelled
from nucsec.db import Base


class Position(Labelled, Base):
    __tablename__ = "positions"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200))
    qualification_required: Mapped[bool] = mapped_column(default=False)
    qualification: Mapped[str | None] = mapped_column(String(200))
    renewal_months: Mapped[int | None]


class Training(Labelled, Base):
    __tablename__ = "trainings"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"), index=True)
    period: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    provider: Mapped[str] = mapped_column(String(32))
    audience: Mapped[str | None] = mapped_column(String(200))
    hours: Mapped[float] = mapped_column(Float, default=0)


class Certification(Labelled, Base):
    __tablename__ = "certifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"), index=True)
    period: Mapped[int]
    scheme: Mapped[str] = mapped_column(String(200))
    certified: Mapped[int]


class CultureActivity(Labelled, Base):
    __tablename__ = "culture_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"), index=True)
    period: Mapped[int]
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)


class CooperationActivity(Labelled, Base):
    __tablename__ = "cooperation_activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    actions: Mapped[list[str]] = mapped_column(JSON, default=list)
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(Date)
    partners: Mapped[str | None] = mapped_column(String(300))
    amount: Mapped[float | None] = mapped_column(Float)
    public_summary: Mapped[str | None] = mapped_column(Text)
