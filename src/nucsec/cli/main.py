"""Entry point of the `nucsec` command: wires the command groups and turns errors into one line."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from nucsec import __version__
from nucsec.access.principal import cli_principal
from nucsec.catalogue import default_pack
from nucsec.catalogue.service import register_pack
from nucsec.cli import (
    assess,
    audit,
    backup,
    catalogue,
    competence,
    evidence,
    export,
    figures,
    report,
    review,
    state,
    user,
)
from nucsec.cli.context import cli_session, current_revision, raw_engine, ready_engine
from nucsec.cli.output import console, err_console
from nucsec.db import migrate, transaction
from nucsec.errors import NucsecError

app = typer.Typer(
    name="nucsec",
    help="Implement the INFCIRC/869 Joint Statement on nuclear security, and demonstrate it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(catalogue.app, name="catalogue")
app.add_typer(state.app, name="state")
app.add_typer(user.app, name="user")
app.add_typer(audit.app, name="audit")
app.add_typer(assess.app, name="assess")
app.add_typer(evidence.app, name="evidence")
app.add_typer(review.review_app, name="review")
app.add_typer(report.app, name="report")
app.add_typer(export.app, name="export")
app.add_typer(competence.competence_app, name="competence")
app.add_typer(competence.cooperation_app, name="cooperation")
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)
app.add_typer(review.finding_app, name="finding")
app.add_typer(review.findings_app, name="findings")
app.command("score")(figures.score)
app.command("roadmap")(figures.roadmap)
app.command("publish-figures")(figures.approve)


def _version(value: bool) -> None:
    if value:
        console.print(f"nucsec {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """nucsec: one source of truth for implementing and demonstrating INFCIRC/869."""


@app.command()
def init() -> None:
    """Create or migrate the database and load the framework pack (safe to run again)."""
    engine = raw_engine()
    migrate(engine)
    with transaction(engine, cli_principal()) as session:
        version = register_pack(session=session, pack=default_pack())
    url = make_url(str(engine.url)).render_as_string(hide_password=True)
    console.print(
        f"database ready: {url} (schema {current_revision(engine)}, "
        f"framework {version.pack_id} {version.version})"
    )


@app.command()
def demo() -> None:
    """Load the demo state, Demoland (XD); records that already exist are left alone."""
    from nucsec.demo import load_demo

    with cli_session() as session:
        created = load_demo(session=session)
    console.print("demo data: " + (", ".join(created) if created else "already loaded"))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Serve the web application and the JSON API."""
    import uvicorn

    from nucsec.web.app import create_app

    ready_engine()
    uvicorn.run(create_app(), host=host, port=port, log_level="info")


def main(args: list[str] | None = None) -> int:
    """Run the CLI; every expected failure is one line on stderr and a non-zero exit code."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="nucsec", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err_console.print("error: aborted", markup=False)
        return 1
    except typer.TyperException as exc:  # usage errors: unknown option, bad choice, missing file
        if type(exc).__name__ == "NoArgsIsHelpError":  # help was already printed
            return 0
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        err_console.print(
            f"error: {message.replace('Value error, ', '')}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        return getattr(exc, "exit_code", 2)
    except NucsecError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        return 1
    except OSError as exc:  # a file or folder the command could not use
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        reason = exc.strerror or exc.__class__.__name__
        err_console.print(f"error: {where}{reason}", markup=False, highlight=False, soft_wrap=True)
        return 1
    except SQLAlchemyError as exc:
        reason = str(exc.orig if getattr(exc, "orig", None) else exc).splitlines()[0]
        err_console.print(f"error: database: {reason}", markup=False, soft_wrap=True)
        return 1
    return result if isinstance(result, int) else 0


def run() -> None:
    sys.exit(main())
