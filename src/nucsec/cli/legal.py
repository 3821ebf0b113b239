"""`nucsec legal`: national instruments, adherence, prosecution outcomes, points of contact."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nucsec.cli.context import cli_session
from nucsec.cli.files import write_output
from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.errors import Invalid
from nucsec.filerows import Row, read_text
from nucsec.legal import service, transfer

app = typer.Typer(
    help="Legal register: instruments (with provisions), adherence, prosecutions, contacts.",
    no_args_is_help=True,
)

AsUser = Annotated[str | None, typer.Option("--as", help="Act as this user (their clearance).")]
Fmt = Annotated[OutputFormat, typer.Option("--format", "-f")]
State = Annotated[str, typer.Option("--state", help="State code, e.g. XD.")]
Values = Annotated[
    list[str] | None,
    typer.Option(
        "--set", "-s", help="field=value, repeated; provisions='Art. 5: REQ, REQ | Art. 7: REQ'."
    ),
]
RecordType = Annotated[
    str, typer.Argument(help="instruments, adherence, prosecutions or contacts.")
]


def _check(record_type: str) -> None:
    if record_type not in service.RECORD_TYPES:
        raise Invalid(
            f"unknown record type {record_type!r}; use one of {', '.join(service.RECORD_TYPES)}"
        )


def _rows(state: str, record_type: str, as_user: str | None) -> list[dict]:
    with cli_session(as_user) as session:
        return [
            service.as_dict(record_type, r)
            for r in service.listing(session=session, state_code=state, record_type=record_type)
        ]


@app.command("add")
def add(record_type: RecordType, state: State, values: Values = None, as_user: AsUser = None):
    """Record an instrument, adherence, prosecution outcome or point of contact (--set f=v)."""
    _check(record_type)
    pairs = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise Invalid(f"--set: {item!r} is not field=value")
        pairs[key.strip()] = value.strip()
    with cli_session(as_user) as session:
        service.import_rows(
            session=session,
            state_code=state,
            record_type=record_type,
            rows=[Row(1, pairs)],
            source="--set",
        )
    console.print(f"recorded 1 {record_type} record for {state.upper()}")


@app.command("list")
def list_(
    record_type: RecordType, state: State, fmt: Fmt = OutputFormat.table, as_user: AsUser = None
):
    """List the records of one type you may see."""
    _check(record_type)
    rows = _rows(state, record_type, as_user)
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    columns = [c for c in service.FIELDS[record_type] if c != "provisions"]
    print_table(
        f"{record_type} of {state.upper()}", columns, [[r[c] for c in columns] for r in rows]
    )


@app.command("show")
def show(ref: str, state: State, fmt: Fmt = OutputFormat.table, as_user: AsUser = None):
    """One instrument with its provisions and the requirements each meets."""
    with cli_session(as_user) as session:
        row = service.as_dict(
            "instruments", service.get_instrument(session=session, state_code=state, ref=ref)
        )
    if fmt is OutputFormat.json:
        print_json(row)
        return
    console.print(f"{row['ref']}: {row['title']} ({row['kind']}, {row['label']})", markup=False)
    for key in ("adopted_on", "reference"):
        console.print(f"  {key}: {row[key] or ''}", markup=False)
    print_table(
        "Provisions",
        ["Article", "Requirements"],
        [[p["article"], ", ".join(p["requirements"])] for p in row["provisions"]],
    )


@app.command("import")
def import_(record_type: RecordType, file: Path, state: State, as_user: AsUser = None):
    """Import records (CSV or YAML): all rows or none, bad rows named by line."""
    _check(record_type)
    rows = transfer.parse(read_text(file), file.name, record_type)
    with cli_session(as_user) as session:
        count = service.import_rows(
            session=session, state_code=state, record_type=record_type, rows=rows, source=file.name
        )
    console.print(f"imported {count} {record_type} record(s) for {state.upper()}")


@app.command("export")
def export(
    record_type: RecordType,
    state: State,
    output: Annotated[Path, typer.Option("--output", "-o")],
    as_user: AsUser = None,
):
    """Export the records of one type you may see, to CSV or YAML (by the file's extension)."""
    _check(record_type)
    rows = _rows(state, record_type, as_user)
    text = (
        transfer.to_csv(record_type, rows)
        if output.suffix.lower() == ".csv"
        else transfer.to_yaml(rows)
    )
    write_output(output, text)
    console.print(f"wrote {len(rows)} record(s) to {output}")
