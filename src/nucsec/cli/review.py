"""`nucsec review`, `nucsec finding` and `nucsec findings due`: the improvement cycle."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from nucsec.access.labels import Label
from nucsec.cli.context import cli_session
from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.errors import Invalid
from nucsec.filerows import read_text
from nucsec.reviews import service, transfer
from nucsec.reviews.schemas import FindingCreate, FindingUpdate, ReviewCreate
from nucsec.validation import parse

review_app = typer.Typer(
    help="Reviews: self-assessments, IPPAS/INSServ missions, exercises.", no_args_is_help=True
)
finding_app = typer.Typer(help="Findings and their action plans.", no_args_is_help=True)
findings_app = typer.Typer(help="Reminders on findings.", no_args_is_help=True)

AsUser = Annotated[str | None, typer.Option("--as", help="Act as this user (their clearance).")]
Fmt = Annotated[OutputFormat, typer.Option("--format", "-f")]


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").replace(",", ";").split(";") if v.strip()]


@review_app.command("add")
def review_add(
    state: Annotated[str, typer.Option("--state")],
    kind: Annotated[str, typer.Option("--kind", help="ippas_mission, ippas_follow_up, …")],
    start: Annotated[str, typer.Option("--date", help="Start date YYYY-MM-DD.")],
    end: Annotated[str | None, typer.Option("--end", help="End date YYYY-MM-DD.")] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    items: Annotated[str | None, typer.Option("--items", help="Framework items in scope.")] = None,
    modules: Annotated[str | None, typer.Option("--modules", help="IPPAS modules.")] = None,
    team: Annotated[str | None, typer.Option("--team")] = None,
    report: Annotated[str | None, typer.Option("--report-ref")] = None,
    follows: Annotated[int | None, typer.Option("--follows", help="Review it follows up.")] = None,
    label: Annotated[Label | None, typer.Option("--label", help="Default SENSITIVE.")] = None,
    as_user: AsUser = None,
) -> None:
    """Record a review."""
    data = parse(
        ReviewCreate,
        {
            "state": state,
            "kind": kind,
            "started_on": start,
            "ended_on": end,
            "title": title,
            "items": _split(items),
            "modules": _split(modules),
            "team": team,
            "report_ref": report,
            "follows": follows,
            "label": label,
        },
    )
    with cli_session(as_user) as session:
        review = service.create_review(session=session, data=data)
        console.print(f"recorded review {review.id}: {review.title} ({review.label})")


@review_app.command("list")
def review_list(
    state: Annotated[str, typer.Option("--state")],
    fmt: Fmt = OutputFormat.table,
    as_user: AsUser = None,
) -> None:
    """List a state's reviews, oldest first."""
    with cli_session(as_user) as session:
        rows = [
            r.model_dump(mode="json")
            for r in service.list_reviews(session=session, state_code=state).items
        ]
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    print_table(
        f"Reviews of {state.upper()}",
        ["ID", "Date", "Kind", "Title", "Follows", "Label"],
        [(r["id"], r["started_on"], r["kind"], r["title"], r["follows"], r["label"]) for r in rows],
    )


@review_app.command("show")
def review_show(review_id: int, fmt: Fmt = OutputFormat.table, as_user: AsUser = None) -> None:
    """Show a review and its findings."""
    with cli_session(as_user) as session:
        review = service.review_public(
            session, service.get_review(session=session, review_id=review_id)
        )
        findings = service.list_findings(
            session=session, filters=service.Filters(review=review_id)
        ).items
    if fmt is OutputFormat.json:
        print_json(
            {
                **review.model_dump(mode="json"),
                "findings": [f.model_dump(mode="json") for f in findings],
            }
        )
        return
    console.print(
        f"[bold]{review.title}[/bold] ({review.kind}, {review.started_on}–"
        f"{review.ended_on}, {review.label.value}) report {review.report_ref or '—'}"
    )
    _finding_table(findings, f"Findings of review {review_id}")


@review_app.command("import")
def review_import(
    file: Annotated[Path, typer.Argument(help="YAML or CSV of the review's findings.")],
    review: Annotated[int, typer.Option("--review", help="The review they come from.")],
    as_user: AsUser = None,
) -> None:
    """Import a mission's findings: all rows or none, each bad row named by its line."""
    text = read_text(file)
    rows = transfer.parse(text, file.name)
    with cli_session(as_user) as session:
        created = transfer.import_findings(
            session=session, review_id=review, rows=rows, source=file.name
        )
        console.print(f"imported {len(created)} finding(s) into review {review}")


def _finding_table(findings: list, title: str) -> None:
    print_table(
        title,
        ["ID", "Ref", "Kind", "Status", "Owner", "Due", "Items", "Label"],
        [
            (
                f.id,
                f.ref,
                f.kind,
                f.status + (" (overdue)" if f.overdue else ""),
                f.owner,
                f.due_on,
                f.items,
                f.label.value,
            )
            for f in findings
        ],
    )


@finding_app.command("add")
def finding_add(
    review: Annotated[int, typer.Option("--review")],
    kind: Annotated[str, typer.Option("--kind", help="recommendation, suggestion, good_practice")],
    text: Annotated[str, typer.Option("--text")],
    ref: Annotated[str | None, typer.Option("--ref")] = None,
    items: Annotated[str | None, typer.Option("--items")] = None,
    owner: Annotated[str | None, typer.Option("--owner")] = None,
    actions: Annotated[str | None, typer.Option("--actions")] = None,
    due: Annotated[str | None, typer.Option("--due", help="YYYY-MM-DD.")] = None,
    summary: Annotated[str | None, typer.Option("--public-summary")] = None,
    label: Annotated[Label | None, typer.Option("--label")] = None,
    as_user: AsUser = None,
) -> None:
    """Record a finding of a review."""
    data = parse(
        FindingCreate,
        {
            "review": review,
            "kind": kind,
            "text": text,
            "ref": ref,
            "items": _split(items),
            "owner": owner,
            "actions": actions,
            "due_on": due,
            "public_summary": summary,
            "label": label,
        },
    )
    with cli_session(as_user) as session:
        finding = service.add_finding(session=session, data=data)
        console.print(f"recorded finding {finding.id} ({finding.ref})")


@finding_app.command("update")
def finding_update(
    finding_id: int,
    status: Annotated[str | None, typer.Option("--status")] = None,
    reason: Annotated[str | None, typer.Option("--reason")] = None,
    verified_by: Annotated[
        int | None, typer.Option("--verified-by", help="Later review ID.")
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help="Date of the move YYYY-MM-DD.")] = None,
    owner: Annotated[str | None, typer.Option("--owner")] = None,
    actions: Annotated[str | None, typer.Option("--actions")] = None,
    due: Annotated[str | None, typer.Option("--due")] = None,
    summary: Annotated[str | None, typer.Option("--public-summary")] = None,
    approve_summary: Annotated[bool, typer.Option("--approve-summary")] = False,
    as_user: AsUser = None,
) -> None:
    """Change an action plan, move a finding's status, or approve its public summary."""
    given = {
        "status": status,
        "reason": reason,
        "verified_by": verified_by,
        "on": on,
        "owner": owner,
        "actions": actions,
        "due_on": due,
        "public_summary": summary,
    }
    changes = {k: v for k, v in given.items() if v is not None}
    if not changes and not approve_summary:
        raise Invalid("nothing to change: give at least one option")
    with cli_session(as_user) as session:
        if changes:
            service.update_finding(
                session=session, finding_id=finding_id, data=parse(FindingUpdate, changes)
            )
        if approve_summary:
            service.approve_summary(session=session, finding_id=finding_id)
        finding = service.get_finding(session=session, finding_id=finding_id)
        console.print(f"finding {finding.id} ({finding.ref}) is {finding.status}")


@finding_app.command("list")
def finding_list(
    state: Annotated[str | None, typer.Option("--state")] = None,
    review: Annotated[int | None, typer.Option("--review")] = None,
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    status: Annotated[str | None, typer.Option("--status")] = None,
    owner: Annotated[str | None, typer.Option("--owner")] = None,
    item: Annotated[str | None, typer.Option("--item")] = None,
    overdue: Annotated[bool, typer.Option("--overdue")] = False,
    fmt: Fmt = OutputFormat.table,
    as_user: AsUser = None,
) -> None:
    """The findings board, filtered."""
    with cli_session(as_user) as session:
        rows = service.list_findings(
            session=session,
            filters=service.Filters(
                state=state,
                review=review,
                kind=kind,
                status=status,
                owner=owner,
                item=item,
                overdue=overdue,
            ),
        ).items
    if fmt is OutputFormat.json:
        print_json([f.model_dump(mode="json") for f in rows])
        return
    _finding_table(rows, f"Findings ({len(rows)})")


def parse_within(value: str) -> int:
    """'30d', '4w' or '30' → days."""
    match = re.fullmatch(r"\s*(\d+)\s*([dw]?)\s*", value)
    if not match:
        raise Invalid(f"--within: {value!r} is not a duration such as 30d or 4w")
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)


@findings_app.command("due")
def findings_due(
    within: Annotated[str, typer.Option("--within", help="e.g. 30d or 4w.")] = "30d",
    state: Annotated[str | None, typer.Option("--state")] = None,
    fmt: Fmt = OutputFormat.table,
    as_user: AsUser = None,
) -> None:
    """Open findings falling due within the period, overdue ones first."""
    days = parse_within(within)
    with cli_session(as_user) as session:
        rows = service.due(session=session, within_days=days, state=state, today=date.today())
    if fmt is OutputFormat.json:
        print_json([f.model_dump(mode="json") for f in rows])
        return
    _finding_table(rows, f"Due within {days} days ({len(rows)})")
