"""The mapping's accuracy on the project's evaluation set holds: an edit of the pack's keywords or
example statements, or of the ranking, that makes proposals worse fails here, not in a user's
review. The figures themselves are printed by `python -m benchmarks evidence`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from nucsec.catalogue.loader import default_pack
from nucsec.evidence import embeddings
from nucsec.evidence.mapping import MIN_SEMANTIC, Mapper

HALVES = Path(__file__).parents[3] / "benchmarks" / "evidence"


def _accuracy(scores: np.ndarray, kept: np.ndarray, ids: list[str], labels: list[list[str]]):
    top1 = top3 = 0
    for row, items in enumerate(labels):
        order = [ids[i] for i in np.argsort(-scores[row], kind="stable") if kept[row][i]]
        top1 += bool(order) and order[0] in items
        top3 += any(i in items for i in order[:3])
    return top1 / len(labels), top3 / len(labels)


@pytest.mark.slow
@pytest.mark.skipif(not embeddings.available(), reason="needs nucsec[semantic]")
@pytest.mark.parametrize("half", ["tuning", "held_out", "blind"])
def test_each_half_meets_the_targets_and_the_fusion_beats_its_parts(half: str) -> None:
    passages = yaml.safe_load((HALVES / f"{half}.yaml").read_text(encoding="utf-8"))["passages"]
    evidencing = [p for p in passages if p["items"]]
    assert len(evidencing) >= 35
    mapper = Mapper(default_pack(), semantic=True)
    ids = [i.id for i in mapper.items]
    texts = [" ".join(p["text"].split()) for p in evidencing]
    labels = [p["items"] for p in evidencing]
    fused, semantic, lexical = mapper.scores(texts)
    kept = semantic >= MIN_SEMANTIC
    top1, top3 = _accuracy(fused, kept, ids, labels)
    assert top1 >= 0.85 and top3 >= 0.95, (top1, top3)
    parts = [_accuracy(semantic, kept, ids, labels), _accuracy(lexical, lexical > 0, ids, labels)]
    assert top1 >= max(p[0] for p in parts) and top3 >= max(p[1] for p in parts), parts
