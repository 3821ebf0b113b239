"""Continuous-improvement measures (DESIGN §2), pure functions over plain data.

- cadence: days since the last self-assessment and the last peer review against the
  cadences of the framework data (one month rule for every cadence: `nucsec.dates`);
- findings open / closed / overdue (recommendations and suggestions); declined ones are
  shown apart with their reasons: declining is neither closing nor verifying;
- median days to implement (review end → implemented) and to verify (implemented → verified);
- share of peer-review recommendations verified by a later review, declined ones counted as
  not verified, so that declining never raises it;
- good practices shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median

from nucsec.dates import months_between, within
from nucsec.reviews.workflow import ACTIVE, IMPLEMENTED, NOT_ACCEPTED, VERIFIED

DONE = frozenset({IMPLEMENTED, VERIFIED})


@dataclass(frozen=True)
class FindingFacts:
    kind: str
    status: str
    review_ended_on: date
    due_on: date | None = None
    implemented_on: date | None = None
    verified_on: date | None = None
    shared: bool = False
    peer_review: bool = True
    ref: str | None = None
    reason: str | None = None


def cadence(last: date | None, months: int, today: date) -> dict[str, object]:
    """How long since the last event, and whether it is overdue against its cadence."""
    if last is None:
        return {"last": None, "days_since": None, "cadence_months": months, "overdue": True}
    return {
        "last": last.isoformat(),
        "days_since": (today - last).days,
        "months_since": months_between(last, today),
        "cadence_months": months,
        "overdue": not within(last, months, today),
    }


def is_overdue(f: FindingFacts, today: date) -> bool:
    return f.status in ACTIVE and f.due_on is not None and f.due_on < today


def finding_measures(findings: list[FindingFacts], today: date) -> dict[str, object]:
    planned = [f for f in findings if f.kind != "good_practice"]
    to_implement = [
        (f.implemented_on - f.review_ended_on).days for f in planned if f.implemented_on is not None
    ]
    to_verify = [
        (f.verified_on - f.implemented_on).days
        for f in planned
        if f.verified_on is not None and f.implemented_on is not None
    ]
    recommendations = [f for f in planned if f.kind == "recommendation" and f.peer_review]
    verified = sum(1 for f in recommendations if f.status == VERIFIED)
    declined = [f for f in planned if f.status == NOT_ACCEPTED]
    return {
        "open": sum(1 for f in planned if f.status in ACTIVE),
        "closed": sum(1 for f in planned if f.status in DONE),
        "declined": len(declined),
        "declined_reasons": [{"ref": f.ref, "reason": f.reason} for f in declined],
        "overdue": sum(1 for f in planned if is_overdue(f, today)),
        "median_days_to_implement": median(to_implement) if to_implement else None,
        "median_days_to_verify": median(to_verify) if to_verify else None,
        "verified_share": round(100.0 * verified / len(recommendations), 1)
        if recommendations
        else None,
        "good_practices": sum(1 for f in findings if f.kind == "good_practice"),
        "good_practices_shared": sum(1 for f in findings if f.kind == "good_practice" and f.shared),
    }
