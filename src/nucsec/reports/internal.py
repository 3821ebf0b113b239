"""The internal status report: everything the caller may see, in one document."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.access.visibility import highest, principal_of
from nucsec.errors import NotFound
from nucsec.glossary import title as human
from nucsec.improvement import figures as figures_service
from nucsec.improvement import service as improvement
from nucsec.improvement.service import roadmap
from nucsec.reports.common import (
    commitment_chart,
    element_chart,
    new_report,
    number,
    trend_chart,
)
from nucsec.reports.document import Facts, Paragraph, Report, Section, Table
from nucsec.reviews import service as reviews
from nucsec.states import service as states


def internal_report(*, session: Session, state_code: str, today: date) -> Report:
    state = states.get(session=session, code=state_code)
    labels: list[str] = [state.label]
    report = new_report("internal", "Internal status report", state, "PUBLIC", today)
    try:
        figures = figures_service.figures(session=session, state_code=state.code)
        labels.append(figures["label"])
        report.sections.append(
            Section(
                id="figures",
                title="Figures",
                blocks=[
                    Facts(
                        [
                            ("Assessment of", figures["assessed_on"]),
                            ("Implementation index", number(figures["overall"])),
                            ("Confidence index", number(figures["confidence"])),
                            ("Weakest commitment", figures.get("weakest_commitment") or "n/a"),
                        ]
                    ),
                    commitment_chart(figures),
                    element_chart(figures),
                    trend_chart(figures["trend"]),
                ],
            )
        )
    except NotFound:
        report.sections.append(
            Section(
                id="figures", title="Figures", blocks=[Paragraph("No figures at your level yet.")]
            )
        )
    plan = roadmap(session=session, state_code=state.code, today=today)
    if plan["assessment"] is not None and principal_of(session).may_see(Label.OFFICIAL):
        labels.append(Label.OFFICIAL.value)
    gap_rows = [
        [
            g["item"],
            g["title"],
            g["reason"],
            human(g["status"]),
            g["owner"] or "",
            g["target_date"] or "",
        ]
        for g in plan["next_actions"][:15]
    ]
    report.sections.append(
        Section(
            id="roadmap",
            title="Roadmap",
            blocks=[
                Facts(
                    [
                        (
                            "Position on the cycle",
                            f"{plan['position']['step']} {plan['position']['title']}",
                        ),
                        ("Why", plan["position"]["reason"]),
                    ]
                ),
                Table(
                    ["Item", "Action", "Why", "Status", "Owner", "Target"],
                    gap_rows,
                    "Next actions, best first",
                ),
                Table(
                    ["Item", "Owner", "Target"],
                    [[g["item"], g["owner"] or "", g["target_date"]] for g in plan["overdue"]],
                    "Overdue items",
                ),
            ],
        )
    )
    views = reviews.list_findings(
        session=session, filters=reviews.Filters(state=state.code), today=today
    ).items
    labels.extend(f.label for f in views)
    measures = improvement.measures(session=session, state_code=state.code, today=today)
    m = measures["findings"]
    report.sections.append(
        Section(
            id="findings",
            title="Review findings",
            blocks=[
                Facts(
                    [
                        ("Open", str(m["open"])),
                        ("Closed", str(m["closed"])),
                        ("Declined", str(m["declined"])),
                        ("Overdue", str(m["overdue"])),
                        (
                            "Recommendations verified by a follow-up",
                            "n/a" if m["verified_share"] is None else f"{m['verified_share']} %",
                        ),
                    ]
                ),
                Table(
                    ["Ref", "Review", "Kind", "Finding", "Status", "Owner", "Due"],
                    [
                        [
                            v.ref,
                            v.review_title,
                            human(v.kind),
                            v.text,
                            human(v.status) + (" (overdue)" if v.overdue else ""),
                            v.owner or "",
                            v.due_on.isoformat() if v.due_on else "",
                        ]
                        for v in views
                    ],
                ),
            ],
        )
    )
    report.label = highest(labels).value
    return report
