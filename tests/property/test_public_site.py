"""Property: whatever a state records and releases, the static transparency site holds no text
above PUBLIC, in any of its files and formats.

The states come from the canary scenario of `test_public_outputs` (a unique canary in every text
field, at every label). Each state gets a signing key, a released public report and a released
consolidated report (OFFICIAL or higher as soon as it holds such records), then
`nucsec publish-site` writes the site. Every file is read back as its reader would: HTML, JSON,
OSCAL, keys and manifests as text, PDF through pypdf and DOCX through python-docx.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from nucsec.cli.main import main
from nucsec.db import make_engine, migrate, transaction
from nucsec.errors import NotFound
from nucsec.publishing import keys
from nucsec.reports import service as reports
from tests.property.test_public_outputs import REVIEWER, TODAY, build, scenario
from tests.readback import docx_text, pdf_text

pytestmark = pytest.mark.slow


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables for one example (hypothesis reruns the test body)."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def site_texts(site: Path) -> dict[str, str]:
    """Every file of the site as text: raw for text formats, extracted for PDF and DOCX."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        name = str(path.relative_to(site))
        if path.suffix == ".pdf":
            texts[name] = pdf_text(data)
        elif path.suffix == ".docx":
            texts[name] = docx_text(data)
        else:
            texts[name] = data.decode("utf-8")
    return texts


@settings(
    max_examples=int(os.environ.get("NUCSEC_TEST_CANARY_EXAMPLES", "15")),
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=scenario)
def test_no_canary_above_public_reaches_the_transparency_site(data) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/p.db"
        engine = make_engine(url)
        migrate(engine)
        canaries, code = build(engine, data)
        keys.use_folder(engine, Path(folder) / "data" / "keys")
        keys.generate(Path(folder) / "data" / "keys")
        released = []
        for kind in ("public", "consolidated"):
            if kind == "public" and not data["state_public"]:
                with pytest.raises(NotFound), transaction(engine, REVIEWER) as session:
                    reports.release(
                        session=session, engine=engine, kind=kind, state_code=code, today=TODAY
                    )
                continue
            with transaction(engine, REVIEWER) as session:
                row = reports.release(
                    session=session, engine=engine, kind=kind, state_code=code, today=TODAY
                )
                released.append((kind, row.label))
        engine.dispose()
        site = Path(folder) / "site"
        with environment(NUCSEC_DATABASE_URL=url, NUCSEC_DATA_DIR=f"{folder}/data"):
            code_ = main(["publish-site", "--state", code, "-o", str(site)])
        if not data["state_public"]:  # a hidden state has no public site at all
            assert code_ != 0
            assert not site.exists() or not any(site.iterdir())
            return
        assert code_ == 0
        texts = site_texts(site)
    everything = "\n".join(texts.values())
    leaked = {t for t in canaries.forbidden if t in everything}
    assert not leaked, {t: [k for k, v in texts.items() if t in v] for t in leaked}
    # The search reached real content: the public report and its data carry the public texts,
    # and exactly the PUBLIC releases are on the site, each with its five files.
    # (The legal register and narratives belong to other reports, not the public one.)
    for token in canaries.required - canaries.legal - canaries.contacts:
        assert token in texts["report.html"] and token in texts["data/public-report.json"]
    on_site = {name.split("/")[1] for name in texts if name.startswith("releases/")}
    assert len(on_site) == sum(1 for _, label in released if label == "PUBLIC") >= 1
    for stem in on_site:
        assert {
            f"releases/{stem}/{stem}.{ext}" for ext in ("pdf", "docx", "html", "md", "json")
        } <= (texts.keys())
