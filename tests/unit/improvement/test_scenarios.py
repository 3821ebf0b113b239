"""Scenarios on the mini pack, with every gain computed by hand.

C1-IA01 is implemented (90 points, not demonstrated), the other actions not started, the
options not adopted, the two measures not started; weights: C1-IA02 2, the others 1.
Overall = 90 / 5 = 18; confidence 0 (nothing public, no peer review).
"""

from __future__ import annotations

from nucsec.assessments.scoring import NO_ASSURANCE, NO_RECORDS, ItemState, score
from nucsec.improvement.scenarios import IMPLEMENT, PUBLISH, Action, apply, best, candidates
from tests.unit.minipack import PACK

ITEMS = [
    ItemState("C1-IA01", "implemented"),
    ItemState("C1-IA02", "not_started"),
    ItemState("C2-IA01", "not_started"),
    ItemState("C4-IA01", "not_started"),
    ItemState("A01", "not_adopted"),
    ItemState("A02", "not_adopted"),
    ItemState("A03", "not_adopted"),
    ItemState("M-1", "not_started"),
    ItemState("M-2", "not_started"),
]


def found() -> list[tuple[list[tuple[str, str]], float, float]]:
    return [
        ([(a.action, a.item) for a in s.actions], s.overall, s.confidence)
        for s in best(PACK, ITEMS, support=NO_RECORDS, assurance=NO_ASSURANCE, scopes=frozenset())
    ]


def test_best_single_actions_and_pairs_by_hand() -> None:
    assert found() == [
        # C1-IA02 weighs 2: (90 + 2*90) / 5 = 54, +36
        ([(IMPLEMENT, "C1-IA02")], 36.0, 0.0),
        # demonstrated share 100, coverage 0: transparency 50, confidence 0.5 * 50 = 25
        ([(PUBLISH, "C1-IA01")], 0.0, 25.0),
        # (90 + 90) / 5 = 36, +18; C4-IA01 ties with it and comes after it in item order
        ([(IMPLEMENT, "C2-IA01")], 18.0, 0.0),
        # (90 + 180 + 90) / 5 = 72: +54 (the C4-IA01 pair ties, after it)
        ([(IMPLEMENT, "C1-IA02"), (IMPLEMENT, "C2-IA01")], 54.0, 0.0),
        ([(IMPLEMENT, "C1-IA02"), (IMPLEMENT, "C4-IA01")], 54.0, 0.0),
        # +36 overall; one of two implemented actions published: 50 → transparency 25 → 12.5
        ([(PUBLISH, "C1-IA01"), (IMPLEMENT, "C1-IA02")], 36.0, 12.5),
    ]


def test_actions_that_raise_nothing_are_not_offered() -> None:
    offered = {(a.action, a.item) for a in candidates(PACK, ITEMS, NO_RECORDS)}
    assert (IMPLEMENT, "C1-IA01") not in offered, "already implemented"
    shown = {(a, i) for s, _, _ in found() for a, i in s}
    assert (IMPLEMENT, "A02") not in shown, "counted in C4-IA01: adopting it raises nothing"


def test_applying_a_scenario_changes_the_figures_by_its_gain() -> None:
    before = score(PACK, ITEMS, support=NO_RECORDS, assurance=NO_ASSURANCE)
    for s in best(
        PACK, ITEMS, support=NO_RECORDS, assurance=NO_ASSURANCE, scopes=frozenset(), pool=9
    ):
        items, support = apply(PACK, ITEMS, NO_RECORDS, s.actions)
        after = score(PACK, items, support=support, assurance=NO_ASSURANCE)
        assert round(round(after.overall, 1) - round(before.overall, 1), 1) == s.overall
        assert round(round(after.confidence, 1) - round(before.confidence, 1), 1) == s.confidence


def test_publishing_a_measure_counts_once_backed() -> None:
    items, support = apply(PACK, ITEMS, NO_RECORDS, (Action("M-1", PUBLISH),))
    after = score(PACK, items, support=support, assurance=NO_ASSURANCE)
    assert after.measure_coverage == 50.0
    assert after.confidence == 12.5
