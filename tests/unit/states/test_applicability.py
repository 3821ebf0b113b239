"""The graded approach: what a programme makes not applicable, and what it weighs more."""

from __future__ import annotations

from nucsec.catalogue import default_pack
from nucsec.states.applicability import not_applicable
from nucsec.states.schemas import ProgrammeProfile


def test_sources_only_state_marks_facility_items_not_applicable() -> None:
    pack = default_pack()
    na = not_applicable(pack, ProgrammeProfile(radioactive_sources=True, transport=True))
    assert set(na) == {"A10", "A11"}
    assert "nuclear facilities" in na["A10"]
    nothing = not_applicable(pack, ProgrammeProfile())
    assert {"C2-IA03", "C2-IA04", "A10", "A11"} == set(nothing)
    assert not_applicable(pack, ProgrammeProfile(power_reactors=True, transport=True)) == {}


def test_material_categories_decide_the_high_category_scope() -> None:
    assert "high_category_material" in ProgrammeProfile(material_categories=["II"]).scopes()
    low = ProgrammeProfile(material_categories=["III"]).scopes()
    assert "high_category_material" not in low and "nuclear_material" in low
