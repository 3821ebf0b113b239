"""Legal register tables: national instruments with their provisions, adherence, prosecutions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nucsec.access.labels import Labelled
from nucsec.db import Base


class Instrument(Labelled, Base):
    """A national law, regulation, decree or licence condition.

    `provisions` maps article numbers to the requirements they meet:
    [{"article": "Art. 12", "requirements": ["CPPNM-2A-C", "1540-OP3b"]}].
    """

    __tablename__ = "legal_instruments"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(300))
    adopted_on: Mapped[date | None] = mapped_column(Date)
    reference: Mapped[str | None] = mapped_column(String(500))
    provisions: Mapped[list] = mapped_column(JSON, default=list)


class Adherence(Labelled, Base):
    """The state's adherence to an international instrument (NPT, CPPNM, ICSANT …)."""

    __tablename__ = "legal_adherence"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"), index=True)
    instrument: Mapped[str] = mapped_column(String(32))
    signed_on: Mapped[date | None] = mapped_column(Date)
    ratified_on: Mapped[date | None] = mapped_column(Date)
    acceded_on: Mapped[date | None] = mapped_column(Date)
    in_force_on: Mapped[date | None] = mapped_column(Date)
    remarks: Mapped[str | None] = mapped_column(Text)


class Prosecution(Labelled, Base):
    """The final outcome of proceedings for an offence (CPPNM Art. 14(2))."""

    __tablename__ = "legal_prosecutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"), index=True)
    case: Mapped[str] = mapped_column(String(200))
    decided_on: Mapped[date] = mapped_column(Date)
    offence_article: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(Text)
    states_informed: Mapped[str | None] = mapped_column(String(300))


class Contact(Labelled, Base):
    """A point of contact the state makes known under the amended CPPNM Art. 5(1)."""

    __tablename__ = "legal_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(300))
    since: Mapped[date | None] = mapped_column(Date)
