"""Sensitivity labels, ordered: a user cleared to a label sees records at or below it."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Label(StrEnum):
    PUBLIC = "PUBLIC"
    OFFICIAL = "OFFICIAL"
    SENSITIVE = "SENSITIVE"

    @property
    def rank(self) -> int:
        return LABEL_ORDER.index(self)

    def allows(self, other: Label | str) -> bool:
        """Whether a holder of this clearance may see a record labelled `other`."""
        return Label(other).rank <= self.rank

    def at_or_below(self) -> list[Label]:
        return list(LABEL_ORDER[: self.rank + 1])


LABEL_ORDER = (Label.PUBLIC, Label.OFFICIAL, Label.SENSITIVE)
DEFAULT_LABEL = Label.OFFICIAL


class Labelled:
    """Mixin for every record that carries a sensitivity label.

    The visibility rule (`access.visibility`) filters every ORM query on this mixin, so a model
    that inherits it is protected everywhere without its services doing anything.
    """

    label: Mapped[str] = mapped_column(String(16), default=DEFAULT_LABEL.value)
