"""A server process freezes what its imports built and collects its young objects less often."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from nucsec.web.runtime import MIDDLE, YOUNG, tune_for_serving


@pytest.fixture
def restored_gc() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_tuning_freezes_the_live_objects_and_widens_the_young_generation(restored_gc) -> None:
    long_lived = [[n] for n in range(1000)]  # lists: objects the collector tracks
    tune_for_serving()
    assert gc.get_freeze_count() >= len(long_lived), "what exists now is left out of collections"
    assert gc.get_threshold()[:2] == (YOUNG, MIDDLE)
    assert gc.isenabled(), "cyclic garbage made later is still collected"


def test_cycles_made_after_tuning_are_still_collected(restored_gc) -> None:
    tune_for_serving()

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # type: ignore[attr-defined]
    del a, b
    assert gc.collect() >= 2
