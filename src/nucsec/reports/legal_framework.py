"""The legal-framework report of measure M-REG-04: how the national framework meets a
requirement pack (first, the Fundamental Principles of the amended CPPNM, Art. 2A(3) A–L).

Each requirement of the chosen pack is listed with the provisions of the register that cite
it, and every requirement no provision cites is named as a gap. Only what the builder may see
counts: a requirement met only by a hidden instrument shows as a gap at a lower level, which is
what a reader at that level can demonstrate.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from nucsec.access.visibility import highest
from nucsec.legal.packs import Requirement, RequirementPack, requirement_packs
from nucsec.reports.common import new_report
from nucsec.reports.document import Bullets, Facts, Notice, Paragraph, Report, Section, Table
from nucsec.reports.register import Citation, Register, read_register
from nucsec.states import service as states
from nucsec.validation import one_of

MEASURE = "M-REG-04"
DEFAULT_PACK = "cppnm"
MET, INCOMPLETE, GAP = "met", "reference incomplete (?)", "gap"
NOTICE = (
    "This report lists where the national legal register cites each requirement. It is not a "
    "legal opinion and not a compliance score: a cited provision shows where the requirement "
    "is addressed, not that it is met in full."
)


def requirement_pack(pack_id: str) -> RequirementPack:
    return one_of("requirement pack", pack_id, requirement_packs())


def _citations(register: Register, req: Requirement) -> list[Citation]:
    return [c for cid in req.citable for c in register.citations(cid)]


def _state_of(citations: list[Citation]) -> str:
    if any(not c.incomplete for c in citations):
        return MET
    return INCOMPLETE if citations else GAP


def legal_framework_report(
    *, session: Session, state_code: str, today: date, pack: str = DEFAULT_PACK
) -> Report:
    chosen = requirement_pack(pack)
    state = states.get(session=session, code=state_code)
    register = read_register(session, state.code)
    labels: list[str] = [state.label]
    report = new_report(
        "legal-framework",
        f"Legal and regulatory framework report ({chosen.pack.short})",
        state,
        "PUBLIC",
        today,
    )
    gaps: list[str] = []
    counts = {MET: 0, INCOMPLETE: 0, GAP: 0}
    groups: list[Section] = []
    for group in chosen.groups:
        rows = []
        for req in chosen.in_group(group.id):
            citations = _citations(register, req)
            labels.extend(c.instrument.label for c in citations)
            state_ = _state_of(citations)
            counts[state_] += 1
            if state_ != MET:
                gaps.append(f"{req.cite} {req.title} ({req.id}): {state_}")
            rows.append(
                [
                    req.id,
                    f"{req.cite} {req.title}",
                    "; ".join(c.text() for c in citations) or "none in the register",
                    ", ".join(req.items),
                    state_,
                ]
            )
        groups.append(
            Section(
                id=f"group-{group.id.lower()}",
                title=group.title,
                provisions=[f"{chosen.pack.short}: {group.title.split(' — ')[0]}"],
                blocks=[
                    Table(
                        [
                            "ID",
                            "Requirement",
                            "Provisions that meet it",
                            "Framework items",
                            "Result",
                        ],
                        rows,
                    )
                ],
            )
        )
    report.sections.append(
        Section(
            id="about",
            title="About this report",
            provisions=[f"INFCIRC/869 measure {MEASURE}"],
            blocks=[
                Paragraph(
                    f"How the national legal and regulatory framework of {state.name} meets "
                    f"the requirements of {chosen.pack.title} ({chosen.pack.source or ''})."
                ),
                Notice(NOTICE),
                Facts(
                    [
                        ("Requirements", str(sum(counts.values()))),
                        ("Met by a provision", str(counts[MET])),
                        ("Reference incomplete (?)", str(counts[INCOMPLETE])),
                        ("Gaps", str(counts[GAP])),
                    ]
                ),
            ],
        )
    )
    report.sections.extend(groups)
    report.sections.append(
        Section(
            id="gaps",
            title="Gaps",
            blocks=[
                Bullets(gaps)
                if gaps
                else Paragraph("Every requirement is met by a provision of the register.")
            ],
        )
    )
    report.label = highest(labels).value
    return report
