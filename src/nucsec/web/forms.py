"""Helpers for forms that keep what the user typed and mark the field an error names."""

from __future__ import annotations

import re

FIELD = re.compile(r"^([a-z_]+)(?:\.[\w.]+)?: ")
UNKNOWN = re.compile(r"\bunknown ([a-z_]+) ")


def field_of(error: str | None) -> str | None:
    """The field a one-line error names (`due_on: …` → `due_on`), to mark it on the form."""
    if not error:
        return None
    found = FIELD.match(error)
    field = found.group(1) if found else None
    if field in (None, "input"):  # a whole-record check names the field in its text
        named = UNKNOWN.search(error)
        return named.group(1) if named else field
    return field
