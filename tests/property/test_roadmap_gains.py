"""The roadmap's gains come from one scoring pass (`scoring.raised`); they must be exactly what
scoring the whole assessment again with the one item raised gives, which is how they were
defined: for random assessments (every status, N/A and not adopted included, items missing or
out of order), programme scopes, records and weights, the gains, reasons and order agree."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import get_args

from hypothesis import given, settings
from hypothesis import strategies as st

from nucsec.assessments.scoring import ItemState, Support, commitments_of, raised, score
from nucsec.catalogue import default_pack
from nucsec.catalogue.schema import Pack, Scope
from nucsec.improvement.roadmap import Action, ItemRecord, _gain_key, _gain_reason, gaps

PACK = default_pack()
TODAY = date(2026, 11, 25)
SECTIONS = {item.id: section for section, item in PACK.assessable()}
ITEMS = list(SECTIONS)
STATUSES = [s.id for s in PACK.assessment.statuses]
ACTION_STATUSES = [s for s in STATUSES if s != "not_adopted"]
DEMOS = [d.id for d in PACK.assessment.demonstrations]
SCOPES = list(get_args(Scope))  # every programme scope the schema knows


def _weighted(pack: Pack, weights: dict[str, float]) -> Pack:
    """The pack with some items' weights overridden: weights that are not small integers make
    the sums inexact, so the order they are added in shows."""
    rules = pack.assessment.model_copy(update={"item_weights": weights})
    return pack.model_copy(update={"assessment": rules})


ODD = _weighted(PACK, {"C1-IA01": 0.1, "C2-IA02": 0.7, "C2-IA05": 1.3, "C3-IA01": 2.9})
PACKS = [PACK, ODD]


@st.composite
def assessments(draw) -> list[ItemRecord]:
    """Items of an assessment: any status a section allows, some items left out, any order."""
    out = []
    for item_id in draw(st.lists(st.sampled_from(ITEMS), unique=True, min_size=1)):
        statuses = STATUSES if SECTIONS[item_id] == "optional_actions" else ACTION_STATUSES
        out.append(
            ItemRecord(
                item_id,
                draw(st.sampled_from(statuses)),
                draw(st.sampled_from(DEMOS)),
                target_date=draw(st.none() | st.dates(date(2024, 1, 1), date(2028, 1, 1))),
            )
        )
    return out


def _ids(draw) -> frozenset[str]:
    return frozenset(draw(st.lists(st.sampled_from(ITEMS), max_size=12)))


@st.composite
def supports(draw) -> Support:
    return Support(
        any_evidence=_ids(draw),
        public_evidence=_ids(draw),
        public_summary=_ids(draw),
        peer_review=_ids(draw),
        shared_record=_ids(draw),
        verified=_ids(draw),
        has_public_summaries=draw(st.booleans()),
        has_published_figures=draw(st.booleans()),
    )


scopes = st.frozensets(st.sampled_from(SCOPES))


def rescored_gaps(
    pack: Pack,
    items: list[ItemRecord],
    *,
    support: Support,
    scopes: frozenset[str],
    today: date,
    done: set[str],
) -> list[Action]:
    """The reference: each gap's gains by scoring the whole assessment again with that item
    raised (the roadmap's former computation, one `score` per gap)."""
    rules = pack.assessment
    target = next(s.id for s in rules.statuses if s.implemented and not s.needs_verification)
    base = score(pack, items, support=support, scopes=scopes)
    weakest = base.weakest_commitment
    out = []
    for n, item in enumerate(items):
        status = rules.status(item.status)
        if status.value is None or status.implemented or item.item_id in done:
            continue
        lifted = list(items)
        lifted[n] = replace(item, status=target)
        after = score(pack, lifted, support=support, scopes=scopes)
        own = commitments_of(pack, item.item_id)
        gain_own = max(
            ((after.commitments[c] or 0.0) - (base.commitments[c] or 0.0) for c in own),
            default=0.0,
        )
        gain_weakest = (
            (after.commitments[weakest] or 0.0) - (base.commitments[weakest] or 0.0)
            if weakest
            else 0.0
        )
        section = pack.section_of(item.item_id)
        out.append(
            Action(
                kind="item",
                item_id=item.item_id,
                title=pack.item(item.item_id).title,
                reason=_gain_reason(section, weakest, gain_weakest, gain_own, own),
                section=section,
                commitments=tuple(own),
                status=item.status,
                owner=item.owner,
                target_date=item.target_date,
                overdue=item.target_date is not None and item.target_date < today,
                gain_weakest=gain_weakest,
                gain_commitment=gain_own,
                gain_overall=(after.overall or 0.0) - (base.overall or 0.0),
            )
        )
    order = {item.item_id: n for n, item in enumerate(items)}
    return sorted(out, key=lambda g: _gain_key(g, order))


@settings(max_examples=200, deadline=None)
@given(
    pack=st.sampled_from(PACKS),
    items=assessments(),
    support=supports(),
    scopes=scopes,
    done=st.sets(st.sampled_from(ITEMS), max_size=6),
)
def test_gains_equal_rescoring_with_the_item_raised(pack, items, support, scopes, done) -> None:
    fast = gaps(pack, items, support=support, scopes=scopes, today=TODAY, done=done)
    slow = rescored_gaps(pack, items, support=support, scopes=scopes, today=TODAY, done=done)
    assert [a.item_id for a in fast] == [a.item_id for a in slow], "same actions, same order"
    for a, b in zip(fast, slow, strict=True):
        assert abs(a.gain_weakest - b.gain_weakest) <= 1e-9
        assert abs(a.gain_commitment - b.gain_commitment) <= 1e-9
        assert abs(a.gain_overall - b.gain_overall) <= 1e-9
        assert a.reason == b.reason
        assert a.as_dict() == b.as_dict()


@settings(max_examples=200, deadline=None)
@given(
    pack=st.sampled_from(PACKS),
    items=assessments(),
    support=supports(),
    scopes=scopes,
    status=st.sampled_from(STATUSES),
)
def test_raised_indices_are_those_of_score(pack, items, support, scopes, status) -> None:
    """Any item raised (or lowered) to any status: the overall and commitment indices are
    those `score` gives, float for float, since the same terms are added in the same order."""
    positions = range(len(items))
    lifted = raised(pack, items, positions, status, support=support, scopes=scopes)
    for n in positions:
        changed: list[ItemState] = list(items)
        changed[n] = replace(items[n], status=status)
        expected = score(pack, changed, support=support, scopes=scopes)
        assert lifted[n].overall == expected.overall
        assert lifted[n].commitments == expected.commitments
