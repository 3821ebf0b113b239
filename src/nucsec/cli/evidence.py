"""`nucsec evidence`: record and list the evidence of a state."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from nucsec.access.labels import Label
from nucsec.cli.context import cli_session
from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.config import get_settings
from nucsec.errors import Invalid
from nucsec.evidence import service
from nucsec.evidence.models import EvidenceFile
from nucsec.evidence.schemas import EvidenceCreate, EvidencePublic
from nucsec.paging import MAX_LIMIT, PageParams
from nucsec.validation import parse

app = typer.Typer(
    help="Evidence: laws, regulations, reports, training records …", no_args_is_help=True
)


@app.command("add")
def add(
    state: Annotated[str, typer.Option("--state")],
    title: Annotated[
        str | None, typer.Option("--title", help="Defaults to the file's own title.")
    ] = None,
    kind: Annotated[str, typer.Option("--kind", help="law, regulation, annual_report …")] = "other",
    publisher: Annotated[str | None, typer.Option("--publisher")] = None,
    published: Annotated[str | None, typer.Option("--published", help="YYYY-MM-DD.")] = None,
    url: Annotated[str | None, typer.Option("--url")] = None,
    summary: Annotated[str | None, typer.Option("--summary")] = None,
    label: Annotated[Label, typer.Option("--label")] = Label.OFFICIAL,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="A PDF, DOCX, HTML, text or image file to store with it."),
    ] = None,
) -> None:
    """Record a piece of evidence, with a file if given; prints its reference (EV-0001 …).

    A file that cannot be read (broken, encrypted, empty, too large, not what its name says)
    is refused and the record is not made either."""
    content = _read(file) if file else None
    if title is None and file is None:
        raise Invalid("--title: give a title (or a --file to take it from)")
    data = parse(
        EvidenceCreate,
        {
            "title": title or "untitled",
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
        if file is not None and content is not None:
            stored = _attach(session, state, record.ref, file, content)
            if title is None:
                record.title = stored.title
                session.flush()
        console.print(f"recorded {record.ref}: {record.title} ({record.label})")
        if file is not None and content is not None:
            console.print(f"stored {file.name}: {_describe(session, state, record.ref, stored)}")


@app.command("attach")
def attach(
    ref: Annotated[str, typer.Argument(help="The record, e.g. EV-0003.")],
    state: Annotated[str, typer.Option("--state")],
    file: Annotated[Path, typer.Option("--file", help="The file to store with the record.")],
) -> None:
    """Store a file with an existing record; its text is read into searchable passages."""
    content = _read(file)
    with cli_session() as session:
        stored = _attach(session, state, ref, file, content)
        console.print(f"stored {file.name} with {ref}: {_describe(session, state, ref, stored)}")


@app.command("search")
def search_(
    text: Annotated[str, typer.Argument(help="Words to find (every one must occur).")],
    state: Annotated[str, typer.Option("--state")],
    kind: Annotated[str | None, typer.Option("--kind")] = None,
    label: Annotated[Label | None, typer.Option("--label")] = None,
    item: Annotated[str | None, typer.Option("--item", help="Linked to this item.")] = None,
    published_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD.")] = None,
    published_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=MAX_LIMIT)] = 20,
    page: Annotated[int, typer.Option("--page", min=1)] = 1,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    as_user: Annotated[str | None, typer.Option("--as")] = None,
) -> None:
    """Search a state's evidence you may see: titles, publishers, summaries and stored files."""
    from nucsec.evidence import search

    filters = search.Filters(
        kind=kind,
        label=label,
        item=item,
        published_from=_date(published_from, "--from"),
        published_to=_date(published_to, "--to"),
    )
    with cli_session(as_user) as session:
        found = search.search(
            session=session,
            state_code=state,
            text=text,
            filters=filters,
            page=PageParams(limit=limit, page=page),
        )
    if fmt is OutputFormat.json:
        print_json(found.model_dump(mode="json"))
        return
    print_table(
        f"Evidence of {state.upper()} matching {text!r}: {found.total} (page {found.page} of "
        f"{found.pages})",
        ["Ref", "Kind", "Title", "Label", "Where"],
        [
            (
                h.ref,
                h.kind,
                h.title,
                h.label,
                "\n".join(
                    f"{p.filename}{f' p. {p.page}' if p.page else ''}: {p.text}" for p in h.passages
                ),
            )
            for h in found.items
        ],
    )


def _read(path: Path) -> bytes:
    """The file's bytes, reading at most one byte past the upload limit (so a huge file or a
    device is refused at once, by the ingestion's own size check)."""
    limit = get_settings().max_upload_bytes
    try:
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise Invalid(f"{path}: cannot read file: {exc.strerror or type(exc).__name__}") from exc


def _attach(session: Session, state: str, ref: str, path: Path, content: bytes) -> EvidenceFile:
    from nucsec.evidence.files import FileStore

    settings = get_settings()
    return service.attach(
        session=session,
        state_code=state,
        ref=ref,
        data=content,
        filename=path.name,
        store=FileStore.in_data_dir(settings.data_dir),
        max_bytes=settings.max_upload_bytes,
    )


def _describe(session: Session, state: str, ref: str, stored: EvidenceFile) -> str:
    files = service.list_files(session=session, state_code=state, ref=ref)
    info = next(f for f in files if f.sha256 == stored.sha256)
    pages = f", {info.pages} pages" if info.pages > 1 else ""
    return f"{info.media_type}, {info.size:,} bytes{pages}, {info.passages} passages"


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{option}: expected a date (YYYY-MM-DD), got {value!r}") from None


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
