"""Signing releases and reading their signatures (one transaction: the caller's)."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from nucsec.errors import NotFound
from nucsec.publishing import keys, sshsig
from nucsec.publishing import manifest as manifests
from nucsec.publishing.models import ReleaseSignature


def sign_release(
    *,
    session: Session,
    engine: Engine,
    facts: manifests.ReleaseFacts,
    files: list[tuple[str, bytes]],
    label: str,
) -> ReleaseSignature:
    """Write the release's manifest and sign it with the installation's key, if it has one.

    Without a key the manifest is still kept, unsigned, and pages say so; a key that cannot be
    opened (wrong passphrase) stops the release instead of releasing it unsigned.
    """
    from nucsec.config import get_settings

    folder = keys.folder_for(engine)
    private = keys.private_key(folder, passphrase=get_settings().signing_key_passphrase)
    public = private.public_key() if private else None
    fingerprint = sshsig.fingerprint(public) if public else None
    content = manifests.build(facts, files, fingerprint)
    row = ReleaseSignature(
        release_id=facts.release,
        manifest=content,
        signature=sshsig.sign(content, private) if private else None,
        fingerprint=fingerprint,
        public_key=sshsig.openssh_public(public, keys.COMMENT) if public else None,
        label=label,
    )
    session.add(row)
    session.flush()
    return row


def signature_of(*, session: Session, release_id: int) -> ReleaseSignature:
    found = session.scalar(
        select(ReleaseSignature).where(ReleaseSignature.release_id == release_id)
    )
    if found is None:
        raise NotFound(f"no manifest for release {release_id}")
    return found


def signatures_by_release(
    *, session: Session, release_ids: list[int]
) -> dict[int, ReleaseSignature]:
    """The signatures of several releases in one query."""
    if not release_ids:
        return {}
    rows = session.scalars(
        select(ReleaseSignature).where(ReleaseSignature.release_id.in_(release_ids))
    )
    return {r.release_id: r for r in rows}


def trusted_keys(*, session: Session, folder: Path) -> list[Ed25519PublicKey]:
    """The installation's keys: current and retired key files, and every key a release holds."""
    found = [k.key for k in keys.known(folder)]
    seen = {sshsig.fingerprint(k) for k in found}
    lines = session.scalars(
        select(ReleaseSignature.public_key)
        .where(ReleaseSignature.public_key.is_not(None))
        .distinct()
    )
    for line in lines:
        if line is None:
            continue
        key = sshsig.parse_public(line)
        if sshsig.fingerprint(key) not in seen:
            seen.add(sshsig.fingerprint(key))
            found.append(key)
    return found
