"""The select options pages draw from Python: escaped, exactly one marked, cached per list."""

from __future__ import annotations

from html.parser import HTMLParser
from types import SimpleNamespace

from nucsec.web.current import Choice
from nucsec.web.templating import field_marks, options, state_options


class Options(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str | None, bool, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "option":
            a = dict(attrs)
            self.found.append((a.get("value"), "selected" in a, ""))

    def handle_data(self, data: str) -> None:
        if self.found:
            value, selected, text = self.found[-1]
            self.found[-1] = (value, selected, text + data)


def parsed(markup: str) -> list[tuple[str | None, bool, str]]:
    parser = Options()
    parser.feed(markup)
    return parser.found


STATES = [
    Choice("QAA", "Alpha & <Sons>", "OFFICIAL"),
    Choice("QAB", 'Quote "state"', "PUBLIC"),
    Choice("QAC", "Gamma", "SENSITIVE"),
]


def test_state_options_escape_names_and_mark_only_the_selected_state() -> None:
    for _ in range(2):  # the second call comes from the cache and must agree
        found = parsed(str(state_options(STATES, "QAB")))
        assert found == [
            ("QAA", False, "Alpha & <Sons> (QAA)"),
            ("QAB", True, 'Quote "state" (QAB)'),
            ("QAC", False, "Gamma (QAC)"),
        ]
    assert "<Sons>" not in str(state_options(STATES))


def test_state_options_without_code_and_with_an_unknown_selection() -> None:
    found = parsed(str(state_options(STATES, "QZZ", with_code=False)))
    assert [text for _, _, text in found] == ["Alpha & <Sons>", 'Quote "state"', "Gamma"]
    assert not any(selected for _, selected, _ in found)


def test_options_take_strings_pairs_and_records() -> None:
    statuses = [SimpleNamespace(id="planned", title="Planned"), SimpleNamespace(id=3, title="<3>")]
    assert parsed(str(options(statuses, 3))) == [("planned", False, "Planned"), ("3", True, "<3>")]
    assert parsed(str(options(["PUBLIC", "OFFICIAL"], "OFFICIAL"))) == [
        ("PUBLIC", False, "PUBLIC"),
        ("OFFICIAL", True, "OFFICIAL"),
    ]
    assert parsed(str(options([("", "all"), ("x", "X")]))) == [
        ("", False, "all"),
        ("x", False, "X"),
    ]


def test_field_marks_mark_only_the_field_a_refused_save_names() -> None:
    bad = {"C1-IA01": "status", "C1-IA03": "row"}
    marks = field_marks(bad, ["C1-IA01", "C1-IA02", "C1-IA03"], ["status", "owner"])
    assert 'aria-invalid="true"' in str(marks["C1-IA01"]["status"])
    assert str(marks["C1-IA01"]["owner"]) == ""
    assert str(marks["C1-IA02"]["status"]) == "" and str(marks["C1-IA02"]["owner"]) == ""
    assert str(marks["C1-IA03"]["status"]) == "", "a whole-row error marks no single field"


def test_badge_shows_the_label_escaped() -> None:
    from nucsec.access.labels import Label
    from nucsec.web.templating import badge

    assert str(badge(Label.SENSITIVE)) == (
        '<span class="badge SENSITIVE" title="Sensitivity label">SENSITIVE</span>'
    )
    assert "<x>" not in str(badge("<x>")) and "&lt;x&gt;" in str(badge("<x>"))


def test_state_options_take_code_and_name_pairs() -> None:
    found = parsed(str(state_options([("QAB", "Beta <b>"), ("QAA", "Alpha")], "QAA")))
    assert found == [("QAB", False, "Beta <b> (QAB)"), ("QAA", True, "Alpha (QAA)")]
