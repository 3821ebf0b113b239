"""The installation's release-signing keys: Ed25519, in OpenSSH files in the data folder.

The private key never enters the database (whoever can edit the database alone cannot sign),
is created mode 0600 and may be protected by a passphrase. Rotation moves the public key to
`retired/`, so releases signed before it still verify.
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.engine import Engine

from nucsec.errors import Conflict, Invalid, NotFound
from nucsec.publishing import sshsig

PRIVATE = "release_signing_key"
PUBLIC = "release_signing_key.pub"
RETIRED = "retired"
COMMENT = "nucsec-release"

_FOLDERS: weakref.WeakKeyDictionary[Engine, Path] = weakref.WeakKeyDictionary()


def use_folder(engine: Engine, folder: Path) -> None:
    """Sign releases made through `engine` with the keys in `folder` (the web app's data dir)."""
    _FOLDERS[engine] = folder


def folder_for(engine: Engine | None = None) -> Path:
    """The key folder: registered for the engine, else the configured data folder's `keys/`."""
    if engine is not None and engine in _FOLDERS:
        return _FOLDERS[engine]
    from nucsec.config import get_settings

    return get_settings().data_dir / "keys"


@dataclass(frozen=True)
class KeyInfo:
    """A public key as published: its OpenSSH line, fingerprint, and whether it was retired."""

    fingerprint: str
    public_line: str
    path: Path
    retired: bool = False

    @property
    def key(self) -> Ed25519PublicKey:
        return sshsig.parse_public(self.public_line)


def _write_private(path: Path, data: bytes) -> None:
    """Create `path` with mode 0600 from the start (never readable by others, even briefly)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, 0o600)


def _info(path: Path, retired: bool) -> KeyInfo:
    try:
        line = path.read_text(encoding="ascii").strip()
        key = sshsig.parse_public(line)
    except (OSError, UnicodeDecodeError, sshsig.SignatureError) as exc:
        raise Invalid(f"{path}: not a readable ssh-ed25519 public key ({exc})") from exc
    return KeyInfo(sshsig.fingerprint(key), line, path, retired)


def current(folder: Path) -> KeyInfo | None:
    """The signing key in use, or None when none was generated."""
    path = folder / PUBLIC
    return _info(path, False) if path.exists() else None


def known(folder: Path) -> list[KeyInfo]:
    """Every public key of the installation: the current one first, then the retired ones."""
    found = [k for k in [current(folder)] if k is not None]
    retired = folder / RETIRED
    if retired.is_dir():
        found += [_info(p, True) for p in sorted(retired.glob("*.pub"), reverse=True)]
    return found


def generate(folder: Path, *, passphrase: str | None = None) -> KeyInfo:
    """Create the signing key pair; refuse if one exists (rotation is explicit)."""
    if (folder / PRIVATE).exists() or (folder / PUBLIC).exists():
        raise Conflict(
            f"a signing key exists already in {folder}: use `nucsec keys rotate` to replace it"
        )
    if passphrase is not None and not passphrase:
        raise Invalid("the passphrase is empty: give one, or none for an unprotected key")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
        if passphrase
        else serialization.NoEncryption()
    )
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, encryption
    )
    line = sshsig.openssh_public(key.public_key(), COMMENT) + "\n"
    _write_private(folder / PRIVATE, private)
    _write_private(folder / PUBLIC, line.encode("ascii"))
    return _info(folder / PUBLIC, False)


def rotate(folder: Path, *, passphrase: str | None = None) -> tuple[KeyInfo, KeyInfo]:
    """Retire the current key (its public half is kept for old releases) and make a new one."""
    old = current(folder)
    if old is None:
        raise NotFound(f"no signing key in {folder}: create one with `nucsec keys generate`")
    retired = folder / RETIRED
    retired.mkdir(exist_ok=True, mode=0o700)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    short = old.fingerprint.removeprefix("SHA256:")[:12].replace("/", "_").replace("+", "-")
    target = retired / f"{stamp}-{short}.pub"
    os.replace(folder / PUBLIC, target)
    (folder / PRIVATE).unlink(missing_ok=True)  # the retired private key signs nothing again
    return _info(target, True), generate(folder, passphrase=passphrase)


def private_key(folder: Path, *, passphrase: str | None) -> Ed25519PrivateKey | None:
    """The private key, or None when none was generated; a one-line error on a bad passphrase."""
    path = folder / PRIVATE
    if not path.exists():
        return None
    data = path.read_bytes()
    secret = passphrase.encode("utf-8") if passphrase else None
    try:
        key = serialization.load_ssh_private_key(data, password=secret)
    except TypeError as exc:  # encrypted without a passphrase, or a passphrase for a plain key
        if secret is None:
            raise Invalid(
                f"{path}: the signing key is protected by a passphrase: set "
                "NUCSEC_SIGNING_KEY_PASSPHRASE"
            ) from exc
        raise Invalid(f"{path}: the signing key is not protected by a passphrase") from exc
    except ValueError as exc:
        if secret is not None:
            raise Invalid(f"{path}: wrong passphrase for the signing key") from exc
        raise Invalid(f"{path}: not a readable OpenSSH private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise Invalid(f"{path}: not an Ed25519 key")
    return key
