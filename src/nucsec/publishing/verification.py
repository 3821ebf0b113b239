"""Checking a release: the manifest's signature against trusted keys, then every file.

The first mismatch is named (the signature, the manifest or the file), so a reader knows
which download to fetch again, or that a copy was altered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from nucsec.errors import Invalid
from nucsec.publishing import manifest as manifests
from nucsec.publishing import sshsig


class VerificationFailed(Invalid):
    """A release that does not verify; the message names what failed."""


@dataclass(frozen=True)
class Verified:
    """A manifest whose signature verified, with the key that made it."""

    manifest: dict[str, Any]
    fingerprint: str


def check_signature(
    *,
    manifest: bytes,
    signature: bytes,
    trusted: list[Ed25519PublicKey],
    manifest_name: str,
    signature_name: str,
) -> Verified:
    """The manifest's content if `signature` is a valid signature over it by a trusted key."""
    try:
        parsed = sshsig.parse(signature)
    except sshsig.SignatureError as exc:
        raise VerificationFailed(f"{signature_name}: {exc}") from exc
    known = {sshsig.fingerprint(k) for k in trusted}
    if parsed.fingerprint not in known:
        raise VerificationFailed(
            f"{signature_name}: signed by key {parsed.fingerprint}, which is not a trusted "
            "release key (give the state's published key with --key)"
        )
    try:
        sshsig.verify(manifest, parsed)
    except sshsig.SignatureError as exc:
        raise VerificationFailed(
            f"{manifest_name}: {exc} (the manifest or its signature {signature_name} was altered)"
        ) from exc
    return Verified(manifests.parse(manifest, manifest_name), parsed.fingerprint)


def check_file(*, manifest: dict[str, Any], name: str, content: bytes) -> None:
    """Raise unless `content` is the file `name` exactly as the manifest lists it."""
    entry = next((f for f in manifest["files"] if f["name"] == name), None)
    if entry is None:
        listed = ", ".join(f["name"] for f in manifest["files"])
        raise VerificationFailed(f"{name}: not listed in the manifest (it lists {listed})")
    if len(content) != entry["size"]:
        raise VerificationFailed(
            f"{name}: {len(content)} bytes, the manifest says {entry['size']} (altered or damaged)"
        )
    if hashlib.sha256(content).hexdigest() != entry["sha256"]:
        raise VerificationFailed(f"{name}: sha256 differs from the manifest (altered or damaged)")


def verify_folder(
    *, manifest_path: Path, signature_path: Path, trusted: list[Ed25519PublicKey]
) -> Verified:
    """Check a downloaded release: its signature, then every listed file beside the manifest."""
    try:
        manifest = manifest_path.read_bytes()
    except OSError as exc:
        raise Invalid(f"{manifest_path}: cannot read: {exc.strerror or exc}") from exc
    try:
        signature = signature_path.read_bytes()
    except OSError as exc:
        raise VerificationFailed(
            f"{signature_path}: cannot read the signature: {exc.strerror or exc}"
        ) from exc
    verified = check_signature(
        manifest=manifest,
        signature=signature,
        trusted=trusted,
        manifest_name=manifest_path.name,
        signature_name=signature_path.name,
    )
    for entry in verified.manifest["files"]:
        path = manifest_path.parent / entry["name"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise VerificationFailed(
                f"{entry['name']}: missing beside the manifest ({exc.strerror or exc})"
            ) from exc
        check_file(manifest=verified.manifest, name=entry["name"], content=content)
    return verified


def read_keys(path: Path) -> list[Ed25519PublicKey]:
    """Public keys from a file: OpenSSH public key lines or allowed_signers lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"{path}: cannot read the key file") from exc
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                found.append(sshsig.parse_public(line))
            except sshsig.SignatureError as exc:
                raise Invalid(f"{path}, line {number}: {exc}") from exc
    if not found:
        raise Invalid(f"{path}: holds no ssh-ed25519 public key")
    return found
