"""Borealia (code XB): a fictional mature programme acting on an IPPAS mission (journey 3).

Power and research reactors, Category I-III nuclear material, sources and transport. A
self-assessment in 2025 and one in 2026; an IPPAS mission in November 2024 with 12
recommendations, 9 suggestions and 3 good practices; by its follow-up in September 2026, 7
recommendations are implemented and 6 of them verified, 2 are overdue and 3 still under way,
so Borealia stands at step S5: act on the recommendations.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import AssessmentCreate, ItemUpdate
from nucsec.competence import service as competence
from nucsec.demo.demoland import as_reviewer
from nucsec.errors import NotFound
from nucsec.evidence import service as evidence
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.improvement import figures
from nucsec.reviews import service as reviews
from nucsec.reviews.schemas import FindingCreate, FindingUpdate, ReviewCreate
from nucsec.states import service as states
from nucsec.states.schemas import ProgrammeProfile, StateCreate

BOREALIA = StateCreate(
    code="XB",
    name="Borealia",
    maturity="developed",
    subscribed_on=date(2014, 10, 31),
    profile=ProgrammeProfile(
        power_reactors=True,
        research_reactors=True,
        material_categories=["I", "II", "III"],
        radioactive_sources=True,
        transport=True,
    ),
    label=Label.PUBLIC,
)
PUBLISHER = "Borealia Nuclear Security Authority"
EVIDENCE = (  # PUBLIC: EV-0001 … in order; OFFICIAL: EV-O0001; SENSITIVE: EV-S0001
    ("Nuclear Security Act 2012", "law", Label.PUBLIC, date(2012, 5, 2)),
    ("Physical protection regulation", "regulation", Label.PUBLIC, date(2018, 3, 1)),
    ("Authority annual report 2025", "annual_report", Label.PUBLIC, date(2026, 3, 30)),
    ("How the framework meets IAEA guidance", "report", Label.PUBLIC, date(2024, 6, 1)),
    ("Training and qualification requirements", "regulation", Label.PUBLIC, date(2021, 1, 15)),
    ("Design basis threat 2023", "report", Label.SENSITIVE, date(2023, 9, 1)),
    ("Inspection reports of the reactor sites", "report", Label.OFFICIAL, date(2026, 1, 20)),
)
S, D, W, P, N, X = (
    "sustained",
    "implemented",
    "in_progress",
    "planned",
    "not_started",
    "not_adopted",
)
# item: (2025 status, 2026 status, owner, demonstration in 2026, evidence refs)
ITEMS: dict[str, tuple[str, str, str, str, list[str]]] = {
    "C1-IA01": (S, S, "Authority", "published", ["EV-0001"]),
    "C1-IA02": (S, S, "Authority", "published", ["EV-0002"]),
    "C1-IA03": (D, S, "Ministry of Justice", "published", ["EV-0001"]),
    "C2-IA01": (D, S, "Authority", "internal", ["EV-S0001"]),
    "C2-IA02": (D, D, "Authority", "summary_published", ["EV-0004"]),
    "C2-IA03": (D, S, "Operators", "shared", ["EV-O0001"]),
    "C2-IA04": (W, W, "Transport Agency", "none", []),
    "C2-IA05": (W, W, "Police", "none", []),
    "C2-IA06": (D, D, "Police", "internal", ["EV-O0001"]),
    "C3-IA01": (D, D, "Authority", "internal", ["EV-O0001"]),
    "C3-IA02": (D, D, "Authority", "published", ["EV-0003"]),
    "C3-IA03": (P, D, "Authority", "published", ["EV-0003"]),
    "C4-IA01": (D, D, "Authority", "published", ["EV-0005"]),
    "C4-IA02": (W, W, "Operators", "none", []),
    "A01": (D, D, "Authority", "none", []),
    "A02": (N, D, "Ministry of Foreign Affairs", "none", []),
    "A03": (D, D, "Authority", "none", []),
    "A04": (X, X, "Authority", "none", []),
    "A05": (D, D, "Authority", "none", []),
    "A06": (D, D, "Ministry of Foreign Affairs", "none", []),
    "A07": (X, X, "Authority", "none", []),
    "A08": (W, D, "Authority", "none", []),
    "A09": (X, X, "Ministry of Foreign Affairs", "none", []),
    "A10": (W, W, "Authority", "none", []),
    "A11": (D, D, "Authority", "none", []),
    "A12": (D, D, "Civil Protection", "none", []),
    "A13": (D, D, "Authority", "none", []),
    "A14": (W, D, "Operators", "none", []),
    "M-REG-01": (D, D, "Authority", "published", ["EV-0003"]),
    "M-REG-02": (D, D, "Authority", "published", ["EV-0001", "EV-0002"]),
    "M-REG-03": (D, D, "Authority", "published", ["EV-0003"]),
    "M-REG-04": (D, D, "Authority", "published", ["EV-0004"]),
    "M-COOP-01": (P, D, "Ministry of Foreign Affairs", "published", ["EV-0003"]),
    "M-SAPR-01": (D, D, "Authority", "published", ["EV-0003"]),
    "M-SAPR-02": (P, D, "Authority", "summary_published", []),
    "M-SAPR-03": (N, W, "Authority", "none", []),
    "M-COMP-01": (D, D, "Authority", "published", ["EV-0005"]),
    "M-COMP-02": (P, W, "Authority", "none", []),
    "M-COMP-03": (N, P, "Operators", "none", []),
}
ASSESSED = (date(2025, 2, 10), date(2026, 2, 16))
MISSION_ITEMS = [
    "C1-IA01", "C1-IA02", "C1-IA03", "C2-IA01", "C2-IA02", "C2-IA03", "C2-IA04", "C2-IA05",
    "C2-IA06", "C3-IA01", "C4-IA01", "C4-IA02", "A10",
]  # fmt: skip
VERIFIED, IMPLEMENTED, OPEN, UNDER_WAY = "verified", "implemented", "open", "in_progress"
# ref, items, owner, due date, outcome; texts are generic on purpose (the report is SENSITIVE)
RECOMMENDATIONS = (
    ("R-01", ["C1-IA02"], "Authority", date(2025, 6, 30), VERIFIED),
    ("R-02", ["C2-IA01"], "Authority", date(2025, 9, 30), VERIFIED),
    ("R-03", ["C2-IA03"], "Operators", date(2025, 12, 31), VERIFIED),
    ("R-04", ["C1-IA03"], "Ministry of Justice", date(2025, 12, 31), VERIFIED),
    ("R-05", ["C2-IA06"], "Police", date(2026, 3, 31), VERIFIED),
    ("R-06", ["C4-IA01"], "Authority", date(2026, 3, 31), VERIFIED),
    ("R-07", ["C3-IA01"], "Authority", date(2026, 6, 30), IMPLEMENTED),
    ("R-08", ["C2-IA05"], "Police", date(2026, 6, 30), OPEN),
    ("R-09", ["A10"], "Authority", date(2026, 9, 30), UNDER_WAY),
    ("R-10", ["C2-IA04"], "Transport Agency", date(2027, 3, 31), UNDER_WAY),
    ("R-11", ["C4-IA02"], "Operators", date(2027, 6, 30), OPEN),
    ("R-12", ["C2-IA05"], "Police", date(2027, 12, 31), UNDER_WAY),
)
SUGGESTIONS = (
    ("S-01", ["C2-IA03"], IMPLEMENTED),
    ("S-02", ["C2-IA06"], IMPLEMENTED),
    ("S-03", ["C3-IA01"], IMPLEMENTED),
    ("S-04", ["C4-IA01"], IMPLEMENTED),
    ("S-05", ["C2-IA04"], UNDER_WAY),
    ("S-06", ["A10"], UNDER_WAY),
    ("S-07", ["C4-IA02"], UNDER_WAY),
    ("S-08", ["C2-IA02"], OPEN),
    ("S-09", ["A11"], "not_accepted"),
)
GOOD_PRACTICES = (
    ("GP-01", ["C2-IA06"], "Joint response exercises of police and operators every year."),
    ("GP-02", ["C4-IA01"], "Qualification scheme for security staff with yearly renewal."),
    ("GP-03", ["C1-IA02"], "Licence conditions that name the security manager."),
)
COOPERATION = (
    ("mission_experts", "Experts provided for two IPPAS missions", date(2026, 3, 9)),
    ("nsf_contribution", "Contribution to the Nuclear Security Fund", date(2025, 11, 3)),
    ("wins_support", "Hosted a WINS workshop on security culture", date(2026, 1, 27)),
    ("iaea_guidance", "Experts in the drafting of an IAEA guide", date(2025, 6, 12)),
    ("assistance", "Training support to a neighbouring state's regulator", date(2026, 5, 18)),
)


def load(*, session: Session) -> list[str]:
    """Create Borealia's records when missing; return what was created."""
    try:
        states.get(session=session, code=BOREALIA.code)
        return []
    except NotFound:
        states.create(session=session, data=BOREALIA)
    for title, kind, label, published in EVIDENCE:
        evidence.create(
            session=session,
            state_code="XB",
            data=EvidenceCreate(
                title=title, kind=kind, label=label, published_on=published, publisher=PUBLISHER
            ),
        )
    _assessments(session)
    _mission(session)
    for kind, title, held_on in COOPERATION:
        competence.add(
            session=session,
            state_code="XB",
            record_type="cooperation",
            data=competence.RECORD_TYPES["cooperation"][1].model_validate(
                {"kind": kind, "title": title, "held_on": held_on, "label": Label.PUBLIC}
            ),
        )
    return [
        f"state XB ({BOREALIA.name}): 2 assessments, {len(EVIDENCE)} evidence records, "
        "an IPPAS mission with 24 findings and its follow-up"
    ]


def _assessments(session: Session) -> None:
    for year, assessed_on in enumerate(ASSESSED):
        assessment = assessments.create(
            session=session,
            data=AssessmentCreate(
                state="XB",
                assessed_on=assessed_on,
                title=f"Borealia self-assessment {assessed_on.year}",
            ),
        )
        last = year == len(ASSESSED) - 1
        for item_id, (before, now, owner, demo, refs) in ITEMS.items():
            change: dict = {"status": now if last else before, "owner": owner}
            if last:
                change.update(demonstration=demo, evidence=refs)
            assessments.update_item(
                session=session, assessment=assessment, item_id=item_id, data=ItemUpdate(**change)
            )
        if not last:
            figures.approve(
                session=session,
                state_code="XB",
                assessment_id=assessment.id,
                note="Figures of the 2025 self-assessment, for the national report.",
            )


def _mission(session: Session) -> None:
    mission = reviews.create_review(
        session=session,
        data=ReviewCreate(
            state="XB",
            kind="ippas_mission",
            title="IPPAS mission to Borealia 2024",
            started_on=date(2024, 11, 4),
            ended_on=date(2024, 11, 15),
            modules=["national_regime", "nuclear_facility", "transport", "computer_security"],
            items=MISSION_ITEMS,
            team="IPPAS team of 9 experts",
            report_ref="IPPAS-XB-2024 (confidential to Borealia)",
        ),
    )
    moves: list[tuple[int, str]] = []
    for ref, items, owner, due, outcome in RECOMMENDATIONS:
        finding = _add(session, mission.id, ref, "recommendation", items, owner, due)
        moves.append((finding.id, outcome))
    for n, (ref, items, outcome) in enumerate(SUGGESTIONS):
        due = date(2026, 3 + n, 28)
        finding = _add(session, mission.id, ref, "suggestion", items, "Authority", due)
        moves.append((finding.id, outcome))
    for ref, items, text in GOOD_PRACTICES:
        reviews.add_finding(
            session=session,
            today=date(2024, 12, 1),
            data=FindingCreate(
                review=mission.id, ref=ref, kind="good_practice", text=text, items=items,
                shared=True, label=Label.OFFICIAL,
            ),
        )  # fmt: skip
    for finding_id, outcome in moves:
        if outcome == UNDER_WAY:
            _move(session, finding_id, UNDER_WAY, date(2025, 4, 1))
        elif outcome in (IMPLEMENTED, VERIFIED):
            _move(session, finding_id, IMPLEMENTED, date(2025, 11, 20))
        elif outcome == "not_accepted":
            _move(
                session,
                finding_id,
                outcome,
                date(2025, 2, 3),
                "Covered by the operators' own programme.",
            )
    follow_up = reviews.create_review(
        session=session,
        data=ReviewCreate(
            state="XB",
            kind="ippas_follow_up",
            title="IPPAS follow-up mission to Borealia 2026",
            started_on=date(2026, 9, 14),
            ended_on=date(2026, 9, 18),
            follows=mission.id,
            team="IPPAS team of 4 experts",
            report_ref="IPPAS-FU-XB-2026 (confidential to Borealia)",
        ),
    )
    with as_reviewer(session):
        for finding_id, outcome in moves:
            if outcome == VERIFIED:
                reviews.update_finding(
                    session=session,
                    finding_id=finding_id,
                    data=FindingUpdate(status=VERIFIED, verified_by=follow_up.id),
                )
        for finding_id, _ in moves[:2]:
            reviews.approve_summary(session=session, finding_id=finding_id)


def _add(session: Session, review: int, ref: str, kind: str, items: list[str], owner: str,
         due: date):  # fmt: skip
    area = ", ".join(items)
    return reviews.add_finding(
        session=session,
        today=date(2024, 12, 1),
        data=FindingCreate(
            review=review,
            ref=ref,
            kind=kind,
            text=f"Strengthen the arrangements assessed under {area} (mission report {ref}).",
            items=items,
            owner=owner,
            due_on=due,
            public_summary=f"Borealia acted on an IPPAS {kind} on {area}."
            if kind == "recommendation"
            else None,
        ),
    )


def _move(
    session: Session, finding_id: int, status: str, on: date, reason: str | None = None
) -> None:
    reviews.update_finding(
        session=session,
        finding_id=finding_id,
        data=FindingUpdate(status=status, on=on, reason=reason),
    )
