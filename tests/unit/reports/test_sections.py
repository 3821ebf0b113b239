"""The consolidated report's sections pack: the shipped one loads; faults are precise errors."""

from __future__ import annotations

import pytest

from nucsec.catalogue import CatalogueError
from nucsec.reports.sections import consolidated_sections, load_sections

HEAD = """pack: {id: s, title: S, version: "1", note: Not the official template.}
subjects:
  - id: law
    title: Law
    sections:
"""


def test_shipped_sections_are_grouped_by_subject_and_name_real_provisions() -> None:
    pack = consolidated_sections()
    assert len(pack.subjects) >= 3 and all(s.sections for s in pack.subjects)
    legal = next(s for s in pack.sections() if s.id == "legal-framework")
    assert {"infcirc869", "unscr1540", "cppnm"} <= legal.covers.keys()
    assert "M-REG-04" in legal.items
    assert "not the official CNNSR template" in " ".join(pack.pack.note.split())


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            "      - {id: a, title: A, covers: {cppnm: [CPPNM-2A-Z]}}",
            "subjects[law].sections[a]: field 'covers': cppnm: unknown ID 'CPPNM-2A-Z'",
        ),
        (
            "      - {id: a, title: A, covers: {infcirc869: [C9-IA01]}}",
            "unknown ID 'C9-IA01'",
        ),
        (
            "      - {id: a, title: A, covers: {icsant: [Art. 5]}}",
            "unknown instrument 'icsant'",
        ),
        (
            "      - {id: a, title: A, covers: {cppnm: [CPPNM-5-1]}, colour: red}",
            "subjects[law].sections[a].colour: unknown field",
        ),
        (
            "      - {id: a, title: A, covers: {}}",
            "subjects[law].sections[a].covers: Dictionary should have at least 1 item",
        ),
        (
            "      - {id: a, title: A, covers: {cppnm: [CPPNM-5-1]}}\n"
            "      - {id: a, title: B, covers: {unscr1540: [1540-OP2-use-ENF]}}",
            "duplicate ID 'a'",
        ),
    ],
)
def test_faults_are_one_line_each_naming_where(section: str, expected: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        load_sections(HEAD + section + "\n", "mine.yaml")
    assert any(expected in p for p in caught.value.problems), caught.value.problems
    assert str(caught.value).startswith("mine.yaml: ")


def test_entry_ids_and_row_ids_are_both_accepted() -> None:
    pack = load_sections(
        HEAD + "      - {id: a, title: A, covers: {unscr1540: [1540-OP2-use, 1540-OP3b-ENF]}}\n",
        "ok.yaml",
    )
    assert pack.section_ids() == ["a"]


def test_broken_yaml_is_refused() -> None:
    with pytest.raises(CatalogueError, match="broken YAML"):
        load_sections("pack: [", "bad.yaml")
