"""The UNSCR 1540 matrix in the Committee's shape, nuclear column only, from the legal register.

Rows come from the 1540 requirement pack (OP1 instruments; OP2 prohibitions with a "National
legal framework" and an "Enforcement" entry; OP3 (a)–(d)). A cell is `X` when a provision of a
national instrument meets the entry, `?` when the only references are marked as possibly not
directly relevant or incomplete, `NA` when every framework item the row links to is assessed
not applicable, and blank otherwise. Like the Committee's, it is not a compliance tool.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from nucsec.access.visibility import highest
from nucsec.legal.packs import ENTRY_TITLES, Requirement, requirement_packs
from nucsec.reports.common import new_report
from nucsec.reports.detail import StateDetail, state_detail
from nucsec.reports.document import Bullets, Notice, Report, Section, Table
from nucsec.reports.register import Citation, Register, adherence_text, read_register
from nucsec.states import service as states

MARKS = ("X", "?", "NA", "")
DISCLAIMER = (
    "Like the 1540 Committee's matrix, this matrix organises information on the measures "
    "taken; it is not a tool for measuring compliance. An X does not mean that the "
    "obligation is met in full."
)
MEANINGS = [
    "X: the State has taken the step; a provision of a national instrument is cited "
    "(this does not mean the obligation is met in full).",
    "?: the references may not be directly relevant or are incomplete.",
    "NA: not applicable.",
    "Blank: no information held in the legal register.",
]
COLUMN_NOTE = (
    "Only the nuclear weapons column (nuclear material, facilities and related activities) is "
    "covered; the chemical and biological columns are not. Voluntary contributions (such as to "
    "the Nuclear Security Fund or WINS) are not listed under OP 7 or OP 8."
)


def cell(citations: list[Citation], not_applicable: bool) -> str:
    if any(not c.incomplete for c in citations):
        return "X"
    if citations:
        return "?"
    return "NA" if not_applicable else ""


def _not_applicable(req: Requirement, detail: StateDetail, labels: list[str]) -> bool:
    views = [detail.items.get(i) for i in req.items]
    if not views or any(v is None or v.status != "not_applicable" for v in views):
        return False
    labels.extend(v.label for v in views if v is not None)
    return True


def _remarks(citations: list[Citation], not_applicable: bool) -> str:
    refs = sorted({c.instrument.reference for c in citations if c.instrument.reference})
    if not citations and not_applicable:
        return "Linked framework items assessed not applicable"
    return "; ".join(refs)


def _op1(register: Register, reqs: list[Requirement], labels: list[str]) -> Table:
    rows = []
    for req in reqs:
        row = register.adherence_to(req.instrument or "")
        info = adherence_text(row) if row else ""
        if row:
            labels.append(row.label)
        rows.append(
            [req.id, req.title, "X" if info else "", info, (row.remarks or "") if row else ""]
        )
    return Table(
        ["Row", "Instrument", "X / ? / NA", "If yes, relevant information", "Remarks"],
        rows,
        "X: the State is party or has signed (from the register of adherence).",
    )


def _entries(
    register: Register, detail: StateDetail, reqs: list[Requirement], labels: list[str]
) -> Table:
    rows = []
    for req in reqs:
        na = _not_applicable(req, detail, labels)
        for entry in req.entries:
            citations = register.citations(req.entry_id(entry))
            labels.extend(c.instrument.label for c in citations)
            rows.append(
                [
                    req.entry_id(entry),
                    f"{req.cite}: {req.title}",
                    ENTRY_TITLES[entry],
                    cell(citations, na),
                    "; ".join(c.text() for c in citations),
                    _remarks(citations, na),
                ]
            )
    return Table(
        ["Row", "Obligation", "Entry", "X / ? / NA", "Legal reference", "Remarks"],
        rows,
        " ".join(MEANINGS),
    )


def matrix_report(*, session: Session, state_code: str, today: date) -> Report:
    pack = requirement_packs()["unscr1540"]
    state = states.get(session=session, code=state_code)
    register = read_register(session, state.code)
    detail = state_detail(session, state.code, today)
    labels: list[str] = [state.label]
    report = new_report("matrix", "UNSCR 1540 matrix (nuclear column)", state, "PUBLIC", today)
    report.sections.append(
        Section(
            id="about",
            title="About this matrix",
            blocks=[Notice(DISCLAIMER), Bullets(MEANINGS), Notice(COLUMN_NOTE)],
        )
    )
    for group in pack.groups:
        reqs = pack.in_group(group.id)
        table = (
            _op1(register, reqs, labels)
            if group.id == "OP1"
            else _entries(register, detail, reqs, labels)
        )
        report.sections.append(
            Section(id=group.id.lower(), title=group.title, blocks=[table], provisions=[])
        )
    report.label = highest(labels).value
    return report
