"""Helpers for forms that keep what the user typed and mark the field an error names."""

from __future__ import annotations

import re

FIELD = re.compile(r"^([a-z_]+)(?:\.[\w.]+)?: ")


def field_of(error: str | None) -> str | None:
    """The field a one-line error names (`due_on: …` → `due_on`), to mark it on the form."""
    if not error:
        return None
    found = FIELD.match(error)
    return found.group(1) if found else None
