"""`nucsec competence` and `nucsec cooperation`: record, list, import, export and measure."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nucsec.cli.context import cli_session
from nucsec.cli.files import write_output
from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.competence import service, transfer
from nucsec.errors import Invalid
from nucsec.filerows import Row, read_text
from nucsec.paging import DEFAULT_LIMIT, MAX_LIMIT, PageParams

competence_app = typer.Typer(
    help="Competence records: positions, trainings, certifications, culture; and their measures.",
    no_args_is_help=True,
)
cooperation_app = typer.Typer(help="International cooperation activities.", no_args_is_help=True)

AsUser = Annotated[str | None, typer.Option("--as", help="Act as this user (their clearance).")]
Fmt = Annotated[OutputFormat, typer.Option("--format", "-f")]
Values = Annotated[list[str] | None, typer.Option("--set", "-s", help="field=value, repeated.")]
Limit = Annotated[int, typer.Option("--limit", min=1, max=MAX_LIMIT, help="Rows per page.")]
PageNumber = Annotated[int, typer.Option("--page", min=1)]
COMPETENCE_TYPES = ("positions", "trainings", "certifications", "culture")


def _check(record_type: str, allowed: tuple[str, ...]) -> None:
    if record_type not in allowed:
        raise Invalid(f"unknown record type {record_type!r}; use one of {', '.join(allowed)}")


def _add(record_type: str, state: str, values: list[str] | None, as_user: str | None) -> None:
    pairs = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise Invalid(f"--set: {item!r} is not field=value")
        pairs[key.strip()] = value.strip()
    with cli_session(as_user) as session:
        count = service.import_rows(
            session=session,
            state_code=state,
            record_type=record_type,
            rows=[Row(1, pairs)],
            source="--set",
        )
    console.print(f"recorded {count} {record_type} record for {state.upper()}")


def _list(
    record_type: str, state: str, fmt: OutputFormat, as_user: str | None, limit: int, page: int
) -> None:
    """One page of a state's records (`export` writes them all), as the API pages them."""
    with cli_session(as_user) as session:
        found = service.list_records(
            session=session,
            state_code=state,
            record_type=record_type,
            page=PageParams(limit=limit, page=page),
        )
    if fmt is OutputFormat.json:
        print_json(found.model_dump(mode="json"))
        return
    columns = list(service.FIELDS[record_type])
    rows = [service.as_dict(record_type, r) for r in found.items]
    print_table(
        f"{record_type} of {state.upper()}: {found.total} (page {found.page} of {found.pages})",
        columns,
        [[r[c] for c in columns] for r in rows],
    )


def _import(record_type: str, state: str, file: Path, as_user: str | None) -> None:
    text = read_text(file)
    rows = transfer.parse(text, file.name, record_type)
    with cli_session(as_user) as session:
        count = service.import_rows(
            session=session, state_code=state, record_type=record_type, rows=rows, source=file.name
        )
    console.print(f"imported {count} {record_type} record(s) for {state.upper()}")


def _export(record_type: str, state: str, output: Path, as_user: str | None) -> None:
    with cli_session(as_user) as session:
        rows = [
            service.as_dict(record_type, r)
            for r in service.listing(session=session, state_code=state, record_type=record_type)
        ]
    text = (
        transfer.to_csv(record_type, rows)
        if output.suffix.lower() == ".csv"
        else transfer.to_yaml(rows)
    )
    write_output(output, text)
    console.print(f"wrote {len(rows)} record(s) to {output}")


@competence_app.command("add")
def competence_add(
    record_type: str,
    state: Annotated[str, typer.Option("--state")],
    values: Values = None,
    as_user: AsUser = None,
) -> None:
    """Record a position, training, certification count or culture activity (--set f=v)."""
    _check(record_type, COMPETENCE_TYPES)
    _add(record_type, state, values, as_user)


@competence_app.command("list")
def competence_list(
    record_type: str,
    state: Annotated[str, typer.Option("--state")],
    fmt: Fmt = OutputFormat.table,
    as_user: AsUser = None,
    limit: Limit = DEFAULT_LIMIT,
    page: PageNumber = 1,
) -> None:
    """List records of one type, one page at a time."""
    _check(record_type, COMPETENCE_TYPES)
    _list(record_type, state, fmt, as_user, limit, page)


@competence_app.command("import")
def competence_import(
    record_type: str,
    file: Path,
    state: Annotated[str, typer.Option("--state")],
    as_user: AsUser = None,
) -> None:
    """Import records (CSV or YAML): all rows or none, bad rows named by line."""
    _check(record_type, COMPETENCE_TYPES)
    _import(record_type, state, file, as_user)


@competence_app.command("export")
def competence_export(
    record_type: str,
    state: Annotated[str, typer.Option("--state")],
    output: Annotated[Path, typer.Option("--output", "-o")],
    as_user: AsUser = None,
) -> None:
    """Export records of one type to CSV or YAML (by the file's extension)."""
    _check(record_type, COMPETENCE_TYPES)
    _export(record_type, state, output, as_user)


@competence_app.command("measures")
def competence_measures(
    state: Annotated[str, typer.Option("--state")],
    fmt: Fmt = OutputFormat.table,
    as_user: AsUser = None,
) -> None:
    """Competence and cooperation measures per year, from the records you may see."""
    with cli_session(as_user) as session:
        rows = service.measure_trend(session=session, state_code=state)
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    keys = [k for k in rows[0] if k != "period"] if rows else []
    print_table(
        f"Measures of {state.upper()}",
        ["Year", *keys],
        [[r["period"], *(r[k] for k in keys)] for r in rows],
    )


@cooperation_app.command("add")
def cooperation_add(
    state: Annotated[str, typer.Option("--state")], values: Values = None, as_user: AsUser = None
) -> None:
    """Record a cooperation activity (--set kind=… title=… held_on=YYYY-MM-DD …)."""
    _add("cooperation", state, values, as_user)


@cooperation_app.command("list")
def cooperation_list(
    state: Annotated[str, typer.Option("--state")],
    fmt: Fmt = OutputFormat.table,
    as_user: AsUser = None,
    limit: Limit = DEFAULT_LIMIT,
    page: PageNumber = 1,
) -> None:
    """List cooperation activities, one page at a time."""
    _list("cooperation", state, fmt, as_user, limit, page)


@cooperation_app.command("import")
def cooperation_import(
    file: Path, state: Annotated[str, typer.Option("--state")], as_user: AsUser = None
) -> None:
    """Import cooperation activities (CSV or YAML): all rows or none."""
    _import("cooperation", state, file, as_user)


@cooperation_app.command("export")
def cooperation_export(
    state: Annotated[str, typer.Option("--state")],
    output: Annotated[Path, typer.Option("--output", "-o")],
    as_user: AsUser = None,
) -> None:
    """Export cooperation activities to CSV or YAML."""
    _export("cooperation", state, output, as_user)
