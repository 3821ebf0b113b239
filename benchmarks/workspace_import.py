"""`python -m benchmarks.workspace_import [--states 200]`: import an analyst's workspace file.

Builds a YAML file of N fictional states (codes XAA…), each with two PUBLIC documents and an
external assessment of twelve judgements citing them, imports it into a fresh SQLite database
through `nucsec workspace import`, and prints the time beside its baseline in the same run
(importing the same file with one bad row at the end, which must write nothing). Runs alone:
no server, no other benchmark.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import string
import sys
import tempfile
import time
from itertools import product
from pathlib import Path

import yaml

ITEMS = (
    "C1-IA01", "C1-IA02", "C1-IA03", "C2-IA01", "C2-IA02", "C2-IA03", "C3-IA01", "C3-IA02",
    "C4-IA01", "C4-IA02", "M-REG-01", "M-COMP-01",
)  # fmt: skip
STATUSES = ("planned", "in_progress", "implemented")


def codes(n: int) -> list[str]:
    letters = string.ascii_uppercase
    return [f"X{a}{b}" for a, b in product(letters, letters)][:n]


def build(n: int, bad: bool = False) -> dict:
    states, evidence, judgements = [], [], []
    for k, code in enumerate(codes(n)):
        states.append(
            {
                "code": code, "name": f"State {code}", "maturity": "new",
                "region": ("North", "South", "East", "West")[k % 4],
                "radioactive_sources": True, "research_reactors": k % 3 == 0,
            }
        )  # fmt: skip
        for d in (1, 2):
            evidence.append(
                {"state": code, "key": f"d{d}", "title": f"Report {d} of {code}",
                 "kind": "annual_report", "published_on": "2025-12-31"}
            )  # fmt: skip
        for j, item in enumerate(ITEMS):
            status = STATUSES[(k + j) % len(STATUSES)]
            judgements.append(
                {
                    "state": code, "assessed_on": "2026-06-01", "item": item, "status": status,
                    "demonstration": "published" if status == "implemented" else "none",
                    "evidence": [f"d{1 + j % 2}"] if status == "implemented" else [],
                }
            )  # fmt: skip
    if bad:
        judgements.append(
            {"state": codes(n)[-1], "assessed_on": "2026-06-01", "item": "C9-IA99",
             "status": "implemented"}
        )  # fmt: skip
    return {"states": states, "evidence": evidence, "judgements": judgements}


def run(folder: Path, name: str, doc: dict) -> tuple[float, int, int]:
    """Seconds to import, the exit code, and the states in the database after."""
    from nucsec.cli.main import main

    db = folder / f"{name}.db"
    os.environ["NUCSEC_DATABASE_URL"] = f"sqlite:///{db}"
    os.environ["NUCSEC_DATA_DIR"] = str(folder / "data")
    os.environ.setdefault("NUCSEC_SECRET_KEY", "benchmark-key")
    main(["init"])
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    start = time.perf_counter()
    code = main(["workspace", "import", str(path)])
    seconds = time.perf_counter() - start
    with sqlite3.connect(db) as conn:
        count = conn.execute("SELECT count(*) FROM states").fetchone()[0]
    return seconds, code, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--states", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        good, good_code, good_count = run(folder, "good", build(args.states))
        bad, bad_code, bad_count = run(folder, "bad", build(args.states, bad=True))
    rows = args.states * (1 + 2 + len(ITEMS))
    print(
        f"workspace import, {args.states} states ({rows} rows): {good:.2f} s, exit {good_code}, "
        f"{good_count} states written"
    )
    print(
        f"baseline, same file with one bad row at the end: {bad:.2f} s, exit {bad_code}, "
        f"{bad_count} states written (must be 0)"
    )
    ok = good_code == 0 and good_count == args.states and bad_code != 0 and bad_count == 0
    print("verdict: " + ("atomic" if ok else "NOT ATOMIC"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
