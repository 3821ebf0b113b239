"""`nucsec evidence`: record and list the evidence of a state."""

from __future__ import annotations

from typing import Annotated

import typer

from nucsec.access.labels import Label
from nucsec.cli.context import cli_session
from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.evidence import service
from nucsec.evidence.schemas import EvidenceCreate, EvidencePublic
from nucsec.validation import parse

app = typer.Typer(
    help="Evidence: laws, regulations, reports, training records …", no_args_is_help=True
)


@app.command("add")
def add(
    state: Annotated[str, typer.Option("--state")],
    title: Annotated[str, typer.Option("--title")],
    kind: Annotated[str, typer.Option("--kind", help="law, regulation, annual_report …")] = "other",
    publisher: Annotated[str | None, typer.Option("--publisher")] = None,
    published: Annotated[str | None, typer.Option("--published", help="YYYY-MM-DD.")] = None,
    url: Annotated[str | None, typer.Option("--url")] = None,
    summary: Annotated[str | None, typer.Option("--summary")] = None,
    label: Annotated[Label, typer.Option("--label")] = Label.OFFICIAL,
) -> None:
    """Record a piece of evidence; prints its reference (EV-0001 …)."""
    data = parse(
        EvidenceCreate,
        {
            "title": title,
            "kind": kind,
            "publisher": publisher,
            "published_on": published,
            "url": url,
            "summary": summary,
            "label": label,
        },
    )
    with cli_session() as session:
        record = service.create(session=session, state_code=state, data=data)
        console.print(f"recorded {record.ref}: {record.title} ({record.label})")


@app.command("list")
def list_(
    state: Annotated[str, typer.Option("--state")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    as_user: Annotated[str | None, typer.Option("--as")] = None,
) -> None:
    """List a state's evidence you may see."""
    with cli_session(as_user) as session:
        rows = [
            EvidencePublic.model_validate(e).model_dump(mode="json")
            for e in service.list_for_state(session=session, state_code=state)
        ]
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    print_table(
        f"Evidence of {state.upper()}",
        ["Ref", "Kind", "Title", "Published", "Label"],
        [(r["ref"], r["kind"], r["title"], r["published_on"], r["label"]) for r in rows],
    )


from nucsec.cli.evidence_map import map_file  # noqa: E402  (kept apart: its own module)

app.command("map")(map_file)
