"""Import files sent from a page, and export files sent back: the same checks as the CLI.

An uploaded file is read with the same size limit and decoding as `nucsec ... import FILE`
(`filerows`), and its name decides CSV or YAML as the file's extension does on the command line.
"""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from nucsec.errors import Invalid
from nucsec.filerows import ImportRejected, decode

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "yaml": "application/yaml; charset=utf-8"}


async def uploaded(request: Request, field: str = "file") -> tuple[str, str, FormData]:
    """The uploaded file's name and text, and the rest of the form; one clear error if the
    file is missing, too large or not UTF-8 text."""
    form = await request.form()
    file = form.get(field)
    if not isinstance(file, UploadFile) or not file.filename:
        raise Invalid(f"{field}: choose a CSV or YAML file to import")
    limit = request.app.state.settings.import_max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise Invalid(f"{file.filename}: file is larger than {limit} bytes")
    name = file.filename.replace("\\", "/").rsplit("/", 1)[-1]
    return name, decode(data, name), form


def problems_of(exc: Exception) -> list[str]:
    """The lines a page lists under its upload form: each bad row, or the one reason."""
    if isinstance(exc, ImportRejected):
        return list(exc.problems)
    return [str(exc)]


def download(text: str, *, name: str, fmt: str, label: str) -> Response:
    """An export as a file to save, carrying the highest label it contains."""
    return Response(
        text,
        media_type=CONTENT_TYPES.get(fmt, "text/plain; charset=utf-8"),
        headers={"Content-Disposition": f'attachment; filename="{name}"', "X-Nucsec-Label": label},
    )
