"""Competence and cooperation records: import, refusal by line, visibility, CLI, reports."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import SYSTEM, Principal, Role
from nucsec.competence import service, transfer
from nucsec.db import transaction
from nucsec.filerows import ImportRejected
from nucsec.reports import service as reports
from nucsec.states import service as states
from nucsec.states.schemas import StateCreate
from tests.readback import text_of

COORDINATOR = Principal("amina", Role.coordinator, Label.SENSITIVE)
POLICE = Principal("police", Role.contributor, Label.OFFICIAL)


@pytest.fixture
def state(engine: Engine) -> str:
    with transaction(engine, SYSTEM) as session:
        states.create(
            session=session,
            data=StateCreate(code="XT", name="Testland", maturity="new", label=Label.PUBLIC),
        )
    return "XT"


def load(engine: Engine, record_type: str, text: str, source: str, principal=COORDINATOR):
    with transaction(engine, principal) as session:
        return service.import_rows(
            session=session,
            state_code="XT",
            record_type=record_type,
            rows=transfer.parse(text, source, record_type),
            source=source,
        )


def count(engine: Engine, record_type: str, principal=SYSTEM) -> int:
    with transaction(engine, principal) as session:
        return len(service.listing(session=session, state_code="XT", record_type=record_type))


def test_valid_files_import(engine, state) -> None:
    assert (
        load(
            engine,
            "trainings",
            "period,title,provider,hours,label\n"
            "2025,Basic course,national,40,PUBLIC\n2026,Advanced,iaea,16,OFFICIAL\n",
            "t.csv",
        )
        == 2
    )
    assert (
        load(
            engine,
            "cooperation",
            "- kind: nsf_contribution\n  title: Fund\n  held_on: 2025-03-03\n  amount: 50000\n",
            "c.yaml",
        )
        == 1
    )
    with transaction(engine, SYSTEM) as session:
        (activity,) = service.listing(session=session, state_code="XT", record_type="cooperation")
        assert activity.actions == ["A06"], "the kind's optional action by default"
    assert count(engine, "trainings", POLICE) == 2
    assert count(engine, "trainings", Principal("p", Role.viewer, Label.PUBLIC)) == 1


@pytest.mark.parametrize(
    ("record_type", "text", "message"),
    [
        (
            "trainings",
            "period,title,provider,hours\n2025,A,national,4\n2025,B,nowhere,4\n",
            "line 3: provider: unknown provider 'nowhere'",
        ),
        (
            "trainings",
            "period,title,provider,hours\n2025,A,national,-4\n",
            "line 2: hours: Input should be greater than or equal to 0",
        ),
        (
            "certifications",
            "period,scheme,certified\n2025,WINS,many\n",
            "line 2: certified: Input should be a valid integer",
        ),
        ("culture", "period,kind,title\n2025,party,Fun\n", "line 2: kind: unknown kind 'party'"),
        (
            "cooperation",
            "kind,title,held_on,actions\nassistance,Help,2025-01-01,A99\n",
            "line 2: actions: unknown optional action 'A99'",
        ),
        (
            "cooperation",
            "kind,title,held_on\nassistance,Help,someday\n",
            "line 2: held_on: Input should be a valid date",
        ),
        ("positions", "role,organisation,colour\nA,B,red\n", "line 1: unknown column 'colour'"),
        (
            "trainings",
            "period,title,provider,hours,label\n2025,A,national,4,SENSITIVE\n",
            "line 2: label: SENSITIVE is above your clearance (OFFICIAL)",
        ),
    ],
)
def test_each_kind_of_bad_row_is_refused_with_nothing_written(
    engine, state, record_type, text, message
) -> None:
    principal = POLICE if "clearance" in message else COORDINATOR
    with pytest.raises(ImportRejected) as info:
        load(engine, record_type, text, "f.csv", principal)
    assert any(p.startswith(message) for p in info.value.problems), info.value.problems
    assert count(engine, record_type) == 0


def test_cli_records_and_measures(cli, engine, state, tmp_path) -> None:
    added = cli(
        "competence",
        "add",
        "trainings",
        "--state",
        "XT",
        "-s",
        "title=Course",
        "-s",
        "provider=national",
        "-s",
        "hours=12",
        "-s",
        "period=2026",
    )
    assert added.code == 0, added.err
    assert (
        cli(
            "competence",
            "add",
            "certifications",
            "--state",
            "XT",
            "-s",
            "scheme=WINS",
            "-s",
            "certified=3",
            "-s",
            "period=2026",
        ).code
        == 0
    )
    assert (
        cli(
            "cooperation",
            "add",
            "--state",
            "XT",
            "-s",
            "kind=mission_experts",
            "-s",
            "title=Expert",
            "-s",
            "held_on=2026-04-08",
        ).code
        == 0
    )
    measures = json.loads(cli("competence", "measures", "--state", "XT", "-f", "json").out)
    assert measures == [
        {
            "period": 2026,
            "CM-QUAL": None,
            "CM-CERT": 3,
            "CM-HOURS": 12.0,
            "CM-CULTURE": 0,
            "CM-ACTIONS": 1,
            "CM-CONTRIB": {"mission_experts": 1},
        }
    ]
    out = tmp_path / "trainings.csv"
    assert cli("competence", "export", "trainings", "--state", "XT", "-o", str(out)).code == 0
    again = cli("competence", "import", "trainings", str(out), "--state", "XT")
    assert again.code == 0 and count(engine, "trainings") == 2
    bad = cli("competence", "add", "trainings", "--state", "XT", "-s", "title")
    assert bad.code == 1 and "is not field=value" in bad.err
    wrong = cli("competence", "list", "widgets", "--state", "XT")
    assert wrong.code == 1 and "unknown record type 'widgets'" in wrong.err


def test_public_report_shows_public_competence_and_cooperation_only(demo_engine) -> None:
    from nucsec.demo import COMPETENCE

    _, content = reports.generate(
        engine=demo_engine,
        kind="public",
        state_code="XD",
        fmt="pdf",
        principal=COORDINATOR,
        today=__import__("datetime").date(2026, 11, 25),
    )
    text = text_of("pdf", content)
    assert "Competence measures per year" in text and "Cooperation activities" in text
    for record_type, rows in COMPETENCE.items():
        for row in rows:
            name = row.get("title") or row.get("role") or row.get("scheme")
            if row["label"] is Label.PUBLIC:
                assert name in text, name
            elif record_type != "certifications":  # scheme names repeat across labels
                assert name not in text, name
    assert "WINS Academy 9" in text and "National inspector scheme" not in text
