"""`nucsec evidence map FILE`: propose the framework items each passage of a document evidences."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from nucsec.cli.output import OutputFormat, err_console, print_json, print_table
from nucsec.config import get_settings
from nucsec.errors import Invalid

LONG = 64
"""Passages from which a progress bar is shown (on stderr: JSON output stays clean)."""


def map_file(
    file: Annotated[Path, typer.Argument(help="A report: PDF, DOCX, HTML or plain text.")],
    top: Annotated[int, typer.Option("--top", min=1, max=10, help="Items per passage.")] = 3,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """Split a document into passages and propose, for each, the items it evidences."""
    from nucsec.evidence.ingest import read_document
    from nucsec.evidence.mapping import default_mapper

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise Invalid(f"{file}: cannot read ({exc.strerror or exc})") from None
    document = read_document(data, filename=file.name, max_bytes=get_settings().max_upload_bytes)
    passages = [(p.page, p.text) for p in document.passages]
    mapper = default_mapper()
    if mapper.notice:
        err_console.print(f"note: {mapper.notice}")
    if len(passages) >= LONG:
        with Progress(
            TextColumn("mapping"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err_console,
            transient=True,
        ) as bar:
            task = bar.add_task("map", total=len(passages))
            results = mapper.map(passages, top=top, progress=lambda n: bar.advance(task, n))
    else:
        results = mapper.map(passages, top=top)
    found = [r for r in results if r.matches]
    if fmt is OutputFormat.json:
        print_json(
            {
                "document": document.title,
                "media_type": document.media_type,
                "pages": document.pages,
                "method": mapper.method,
                "passages": [r.as_json() for r in found],
            }
        )
        return
    print_table(
        f"{document.title}: {len(found)} of {len(results)} passages evidence an item "
        f"({mapper.method})",
        ["Page", "Passage", "Item", "Score", "Why"],
        [
            (
                r.page if n == 0 else "",
                _short(r.text) if n == 0 else "",
                m.item,
                f"{m.score:.2f}",
                ", ".join(str(w) for w in m.why["words"]),  # type: ignore[attr-defined]
            )
            for r in found
            for n, m in enumerate(r.matches)
        ],
    )


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
