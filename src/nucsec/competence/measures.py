"""Competence and cooperation measures per period (a calendar year), as pure functions.

Which record feeds which measure is framework data (`records.measures`); the arithmetic is here.
An empty period gives zero counts and no share (None), never a made-up figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Facts:
    """The records of one state, reduced to what the measures need."""

    positions: tuple[bool, ...]  # qualification required, per accountable position
    certifications: tuple[tuple[int, int], ...]  # (period, certified)
    trainings: tuple[tuple[int, float], ...]  # (period, hours)
    culture: tuple[int, ...]  # period of each activity
    cooperation: tuple[tuple[date, str, tuple[str, ...]], ...]  # (date, kind, optional actions)


def _months_before(day: date, months: int) -> date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, 1)


def period_measures(facts: Facts, period: int, window_months: int) -> dict[str, object]:
    end = date(period, 12, 31)
    start = _months_before(date(period + 1, 1, 1), window_months)
    recent = [c for c in facts.cooperation if start <= c[0] <= end]
    in_period = [c for c in facts.cooperation if c[0].year == period]
    by_kind: dict[str, int] = {}
    for _, kind, _ in in_period:
        by_kind[kind] = by_kind.get(kind, 0) + 1
    return {
        "period": period,
        "CM-QUAL": round(100.0 * sum(facts.positions) / len(facts.positions), 1)
        if facts.positions
        else None,
        "CM-CERT": sum(n for p, n in facts.certifications if p == period),
        "CM-HOURS": sum(h for p, h in facts.trainings if p == period),
        "CM-CULTURE": sum(1 for p in facts.culture if p == period),
        "CM-ACTIONS": len({a for _, _, actions in recent for a in actions}),
        "CM-CONTRIB": dict(sorted(by_kind.items())),
    }


def trend(facts: Facts, periods: list[int], window_months: int) -> list[dict[str, object]]:
    return [period_measures(facts, p, window_months) for p in sorted(periods)]
