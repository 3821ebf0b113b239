"""`nucsec user`: accounts, roles, clearances and API tokens."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from nucsec.access import service as access
from nucsec.access.labels import Label
from nucsec.access.principal import Role
from nucsec.access.schemas import UserCreate
from nucsec.cli.context import cli_session
from nucsec.cli.output import OutputFormat, console, print_json, print_table
from nucsec.errors import Invalid
from nucsec.validation import parse

app = typer.Typer(help="User accounts, roles, clearances and API tokens.", no_args_is_help=True)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise Invalid("password: nothing on standard input")
        return password
    return typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="User name (letters, digits, . _ -).")],
    role: Annotated[Role, typer.Option("--role")],
    clearance: Annotated[Label, typer.Option("--clearance")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    agency: Annotated[
        str | None, typer.Option("--agency", help="A contributor edits this agency's items.")
    ] = None,
) -> None:
    """Add a user; the password is prompted for (twice) unless --password-stdin."""
    password = _read_password(password_stdin)
    data = parse(
        UserCreate,
        {
            "username": name,
            "role": role,
            "clearance": clearance,
            "password": password,
            "agency": agency,
        },
    )
    with cli_session() as session:
        user = access.create_user(session=session, data=data)
        console.print(f"added {user.username} ({user.role}, cleared {user.clearance})")


@app.command("list")
def list_(
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.table,
) -> None:
    """List users with their role, clearance and status."""
    with cli_session() as session:
        users = access.list_users(session=session).items
    if fmt is OutputFormat.json:
        print_json([u.model_dump(mode="json") for u in users])
        return
    print_table(
        "Users",
        ["User", "Role", "Clearance", "Agency", "Status", "Created"],
        [
            (
                u.username,
                u.role.value,
                u.clearance.value,
                u.agency,
                "disabled" if u.disabled else "active",
                u.created_at.date(),
            )
            for u in users
        ],
    )


@app.command("disable")
def disable(name: str) -> None:
    """Disable a user: they can no longer sign in; their sessions and API tokens end."""
    with cli_session() as session:
        access.set_disabled(session=session, username=name, disabled=True)
    console.print(f"disabled {name.lower()}")


@app.command("enable")
def enable(name: str) -> None:
    """Enable a disabled user again (their old sessions and API tokens stay ended)."""
    with cli_session() as session:
        access.set_disabled(session=session, username=name, disabled=False)
    console.print(f"enabled {name.lower()}")


@app.command("set")
def set_(
    name: str,
    role: Annotated[Role | None, typer.Option("--role")] = None,
    clearance: Annotated[Label | None, typer.Option("--clearance")] = None,
) -> None:
    """Change a user's role or clearance; their sessions and tokens end."""
    if role is None and clearance is None:
        raise Invalid("nothing to change: give --role or --clearance")
    with cli_session() as session:
        user = access.set_access(session=session, username=name, role=role, clearance=clearance)
        console.print(f"{user.username}: {user.role}, cleared {user.clearance}")


@app.command("password")
def password(
    name: str,
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
) -> None:
    """Set a user's password; their sessions and tokens end."""
    new = _read_password(password_stdin)
    with cli_session() as session:
        access.set_password(session=session, username=name, password=new)
    console.print(f"password changed for {name.lower()}")


@app.command("token")
def token(
    name: str,
    label: Annotated[str, typer.Option("--name", help="What the token is for.")] = "cli",
) -> None:
    """Create a long-lived API token for a user. It is printed once; only its hash is kept."""
    with cli_session() as session:
        value = access.create_api_token(session=session, username=name, name=label)
    sys.stdout.write(value + "\n")
