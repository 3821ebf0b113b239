"""Report blocks from competence and cooperation records, as the building session may see them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from nucsec.catalogue import default_pack
from nucsec.competence import service as competence
from nucsec.reports.document import Block, Paragraph, Table


def _titles(kinds) -> dict[str, str]:
    return {k.id: k.title for k in kinds}


def competence_blocks(
    session: Session,
    code: str,
    labels: list[str] | None = None,
    *,
    totals: list[dict[str, Any]] | None = None,
    public: bool = False,
) -> list[Block]:
    """Measures per year, then the training, certification and culture records.

    A public report reads only PUBLIC records: a share over them (100 % of the published
    positions) would contradict the share over all positions. There, shares come from the
    approved totals (`totals`) or are not given, and counts say they count published records.
    """
    rules = default_pack().records
    names = {m.id: m.title for m in rules.measures}
    trend = (
        totals if totals is not None else competence.measure_trend(session=session, state_code=code)
    )
    unapproved_shares = public and totals is None
    shares = {m.id for m in rules.measures if m.title.endswith("(%)")}
    rows = {
        t: competence.listing(session=session, state_code=code, record_type=t)
        for t in ("positions", "trainings", "certifications", "culture")
    }
    if labels is not None:
        labels.extend(r.label for records in rows.values() for r in records)
    if not any(rows.values()):
        return [Paragraph("No competence record published yet.")]
    providers, culture = _titles(rules.providers), _titles(rules.culture_kinds)
    keys = ["CM-QUAL", "CM-CERT", "CM-HOURS", "CM-CULTURE"]

    def heading(key: str) -> str:
        if unapproved_shares and key not in shares:
            return f"{names[key]} (published records)"
        return names[key]

    def cell(row: dict[str, Any], key: str) -> str:
        if unapproved_shares and key in shares:
            return "not approved for publication"
        return "n/a" if row.get(key) is None else f"{row[key]:g}"

    return [
        Table(
            ["Year", *(heading(k) for k in keys)],
            [[str(t["period"]), *(cell(t, k) for k in keys)] for t in trend],
            "Competence measures per year"
            + (" (approved totals over all records)" if totals else ""),
        ),
        Table(
            [
                "Position",
                "Organisation",
                "Qualification required",
                "Qualification",
                "Renewal (months)",
            ],
            [
                [
                    p.role,
                    p.organisation,
                    "yes" if p.qualification_required else "no",
                    p.qualification or "",
                    str(p.renewal_months or ""),
                ]
                for p in rows["positions"]
            ],
            "Accountable positions",
        ),
        Table(
            ["Year", "Training", "Provider", "Audience", "Hours"],
            [
                [
                    str(t.period),
                    t.title,
                    providers.get(t.provider, t.provider),
                    t.audience or "",
                    f"{t.hours:g}",
                ]
                for t in rows["trainings"]
            ],
            "Training and qualification",
        ),
        Table(
            ["Year", "Scheme", "Personnel certified"],
            [[str(c.period), c.scheme, str(c.certified)] for c in rows["certifications"]],
            "Certification",
        ),
        Table(
            ["Year", "Activity", "Kind"],
            [[str(c.period), c.title, culture.get(c.kind, c.kind)] for c in rows["culture"]],
            "Security culture",
        ),
    ]


def cooperation_blocks(session: Session, code: str, labels: list[str] | None = None) -> list[Block]:
    rules = default_pack().records
    kinds = _titles(rules.cooperation_kinds)
    rows = competence.listing(session=session, state_code=code, record_type="cooperation")
    if labels is not None:
        labels.extend(r.label for r in rows)
    if not rows:
        return [Paragraph("No cooperation activity published yet.")]
    trend = competence.measure_trend(session=session, state_code=code)
    return [
        Table(
            [
                "Year",
                "Optional actions with an activity in the last two years",
                "Activities by kind",
            ],
            [
                [
                    str(t["period"]),
                    str(t["CM-ACTIONS"]),
                    "; ".join(f"{kinds.get(k, k)}: {n}" for k, n in t["CM-CONTRIB"].items()) or "—",
                ]
                for t in trend
            ],
            "Cooperation measures per year",
        ),
        Table(
            ["Date", "Activity", "Kind", "Optional actions", "Partners", "Amount"],
            [
                [
                    r.held_on.isoformat(),
                    r.title + (f" — {r.public_summary}" if r.public_summary else ""),
                    kinds.get(r.kind, r.kind),
                    ", ".join(r.actions or []),
                    r.partners or "",
                    f"{r.amount:g}" if r.amount is not None else "",
                ]
                for r in rows
            ],
            "Cooperation activities",
        ),
    ]
