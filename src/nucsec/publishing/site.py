"""The static transparency site: plain files from released (PUBLIC) material only.

Everything is relative links, local styles and inline SVG: the site works from a file system or
any static host and makes no request elsewhere. The content is gathered by the caller as the
PUBLIC principal (`reports.transparency`); this module only writes it.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from nucsec.publishing import sshsig

STYLE = """body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;
background:#fff;max-width:60rem;margin:0 auto;padding:1rem 1.25rem;line-height:1.5}
a{color:#0b4f8a}a:focus{outline:3px solid #1b1b1b;outline-offset:2px}
h1,h2,h3{line-height:1.25}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #8a8a8a;padding:.35rem .5rem;text-align:left;vertical-align:top}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
pre{background:#f3f3f3;padding:.75rem;overflow-x:auto;white-space:pre-wrap}
figure{margin:1rem 0}figcaption{color:#3d3d3d}.muted{color:#4a4a4a}
nav ul{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}
.badge{display:inline-block;padding:0 .4rem;border:1px solid #1d5e20;color:#1d5e20;
font-weight:600;font-size:.85em}
"""


@dataclass(frozen=True)
class SiteRelease:
    """One released report with its frozen files, manifest and signature."""

    id: int
    kind: str
    stem: str
    approved_on: str
    level: str
    changes: list[str]
    files: list[tuple[str, bytes]]
    manifest_name: str
    manifest: bytes
    signature: str | None
    fingerprint: str | None


@dataclass(frozen=True)
class SiteKey:
    fingerprint: str
    public_line: str
    retired: bool


@dataclass
class SiteContent:
    """What the site shows, gathered as PUBLIC."""

    state_code: str
    state_name: str
    generated_on: str
    report_html: bytes
    report_json: bytes
    charts: list[tuple[str, str]]
    oscal: dict[str, bytes] = field(default_factory=dict)
    keys: list[SiteKey] = field(default_factory=list)
    releases: list[SiteRelease] = field(default_factory=list)


IDENTITY = "nucsec-release"


def _env() -> Environment:
    folder = files("nucsec.publishing") / "templates"
    env = Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["sha256"] = lambda data: hashlib.sha256(data).hexdigest()
    return env


def allowed_signers(content: SiteContent) -> str:
    """An OpenSSH allowed_signers file naming every key the state signed releases with."""
    lines = []
    for key in content.keys:
        parsed = sshsig.parse_public(key.public_line)
        lines.append(f'{IDENTITY} namespaces="{sshsig.NAMESPACE}" {sshsig.openssh_public(parsed)}')
    return "\n".join(lines) + ("\n" if lines else "")


def write_site(content: SiteContent, out: Path, *, since: int | None = None) -> list[Path]:
    """Write (or update) the site in `out`; with `since`, releases up to it are left as they are.

    Returns the files written. The index, data, keys and style are always rewritten.
    """
    env = _env()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def put(relative: str, data: bytes | str) -> None:
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        written.append(path)

    current = next((k for k in content.keys if not k.retired), None)
    common = {"c": content, "current_key": current, "identity": IDENTITY}
    put("style.css", STYLE)
    put("index.html", env.get_template("site_index.html").render(root="", **common))
    put("report.html", content.report_html)
    put("data/public-report.json", content.report_json)
    if content.oscal:
        oscal = out / "data" / "oscal"
        if oscal.exists():
            shutil.rmtree(oscal)
        for name, data in sorted(content.oscal.items()):
            put(f"data/oscal/{name}", data)
    if current:
        put("keys/release-signing-key.pub", current.public_line + "\n")
    put("keys/allowed_signers", allowed_signers(content))
    put("keys/index.html", env.get_template("site_keys.html").render(root="../", **common))
    for release in content.releases:
        if since is not None and release.id <= since:
            continue
        folder = f"releases/{release.stem}"
        for name, data in release.files:
            put(f"{folder}/{name}", data)
        put(f"{folder}/{release.manifest_name}", release.manifest)
        if release.signature:
            put(f"{folder}/{release.manifest_name}.sig", release.signature)
        page = {"r": release, "root": "../../", **common}
        put(f"{folder}/index.html", env.get_template("site_release.html").render(**page))
        put(f"{folder}/verify.html", env.get_template("site_verify.html").render(**page))
    return written
