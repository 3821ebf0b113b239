"""The public confidence-building report, organised by the four areas of the guide's metrics.

Safe by construction: it refuses to be built by anyone but the PUBLIC principal, so every
record it reads has passed the PUBLIC visibility rule. Non-public text reaches it only through
a reviewer-approved public summary, and figures only once a coordinator approved them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.visibility import principal_of
from nucsec.assessments import service as assessments
from nucsec.catalogue import default_pack
from nucsec.errors import NotFound
from nucsec.evidence import service as evidence
from nucsec.improvement import figures as figures_service
from nucsec.reports.common import (
    commitment_chart,
    evidence_table,
    new_report,
    number,
    status_title,
    trend_chart,
)
from nucsec.reports.document import Block, Bullets, Facts, Paragraph, Report, Section, Table
from nucsec.reports.records import competence_blocks, cooperation_blocks
from nucsec.reviews import service as reviews
from nucsec.states import service as states

REVIEW_KIND_TITLES = {k.id: k.title for k in default_pack().reviews.kinds}


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def public_report(*, session: Session, state_code: str, today: date) -> Report:
    principal = principal_of(session)
    if principal.clearance is not Label.PUBLIC:
        raise RuntimeError("the public report is built by the PUBLIC principal only")
    pack = default_pack()
    state = states.get(session=session, code=state_code)
    report = new_report(
        "public",
        "Confidence-building report on the implementation of INFCIRC/869",
        state,
        Label.PUBLIC.value,
        today,
    )
    try:
        approved = figures_service.figures(session=session, state_code=state.code)
    except NotFound:
        approved = None
    summaries = reviews.published_summaries(session=session, state_code=state.code)
    latest = assessments.latest_id(session=session, state_id=state.id)
    linked = (
        assessments.linked_in_assessment(session=session, assessment_id=latest) if latest else {}
    )
    report.sections.append(_overview(state, approved))
    measures = approved.get("measures", {}) if approved else {}
    for area in pack.measure_areas:
        section = Section(id=f"area-{area.id.lower()}", title=area.title)
        for measure in (m for m in pack.measures if m.area == area.id):
            docs = linked.get(measure.id, [])
            blocks: list[Block] = [
                Facts(
                    [
                        ("Measure", measure.id),
                        ("Status", status_title(measures.get(measure.id))),
                        ("Commitments", ", ".join(measure.commitments)),
                    ]
                )
            ]
            if docs:
                blocks.append(evidence_table(docs, "What is published"))
            else:
                blocks.append(Paragraph("Nothing published for this measure yet."))
            section.sections.append(Section(id=measure.id, title=measure.title, blocks=blocks))
        if area.id == "SAPR":
            section.blocks.extend(_improvement(approved, summaries))
        if area.id == "COMP":
            section.blocks.extend(competence_blocks(session, state.code))
        if area.id == "COOP":
            section.blocks.extend(cooperation_blocks(session, state.code))
        report.sections.append(section)
    published = evidence.list_for_state(session=session, state_code=state.code)
    report.sections.append(
        Section(
            id="annex-documents",
            title="Annex: published documents",
            blocks=[evidence_table(published)]
            if published
            else [Paragraph("No document published yet.")],
        )
    )
    return report


def _overview(state, approved) -> Section:
    facts = [
        ("State", f"{state.name} ({state.code})"),
        (
            "Subscribed to INFCIRC/869",
            state.subscribed_on.isoformat() if state.subscribed_on else "not recorded",
        ),
    ]
    section = Section(id="overview", title="Implementation at a glance")
    if approved is None:
        section.blocks = [
            Facts(facts),
            Paragraph("No figures have been approved for publication yet."),
        ]
        return section
    facts += [
        ("Figures of the self-assessment of", approved["assessed_on"]),
        ("Implementation index", number(approved["overall"])),
        ("Confidence index", number(approved["confidence"])),
        ("Weakest commitment", approved.get("weakest_commitment") or "n/a"),
    ]
    section.blocks = [Facts(facts), commitment_chart(approved)]
    if len(approved["trend"]) > 1:
        section.blocks.append(trend_chart(approved["trend"]))
    return section


def _improvement(approved, summaries) -> list:
    cadence = default_pack().assessment.cadence_months
    blocks: list = []
    last_self = date.fromisoformat(approved["assessed_on"]) if approved else None
    peers = [
        s
        for s in summaries
        if "peer" in s.review_kind or s.review_kind.startswith(("ippas", "insserv"))
    ]
    last_peer = max((s.review_year for s in peers), default=None)
    blocks.append(
        Facts(
            [
                ("Last self-assessment", last_self.isoformat() if last_self else "not published"),
                (
                    "Next self-assessment planned by",
                    _add_months(last_self, cadence["self_assessment"]).isoformat()
                    if last_self
                    else "not published",
                ),
                ("Last peer review", str(last_peer) if last_peer else "not published"),
                (
                    "Next peer review planned by",
                    str(last_peer + cadence["peer_review"] // 12) if last_peer else "not published",
                ),
            ]
        )
    )
    if summaries:
        blocks.append(
            Table(
                ["Review", "Kind", "Key finding (public summary)", "Progress"],
                [
                    [
                        f"{REVIEW_KIND_TITLES.get(s.review_kind, s.review_kind)} {s.review_year}",
                        s.kind.replace("_", " "),
                        s.text,
                        s.status.replace("_", " "),
                    ]
                    for s in summaries
                ],
                "Broad outlines of key findings and progress on them",
            )
        )
    else:
        blocks.append(Bullets(["No finding summary approved for publication yet."]))
    return blocks
