"""Every importer, fed mutated files through the CLI on a database with data: the import is
whole or it is refused in words, and a refused import writes nothing."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from nucsec.db import Base

pytestmark = pytest.mark.slow

VALID = {
    "assess": (
        "items.csv",
        "item,status,demonstration,owner,target_date,label,note,note_label,justification,evidence\n"
        "C1-IA01,implemented,internal,Regulator,2026-12-31,OFFICIAL,Done,OFFICIAL,,EV-0001\n"
        "C2-IA01,planned,none,Police,,OFFICIAL,,,,\n",
    ),
    "review": (
        "findings.csv",
        "ref,kind,text,items,owner,due_on,label\n"
        "R-90,recommendation,Update the DBT,C2-IA01,Regulator,2027-12-31,SENSITIVE\n"
        'S-90,suggestion,"Vet staff, yearly",C2-IA05;C2-IA03,Police,,\n',
    ),
    "competence": (
        "trainings.yaml",
        "- {period: 2026, title: Course, provider: national, hours: 12, label: PUBLIC}\n"
        "- {period: 2025, title: Drill, provider: iaea, hours: 3}\n",
    ),
}
PIECES = ["", ",", '"', "\n", "x", "2026-02-30", "-1", "C9-IA99", "SECRET", "[", "]", ": ", "*a"]


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
            if t.name not in ("audit_entries", "audit_head", "login_throttle")
        }


def mutate(original: str, seed: int, cuts: int) -> str:
    """Replace a few random spans of a valid file by pieces that break parsers and rules."""
    chars = list(original)
    rng = random.Random(seed)  # noqa: S311  (reproducible mutations, not secrets)
    for _ in range(cuts):
        at = rng.randrange(len(chars))
        chars[at : at + rng.randrange(1, 6)] = list(rng.choice(PIECES))
    return "".join(chars)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(which=st.sampled_from(sorted(VALID)), seed=st.integers(0, 10**6), cuts=st.integers(0, 4))
def test_a_mutated_import_is_whole_or_refused_and_writes_nothing(
    demo_engine: Engine, cli, tmp_path: Path, which: str, seed: int, cuts: int
) -> None:
    name, original = VALID[which]
    file = tmp_path / name
    file.write_text(mutate(original, seed, cuts), encoding="utf-8")
    with demo_engine.connect() as conn:
        latest = conn.execute(text("SELECT max(id) FROM assessments")).scalar_one()
        review = conn.execute(text("SELECT min(id) FROM reviews")).scalar_one()
    args = {
        "assess": ("assess", "import", str(file), "--into", str(latest)),
        "review": ("review", "import", str(file), "--review", str(review)),
        "competence": ("competence", "import", "trainings", str(file), "--state", "XD"),
    }[which]
    before = counts(demo_engine)
    result = cli(*args)
    assert "Traceback" not in result.err and "Traceback" not in result.out
    if result.code != 0:
        assert result.err.startswith("error: "), result.err
        assert counts(demo_engine) == before, "a refused import wrote something"
