"""The material of the static transparency site, gathered as the PUBLIC principal.

Built like the public report: by a principal cleared to PUBLIC only, so releases, files and
data above PUBLIC cannot reach the site whoever runs the command.
"""

from __future__ import annotations

import importlib.util
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, undefer

from nucsec.access.principal import PUBLIC
from nucsec.db import transaction
from nucsec.publishing import keys, sshsig
from nucsec.publishing import manifest as manifests
from nucsec.publishing import service as publishing
from nucsec.publishing.site import SiteContent, SiteKey, SiteRelease
from nucsec.reports import service
from nucsec.reports.document import Chart
from nucsec.reports.models import ReleaseFile


def site_content(*, engine: Engine, state_code: str, today: date) -> SiteContent:
    """Everything the site shows: public releases, the public report, its data, the keys."""
    report = service.build(
        engine=engine, kind="public", state_code=state_code, principal=PUBLIC, today=today
    )
    charts = [
        (block.svg, block.caption)
        for section in report.walk()
        for block in section.blocks
        if isinstance(block, Chart)
    ]
    content = SiteContent(
        state_code=report.state_code,
        state_name=report.state_name,
        generated_on=today.isoformat(),
        report_html=service.render(report, "html"),
        report_json=service.render(report, "json"),
        charts=charts,
    )
    with transaction(engine, PUBLIC) as session:
        rows = service.releases(session=session, state_code=report.state_code)
        signatures = publishing.signatures_by_release(
            session=session, release_ids=[r.id for r in rows]
        )
        for row in rows:
            stored = session.scalars(
                select(ReleaseFile)
                .where(ReleaseFile.release_id == row.id)
                .options(undefer(ReleaseFile.content))
                .order_by(ReleaseFile.format)
            )
            signed = signatures.get(row.id)
            if signed is None:  # released before manifests existed: nothing to show for it
                continue
            stem = manifests.stem(kind=row.kind, state=report.state_code, release_id=row.id)
            content.releases.append(
                SiteRelease(
                    id=row.id,
                    kind=row.kind,
                    stem=stem,
                    approved_on=row.approved_at.date().isoformat(),
                    level=row.label,
                    changes=list(row.changes),
                    files=[
                        (
                            service.release_file_name(
                                row=row, state_code=report.state_code, fmt=f.format
                            ),
                            f.content,
                        )
                        for f in stored
                    ],
                    manifest_name=f"{stem}.manifest.json",
                    manifest=signed.manifest,
                    signature=signed.signature,
                    fingerprint=signed.fingerprint,
                )
            )
        content.keys = _keys(engine, [s.public_key for s in signatures.values() if s.public_key])
        content.oscal = _oscal(session, report.state_code)
    return content


def _keys(engine: Engine, release_keys: list[str]) -> list[SiteKey]:
    """The current key, then every other key a published release was signed with."""
    found = [
        SiteKey(k.fingerprint, k.public_line, k.retired)
        for k in keys.known(keys.folder_for(engine))
    ]
    seen = {k.fingerprint for k in found}
    for line in release_keys:
        fingerprint = sshsig.fingerprint(sshsig.parse_public(line))
        if fingerprint not in seen:
            seen.add(fingerprint)
            found.append(SiteKey(fingerprint, line, True))
    return found


def _oscal(session: Session, state_code: str) -> dict[str, bytes]:
    """The public OSCAL export, or nothing when the optional `oscal` extra is not installed."""
    if importlib.util.find_spec("trestle") is None:
        return {}
    from nucsec.reports import oscal

    with tempfile.TemporaryDirectory() as folder:
        return {p.name: p.read_bytes() for p in oscal.export(session, state_code, Path(folder))}
