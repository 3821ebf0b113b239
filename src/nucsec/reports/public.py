"""The public confidence-building report, organised by the four areas of the guide's metrics.

Safe by construction: it refuses to be built by anyone but the PUBLIC principal, so every
record it reads has passed the PUBLIC visibility rule. Non-public text reaches it only through
a reviewer-approved public summary, and figures only once a coordinator approved them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.visibility import aggregate_reader, principal_of
from nucsec.assessments import service as assessments
from nucsec.assessments.models import ItemAssessment
from nucsec.catalogue import default_pack
from nucsec.competence import service as competence
from nucsec.errors import NotFound
from nucsec.evidence import service as evidence
from nucsec.glossary import title as human
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
    measures = approved_measure_statuses(session, approved)
    shown = published_records(session, state.code, approved, len(summaries))
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
            if shown.get(measure.id):
                blocks.append(Bullets(shown[measure.id]))
            if not docs and not shown.get(measure.id):
                blocks.append(Paragraph("Nothing published for this measure yet."))
            section.sections.append(Section(id=measure.id, title=measure.title, blocks=blocks))
        if area.id == "SAPR":
            section.blocks.extend(_improvement(approved, summaries, today))
        if area.id == "COMP":
            section.blocks.extend(
                competence_blocks(
                    session, state.code, totals=_approved_totals(approved), public=True
                )
            )
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


def approved_measure_statuses(session: Session, approved: dict | None) -> dict[str, str]:
    """The status of each confidence-building measure as approved for publication.

    Approving figures publishes the status of each measure of the approved assessment (not its
    notes or evidence). Figures frozen with a `measures` map carry them; otherwise they are
    read, status only, from the assessment the approval names.
    """
    if approved is None:
        return {}
    if isinstance(approved.get("measures"), dict) and approved["measures"]:
        return dict(approved["measures"])
    ids = [m.id for m in default_pack().measures]
    with aggregate_reader(session) as reader:
        rows = reader.execute(
            select(ItemAssessment.item_id, ItemAssessment.status).where(
                ItemAssessment.assessment_id == approved["assessment"],
                ItemAssessment.item_id.in_(ids),
            )
        ).all()
    return {item: status for item, status in rows}


def _approved_totals(approved: dict | None) -> list[dict] | None:
    """Record measures over all records, when the approved figures carry them."""
    totals = approved.get("records") if approved else None
    return totals if isinstance(totals, list) else None


def published_records(
    session: Session, code: str, approved: dict | None, summaries: int
) -> dict[str, list[str]]:
    """Measure ID → the PUBLIC records (besides linked documents) that show it."""
    pack = default_pack()
    rules = pack.assessment.confidence
    out: dict[str, list[str]] = {}
    titles = {
        "positions": "accountable positions",
        "trainings": "training courses",
        "certifications": "certification records",
        "culture": "security-culture activities",
        "cooperation": "cooperation activities",
    }
    counted: set[tuple[str, str]] = set()
    for m in pack.records.measures:
        if (m.evidences, m.record) in counted:
            continue
        counted.add((m.evidences, m.record))
        n = len(competence.listing(session=session, state_code=code, record_type=m.record))
        if n:
            out.setdefault(m.evidences, []).append(
                f"Published in this section: {n} {titles[m.record]}."
            )
    if summaries:
        for measure_id in rules.backed_by_public_summaries:
            out.setdefault(measure_id, []).append(
                f"Published in this section: {summaries} approved summaries of findings."
            )
    if approved is not None:
        for measure_id in rules.backed_by_published_figures:
            out.setdefault(measure_id, []).append(
                f"Published: the figures of the self-assessment of {approved['assessed_on']}."
            )
    return out


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


def _planned(due: date | None, today: date, text: str | None = None) -> str:
    """A planned date, flagged when it has passed by the date of the report."""
    if due is None:
        return "not published"
    shown = text or due.isoformat()
    return f"{shown} (past: not done by {today.isoformat()})" if due < today else shown


def _improvement(approved, summaries, today: date) -> list:
    cadence = default_pack().assessment.cadence_months
    blocks: list = []
    last_self = date.fromisoformat(approved["assessed_on"]) if approved else None
    last_peer = reviews.last_published_peer_review(summaries)
    blocks.append(
        Facts(
            [
                ("Last self-assessment", last_self.isoformat() if last_self else "not published"),
                (
                    "Next self-assessment planned by",
                    _planned(
                        _add_months(last_self, cadence["self_assessment"]) if last_self else None,
                        today,
                    ),
                ),
                ("Last peer review", str(last_peer) if last_peer else "not published"),
                (
                    "Next peer review planned by",
                    _planned(
                        date(last_peer + cadence["peer_review"] // 12, 12, 31)
                        if last_peer
                        else None,
                        today,
                        str(last_peer + cadence["peer_review"] // 12) if last_peer else None,
                    ),
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
                        human(s.kind),
                        s.text,
                        human(s.status),
                    ]
                    for s in summaries
                ],
                "Broad outlines of key findings and progress on them",
            )
        )
    else:
        blocks.append(Bullets(["No finding summary approved for publication yet."]))
    return blocks
