"""OpenSSH signatures (PROTOCOL.sshsig) made and checked with Ed25519 keys.

The format is what `ssh-keygen -Y sign` writes and `ssh-keygen -Y verify` reads, so a partner
can check a release with a tool already on their machine, without nucsec.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

MAGIC = b"SSHSIG"
VERSION = 1
KEY_TYPE = b"ssh-ed25519"
HASH = "sha512"
BEGIN = "-----BEGIN SSH SIGNATURE-----"
END = "-----END SSH SIGNATURE-----"
NAMESPACE = "nucsec-release"


class SignatureError(ValueError):
    """A signature that is malformed or does not verify; the message says which."""


def _string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def public_blob(key: Ed25519PublicKey) -> bytes:
    """The SSH wire encoding of an Ed25519 public key."""
    return _string(KEY_TYPE) + _string(key.public_bytes_raw())


def fingerprint(key: Ed25519PublicKey) -> str:
    """The key's fingerprint as `ssh-keygen -l` prints it (SHA256:…, unpadded base64)."""
    digest = hashlib.sha256(public_blob(key)).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


def openssh_public(key: Ed25519PublicKey, comment: str = "") -> str:
    """One line of an OpenSSH public key file (`ssh-ed25519 AAAA… comment`)."""
    encoded = base64.b64encode(public_blob(key)).decode("ascii")
    return f"ssh-ed25519 {encoded}" + (f" {comment}" if comment else "")


def parse_public(line: str) -> Ed25519PublicKey:
    """An Ed25519 key from an OpenSSH public key line (an allowed_signers prefix is skipped)."""
    words = line.split()
    if "ssh-ed25519" not in words or words.index("ssh-ed25519") + 1 >= len(words):
        raise SignatureError("not an ssh-ed25519 public key")
    encoded = words[words.index("ssh-ed25519") + 1]
    try:
        blob = base64.b64decode(encoded, validate=True)
    except binascii.Error as exc:
        raise SignatureError("the public key is not valid base64") from exc
    reader = _Reader(blob, "public key")
    if reader.string() != KEY_TYPE:
        raise SignatureError("not an ssh-ed25519 public key")
    raw = reader.string()
    reader.end()
    if len(raw) != 32:
        raise SignatureError("the public key has the wrong length")
    return Ed25519PublicKey.from_public_bytes(raw)


def _signed_data(message: bytes, namespace: str) -> bytes:
    return (
        MAGIC
        + _string(namespace.encode())
        + _string(b"")
        + _string(HASH.encode())
        + _string(hashlib.sha512(message).digest())
    )


def sign(message: bytes, key: Ed25519PrivateKey, namespace: str = NAMESPACE) -> str:
    """An armored SSH signature of `message` (the text of a `.sig` file)."""
    raw = key.sign(_signed_data(message, namespace))
    blob = (
        MAGIC
        + struct.pack(">I", VERSION)
        + _string(public_blob(key.public_key()))
        + _string(namespace.encode())
        + _string(b"")
        + _string(HASH.encode())
        + _string(_string(KEY_TYPE) + _string(raw))
    )
    body = base64.b64encode(blob).decode("ascii")
    lines = [body[i : i + 70] for i in range(0, len(body), 70)]
    return "\n".join([BEGIN, *lines, END]) + "\n"


@dataclass(frozen=True)
class Signature:
    """A parsed SSH signature: who signed (their key), for what namespace, and the bytes."""

    key: Ed25519PublicKey
    namespace: str
    hash_algorithm: str
    raw: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)


def parse(armored: bytes | str) -> Signature:
    """Read an armored SSH signature; SignatureError if it is not one nucsec can check."""
    try:
        text = armored.decode("ascii") if isinstance(armored, bytes) else armored
    except UnicodeDecodeError as exc:
        raise SignatureError("not an SSH signature (not ASCII text)") from exc
    lines = [line.strip() for line in text.strip().splitlines()]
    if len(lines) < 3 or lines[0] != BEGIN or lines[-1] != END:
        raise SignatureError("not an SSH signature (no BEGIN/END SSH SIGNATURE lines)")
    try:
        blob = base64.b64decode("".join(lines[1:-1]), validate=True)
    except binascii.Error as exc:
        raise SignatureError("the signature is not valid base64") from exc
    reader = _Reader(blob, "signature")
    if reader.take(6) != MAGIC:
        raise SignatureError("not an SSH signature (bad magic)")
    (version,) = struct.unpack(">I", reader.take(4))
    if version != VERSION:
        raise SignatureError(f"unsupported SSH signature version {version}")
    key_blob = reader.string()
    namespace = reader.string().decode("utf-8", "replace")
    reader.string()  # reserved
    hash_algorithm = reader.string().decode("ascii", "replace")
    inner = _Reader(reader.string(), "signature")
    reader.end()
    if inner.string() != KEY_TYPE:
        raise SignatureError("the signature is not made with an ssh-ed25519 key")
    raw = inner.string()
    inner.end()
    key_reader = _Reader(key_blob, "signature's public key")
    if key_reader.string() != KEY_TYPE:
        raise SignatureError("the signature is not made with an ssh-ed25519 key")
    key_raw = key_reader.string()
    key_reader.end()
    if len(key_raw) != 32 or len(raw) != 64:
        raise SignatureError("the signature is malformed (wrong key or signature length)")
    if hash_algorithm not in ("sha512", "sha256"):
        raise SignatureError(f"unsupported hash algorithm {hash_algorithm!r}")
    return Signature(Ed25519PublicKey.from_public_bytes(key_raw), namespace, hash_algorithm, raw)


def verify(message: bytes, signature: Signature, namespace: str = NAMESPACE) -> None:
    """Raise SignatureError unless `signature` signs `message` in `namespace`."""
    if signature.namespace != namespace:
        raise SignatureError(
            f"the signature is for namespace {signature.namespace!r}, not {namespace!r}"
        )
    digest = hashlib.new(signature.hash_algorithm, message).digest()
    data = (
        MAGIC
        + _string(namespace.encode())
        + _string(b"")
        + _string(signature.hash_algorithm.encode())
        + _string(digest)
    )
    try:
        signature.key.verify(signature.raw, data)
    except InvalidSignature as exc:
        raise SignatureError("the signature does not match") from exc


class _Reader:
    """Reads SSH wire strings, raising SignatureError on truncated or trailing data."""

    def __init__(self, data: bytes, what: str) -> None:
        self.data, self.at, self.what = data, 0, what

    def take(self, n: int) -> bytes:
        if self.at + n > len(self.data):
            raise SignatureError(f"the {self.what} is truncated")
        chunk = self.data[self.at : self.at + n]
        self.at += n
        return chunk

    def string(self) -> bytes:
        (length,) = struct.unpack(">I", self.take(4))
        return self.take(length)

    def end(self) -> None:
        if self.at != len(self.data):
            raise SignatureError(f"the {self.what} has trailing data")
