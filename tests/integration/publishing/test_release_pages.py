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


def test_release_page_and_verify_a_file(
    engine: Engine, client: TestClient, make_user, tmp_path: Path
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
    made = client.post("/reports/XD/public/releases", data={"csrf_token": csrf_of(page.text)})
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

    def check(content: bytes) -> str:
        form = client.get("/verify")
        return client.post(
            "/verify",
            data={"csrf_token": csrf_of(form.text)},
            files={
                "document": (name, content, "application/pdf"),
                "manifest": ("m.manifest.json", manifest.content, "application/json"),
                "signature": ("m.manifest.json.sig", signature.content, "text/plain"),
            },
        ).text

    assert "Verified." in check(pdf.content)
    altered = bytearray(pdf.content)
    altered[len(altered) // 2] ^= 1
    answer = check(bytes(altered))
    assert "Not verified" in answer and f"{name}: sha256 differs" in answer
