"""Cycle position and next actions, on hand-made figures."""

from __future__ import annotations

from datetime import date

from nucsec.assessments.scoring import score
from nucsec.catalogue import default_pack
from nucsec.states.applicability import not_applicable
from nucsec.states.roadmap import ItemRecord, cycle_position, next_actions
from nucsec.states.schemas import ProgrammeProfile
from tests.unit.minipack import PACK

TODAY = date(2026, 11, 25)


def records(**statuses: str) -> list[ItemRecord]:
    return [ItemRecord(item_id.replace("_", "-"), status) for item_id, status in statuses.items()]


def test_gaps_are_ranked_by_gain_to_the_weakest_commitment() -> None:
    items = records(
        C1_IA01="implemented", C1_IA02="in_progress", C2_IA01="not_started", A01="planned"
    )
    gaps = next_actions(PACK, items, today=TODAY)
    assert [g.item_id for g in gaps] == ["C2-IA01", "A01", "C1-IA02"]
    first = gaps[0]
    # C2 before: (0 + 0.5·0.25)/1.5 = 8.33; after C2-IA01 implemented: (0.75 + 0.125)/1.5 = 58.33
    assert round(first.gain_weakest, 2) == 50.0
    assert gaps[-1].gain_weakest == 0.0, "C1-IA02 does not touch C2"


def test_overdue_gaps_are_flagged() -> None:
    items = [
        ItemRecord("C1-IA01", "planned", owner="Regulator", target_date=date(2026, 1, 1)),
        ItemRecord("C2-IA01", "planned", owner="Police", target_date=date(2027, 1, 1)),
    ]
    gaps = {g.item_id: g for g in next_actions(PACK, items, today=TODAY)}
    assert gaps["C1-IA01"].overdue and not gaps["C2-IA01"].overdue
    assert gaps["C1-IA01"].owner == "Regulator"


def test_start_step_before_any_assessment() -> None:
    kwargs = {
        "scores": None,
        "last_self_assessment": None,
        "last_peer_review": None,
        "today": TODAY,
    }
    assert cycle_position(PACK, maturity="new", **kwargs).step == "S1"
    assert cycle_position(PACK, maturity="developed", **kwargs).step == "S3"


def test_position_follows_figures_and_cadences() -> None:
    weak = score(PACK, records(C1_IA01="planned", C1_IA02="planned", C2_IA01="planned"))
    strong = score(PACK, records(C1_IA01="sustained", C1_IA02="sustained", C2_IA01="sustained"))
    kwargs = {"maturity": "developed", "today": TODAY}
    assert (
        cycle_position(
            PACK, scores=weak, last_self_assessment=TODAY, last_peer_review=TODAY, **kwargs
        ).step
        == "S1"
    )
    # no C4 item in the mini pack: competence counts as 0, so S2
    assert (
        cycle_position(
            PACK, scores=strong, last_self_assessment=TODAY, last_peer_review=TODAY, **kwargs
        ).step
        == "S2"
    )
    full = type(strong)(**{**strong.__dict__, "commitments": {**strong.commitments, "C4": 80.0}})
    assert (
        cycle_position(
            PACK,
            scores=full,
            last_self_assessment=date(2024, 1, 1),
            last_peer_review=TODAY,
            **kwargs,
        ).step
        == "S3"
    )
    assert (
        cycle_position(
            PACK, scores=full, last_self_assessment=TODAY, last_peer_review=None, **kwargs
        ).step
        == "S4"
    )
    acting = cycle_position(
        PACK,
        scores=full,
        last_self_assessment=TODAY,
        last_peer_review=date(2024, 6, 1),
        open_findings=2,
        **kwargs,
    )
    assert acting.step == "S5" and "2 finding(s)" in acting.reason
    done = cycle_position(
        PACK,
        scores=full,
        last_self_assessment=TODAY,
        last_peer_review=date(2024, 6, 1),
        open_findings=0,
        **kwargs,
    )
    assert done.step == "S3", "with every finding acted on, the cycle returns to S3"


def test_sources_only_state_marks_facility_items_not_applicable() -> None:
    pack = default_pack()
    na = not_applicable(pack, ProgrammeProfile(radioactive_sources=True, transport=True))
    assert set(na) == {"A10", "A11"}
    assert "nuclear facilities" in na["A10"]
    nothing = not_applicable(pack, ProgrammeProfile())
    assert {"C2-IA03", "C2-IA04", "A10", "A11"} == set(nothing)
    assert not_applicable(pack, ProgrammeProfile(power_reactors=True, transport=True)) == {}
