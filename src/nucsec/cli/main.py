"""Entry point of the `nucsec` command: wires the command groups and turns errors into one line."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from nucsec.cli.output import console, err_console
from nucsec.errors import NucsecError

# Every command module, imported only when its command runs (or help lists it): importing them
# all costs about two seconds (reports load WeasyPrint, the web app FastAPI) that `--version`
# and a one-line read should not pay. name -> (module, attribute: a Typer app or a function).
COMMANDS: dict[str, tuple[str, str]] = {
    "catalogue": ("nucsec.cli.catalogue", "app"),
    "state": ("nucsec.cli.state", "app"),
    "user": ("nucsec.cli.user", "app"),
    "audit": ("nucsec.cli.audit", "app"),
    "assess": ("nucsec.cli.assess", "app"),
    "evidence": ("nucsec.cli.evidence", "app"),
    "review": ("nucsec.cli.review", "review_app"),
    "report": ("nucsec.cli.report", "app"),
    "export": ("nucsec.cli.export", "app"),
    "competence": ("nucsec.cli.competence", "competence_app"),
    "cooperation": ("nucsec.cli.competence", "cooperation_app"),
    "backup": ("nucsec.cli.backup", "backup"),
    "restore": ("nucsec.cli.backup", "restore"),
    "finding": ("nucsec.cli.review", "finding_app"),
    "findings": ("nucsec.cli.review", "findings_app"),
    "score": ("nucsec.cli.figures", "score"),
    "roadmap": ("nucsec.cli.figures", "roadmap"),
    "check": ("nucsec.cli.figures", "check"),
    "publish-figures": ("nucsec.cli.figures", "approve"),
    "keys": ("nucsec.cli.keys", "app"),
    "verify": ("nucsec.cli.publish", "verify"),
    "publish-site": ("nucsec.cli.publish", "publish_site"),
    "legal": ("nucsec.cli.legal", "app"),
    "compare": ("nucsec.cli.compare", "compare"),
    "workspace": ("nucsec.cli.workspace", "app"),
}


def load_command(name: str) -> Any:
    """The click command of `name`, importing its module now."""
    module, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    command: Any
    if isinstance(target, typer.Typer):
        command = typer.main.get_group(target)
    else:  # a plain function: wrap it as a one-command app
        single = typer.Typer()
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    """The root group: lists every command, imports a command's module on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.commands, *(n for n in COMMANDS if n not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = load_command(cmd_name)
        return self.commands.get(cmd_name)


app = typer.Typer(
    name="nucsec",
    cls=LazyGroup,
    help="Implement the INFCIRC/869 Joint Statement on nuclear security, and demonstrate it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from nucsec import __version__

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
    from sqlalchemy.engine import make_url

    from nucsec.access.principal import cli_principal
    from nucsec.catalogue import default_pack
    from nucsec.catalogue.service import register_pack
    from nucsec.cli.context import current_revision, raw_engine
    from nucsec.db import migrate, transaction

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
    from nucsec.cli.context import cli_session
    from nucsec.config import get_settings
    from nucsec.demo import load_demo
    from nucsec.evidence.files import FileStore

    store = FileStore.in_data_dir(get_settings().data_dir)
    with cli_session() as session:
        created = load_demo(session=session, store=store)
    console.print("demo data: " + (", ".join(created) if created else "already loaded"))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (more than one needs PostgreSQL).")
    ] = 1,
    forwarded_allow_ips: Annotated[
        str,
        typer.Option(
            help="Addresses of the reverse proxies whose X-Forwarded-For is believed (comma-"
            "separated, or * behind a private network); the login throttle then counts the "
            "client's address, not the proxy's. Any other sender's header is ignored."
        ),
    ] = "127.0.0.1",
) -> None:
    """Serve the web application and the JSON API."""
    import uvicorn

    from nucsec.cli.context import ready_engine
    from nucsec.config import get_settings

    engine = ready_engine()
    if workers > 1 and engine.dialect.name == "sqlite":
        raise NucsecError(
            "--workers needs PostgreSQL: SQLite takes one writer at a time, so more processes "
            "would only queue on its lock (set NUCSEC_DATABASE_URL)"
        )
    get_settings().resolved_secret_key  # noqa: B018  (made once here, not raced by the workers)
    uvicorn.run(
        "nucsec.web.app:create_server_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )


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
    except Exception as exc:
        if not _is_database_error(exc):
            raise
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        err_console.print(f"error: database: {reason}", markup=False, soft_wrap=True)
        return 1
    return result if isinstance(result, int) else 0


def _is_database_error(exc: Exception) -> bool:
    """Whether `exc` is SQLAlchemy's, without importing SQLAlchemy for commands that never did."""
    errors = sys.modules.get("sqlalchemy.exc")
    return errors is not None and isinstance(exc, errors.SQLAlchemyError)


def run() -> None:
    sys.exit(main())
