"""The SVG charts are well-formed, accessible, escaped, to scale and deterministic."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import pytest

from nucsec.charts import (
    BAR_COLOUR,
    GRID_COLOUR,
    HIGHLIGHT_COLOUR,
    NO_DATA_TEXT,
    NOT_APPLICABLE_TEXT,
    SERIES_COLOURS,
    Bar,
    Point,
    bar_chart,
    gauge,
    line_chart,
)

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script>&"\' ]]>'

COMMITMENTS = [
    Bar("C1", "Subscribe to the fundamental principles", 62.0),
    Bar("C2", "Meet the intent of the recommendations", 40.0, highlight=True),
    Bar("C3", "Ensure competent management", None),
    Bar("C4", "Support training", 100.0),
]
HISTORY = [
    Point("2024-03-01", {"Implementation": 41.5, "Confidence": 20.0}),
    Point("2024-04-01", {"Implementation": 45.0, "Confidence": 25.0}),
    Point("2024-05-01", {"Implementation": 52.0, "Confidence": 30.0}),
    Point("2024-06-01", {"Implementation": 60.0, "Confidence": 38.0}),
]
# More series than colours, so every palette entry (and the wrap-around) is drawn.
CROWD = [Point(f"p{i}", {f"Series number {n}": 10.0 * n + i for n in range(8)}) for i in range(3)]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed


def data_rects(root: ET.Element) -> dict[str, ET.Element]:
    return {r.get("data-key", ""): r for r in root.iter(f"{NS}rect") if r.get("data-key")}


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{NS}text")]


def width_of(element: ET.Element) -> float:
    return float(element.get("width", "nan"))


def path_points(path: ET.Element) -> list[tuple[float, float]]:
    pairs = re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", path.get("d", ""))
    return [(float(x), float(y)) for x, y in pairs]


def series_paths(root: ET.Element) -> dict[str, ET.Element]:
    paths = [p for p in root.iter(f"{NS}path") if p.get("data-series") is not None]
    by_name = {p.get("data-series", ""): p for p in paths}
    assert len(by_name) == len(paths), "one path per series, no more"
    return by_name


def dots(root: ET.Element, series: str) -> list[ET.Element]:
    return [c for c in root.iter(f"{NS}circle") if c.get("data-series") == series]


CHARTS: dict[str, Callable[[str], str]] = {
    "bar": lambda title: bar_chart(COMMITMENTS, title=title, unit="%"),
    "bar-empty": lambda title: bar_chart([], title=title),
    "line": lambda title: line_chart(HISTORY, title=title),
    "line-empty": lambda title: line_chart([], title=title),
    "line-crowd": lambda title: line_chart(CROWD, title=title, height=300),
    "gauge": lambda title: gauge(62.0, title=title),
    "gauge-none": lambda title: gauge(None, title=title),
}


# --- every chart ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", CHARTS)
def test_chart_is_standalone_accessible_svg(kind: str) -> None:
    root = parse(CHARTS[kind]("Commitments"))
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    width, height = root.get("width"), root.get("height")
    assert width and height
    assert root.get("viewBox") == f"0 0 {width} {height}"
    assert root.get("font-family") == "system-ui, sans-serif"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    children = {child.get("id"): child for child in root}
    assert children[title_id].tag == f"{NS}title"
    assert children[title_id].text == "Commitments"
    assert children[desc_id].tag == f"{NS}desc"
    assert (children[desc_id].text or "").strip()


@pytest.mark.parametrize("kind", CHARTS)
def test_chart_is_self_contained(kind: str) -> None:
    svg = CHARTS[kind]("Commitments")
    for element in parse(svg).iter():
        assert element.tag.removeprefix(NS) not in {"script", "style", "image", "foreignObject"}
        assert not {"class", "style", "href", "{http://www.w3.org/1999/xlink}href"} & set(
            element.attrib
        )
    assert "url(" not in svg


def contrast_with_white(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


@pytest.mark.parametrize("kind", CHARTS)
def test_meaningful_colours_reach_wcag_aa(kind: str) -> None:
    root = parse(CHARTS[kind]("Commitments"))
    colours = {
        element.get(attribute)
        for element in root.iter()
        for attribute in ("fill", "stroke")
        if element.get(attribute) not in (None, "none")
    }
    assert colours, "the chart draws nothing"
    for colour in colours - {GRID_COLOUR}:  # grid lines and the gauge track are decoration
        assert contrast_with_white(colour or "") >= 4.5, colour


@pytest.mark.parametrize("kind", CHARTS)
def test_same_input_gives_same_string(kind: str) -> None:
    assert CHARTS[kind]("Commitments") == CHARTS[kind]("Commitments")


def test_ids_differ_between_charts_so_one_page_can_hold_several() -> None:
    first = parse(CHARTS["bar"]("Commitments")).get("aria-labelledby")
    second = parse(CHARTS["bar"]("Elements")).get("aria-labelledby")
    assert first != second


# --- bar chart ------------------------------------------------------------------------------


def test_bar_desc_states_the_figures_in_words() -> None:
    root = parse(bar_chart(COMMITMENTS, title="Commitments", unit="%"))
    assert root.findtext(f"{NS}desc") == (
        "C1 Subscribe to the fundamental principles: 62%; "
        "C2 Meet the intent of the recommendations: 40% (highlighted); "
        "C3 Ensure competent management: n/a; "
        "C4 Support training: 100%"
    )


def test_one_bar_per_valued_row() -> None:
    rects = data_rects(parse(bar_chart(COMMITMENTS, title="Commitments")))
    assert sorted(rects) == ["C1", "C2", "C4"]


def test_bar_tooltip_carries_the_full_label() -> None:
    rects = data_rects(parse(bar_chart(COMMITMENTS, title="Commitments", unit="%")))
    assert rects["C1"].findtext(f"{NS}title") == "C1 Subscribe to the fundamental principles: 62%"


def test_bar_widths_are_proportional_to_values() -> None:
    bars = [Bar("A", "a", 100.0), Bar("B", "b", 50.0), Bar("C", "c", 25.0), Bar("D", "d", 0.0)]
    rects = data_rects(parse(bar_chart(bars, title="t")))
    full = width_of(rects["A"])
    assert full > 100
    assert width_of(rects["B"]) == pytest.approx(full / 2, abs=0.01)
    assert width_of(rects["C"]) == pytest.approx(full / 4, abs=0.01)
    assert width_of(rects["D"]) == 0
    assert {r.get("x") for r in rects.values()} == {rects["A"].get("x")}, "bars share a baseline"


def test_bar_widths_follow_max_value() -> None:
    bars = [Bar("A", "a", 10.0), Bar("B", "b", 5.0)]
    wide = data_rects(parse(bar_chart(bars, title="t", max_value=10.0)))
    narrow = data_rects(parse(bar_chart(bars, title="t", max_value=20.0)))
    assert width_of(narrow["A"]) == pytest.approx(width_of(wide["A"]) / 2, abs=0.01)
    assert width_of(wide["B"]) == pytest.approx(width_of(narrow["A"]), abs=0.01)


def test_out_of_range_bars_are_clamped_but_print_the_real_value() -> None:
    bars = [Bar("A", "a", 100.0), Bar("B", "b", 140.0), Bar("C", "c", -10.0)]
    root = parse(bar_chart(bars, title="t", unit="%"))
    rects = data_rects(root)
    assert width_of(rects["B"]) == width_of(rects["A"])
    assert width_of(rects["C"]) == 0
    assert {"140%", "-10%"} <= set(texts(root))
    assert int(root.get("width", "0")) == 640


def test_printed_values_round_half_up_to_integers() -> None:
    bars = [Bar("A", "a", 62.5), Bar("B", "b", 40.4), Bar("C", "c", 99.96)]
    shown = texts(parse(bar_chart(bars, title="t", unit=" %")))
    assert {"63 %", "40 %", "100 %"} <= set(shown)
    assert "62 %" not in shown


def test_highlight_colour_marks_only_highlighted_bars() -> None:
    root = parse(bar_chart(COMMITMENTS, title="Commitments"))
    highlighted = [e for e in root.iter() if HIGHLIGHT_COLOUR in (e.get("fill"), e.get("stroke"))]
    assert [e.get("data-key") for e in highlighted] == ["C2"]
    assert {data_rects(root)[k].get("fill") for k in ("C1", "C4")} == {BAR_COLOUR}
    plain = [Bar(b.key, b.label, b.value) for b in COMMITMENTS]
    assert HIGHLIGHT_COLOUR not in bar_chart(plain, title="Commitments")


def test_missing_value_reads_not_applicable() -> None:
    root = parse(bar_chart(COMMITMENTS, title="Commitments"))
    assert texts(root).count(NOT_APPLICABLE_TEXT) == 1
    all_na = parse(bar_chart([Bar("A", "a", None), Bar("B", "b", float("nan"))], title="t"))
    assert texts(all_na).count(NOT_APPLICABLE_TEXT) == 2
    assert data_rects(all_na) == {}


def test_empty_bar_chart_says_no_data() -> None:
    root = parse(bar_chart([], title="t"))
    assert NO_DATA_TEXT in texts(root)
    assert data_rects(root) == {}


def test_bar_chart_escapes_every_caller_text() -> None:
    svg = bar_chart([Bar(HOSTILE, HOSTILE, 50.0, True)], title=HOSTILE, unit=HOSTILE, width=2000)
    assert "<script" not in svg
    root = parse(svg)
    assert root.findtext(f"{NS}title") == HOSTILE
    assert root.findtext(f"{NS}desc") == f"{HOSTILE} {HOSTILE}: 50{HOSTILE} (highlighted)"
    assert list(data_rects(root)) == [HOSTILE]
    assert HOSTILE in texts(root)
    assert f"50{HOSTILE}" in texts(root)


def test_characters_xml_cannot_carry_are_dropped() -> None:
    root = parse(bar_chart([Bar("A\x00", "b\x1bc\x7f", 1.0)], title="t\x0c"))
    assert root.findtext(f"{NS}title") == "t"
    assert root.findtext(f"{NS}desc") == "A bc\x7f: 1"


@pytest.mark.parametrize("max_value", [0.0, -1.0, float("nan"), float("inf")])
def test_bad_scale_is_refused(max_value: float) -> None:
    with pytest.raises(ValueError, match="max_value"):
        bar_chart(COMMITMENTS, title="t", max_value=max_value)
    with pytest.raises(ValueError, match="max_value"):
        line_chart(HISTORY, title="t", max_value=max_value)


def test_too_narrow_is_refused_rather_than_drawn_wrong() -> None:
    with pytest.raises(ValueError, match="width"):
        bar_chart(COMMITMENTS, title="t", width=60)
    with pytest.raises(ValueError, match="room"):
        line_chart(HISTORY, title="t", width=100)
    with pytest.raises(ValueError, match="width"):
        gauge(50.0, title="t", width=40)


# --- line chart -----------------------------------------------------------------------------


def test_one_path_per_series_through_every_point() -> None:
    root = parse(line_chart(HISTORY, title="History"))
    paths = series_paths(root)
    assert list(paths) == ["Implementation", "Confidence"]
    for name, path in paths.items():
        points = path_points(path)
        assert len(points) == len(HISTORY)
        assert [x for x, _ in points] == sorted(x for x, _ in points), "points in the given order"
        assert len(dots(root, name)) == len(HISTORY)
    assert path_points(paths["Implementation"])[0][1] > path_points(paths["Implementation"])[-1][1]


def test_every_palette_colour_is_used_and_styles_stay_distinct() -> None:
    root = parse(line_chart(CROWD, title="t", height=300))
    paths = series_paths(root)
    assert len(paths) == 8
    assert {p.get("stroke") for p in paths.values()} == set(SERIES_COLOURS)
    assert len({(p.get("stroke"), p.get("stroke-dasharray")) for p in paths.values()}) == 8
    legend = root.find(f"{NS}g[@data-legend]")
    assert legend is not None
    assert texts(legend) == [f"Series number {n}" for n in range(8)]
    assert len({t.get("y") for t in legend.iter(f"{NS}text")}) > 1, "a long legend wraps"


def test_series_differ_in_colour_and_dash() -> None:
    paths = series_paths(parse(line_chart(HISTORY, title="History")))
    styles = {(p.get("stroke"), p.get("stroke-dasharray")) for p in paths.values()}
    assert len(styles) == 2
    assert len({p.get("stroke") for p in paths.values()}) == 2


def test_missing_values_leave_a_gap() -> None:
    points = [Point(f"p{i}", {"s": v}) for i, v in enumerate([10.0, 20.0, None, 40.0, 50.0])]
    root = parse(line_chart(points, title="t"))
    path = series_paths(root)["s"]
    assert path.get("d", "").count("M") == 2
    assert len(path_points(path)) == 4
    assert len(dots(root, "s")) == 4
    assert "p2 n/a" in (root.findtext(f"{NS}desc") or "")


def test_series_absent_from_a_point_is_a_gap_too() -> None:
    points = [Point("a", {"s": 10.0, "t": 5.0}), Point("b", {"t": 6.0}), Point("c", {"s": 30.0})]
    root = parse(line_chart(points, title="t"))
    paths = series_paths(root)
    assert list(paths) == ["t"], "s has no two neighbouring values, so it is dots only"
    assert len(path_points(paths["t"])) == 2
    assert len(dots(root, "s")) == 2


def test_single_point_draws_dots_only() -> None:
    root = parse(line_chart(HISTORY[:1], title="t"))
    assert series_paths(root) == {}
    assert len(dots(root, "Implementation")) == 1
    assert len(dots(root, "Confidence")) == 1


@pytest.mark.parametrize("points", [[], [Point("2024-03-01", {})]])
def test_nothing_to_plot_says_no_data_yet(points: list[Point]) -> None:
    root = parse(line_chart(points, title="History", width=500, height=200))
    assert NO_DATA_TEXT in texts(root)
    assert (root.get("width"), root.get("height")) == ("500", "200")
    assert not list(root.iter(f"{NS}circle"))
    assert [r.get("fill") for r in root.iter(f"{NS}rect")] == ["none"], "a frame only"


def grid_lines(root: ET.Element) -> dict[str, float]:
    """Y label -> y of the horizontal grid line drawn just before it."""
    elements = [e for e in root if e.tag in (f"{NS}line", f"{NS}text")]
    return {
        label.text or "": float(line.get("y1", "nan"))
        for line, label in itertools.pairwise(elements)
        if line.tag == f"{NS}line" and label.get("text-anchor") == "end"
    }


def test_y_grid_at_quarters_of_the_scale() -> None:
    assert list(grid_lines(parse(line_chart(HISTORY, title="t")))) == ["0", "25", "50", "75", "100"]
    grid = grid_lines(parse(line_chart(HISTORY, title="t", max_value=200.0)))
    assert list(grid) == ["0", "50", "100", "150", "200"]
    assert grid["0"] - grid["100"] == pytest.approx(grid["100"] - grid["200"], abs=0.01)


def test_line_values_are_clamped_to_the_grid() -> None:
    points = [Point("a", {"s": 150.0}), Point("b", {"s": -20.0}), Point("c", {"s": 50.0})]
    root = parse(line_chart(points, title="t"))
    grid = grid_lines(root)
    (_, high), (_, low), (_, middle) = path_points(series_paths(root)["s"])
    assert high == pytest.approx(grid["100"], abs=0.01)
    assert low == pytest.approx(grid["0"], abs=0.01)
    assert middle == pytest.approx(grid["50"], abs=0.01)
    tooltips = [c.findtext(f"{NS}title") for c in dots(root, "s")]
    assert tooltips == ["s, a: 150", "s, b: -20", "s, c: 50"]


def test_x_labels_and_legend_name_everything() -> None:
    root = parse(line_chart(HISTORY, title="History"))
    shown = texts(root)
    assert [p.label for p in HISTORY] == [t for t in shown if t.startswith("2024-")]
    legend = root.find(f"{NS}g[@data-legend]")
    assert legend is not None
    assert texts(legend) == ["Implementation", "Confidence"]


def test_crowded_x_labels_are_thinned() -> None:
    points = [Point(f"2024-01-{day:02d}", {"s": float(day)}) for day in range(1, 31)]
    shown = [t for t in texts(parse(line_chart(points, title="t"))) if t.startswith("2024-")]
    assert 2 <= len(shown) < len(points)
    assert shown[0] == "2024-01-01"


def test_line_desc_states_the_figures_in_words() -> None:
    desc = parse(line_chart(HISTORY[:2], title="t")).findtext(f"{NS}desc")
    assert desc == (
        "Implementation: 2024-03-01 42, 2024-04-01 45; Confidence: 2024-03-01 20, 2024-04-01 25"
    )


def test_line_chart_escapes_every_caller_text() -> None:
    points = [Point(HOSTILE, {HOSTILE: 10.0}), Point("b", {HOSTILE: 20.0})]
    svg = line_chart(points, title=HOSTILE)
    assert "<script" not in svg
    root = parse(svg)
    assert root.findtext(f"{NS}title") == HOSTILE
    assert list(series_paths(root)) == [HOSTILE]
    assert texts(root).count(HOSTILE) == 2, "x label and legend"
    assert dots(root, HOSTILE)[0].findtext(f"{NS}title") == f"{HOSTILE}, {HOSTILE}: 10"


# --- gauge ----------------------------------------------------------------------------------


def gauge_parts(svg: str) -> tuple[ET.Element, ET.Element | None, str]:
    root = parse(svg)
    track = next(r for r in root.iter(f"{NS}rect") if r.get("data-key") is None)
    return track, data_rects(root).get("gauge"), texts(root)[0]


def test_gauge_fill_is_the_value_share_of_the_track() -> None:
    track, fill, figure = gauge_parts(gauge(62.0, title="Overall index"))
    assert fill is not None
    assert width_of(fill) == pytest.approx(width_of(track) * 0.62, abs=0.01)
    assert fill.get("x") == track.get("x")
    assert figure == "62 / 100"


@pytest.mark.parametrize(("value", "share", "shown"), [(150.0, 1.0, "150"), (-5.0, 0.0, "-5")])
def test_gauge_clamps_the_bar_not_the_number(value: float, share: float, shown: str) -> None:
    track, fill, figure = gauge_parts(gauge(value, title="Overall index"))
    assert fill is not None
    assert width_of(fill) == pytest.approx(width_of(track) * share, abs=0.01)
    assert figure == f"{shown} / 100"


def test_gauge_without_value_reads_not_applicable() -> None:
    svg = gauge(None, title="Confidence index")
    _, fill, figure = gauge_parts(svg)
    assert fill is None
    assert figure == NOT_APPLICABLE_TEXT
    assert parse(svg).findtext(f"{NS}desc") == "Confidence index: n/a"


def test_gauge_desc_and_escaping() -> None:
    svg = gauge(71.5, title=HOSTILE, width=300)
    assert "<script" not in svg
    root = parse(svg)
    assert root.get("width") == "300"
    assert root.findtext(f"{NS}title") == HOSTILE
    assert root.findtext(f"{NS}desc") == f"{HOSTILE}: 72 out of 100"


def test_bars_print_their_names_and_keys_explain_themselves() -> None:
    """An axis of E01-E12 means nothing to a reader: the name is printed above each bar, and
    the key carries it as a tooltip too (also with `named=False`)."""
    bars = [Bar("E01", "State responsibility", 40.0), Bar("E02", "Identification", None)]
    named = parse(bar_chart(bars, title="Elements"))
    texts = [t.text for t in named.iter(f"{NS}text")]
    assert "State responsibility" in texts and "Identification" in texts
    compact = parse(bar_chart(bars, title="Elements", named=False))
    assert "State responsibility" not in [t.text for t in compact.iter(f"{NS}text")]
    key = next(t for t in compact.iter(f"{NS}text") if t.text == "E01")
    assert key.findtext(f"{NS}title") == "E01 State responsibility: 40"
    assert int(named.get("height")) > int(compact.get("height"))


def test_timeline_names_every_event_on_an_axis_of_years() -> None:
    from datetime import date

    from nucsec.charts import Span, timeline

    spans = [
        Span("IPPAS follow-up mission 2026", date(2026, 3, 2), date(2026, 3, 6), "XD"),
        Span("IPPAS mission 2024", date(2024, 5, 6), date(2024, 5, 17), "XD"),
    ]
    svg = parse(timeline(spans, title="Reviews"))
    texts = [t.text for t in svg.iter(f"{NS}text")]
    assert texts.index("IPPAS mission 2024") < texts.index("IPPAS follow-up mission 2026")
    assert {"2024", "2025", "2026", "2027"} <= set(texts)
    rects = data_rects(svg)
    assert float(rects["IPPAS mission 2024"].get("x")) < float(
        rects["IPPAS follow-up mission 2026"].get("x")
    )
    assert "IPPAS mission 2024 (XD): 2024-05-06 to 2024-05-17" in svg.findtext(f"{NS}desc")
    assert "No data yet" in timeline([], title="Reviews")
