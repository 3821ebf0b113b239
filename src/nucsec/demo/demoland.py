"""Demo data: Demoland (code XD), a fictional state, so nothing is ever said of a real country.

Demoland holds radioactive sources in hospitals and industry and plans a research reactor. It
has three yearly self-assessments that show progress, evidence at each label, and the figures
of its first two assessments approved for publication.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy.orm import Session

from nucsec.access import service as access
from nucsec.access.labels import Label
from nucsec.access.principal import Role
from nucsec.access.schemas import UserCreate
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import AssessmentCreate, ItemUpdate
from nucsec.config import get_settings
from nucsec.demo.documents import ANNUAL_REPORT_FILENAME, annual_report_html
from nucsec.errors import NotFound
from nucsec.evidence import service as evidence
from nucsec.evidence.files import FileStore
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.improvement import figures
from nucsec.states import service as states
from nucsec.states.schemas import ProgrammeProfile, StateCreate

DEMOLAND = StateCreate(
    code="XD",
    name="Demoland",
    maturity="new",
    subscribed_on=date(2016, 4, 1),
    profile=ProgrammeProfile(radioactive_sources=True, transport=True),
    label=Label.PUBLIC,
)

DEMO_PASSWORD = "nucsec-demo"  # noqa: S105  (documented demo login, local use only)
DEMO_USERS = (
    ("admin", Role.admin, Label.SENSITIVE, None),
    ("amina", Role.coordinator, Label.SENSITIVE, "Regulator"),
    ("police", Role.contributor, Label.OFFICIAL, "Police"),
    ("reviewer", Role.reviewer, Label.SENSITIVE, None),
    ("analyst", Role.analyst, Label.PUBLIC, None),
)

EVIDENCE = (  # PUBLIC: EV-0001 … in order; OFFICIAL: EV-O0001; SENSITIVE: EV-S0001
    ("Nuclear and Radiation Security Act 2019", "law", Label.PUBLIC, date(2019, 6, 1)),
    (
        "Regulation on the security of radioactive sources",
        "regulation",
        Label.PUBLIC,
        date(2024, 9, 1),
    ),
    ("Regulator annual report 2025", "annual_report", Label.PUBLIC, date(2026, 2, 1)),
    ("Inspection programme of source users 2025", "report", Label.OFFICIAL, date(2025, 12, 1)),
    ("Draft design basis threat", "report", Label.SENSITIVE, date(2026, 1, 15)),
)

ASSESSED = (date(2024, 3, 15), date(2025, 3, 14), date(2026, 3, 13))
CODES = {
    "n": "not_started",
    "p": "planned",
    "i": "in_progress",
    "d": "implemented",
    "s": "sustained",
}
# item: statuses in 2024, 2025, 2026 · owner
PROGRESS = {
    "C1-IA01": ("ids", "Regulator"),
    "C1-IA02": ("pid", "Regulator"),
    "C1-IA03": ("pid", "Ministry of Justice"),
    "C2-IA01": ("npi", "Regulator"),
    "C2-IA02": ("npi", "Regulator"),
    "C2-IA03": ("pid", "Regulator"),
    "C2-IA04": ("npi", "Customs"),
    "C2-IA05": ("nnp", "Police"),
    "C2-IA06": ("pii", "Police"),
    "C3-IA01": ("npi", "Regulator"),
    "C3-IA02": ("nnp", "Regulator"),
    "C3-IA03": ("nnn", "Regulator"),
    "C4-IA01": ("pid", "Regulator"),
    "C4-IA02": ("npi", "Regulator"),
    "A01": ("nnp", "Regulator"),
    "A02": ("nnn", "Ministry of Foreign Affairs"),
    "A03": ("npi", "Regulator"),
    "A04": ("pii", "Police"),
    "A05": ("nnn", "Regulator"),
    "A06": ("npd", "Ministry of Foreign Affairs"),
    "A07": ("nnn", "Regulator"),
    "A08": ("npi", "Regulator"),
    "A09": ("pid", "Ministry of Foreign Affairs"),
    "A12": ("pid", "Civil Protection"),
    "A13": ("npi", "Regulator"),
    "A14": ("npi", "Regulator"),
    "M-REG-01": ("pds", "Regulator"),
    "M-REG-02": ("nid", "Regulator"),
    "M-REG-03": ("npi", "Regulator"),
    "M-REG-04": ("nnp", "Regulator"),
    "M-COOP-01": ("npi", "Ministry of Foreign Affairs"),
    "M-SAPR-01": ("nnp", "Regulator"),
    "M-SAPR-02": ("nnn", "Regulator"),
    "M-SAPR-03": ("nnn", "Regulator"),
    "M-COMP-01": ("npi", "Regulator"),
    "M-COMP-02": ("nnp", "Regulator"),
    "M-COMP-03": ("nnp", "Regulator"),
}
# In the latest assessment: how implemented items are demonstrated, and by what.
DEMONSTRATED = {
    "C1-IA01": ("published", ["EV-0001"]),
    "C1-IA02": ("published", ["EV-0002"]),
    "C1-IA03": ("published", ["EV-0001"]),
    "C2-IA03": ("internal", ["EV-O0001"]),
    "C4-IA01": ("summary_published", ["EV-0003"]),
    "A06": ("shared", []),
    "A09": ("published", ["EV-0003"]),
    "A12": ("internal", []),
    "M-REG-01": ("published", ["EV-0003"]),
    "M-REG-02": ("published", ["EV-0002"]),
}
TARGETS = {
    "C2-IA05": date(2026, 6, 30),
    "C2-IA01": date(2026, 12, 31),
    "C3-IA02": date(2027, 6, 30),
    "C2-IA04": date(2026, 9, 30),
}
NOTES = {
    "C2-IA01": (
        "Draft threat statement finds insider-threat gaps at two hospital source stores.",
        Label.SENSITIVE,
    ),
    "C2-IA06": (
        "Joint police and customs response protocol signed; field exercise planned.",
        Label.OFFICIAL,
    ),
    "C1-IA01": ("Competent authority designated by the 2019 Act.", Label.PUBLIC),
}


def load_demo(*, session: Session, store: FileStore | None = None) -> list[str]:
    """Create the demo records that are missing; return what was created (idempotent).

    With a file store, the regulator's annual report (EV-0003) also holds its document, so the
    Evidence page has a file to search and map from the first run.
    """
    created = []
    for username, role, clearance, agency in DEMO_USERS:
        try:
            access.get_user(session=session, username=username)
        except NotFound:
            access.create_user(
                session=session,
                data=UserCreate(
                    username=username,
                    role=role,
                    clearance=clearance,
                    password=DEMO_PASSWORD,
                    agency=agency,
                ),
            )
            created.append(f"user {username}")
    try:
        states.get(session=session, code=DEMOLAND.code)
    except NotFound:
        states.create(session=session, data=DEMOLAND)
        created.append(f"state {DEMOLAND.code} ({DEMOLAND.name})")
        _load_demoland(session)
        _load_reviews(session)
        _load_competence(session)
        _approve_figures(session)
        if store is not None:
            _attach_annual_report(session, store)
            created.append(f"the file {ANNUAL_REPORT_FILENAME} on EV-0003")
        created.append(
            "3 assessments, 5 evidence records, 2 published figure releases, "
            "an IPPAS mission with 8 findings and its follow-up"
        )
    from nucsec.demo import borealia

    created += borealia.load(session=session)
    from nucsec.demo import legal

    created += legal.load(session=session)
    return created


def _attach_annual_report(session: Session, store: FileStore) -> None:
    evidence.attach(
        session=session,
        state_code="XD",
        ref="EV-0003",
        data=annual_report_html(),
        filename=ANNUAL_REPORT_FILENAME,
        store=store,
        max_bytes=get_settings().max_upload_bytes,
    )


def _load_demoland(session: Session) -> None:
    for title, kind, label, published in EVIDENCE:
        evidence.create(
            session=session,
            state_code="XD",
            data=EvidenceCreate(
                title=title,
                kind=kind,
                label=label,
                published_on=published,
                publisher="Demoland Nuclear Regulatory Authority",
            ),
        )
    last = len(ASSESSED) - 1
    for year, assessed_on in enumerate(ASSESSED):
        assessment = assessments.create(
            session=session,
            data=AssessmentCreate(
                state="XD", assessed_on=assessed_on, title=f"Self-assessment {assessed_on.year}"
            ),
        )
        for item_id, (codes, owner) in PROGRESS.items():
            change: dict[str, object] = {"status": CODES[codes[year]], "owner": owner}
            if year == last and item_id in DEMONSTRATED:
                demo, refs = DEMONSTRATED[item_id]
                change.update(demonstration=demo, evidence=refs)
            if item_id in TARGETS and CODES[codes[year]] not in ("implemented", "sustained"):
                change["target_date"] = TARGETS[item_id]
            if year == last and item_id in NOTES:
                change.update(note=NOTES[item_id][0], note_label=NOTES[item_id][1])
            assessments.update_item(
                session=session, assessment=assessment, item_id=item_id, data=ItemUpdate(**change)
            )


MISSION_FINDINGS: tuple[
    tuple, ...
] = (  # ref, kind, text, items, owner, due, moves [(status, on)], public summary
    (
        "R-01",
        "recommendation",
        "Complete the design basis threat and use it in the regulation.",
        ["C2-IA01"],
        "Regulator",
        date(2025, 12, 31),
        [("in_progress", date(2025, 2, 1))],
        None,
    ),
    (
        "R-02",
        "recommendation",
        "Establish trustworthiness checks for staff with access to high-activity sources.",
        ["C2-IA05"],
        "Police",
        date(2026, 6, 30),
        [],
        None,
    ),
    (
        "R-03",
        "recommendation",
        "Require transport security plans for category 1 and 2 sources.",
        ["C2-IA04"],
        "Customs",
        date(2025, 9, 30),
        [("implemented", date(2025, 9, 15))],
        "Transport security plans are now required.",
    ),
    (
        "R-04",
        "recommendation",
        "Issue the regulation on the security of radioactive sources.",
        ["C1-IA02"],
        "Regulator",
        date(2025, 3, 31),
        [("implemented", date(2024, 9, 1))],
        "The regulator issued a regulation on the security of radioactive sources.",
    ),
    (
        "R-05",
        "recommendation",
        "Set computer security requirements for source users.",
        ["C2-IA02"],
        "Regulator",
        date(2025, 12, 31),
        [("not_accepted", date(2025, 1, 20))],
        None,
    ),
    (
        "S-01",
        "suggestion",
        "Hold a table-top exercise with police, customs and hospitals.",
        ["C3-IA01"],
        "Regulator",
        date(2026, 12, 31),
        [("implemented", date(2026, 4, 10))],
        None,
    ),
    (
        "S-02",
        "suggestion",
        "Publish how the legal framework meets the IAEA recommendations.",
        ["M-REG-04"],
        "Regulator",
        date(2027, 3, 31),
        [],
        None,
    ),
    (
        "GP-01",
        "good_practice",
        "Joint police and customs response protocol for found sources.",
        ["C2-IA06"],
        None,
        None,
        [],
        "A joint response protocol was noted as a good practice.",
    ),
)


@contextmanager
def as_reviewer(session: Session) -> Iterator[None]:
    """Act as the demo reviewer for a while: only a reviewer verifies findings."""
    from nucsec.access.principal import Principal
    from nucsec.access.visibility import PRINCIPAL_KEY

    operator = session.info[PRINCIPAL_KEY]
    session.info[PRINCIPAL_KEY] = Principal("reviewer", Role.reviewer, Label.SENSITIVE)
    try:
        yield
    finally:
        session.info[PRINCIPAL_KEY] = operator


def _load_reviews(session: Session) -> None:
    """An IPPAS mission with findings at every status, and a follow-up that verifies two."""
    from nucsec.reviews import service as reviews
    from nucsec.reviews.schemas import FindingCreate, FindingUpdate, ReviewCreate

    mission = reviews.create_review(
        session=session,
        data=ReviewCreate(
            state="XD",
            kind="ippas_mission",
            started_on=date(2024, 10, 7),
            ended_on=date(2024, 10, 18),
            modules=["national_regime", "radioactive_material", "transport"],
            items=["C1-IA02", "C2-IA01", "C2-IA04", "C2-IA05"],
            team="IPPAS team of 5 experts",
            report_ref="IPPAS-XD-2024 (confidential to Demoland)",
        ),
    )
    found = {}
    for ref, kind, text, items, owner, due, moves, summary in MISSION_FINDINGS:
        finding = reviews.add_finding(
            session=session,
            today=date(2024, 11, 1),
            data=FindingCreate(
                review=mission.id,
                ref=ref,
                kind=kind,
                text=text,
                items=items,
                owner=owner,
                due_on=due,
                public_summary=summary,
                shared=kind == "good_practice",
                label=Label.OFFICIAL if kind == "good_practice" else None,
            ),
        )
        for status, on in moves:
            reviews.update_finding(
                session=session,
                finding_id=finding.id,
                data=FindingUpdate(
                    status=status,
                    on=on,
                    reason="Covered by the national cyber security law."
                    if status == "not_accepted"
                    else None,
                ),
            )
        found[ref] = finding
    follow_up = reviews.create_review(
        session=session,
        data=ReviewCreate(
            state="XD",
            kind="ippas_follow_up",
            started_on=date(2026, 6, 15),
            ended_on=date(2026, 6, 19),
            follows=mission.id,
            team="IPPAS team of 3 experts",
            report_ref="IPPAS-FU-XD-2026 (confidential to Demoland)",
        ),
    )
    with as_reviewer(session):
        for ref in ("R-03", "R-04"):
            reviews.update_finding(
                session=session,
                finding_id=found[ref].id,
                data=FindingUpdate(status="verified", verified_by=follow_up.id),
            )
        reviews.approve_summary(session=session, finding_id=found["R-04"].id)
        reviews.approve_summary(session=session, finding_id=found["GP-01"].id)


COMPETENCE = {  # record type → rows (the label is last)
    "positions": [
        {
            "role": "Security manager of a category 1 source user",
            "organisation": "Hospitals",
            "qualification_required": True,
            "qualification": "Security manager certificate",
            "renewal_months": 36,
            "label": Label.PUBLIC,
        },
        {
            "role": "Security inspector",
            "organisation": "Regulator",
            "qualification_required": True,
            "qualification": "Inspector qualification",
            "renewal_months": 24,
            "label": Label.PUBLIC,
        },
        {
            "role": "Transport escort lead",
            "organisation": "Customs",
            "qualification_required": False,
            "label": Label.OFFICIAL,
        },
        {
            "role": "Response commander",
            "organisation": "Police",
            "qualification_required": True,
            "qualification": "Police response course",
            "label": Label.OFFICIAL,
        },
    ],
    "trainings": [
        {
            "period": 2024,
            "title": "Basic nuclear security course",
            "provider": "national",
            "audience": "Source users",
            "hours": 40,
            "label": Label.PUBLIC,
        },
        {
            "period": 2025,
            "title": "Regional course on the security of radioactive sources",
            "provider": "regional_coe",
            "audience": "Inspectors",
            "hours": 24,
            "label": Label.PUBLIC,
        },
        {
            "period": 2025,
            "title": "Insider threat mitigation workshop",
            "provider": "iaea",
            "audience": "Police and regulator",
            "hours": 16,
            "label": Label.OFFICIAL,
        },
        {
            "period": 2026,
            "title": "Certified security manager programme",
            "provider": "wins_academy",
            "audience": "Security managers",
            "hours": 60,
            "label": Label.PUBLIC,
        },
    ],
    "certifications": [
        {"period": 2024, "scheme": "WINS Academy", "certified": 2, "label": Label.PUBLIC},
        {"period": 2025, "scheme": "WINS Academy", "certified": 5, "label": Label.PUBLIC},
        {"period": 2026, "scheme": "WINS Academy", "certified": 9, "label": Label.PUBLIC},
        {
            "period": 2026,
            "scheme": "National inspector scheme",
            "certified": 12,
            "label": Label.OFFICIAL,
        },
    ],
    "culture": [
        {
            "period": 2025,
            "kind": "culture_self_assessment",
            "title": "Security culture self-assessment at two hospitals",
            "label": Label.OFFICIAL,
        },
        {
            "period": 2026,
            "kind": "campaign",
            "title": "Security awareness week",
            "label": Label.PUBLIC,
        },
        {
            "period": 2026,
            "kind": "incentive",
            "title": "Award for good security practice",
            "label": Label.OFFICIAL,
        },
    ],
    "cooperation": [
        {
            "kind": "workshop_joined",
            "title": "IAEA regional workshop on source security",
            "held_on": date(2024, 5, 14),
            "partners": "IAEA; neighbouring states",
            "label": Label.PUBLIC,
        },
        {
            "kind": "nsf_contribution",
            "title": "In-kind contribution to the Nuclear Security Fund",
            "held_on": date(2025, 3, 3),
            "amount": 50000,
            "partners": "IAEA",
            "label": Label.PUBLIC,
        },
        {
            "kind": "regional_cooperation",
            "title": "Border detection exercise with Neighbourland",
            "held_on": date(2025, 11, 20),
            "partners": "Neighbourland",
            "label": Label.OFFICIAL,
        },
        {
            "kind": "mission_experts",
            "title": "Expert provided for an IPPAS mission",
            "held_on": date(2026, 4, 8),
            "partners": "IAEA",
            "label": Label.PUBLIC,
        },
        {
            "kind": "assistance",
            "title": "Support to a search for orphan sources",
            "held_on": date(2026, 9, 1),
            "partners": "Neighbourland",
            "label": Label.SENSITIVE,
        },
    ],
}


def _approve_figures(session: Session) -> None:
    """The figures of the first two assessments, approved once the records they count exist."""
    for assessment in assessments.list_for_state(session=session, state_code="XD")[:-1]:
        figures.approve(
            session=session,
            state_code="XD",
            assessment_id=assessment.id,
            note="Approved for the yearly confidence-building report.",
        )


def _load_competence(session: Session) -> None:
    from nucsec.competence import service as competence

    for record_type, rows in COMPETENCE.items():
        schema = competence.RECORD_TYPES[record_type][1]
        for row in rows:
            competence.add(
                session=session,
                state_code="XD",
                record_type=record_type,
                data=schema.model_validate(row),
            )
