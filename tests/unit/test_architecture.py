"""The folder layout is the architecture: dependencies point one way (DESIGN §3).

Capability folders never import each other both ways, and only a capability's `api.py` and
`pages.py` may use the web layer; models, services and pure functions never do.
"""

from __future__ import annotations

import re
from pathlib import Path

import nucsec

ROOT = Path(nucsec.__file__).parent
INTERFACES = {"web", "cli"}
IMPORT = re.compile(r"^\s*(?:from|import) nucsec\.([a-z_]+)", re.MULTILINE)


def capabilities() -> list[str]:
    return sorted(
        p.name
        for p in ROOT.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name != "migrations"
    )


def edges() -> dict[tuple[str, str], set[str]]:
    caps = set(capabilities())
    found: dict[tuple[str, str], set[str]] = {}
    for cap in caps - INTERFACES:
        for module in (ROOT / cap).rglob("*.py"):
            for target in IMPORT.findall(module.read_text(encoding="utf-8")):
                if target in caps and target != cap:
                    found.setdefault((cap, target), set()).add(module.name)
    return found


def test_only_api_and_pages_use_the_interfaces() -> None:
    wrong = {
        (cap, target, module)
        for (cap, target), modules in edges().items()
        if target in INTERFACES
        for module in modules
        if module not in ("api.py", "pages.py")
    }
    assert wrong == set()


def test_capabilities_depend_one_way() -> None:
    graph: dict[str, set[str]] = {}
    for cap, target in edges():
        if target not in INTERFACES:
            graph.setdefault(cap, set()).add(target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = sorted(cap for cap in graph if reaches(cap, cap, {cap}))
    assert cycles == [], f"capability folders in an import cycle: {cycles}"
