"""Writing a command's output file: atomically, with one clear line when it cannot be done."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from nucsec.errors import Invalid


def write_output(path: Path, content: bytes | str) -> None:
    """Replace `path` with `content` whole, or leave everything as it was (no temporary file).

    A directory, a missing folder or an unwritable place is refused with one line.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_dir():
        raise Invalid(f"{path}: is a directory; give a file name")
    folder = path.parent
    if not folder.is_dir():
        raise Invalid(f"{path}: folder {folder} does not exist")
    temp: str | None = None
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
        temp = None
    except OSError as exc:
        raise Invalid(f"{path}: cannot write: {exc.strerror or exc.__class__.__name__}") from exc
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
