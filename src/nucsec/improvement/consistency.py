"""Contradictions between an assessment and the records (pure).

- `done_in_records`: the records show the item carried out (a hosted mission, experts
  provided, a fund contribution …) but the assessment does not say implemented;
- `sustained_unverified`: sustained with no review, exercise or performance test covering it
  within the verification window (or with a finding on it open or declined);
- `demonstration_unsupported`: a demonstration level the records do not back;
- `measure_unbacked`: a confidence-building measure declared done with no PUBLIC record.

Each issue names the records behind it and, where one applies, the fix: the values that would
make the assessment agree with the records.
"""

from __future__ import annotations

from dataclasses import dataclass

from nucsec.assessments.scoring import (
    ItemState,
    Support,
    compiled,
    effective_demonstration,
    measure_backed,
)
from nucsec.catalogue.schema import Pack
from nucsec.improvement.records import LinkFact, StateRecords, open_items


@dataclass(frozen=True)
class Issue:
    item: str
    kind: str
    detail: str
    records: tuple[dict[str, object], ...] = ()
    fix: dict[str, str] | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "item": self.item,
            "kind": self.kind,
            "detail": self.detail,
            "records": list(self.records),
            "fix": self.fix,
        }


def issues(
    pack: Pack,
    items: list[ItemState],
    *,
    support: Support,
    records: StateRecords,
    links: dict[str, tuple[LinkFact, ...]],
    done: dict[str, list[dict]],
) -> list[Issue]:
    c = compiled(pack)
    done_status = next(
        s.id for s in pack.assessment.statuses if s.implemented and not s.needs_verification
    )
    still_open = open_items(records)
    out: list[Issue] = []
    for item in items:
        if item.item_id not in c.items:
            continue
        section = c.items[item.item_id].section
        applicable = c.points.get(item.status) is not None or item.status == "not_adopted"
        if item.item_id in done and item.status not in c.implemented and applicable:
            out.append(
                Issue(
                    item.item_id,
                    "done_in_records",
                    f"the records show {item.item_id} carried out; the assessment says "
                    f"{item.status}",
                    tuple(done[item.item_id]),
                    {"status": done_status},
                )
            )
        if item.status in c.needs_verification and item.item_id not in support.verified:
            why = (
                "a finding on it is still open or was declined"
                if item.item_id in still_open
                else "no review, exercise or performance test covers it within "
                f"{pack.assessment.verification_months} months"
            )
            out.append(
                Issue(
                    item.item_id,
                    "sustained_unverified",
                    f"sustained, but {why}: scored as implemented",
                    tuple(
                        {"type": "finding", "id": f.id, "ref": f.ref, "status": f.status}
                        for f in records.findings
                        if item.item_id in f.items and item.item_id in still_open
                    ),
                    {"status": done_status},
                )
            )
        supported = effective_demonstration(pack, item, support)
        if supported != item.demonstration:
            out.append(
                Issue(
                    item.item_id,
                    "demonstration_unsupported",
                    f"declared {item.demonstration}; the records support {supported}",
                    tuple(
                        {"type": "evidence", "ref": link.ref, "label": link.label}
                        for link in links.get(item.item_id, ())
                    ),
                    {"demonstration": supported},
                )
            )
        if (
            section == "measures"
            and item.status in c.implemented
            and not measure_backed(pack, item.item_id, support)
        ):
            out.append(
                Issue(
                    item.item_id,
                    "measure_unbacked",
                    "declared done, but no PUBLIC evidence record shows it: link the "
                    "publication to the measure",
                    tuple(
                        {"type": "evidence", "ref": link.ref, "label": link.label}
                        for link in links.get(item.item_id, ())
                    ),
                )
            )
    return out
