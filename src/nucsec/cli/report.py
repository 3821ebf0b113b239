"""`nucsec report`: generate reports in any format, and release the published ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from nucsec.cli.output import OutputFormat, console, print_json, print_table

# The database, the ORM and the report services are imported by each command as it runs, not
# with this module: a PDF command first starts the helper that loads WeasyPrint meanwhile.

app = typer.Typer(
    help="Reports: public, consolidated, 1540 matrix, CPPNM Art. 14, legal framework, internal; "
    "releases.",
    no_args_is_help=True,
)

AsUser = Annotated[str | None, typer.Option("--as", help="Act as this user (their clearance).")]


def _principal(as_user: str | None):
    from nucsec.access.visibility import principal_of
    from nucsec.cli.context import cli_session

    with cli_session(as_user) as session:
        return principal_of(session)


def _write(path: Path, content: bytes) -> None:
    """Write atomically: a half-written report is never left behind."""
    from nucsec.cli.files import write_output

    write_output(path, content)


def _generate(
    kind: str,
    state: str,
    fmt: str,
    output: Path | None,
    as_user: str | None,
    **options: str | None,
) -> None:
    from nucsec.reports import layout_process

    if fmt == "pdf":  # WeasyPrint loads in a helper process (a core idle) while this one reads
        layout_process.start()
    try:
        from nucsec.cli.context import ready_engine
        from nucsec.config import get_settings
        from nucsec.reports import service
        from nucsec.reports.renderers import RENDERERS, keep_pdfs_in

        # A PDF of the same HTML is the same file: the next command reuses it instead of
        # laying the report out again (a second per PDF), kept beside the database.
        keep_pdfs_in(get_settings().data_dir / "cache" / "pdf")
        report, content = service.generate(
            engine=ready_engine(),
            kind=kind,
            state_code=state,
            fmt=fmt,
            principal=_principal(as_user),
            today=date.today(),
            **options,
        )
    finally:  # a refused request or a kept PDF leaves the helper unused
        layout_process.discard()
    if output is None:
        output = Path(f"{kind}-{report.state_code}.{RENDERERS[fmt].extension}")
    _write(output, content)
    console.print(f"wrote {output} ({report.label}, {len(content)} bytes)")


StateOpt = Annotated[str, typer.Option("--state", help="State code, e.g. XD.")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="html, md, pdf, docx or json.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o")]
LevelOpt = Annotated[
    str | None,
    typer.Option(
        "--level",
        help="Release level: PUBLIC (to publish) or OFFICIAL (to share in confidence); "
        "default: your clearance.",
    ),
]


def _command(kind: str, doc: str):
    def command(
        state: StateOpt,
        fmt: FormatOpt = "pdf",
        output: OutputOpt = None,
        as_user: AsUser = None,
    ) -> None:
        _generate(kind, state, fmt, output, as_user)

    command.__doc__ = doc
    return command


app.command("public")(
    _command("public", "The public confidence-building report (built as PUBLIC, whoever asks).")
)


@app.command("consolidated")
def consolidated(
    state: StateOpt,
    fmt: FormatOpt = "pdf",
    output: OutputOpt = None,
    level: LevelOpt = None,
    as_user: AsUser = None,
) -> None:
    """The consolidated national report (sections after the CNNSR's idea), at a release level."""
    _generate("consolidated", state, fmt, output, as_user, level=level)


@app.command("legal-framework")
def legal_framework(
    state: StateOpt,
    pack: Annotated[
        str, typer.Option("--pack", help="Requirement pack: cppnm or unscr1540.")
    ] = "cppnm",
    fmt: FormatOpt = "pdf",
    output: OutputOpt = None,
    level: LevelOpt = None,
    as_user: AsUser = None,
) -> None:
    """The M-REG-04 legal-framework report: each requirement, the provisions, the gaps."""
    _generate("legal-framework", state, fmt, output, as_user, level=level, pack=pack)


app.command("matrix")(
    _command("matrix", "The UNSCR 1540 matrix (nuclear column), at your clearance.")
)
app.command("cppnm14")(
    _command("cppnm14", "The CPPNM Article 14 report (laws, prosecutions, points of contact).")
)
app.command("internal")(_command("internal", "The internal status report: everything you may see."))


@app.command("release")
def release(
    kind: Annotated[str, typer.Argument(help="public or consolidated.")],
    state: Annotated[str, typer.Option("--state")],
    level: LevelOpt = None,
    as_user: AsUser = None,
) -> None:
    """Approve a report for publication (reviewers): files are rendered, hashed and kept."""
    from nucsec.cli.context import cli_session, ready_engine
    from nucsec.reports import service

    engine = ready_engine()
    with cli_session(as_user) as session:
        row = service.release(
            session=session,
            engine=engine,
            kind=kind,
            state_code=state,
            today=date.today(),
            level=level,
        )
        files = service.files_of(session=session, release_id=row.id)
        console.print(f"release {row.id} of the {kind} report (level {row.level}, {row.label}):")
        for f in files:
            console.print(f"  {f.format:5} {f.size:>8} bytes  sha256 {f.sha256}")
        from nucsec.publishing import service as publishing

        signed = publishing.signature_of(session=session, release_id=row.id)
        console.print(
            f"  manifest signed by {signed.fingerprint}"
            if signed.signature
            else "  manifest not signed: no signing key (create one with `nucsec keys generate`)",
            markup=False,
            highlight=False,
        )
        for change in row.changes[:20]:
            console.print(f"  {change}", markup=False)


@app.command("releases")
def releases(
    state: Annotated[str, typer.Option("--state")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
    as_user: AsUser = None,
) -> None:
    """List the releases you may see."""
    from nucsec.cli.context import cli_session
    from nucsec.reports import service

    with cli_session(as_user) as session:
        rows = [
            r.model_dump(mode="json")
            for r in service.list_releases(session=session, state_code=state)
        ]
    if fmt is OutputFormat.json:
        print_json(rows)
        return
    print_table(
        "Releases",
        ["ID", "Kind", "Label", "Approved by", "At", "Changes"],
        [
            (
                r["id"],
                r["kind"],
                r["label"],
                r["approved_by"],
                r["approved_at"][:16],
                len(r["changes"]),
            )
            for r in rows
        ],
    )


@app.command("narrative")
def narrative(
    section: Annotated[str, typer.Argument(help="Section ID (see `nucsec report sections`).")],
    state: StateOpt,
    text: Annotated[str | None, typer.Option("--text", help="The narrative.")] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Read the narrative from a file.")
    ] = None,
    label: Annotated[
        str, typer.Option("--label", help="PUBLIC, OFFICIAL or SENSITIVE.")
    ] = "OFFICIAL",
    as_user: AsUser = None,
) -> None:
    """Set the coordinator's narrative of a consolidated-report section, at a label."""
    from nucsec.cli.context import cli_session
    from nucsec.errors import Invalid
    from nucsec.filerows import read_text
    from nucsec.reports import narratives

    if (text is None) == (file is None):
        raise Invalid("give the narrative with --text or --file (one of them)")
    body = text if text is not None else read_text(file)  # type: ignore[arg-type]
    with cli_session(as_user) as session:
        row = narratives.set_narrative(
            session=session, state_code=state, section=section, text=body, label=label
        )
        console.print(f"narrative of {row.section} set at {row.label} for {state.upper()}")


@app.command("sections")
def sections(
    check: Annotated[
        Path | None, typer.Option("--check", help="Validate an edited sections pack.")
    ] = None,
    install: Annotated[
        Path | None,
        typer.Option("--install", help="Validate an edited sections pack and use it from now on."),
    ] = None,
    state: Annotated[str | None, typer.Option("--state", help="Show its narratives.")] = None,
    as_user: AsUser = None,
) -> None:
    """The consolidated report's sections (by subject) and the narratives you may see."""
    from nucsec.cli.context import cli_session
    from nucsec.filerows import read_text
    from nucsec.reports import narratives
    from nucsec.reports.sections import consolidated_sections, edited_pack_path, load_sections

    if install:
        text = read_text(install)
        load_sections(text, install.name)  # refused whole, with one line per fault
        target = edited_pack_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, text.encode("utf-8"))
        console.print(f"{install}: valid; the consolidated report now uses {target}")
    pack = load_sections(read_text(check), check.name) if check else consolidated_sections()
    written: dict[str, list[Any]] = {}
    if state:
        with cli_session(as_user) as session:
            written = {
                k: [f"{n.label}: {n.text[:60]}" for n in v]
                for k, v in narratives.narratives(session=session, state_code=state).items()
            }
    print_table(
        f"{pack.pack.title} — sections ({pack.pack.id} {pack.pack.version})",
        ["Subject", "Section", "Title", "Covers", "Narratives"],
        [
            (
                subject.id,
                s.id,
                s.title,
                "; ".join(f"{k}: {len(v)}" for k, v in s.covers.items()),
                " | ".join(written.get(s.id, [])),
            )
            for subject in pack.subjects
            for s in subject.sections
        ],
    )
    if check:
        console.print(f"{check}: valid")
