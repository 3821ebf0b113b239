"""Every importer's reader, fed arbitrary CSV and YAML: rows or one clear refusal, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nucsec.assessments import transfer as assessments
from nucsec.competence import transfer as competence
from nucsec.errors import NucsecError
from nucsec.filerows import decode
from nucsec.reviews import transfer as reviews

READERS = [
    ("items.csv", lambda text: assessments.parse_csv(text, "items.csv")),
    ("items.yaml", lambda text: assessments.parse_yaml(text, "items.yaml")),
    ("findings.csv", lambda text: reviews.parse(text, "findings.csv")),
    ("findings.yaml", lambda text: reviews.parse(text, "findings.yaml")),
    ("trainings.csv", lambda text: competence.parse(text, "trainings.csv", "trainings")),
    ("trainings.yaml", lambda text: competence.parse(text, "trainings.yaml", "trainings")),
]

# Pieces that make the parsers take their unusual paths: quotes, anchors and aliases, flow
# collections, tags, dates, BOMs, deep nesting, and the columns the importers know.
PIECES = st.sampled_from(
    ['"', "'", ",", "\n", "\r\n", ": ", "- ", "&a ", "*a", "[", "]", "{", "}", "!!python/name:x",
     "2026-02-30", "\ufeff", "items:", "findings:", "item", "status", "kind", "text", "ref",
     "title", "period", "C1-IA01", "planned", "recommendation", "? ", "|", ">", "#", "\t", "%YAML"]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, reader=st.sampled_from(READERS))
def test_readers_return_rows_or_refuse_in_clear_words(text: str, reader) -> None:
    source, read = reader
    try:
        read(text)
    except NucsecError as exc:
        message = str(exc)
        assert message.startswith(source) or message.startswith("line "), message
        assert "Traceback" not in message and len(message) < 5000


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=200))
def test_any_bytes_decode_to_text_or_one_line(data: bytes) -> None:
    try:
        text = decode(data, "f.csv")
    except NucsecError as exc:
        assert "\n" not in str(exc)
    else:
        assert "\x00" not in text and not text.startswith("\ufeff")
