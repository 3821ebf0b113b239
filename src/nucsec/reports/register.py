"""The legal register as the reports read it: which provisions cite which requirement."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from nucsec.legal import service as legal
from nucsec.legal.models import Adherence, Contact, Instrument, Prosecution
from nucsec.legal.service import cited


@dataclass(frozen=True)
class Citation:
    instrument: Instrument
    article: str
    incomplete: bool  # cited with `?`: the reference may not be directly relevant or complete

    def text(self) -> str:
        mark = " (?)" if self.incomplete else ""
        return f"{self.instrument.title} ({self.instrument.ref}), {self.article}{mark}"


@dataclass(frozen=True)
class Register:
    instruments: list[Instrument]
    adherence: list[Adherence]
    prosecutions: list[Prosecution]
    contacts: list[Contact]

    def citations(self, requirement_id: str) -> list[Citation]:
        out = []
        for instrument in self.instruments:
            for provision in instrument.provisions:
                for req in provision["requirements"]:
                    rid, incomplete = cited(req)
                    if rid == requirement_id:
                        out.append(Citation(instrument, provision["article"], incomplete))
        return out

    def adherence_to(self, instrument: str) -> Adherence | None:
        return next((a for a in self.adherence if a.instrument == instrument), None)


def read_register(session: Session, state_code: str) -> Register:
    """What the caller may see of the state's register (the visibility rule filters it)."""

    def rows(kind: str) -> list:
        return legal.listing(session=session, state_code=state_code, record_type=kind)

    return Register(rows("instruments"), rows("adherence"), rows("prosecutions"), rows("contacts"))


def adherence_text(row: Adherence) -> str:
    steps = (
        ("signed", row.signed_on),
        ("ratified", row.ratified_on),
        ("acceded", row.acceded_on),
        ("in force", row.in_force_on),
    )
    return "; ".join(f"{name} {day.isoformat()}" for name, day in steps if day)
