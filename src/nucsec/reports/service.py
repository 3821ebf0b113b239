"""Build, render, audit and release reports.

The public report is always built by the PUBLIC principal, whoever asks for it; the other
reports are built with the caller's own clearance and carry the highest label they contain.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from nucsec.access import audit
from nucsec.access.labels import Label
from nucsec.access.principal import PUBLIC, Permission, Principal
from nucsec.access.visibility import principal_of
from nucsec.catalogue import default_pack
from nucsec.db import transaction
from nucsec.errors import Conflict, Forbidden, Invalid, NotFound
from nucsec.reports.document import Report
from nucsec.reports.models import ReleaseFile, ReportRelease
from nucsec.reports.renderers import RENDERERS
from nucsec.reports.schemas import ReleaseFileInfo, ReleasePublic
from nucsec.states import service as states
from nucsec.validation import one_of

# Report kind -> (module, builder): each imported when its report is built, so a command that
# builds the public report does not load the others (the legal packs, the consolidated report's
# records) nor the publishing keys.
BUILDERS: dict[str, tuple[str, str]] = {
    "public": ("nucsec.reports.public", "public_report"),
    "consolidated": ("nucsec.reports.consolidated", "consolidated_report"),
    "matrix": ("nucsec.reports.matrix", "matrix_report"),
    "cppnm14": ("nucsec.reports.cppnm14", "cppnm14_report"),
    "legal-framework": ("nucsec.reports.legal_framework", "legal_framework_report"),
    "internal": ("nucsec.reports.internal", "internal_report"),
}


def builder(kind: str) -> Callable[..., Report]:
    check_kind(kind)
    module, name = BUILDERS[kind]
    built: Callable[..., Report] = getattr(importlib.import_module(module), name)
    return built


RELEASABLE = ("public", "consolidated")
RELEASE_FORMATS = ("pdf", "docx", "html", "md", "json")
# Release levels a report may be built at: PUBLIC to publish, OFFICIAL to share in confidence.
LEVELS = {"PUBLIC": Label.PUBLIC, "OFFICIAL": Label.OFFICIAL}
LEVELLED = ("consolidated", "legal-framework")


def check_kind(kind: str) -> None:
    if kind not in BUILDERS:
        raise Invalid(f"unknown report {kind!r}; use one of {', '.join(BUILDERS)}")


def check_format(fmt: str) -> None:
    if fmt not in RENDERERS:
        raise Invalid(f"unknown format {fmt!r}; use one of {', '.join(RENDERERS)}")


def at_level(principal: Principal, level: str | None) -> Principal:
    """The principal a report is built by at a release level: PUBLIC builds as PUBLIC, a higher
    level as the caller capped at it. Asking above one's clearance is refused, not capped."""
    if level is None:
        return principal
    wanted = one_of("release level", level, LEVELS)
    if not principal.may_see(wanted):
        raise Forbidden(f"your clearance ({principal.clearance}) does not reach {wanted}")
    if wanted is Label.PUBLIC:
        return PUBLIC
    return dataclasses.replace(principal, clearance=wanted)


def build(
    *,
    engine: Engine,
    kind: str,
    state_code: str,
    principal: Principal,
    today: date,
    level: str | None = None,
    pack: str | None = None,
) -> Report:
    """Assemble a report in its own read transaction, as the principal it must be built by."""
    check_kind(kind)
    if level is not None and kind not in LEVELLED:
        raise Invalid(f"--level applies to the {' and '.join(LEVELLED)} reports only")
    options = {}
    if pack is not None:
        if kind != "legal-framework":
            raise Invalid("--pack applies to the legal-framework report only")
        from nucsec.reports.legal_framework import requirement_pack

        options["pack"] = requirement_pack(pack).pack.id
    builder_principal = PUBLIC if kind == "public" else at_level(principal, level)
    with transaction(engine, builder_principal) as session:
        return builder(kind)(session=session, state_code=state_code, today=today, **options)


def render(report: Report, fmt: str) -> bytes:
    check_format(fmt)
    return RENDERERS[fmt].render(report)


def generate(
    *,
    engine: Engine,
    kind: str,
    state_code: str,
    fmt: str,
    principal: Principal,
    today: date,
    level: str | None = None,
    pack: str | None = None,
) -> tuple[Report, bytes]:
    """Build and render a report, and record the export in the audit log."""
    check_format(fmt)
    report = build(
        engine=engine,
        kind=kind,
        state_code=state_code,
        principal=principal,
        today=today,
        level=level,
        pack=pack,
    )
    content = render(report, fmt)
    with transaction(engine, principal) as session:
        audit.record_event(
            session,
            action="export",
            object_type="report",
            object_id=f"{kind}:{report.state_code}",
            detail=f"{fmt}, {report.label}, sha256 {hashlib.sha256(content).hexdigest()}",
        )
    return report, content


# --- releases ----------------------------------------------------------------------------------


def _flatten(document: dict[str, Any]) -> dict[str, str]:
    """Facts and table rows of a report document, keyed by where they stand."""
    flat: dict[str, str] = {}
    stack = [(s, s["title"]) for s in document.get("sections", [])]
    while stack:
        section, path = stack.pop()
        for block in section["blocks"]:
            if block["kind"] == "facts":
                for key, value in block["pairs"]:
                    flat[f"{path} › {key}"] = str(value)
            elif block["kind"] == "table":
                for row in block["rows"]:
                    flat[f"{path} › {' | '.join(str(c) for c in row[:2])}"] = " | ".join(
                        str(c) for c in row
                    )
        stack.extend((sub, f"{path} › {sub['title']}") for sub in section["sections"])
    return flat


def changes_between(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[str]:
    """What changed since the previous release: facts and rows added, removed or changed."""
    if previous is None:
        return ["first release"]
    old, new = _flatten(previous), _flatten(current)
    out = [
        f"changed: {k}: {old[k]} → {new[k]}"
        for k in sorted(new.keys() & old.keys())
        if old[k] != new[k]
    ]
    out += [f"added: {k}: {new[k]}" for k in sorted(new.keys() - old.keys())]
    out += [f"removed: {k}" for k in sorted(old.keys() - new.keys())]
    return out


def releases(*, session: Session, state_code: str, kind: str | None = None) -> list[ReportRelease]:
    state = states.get(session=session, code=state_code)
    query = select(ReportRelease).where(ReportRelease.state_id == state.id)
    if kind:
        query = query.where(ReportRelease.kind == kind)
    return list(session.scalars(query.order_by(ReportRelease.id)))


def release_level(kind: str, level: str | None) -> str | None:
    """The level a release of `kind` is asked at: the public report is PUBLIC whatever is asked
    (so None), the levelled ones PUBLIC or OFFICIAL."""
    if not level:
        return None
    wanted = one_of("release level", level[:20], LEVELS)
    if kind not in LEVELLED:
        if wanted is not Label.PUBLIC:
            raise Invalid(f"the {kind} report is released at PUBLIC only")
        return None
    return wanted.value


def pending_changes(
    *,
    session: Session,
    engine: Engine,
    kind: str,
    state_code: str,
    today: date,
    level: str | None = None,
) -> list[str]:
    """What a release made now would change since the last release at the same level (for the
    reviewer's check): an OFFICIAL release is compared with the last OFFICIAL one."""
    level = release_level(kind, level)
    builder = PUBLIC if kind == "public" else at_level(principal_of(session), level)
    report = build(engine=engine, kind=kind, state_code=state_code, principal=builder, today=today)
    previous = [
        r
        for r in releases(session=session, state_code=state_code, kind=kind)
        if r.level == builder.clearance.value
    ]
    return changes_between(previous[-1].document if previous else None, report.as_dict())


def release(
    *,
    session: Session,
    engine: Engine,
    kind: str,
    state_code: str,
    today: date,
    level: str | None = None,
    refuse_identical: bool = False,
) -> ReportRelease:
    """A reviewer approves a report for publication: its files are rendered and frozen.

    The release records its level: the one asked for, else the clearance it was built with.
    `refuse_identical` (the web's approval) refuses a release identical to the last one; the
    CLI may still re-release, e.g. to sign the same report with a rotated key."""
    principal = principal_of(session)
    if not principal.can(Permission.approve):
        raise Forbidden(f"your role ({principal.role}) may not approve publications")
    if kind not in RELEASABLE:
        raise Invalid(f"only {' and '.join(RELEASABLE)} reports are released")
    state = states.get(session=session, code=state_code)
    if level is not None and kind not in LEVELLED:
        raise Invalid(f"--level applies to the {' and '.join(LEVELLED)} reports only")
    builder = PUBLIC if kind == "public" else at_level(principal, level)
    report = build(engine=engine, kind=kind, state_code=state.code, principal=builder, today=today)
    document = report.as_dict()
    previous = [
        r
        for r in releases(session=session, state_code=state.code, kind=kind)
        if r.level == builder.clearance.value
    ]
    changes = changes_between(previous[-1].document if previous else None, document)
    if refuse_identical and not changes:
        raise Conflict(
            f"nothing changed since release {previous[-1].id}: an identical release is not made"
        )
    row = ReportRelease(
        state_id=state.id,
        kind=kind,
        approved_by=principal.username,
        document=document,
        label=report.label,
        level=builder.clearance.value,
        changes=changes,
    )
    session.add(row)
    session.flush()
    for fmt in RELEASE_FORMATS:
        content = render(report, fmt)
        session.add(
            ReleaseFile(
                release_id=row.id,
                format=fmt,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                label=report.label,
            )
        )
    session.flush()
    _sign(session=session, engine=engine, row=row, report=report, role=str(principal.role))
    return row


def _sign(
    *, session: Session, engine: Engine, row: ReportRelease, report: Report, role: str
) -> None:
    """Write the release's manifest and its detached signature (nucsec.publishing)."""
    from nucsec.publishing import manifest as manifests
    from nucsec.publishing import service as publishing

    facts = manifests.ReleaseFacts(
        state=report.state_code,
        state_name=report.state_name,
        report=row.kind,
        release=row.id,
        release_level=row.label,
        released_on=report.generated_on,
        approved_at=row.approved_at.isoformat(timespec="seconds"),
        approver_role=role,
        pack=report.framework,
        rules_version=default_pack().assessment.rules_version,
    )
    files = [
        (release_file_name(row=row, state_code=report.state_code, fmt=f.format), f.content)
        for f in session.scalars(select(ReleaseFile).where(ReleaseFile.release_id == row.id))
    ]
    publishing.sign_release(
        session=session, engine=engine, facts=facts, files=files, label=row.label
    )


def release_file_name(*, row: ReportRelease, state_code: str, fmt: str) -> str:
    """The name of a release's file in its manifest, its download and the static site."""
    from nucsec.publishing import manifest as manifests

    return manifests.file_name(
        kind=row.kind,
        state=state_code,
        release_id=row.id,
        extension=RENDERERS[fmt].extension,
    )


def release_file(*, session: Session, release_id: int, fmt: str) -> ReleaseFile:
    found = session.scalar(
        select(ReleaseFile).where(ReleaseFile.release_id == release_id, ReleaseFile.format == fmt)
    )
    if found is None:
        raise NotFound(f"no {fmt} file for release {release_id}")
    return found


def files_by_release(*, session: Session, release_ids: list[int]) -> dict[int, list[ReleaseFile]]:
    """The files of several releases in one query, without their bytes (hash and size only)."""
    found: dict[int, list[ReleaseFile]] = {r: [] for r in release_ids}
    if release_ids:
        for row in session.scalars(
            select(ReleaseFile)
            .where(ReleaseFile.release_id.in_(release_ids))
            .order_by(ReleaseFile.release_id, ReleaseFile.format)
        ):
            found[row.release_id].append(row)
    return found


def list_releases(*, session: Session, state_code: str) -> list[ReleasePublic]:
    """A state's releases the caller may see, oldest first, with their files' hashes and
    sizes, in two queries (the API and the command line list them alike)."""
    rows = releases(session=session, state_code=state_code)
    files = files_by_release(session=session, release_ids=[r.id for r in rows])
    return [
        ReleasePublic(
            id=r.id,
            kind=r.kind,
            label=Label(r.label),
            level=Label(r.level) if r.level else None,
            approved_by=r.approved_by,
            approved_at=r.approved_at.isoformat(),
            changes=r.changes,
            files={f.format: ReleaseFileInfo(sha256=f.sha256, size=f.size) for f in files[r.id]},
        )
        for r in rows
    ]


def files_of(*, session: Session, release_id: int) -> list[ReleaseFile]:
    return list(
        session.scalars(
            select(ReleaseFile)
            .where(ReleaseFile.release_id == release_id)
            .order_by(ReleaseFile.format)
        )
    )
