"""The benchmark's dataset generator still builds a database the app can read (2 states)."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.__main__ import main

pytestmark = pytest.mark.slow


def test_dataset_command_builds_states_with_reviews_findings_and_evidence(tmp_path: Path) -> None:
    from sqlalchemy import func, select

    from nucsec.db import make_engine
    from nucsec.reviews.models import Finding
    from nucsec.states.models import State

    out = tmp_path / "bench.sqlite"
    assert main(["dataset", "--states", "2", "--years", "2", "--out", str(out)]) == 0
    engine = make_engine(f"sqlite:///{out}")
    with engine.connect() as conn:
        codes = set(conn.scalars(select(State.code)))
        findings = conn.scalar(select(func.count()).select_from(Finding))
    engine.dispose()
    assert {"XD", "QAA", "QAB"} <= codes
    assert findings is not None and findings >= 200
    with pytest.raises(SystemExit):  # an existing file is never overwritten
        main(["dataset", "--states", "2", "--out", str(out)])
