"""Map document passages to the framework items they evidence, with a score and the reason.

The ranking nucsec uses was chosen by measurement on the tuning half of `benchmarks/evidence/`
(`python -m benchmarks evidence --sweep`): the semantic similarity of passage and item plus 0.3 of
the lexical BM25 score normalised per passage, the smallest weight that matched the better part
(top-1 0.93). Reciprocal rank fusion of the two measured 0.77 and is not used. Without the
`semantic` extra, mapping falls back to the lexical ranker and says so in `Mapper.notice`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nucsec.catalogue.schema import Pack
from nucsec.evidence import embeddings
from nucsec.evidence.ranking import ItemText, LexicalRanker, mapped_items

LEXICAL_WEIGHT = 0.3
"""Weight of the normalised lexical score beside the semantic one (measured, see module doc)."""
MIN_SEMANTIC = 0.3
"""A match needs at least this semantic similarity: the lexical part is normalised per passage,
so only the semantic one can say that a passage (about safety, say) evidences nothing."""
MIN_WORDS = 8
"""Shorter passages (headings, page numbers) are not mapped: they evidence nothing alone."""
BATCH = 64

FALLBACK_NOTICE = (
    "semantic model not installed (pip install 'nucsec[semantic]'): lexical ranking only"
)


@dataclass(frozen=True)
class Match:
    item: str
    score: float
    why: dict[str, object]

    def as_json(self) -> dict[str, object]:
        return {"item": self.item, "score": round(self.score, 3), "why": self.why}


@dataclass(frozen=True)
class PassageMatches:
    page: int | None
    text: str
    matches: tuple[Match, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, object]:
        return {
            "page": self.page,
            "text": self.text,
            "matches": [m.as_json() for m in self.matches],
        }


def semantic_text(item: ItemText, elements: dict[str, str]) -> str:
    """What the model embeds for an item: its title, its curated keywords, then the titles of
    the essential elements it serves (measured: better than the title, or title and keywords)."""
    parts = [item.title]
    if item.keywords:
        parts.append(", ".join(item.keywords))
    parts.extend(elements[e] for e in item.elements if e in elements)
    return ". ".join(parts)


class Mapper:
    """Scores passages against every mapped item of a pack; build once, map many documents."""

    def __init__(
        self,
        pack: Pack,
        *,
        semantic: bool | None = None,
        cache_dir: Path | None = None,
        lexical_weight: float = LEXICAL_WEIGHT,
    ) -> None:
        self.items = mapped_items(pack)
        self._elements = {e.id: e.title for e in pack.elements}
        self.lexical = LexicalRanker(self.items)
        self.semantic = embeddings.available() if semantic is None else semantic
        self.notice = None if self.semantic else FALLBACK_NOTICE
        self.method = "semantic+lexical" if self.semantic else "lexical"
        self.lexical_weight = lexical_weight
        self._key = f"{pack.framework.id}-{pack.framework.version}"
        self._cache_dir = cache_dir
        self._item_vectors: np.ndarray | None = None

    def item_vectors(self) -> np.ndarray:
        if self._item_vectors is None:
            texts = [semantic_text(i, self._elements) for i in self.items]
            self._item_vectors = embeddings.item_embeddings(self._key, texts, self._cache_dir)
        return self._item_vectors

    def lexical_scores(self, texts: Sequence[str]) -> np.ndarray:
        """BM25 scores (passages x items), each row divided by its maximum (0 where none)."""
        raw = np.stack([self.lexical.scores(t) for t in texts]) if texts else np.zeros((0, 0))
        top = raw.max(axis=1, keepdims=True) if raw.size else raw
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(top > 0, raw / np.where(top > 0, top, 1), 0.0)

    def semantic_scores(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity (passages x items)."""
        return embeddings.embed(list(texts)) @ self.item_vectors().T

    def scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(fused, semantic, lexical) score matrices; semantic is zeros in the fallback."""
        lexical = self.lexical_scores(texts)
        if not self.semantic:
            return lexical, np.zeros_like(lexical), lexical
        semantic = self.semantic_scores(texts)
        fused = (semantic + self.lexical_weight * lexical) / (1 + self.lexical_weight)
        return fused, semantic, lexical

    def map(
        self,
        passages: Sequence[tuple[int | None, str]],
        *,
        top: int = 3,
        progress: Callable[[int], None] | None = None,
    ) -> list[PassageMatches]:
        """The `top` items of each (page, text) passage, best first, above the minimum score."""
        out: list[PassageMatches] = []
        for start in range(0, len(passages), BATCH):
            batch = passages[start : start + BATCH]
            mapped = [n for n, (_, text) in enumerate(batch) if len(text.split()) >= MIN_WORDS]
            fused, semantic, lexical = self.scores([batch[n][1] for n in mapped])
            rows = {n: r for r, n in enumerate(mapped)}
            for n, (page, text) in enumerate(batch):
                r = rows.get(n)
                if r is None:
                    out.append(PassageMatches(page, text))
                    continue
                keep = self.accepts(fused[r], semantic[r], lexical[r])
                order = [int(i) for i in np.argsort(-fused[r], kind="stable") if keep[i]][:top]
                matches = tuple(
                    self._match(text, i, fused[r], semantic[r], lexical[r]) for i in order
                )
                out.append(PassageMatches(page, text, matches))
            if progress is not None:
                progress(len(batch))
        return out

    def accepts(self, fused: np.ndarray, semantic: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        """Which items may be proposed for a passage (a boolean per item)."""
        if self.semantic:
            return semantic >= MIN_SEMANTIC
        return lexical > 0

    def _match(
        self, text: str, i: int, fused: np.ndarray, semantic: np.ndarray, lexical: np.ndarray
    ) -> Match:
        item = self.items[i]
        why: dict[str, object] = {"words": self.lexical.why(text, item.id)}
        if self.semantic:
            why["semantic"] = round(float(semantic[i]), 3)
        why["lexical"] = round(float(lexical[i]), 3)
        return Match(item.id, float(fused[i]), why)


_mappers: dict[bool, Mapper] = {}


def default_mapper(semantic: bool | None = None) -> Mapper:
    """The mapper of the default pack, built once per process (item embeddings cached on disk)."""
    from nucsec.catalogue.loader import default_pack
    from nucsec.config import get_settings

    key = embeddings.available() if semantic is None else semantic
    if key not in _mappers:
        cache = get_settings().data_dir / "cache" / "embeddings"
        _mappers[key] = Mapper(default_pack(), semantic=key, cache_dir=cache)
    return _mappers[key]
