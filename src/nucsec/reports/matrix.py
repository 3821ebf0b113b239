"""A UNSCR 1540-style matrix: where each measure is documented, not how well it is met.

Rows are the framework items the mapping pack ties to UNSCR 1540 provisions. A cell is `X`
when a law or regulation documents the item, `?` when work is under way without one, `NA`
when the item does not apply, and blank otherwise. Like the 1540 Committee's matrix, it is a
reference document, not a compliance score.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from nucsec.access.visibility import highest
from nucsec.catalogue import default_pack
from nucsec.catalogue.mapping import cnnsr_map
from nucsec.reports.common import new_report
from nucsec.reports.detail import state_detail
from nucsec.reports.document import Notice, Report, Section, Table
from nucsec.states import service as states

LEGAL_KINDS = frozenset({"law", "regulation", "licence_requirement"})
DISCLAIMER = (
    "This matrix records where the measures are documented, from the evidence held. "
    "It is a reference document: it is not a compliance score and does not judge "
    "how well a measure is implemented."
)


def cell(status: str | None, has_legal_text: bool) -> str:
    if status == "not_applicable":
        return "NA"
    if has_legal_text:
        return "X"
    if status in ("planned", "in_progress", "implemented", "sustained"):
        return "?"
    return ""


def matrix_report(*, session: Session, state_code: str, today: date) -> Report:
    pack, mapping = default_pack(), cnnsr_map()
    state = states.get(session=session, code=state_code)
    detail = state_detail(session, state.code, today)
    labels: list[str] = [state.label]
    rows = []
    for entry in mapping.sections:
        provisions = entry.provisions.get("unscr1540")
        if not provisions:
            continue
        for item_id in entry.items:
            view = detail.items.get(item_id)
            legal = [d for d in detail.documents(item_id) if d.kind in LEGAL_KINDS]
            labels.extend(d.label for d in legal)
            if view is not None:
                labels.append(view.label)
                if view.note:
                    labels.append(view.note_label or "OFFICIAL")
            rows.append(
                [
                    ", ".join(provisions),
                    item_id,
                    pack.item(item_id).title,
                    cell(view.status if view else None, bool(legal)),
                    "; ".join(f"{d.title} ({d.ref})" for d in legal),
                    (view.note or "") if view else "",
                ]
            )
    report = new_report("matrix", "UNSCR 1540-style matrix", state, "PUBLIC", today)
    report.sections.append(
        Section(
            id="matrix",
            title="Matrix",
            blocks=[
                Notice(DISCLAIMER),
                Table(
                    ["UNSCR 1540", "Item", "Measure", "Cell", "Legal reference", "Remarks"],
                    rows,
                    "X: documented by law or regulation; ?: under way, no legal text held; "
                    "NA: not applicable; blank: no information.",
                ),
            ],
        )
    )
    report.label = highest(labels).value
    return report
