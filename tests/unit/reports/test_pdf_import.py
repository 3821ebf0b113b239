"""WeasyPrint loads without cffi's library search (subprocesses running ldconfig, gcc and ld:
a third of a PDF command's time), and still loads where only that search finds the libraries.
Each case runs in a fresh interpreter, since WeasyPrint is imported once per process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("weasyprint")

COUNT_SEARCHES = """
import ctypes.util, json, subprocess, sys
spawned = []
real_popen = subprocess.Popen.__init__
def popen(self, args, *rest, **kw):
    spawned.append(str(args))
    real_popen(self, args, *rest, **kw)
subprocess.Popen.__init__ = popen
search = ctypes.util.find_library
from nucsec.reports import renderers
{before}
weasyprint = renderers._weasyprint()
print(json.dumps({{
    "spawned": spawned,
    "html": hasattr(weasyprint, "HTML"),
    "search_restored": ctypes.util.find_library is search,
    "first_attempt_failed": "FailOnce" in globals() and FailOnce.failed,
}}))
"""

FIRST_ATTEMPT_FAILS = """
import weasyprint.text.ffi as ffi_module  # noqa: imported for real once, to be forgotten below
for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
    del sys.modules[name]
class FailOnce:
    failed = False
    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint.text.ffi" and not FailOnce.failed:
            FailOnce.failed = True
            raise OSError("cannot load library 'libpango-1.0-0'")
        return None
sys.meta_path.insert(0, FailOnce())
"""


def _run(before: str = "") -> dict:
    done = subprocess.run(
        [sys.executable, "-c", COUNT_SEARCHES.format(before=before)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick load is Linux's")
def test_weasyprint_loads_without_running_a_library_search() -> None:
    got = _run()
    assert got == {
        "spawned": [],
        "html": True,
        "search_restored": True,
        "first_attempt_failed": False,
    }


def test_a_failed_quick_load_falls_back_to_the_library_search() -> None:
    got = _run(FIRST_ATTEMPT_FAILS)
    assert got["first_attempt_failed"]
    assert got["html"] and got["search_restored"]
