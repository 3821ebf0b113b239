"""Who is acting: the identity every session carries, for visibility rules and the audit log."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from enum import StrEnum

from nucsec.access.labels import Label
from nucsec.errors import Invalid


class Role(StrEnum):
    admin = "admin"
    coordinator = "coordinator"
    contributor = "contributor"
    reviewer = "reviewer"
    viewer = "viewer"
    analyst = "analyst"
    """Judges states from the outside, from what they publish: PUBLIC clearance only."""


class Permission(StrEnum):
    manage_users = "manage_users"
    read_audit = "read_audit"
    write_states = "write_states"
    write_records = "write_records"
    verify = "verify"
    approve = "approve"
    publish_figures = "publish_figures"
    write_external = "write_external"
    """Record external assessments and PUBLIC evidence (an analyst's judgements)."""


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.admin: frozenset(Permission),
    Role.coordinator: frozenset(
        {
            Permission.write_states,
            Permission.write_records,
            Permission.read_audit,
            Permission.publish_figures,
        }
    ),
    Role.contributor: frozenset({Permission.write_records}),
    Role.reviewer: frozenset({Permission.verify, Permission.approve}),
    Role.viewer: frozenset(),
    Role.analyst: frozenset({Permission.write_external}),
}

MAX_CLEARANCE: dict[Role, Label] = {Role.analyst: Label.PUBLIC}
"""Roles that may never hold a higher clearance: an analyst works from what states publish."""


def check_clearance(role: Role, clearance: Label) -> None:
    """Refuse a clearance above what the role may hold (one line, for every interface)."""
    ceiling = MAX_CLEARANCE.get(role)
    if ceiling is not None and not ceiling.allows(clearance):
        raise Invalid(f"clearance: the {role} role is cleared to {ceiling} only, not {clearance}")


@dataclass(frozen=True)
class Principal:
    """An authenticated user, the CLI operator, or the PUBLIC identity of public outputs."""

    username: str
    role: Role
    clearance: Label
    user_id: int | None = None
    agency: str | None = None
    origin: str | None = None
    """Who really acted when it is not `username`: the OS user behind a CLI `--as USER`."""

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def may_see(self, label: Label | str) -> bool:
        return self.clearance.allows(label)


SYSTEM = Principal("system", Role.admin, Label.SENSITIVE)
"""nucsec itself (migrations, demo loading)."""

PUBLIC = Principal("public", Role.viewer, Label.PUBLIC)
"""The identity that builds public outputs: it cannot read anything above PUBLIC."""


def cli_principal() -> Principal:
    """The operator at the server's command line: full clearance, audited under their OS name."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "unknown"
    return Principal(f"cli:{name}", Role.admin, Label.SENSITIVE, origin=f"cli:{name}")
