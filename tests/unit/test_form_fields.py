"""The field a form error names, so the page can mark it."""

from __future__ import annotations

import pytest

from nucsec.web.forms import field_of


@pytest.mark.parametrize(
    ("error", "field"),
    [
        ("due_on: Input should be a valid date", "due_on"),
        ("items.0: unknown framework item", "items"),
        ("input: unknown maturity 'ancient'; use one of new, developed", "maturity"),
        ("kind: unknown finding kind 'x'; use one of a, b", "kind"),
        ("state XD already exists", None),
        (None, None),
    ],
)
def test_field_of(error: str | None, field: str | None) -> None:
    assert field_of(error) == field
