"""Scoring (rules version 2) against hand-computed examples on the mini pack."""

from __future__ import annotations

from datetime import date

import pytest

from nucsec.assessments.scoring import Assurance, ItemState, Support, score, trend
from nucsec.catalogue import default_pack
from tests.unit.minipack import PACK

EXAMPLE = [
    ItemState("C1-IA01", "implemented", "published"),  # 90, weight 1
    ItemState("C1-IA02", "in_progress"),  # 50, weight 2 (item weight)
    ItemState("C2-IA01", "not_started"),  # 0, weight 1
    ItemState("C4-IA01", "sustained"),  # 100 when verified, else 90
    ItemState("A01", "implemented"),  # adopted: +5 credit to C1, C2, E01
    ItemState("A02", "implemented"),  # adopted, but counted in C4-IA01: no credit
    ItemState("A03", "not_adopted"),  # lowers nothing
    ItemState("M-1", "implemented"),
    ItemState("M-2", "not_started"),
]
RECORDS = Support(public_evidence=frozenset({"C1-IA01", "M-1"}), verified=frozenset({"C4-IA01"}))


def test_indices_by_hand_without_records() -> None:
    s = score(PACK, EXAMPLE)
    c1_own = (90 + 2 * 50) / 3 + 5
    assert s.commitments["C2"] == pytest.approx(5.0), "0 from its action, +5 for A01"
    assert s.commitments["C4"] == pytest.approx(90.0), "sustained unverified scores 90"
    assert s.commitments["C3"] is None, "nothing to score"
    # Commitment 1 blends its own actions with the other commitments (pack rule)
    assert s.commitments["C1"] == pytest.approx((c1_own + (5 + 90) / 2) / 2)
    assert s.overall == pytest.approx((90 + 100 + 0 + 90) / 5 + 5)
    assert s.elements["E01"] == pytest.approx(95.0)
    assert s.elements["E02"] == pytest.approx((100 + 0 + 90) / 4), "A02 adds no credit"
    assert s.elements["E03"] == 0.0, "no action serves E03: its share adopted (A03 not adopted)"
    assert s.weakest_commitment == "C2"
    assert s.optional == {"C1": 50.0, "C2": 100.0, "C3": None, "C4": 100.0}


def test_records_verify_and_back_declarations() -> None:
    s = score(PACK, EXAMPLE, support=RECORDS)
    assert s.commitments["C4"] == pytest.approx(100.0), "verified sustained scores 100"
    assert s.overall == pytest.approx((90 + 100 + 0 + 100) / 5 + 5)
    assert s.flags == ()


def test_unsupported_declarations_are_flagged() -> None:
    s = score(PACK, EXAMPLE)
    assert set(s.flags) == {
        ("C1-IA01", "demonstration_unsupported"),
        ("C4-IA01", "sustained_unverified"),
        ("M-1", "measure_unbacked"),
    }


def test_confidence_by_hand() -> None:
    declared = score(PACK, EXAMPLE)
    assert declared.confidence == 0.0, "declarations alone give no confidence"
    s = score(
        PACK,
        EXAMPLE,
        support=RECORDS,
        assurance=Assurance(any_peer_review=True, peer_review_in_cadence=True, verified_share=50.0),
    )
    assert s.demonstrated_share == pytest.approx(50.0), "1 of 2 implemented actions public"
    assert s.measure_coverage == pytest.approx(50.0), "M-1 backed by PUBLIC evidence"
    assert s.transparency == pytest.approx(50.0)
    # (100 in cadence + 50 verified + 50 of implemented actions shared or published) / 3
    assert s.assurance == pytest.approx(200 / 3)
    assert s.confidence == pytest.approx((50 + 200 / 3) / 2)
    parts = s.as_dict()["confidence_parts"]
    assert parts == {"transparency": 50.0, "assurance": 66.7}


def test_approved_public_summaries_back_their_measures() -> None:
    items = [ItemState("M-2", "implemented")]
    assert score(PACK, items).measure_coverage == 0.0
    backed = score(PACK, items, support=Support(has_public_summaries=True))
    assert backed.measure_coverage == 100.0


def test_shared_in_confidence_counts_when_a_peer_review_covers_the_item() -> None:
    item = [ItemState("C1-IA01", "implemented", "shared")]
    assert ("C1-IA01", "demonstration_unsupported") in score(PACK, item).flags
    ok = score(PACK, item, support=Support(peer_review=frozenset({"C1-IA01"})))
    assert ok.flags == ()


def test_graded_approach_weighs_items_for_category_one_and_two_material() -> None:
    plain = score(PACK, EXAMPLE, support=RECORDS)
    heavy = score(PACK, EXAMPLE, support=RECORDS, scopes=frozenset({"high_category_material"}))
    assert heavy.overall == pytest.approx((90 + 100 + 0 * 3 + 100) / 7 + 5)
    assert heavy.overall < plain.overall, "the undone C2-IA01 weighs three times"


def test_not_applicable_items_are_left_out() -> None:
    items = [
        i if i.item_id != "C2-IA01" else ItemState("C2-IA01", "not_applicable") for i in EXAMPLE
    ]
    s = score(PACK, items)
    assert s.commitments["C2"] is None, "no applicable action of its own"
    assert s.counts["not_applicable"] == 2, "C2-IA01 and A03 (not adopted) are out of indices"


def test_every_implementation_action_implemented_scores_at_least_90() -> None:
    pack = default_pack()
    items = [
        ItemState(item.id, "implemented" if section == "implementation_actions" else "not_adopted")
        for section, item in pack.assessable()
        if section != "measures"
    ]
    s = score(pack, items)
    assert all(v is not None and v >= 90 for v in s.commitments.values()), s.commitments


def test_high_mean_with_a_neglected_commitment_shows_the_weakest() -> None:
    pack = default_pack()
    items = []
    for section, item in pack.assessable():
        if section == "measures":
            continue
        neglected = item.id.startswith("C3-")
        items.append(ItemState(item.id, "not_started" if neglected else "implemented"))
    s = score(pack, items)
    assert s.overall is not None and s.overall > 70, "the mean looks good"
    assert s.weakest_commitment == "C3"


def test_trend_is_ordered_oldest_first() -> None:
    early = score(PACK, [ItemState("C1-IA01", "planned")])
    late = score(PACK, [ItemState("C1-IA01", "implemented")])
    points = trend([(date(2026, 1, 1), 2, late), (date(2025, 1, 1), 1, early)])
    assert [p.as_dict() for p in points] == [
        {"date": "2025-01-01", "assessment": 1, "overall": 20.0, "confidence": 0.0},
        {"date": "2026-01-01", "assessment": 2, "overall": 90.0, "confidence": 0.0},
    ]


def test_sharing_in_confidence_with_peer_reviewers_builds_assurance() -> None:
    items = [ItemState("C1-IA01", "implemented", "shared")]
    reviewed = Assurance(any_peer_review=True, peer_review_in_cadence=True)
    alone = score(PACK, items, assurance=reviewed)
    assert alone.assurance == pytest.approx(50.0), "declared shared, no review covers it"
    shared = score(
        PACK, items, assurance=reviewed, support=Support(peer_review=frozenset({"C1-IA01"}))
    )
    assert shared.assurance == pytest.approx(100.0)
    assert shared.transparency == alone.transparency == 0.0, "nothing public"
