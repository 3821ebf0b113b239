"""`nucsec export`: open formats other tools read (OSCAL for compliance tooling)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.orm import Session

from nucsec.access.audit import record_event
from nucsec.access.principal import PUBLIC, cli_principal
from nucsec.access.visibility import principal_of
from nucsec.cli.context import cli_session, ready_engine
from nucsec.cli.output import console
from nucsec.db import transaction
from nucsec.errors import NucsecError

app = typer.Typer(help="Open exports.", no_args_is_help=True)


@contextmanager
def _session(as_user: str | None, public: bool) -> Iterator[Session]:
    """PUBLIC builds with the PUBLIC principal, so the visibility rule itself guarantees the
    files hold nothing above PUBLIC (not a filter we could get wrong)."""
    if public and as_user:
        raise NucsecError("use --public or --as, not both")
    if public:
        with transaction(ready_engine(), PUBLIC) as session:
            yield session
    else:
        with cli_session(as_user) as session:
            yield session


@app.command("oscal")
def oscal(
    state: Annotated[str, typer.Option("--state", help="State code, e.g. XD.")],
    out_dir: Annotated[
        Path, typer.Option("--output", "-o", help="Directory to write the files into.")
    ],
    as_user: Annotated[
        str | None, typer.Option("--as", help="Act as this user (their clearance).")
    ] = None,
    public: Annotated[
        bool, typer.Option("--public", help="Build as the PUBLIC identity: public data only.")
    ] = False,
) -> None:
    """Write the catalog, the latest assessment's results and the POA&M as OSCAL JSON."""
    from nucsec.reports.oscal import export

    with _session(as_user, public) as session:
        paths = export(session, state, out_dir)
        principal = principal_of(session)
        by = f" by {cli_principal().username}" if public else ""
        record_event(
            session,
            action="export",
            object_type="oscal",
            object_id=state.strip().upper(),
            detail=f"{', '.join(p.name for p in paths)} at {principal.clearance}{by}",
        )
    for path in paths:
        console.print(str(path), markup=False, highlight=False, soft_wrap=True)
