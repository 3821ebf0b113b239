"""Requirement packs: shipped packs load; typos and dangling links are precise errors."""

from __future__ import annotations

import pytest

from nucsec.catalogue import CatalogueError
from nucsec.legal.packs import citable_ids, load_requirement_pack, requirement_packs

HEAD = """pack: {id: p, title: P, short: P, version: "1"}
groups: [{id: G, title: G}]
requirements:
"""


def test_shipped_packs_hold_the_1540_rows_and_the_cppnm_articles() -> None:
    packs = requirement_packs()
    matrix, cppnm = packs["unscr1540"], packs["cppnm"]
    op2 = matrix.in_group("OP2")
    assert len(op2) == 12 and all(r.entries == ["NLF", "ENF"] for r in op2)
    assert {r.cite for r in matrix.requirements} >= {
        "OP 1",
        "OP 2",
        "OP 3 (a)",
        "OP 3 (b)",
        "OP 3 (c)",
        "OP 3 (d)",
    }
    assert [r.id[-1] for r in cppnm.in_group("2A")] == list("ABCDEFGHIJKL")
    assert {"CPPNM-5-1", "CPPNM-14-1", "CPPNM-7-1k", "1540-OP2-use-ENF", "C1-IA01"} <= (
        citable_ids()
    )
    assert "1540-OP2-use" not in citable_ids(), "OP2 rows are cited by entry"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("- {id: R1, group: G, cite: A, title: T, text: long}", "requirements[R1]: field 'text'"),
        ("- {id: R1, group: H, cite: A, title: T}", "unknown group 'H'"),
        ("- {id: R1, group: G, cite: A, title: T, items: [C9-IA99]}", "unknown framework item"),
        ("- {id: R1, group: G, cite: A, title: T, instrument: XYZ}", "field 'instrument'"),
        (
            "- {id: R1, group: G, cite: A, title: T}\n- {id: R1, group: G, cite: B, title: U}",
            "duplicate ID",
        ),
    ],
)
def test_a_faulty_pack_is_refused_with_a_precise_message(row: str, message: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        load_requirement_pack(HEAD + row, "p.yaml")
    assert message in str(caught.value) and str(caught.value).startswith("p.yaml: ")
