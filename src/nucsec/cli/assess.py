"""`nucsec assess`: create, read, edit, import and export assessments."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from nucsec.access.labels import Label
from nucsec.assessments import service, transfer
from nucsec.assessments.schemas import AssessmentCreate, ItemUpdate
from nucsec.cli.context import cli_session
from nucsec.cli.files import write_output
from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.errors import Invalid
from nucsec.filerows import read_text
from nucsec.validation import parse

app = typer.Typer(help="Assessments of a state against the framework.", no_args_is_help=True)

AsUser = Annotated[str | None, typer.Option("--as", help="Act as this user (their clearance).")]
Fmt = Annotated[OutputFormat, typer.Option("--format", "-f")]


class FileFormat(StrEnum):
    yaml = "yaml"
    csv = "csv"


@app.command("create")
def create(
    state: Annotated[str, typer.Option("--state", help="State code, e.g. XD.")],
    on: Annotated[str, typer.Option("--date", help="Assessment date YYYY-MM-DD.")],
    kind: Annotated[str, typer.Option("--kind", help="self or external.")] = "self",
    title: Annotated[str | None, typer.Option("--title")] = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Do not carry the last one forward.")
    ] = False,
    label: Annotated[Label, typer.Option("--label")] = Label.OFFICIAL,
    as_user: AsUser = None,
) -> None:
    """Create an assessment (carrying the previous one forward unless --fresh)."""
    data = parse(
        AssessmentCreate,
        {
            "state": state,
            "assessed_on": on,
            "kind": kind,
            "title": title,
            "carry_forward": not fresh,
            "label": label,
        },
    )
    with cli_session(as_user) as session:
        created = service.create(session=session, data=data)
        console.print(
            f"created assessment {created.id}: {created.title} ({len(created.items)} items)"
            if created.items
            else f"created assessment {created.id}"
        )


@app.command("list")
def list_(
    state: Annotated[str, typer.Option("--state")],
    fmt: Fmt = OutputFormat.table,
    as_user: AsUser = None,
) -> None:
    """List a state's assessments, oldest first."""
    with cli_session(as_user) as session:
        rows = [
            service.to_public(a, state.upper()).model_dump(mode="json")
            for a in service.list_for_state(session=session, state_code=state, kind=None)
        ]
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    print_table(
        f"Assessments of {state.upper()}",
        ["ID", "Date", "Kind", "Title", "Label"],
        [(r["id"], r["assessed_on"], r["kind"], r["title"], r["label"]) for r in rows],
    )


@app.command("show")
def show(assessment_id: int, fmt: Fmt = OutputFormat.table, as_user: AsUser = None) -> None:
    """Show every item of an assessment you may see."""
    with cli_session(as_user) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        views = service.item_views(session=session, assessment=assessment, today=date.today())
    if fmt is OutputFormat.json:
        print_json([v.model_dump(mode="json") for v in views])
        return
    print_table(
        f"Assessment {assessment_id}",
        ["Item", "Status", "Demonstration", "Owner", "Target", "Label", "Note"],
        [
            (
                v.item,
                v.status,
                v.demonstration,
                v.owner,
                v.target_date,
                v.label.value,
                (v.note or "")[:60],
            )
            for v in views
        ],
    )


@app.command("set")
def set_item(
    assessment_id: int,
    item: str,
    status: Annotated[str | None, typer.Option("--status")] = None,
    demonstration: Annotated[str | None, typer.Option("--demonstration")] = None,
    owner: Annotated[str | None, typer.Option("--owner")] = None,
    target: Annotated[str | None, typer.Option("--target-date", help="YYYY-MM-DD.")] = None,
    justification: Annotated[str | None, typer.Option("--justification")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    note_label: Annotated[Label | None, typer.Option("--note-label")] = None,
    label: Annotated[Label | None, typer.Option("--label")] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="Refs, e.g. EV-0001;EV-0002.")
    ] = None,
    as_user: AsUser = None,
) -> None:
    """Change one item of an assessment."""
    given: dict[str, object] = {
        "status": status,
        "demonstration": demonstration,
        "owner": owner,
        "target_date": target,
        "justification": justification,
        "note": note,
        "note_label": note_label,
        "label": label,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    if evidence is not None:
        changes["evidence"] = [r.strip() for r in evidence.split(";") if r.strip()]
    if not changes:
        raise Invalid("nothing to change: give at least one option")
    data = parse(ItemUpdate, changes)
    with cli_session(as_user) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        service.update_item(session=session, assessment=assessment, item_id=item.upper(), data=data)
    console.print(f"updated {item.upper()} in assessment {assessment_id}")


@app.command("export")
def export(
    assessment_id: int,
    fmt: Annotated[FileFormat, typer.Option("--format", "-f")] = FileFormat.yaml,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    as_user: AsUser = None,
) -> None:
    """Write an assessment as YAML or CSV (to a file, or standard output)."""
    with cli_session(as_user) as session:
        assessment = service.get(session=session, assessment_id=assessment_id)
        text = transfer.export(session=session, assessment=assessment, fmt=fmt.value)
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_output(output, text)
        console.print(f"wrote {output}")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A YAML or CSV file (by its extension).")],
    into: Annotated[int | None, typer.Option("--into", help="Assessment ID to update.")] = None,
    as_user: AsUser = None,
) -> None:
    """Import item rows into an assessment; a YAML file without --into creates a new one.

    The file is checked whole first: any bad row rejects it, naming each line, and nothing is
    written.
    """
    text = read_text(file)
    is_csv = file.suffix.lower() == ".csv"
    if is_csv:
        rows, meta = transfer.parse_csv(text, file.name), dict[str, Any]()
    else:
        meta, rows = transfer.parse_yaml(text, file.name)
    with cli_session(as_user) as session:
        if into is None:
            if is_csv:
                raise Invalid("a CSV file has no assessment header: give --into ID")
            data = parse(
                AssessmentCreate,
                {
                    "state": meta.get("state"),
                    "assessed_on": meta.get("assessed_on"),
                    "kind": meta.get("kind", "self"),
                    "title": meta.get("title"),
                    "label": meta.get("label", "OFFICIAL"),
                    "carry_forward": False,
                },
            )
            assessment = service.create(session=session, data=data)
        else:
            assessment = service.get(session=session, assessment_id=into)
        count = transfer.import_rows(
            session=session, assessment=assessment, rows=rows, source=file.name
        )
        console.print(f"imported {count} item(s) into assessment {assessment.id}")
