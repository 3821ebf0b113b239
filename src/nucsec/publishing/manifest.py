"""Release manifests: what a release holds, as canonical JSON that the signature covers.

A manifest names the state, the report kind, the release level, the date, the pack and rules
versions, the approver's role and each file's name, size and sha256. Files are named so that a
downloaded release can sit in one folder beside its manifest and be checked there.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from hashlib import sha256
from typing import Any

from nucsec.errors import Invalid

FORMAT = "nucsec-release-manifest"
FORMAT_VERSION = 1
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
KEYS = frozenset(
    {
        "format",
        "format_version",
        "state",
        "state_name",
        "report",
        "release",
        "release_level",
        "released_on",
        "approved_at",
        "approver_role",
        "pack",
        "rules_version",
        "signing_key",
        "files",
    }
)


@dataclass(frozen=True)
class ReleaseFacts:
    """What a release is, as plain values (handed over by the reports capability)."""

    state: str
    state_name: str
    report: str
    release: int
    release_level: str
    released_on: str
    approved_at: str
    approver_role: str
    pack: str
    rules_version: int


def stem(*, kind: str, state: str, release_id: int) -> str:
    return f"{kind}-{state}-r{release_id}"


def file_name(*, kind: str, state: str, release_id: int, extension: str) -> str:
    """The name a release file carries in its manifest, in downloads and on the site."""
    return f"{stem(kind=kind, state=state, release_id=release_id)}.{extension}"


def manifest_name(*, kind: str, state: str, release_id: int) -> str:
    return f"{stem(kind=kind, state=state, release_id=release_id)}.manifest.json"


def signature_name(*, kind: str, state: str, release_id: int) -> str:
    return manifest_name(kind=kind, state=state, release_id=release_id) + ".sig"


def build(facts: ReleaseFacts, files: list[tuple[str, bytes]], signing_key: str | None) -> bytes:
    """The manifest's bytes: sorted keys, one layout, so the same release gives the same file."""
    for name, _ in files:
        if not SAFE_NAME.match(name):
            raise Invalid(f"file name {name!r} cannot be put in a manifest")
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        **asdict(facts),
        "signing_key": signing_key,
        "files": [
            {"name": name, "size": len(content), "sha256": sha256(content).hexdigest()}
            for name, content in sorted(files)
        ],
    }
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def parse(data: bytes, source: str) -> dict[str, Any]:
    """A manifest's content, checked for shape; errors name `source` and what is wrong."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise Invalid(f"{source}: not a nucsec release manifest (not JSON)") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise Invalid(f"{source}: not a nucsec release manifest")
    if doc.get("format_version") != FORMAT_VERSION:
        raise Invalid(
            f"{source}: manifest format version {doc.get('format_version')!r} is not supported"
        )
    if missing := sorted(KEYS - doc.keys()):
        raise Invalid(f"{source}: the manifest lacks {missing[0]!r}")
    files = doc["files"]
    if not isinstance(files, list) or not files:
        raise Invalid(f"{source}: the manifest lists no files")
    for n, entry in enumerate(files, start=1):
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("name"), str)
            or not SAFE_NAME.match(entry["name"])
            or not isinstance(entry.get("size"), int)
            or not isinstance(entry.get("sha256"), str)
            or not re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
        ):
            raise Invalid(f"{source}: file entry {n} of the manifest is malformed")
    return doc
