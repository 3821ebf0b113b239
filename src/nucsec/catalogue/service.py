"""Record in the database which pack versions are in use."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from nucsec.catalogue.models import FrameworkVersion
from nucsec.catalogue.schema import Pack


def pack_digest(pack: Pack) -> str:
    """Content hash of a pack, independent of YAML formatting."""
    canonical = json.dumps(pack.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def register_pack(*, session: Session, pack: Pack) -> FrameworkVersion:
    """Record the pack version (idempotent; an editorial change within a version updates it)."""
    info = pack.framework
    row = session.scalar(
        select(FrameworkVersion).where(
            FrameworkVersion.pack_id == info.id, FrameworkVersion.version == info.version
        )
    )
    digest = pack_digest(pack)
    if row is None:
        row = FrameworkVersion(
            pack_id=info.id, version=info.version, title=info.title, sha256=digest
        )
        session.add(row)
    elif row.sha256 != digest:
        row.sha256, row.title = digest, info.title
    session.flush()
    return row


def list_versions(*, session: Session) -> list[FrameworkVersion]:
    return list(
        session.scalars(
            select(FrameworkVersion).order_by(FrameworkVersion.pack_id, FrameworkVersion.id)
        )
    )
