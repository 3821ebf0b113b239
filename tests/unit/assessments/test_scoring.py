"""Scoring against hand-computed examples (weights, N/A, weakest commitment, confidence)."""

from __future__ import annotations

from datetime import date

import pytest

from nucsec.assessments.scoring import ItemState, score, trend
from nucsec.catalogue import default_pack
from tests.unit.minipack import PACK

EXAMPLE = [
    ItemState("C1-IA01", "implemented", "published"),  # 3/4, weight 1
    ItemState("C1-IA02", "in_progress"),  # 2/4, weight 2 (item weight)
    ItemState("C2-IA01", "not_started"),  # 0/4, weight 1
    ItemState("A01", "sustained", "internal"),  # 4/4, weight 0.5 (optional action)
    ItemState("M-1", "implemented"),  # 3/4
    ItemState("M-2", "not_started"),  # 0/4
]


def test_indices_by_hand() -> None:
    s = score(PACK, EXAMPLE)
    # C1: (1·0.75 + 2·0.5 + 0.5·1) / (1 + 2 + 0.5) = 2.25 / 3.5
    assert s.commitments["C1"] == pytest.approx(100 * 2.25 / 3.5)
    # C2: (1·0 + 0.5·1) / 1.5
    assert s.commitments["C2"] == pytest.approx(100 * 0.5 / 1.5)
    assert s.commitments["C3"] is None and s.commitments["C4"] is None, "nothing to score"
    # overall over the four actions: (0.75 + 1 + 0 + 0.5) / 4.5
    assert s.overall == pytest.approx(50.0)
    assert s.elements["E01"] == pytest.approx(100 * 1.25 / 1.5)
    assert s.elements["E02"] == pytest.approx(100 * 1.0 / 3.0)
    assert s.weakest_commitment == "C2"


def test_confidence_by_hand() -> None:
    s = score(PACK, EXAMPLE)
    assert s.demonstrated_share == pytest.approx(50.0), "1 of 2 implemented actions published"
    assert s.measure_coverage == pytest.approx(37.5), "(0.75 + 0) / 2"
    assert s.confidence == pytest.approx(43.75)


def test_not_applicable_items_are_left_out() -> None:
    items = [
        i if i.item_id != "C2-IA01" else ItemState("C2-IA01", "not_applicable") for i in EXAMPLE
    ]
    s = score(PACK, items)
    assert s.commitments["C2"] == pytest.approx(100.0), "only A01 (sustained) remains in C2"
    assert s.overall == pytest.approx(100 * 2.25 / 3.5)
    assert s.weakest_commitment == "C1"
    assert s.counts["not_applicable"] == 1


def test_nothing_implemented_gives_zero_confidence_share() -> None:
    s = score(PACK, [ItemState("C1-IA01", "planned"), ItemState("M-1", "not_started")])
    assert s.demonstrated_share == 0.0
    assert s.confidence == 0.0


def test_high_mean_with_a_neglected_commitment_shows_the_weakest() -> None:
    pack = default_pack()
    items = []
    for section, item in pack.assessable():
        if section == "measures":
            continue
        neglected = item.id.startswith("C3-")
        items.append(ItemState(item.id, "not_started" if neglected else "sustained"))
    s = score(pack, items)
    assert s.overall is not None and s.overall > 85, "the mean looks good"
    assert s.weakest_commitment == "C3"
    assert s.commitments["C3"] == 0.0


def test_trend_is_ordered_oldest_first() -> None:
    early = score(PACK, [ItemState("C1-IA01", "planned")])
    late = score(PACK, [ItemState("C1-IA01", "sustained")])
    points = trend([(date(2026, 1, 1), 2, late), (date(2025, 1, 1), 1, early)])
    assert [p.as_dict() for p in points] == [
        {"date": "2025-01-01", "assessment": 1, "overall": 25.0, "confidence": 0.0},
        {"date": "2026-01-01", "assessment": 2, "overall": 100.0, "confidence": 0.0},
    ]
