"""OSCAL export of Demoland: valid for trestle, complete, deterministic, and never above the
caller's clearance, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.engine import Engine
from trestle.core.validator_factory import validator_factory
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.catalog import Catalog
from trestle.oscal.poam import PlanOfActionAndMilestones

from nucsec.access import passwords
from nucsec.access import service as access
from nucsec.access.models import AuditEntry
from nucsec.access.principal import PUBLIC, SYSTEM, Principal
from nucsec.assessments import service as assessments
from nucsec.assessments.schemas import AssessmentCreate
from nucsec.catalogue import default_pack
from nucsec.cli import export as export_cli
from nucsec.db import make_engine, migrate, transaction
from nucsec.demo import DEMOLAND, MISSION_FINDINGS, NOTES, load_demo
from nucsec.errors import NucsecError
from nucsec.reports import oscal
from nucsec.states import service as states
from tests.conftest import BACKENDS, empty_tables

R04_SUMMARY = MISSION_FINDINGS[3][7]
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
"""The demo's users need password hashes, not strong ones: keeps these tests fast."""

MODELS: dict[str, Any] = {
    oscal.CATALOG_FILE: Catalog,
    oscal.RESULTS_FILE: AssessmentResults,
    oscal.POAM_FILE: PlanOfActionAndMilestones,
}


@dataclass
class Exports:
    """Demoland exported once per backend as several users: the tests only read files."""

    coordinator: dict[str, Path]
    coordinator_again: dict[str, Path]
    official: dict[str, Path]
    public: dict[str, Path]
    latest_items: set[str]
    latest_date: date


def _export(engine: Engine, principal: Principal, out: Path) -> dict[str, Path]:
    with transaction(engine, principal) as session:
        paths = oscal.export(session, "XD", out)
    return {p.name: p for p in paths}


@pytest.fixture(scope="module", params=BACKENDS)
def exports(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Exports]:
    """Loading the demo is the slow part, so it happens once per backend; every export is made
    here, which leaves no database state for other tests to disturb."""
    base = tmp_path_factory.mktemp(f"oscal-{request.param}")
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{base / 'nucsec.db'}")
        migrate(engine)
    else:
        engine = request.getfixturevalue("postgres_engine")
        empty_tables(engine)
    with pytest.MonkeyPatch.context() as patch, transaction(engine, SYSTEM) as session:
        patch.setattr(passwords, "_hasher", FAST_HASHER)
        load_demo(session=session)
        users = {
            name: access.principal_for(access.get_user(session=session, username=name))
            for name in ("amina", "police")
        }
        latest = assessments.latest(session=session, state_code="XD")
        assert latest is not None
        latest_items = {
            row.item_id for row in assessments.items(session=session, assessment=latest)
        }
        latest_date = latest.assessed_on
    try:
        yield Exports(
            coordinator=_export(engine, users["amina"], base / "coordinator"),
            coordinator_again=_export(engine, users["amina"], base / "coordinator-again"),
            official=_export(engine, users["police"], base / "official"),
            public=_export(engine, PUBLIC, base / "public"),
            latest_items=latest_items,
            latest_date=latest_date,
        )
    finally:
        if request.param == "sqlite":
            engine.dispose()
        else:
            empty_tables(engine)


def _read(paths: dict[str, Path], name: str) -> Any:
    model = MODELS[name].oscal_read(paths[name])
    assert model is not None, f"{name} was not written"  # trestle returns None for no file
    return model


def _props(node: Any, name: str) -> list[str]:
    return [p.value for p in node.props or [] if p.name == name]


def _catalog_nodes(catalog: Catalog) -> list[Any]:
    """Every group and control, depth first."""
    out: list[Any] = []

    def walk(node: Any) -> None:
        out.append(node)
        for child in [
            *(getattr(node, "groups", None) or []),
            *(getattr(node, "controls", None) or []),
        ]:
            walk(child)

    for group in catalog.groups or []:
        walk(group)
    return out


def _texts(paths: dict[str, Path]) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in paths.values())


def test_every_file_loads_back_through_trestle(exports: Exports) -> None:
    assert set(exports.coordinator) == set(MODELS)
    assert set(exports.official) == set(MODELS)
    assert set(exports.public) == {oscal.CATALOG_FILE, oscal.POAM_FILE}
    for paths in (exports.coordinator, exports.official, exports.public):
        for name in paths:
            model = _read(paths, name)
            assert isinstance(model, MODELS[name])
            valid = [v.model_is_valid(model, True) for v in validator_factory.get_all()]
            assert all(valid), f"{name}: trestle's validators refuse it"


def test_catalog_keeps_every_item_once_with_the_guides_counts(exports: Exports) -> None:
    pack = default_pack()
    nodes = _catalog_nodes(_read(exports.coordinator, oscal.CATALOG_FILE))
    ids = Counter(i for node in nodes for i in _props(node, "nucsec-id"))
    assert set(ids) == pack.item_ids()
    assert max(ids.values()) == 1
    classes = Counter(node.class_ for node in nodes)
    assert classes["commitment"] == 4
    assert classes["implementation-action"] == 14
    assert classes["optional-action"] == 14
    assert classes["element"] == 12
    assert classes["measure"] == 11
    by_id = {node.id: node for node in nodes}
    assert _props(by_id["c2-ia03"], "nucsec-id") == ["C2-IA03"]
    assert _props(by_id["m-reg-01"], "nucsec-channel") == ["UNSCR1540", "CPPNM14", "CNNSR"]
    c1_controls = {c.id for c in by_id["c1"].controls}
    c4_controls = {c.id for c in by_id["c4"].controls}
    assert "a03" in c1_controls and "a03" not in c4_controls
    assert [link.href for link in by_id["a03"].links] == ["#c4"]


def test_assessment_results_hold_every_item_of_the_latest_assessment(exports: Exports) -> None:
    results = _read(exports.coordinator, oscal.RESULTS_FILE)
    [result] = results.results
    assert result.start.date() == exports.latest_date == date(2026, 3, 13)
    findings = {_props(f, "nucsec-id")[0]: f for f in result.findings}
    assert len(result.findings) == len(findings) == 39
    assert set(findings) == exports.latest_items
    assert set(findings) == {item.id for _, item in default_pack().assessable()}
    c2_ia05 = findings["C2-IA05"]
    assert _props(c2_ia05, "nucsec-owner") == ["Police"]
    assert _props(c2_ia05, "nucsec-target-date") == ["2026-06-30"]
    assert _props(findings["C1-IA01"], "nucsec-demonstration") == ["published"]
    assert _props(findings["C1-IA01"], "nucsec-evidence") == ["EV-0001"]
    assert findings["C2-IA01"].remarks == NOTES["C2-IA01"][0]
    assert findings["A10"].remarks is None


def test_two_exports_of_the_same_data_are_byte_identical(exports: Exports) -> None:
    for name, path in exports.coordinator.items():
        assert path.read_bytes() == exports.coordinator_again[name].read_bytes(), name


def test_coordinator_poam_lists_action_plans_but_no_good_practice(exports: Exports) -> None:
    plan = _read(exports.coordinator, oscal.POAM_FILE)
    items = {item.title: item for item in plan.poam_items}
    assert list(items) == ["R-01", "R-02", "R-03", "R-04", "R-05", "S-01", "S-02"]
    r01 = items["R-01"]
    assert r01.description == MISSION_FINDINGS[0][2]
    assert _props(r01, "nucsec-item") == ["C2-IA01"]
    assert _props(r01, "nucsec-owner") == ["Regulator"]
    assert _props(r01, "nucsec-due-date") == ["2025-12-31"]
    assert _props(items["R-05"], "nucsec-status") == ["not_accepted"]


def test_public_export_holds_nothing_above_public(exports: Exports) -> None:
    text = _texts(exports.public)
    hidden = [NOTES["C2-IA01"][0], NOTES["C2-IA06"][0], *(f[2] for f in MISSION_FINDINGS)]
    assert [t for t in hidden if t in text] == []
    assert "SENSITIVE" not in text and "OFFICIAL" not in text
    plan = _read(exports.public, oscal.POAM_FILE)
    assert all(not _props(i, "nucsec-ref") for i in plan.poam_items)
    assert R04_SUMMARY in [i.description for i in plan.poam_items], "stands on its summary"


def test_official_user_gets_items_without_the_sensitive_note(exports: Exports) -> None:
    results = _read(exports.official, oscal.RESULTS_FILE)
    findings = {_props(f, "nucsec-id")[0]: f for f in results.results[0].findings}
    assert len(findings) == 39
    assert findings["C2-IA01"].remarks is None
    assert _props(findings["C2-IA01"], "nucsec-note-label") == []
    assert findings["C2-IA06"].remarks == NOTES["C2-IA06"][0]
    assert NOTES["C2-IA01"][0] not in _texts(exports.official)
    plan = _read(exports.official, oscal.POAM_FILE)  # the mission's findings are SENSITIVE
    assert all(not _props(i, "nucsec-ref") for i in plan.poam_items), "no finding shown"
    assert [i.description for i in plan.poam_items] == [R04_SUMMARY], "only its summary"


def test_without_trestle_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trestle", None)
    monkeypatch.setitem(sys.modules, "trestle.oscal", None)
    with pytest.raises(NucsecError, match=r"pip install 'nucsec\[oscal\]'"):
        oscal.catalog(default_pack())


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def small_state(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """Demoland with one assessment and one PUBLIC viewer: enough for the command, and fast."""
    from nucsec.access.labels import Label
    from nucsec.access.principal import Role
    from nucsec.access.schemas import UserCreate

    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)
    with transaction(engine, SYSTEM) as session:
        states.create(session=session, data=DEMOLAND)
        assessments.create(
            session=session, data=AssessmentCreate(state="XD", assessed_on=date(2026, 3, 13))
        )
        access.create_user(
            session=session,
            data=UserCreate(
                username="analyst", role=Role.viewer, clearance=Label.PUBLIC, password="x" * 12
            ),
        )
    return engine


def _wired_like_main(*args: str) -> None:
    """`nucsec export …` as main.py wires it (add_typer under `export`), errors raised."""
    root = typer.Typer()
    root.add_typer(export_cli.app, name="export")
    typer.main.get_command(root).main(args=list(args), prog_name="nucsec", standalone_mode=False)


def _exports(engine: Engine) -> list[AuditEntry]:
    with transaction(engine, SYSTEM) as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == "export").order_by(AuditEntry.seq)
            )
        )


def test_export_command_writes_files_prints_them_and_audits(
    cli, small_state: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new" / "oscal"
    _wired_like_main("export", "oscal", "--state", "xd", "-o", str(out))
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        str(out / n) for n in ("catalog.json", "assessment-results.json", "poam.json")
    ]
    _wired_like_main("export", "oscal", "--state", "XD", "-o", str(tmp_path / "p"), "--public")
    assert capsys.readouterr().out.splitlines() == [
        str(tmp_path / "p" / n) for n in ("catalog.json", "poam.json")
    ]
    _wired_like_main(
        "export", "oscal", "--state", "XD", "-o", str(tmp_path / "a"), "--as", "analyst"
    )
    entries = _exports(small_state)
    assert [(e.object_type, e.object_id) for e in entries] == [("oscal", "XD")] * 3
    assert entries[0].actor.startswith("cli:") and "SENSITIVE" in (entries[0].detail or "")
    assert entries[1].actor == "public" and "PUBLIC by cli:" in (entries[1].detail or "")
    assert entries[2].actor == "analyst"


def test_export_command_refusals(cli, small_state: Engine, tmp_path: Path) -> None:
    with pytest.raises(NucsecError, match="--public or --as"):
        _wired_like_main(
            "export", "oscal", "--state", "XD", "-o", str(tmp_path), "--public", "--as", "analyst"
        )
    _wired_like_main("export", "oscal", "--state", "XD", "-o", str(tmp_path / "d"))
    with pytest.raises(NucsecError, match=r"assessment-results\.json is from an earlier export"):
        _wired_like_main("export", "oscal", "--state", "XD", "-o", str(tmp_path / "d"), "--public")
    assert len(_exports(small_state)) == 1  # a refused export leaves no audit entry


def test_nucsec_export_oscal_through_main(cli, small_state: Engine, tmp_path: Path) -> None:
    result = cli("export", "oscal", "--state", "XD", "-o", str(tmp_path / "o"), "--public")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        str(tmp_path / "o" / n) for n in ("catalog.json", "poam.json")
    ]
    refused = cli("export", "oscal", "--state", "XD", "-o", str(tmp_path), "--public", "--as", "x")
    assert refused.code == 1 and refused.err.strip() == "error: use --public or --as, not both"


@pytest.mark.parametrize("who", ["coordinator", "official", "public"])
def test_every_export_passes_nists_schema_of_its_declared_version(
    exports: Exports, who: str
) -> None:
    from tests.integration.oscal_schema import problems

    paths: dict[str, Path] = getattr(exports, who)
    assert set(paths) >= {oscal.CATALOG_FILE, oscal.POAM_FILE}
    for name, path in paths.items():
        found = problems(json.loads(path.read_text(encoding="utf-8")))
        assert found == [], (name, found[:5])


def test_schema_check_catches_a_finding_without_target_status(exports: Exports) -> None:
    from tests.integration.oscal_schema import problems

    document = json.loads(exports.coordinator[oscal.RESULTS_FILE].read_text(encoding="utf-8"))
    del document["assessment-results"]["results"][0]["findings"][0]["target"]["status"]
    assert any("status" in p for p in problems(document))


def test_links_evidence_and_real_dates(exports: Exports) -> None:
    results = json.loads(exports.coordinator[oscal.RESULTS_FILE].read_text(encoding="utf-8"))
    result = results["assessment-results"]["results"][0]
    observations = {o["uuid"]: o for o in result["observations"]}
    linked = [f for f in result["findings"] if f.get("related-observations")]
    assert linked, "findings with evidence relate to an observation"
    for finding in linked:
        for rel in finding["related-observations"]:
            evidence = observations[rel["observation-uuid"]]["relevant-evidence"]
            assert all(e["href"] and e["description"] for e in evidence)
    na = [f for f in result["findings"] if "nucsec-status" in json.dumps(f) and
          any(p["name"] == "nucsec-status" and p["value"] == "not_applicable"
              for p in f["props"])]  # fmt: skip
    assert all("status" in f["target"] for f in na)
    poam = json.loads(exports.coordinator[oscal.POAM_FILE].read_text(encoding="utf-8"))
    plan = poam["plan-of-action-and-milestones"]
    known = {o["uuid"] for o in plan["observations"]}
    for item in plan["poam-items"]:
        assert item["related-observations"], item["title"]
        assert {r["observation-uuid"] for r in item["related-observations"]} <= known
    for paths in (exports.coordinator, exports.public):
        for path in paths.values():
            modified = json.loads(path.read_text(encoding="utf-8"))
            (body,) = modified.values()
            assert not body["metadata"]["last-modified"].startswith("1970"), path.name


def test_public_export_publishes_the_public_reports_summaries(exports: Exports) -> None:
    text = _texts(exports.public)
    assert R04_SUMMARY in text, "the approved summary the public report publishes"
