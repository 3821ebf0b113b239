"""The graded approach: which framework items a state's programme makes not applicable."""

from __future__ import annotations

from nucsec.catalogue.schema import Pack
from nucsec.states.schemas import ProgrammeProfile

SCOPE_NAMES = {
    "nuclear_material": "nuclear material",
    "high_category_material": "Category I or II nuclear material",
    "nuclear_facilities": "nuclear facilities",
    "power_reactors": "power reactors",
    "research_reactors": "research reactors",
    "fuel_cycle_facilities": "fuel-cycle facilities",
    "radioactive_sources": "radioactive sources",
    "transport": "transport of nuclear or radioactive material",
}


def not_applicable(pack: Pack, profile: ProgrammeProfile) -> dict[str, str]:
    """Item ID → generated justification, for every assessable item the programme does not reach.

    An item applies when it names no scope, or when the programme covers any scope it names.
    """
    scopes = profile.scopes()
    result = {}
    for _, item in pack.assessable():
        needs = list(getattr(item, "applies_to", []))
        if needs and not scopes.intersection(needs):
            names = " or ".join(SCOPE_NAMES[s] for s in needs)
            result[item.id] = pack.assessment.not_applicable_text.format(scopes=names)
    return result
