"""`nucsec score`, `roadmap` and `check`: where a state stands, what to do next, and where the
assessment contradicts the records."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from nucsec.catalogue import default_pack
from nucsec.cli.context import cli_session
from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.improvement import figures

# The roadmap, scenarios and the check (and the assessment and evidence services behind them)
# are imported by their commands: `nucsec score` is a read command and starts in under a second.

AsUser = Annotated[str | None, typer.Option("--as", help="Act as this user (their clearance).")]
Fmt = Annotated[OutputFormat, typer.Option("--format", "-f")]


def score(
    state: Annotated[str, typer.Option("--state", help="State code, e.g. XD.")],
    assessment: Annotated[int | None, typer.Option("--assessment", help="Default: latest.")] = None,
    fmt: Fmt = OutputFormat.table,
    as_user: AsUser = None,
) -> None:
    """Implementation indices (overall, per commitment, per element), confidence and trend."""
    with cli_session(as_user) as session:
        doc = figures.figures(session=session, state_code=state, assessment_id=assessment)
    if fmt is OutputFormat.json:
        print_json(doc)
        return
    pack = default_pack()
    console.print(
        f"[bold]{doc['state']}[/bold], assessment {doc['assessment']} of "
        f"{doc['assessed_on']} — {doc['source']} figures, {doc['label']}"
    )
    parts = doc.get("confidence_parts") or {}
    console.print(
        f"overall {doc['overall']}, confidence {doc['confidence']} "
        f"(transparency {parts.get('transparency')}, assurance {parts.get('assurance')}), "
        f"weakest commitment {doc['weakest_commitment']} — scoring rules "
        f"v{doc.get('rules_version', 1)}"
    )
    print_table(
        "Commitments",
        ["ID", "Commitment", "Index", "Optional adopted %"],
        [
            (c.id, c.title, doc["commitments"].get(c.id), (doc.get("optional") or {}).get(c.id))
            for c in pack.commitments
        ],
    )
    if doc.get("flags"):
        print_table(
            "Declarations the records do not support",
            ["Item", "Flag"],
            [(f["item"], f["flag"].replace("_", " ")) for f in doc["flags"]],
        )
    print_table(
        "Essential elements",
        ["ID", "Element", "Index"],
        [(e.id, e.title, doc["elements"].get(e.id)) for e in pack.elements],
    )
    print_table(
        "Trend",
        ["Date", "Overall", "Confidence"],
        [(p["date"], p["overall"], p["confidence"]) for p in doc["trend"]],
    )


def roadmap(
    state: Annotated[str, typer.Option("--state", help="State code, e.g. XD.")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="Next actions to list.")] = 10,
    fmt: Fmt = OutputFormat.table,
    as_user: AsUser = None,
    with_scenarios: Annotated[
        bool,
        typer.Option("--scenarios", help="Add the actions that would raise the indices most."),
    ] = False,
) -> None:
    """Position on the implementation cycle and the next actions, best first."""
    with cli_session(as_user) as session:
        from nucsec.improvement import scenarios
        from nucsec.improvement.service import roadmap as build_roadmap

        doc = build_roadmap(session=session, state_code=state, today=date.today(), limit=limit)
        if with_scenarios:
            doc["scenarios"] = scenarios.for_state(
                session=session, state_code=state, today=date.today()
            )["scenarios"]
    if fmt is OutputFormat.json:
        print_json(doc)
        return
    pos = doc["position"]
    console.print(
        f"[bold]{doc['state']}[/bold] is at {pos['step']} {pos['title']}: {pos['reason']}"
    )
    print_table(
        "Next actions",
        ["Item", "Action", "Why", "Status", "Owner", "Target"],
        [
            (g["item"], g["title"], g["reason"], g["status"], g["owner"], g["target_date"])
            for g in doc["next_actions"]
        ],
    )
    if with_scenarios:
        print_table(
            "Scenarios: what would raise the indices most",
            ["Actions", "Overall gain", "Confidence gain"],
            [
                (
                    ", ".join(f"{i['action']} {i['item']}" for i in s["items"]),
                    s["gain"]["overall"],
                    s["gain"]["confidence"],
                )
                for s in doc["scenarios"]
            ],
        )
    if doc["overdue"]:
        print_table(
            "Overdue",
            ["Item", "Owner", "Target"],
            [(g["item"], g["owner"], g["target_date"]) for g in doc["overdue"]],
        )


def approve(
    state: Annotated[str, typer.Option("--state")],
    assessment: Annotated[int, typer.Option("--assessment")],
    note: Annotated[str | None, typer.Option("--note")] = None,
    as_user: AsUser = None,
) -> None:
    """Approve an assessment's figures for publication (they become PUBLIC, frozen)."""
    with cli_session(as_user) as session:
        release = figures.approve(
            session=session, state_code=state, assessment_id=assessment, note=note
        )
        console.print(
            f"figures of assessment {assessment} approved for publication (release {release.id})"
        )


def check(
    state: Annotated[str, typer.Option("--state", help="State code, e.g. XD.")],
    fmt: Fmt = OutputFormat.table,
    as_user: AsUser = None,
) -> None:
    """Contradictions between the latest assessment and the records, with the records behind
    each (done in the records but not in the assessment, sustained without verification,
    demonstrated without evidence)."""
    with cli_session(as_user) as session:
        from nucsec.improvement import service as improvement

        doc = improvement.check(session=session, state_code=state, today=date.today())
    if fmt is OutputFormat.json:
        print_json(doc)
        return
    if not doc["issues"]:
        console.print(f"[bold]{doc['state']}[/bold]: the assessment agrees with the records.")
        return
    print_table(
        f"{doc['state']}: {len(doc['issues'])} contradiction(s) with the records",
        ["Item", "Kind", "Detail", "Records", "Fix"],
        [
            (
                i["item"],
                i["kind"].replace("_", " "),
                i["detail"],
                ", ".join(_record(r) for r in i["records"]) or "—",
                ", ".join(f"{k}={v}" for k, v in (i["fix"] or {}).items()) or "—",
            )
            for i in doc["issues"]
        ],
    )


def _record(r: dict) -> str:
    if r.get("type") == "evidence":
        return f"{r['ref']} ({r['label']})"
    if r.get("type") == "finding":
        return f"finding {r['ref']}"
    return f"{r.get('type')} {r.get('kind')} {r.get('date')}"
