"""Properties of the figures over generated assessments and records: declining a
recommendation never raises any figure; adopting an optional action never lowers one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from nucsec.assessments.scoring import ItemState, Scores, score
from nucsec.catalogue import default_pack
from nucsec.improvement import records as recs
from nucsec.improvement.records import FindingFact, ReviewFact, StateRecords
from nucsec.reviews.metrics import FindingFacts, finding_measures

PACK = default_pack()
TODAY = date(2026, 11, 25)
SECTIONS = {item.id: section for section, item in PACK.assessable()}
ACTION_STATUSES = ["not_started", "planned", "in_progress", "implemented", "sustained"]
OPTIONAL_STATUSES = [*ACTION_STATUSES, "not_adopted", "not_applicable"]
DEMOS = [d.id for d in PACK.assessment.demonstrations]
ITEMS = list(SECTIONS)
REVIEW_KINDS = [k.id for k in PACK.reviews.kinds]
FINDING_STATUSES = ["open", "in_progress", "implemented", "verified", "not_accepted"]


@st.composite
def assessments(draw) -> list[ItemState]:
    out = []
    for item_id, section in SECTIONS.items():
        choices = OPTIONAL_STATUSES if section == "optional_actions" else ACTION_STATUSES
        out.append(ItemState(item_id, draw(st.sampled_from(choices)), draw(st.sampled_from(DEMOS))))
    return out


@st.composite
def state_records(draw) -> StateRecords:
    n = draw(st.integers(min_value=0, max_value=3))
    reviews = tuple(
        ReviewFact(
            i + 1,
            draw(st.sampled_from(REVIEW_KINDS)),
            f"review {i + 1}",
            draw(st.dates(min_value=date(2019, 1, 1), max_value=TODAY)),
            tuple(draw(st.lists(st.sampled_from(ITEMS), max_size=4))),
            None,
        )
        for i in range(n)
    )
    findings = tuple(
        FindingFact(
            j + 1,
            draw(st.sampled_from([r.id for r in reviews])),
            f"R-{j + 1:02d}",
            draw(st.sampled_from(["recommendation", "suggestion"])),
            draw(st.sampled_from(FINDING_STATUSES)),
            tuple(draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=2))),
            "text",
        )
        for j in range(draw(st.integers(min_value=0, max_value=6)) if reviews else 0)
    )
    return StateRecords(reviews=reviews, findings=findings)


def figures(items: list[ItemState], records: StateRecords) -> Scores:
    return score(
        PACK,
        items,
        support=recs.support(PACK, records, None, TODAY),
        assurance=recs.assurance(PACK, records, TODAY),
    )


def numbers(s: Scores) -> dict[str, float | None]:
    """Every figure of a score, flattened: higher is better for each."""
    out: dict[str, float | None] = {
        "overall": s.overall,
        "confidence": s.confidence,
        "transparency": s.transparency,
        "assurance": s.assurance,
        "demonstrated_share": s.demonstrated_share,
        "measure_coverage": s.measure_coverage,
    }
    out |= {f"commitment {k}": v for k, v in s.commitments.items()}
    out |= {f"element {k}": v for k, v in s.elements.items()}
    out |= {f"optional {k}": v for k, v in s.optional.items()}
    return out


def raised(before: dict, after: dict) -> list[str]:
    return [
        k for k, v in after.items() if v is not None and (before[k] is None or v > before[k] + 1e-9)
    ]


def lowered(before: dict, after: dict) -> list[str]:
    return [
        k for k, v in before.items() if v is not None and (after[k] is None or after[k] < v - 1e-9)
    ]


@settings(max_examples=150, deadline=None)
@given(items=assessments(), records=state_records(), data=st.data())
def test_declining_a_recommendation_never_raises_a_figure(items, records, data) -> None:
    active = [f for f in records.findings if f.status in ("open", "in_progress")]
    if not active:
        return
    target = data.draw(st.sampled_from(active))
    declined = replace(
        records,
        findings=tuple(
            replace(f, status="not_accepted", reason="no") if f.id == target.id else f
            for f in records.findings
        ),
    )
    before, after = numbers(figures(items, records)), numbers(figures(items, declined))
    assert raised(before, after) == []

    def measures(r: StateRecords) -> dict:
        ended = {x.id: x.ended_on for x in r.reviews}
        facts = [FindingFacts(f.kind, f.status, ended[f.review_id]) for f in r.findings]
        m = finding_measures(facts, TODAY)
        return {"closed": m["closed"], "verified_share": m["verified_share"]}

    assert raised(measures(records), measures(declined)) == []


@settings(max_examples=150, deadline=None)
@given(items=assessments(), records=state_records(), data=st.data())
def test_adopting_an_optional_action_never_lowers_a_figure(items, records, data) -> None:
    candidates = [
        i
        for i in items
        if SECTIONS[i.item_id] == "optional_actions"
        and i.status in ("not_started", "planned", "in_progress", "not_adopted")
    ]
    if not candidates:
        return
    target = data.draw(st.sampled_from(candidates))
    adopted = [replace(i, status="implemented") if i == target else i for i in items]
    before, after = numbers(figures(items, records)), numbers(figures(adopted, records))
    assert lowered(before, after) == []
