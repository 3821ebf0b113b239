"""The public report agrees with itself: statuses, published records, shares, titles, dates."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy.engine import Engine

from nucsec.access.labels import Label
from nucsec.access.principal import Principal, Role
from nucsec.catalogue import default_pack
from nucsec.demo import COMPETENCE, EVIDENCE
from nucsec.reports import service
from tests.readback import text_of

TODAY = date(2026, 11, 25)
ADMIN = Principal("amina", Role.coordinator, Label.SENSITIVE)


def _public(engine: Engine, fmt: str = "md", today: date = TODAY) -> str:
    _, content = service.generate(
        engine=engine, kind="public", state_code="XD", fmt=fmt, principal=ADMIN, today=today
    )
    return content.decode("utf-8") if fmt == "md" else text_of(fmt, content)


def _measure(text: str, measure_id: str) -> str:
    """The part of the Markdown report under one measure's heading."""
    start = text.index(f"**Measure:** {measure_id}")
    end = text.find("\n#", start)
    return text[start : end if end > 0 else None]


def test_measure_status_comes_from_the_approved_figures(demo_engine: Engine) -> None:
    text = _public(demo_engine)
    assert "not reported" not in text
    # Demoland's approved figures are those of 2025: M-REG-01 implemented, M-REG-02 in progress.
    assert "**Status:** Implemented" in _measure(text, "M-REG-01")
    assert "**Status:** In progress" in _measure(text, "M-REG-02")


def test_no_nothing_published_where_public_records_show_the_measure(
    demo_engine: Engine,
) -> None:
    text = _public(demo_engine)
    for measure_id in ("M-COMP-01", "M-COMP-02", "M-COOP-01", "M-SAPR-02", "M-SAPR-03"):
        part = _measure(text, measure_id)
        assert "Nothing published" not in part, measure_id
        assert "Published" in part, measure_id
    assert "Nothing published" in _measure(text, "M-REG-04"), "nothing shows M-REG-04"


def test_shares_are_not_computed_over_the_public_records_alone(demo_engine: Engine) -> None:
    text = _public(demo_engine)
    start = text.index("*Competence measures per year (approved totals over all records)*")
    table = text[start : text.index("*Accountable positions*", start)]
    rows = [r for r in table.splitlines() if re.match(r"\| 20\d\d \|", r)]
    assert rows and all(" 100 " not in r for r in rows), "100 % over two public positions"
    assert all(r.split("|")[2].strip() == "75" for r in rows), "3 of the 4 positions, approved"


def test_no_title_of_a_record_above_public_appears(demo_engine: Engine) -> None:
    hidden = [title for title, _, label, _ in EVIDENCE if label is not Label.PUBLIC]
    for rows in COMPETENCE.values():
        hidden += [
            str(r.get("title") or r.get("role") or r.get("scheme"))
            for r in rows
            if r["label"] is not Label.PUBLIC
        ]
    for fmt in ("md", "pdf"):
        text = " ".join(_public(demo_engine, fmt).split())
        for title in hidden:
            assert title not in text, (fmt, title)


def test_planned_dates_in_the_past_are_flagged(demo_engine: Engine) -> None:
    late = _public(demo_engine)
    assert "**Next self-assessment planned by:** 2026-03-14 (past: not done by 2026-11-25)" in late
    early = _public(demo_engine, today=date(2025, 6, 1))
    assert "**Next self-assessment planned by:** 2026-03-14\n" in early


def test_every_measure_of_the_pack_has_a_status(demo_engine: Engine) -> None:
    text = _public(demo_engine)
    for measure in default_pack().measures:
        assert "**Status:** not reported" not in _measure(text, measure.id)
