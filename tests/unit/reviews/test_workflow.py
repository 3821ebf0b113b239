"""Every allowed and refused move of a finding's action plan."""

from __future__ import annotations

from datetime import date

import pytest

from nucsec.access.labels import Label
from nucsec.access.principal import Principal, Role
from nucsec.reviews import workflow
from nucsec.reviews.workflow import Move, refusal

COORDINATOR = Principal("c", Role.coordinator, Label.SENSITIVE)
REVIEWER = Principal("r", Role.reviewer, Label.SENSITIVE)
MISSION = date(2024, 10, 18)
LATER, SAME_DAY, EARLIER = date(2026, 6, 15), MISSION, date(2024, 1, 1)

ALLOWED = {
    ("open", "in_progress"),
    ("open", "implemented"),
    ("open", "not_accepted"),
    ("in_progress", "open"),
    ("in_progress", "implemented"),
    ("in_progress", "not_accepted"),
    ("implemented", "in_progress"),
    ("implemented", "verified"),
    ("not_accepted", "open"),
}


def check(current: str, to: str, who: Principal = COORDINATOR, **move) -> str | None:
    defaults = {
        "reason": "out of scope" if to == "not_accepted" else None,
        "verifying_review_date": LATER if to == "verified" else None,
    }
    return refusal(
        current,
        Move(to, **{**defaults, **move}),
        principal=who,
        finding_review_date=MISSION,
        has_action_plan=True,
    )


@pytest.mark.parametrize("current", workflow.STATUSES)
@pytest.mark.parametrize("to", workflow.STATUSES)
def test_every_transition(current: str, to: str) -> None:
    who = REVIEWER if to == "verified" else COORDINATOR
    why = check(current, to, who)
    if (current, to) in ALLOWED:
        assert why is None
    else:
        assert why is not None
        assert ("already" in why) if current == to else ("cannot go from" in why)


def test_verification_only_by_a_reviewer() -> None:
    assert check("implemented", "verified", COORDINATOR) == "only a reviewer can verify a finding"
    assert check("implemented", "verified", REVIEWER) is None


@pytest.mark.parametrize("when", [SAME_DAY, EARLIER])
def test_verification_only_by_a_later_review(when: date) -> None:
    why = check("implemented", "verified", REVIEWER, verifying_review_date=when)
    assert why == "verification must come from a review held after the finding's review"
    why = check("implemented", "verified", REVIEWER, verifying_review_date=None)
    assert why == "verification must name the later review that verified it"


def test_not_accepted_needs_a_reason() -> None:
    assert check("open", "not_accepted", reason="  ") == "not accepting a finding needs a reason"


def test_good_practices_have_no_workflow_and_unknown_statuses_are_named() -> None:
    assert refusal(
        "noted",
        Move("in_progress"),
        principal=COORDINATOR,
        finding_review_date=MISSION,
        has_action_plan=False,
    ) == ("a good practice has no action plan to move")
    assert check("open", "closed").startswith("unknown status 'closed'")
