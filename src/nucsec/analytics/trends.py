"""A state's indices over time, the change since the previous assessment, and regressions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

FIGURES = ("overall", "confidence")


@dataclass(frozen=True)
class Point:
    on: date
    assessment: int | None
    overall: float | None
    confidence: float | None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def changes(points: Iterable[Point]) -> list[dict[str, object]]:
    """Oldest first, each point with its change since the previous one (as shown, one decimal)
    and the figures that fell: a regression is any fall, however small, so none hides."""
    out: list[dict[str, object]] = []
    previous: Point | None = None
    for p in sorted(points, key=lambda p: (p.on, p.assessment or 0)):
        change: dict[str, float | None] = {}
        fell: list[str] = []
        for name in FIGURES:
            now = _round(getattr(p, name))
            before = _round(getattr(previous, name)) if previous else None
            delta = None if now is None or before is None else round(now - before, 1)
            change[name] = delta
            if delta is not None and delta < 0:
                fell.append(name)
        out.append(
            {
                "date": p.on.isoformat(),
                "assessment": p.assessment,
                "overall": _round(p.overall),
                "confidence": _round(p.confidence),
                "change": change if previous else None,
                "regression": fell,
            }
        )
        previous = p
    return out
