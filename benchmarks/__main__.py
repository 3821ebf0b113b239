"""`python -m benchmarks`: build the scale dataset, time the main use cases, print ratios.

Every figure is the median of `--repeat` runs, shown in milliseconds and as a ratio to the
baseline measured in the same run (the public HTML report of Demoland), so results from
different machines compare by their ratios. Benchmarks are not tests: nothing here fails on a
slow result.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import sqlalchemy
from rich.console import Console
from rich.table import Table

from benchmarks.dataset import MAX_STATES, SEED, TODAY, Dataset, build
from nucsec import backup
from nucsec.access.principal import Principal, cli_principal
from nucsec.db import transaction
from nucsec.improvement.figures import figures
from nucsec.improvement.service import roadmap
from nucsec.reports.renderers import RENDERERS
from nucsec.reports.service import BUILDERS, generate

DEMO = "XD"
KINDS = tuple(BUILDERS)  # public, consolidated, matrix, internal
FORMATS = ("html", "md", "json", "docx", "pdf")
QUICK = (20, 3)
DEFAULT = (200, 10)
BASELINE_RUNS = 10

console = Console(highlight=False, width=max(shutil.get_terminal_size((100, 24)).columns, 100))


@dataclass(frozen=True)
class Row:
    group: str
    name: str
    ms: float
    note: str = ""


def samples_ms(run: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def median_ms(run: Callable[[], object], repeat: int) -> float:
    return statistics.median(samples_ms(run, repeat))


class Bench:
    def __init__(self, dataset: Dataset, principal: Principal, repeat: int) -> None:
        self.data, self.principal, self.repeat = dataset, principal, repeat
        self.rows: list[Row] = []

    def time(self, group: str, name: str, run: Callable[[], object], note: str = "") -> None:
        with console.status(f"{group}: {name}"):
            self.rows.append(Row(group, name, median_ms(run, self.repeat), note))

    def report(self, kind: str, code: str, fmt: str) -> Callable[[], object]:
        return lambda: generate(
            engine=self.data.engine,
            kind=kind,
            state_code=code,
            fmt=fmt,
            principal=self.principal,
            today=TODAY,
        )

    def use_case(self, fn: Callable[..., object], code: str, **kwargs) -> Callable[[], object]:
        def run() -> object:
            with transaction(self.data.engine, self.principal) as session:
                return fn(session=session, state_code=code, **kwargs)

        return run

    def warm_up(self) -> None:
        """Imports, template compilation, font loading: paid once, before anything is timed."""
        with console.status("warming up"):
            for code in (DEMO, self.data.sample):
                self.use_case(figures, code)()
                self.use_case(roadmap, code, today=TODAY)()
            for fmt in FORMATS:
                self.report("public", DEMO, fmt)()

    def comparison(self) -> None:
        """`figures()` of every state in one session, as a dashboard comparing states does."""
        codes = self.data.all_codes
        per_state, passes = [], []
        with console.status(f"comparison: figures of {len(codes)} states"):
            for _ in range(self.repeat):
                times = []
                with transaction(self.data.engine, self.principal) as session:
                    started = time.perf_counter()
                    for code in codes:
                        one = time.perf_counter()
                        figures(session=session, state_code=code)
                        times.append((time.perf_counter() - one) * 1000)
                    passes.append((time.perf_counter() - started) * 1000)
                per_state.append(statistics.median(times))
        group = "comparison across states"
        self.rows.append(
            Row(group, "figures, per state (median)", statistics.median(per_state), "one session")
        )
        self.rows.append(
            Row(group, f"figures of all {len(codes)} states", statistics.median(passes), "one pass")
        )

    def backup(self) -> None:
        dumped: list[dict] = []

        def run() -> None:
            with backup.consistent_transaction(engine=self.data.engine) as connection:
                dumped[:] = [backup.dump(connection=connection)]

        self.time("backup", "backup.dump, whole database", run)
        rows = sum(len(t) for t in dumped[0]["tables"].values())
        self.rows[-1] = replace(self.rows[-1], note=f"{rows:,} rows")


def measure(dataset: Dataset, repeat: int) -> list[Row]:
    bench = Bench(dataset, cli_principal(), repeat)
    bench.warm_up()
    # Every ratio divides by the baseline, so it gets more runs than the rest, half before
    # and half after everything else: a machine that slows down midway moves it less.
    baseline = bench.report("public", DEMO, "html")
    runs = max(BASELINE_RUNS, repeat)
    with console.status("baseline"):
        first = samples_ms(baseline, runs - runs // 2)
    sample = dataset.sample
    for code in (DEMO, sample):
        group = "figures and roadmap"
        history = f"{len(bench.use_case(figures, code)()['trend'])} assessments"
        bench.time(group, f"figures, {code}", bench.use_case(figures, code), history)
        bench.time(group, f"roadmap, {code}", bench.use_case(roadmap, code, today=TODAY))
    for code in (DEMO, sample):
        for kind in KINDS:
            for fmt in (f for f in FORMATS if f in RENDERERS):
                run = bench.report(kind, code, fmt)
                bench.time(f"reports, {code}", f"{kind} report, {fmt}", run)
    bench.comparison()
    bench.backup()
    with console.status("baseline"):
        last = samples_ms(baseline, runs // 2)
    note = f"built as PUBLIC; {runs} runs, first and last"
    base = Row("baseline", f"public report, {DEMO}, html", statistics.median(first + last), note)
    return [base, *bench.rows]


def table(rows: list[Row]) -> Table:
    baseline = rows[0].ms
    out = Table(title="Median time and ratio to the baseline", title_justify="left")
    out.add_column("measurement")
    out.add_column("median ms", justify="right")
    out.add_column("ratio to baseline", justify="right")
    out.add_column("note", style="dim")
    group = None
    for row in rows:
        if row.group != group:
            if group is not None:
                out.add_section()
            out.add_row(f"[bold]{row.group}[/bold]")
            group = row.group
        ratio = row.ms / baseline if baseline else float("nan")
        out.add_row(f"  {row.name}", f"{row.ms:,.1f}", f"{ratio:.2f}×", row.note)
    return out


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Build a scale dataset and print timings as ratios to a baseline "
        "measured in the same run.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a small dataset: {QUICK[0]} states × {QUICK[1]} assessments",
    )
    parser.add_argument(
        "--states", type=int, help=f"scale states (1–{MAX_STATES}; default {DEFAULT[0]})"
    )
    parser.add_argument(
        "--years", type=int, help=f"yearly self-assessments per state (default {DEFAULT[1]})"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--seed", type=int, default=SEED, help="seed of the generated data")
    args = parser.parse_args(argv)
    states, years = QUICK if args.quick else DEFAULT
    args.states = states if args.states is None else args.states
    args.years = years if args.years is None else args.years
    if not 1 <= args.states <= MAX_STATES:
        parser.error(f"--states must be between 1 and {MAX_STATES}")
    if not 1 <= args.years <= 50:
        parser.error("--years must be between 1 and 50")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def header(dataset: Dataset, repeat: int, seed: int) -> None:
    c = dataset.counts
    console.rule("nucsec benchmarks")
    console.print(
        f"Dataset: Demoland ({DEMO}) + {len(dataset.codes)} scale states × {dataset.years} "
        f"yearly self-assessments (seed {seed})"
    )
    console.print(
        f"  {c['states']:,} states · {c['assessments']:,} assessments · "
        f"{c['item_assessments']:,} item assessments · {c['item_notes']:,} notes"
    )
    console.print(
        f"  {c['evidence']:,} evidence · {c['evidence_links']:,} evidence links · "
        f"{c['score_releases']:,} score releases · {c['audit_entries']:,} audit entries · "
        f"{dataset.path.stat().st_size / 1e6:.1f} MB"
    )
    console.print(f"  built in {dataset.seconds:.1f} s (migrate, load demo, bulk insert)")
    console.print(
        f"Python {platform.python_version()} · SQLite {sqlite3.sqlite_version} · "
        f"SQLAlchemy {sqlalchemy.__version__} · {platform.system()} {platform.machine()} · "
        f"{os.cpu_count()} CPUs"
    )
    console.print(
        f"Single-state measurements use {DEMO} and the scale state {dataset.sample}, "
        f"as {cli_principal().username}, today = {TODAY.isoformat()}."
    )
    console.print(
        f"Each figure is the median of {repeat} run(s), the baseline's of "
        f"{max(BASELINE_RUNS, repeat)} (half first, half last); ratios are to the baseline "
        "measured in this same run."
    )


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nucsec-bench-") as directory:
        with console.status(f"building {args.states} states × {args.years} assessments"):
            dataset = build(Path(directory), states=args.states, years=args.years, seed=args.seed)
        try:
            header(dataset, args.repeat, args.seed)
            rows = measure(dataset, args.repeat)
        finally:
            dataset.engine.dispose()
    console.print(table(rows))
    console.print(
        f"Baseline: {rows[0].name} = {rows[0].ms:.1f} ms (1.00×). "
        f"Total wall time {time.perf_counter() - started:.0f} s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
