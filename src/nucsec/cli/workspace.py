"""`nucsec workspace import|export`: an analyst's states, evidence and external judgements."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nucsec.access import audit
from nucsec.analytics import workspace
from nucsec.cli.context import cli_session
from nucsec.cli.files import write_output
from nucsec.cli.output import console
from nucsec.errors import Invalid
from nucsec.filerows import read_text

AsUser = Annotated[str | None, typer.Option("--as", help="Act as this user (their clearance).")]
app = typer.Typer(help="Import and export an analyst's workspace.", no_args_is_help=True)


@app.command("import")
def import_(file: Path, as_user: AsUser = None) -> None:
    """Import states, evidence and judgements (YAML, or one CSV of them): all or nothing, each
    problem named by its line."""
    sections = workspace.parse(read_text(file), file.name)
    with cli_session(as_user) as session:
        # the chain key once for the whole file, not read from the settings at every flush
        audit.use_key(session.get_bind().engine, audit.settings_key())
        outcome = workspace.import_file(session=session, sections=sections, source=file.name)
    console.print(f"imported {outcome.summary()} from {file.name}", markup=False)


@app.command("export")
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="A .yaml or .csv file.")],
    states: Annotated[
        str | None, typer.Option("--states", help="e.g. XA,XB (default all).")
    ] = None,
    section: Annotated[
        str | None, typer.Option("--records", help="For CSV: states, evidence or judgements.")
    ] = None,
    as_user: AsUser = None,
) -> None:
    """Export what you may see of the workspace, in the shape `workspace import` reads."""
    csv_file = output.suffix.lower() == ".csv"
    if csv_file and section not in workspace.SECTIONS:
        raise Invalid("--records: a CSV file holds one of states, evidence, judgements")
    with cli_session(as_user) as session:
        doc = workspace.export(session=session, codes=states.split(",") if states else None)
    if csv_file:
        assert section is not None
        write_output(output, workspace.to_csv(section, doc[section]))
        count = len(doc[section])
    else:
        write_output(output, workspace.to_yaml(doc))
        count = sum(len(v) for v in doc.values())
    console.print(f"wrote {count} record(s) to {output}", markup=False)
