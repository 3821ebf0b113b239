"""The guide's scenarios, computed by hand, through the services and the CLI (not only the pure
functions): where a state stands, what it should do first, and what its figures are worth."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import AssessmentCreate, ItemUpdate
from nucsec.catalogue import default_pack
from nucsec.dates import add_months
from nucsec.db import transaction
from nucsec.evidence import service as evidence
from nucsec.evidence.schemas import EvidenceCreate
from nucsec.improvement import figures
from nucsec.improvement import service as improvement
from nucsec.reviews import service as reviews
from nucsec.reviews.schemas import FindingCreate, FindingUpdate, ReviewCreate
from nucsec.states import service as states
from nucsec.states.schemas import ProgrammeProfile, StateCreate

COORDINATOR = Principal("amina", Role.coordinator, Label.SENSITIVE, agency="Regulator")
REVIEWER = Principal("rev", Role.reviewer, Label.SENSITIVE)
TODAY = date.today()  # the CLI reads the clock: the scenarios are dated from it
PACK = default_pack()
REGIME = set(PACK.assessment.cycle_rules.regime_items)
OPTIONAL = {a.id for a in PACK.optional_actions}
MEASURES = [m.id for m in PACK.measures]


def new_state(engine: Engine, code: str, maturity: str, profile: ProgrammeProfile) -> None:
    with transaction(engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(
                code=code, name=f"State {code}", maturity=maturity, profile=profile,
                label=Label.PUBLIC,
            ),
        )  # fmt: skip


def assess(engine: Engine, code: str, **changes: dict) -> int:
    """A self-assessment dated today, every change applied through the item edit."""
    with transaction(engine, COORDINATOR) as session:
        a = assessments.create(
            session=session, data=AssessmentCreate(state=code, assessed_on=TODAY)
        )
        for item_id, change in changes.items():
            assessments.update_item(
                session=session,
                assessment=a,
                item_id=item_id.replace("_", "-"),
                data=ItemUpdate(**change),
            )
        return a.id


def roadmap(engine: Engine, code: str) -> dict:
    with transaction(engine, COORDINATOR) as session:
        return improvement.roadmap(session=session, state_code=code, today=TODAY)


def score(engine: Engine, code: str) -> dict:
    with transaction(engine, COORDINATOR) as session:
        return figures.figures(session=session, state_code=code, today=TODAY)


SOURCES_ONLY = ProgrammeProfile(radioactive_sources=True)


def test_a_new_state_with_sources_only_starts_at_s1_with_regime_work(engine, cli) -> None:
    new_state(engine, "XN", "new", SOURCES_ONLY)
    for plan in (
        roadmap(engine, "XN"),
        json.loads(cli("roadmap", "--state", "XN", "-f", "json").out),
    ):
        assert plan["position"]["step"] == "S1"
        first = [a["item"] for a in plan["next_actions"][:5]]
        assert set(first) <= REGIME, first
        assert not set(first) & OPTIONAL
        assert all(a["reason"] for a in plan["next_actions"])
    assess(engine, "XN")  # assessed, nothing done: still S1, same work first
    plan = roadmap(engine, "XN")
    assert plan["position"]["step"] == "S1" and "regime" in plan["position"]["reason"]
    first = [a["item"] for a in plan["next_actions"][:5]]
    assert set(first) <= REGIME and all(a["step"] == "S1" for a in plan["next_actions"][:5])


def test_b_every_implementation_action_done_and_no_optional_action_scores_90(engine, cli) -> None:
    new_state(engine, "XM", "developed", ProgrammeProfile(power_reactors=True, transport=True))
    changes = {
        item.id: {"status": "implemented" if section == "implementation_actions" else "not_adopted"}
        for section, item in PACK.assessable()
        if section != "measures"
    }
    assess(engine, "XM", **changes)
    for doc in (score(engine, "XM"), json.loads(cli("score", "--state", "XM", "-f", "json").out)):
        assert all(v is not None and v >= 90 for v in doc["commitments"].values()), doc
        assert doc["optional"] == {"C1": 0.0, "C2": 0.0, "C3": None, "C4": 0.0}
        assert doc["overall"] >= 90


def test_c_declared_publication_gives_no_confidence_until_a_public_record(engine, cli) -> None:
    new_state(engine, "XC", "new", SOURCES_ONLY)
    declared = {m: {"status": "implemented", "demonstration": "published"} for m in MEASURES}
    aid = assess(engine, "XC", **declared)
    doc = score(engine, "XC")
    assert doc["confidence"] == 0.0
    assert doc["confidence_parts"] == {"transparency": 0.0, "assurance": 0.0}
    assert {"item": "M-REG-02", "flag": "measure_unbacked"} in doc["flags"]
    with transaction(engine, COORDINATOR) as session:
        evidence.create(
            session=session,
            state_code="XC",
            data=EvidenceCreate(title="Nuclear Security Act", kind="law", label=Label.PUBLIC),
        )
        a = assessments.get(session=session, assessment_id=aid)
        assessments.update_item(
            session=session, assessment=a, item_id="M-REG-02", data=ItemUpdate(evidence=["EV-0001"])
        )
    raised = json.loads(cli("score", "--state", "XC", "-f", "json").out)
    assert raised["confidence"] > 0
    assert raised["measure_coverage"] == pytest.approx(100 / len(MEASURES), abs=0.1)
    assert {"item": "M-REG-02", "flag": "measure_unbacked"} not in raised["flags"]


def mature_with_mission(engine: Engine, code: str, open_recs: int) -> tuple[int, list[int]]:
    new_state(engine, code, "developed", ProgrammeProfile(power_reactors=True, transport=True))
    assess(
        engine,
        code,
        **{
            item.id: {"status": "implemented"}
            for section, item in PACK.assessable()
            if section == "implementation_actions"
        },
    )
    ended = add_months(TODAY, -24)
    with transaction(engine, COORDINATOR) as session:
        mission = reviews.create_review(
            session=session,
            data=ReviewCreate(
                state=code, kind="ippas_mission", started_on=ended, ended_on=ended,
                items=["C2-IA03"],
            ),
        )  # fmt: skip
        ids = [
            reviews.add_finding(
                session=session,
                data=FindingCreate(
                    review=mission.id,
                    kind="recommendation",
                    text=f"Recommendation {n}",
                    items=[item],
                    owner="Regulator",
                    due_on=add_months(TODAY, 6 - 3 * n),
                ),
            ).id
            for n, item in enumerate(["C2-IA01", "C2-IA05", "C2-IA04"][:open_recs])
        ]
        return mission.id, ids


def test_d_open_recommendations_put_a_mature_state_at_s5_then_back_to_s3(engine, cli) -> None:
    mission, ids = mature_with_mission(engine, "XR", 3)
    plan = json.loads(cli("roadmap", "--state", "XR", "-f", "json").out)
    assert plan["position"]["step"] == "S5"
    first = plan["next_actions"][:3]
    assert [a["kind"] for a in first] == ["finding"] * 3
    assert [a["finding"]["id"] for a in first] == list(reversed(ids)), "earliest due first"
    assert [a["item"] for a in first] == ["C2-IA04", "C2-IA05", "C2-IA01"]
    with transaction(engine, COORDINATOR) as session:
        follow_up = reviews.create_review(
            session=session,
            data=ReviewCreate(
                state="XR", kind="ippas_follow_up", started_on=TODAY, ended_on=TODAY,
                follows=mission,
            ),
        ).id  # fmt: skip
        for ident in ids:
            reviews.update_finding(
                session=session,
                finding_id=ident,
                data=FindingUpdate(status="implemented", on=add_months(TODAY, -1)),
            )
    with transaction(engine, REVIEWER) as session:
        for ident in ids:
            reviews.update_finding(
                session=session,
                finding_id=ident,
                data=FindingUpdate(status="verified", verified_by=follow_up),
            )
    assert roadmap(engine, "XR")["position"]["step"] == "S3"
    with transaction(engine, COORDINATOR) as session:
        m = improvement.measures(session=session, state_code="XR", today=TODAY)["findings"]
    assert m["verified_share"] == 100.0
    # peer review in cadence 100, recommendations verified 100, nothing shared in confidence 0
    assert score(engine, "XR")["confidence_parts"]["assurance"] == pytest.approx(66.7)


def test_e_sustained_without_a_covering_review_scores_as_implemented(engine, cli) -> None:
    new_state(engine, "XS", "new", SOURCES_ONLY)
    assess(engine, "XS", C1_IA01={"status": "sustained"}, C1_IA02={"status": "implemented"})
    doc = json.loads(cli("score", "--state", "XS", "-f", "json").out)
    assert {"item": "C1-IA01", "flag": "sustained_unverified"} in doc["flags"]
    assert {"item": "C1-IA02", "flag": "sustained_unverified"} not in doc["flags"]
    with transaction(engine, COORDINATOR) as session:
        doc_both = figures.figures(session=session, state_code="XS", today=TODAY)
    # both count 90: C1's own index (90 + 90 + 0) / 3 = 60, blended with C2-C4 at 0 → 30
    assert doc_both["commitments"]["C1"] == pytest.approx(30.0)
    check = json.loads(cli("check", "--state", "XS", "-f", "json").out)
    assert set(check) == {"state", "issues"}
    (issue,) = [i for i in check["issues"] if i["item"] == "C1-IA01"]
    assert issue["kind"] == "sustained_unverified" and "records" in issue
    with transaction(engine, COORDINATOR) as session:
        reviews.create_review(
            session=session,
            data=ReviewCreate(
                state="XS", kind="exercise_field", started_on=TODAY, ended_on=TODAY,
                items=["C1-IA01"],
            ),
        )  # fmt: skip
    verified = score(engine, "XS")
    assert verified["flags"] == []
    assert verified["commitments"]["C1"] == pytest.approx((100 + 90) / 3 / 2, abs=0.05)


def test_declining_a_recommendation_raises_no_figure(engine) -> None:
    _, ids = mature_with_mission(engine, "XV", 2)
    with transaction(engine, COORDINATOR) as session:
        before = improvement.measures(session=session, state_code="XV", today=TODAY)["findings"]
    figures_before = score(engine, "XV")
    with transaction(engine, COORDINATOR) as session:
        reviews.update_finding(
            session=session,
            finding_id=ids[0],
            data=FindingUpdate(status="not_accepted", reason="Covered by another law."),
        )
        after = improvement.measures(session=session, state_code="XV", today=TODAY)["findings"]
    figures_after = score(engine, "XV")
    assert after["closed"] == before["closed"] and after["verified_share"] == 0.0
    assert after["declined"] == 1
    assert after["declined_reasons"][0]["reason"] == "Covered by another law."
    assert figures_after["confidence"] <= figures_before["confidence"]
    assert figures_after["confidence_parts"] == figures_before["confidence_parts"]


def test_the_check_names_records_and_its_fix_applies(engine) -> None:
    new_state(engine, "XK", "new", SOURCES_ONLY)
    assess(engine, "XK")
    with transaction(engine, COORDINATOR) as session:
        reviews.create_review(
            session=session,
            data=ReviewCreate(state="XK", kind="ippas_mission", started_on=TODAY, ended_on=TODAY),
        )
        doc = improvement.check(session=session, state_code="XK", today=TODAY)
    (issue,) = [i for i in doc["issues"] if i["item"] == "C3-IA02"]
    assert issue["kind"] == "done_in_records" and issue["records"][0]["kind"] == "ippas_mission"
    plan = roadmap(engine, "XK")
    assert "C3-IA02" not in [a["item"] for a in plan["next_actions"] if a["kind"] == "item"]
    with transaction(engine, COORDINATOR) as session:
        improvement.fix(
            session=session, state_code="XK", item_id="C3-IA02", kind="done_in_records", today=TODAY
        )
        doc = improvement.check(session=session, state_code="XK", today=TODAY)
    assert "C3-IA02" not in [i["item"] for i in doc["issues"]]


def test_material_categories_change_what_the_figures_weigh(engine) -> None:
    """Category I/II material doubles the threat, protection and transport actions (pack)."""
    half_done = {"C2_IA01": {"status": "not_started"}, "C2_IA02": {"status": "implemented"}}
    for code, categories in (("XH", ["I", "II"]), ("XL", ["III"])):
        new_state(
            engine,
            code,
            "developed",
            ProgrammeProfile(material_categories=categories, transport=True),
        )
        assess(engine, code, **half_done)
    high, low = score(engine, "XH"), score(engine, "XL")
    assert high["commitments"]["C2"] < low["commitments"]["C2"], "the undone DBT weighs more"
    with transaction(engine, COORDINATOR) as session:
        plan = improvement.roadmap(session=session, state_code="XH", today=TODAY)
    c2 = [a["item"] for a in plan["next_actions"] if a["item"].startswith("C2-")]
    assert c2[0] == "C2-IA01", "with Category I/II material the design basis threat comes first"
