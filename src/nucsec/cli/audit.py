"""`nucsec audit`: verify the hash chain and read the log."""

from __future__ import annotations

from typing import Annotated

import typer

from nucsec.access import audit
from nucsec.cli.context import cli_session
from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.errors import NucsecError

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


@app.command("verify")
def verify() -> None:
    """Check every entry and the chain; exit 1 naming the first bad entry."""
    with cli_session() as session:
        verdict = audit.verify(session.connection())
    if not verdict.ok:
        raise NucsecError(f"audit log broken: {verdict.reason}")
    console.print(f"audit log intact: {verdict.checked} entries, head {verdict.head_hash}")


@app.command("show")
def show(
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    limit: Annotated[int, typer.Option(min=1, help="Newest entries to show.")] = 50,
) -> None:
    """Show the newest entries."""
    with cli_session() as session:
        rows = [audit.entry_dict(e) for e in audit.entries(session, limit=limit)]
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    print_table(
        "Audit log (newest first)",
        ["#", "Time (UTC)", "Who", "Action", "Object", "Detail"],
        [
            (
                r["seq"],
                r["at"],
                r["actor"],
                r["action"],
                f"{r['object_type']} {r['object_id']}",
                r["detail"],
            )
            for r in rows
        ],
    )
