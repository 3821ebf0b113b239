"""Release manifests and signatures for download, and the "Verify a file" page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response

from nucsec.errors import Invalid
from nucsec.publishing import keys, service, verification
from nucsec.web.deps import SessionDep
from nucsec.web.security import public
from nucsec.web.templating import render

router = APIRouter(include_in_schema=False)
MAX_UPLOAD = 50_000_000


@router.get("/releases/{release_id}/manifest.json")
def manifest(release_id: int, session: SessionDep) -> Response:
    row = service.signature_of(session=session, release_id=release_id)
    return Response(
        row.manifest,
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="release-{release_id}.manifest.json"'
        },
    )


@router.get("/releases/{release_id}/manifest.json.sig")
def signature(release_id: int, session: SessionDep) -> Response:
    row = service.signature_of(session=session, release_id=release_id)
    if row.signature is None:
        raise Invalid(f"release {release_id} was made without a signing key: it has no signature")
    return Response(
        row.signature,
        media_type="text/plain",
        headers={
            "Content-Disposition": f'attachment; filename="release-{release_id}.manifest.json.sig"'
        },
    )


@router.get("/verify")
@public
def verify_page(request: Request) -> Response:
    return render(request, "verify.html", {"result": None})


async def _read(upload: UploadFile, what: str) -> bytes:
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise Invalid(f"{what}: larger than {MAX_UPLOAD} bytes")
    return data


@router.post("/verify")
@public
async def verify_upload(
    request: Request,
    session: SessionDep,
    document: Annotated[UploadFile, File()],
    manifest: Annotated[UploadFile, File()],
    signature: Annotated[UploadFile, File()],
) -> Response:
    """Check an uploaded file against its manifest and signature, with this installation's keys.

    Public (anyone holding a downloaded report may check it), but still CSRF-checked like the
    login form: the token comes from the anonymous session the GET page starts.
    """
    trusted = service.trusted_keys(
        session=session, folder=keys.folder_for(request.app.state.engine)
    )
    names = (document.filename or "file", manifest.filename or "manifest")
    try:
        verified = verification.check_signature(
            manifest=await _read(manifest, names[1]),
            signature=await _read(signature, signature.filename or "signature"),
            trusted=trusted,
            manifest_name=names[1],
            signature_name=signature.filename or "signature",
        )
        verification.check_file(
            manifest=verified.manifest, name=names[0], content=await _read(document, names[0])
        )
        result = {"ok": True, "manifest": verified.manifest, "fingerprint": verified.fingerprint}
    except verification.VerificationFailed as exc:
        result = {"ok": False, "reason": str(exc)}
    except Invalid as exc:
        result = {"ok": False, "reason": str(exc)}
    return render(request, "verify.html", {"result": result, "name": names[0]})
