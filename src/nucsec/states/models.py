"""The `states` table: a jurisdiction, its programme profile and its INFCIRC/869 subscription."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from nucsec.access.labels import Labelled
from nucsec.db import Base, utcnow


class State(Labelled, Base):
    __tablename__ = "states"
    __audit_key__ = "code"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # Programme profile (DESIGN §1): decides which framework items apply (graded approach).
    power_reactors: Mapped[bool] = mapped_column(default=False)
    research_reactors: Mapped[bool] = mapped_column(default=False)
    fuel_cycle_facilities: Mapped[bool] = mapped_column(default=False)
    material_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    radioactive_sources: Mapped[bool] = mapped_column(default=False)
    transport: Mapped[bool] = mapped_column(default=False)
    subscribed_on: Mapped[date | None] = mapped_column(Date)
    maturity: Mapped[str] = mapped_column(String(32))
    framework_id: Mapped[str] = mapped_column(String(64), default="infcirc869")
    # Where a comparison groups the state (free text, e.g. "Northern Europe"), and where its
    # facts come from: required for a real state (a code outside the user-assigned ranges).
    region: Mapped[str | None] = mapped_column(String(64), index=True)
    source: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
