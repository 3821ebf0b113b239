"""The CPPNM Article 14 report, built from the legal register.

Three parts: (1) the laws and regulations that give effect to the Convention and its 2005
Amendment (Art. 14(1)); (2) the final outcomes of prosecutions (Art. 14(2)); and the points
of contact the amended Art. 5(1) asks States to make known, as designated by national law.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from nucsec.access.visibility import highest
from nucsec.glossary import title as human
from nucsec.legal.packs import requirement_packs
from nucsec.legal.service import cited
from nucsec.reports.common import new_report
from nucsec.reports.document import Facts, Notice, Paragraph, Report, Section, Table
from nucsec.reports.register import adherence_text, read_register
from nucsec.states import service as states

POINTS_OF_CONTACT = "CPPNM-5-1"
EXEMPTION = (
    "Art. 14(3): proceedings for offences involving nuclear material in domestic use, storage "
    "or transport, or a nuclear facility, where the alleged offender and the material stay in "
    "the territory, need not be reported."
)


def cppnm14_report(*, session: Session, state_code: str, today: date) -> Report:
    pack = requirement_packs()["cppnm"]
    titles = {cid: f"{r.cite} {r.title}" for cid, r in pack.citable.items()}
    state = states.get(session=session, code=state_code)
    register = read_register(session, state.code)
    labels: list[str] = [state.label]
    report = new_report("cppnm14", "CPPNM Article 14 report", state, "PUBLIC", today)

    adherence = []
    for short, name in (("CPPNM", "Convention"), ("CPPNM-A", "2005 Amendment")):
        row = register.adherence_to(short)
        if row is not None:
            labels.append(row.label)
        adherence.append((name, (adherence_text(row) if row else "") or "not recorded"))
    laws = []
    for instrument in register.instruments:
        articles = [
            f"{p['article']}: {', '.join(titles[cited(r)[0]] for r in cpp)}"
            for p in instrument.provisions
            if (cpp := [r for r in p["requirements"] if cited(r)[0] in titles])
        ]
        if articles:
            labels.append(instrument.label)
            laws.append(
                [
                    instrument.ref,
                    instrument.title,
                    human(instrument.kind),
                    instrument.adopted_on.isoformat() if instrument.adopted_on else "",
                    instrument.reference or "",
                    "; ".join(articles),
                ]
            )
    report.sections.append(
        Section(
            id="laws",
            title="1. Laws and regulations giving effect to the Convention and its Amendment",
            provisions=["Amended CPPNM: Art. 14(1)"],
            blocks=[
                Facts(adherence),
                Table(
                    ["Ref", "Instrument", "Kind", "Adopted", "Official reference", "Provisions"]
                    if laws
                    else ["Ref", "Instrument"],
                    laws or [["", "No instrument in the register cites the Convention"]],
                ),
            ],
        )
    )

    cases = [
        [
            p.case,
            p.decided_on.isoformat(),
            p.offence_article,
            p.outcome,
            p.states_informed or "",
        ]
        for p in register.prosecutions
    ]
    labels.extend(p.label for p in register.prosecutions)
    report.sections.append(
        Section(
            id="prosecutions",
            title="2. Outcomes of prosecutions",
            provisions=["Amended CPPNM: Art. 14(2)"],
            blocks=[
                Table(
                    ["Case", "Decided", "Offence (Art. 7)", "Final outcome", "States informed"],
                    cases,
                )
                if cases
                else Paragraph("No final outcome of proceedings is recorded."),
                Notice(EXEMPTION),
            ],
        )
    )

    people = [
        [c.name, c.role, c.channel, c.since.isoformat() if c.since else ""]
        for c in register.contacts
    ]
    labels.extend(c.label for c in register.contacts)
    designations = [
        [c.instrument.title, c.instrument.ref, c.article]
        for c in register.citations(POINTS_OF_CONTACT)
    ]
    labels.extend(c.instrument.label for c in register.citations(POINTS_OF_CONTACT))
    report.sections.append(
        Section(
            id="points-of-contact",
            title="3. Points of contact",
            provisions=["Amended CPPNM: Art. 5(1)"],
            blocks=[
                Table(
                    ["Name or office", "Role", "Contact channel", "Since"],
                    people,
                    "Points of contact",
                )
                if people
                else Paragraph("No point of contact is recorded."),
                Table(["Designated by", "Ref", "Provision"], designations, "Designating provisions")
                if designations
                else Paragraph("No provision designating a point of contact is recorded."),
            ],
        )
    )
    report.label = highest(labels).value
    return report
