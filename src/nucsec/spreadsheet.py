"""CSV cells that a spreadsheet shows as text, never runs as a formula (CSV injection).

A cell starting with = + - @, a tab or a carriage return is a formula to Excel and LibreOffice
(`=HYPERLINK(...)` leaks data when clicked). Exports prefix such a cell with an apostrophe, the
spreadsheets' own "this is text" mark; imports remove exactly that one apostrophe, so export →
import → export gives the same bytes. A cell already starting with apostrophes before a trigger
gets one more, so the round trip never loses one.
"""

from __future__ import annotations

import re

_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")


def safe_cell(text: str) -> str:
    """The cell as written to a CSV export."""
    return f"'{text}" if _FORMULA.match(text) else text


def plain_cell(text: str) -> str:
    """The cell as meant, from a CSV file written by `safe_cell` (or by hand)."""
    return text[1:] if _ESCAPED.match(text) else text
