"""The coordinator's narratives of the consolidated report's sections, one per section and label.

A narrative is a labelled record like any other: a report built at a release level shows the
narratives at or below it, so the coordinator may write one text to publish and another to
share in confidence.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.principal import Permission
from nucsec.access.visibility import check_label, principal_of
from nucsec.errors import Forbidden, Invalid
from nucsec.reports.models import Narrative
from nucsec.reports.sections import consolidated_sections
from nucsec.states import service as states
from nucsec.validation import LONG_TEXT


def set_narrative(
    *, session: Session, state_code: str, section: str, text: str, label: Label | str
) -> Narrative:
    """Write (or replace) the narrative of `section` at `label`; empty text is refused."""
    principal = principal_of(session)
    if not principal.can(Permission.write_records):
        raise Forbidden(f"your role ({principal.role}) may not write narratives")
    known = consolidated_sections().section_ids()
    if section not in known:
        raise Invalid(f"unknown section {section!r}; use one of {', '.join(known)}")
    text = text.strip()
    if not text:
        raise Invalid("text: the narrative is empty")
    if len(text) > LONG_TEXT:
        raise Invalid(f"text: at most {LONG_TEXT} characters")
    try:
        wanted = Label(label)
    except ValueError:
        raise Invalid(f"label: unknown label {label!r}; use one of {', '.join(Label)}") from None
    wanted = check_label(session, wanted)
    state = states.get(session=session, code=state_code)
    row = session.scalar(
        select(Narrative).where(
            Narrative.state_id == state.id,
            Narrative.section == section,
            Narrative.label == wanted.value,
        )
    )
    if row is None:
        row = Narrative(state_id=state.id, section=section, label=wanted.value, text=text)
        session.add(row)
    row.text = text
    row.updated_by = principal.username
    session.flush()
    return row


def narratives(*, session: Session, state_code: str) -> dict[str, list[Narrative]]:
    """The narratives the caller may see, by section, lowest label first."""
    state = states.get(session=session, code=state_code)
    found: dict[str, list[Narrative]] = {}
    for row in session.scalars(select(Narrative).where(Narrative.state_id == state.id)):
        found.setdefault(row.section, []).append(row)
    for rows in found.values():
        rows.sort(key=lambda r: Label(r.label).rank)
    return found
