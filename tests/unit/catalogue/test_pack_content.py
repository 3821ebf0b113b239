"""The shipped pack carries every list of the INFCIRC/869 implementation guide, faithfully."""

from __future__ import annotations

import pytest

from nucsec.catalogue import default_pack
from nucsec.catalogue.export import pack_document

PACK = default_pack()
DOC = pack_document(PACK)

# The guide's own wording, one fragment per item, in the guide's order.
GUIDE_ELEMENTS = [
    "State responsibility",
    "Identification and definition of nuclear security responsibilities",
    "Legislative and regulatory framework",
    "International transport of materials",
    "Offences and penalties",
    "International cooperation and assistance",
    "Identification and assessment of nuclear security threats",
    "Identification and assessment of targets and potential consequences",
    "Use of risk informed approaches",
    "Detection of nuclear security events",
    "Planning for preparedness for, and response to, a nuclear security event",
    "Sustaining a nuclear security regime",
]
GUIDE_IMPLEMENTATION_ACTIONS = {
    "C1": [
        "security responsibilities",
        "licensing, oversight and compliance",
        "offences and penalties",
    ],
    "C2": [
        "design basis threat",
        "graded approach and defence in depth",
        "control and accounting measures",
        "in transport",
        "Personnel reliability",
        "Detection, response, mitigation and recovery",
    ],
    "C3": ["exercises and performance testing", "peer reviews to", "follow-up peer reviews"],
    "C4": ["training, qualification and competency requirements", "security culture"],
}
GUIDE_OPTIONAL_ACTIONS = {
    "C1": [
        "IAEA guidance",
        "technical support and assistance",
        "good practices",
        "information exchange",
        "IPPAS and INSServ missions",
        "Nuclear Security Fund",
        "research and development",
        "WINS best practice guides",
        "nearby states",
    ],
    "C2": ["cyber security", "life cycle", "emergency and contingency preparedness"],
    "C4": ["training activities", "good practices", "security culture"],
}
GUIDE_MEASURES_PER_AREA = {"REG": 4, "COOP": 1, "SAPR": 3, "COMP": 3}


def test_counts_match_the_guide() -> None:
    assert len(DOC["commitments"]) == 4
    assert len(DOC["elements"]) == 12
    assert len(DOC["optional_actions"]) == 14
    assert len(DOC["implementation_actions"]) == 14
    assert len(DOC["measures"]) == 11
    assert len(DOC["channels"]) == 3
    assert [s["id"] for s in DOC["cycle"]] == ["S1", "S2", "S3", "S4", "S5"]


def test_elements_are_the_twelve_of_nss20_in_order() -> None:
    assert [e["title"] for e in DOC["elements"]] == GUIDE_ELEMENTS
    assert [e["id"] for e in DOC["elements"]] == [f"E{n:02d}" for n in range(1, 13)]


@pytest.mark.parametrize("commitment", ["C1", "C2", "C3", "C4"])
def test_each_commitment_has_the_guides_implementation_actions(commitment: str) -> None:
    titles = [a.title for a in PACK.implementation_actions if a.commitment == commitment]
    expected = GUIDE_IMPLEMENTATION_ACTIONS[commitment]
    assert len(titles) == len(expected)
    for title, fragment in zip(titles, expected, strict=True):
        assert fragment.lower() in title.lower(), (title, fragment)


@pytest.mark.parametrize("commitment", ["C1", "C2", "C4"])
def test_optional_actions_listed_under_each_commitment(commitment: str) -> None:
    titles = [a.title for a in PACK.optional_actions if commitment in a.commitments]
    expected = GUIDE_OPTIONAL_ACTIONS[commitment]
    assert len(titles) == len(expected)
    for fragment in expected:
        assert any(fragment.lower() in t.lower() for t in titles), fragment


def test_action_listed_under_two_commitments_is_one_item_with_two_links() -> None:
    sharing = [a for a in PACK.optional_actions if "good practices" in a.title]
    assert len(sharing) == 1
    assert sharing[0].commitments == ["C1", "C4"]
    c4 = next(c for c in DOC["commitments"] if c["id"] == "C4")
    assert sharing[0].id in c4["optional_actions"]


def test_element_six_is_served_by_the_cooperation_actions() -> None:
    served = {a.id for a in PACK.optional_actions if "E06" in a.elements}
    assert served == {a.id for a in PACK.optional_actions if "C1" in a.commitments}


def test_commitments_point_to_their_reference_documents() -> None:
    refs = {c.id: set(c.references) for c in PACK.commitments}
    assert "NSS20" in refs["C1"]
    assert refs["C2"] == {"NSS13", "NSS14", "NSS15", "CODE"}
    assert "IPPAS" in refs["C3"]
    kinds = {r.id: r.kind for r in PACK.references}
    assert {"NSS20", "NSS13", "NSS14", "NSS15", "CODE", "CPPNM-A"} <= {
        k for k, v in kinds.items() if v == "document"
    }
    assert kinds["IPPAS"] == kinds["INSSERV"] == "service"
    assert kinds["WINS"] == "body"


def test_measures_grouped_by_the_four_areas() -> None:
    per_area: dict[str, int] = {}
    for m in PACK.measures:
        per_area[m.area] = per_area.get(m.area, 0) + 1
    assert per_area == GUIDE_MEASURES_PER_AREA
    assert all(m.commitments and m.channels for m in PACK.measures)


def test_channels_are_the_three_reporting_channels() -> None:
    titles = " | ".join(c["title"] for c in DOC["channels"])
    for name in ("1540", "Article 14", "Consolidated National Nuclear Security Report"):
        assert name in titles


def test_cycle_start_rule_new_programme_s1_developed_s3_or_s4() -> None:
    assert [s.id for s in PACK.start_steps("new")] == ["S1"]
    assert [s.id for s in PACK.start_steps("developed")] == ["S3", "S4"]
    steps = {s.id: s for s in PACK.cycle}
    assert steps["S5"].next == "S3", "after acting on recommendations the cycle returns to S3"
    assert "C3" in steps["S3"].commitments and "C4" in steps["S2"].commitments


def test_every_link_resolves() -> None:
    ids = {section: {i["id"] for i in DOC[section]} for section in DOC if section != "framework"}
    link_targets = {
        "commitments": "commitments",
        "commitment": "commitments",
        "elements": "elements",
        "references": "references",
        "channels": "channels",
        "implementation_actions": "implementation_actions",
        "optional_actions": "optional_actions",
        "next": "cycle",
    }
    checked = 0
    for section, items in DOC.items():
        if section == "framework":
            continue
        for item in items:
            for field, target in link_targets.items():
                if field in item and field != "id":
                    values = item[field] if isinstance(item[field], list) else [item[field]]
                    for value in values:
                        assert value in ids[target], (section, item["id"], field, value)
                        checked += 1
    assert checked > 100


def test_ids_are_unique_across_the_pack() -> None:
    all_ids = [i["id"] for s, items in DOC.items() if s != "framework" for i in items]
    assert len(all_ids) == len(set(all_ids))
