"""`nucsec audit`: verify the keyed hash chain, print an anchor, and read the log."""

from __future__ import annotations

from typing import Annotated

import typer

from nucsec.access import audit
from nucsec.cli.context import cli_session
from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.errors import NucsecError

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


@app.command("verify")
def verify(
    anchor: Annotated[
        str | None,
        typer.Option(
            "--anchor",
            help="A head printed earlier by `nucsec audit anchor` (SEQ:HASH): also detect a log "
            "wiped, cut back or rewritten since.",
        ),
    ] = None,
) -> None:
    """Check every entry and the chain; exit 1 naming the first bad entry."""
    point = audit.Anchor.parse(anchor) if anchor is not None else None
    with cli_session() as session:
        verdict = audit.verify(session.connection(), anchor=point)
    if not verdict.ok:
        raise NucsecError(f"audit log broken: {verdict.reason}")
    against = f", holds anchor {point.seq}" if point else ""
    console.print(
        f"audit log intact: {verdict.checked} entries, head {verdict.head_hash}{against}",
        soft_wrap=True,
    )


@app.command("anchor")
def anchor() -> None:
    """Print the head of the log (SEQ:HASH). Keep it outside this server; `verify --anchor` then
    detects a log wiped and restarted, or cut back, which the chain alone cannot show."""
    with cli_session() as session:
        verdict = audit.verify(session.connection())
        if not verdict.ok:
            raise NucsecError(f"audit log broken: {verdict.reason}; not anchoring it")
        head = audit.anchor(session.connection())
    typer.echo(str(head))


@app.command("show")
def show(
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    limit: Annotated[int, typer.Option(min=1, help="Newest entries to show.")] = 50,
    as_user: Annotated[
        str | None, typer.Option("--as", help="Show what this user may see of the log.")
    ] = None,
) -> None:
    """Show the newest entries."""
    with cli_session(as_user) as session:
        rows = audit.read_log(session, limit=limit).entries
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    print_table(
        "Audit log (newest first)",
        ["#", "Time (UTC)", "Who", "Run by", "Action", "Object", "Label", "Detail"],
        [
            (
                r.get("seq", ""),
                r["at"],
                r["actor"],
                r["origin"] if r["origin"] != r["actor"] else "",
                r["action"],
                f"{r['object_type']} {r['object_id']}",
                r["label"],
                r["detail"],
            )
            for r in rows
        ],
    )
