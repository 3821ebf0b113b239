"""A helper process that lays out one PDF for a command, started before the command reads.

A `nucsec report … --format pdf` process spends a third of its time loading WeasyPrint and
its fonts and the rest importing the ORM, reading the database and building the report, one
after the other on one core. Started first, this helper loads WeasyPrint on another core
meanwhile, then lays out the HTML it is sent: the command waits for the layout only. Where
the PDF is found among the kept files, the helper is stopped unused.

Protocol: the HTML on the helper's standard input, the PDF on its standard output; on
failure, exit status 2 and one line on standard error.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

from nucsec.errors import NucsecError

# Laid out once while the command still reads: the first layout in a process loads the fonts
# and fills Pango's caches, so the report's own layout starts warm.
_WARM_UP = (
    b"<html lang='en'><body style='font: 10.5pt system-ui, \"DejaVu Sans\", sans-serif'>"
    b"<h1>N</h1><p>n <b>b</b></p><table><tr><th>h</th><td>d</td></tr></table></body></html>"
)


class LayoutProcess:
    """One helper process, used for one layout (or stopped unused)."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-m", "nucsec.reports.layout_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        atexit.register(self.stop)

    def layout(self, page: bytes) -> bytes:
        process, self._process = self._process, None
        if process is None:
            raise NucsecError("the PDF layout process was already used")
        out, err = process.communicate(page)
        if process.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            raise NucsecError(lines[-1] if lines else f"PDF layout failed ({process.returncode})")
        if err:  # WeasyPrint's warnings, as an in-process layout would show them
            sys.stderr.write(err.decode("utf-8", "replace"))
        return out

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            with suppress(OSError):
                process.kill()
            process.communicate()


def start() -> None:
    """Start the helper now if a core is idle for it; the next PDF `renderers.render_pdf` lays
    out is then laid out there (otherwise in this process, as before)."""
    if _a_core_is_idle():
        _NEXT[:] = [LayoutProcess()]


def _a_core_is_idle() -> bool:
    """Whether, besides this process, a core has nothing to run: only then does the helper
    gain. On a busy machine it would take its second of work from the command itself, so the
    command then lays out in its own process. Read from the kernel's count of runnable tasks
    now (Linux), or else the load average of the last minute."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        running = int(Path("/proc/loadavg").read_text().split()[3].split("/")[0])  # this one too
    except (OSError, IndexError, ValueError):
        with suppress(OSError, AttributeError):
            return os.getloadavg()[0] + 1 <= cores - 1
        return True
    return running <= cores - 1


def take() -> LayoutProcess | None:
    """The helper started for the next layout, if any (each is used once)."""
    helper, _NEXT[:] = _NEXT[:1], []
    return helper[0] if helper else None


def discard() -> None:
    """Stop a helper that was not used (the request was refused, or the PDF was kept)."""
    helper = take()
    if helper is not None:
        helper.stop()


_NEXT: list[LayoutProcess] = []


def main() -> int:
    from nucsec.reports import renderers

    try:
        renderers._layout_pdf(_WARM_UP)  # loads WeasyPrint (a missing Pango: one clear line)
        page = sys.stdin.buffer.read()
        if not page:  # the command found the PDF kept, or stopped
            return 0
        sys.stdout.buffer.write(renderers._layout_pdf(page))
    except NucsecError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    except Exception as exc:  # one line for the command, never a traceback
        sys.stderr.write(f"PDF layout failed: {type(exc).__name__}: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
