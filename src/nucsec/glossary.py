"""Human titles for the codes that records and figures carry (`regional_coe`, `workshop_joined`,
`qualification_required`), so that no page or report ever shows a raw identifier.

One lookup for every interface: the framework pack's own titles come first (providers, kinds
of activity, review and finding kinds, statuses, demonstration levels, maturities: the pack is
the authority and a new pack brings its titles along); then the fixed terms below (field names
and workflow states the code defines); last, the code itself in sentence case, so an unknown
code still reads as words rather than failing a page.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from nucsec.catalogue import default_pack

__all__ = ["TERMS", "title"]

# Field names of the records and workflow states defined in code rather than in the pack.
TERMS: dict[str, str] = {
    "organisation": "Organisation",
    "qualification_required": "Qualification required",
    "renewal_months": "Renewal (months)",
    "period": "Year",
    "held_on": "Date",
    "public_summary": "Public summary",
    "actions": "Optional actions",
    "scheme": "Certification scheme",
    "certified": "Personnel certified",
    "hours": "Hours",
    "label": "Label",
    "open": "Open",
    "not_accepted": "Not accepted (declined)",
    "verified": "Verified",
    "not_applicable": "Not applicable",
    "summary_published": "Summary published",
    "self_assessment": "Self-assessment",
    "ippas_mission": "IPPAS mission",
    "state": "State",
    "review": "Review",
    "finding": "Finding",
    "finding_events": "Finding history",
    "score_releases": "Figures approved for publication",
    "item_notes": "Item notes",
    "assessment": "Assessment",
    "item_assessment": "Item assessment",
    "evidence": "Evidence",
    "user": "User",
    "release": "Release",
    "report_release": "Report release",
    "figures": "Figures",
    "figures_release": "Figures release",
    "positions": "Accountable positions",
    "trainings": "Training programmes",
    "certifications": "Certifications",
    "culture": "Security-culture activities",
    "cooperation": "Cooperation activities",
}


@cache
def _pack_titles() -> dict[str, str]:
    """Every titled code of the default pack, by ID (loaded once; the pack is immutable)."""
    pack = default_pack()
    records, reviews, rules = pack.records, pack.reviews, pack.assessment
    titled: list[Any] = [
        *pack.maturities,
        *rules.statuses,
        *rules.demonstrations,
        *reviews.kinds,
        *reviews.modules,
        *reviews.finding_kinds,
        *records.providers,
        *records.culture_kinds,
        *records.cooperation_kinds,
    ]
    return {entry.id: entry.title for entry in titled}


def title(code: object) -> str:
    """The human title of a code; None and empty give ''. A code no list knows reads as its
    words in sentence case (`needs_review` -> "Needs review"); other text is kept as it is."""
    if code is None:
        return ""
    text = str(code)
    if not text:
        return ""
    found = _pack_titles().get(text) or TERMS.get(text)
    if found:
        return found
    words = text.replace("_", " ")
    return words[:1].upper() + words[1:] if "_" in text or text.islower() else words
