"""The catalogue as one plain document: the shape of `catalogue show --format json` and the API."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from nucsec.catalogue.schema import (
    Channel,
    Commitment,
    CycleStep,
    Element,
    FrameworkInfo,
    ImplementationAction,
    Item,
    ItemId,
    Maturity,
    Measure,
    OptionalAction,
    Pack,
    Reference,
)


class FrameworkEntry(FrameworkInfo):
    maturities: list[Maturity]


class CommitmentEntry(Commitment):
    implementation_actions: list[ItemId]
    optional_actions: list[ItemId]


class ElementEntry(Element):
    implementation_actions: list[ItemId]
    optional_actions: list[ItemId]


class MeasureEntry(Measure):
    area_title: str


class CatalogueDocument(BaseModel):
    """The shape of `pack_document`: every list of the pack, with reverse links filled in."""

    framework: FrameworkEntry
    commitments: list[CommitmentEntry]
    elements: list[ElementEntry]
    optional_actions: list[OptionalAction]
    implementation_actions: list[ImplementationAction]
    references: list[Reference]
    cycle: list[CycleStep]
    measures: list[MeasureEntry]
    channels: list[Channel]


def _item(item: Item, **links: Any) -> dict[str, Any]:
    data = item.model_dump(exclude_none=True)
    data.update(links)
    return data


def pack_document(pack: Pack) -> dict[str, Any]:
    """Every list of the pack; links are lists of IDs, and reverse links are filled in."""
    areas = {a.id: a.title for a in pack.measure_areas}
    return {
        "framework": {
            **pack.framework.model_dump(exclude_none=True),
            "maturities": [m.model_dump(exclude_none=True) for m in pack.maturities],
        },
        "commitments": [
            _item(
                c,
                implementation_actions=[
                    a.id for a in pack.implementation_actions if a.commitment == c.id
                ],
                optional_actions=[a.id for a in pack.optional_actions if c.id in a.commitments],
            )
            for c in pack.commitments
        ],
        "elements": [
            _item(
                e,
                implementation_actions=[
                    a.id for a in pack.implementation_actions if e.id in a.elements
                ],
                optional_actions=[a.id for a in pack.optional_actions if e.id in a.elements],
            )
            for e in pack.elements
        ],
        "optional_actions": [_item(a) for a in pack.optional_actions],
        "implementation_actions": [_item(a) for a in pack.implementation_actions],
        "references": [_item(r) for r in pack.references],
        "cycle": [_item(s) for s in sorted(pack.cycle, key=lambda s: s.order)],
        "measures": [_item(m, area_title=areas[m.area]) for m in pack.measures],
        "channels": [_item(c) for c in pack.channels],
    }
