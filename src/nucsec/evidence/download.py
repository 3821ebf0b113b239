"""How a stored file leaves the server: always as a download, never run in the browser."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.responses import Response

from nucsec.evidence.models import EvidenceFile

# A stored HTML page or SVG could carry script: `sandbox` gives it an opaque origin with
# scripts off should a browser ever render it, and nothing may load from anywhere.
FILE_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'"


def disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the exact name in RFC 5987 form, so no
    quote, backslash, semicolon or line break in a name can break out of the header."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;%' else "_" for c in filename
    )
    return f"attachment; filename=\"{fallback or 'file'}\"; filename*=UTF-8''{quote(filename)}"


def file_response(record: EvidenceFile, data: bytes) -> Response:
    return Response(
        content=data,
        media_type=record.media_type,
        headers={
            "Content-Disposition": disposition(record.filename),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": FILE_POLICY,
            "Cache-Control": "private, no-store",
        },
    )
