"""What the Evidence page highlights in a search result: the words that begin as a searched one."""

from __future__ import annotations

from nucsec.evidence.search import marked, snippet, terms_of


def test_searched_words_are_marked_by_their_stem_and_nothing_is_lost() -> None:
    text = "Inspectors inspected 46 sources; an inspection found <orphan> sources."
    pieces = marked(text, terms_of("inspections sources"))
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, hit in pieces if hit] == [
        "Inspectors",
        "inspected",
        "sources",
        "inspection",
        "sources",
    ]
    assert ("<", False) not in pieces and any("<" in p and not hit for p, hit in pieces)


def test_a_text_without_the_words_is_one_unmarked_piece() -> None:
    assert marked("Nothing here.", ["reactor"]) == [("Nothing here.", False)]


def test_the_snippet_is_centred_on_the_first_searched_word() -> None:
    text = "Padding words. " * 30 + "The reactor was inspected." + " More." * 30
    cut = snippet(text, ["reactor"], width=80)
    assert cut.startswith("… ") and cut.endswith(" …") and "reactor" in cut
