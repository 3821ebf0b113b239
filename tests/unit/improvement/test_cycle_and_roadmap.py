"""Cycle position and next actions from an assessment and hand-made records (pure)."""

from __future__ import annotations

from datetime import date

from nucsec.improvement import cycle
from nucsec.improvement import records as recs
from nucsec.improvement.records import FindingFact, ReviewFact, StateRecords
from nucsec.improvement.roadmap import ItemRecord, next_actions
from tests.unit.minipack import PACK

TODAY = date(2026, 11, 25)
MISSION = ReviewFact(
    1, "ippas_mission", "IPPAS mission 2024", date(2024, 11, 20), ("C1-IA01",), None
)


def items(**statuses: str) -> list[ItemRecord]:
    return [ItemRecord(i.replace("_", "-"), s) for i, s in statuses.items()]


def rec(ref: str, status: str, due: date | None = None, item: str = "C2-IA01") -> FindingFact:
    return FindingFact(
        int(ref[-1]), 1, ref, "recommendation", status, (item,), f"Do {ref}", None, due
    )


def plan(its: list[ItemRecord] | None, records: StateRecords, maturity: str = "developed"):
    support = recs.support(PACK, records, None, TODAY)
    facts = cycle.facts(PACK, its, records, support, frozenset(), TODAY)
    position = cycle.position(PACK, maturity=maturity, facts=facts, today=TODAY)
    done = set(recs.done_in_records(PACK, records, TODAY))
    base = its or items(
        C1_IA01="not_started",
        C1_IA02="not_started",
        C2_IA01="not_started",
        C4_IA01="not_started",
        A01="not_started",
    )
    actions = next_actions(
        PACK, position=position, facts=facts, items=base, support=support, scopes=frozenset(),
        today=TODAY, done=done, reviews={r.id: r.title for r in records.reviews},
    )  # fmt: skip
    return position, actions


STRONG = items(C1_IA01="implemented", C1_IA02="implemented", C2_IA01="implemented",
               C4_IA01="implemented", A01="not_started")  # fmt: skip


def test_before_any_assessment_the_maturity_decides() -> None:
    assert plan(None, StateRecords(), "new")[0].step == "S1"
    assert plan(None, StateRecords(), "developed")[0].step == "S3"


def test_s1_work_comes_first_and_optional_actions_last() -> None:
    position, actions = plan(items(C1_IA01="planned", C1_IA02="not_started",
                                   C2_IA01="not_started", C4_IA01="not_started",
                                   A01="not_started"), StateRecords())  # fmt: skip
    assert position.step == "S1"
    # C2 is the weakest (0): its action first; then by gain to C1 (C1-IA02 weighs 2)
    assert [a.item_id for a in actions[:3]] == ["C2-IA01", "C1-IA02", "C1-IA01"]
    assert all(a.step == "S1" and "regime" in a.reason for a in actions[:3])
    assert actions[-1].item_id == "A01" and "optional" in actions[-1].reason


def test_s2_while_competence_is_below_threshold() -> None:
    weak = [i if i.item_id != "C4-IA01" else ItemRecord("C4-IA01", "planned") for i in STRONG]
    position, actions = plan(weak, StateRecords(self_assessments=(TODAY,)))
    assert position.step == "S2"
    assert actions[0].item_id == "C4-IA01"


def test_s3_and_s4_follow_the_recorded_reviews() -> None:
    assert plan(STRONG, StateRecords())[0].step == "S3", "no self-assessment recorded"
    position, actions = plan(STRONG, StateRecords(self_assessments=(date(2026, 3, 1),)))
    assert position.step == "S4" and actions[0].kind == "peer_review"
    recent = StateRecords(self_assessments=(date(2026, 3, 1),), reviews=(MISSION,))
    assert plan(STRONG, recent)[0].step == "S3", "reviewed within cadence: the cycle returns"


def test_s5_lists_open_recommendations_by_due_date_then_s3_when_acted_on() -> None:
    open_recs = StateRecords(
        reviews=(MISSION,),
        findings=(
            rec("R-1", "open", date(2027, 3, 1)),
            rec("R-2", "in_progress", date(2026, 12, 1)),
            rec("R-3", "open", date(2026, 6, 1)),
        ),
    )
    position, actions = plan(STRONG, open_recs)
    assert position.step == "S5" and "3 peer-review recommendation(s)" in position.reason
    assert [a.finding["ref"] for a in actions[:3]] == ["R-3", "R-2", "R-1"]
    assert actions[0].overdue
    acted = StateRecords(
        reviews=(MISSION,),
        findings=(rec("R-1", "verified"), rec("R-2", "implemented"), rec("R-3", "not_accepted")),
        self_assessments=(date(2026, 3, 1),),
    )
    assert plan(STRONG, acted)[0].step == "S3"


def test_items_the_records_show_done_are_not_proposed() -> None:
    coop = recs.CooperationFact(1, "assistance", date(2026, 5, 1), ("A03",), "Help a neighbour")
    exercise = ReviewFact(2, "exercise_field", "Field exercise", date(2026, 9, 1), (), None)
    records = StateRecords(cooperation=(coop,), reviews=(exercise,))
    done = recs.done_in_records(PACK, records, TODAY)
    assert set(done) == {"A03", "C4-IA01"}
    weak = [i if i.item_id != "C4-IA01" else ItemRecord("C4-IA01", "planned") for i in STRONG]
    _, actions = plan([*weak, ItemRecord("A03", "not_started")], records)
    assert not {"A03", "C4-IA01"} & {a.item_id for a in actions}


def test_verification_needs_a_covering_review_without_open_finding() -> None:
    covered = StateRecords(reviews=(MISSION,))
    assert "C1-IA01" in recs.support(PACK, covered, None, TODAY).verified
    blocked = StateRecords(reviews=(MISSION,), findings=(rec("R-1", "open", item="C1-IA01"),))
    assert "C1-IA01" not in recs.support(PACK, blocked, None, TODAY).verified
    later = date(2030, 1, 1)
    assert "C1-IA01" not in recs.support(PACK, covered, None, later).verified, "too old"


def test_declined_recommendations_stay_in_the_verified_share() -> None:
    records = StateRecords(
        reviews=(MISSION,), findings=(rec("R-1", "verified"), rec("R-2", "not_accepted"))
    )
    assert recs.assurance(PACK, records, TODAY).verified_share == 50.0
