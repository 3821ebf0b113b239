"""Lexical ranking of framework items for a passage: BM25 over each item's title, its curated
keywords and its example statements (`descriptions` in the pack).

Items are the documents and the passage is the query: a report's passage is long and an item is a
title plus a few keywords, so BM25's length normalisation keeps short items from being drowned.
Tokens are folded words with a light suffix strip plus adjacent-word pairs, so that "physical
protection" in a keyword counts more than "physical" and "protection" apart. The matched words
are kept: they are the `why` a reviewer reads.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

import bm25s
import numpy as np

from nucsec.catalogue.schema import MappedItem, Pack

MAPPED_SECTIONS = ("implementation_actions", "optional_actions", "measures")

STOPWORDS = frozenset(
    """a about above after again all also an and any are as at be been before being between both
    but by can could did do does each for from had has have having he her here his how i if in
    into is it its itself may more most must no nor not of on once only or other our out over own
    per same shall she should so some such than that the their them then there these they this
    those through to too under until up very was we were what when where which while who whom why
    will with would you your e.g eg etc year years new national state states""".split()  # noqa: SIM905
)

_CLAUSE = re.compile(r"[.,;:()]\s")
_WORD = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")


@dataclass(frozen=True)
class ItemText:
    """What a passage is compared with: an item's title, curated keywords and the statements a
    report makes when it evidences the item."""

    id: str
    section: str
    title: str
    elements: tuple[str, ...]
    keywords: tuple[str, ...]
    descriptions: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return ". ".join([self.title, *self.keywords, *self.descriptions])


def mapped_items(pack: Pack) -> list[ItemText]:
    """Every item a passage may evidence (elements are reached through their items)."""
    out: list[ItemText] = []
    for section in MAPPED_SECTIONS:
        for item in getattr(pack, section):
            assert isinstance(item, MappedItem)
            elements = tuple(getattr(item, "elements", ()) or ())
            out.append(
                ItemText(
                    item.id,
                    section,
                    item.title,
                    elements,
                    tuple(item.keywords or ()),
                    tuple(item.descriptions or ()),
                )
            )
    return out


def stem(word: str) -> str:
    """A light suffix strip: enough to meet "inspections" with "inspection", "trained" with
    "training", without a stemming library."""
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            base = word[: -len(suffix)]
            return base + "y" if suffix in ("ies", "ied") else base
    return word


def words(text: str) -> list[tuple[str, str]]:
    """(stem, surface word) of the content words of `text`, in order."""
    out = []
    for match in _WORD.finditer(text.casefold()):
        for part in re.split(r"[-/]", match.group()):
            if len(part) > 1 and part not in STOPWORDS and not part.isdigit():
                out.append((stem(part), part))
    return out


def tokens(text: str) -> list[str]:
    """Stems, and pairs of adjacent stems within a clause: the BM25 vocabulary."""
    out: list[str] = []
    for clause in _CLAUSE.split(text):
        stems = [s for s, _ in words(clause)]
        out.extend(stems)
        out.extend(f"{a}_{b}" for a, b in pairwise(stems))
    return out


class LexicalRanker:
    """BM25 over the mapped items of a pack; one instance serves any number of passages."""

    def __init__(self, items: list[ItemText]) -> None:
        self.items = items
        self._docs = [tokens(item.text) for item in items]
        self._retriever = bm25s.BM25()
        self._retriever.index(self._docs, show_progress=False)
        self._vocab = [set(doc) for doc in self._docs]
        self._curated = [set(tokens(". ".join([i.title, *i.keywords]))) for i in items]
        counts = Counter(t for vocab in self._vocab for t in vocab)
        self._common = {t for t, n in counts.items() if n > len(items) / 4}

    @cached_property
    def _index(self) -> dict[str, int]:
        return {item.id: i for i, item in enumerate(self.items)}

    def scores(self, passage: str) -> np.ndarray:
        """BM25 score of every item (in item order) for `passage`."""
        query = [t for t in set(tokens(passage)) if self._known(t)]
        if not query:
            return np.zeros(len(self.items), dtype=np.float32)
        return np.asarray(self._retriever.get_scores(query), dtype=np.float32)

    def _known(self, token: str) -> bool:
        return token in self._retriever.vocab_dict

    def why(self, passage: str, item_id: str, limit: int = 8) -> list[str]:
        """The passage's words that the item's text also holds, leaving out words most items
        share ("security"): they explain nothing. Phrases and words of the item's title and
        keywords come first, then single words of its example statements (their word pairs are
        too incidental to read as a reason)."""
        n = self._index[item_id]
        curated = self._curated[n] - self._common
        examples = self._vocab[n] - self._common
        seen: dict[str, str] = {}
        for clause in _CLAUSE.split(passage):
            for (s1, w1), (s2, w2) in pairwise(words(clause)):
                if f"{s1}_{s2}" in curated:
                    seen.setdefault(f"{s1}_{s2}", f"{w1} {w2}")
        covered = {w for phrase in seen.values() for w in phrase.split()}
        for vocab in (curated, examples):
            for s, w in words(passage):
                if s in vocab and w not in covered:
                    seen.setdefault(s, w)
        return list(seen.values())[:limit]
