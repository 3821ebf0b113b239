"""Codes read as words: the pack's titles first, the fixed terms next, sentence case last."""

from __future__ import annotations

import pytest

from nucsec.catalogue import default_pack
from nucsec.glossary import title
from nucsec.web.templating import templates


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("regional_coe", "Regional Centre of Excellence"),
        ("workshop_joined", "Seminar, workshop or exercise joined"),
        ("ippas_mission", "IPPAS mission"),
        ("none", "Not demonstrated"),
        ("qualification_required", "Qualification required"),
        ("renewal_months", "Renewal (months)"),
        ("not_accepted", "Not accepted (declined)"),
        ("some_new_code", "Some new code"),
        ("IAEA", "IAEA"),
        (None, ""),
        ("", ""),
    ],
)
def test_codes_read_as_titles(code: str | None, shown: str) -> None:
    assert title(code) == shown


def test_every_titled_code_of_the_pack_has_its_pack_title() -> None:
    records = default_pack().records
    for entry in [*records.providers, *records.culture_kinds, *records.cooperation_kinds]:
        assert title(entry.id) == entry.title


def test_pages_use_the_glossary_through_one_filter() -> None:
    rendered = templates.env.from_string("{{ 'culture_self_assessment'|human }}").render()
    assert rendered == "Self-assessment of security culture"
