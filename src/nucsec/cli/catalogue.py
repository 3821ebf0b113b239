"""`nucsec catalogue`: show and validate framework packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nucsec.catalogue import default_pack, load_pack
from nucsec.catalogue.export import pack_document
from nucsec.cli.output import OutputFormat, console, print_json, print_table

app = typer.Typer(help="Browse and check the framework packs.", no_args_is_help=True)


@app.command("show")
def show(
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    pack_file: Annotated[
        Path | None, typer.Option("--pack", help="A pack file instead of the shipped one.")
    ] = None,
) -> None:
    """Print the framework: commitments, elements, actions, cycle, measures and channels."""
    pack = load_pack(pack_file) if pack_file else default_pack()
    doc = pack_document(pack)
    if fmt is OutputFormat.json:
        print_json(doc)
        return
    info = doc["framework"]
    console.print(f"[bold]{info['title']}[/bold]  (pack {info['id']}, version {info['version']})")
    print_table(
        "Commitments",
        ["ID", "Title", "References", "Implementation actions", "Optional actions"],
        [
            (
                c["id"],
                c["title"],
                c["references"],
                c["implementation_actions"],
                c["optional_actions"],
            )
            for c in doc["commitments"]
        ],
    )
    print_table(
        "Essential elements (NSS 20)",
        ["ID", "Title"],
        [(e["id"], e["title"]) for e in doc["elements"]],
    )
    print_table(
        "Implementation actions",
        ["ID", "Commitment", "Title", "Elements"],
        [
            (a["id"], a["commitment"], a["title"], a["elements"])
            for a in doc["implementation_actions"]
        ],
    )
    print_table(
        "Optional proposed actions",
        ["ID", "Title", "Commitments", "Elements"],
        [(a["id"], a["title"], a["commitments"], a["elements"]) for a in doc["optional_actions"]],
    )
    print_table(
        "Implementation cycle",
        ["ID", "Step", "Commitments", "Next", "Start for"],
        [(s["id"], s["title"], s["commitments"], s["next"], s["start_for"]) for s in doc["cycle"]],
    )
    print_table(
        "Confidence-building measures",
        ["ID", "Area", "Title", "Commitments", "Channels"],
        [
            (m["id"], m["area_title"], m["title"], m["commitments"], m["channels"])
            for m in doc["measures"]
        ],
    )
    print_table(
        "Reporting channels", ["ID", "Title"], [(c["id"], c["title"]) for c in doc["channels"]]
    )
    print_table(
        "References, services and bodies",
        ["ID", "Kind", "Title"],
        [(r["id"], r["kind"], r["title"]) for r in doc["references"]],
    )


@app.command("validate")
def validate(file: Annotated[Path, typer.Argument(help="A pack YAML file.")]) -> None:
    """Check a pack file: shape, unique IDs and every cross-reference. Exit 1 on any problem."""
    pack = load_pack(file)
    counts = ", ".join(
        f"{len(getattr(pack, s))} {s.replace('_', ' ')}"
        for s in (
            "commitments",
            "elements",
            "optional_actions",
            "implementation_actions",
            "cycle",
            "measures",
            "channels",
        )
    )
    console.print(f"{file}: valid pack {pack.framework.id} {pack.framework.version} ({counts})")
