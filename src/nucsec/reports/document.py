"""A report as plain data, independent of its format: every renderer reads the same document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass(frozen=True)
class Notice:
    """A statement the reader must not miss (e.g. 'this is not a compliance score')."""

    text: str
    kind: str = "notice"


@dataclass(frozen=True)
class Facts:
    pairs: list[tuple[str, str]]
    kind: str = "facts"


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    kind: str = "bullets"


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]
    caption: str | None = None
    kind: str = "table"


@dataclass(frozen=True)
class Chart:
    svg: str
    caption: str
    kind: str = "chart"


Block = Paragraph | Notice | Facts | Bullets | Table | Chart


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    provisions: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass
class Report:
    kind: str
    title: str
    state_code: str
    state_name: str
    label: str
    generated_on: str
    framework: str
    sections: list[Section] = field(default_factory=list)
    # Shown on the title page and in the documents' properties.
    period: str = ""
    version: str = "generated on request, not a release"
    author: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def walk(self) -> list[Section]:
        """Every section, depth first."""
        out: list[Section] = []
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            out.append(section)
            stack.extend(reversed(section.sections))
        return out
