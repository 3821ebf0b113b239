"""Ranking states on one figure, with ties: pure functions, so the rule is tested by hand."""

from __future__ import annotations

from collections.abc import Mapping

RULE = (
    "competition ranking on the overall index, highest first (1, 2, 2, 4): states with the "
    "same overall (to one decimal, as shown) share a rank and the next rank skips; tied states "
    "are listed by state code; a state without figures is not ranked"
)


def order(values: Mapping[str, float | None]) -> list[str]:
    """Codes best first: by value as shown (highest first), ties by code, no value last."""
    return sorted(
        values, key=lambda code: (values[code] is None, -round(values[code] or 0.0, 1), code)
    )


def competition_ranks(values: Mapping[str, float | None]) -> dict[str, int | None]:
    """Code → rank under RULE ("1, 2, 2, 4"); None for a state without a value."""
    ranks: dict[str, int | None] = {}
    previous: float | None = None
    rank = 0
    for position, code in enumerate(order(values), start=1):
        value = values[code]
        if value is None:
            ranks[code] = None
            continue
        shown = round(value, 1)
        if previous is None or shown != previous:
            rank, previous = position, shown
        ranks[code] = rank
    return ranks
