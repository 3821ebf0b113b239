"""The consolidated national report: one report whose sections answer several instruments.

The sections come from an editable pack (reports/data/consolidated.yaml): grouped by subject,
each naming the provisions it covers (requirement IDs of the packs, framework item IDs). They
follow the CNNSR's idea and are not its official template, and the report says so. Each
section shows the coordinator's narrative, the national provisions that cite what it covers
(so a PUBLIC report shows the published law), and the framework items that fill it. The report
is built at a release level (the builder's clearance) and carries the highest label it holds.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.visibility import highest, principal_of
from nucsec.catalogue import default_pack
from nucsec.glossary import title as human
from nucsec.legal.packs import ENTRY_TITLES, requirement_packs
from nucsec.legal.schemas import INTERNATIONAL
from nucsec.reports.common import evidence_table, new_report, status_title
from nucsec.reports.detail import StateDetail, state_detail
from nucsec.reports.document import Block, Facts, Notice, Paragraph, Report, Section, Table
from nucsec.reports.narratives import narratives
from nucsec.reports.records import competence_blocks, cooperation_blocks
from nucsec.reports.register import Register, adherence_text, read_register
from nucsec.reports.sections import FRAMEWORK, ReportSection, requirement
from nucsec.reports.sections import consolidated_sections as sections_pack
from nucsec.states import service as states

FRAMEWORK_NAME = "INFCIRC/869 Joint Statement"


def _instrument_name(key: str) -> str:
    return FRAMEWORK_NAME if key == FRAMEWORK else requirement_packs()[key].pack.short


def _provisions(entry: ReportSection) -> list[str]:
    out = []
    for key, ids in entry.covers.items():
        if key == FRAMEWORK:
            named = ids
        else:
            reqs = [requirement(key, i) for i in ids]
            named = [f"{r.cite} {r.title}" for r in reqs if r is not None]
        out.append(f"{_instrument_name(key)}: {', '.join(named)}")
    return out


def _law(entry: ReportSection, register: Register, labels: list[str]) -> Block:
    """The national provisions citing the requirements the section covers."""
    rows, seen = [], set()
    for key, ids in entry.covers.items():
        if key == FRAMEWORK:
            continue
        for ident in ids:
            req = requirement(key, ident)
            if req is None:
                continue
            for cid in req.citable if ident == req.id else [ident]:
                for c in register.citations(cid):
                    if (cid, c.instrument.ref, c.article) in seen:
                        continue
                    seen.add((cid, c.instrument.ref, c.article))
                    labels.append(c.instrument.label)
                    rows.append(
                        [
                            f"{req.cite} {req.title}"
                            + (f" ({ENTRY_TITLES[cid.rsplit('-', 1)[1]]})" if req.entries else ""),
                            f"{c.instrument.title} ({c.instrument.ref})",
                            c.article + (" (?)" if c.incomplete else ""),
                            c.instrument.reference or "",
                        ]
                    )
    if not rows:
        return Paragraph("No national provision at this report's level cites these provisions.")
    return Table(
        ["Provision covered", "National instrument", "Article", "Official reference"],
        rows,
        "National law and regulations",
    )


def _item(item_id: str, detail: StateDetail, labels: list[str]) -> Section:
    view = detail.items.get(item_id)
    blocks: list[Block] = []
    if view is None:
        blocks.append(Paragraph("No assessment of this item at this report's level."))
    else:
        labels.append(view.label)
        facts = [
            ("Status", status_title(view.status)),
            ("Demonstration", human(view.demonstration)),
        ]
        if view.status == "not_applicable" and view.justification:
            facts.append(("Justification", view.justification))
        blocks.append(Facts(facts))
        if view.note:
            labels.append(view.note_label or "OFFICIAL")
            blocks.append(Paragraph(view.note))
        docs = detail.documents(item_id)
        labels.extend(d.label for d in docs)
        if docs:
            blocks.append(evidence_table(docs, "Evidence"))
    return Section(
        id=item_id, title=f"{item_id} {default_pack().item(item_id).title}", blocks=blocks
    )


def consolidated_report(*, session: Session, state_code: str, today: date) -> Report:
    pack = sections_pack()
    level = principal_of(session).clearance
    state = states.get(session=session, code=state_code)
    detail = state_detail(session, state.code, today)
    register = read_register(session, state.code)
    written = narratives(session=session, state_code=state.code)
    labels: list[str] = [state.label]
    report = new_report("consolidated", pack.pack.title, state, "PUBLIC", today)
    instruments = [FRAMEWORK_NAME] + [p.pack.short for p in requirement_packs().values()]
    report.sections.append(
        Section(
            id="about",
            title="About this report",
            blocks=[
                Notice(pack.pack.note),
                Paragraph(
                    "One report for several reporting channels, organised by subject: each "
                    "section names the provisions of each instrument it covers ("
                    + "; ".join(instruments)
                    + ")."
                ),
                Facts(
                    [
                        ("Release level", level.value),
                        (
                            "Based on the assessment of",
                            detail.assessed_on.isoformat()
                            if detail.assessed_on
                            else "no assessment at this report's level",
                        ),
                        ("Sections", f"{pack.pack.id} version {pack.pack.version}"),
                    ]
                ),
            ],
        )
    )
    adherence = []
    for short, name in INTERNATIONAL.items():
        row = register.adherence_to(short)
        if row is not None:
            labels.append(row.label)
            adherence.append([name, adherence_text(row), row.remarks or ""])
    report.sections.append(
        Section(
            id="instruments",
            title="International instruments",
            blocks=[
                Table(["Instrument", "Adherence", "Remarks"], adherence)
                if adherence
                else Paragraph("No adherence is recorded at this report's level.")
            ],
        )
    )
    for subject in pack.subjects:
        group = Section(id=f"subject-{subject.id}", title=subject.title)
        for entry in subject.sections:
            section = Section(id=entry.id, title=entry.title, provisions=_provisions(entry))
            for narrative in written.get(entry.id, []):
                labels.append(narrative.label)
                section.blocks.append(Paragraph(narrative.text))
            if len(entry.covers) > 1 or FRAMEWORK not in entry.covers:
                section.blocks.append(_law(entry, register, labels))
            if entry.id == "competence":
                section.blocks.extend(
                    competence_blocks(session, state.code, labels, public=level is Label.PUBLIC)
                )
            if entry.id == "cooperation":
                section.blocks.extend(cooperation_blocks(session, state.code, labels))
            section.sections.extend(_item(i, detail, labels) for i in entry.items)
            group.sections.append(section)
        report.sections.append(group)
    report.label = highest(labels).value
    return report
