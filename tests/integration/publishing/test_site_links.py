"""The static transparency site asks no other host for anything: every link in its HTML, JSON and
CSS files is relative, except the addresses of the PUBLIC evidence it shows (their own hosts).

A reader opening the site from a file system or a mirror must not be tracked by, or depend on,
fonts, scripts or styles elsewhere; the only way out is the published documents the state cites.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import PUBLIC, Principal, Role
from nucsec.db import transaction
from nucsec.evidence import service as evidence
from nucsec.evidence.schemas import EvidenceCreate

COORDINATOR = Principal("amina", Role.coordinator, Label.SENSITIVE)
LINK_ATTRIBUTES = {
    "href", "src", "srcset", "action", "formaction", "data", "poster", "cite", "background",
    "xlink:href", "ping", "manifest", "longdesc", "usemap", "icon", "profile",
}  # fmt: skip
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)
JSON_LINK_KEYS = {"href", "url", "src", "uri", "link"}
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def css_links(css: str) -> Iterator[str]:
    for match in CSS_URL.finditer(css):
        yield match.group(2) if match.group(2) is not None else match.group(4)


class _Links(HTMLParser):
    """Every address an HTML page makes the browser follow or fetch (xmlns is a name, no link)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._style = tag == "style"
        for name, value in attrs:
            if value is None or name.startswith("xmlns"):
                continue
            if name in LINK_ATTRIBUTES:
                if name == "srcset":
                    self.links += [part.split()[0] for part in value.split(",") if part.strip()]
                else:
                    self.links.append(value)
            elif name == "style":
                self.links += css_links(value)
            elif name == "content" and "url=" in value.lower():  # <meta http-equiv="refresh">
                self.links.append(value.lower().split("url=", 1)[1])

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._style = False

    def handle_data(self, data: str) -> None:
        if self._style:
            self.links += css_links(data)


def json_links(value: Any, key: str = "") -> Iterator[str]:
    """Values under link-like keys, and every string that is an absolute address."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from json_links(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from json_links(v, key)
    elif isinstance(value, str) and (
        key.lower() in JSON_LINK_KEYS or re.match(r"^([a-z][a-z0-9+.-]*:)?//", value, re.I)
    ):
        yield value


def site_links(site: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*")):
        name = str(path.relative_to(site))
        if path.suffix == ".html":
            parser = _Links()
            parser.feed(path.read_text(encoding="utf-8"))
            found[name] = parser.links
        elif path.suffix == ".json":
            found[name] = list(json_links(json.loads(path.read_bytes())))
        elif path.suffix == ".css":
            found[name] = list(css_links(path.read_text(encoding="utf-8")))
    return found


def offending(link: str, allowed_hosts: set[str]) -> bool:
    """True unless `link` is relative, or http(s) to an allowed host."""
    parts = urlsplit(link.strip())
    if parts.scheme.lower() in ("http", "https"):
        return (parts.hostname or "") not in allowed_hosts
    return bool(parts.scheme or parts.netloc or SCHEME.match(link.strip()))


def test_the_link_check_knows_a_relative_link_from_an_outside_one() -> None:
    allowed = {"www.legislation.example"}
    for link in ("style.css", "../../keys/index.html", "#top", "release.pdf?x=1", "a/b.json"):
        assert not offending(link, allowed), link
    for link in (
        "https://fonts.example.net/a.css",
        "//cdn.example.net/x.js",
        "http://www.legislation.example.evil.example/x",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,hi",
    ):
        assert offending(link, allowed), link
    assert not offending("https://www.legislation.example/act", allowed)
    page = _Links()
    page.feed(
        '<svg xmlns="http://www.w3.org/2000/svg"><a xlink:href="https://t.example/"></a></svg>'
        '<p style="background:url(\'//x.example/i.png\')"></p><style>@import "https://s.example/c.css";</style>'
    )
    assert page.links == ["https://t.example/", "//x.example/i.png", "https://s.example/c.css"]
    assert list(json_links({"links": [{"href": "#u1"}], "note": "see https://j.example/"})) == [
        "#u1"
    ]  # a string in prose is text, not a link; an address on its own is
    assert list(json_links({"a": ["https://j.example/"]})) == ["https://j.example/"]


@pytest.mark.slow
def test_the_site_links_only_to_itself_and_to_its_public_evidence(
    demo_engine: Engine, cli, tmp_path: Path
) -> None:
    with transaction(demo_engine, COORDINATOR) as session:
        for label, url in (
            (Label.PUBLIC, "https://www.legislation.example/acts/nuclear-security-2024"),
            (Label.OFFICIAL, "https://intranet.regulator.example/inspections/2025"),
        ):
            evidence.create(
                session=session,
                state_code="XD",
                data=EvidenceCreate(
                    title=f"Cited {label.name.lower()} document", kind="law", url=url, label=label
                ),
            )
    assert cli("keys", "generate").code == 0
    assert cli("report", "release", "public", "--state", "XD", "--as", "reviewer").code == 0
    site = tmp_path / "site"
    made = cli("publish-site", "--state", "XD", "-o", str(site))
    assert made.code == 0, made.err
    text = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.is_file()
    )
    with transaction(demo_engine, PUBLIC) as session:
        shown = [
            e.url
            for e in evidence.list_for_state(session=session, state_code="XD")
            if e.url and e.url in text
        ]
    assert "https://www.legislation.example/acts/nuclear-security-2024" in shown
    allowed = {urlsplit(url).hostname or "" for url in shown}
    links = site_links(site)
    assert {"index.html", "style.css", "data/public-report.json", "keys/index.html"} <= set(links)
    assert sum(len(found) for found in links.values()) > 10  # the search saw real pages
    bad = {name: [x for x in found if offending(x, allowed)] for name, found in links.items()}
    assert not any(bad.values()), {name: found for name, found in bad.items() if found}
