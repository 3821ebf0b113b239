"""The consolidated national report: one report whose sections answer several instruments.

Shaped like the 2016 Consolidated National Nuclear Security Report; the sections, the
provisions each answers and the items that fill it come from a mapping pack
(catalogue/data/cnnsr-map.yaml). Content is what the caller may see; the report carries the
highest label of what it contains.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from nucsec.access.visibility import highest
from nucsec.catalogue import default_pack
from nucsec.catalogue.mapping import cnnsr_map
from nucsec.glossary import title as human
from nucsec.reports.common import evidence_table, new_report, status_title
from nucsec.reports.detail import state_detail
from nucsec.reports.document import Block, Facts, Paragraph, Report, Section
from nucsec.reports.records import competence_blocks, cooperation_blocks
from nucsec.states import service as states


def consolidated_report(*, session: Session, state_code: str, today: date) -> Report:
    pack, mapping = default_pack(), cnnsr_map()
    state = states.get(session=session, code=state_code)
    detail = state_detail(session, state.code, today)
    labels: list[str] = [state.label]
    report = new_report("consolidated", mapping.title, state, "PUBLIC", today)
    report.sections.append(
        Section(
            id="about",
            title="About this report",
            blocks=[
                Paragraph(
                    "One report for several reporting channels: each section names the "
                    "provisions of "
                    "each instrument it answers (" + "; ".join(mapping.instruments.values()) + ")."
                ),
                Facts(
                    [
                        (
                            "Based on the assessment of",
                            detail.assessed_on.isoformat()
                            if detail.assessed_on
                            else "no assessment yet",
                        )
                    ]
                ),
            ],
        )
    )
    for entry in mapping.sections:
        provisions = [
            f"{mapping.instruments[k]}: {', '.join(v)}" for k, v in entry.provisions.items()
        ]
        section = Section(id=entry.id, title=entry.title, provisions=provisions)
        for item_id in entry.items:
            view = detail.items.get(item_id)
            blocks: list[Block] = []
            if view is None:
                blocks.append(Paragraph("No information at this report's level."))
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
            section.sections.append(
                Section(id=item_id, title=f"{item_id} {pack.item(item_id).title}", blocks=blocks)
            )
        if entry.id == "competence":
            section.blocks.extend(competence_blocks(session, state.code, labels))
        if entry.id == "cooperation":
            section.blocks.extend(cooperation_blocks(session, state.code, labels))
        report.sections.append(section)
    report.label = highest(labels).value
    return report
