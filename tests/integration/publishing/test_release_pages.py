"""In the web: release pages show the key's fingerprint and offer the manifest and signature,
and "Verify a file" checks an upload against them."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import Role
from nucsec.publishing import keys
from tests.integration.webclient import csrf_of, sign_in


def verify_upload(client: TestClient, files: dict[str, tuple[str, bytes, str]]) -> str:
    """Fill in the "Verify a file" form as a browser does: its page first, for the CSRF token."""
    form = client.get("/verify", follow_redirects=False)
    assert form.status_code == 200, form.status_code
    token = csrf_of(form.text)
    answer = client.post("/verify", data={"csrf_token": token}, files=files, follow_redirects=False)
    assert answer.status_code == 200, answer.status_code
    return answer.text


def test_release_page_and_verify_a_file(
    app, engine: Engine, client: TestClient, make_user, tmp_path: Path
) -> None:
    from nucsec.access.principal import SYSTEM
    from nucsec.db import transaction
    from nucsec.demo import load_demo

    with transaction(engine, SYSTEM) as session:
        load_demo(session=session)
    key = keys.generate(tmp_path / "data" / "keys")
    make_user("rita", Role.reviewer, Label.SENSITIVE)
    sign_in(client, "rita")
    page = client.get("/reports?state=XD")
    made = client.post(
        "/reports/XD/public/releases", data={"csrf_token": csrf_of(page.text), "confirm": "1"}
    )
    assert made.status_code == 303
    page = client.get("/reports?state=XD").text
    assert key.fingerprint in page
    number = re.search(r"/releases/(\d+)/manifest\.json\.sig", page)
    assert number, "no signature link"
    rid = number.group(1)
    manifest = client.get(f"/releases/{rid}/manifest.json")
    signature = client.get(f"/releases/{rid}/manifest.json.sig")
    pdf = client.get(f"/releases/{rid}.pdf")
    assert manifest.status_code == signature.status_code == pdf.status_code == 200
    name = f"public-XD-r{rid}.pdf"
    assert f'filename="{name}"' in pdf.headers["content-disposition"]

    def files(content: bytes) -> dict[str, tuple[str, bytes, str]]:
        return {
            "document": (name, content, "application/pdf"),
            "manifest": ("m.manifest.json", manifest.content, "application/json"),
            "signature": ("m.manifest.json.sig", signature.content, "text/plain"),
        }

    assert "Verified." in verify_upload(client, files(pdf.content))
    altered = bytearray(pdf.content)
    altered[len(altered) // 2] ^= 1
    answer = verify_upload(client, files(bytes(altered)))
    assert "Not verified" in answer and f"{name}: sha256 differs" in answer

    # Anyone may check a downloaded report: no sign-in, but the form's CSRF token still counts.
    with TestClient(app) as anonymous:
        assert f"Verified.</strong> {name}" in verify_upload(anonymous, files(pdf.content))
        assert "Not verified" in verify_upload(anonymous, files(bytes(altered)))
        forged = anonymous.post("/verify", data={"csrf_token": "forged"}, files=files(pdf.content))
        assert forged.status_code == 403
        bare = TestClient(app).post("/verify", files=files(pdf.content))
        assert bare.status_code == 403
        # ... and reaches nothing else: the release's files, its pages, the reports stay closed.
        for path in (f"/releases/{rid}/manifest.json", f"/releases/{rid}.pdf", "/reports", "/"):
            refused = anonymous.get(path, follow_redirects=False)
            assert refused.status_code == 303, (path, refused.status_code)
            assert refused.headers["location"].startswith("/login?next=")
        assert anonymous.get("/api/v1/states").status_code == 401
