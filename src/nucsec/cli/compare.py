"""`nucsec compare`: states side by side (commitments, elements or measures), ranked."""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from nucsec.analytics import service as analytics
from nucsec.cli.context import cli_session
from nucsec.cli.output import console, print_json, print_table

AsUser = Annotated[str | None, typer.Option("--as", help="Act as this user (their clearance).")]


class CompareFormat(StrEnum):
    json = "json"
    csv = "csv"
    table = "table"


class ByOption(StrEnum):
    commitment = "commitment"
    element = "element"
    measure = "measure"


class KindOption(StrEnum):
    self = "self"
    external = "external"


def compare(
    states: Annotated[
        str | None, typer.Option("--states", help="State codes, e.g. XD,XB (default: all).")
    ] = None,
    by: Annotated[ByOption, typer.Option("--by", help="Columns.")] = ByOption.commitment,
    kind: Annotated[
        KindOption,
        typer.Option(
            "--kind", help="self: the states' own approved figures; external: analysts' figures."
        ),
    ] = KindOption.self,
    fmt: Annotated[CompareFormat, typer.Option("--format", "-f")] = CompareFormat.table,
    as_user: AsUser = None,
) -> None:
    """Compare states on the framework, with the overall index and a rank (ties shown)."""
    codes = states.split(",") if states else None
    with cli_session(as_user) as session:
        doc = analytics.compare(
            session=session, codes=codes, by=by.value, kind=kind.value, today=date.today()
        )
    if fmt is CompareFormat.json:
        print_json(doc.model_dump(mode="json"))
        return
    header = ["state", "name", "rank", "overall", "confidence", *doc.keys]
    rows = [
        [r.state, r.name, r.rank, r.overall, r.confidence, *(r.cells.get(k) for k in doc.keys)]
        for r in doc.states
    ]
    if fmt is CompareFormat.csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
        sys.stdout.write(out.getvalue())
        return
    source = "own approved figures" if doc.kind == "self" else "external assessments"
    print_table(f"States by {doc.by} — {source}", header, rows)
    console.print(f"Rank: {doc.rule}.", highlight=False)
