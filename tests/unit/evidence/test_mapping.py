"""Mapping passages to framework items: lexical ranking, the fallback, caching, offline model."""

from __future__ import annotations

import dataclasses
import os
import socket

import numpy as np
import pytest
from pydantic import ValidationError

from nucsec.catalogue.loader import default_pack
from nucsec.catalogue.schema import Measure
from nucsec.evidence import embeddings, mapping
from nucsec.evidence.ingest import IngestError, read_document
from nucsec.evidence.mapping import FALLBACK_NOTICE, Mapper
from nucsec.evidence.ranking import LexicalRanker, mapped_items, stem, tokens

INSPECTIONS = (
    "In 2023 the Authority's inspectors carried out 46 security inspections of licensees and "
    "issued three enforcement notices for non-compliance with licence conditions."
)
PORTALS = (
    "Radiation portal monitors now cover all major border crossings and seaports; alarms are "
    "assessed by a reachback centre and seized material is examined by forensic experts."
)


def test_every_action_and_measure_has_curated_keywords_and_example_statements() -> None:
    items = mapped_items(default_pack())
    assert len(items) == 39, "implementation actions, optional actions and measures"
    assert all(item.keywords for item in items)
    assert all(len(item.descriptions) >= 5 for item in items)
    statements = [d for item in items for d in item.descriptions]
    assert len(set(statements)) == len(statements), "a statement describes one item only"


def test_a_pack_keyword_or_statement_listed_twice_or_empty_is_refused() -> None:
    base = {"id": "M-X", "title": "T", "area": "REG", "commitments": ["C1"], "channels": ["CNNSR"]}
    with pytest.raises(ValidationError, match="listed twice"):
        Measure(**base, keywords=["press release", "Press Release"])
    with pytest.raises(ValidationError, match="must not be empty"):
        Measure(**base, keywords=[" "])
    with pytest.raises(ValidationError, match="listed twice"):
        Measure(**base, descriptions=["The report is published.", "The  report is published. "])
    with pytest.raises(ValidationError, match="must not be empty"):
        Measure(**base, descriptions=["\n"])


def test_an_item_is_the_centre_of_its_statements_or_its_title_without_any(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two statements pointing different ways give an item the direction between them; an item
    without statements (a pack that has none) is embedded from its title and keywords."""
    seen: list[str] = []
    axes = {"north": [0.0, 1.0], "east": [1.0, 0.0]}

    def fake_embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
        seen.extend(texts)
        return np.array([axes.get(t, [3.0, 4.0]) for t in texts], dtype=np.float32)

    monkeypatch.setattr(embeddings, "embed", fake_embed)
    monkeypatch.setattr(embeddings, "_item_cache", {})
    mapper = Mapper(default_pack(), semantic=True)
    first, second = mapper.items[0], mapper.items[1]
    mapper.items = [
        dataclasses.replace(first, descriptions=("north", "east")),
        dataclasses.replace(second, descriptions=()),
    ]
    vectors = mapper.item_vectors()
    assert np.allclose(vectors[0], [2**-0.5, 2**-0.5])
    assert np.allclose(vectors[1], [0.6, 0.8])
    assert seen[2].startswith(second.title) and second.keywords[0] in seen[2]


def test_a_paragraph_reporting_two_things_scores_each_by_its_best_sentence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sentence about each of two items gives both the same score, halfway between the
    centre of the paragraph and the sentence itself; a one-sentence passage is itself."""
    axes = {"training": [1.0, 0.0], "transport": [0.0, 1.0]}

    def fake_embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
        return np.array(
            [next(v for k, v in axes.items() if k in t.casefold()) for t in texts],
            dtype=np.float32,
        )

    monkeypatch.setattr(embeddings, "embed", fake_embed)
    monkeypatch.setattr(embeddings, "_item_cache", {})
    mapper = Mapper(default_pack(), semantic=True)
    mapper.items = [
        dataclasses.replace(mapper.items[0], descriptions=("Training of guards.",)),
        dataclasses.replace(mapper.items[1], descriptions=("Transport of sources.",)),
    ]
    paragraph = (
        "Guards completed their training course in May of that year. "
        "Shipments of sources used a new transport plan with escorts."
    )
    two, one = mapper.semantic_scores([paragraph, "Training for all new guards began."])
    assert np.allclose(two, [(2**-0.5 + 1) / 2] * 2)
    assert np.allclose(one, [1.0, 0.0])


def test_sentences_worth_comparing_alone() -> None:
    text = "The Act of 2019 designates the regulator. See Annex 2. 40 officers respond to alarms."
    assert mapping.sentences(text) == [
        "The Act of 2019 designates the regulator.",
        "40 officers respond to alarms.",
    ], "a fragment of under five words is no sentence to compare"
    assert mapping.sentences("One sentence with enough words here.") == []


def test_the_why_of_a_match_prefers_the_items_own_words() -> None:
    ranker = LexicalRanker(mapped_items(default_pack()))
    why = ranker.why(INSPECTIONS, "C1-IA02")
    item = ranker.items[1]
    curated = set(tokens(". ".join([item.title, *item.keywords])))
    assert item.id == "C1-IA02" and len(why) >= 4
    assert all(stem(w) in curated for w in why[:4]), why
    assert not any(len(w) < 2 for phrase in why for w in phrase.split()), why


def test_lexical_ranking_puts_the_evidenced_item_first_and_says_why() -> None:
    ranker = LexicalRanker(mapped_items(default_pack()))
    ids = [i.id for i in ranker.items]
    assert ids[int(np.argmax(ranker.scores(INSPECTIONS)))] == "C1-IA02"
    assert ids[int(np.argmax(ranker.scores(PORTALS)))] == "C2-IA06"
    why = ranker.why(INSPECTIONS, "C1-IA02")
    assert "inspectors" in why and "enforcement" in why
    assert ranker.why(INSPECTIONS, "A06") == [], "no shared word, no reason"


def test_without_the_semantic_extra_mapping_falls_back_to_lexical_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embeddings, "available", lambda: False)
    monkeypatch.setattr(embeddings, "embed", _no_model)
    mapper = Mapper(default_pack())
    assert (mapper.method, mapper.notice) == ("lexical", FALLBACK_NOTICE)
    [result] = mapper.map([(3, INSPECTIONS)], top=2)
    assert result.page == 3 and result.matches[0].item == "C1-IA02"
    assert "semantic" not in result.matches[0].why
    assert len(result.matches) == 2


def test_headings_and_unrelated_text_get_no_proposal(monkeypatch: pytest.MonkeyPatch) -> None:
    mapper = Mapper(default_pack(), semantic=False)
    heading, unrelated = mapper.map([(1, "Chapter 3"), (1, "x " * 12)])
    assert heading.matches == () and unrelated.matches == ()


def test_item_embeddings_are_cached_on_disk_by_pack_and_model(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def fake_embed(texts: list[str], batch_size: int = 32) -> np.ndarray:
        calls.append(len(texts))
        return np.ones((len(texts), 4), dtype=np.float32)

    monkeypatch.setattr(embeddings, "embed", fake_embed)
    monkeypatch.setattr(embeddings, "_item_cache", {})
    first = embeddings.item_embeddings("pack-1", ["a", "b"], tmp_path)
    [cached] = list(tmp_path.glob("pack-1-all-MiniLM-L6-v2-*.npy"))
    monkeypatch.setattr(embeddings, "_item_cache", {})
    again = embeddings.item_embeddings("pack-1", ["a", "b"], tmp_path)
    assert calls == [2], "the second read came from disk"
    assert np.array_equal(first, again) and cached.is_file()
    embeddings.item_embeddings("pack-1", ["a", "c"], tmp_path)
    assert calls == [2, 2], "other item texts (an edited pack) are embedded anew"


def test_text_documents_split_into_pages_and_paragraphs() -> None:
    document = read_document(
        b"First page, first paragraph.\n\nSecond\nparagraph.\fSecond page.",
        filename="r.txt",
        max_bytes=1000,
    )
    assert [(p.page, p.text) for p in document.passages] == [
        (1, "First page, first paragraph."),
        (1, "Second paragraph."),
        (2, "Second page."),
    ]
    with pytest.raises(IngestError, match="no text"):
        read_document(b"  \n", filename="e.txt", max_bytes=1000)


@pytest.mark.slow
@pytest.mark.skipif(not embeddings.available(), reason="needs nucsec[semantic]")
def test_semantic_mapping_runs_with_networking_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access attempted during mapping")

    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.setenv(name, "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(embeddings, "_model", None)  # load it here, under the block
    monkeypatch.setattr(embeddings, "_item_cache", {})
    mapper = Mapper(default_pack(), semantic=True)
    inspections, portals = mapper.map([(1, INSPECTIONS), (2, PORTALS)])
    assert mapper.method == "semantic+lexical" and mapper.notice is None
    assert inspections.matches[0].item == "C1-IA02"
    assert portals.matches[0].item == "C2-IA06"
    assert 0.3 < float(portals.matches[0].why["semantic"]) <= 1.0  # type: ignore[arg-type]
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_the_default_mapper_is_built_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mapping, "_mappers", {})
    assert mapping.default_mapper(semantic=False) is mapping.default_mapper(semantic=False)


def _no_model(*args: object, **kwargs: object) -> np.ndarray:
    raise AssertionError("the model must not be used in the lexical fallback")
