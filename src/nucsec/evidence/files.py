"""The file store: each file's bytes once, named by their sha256, under the data folder.

`<data>/files/ab/cdef…`: the name is the content's hash, so two records holding the same
report share one copy, a stored file cannot be altered without its name no longer matching, and
no user-supplied name ever reaches the file system.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

from nucsec.errors import Invalid

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_sha256(value: str) -> bool:
    return bool(_SHA256.match(value))


class FileStore:
    """Content-addressed files under `root` (normally `<data folder>/files`)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FileStore:
        return cls(data_dir / "files")

    def path_of(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise Invalid(f"not a sha256 file name: {sha256[:80]!r}")
        return self.root / sha256[:2] / sha256[2:]

    def put(self, data: bytes) -> str:
        """Store `data` (once: an existing copy is kept) and return its sha256.

        Written to a temporary file in the same folder and renamed into place, so a crash never
        leaves a partial file under a content's name.
        """
        sha256 = sha256_of(data)
        path = self.path_of(sha256)
        if path.is_file() and path.stat().st_size == len(data):
            return sha256
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return sha256

    def get(self, sha256: str) -> bytes | None:
        """The stored bytes, or None when the store has no (intact) copy."""
        path = self.path_of(sha256)
        if not path.is_file():
            return None
        data = path.read_bytes()
        return data if sha256_of(data) == sha256 else None

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()
