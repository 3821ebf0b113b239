"""Server-side SVG charts, the one source of figures for HTML pages and PDF/DOCX reports.

Plain string building keeps the output deterministic (same input, same bytes), free of
scripts and external resources, and renderable by browsers and WeasyPrint alike. Every
text that comes from the caller is XML-escaped; characters XML cannot carry are dropped.
Titles are not drawn: the page or report around a chart supplies the visible caption, the
SVG carries the title and the figures in words for assistive technology.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeGuard
from xml.sax.saxutils import escape, quoteattr

__all__ = [
    "BAR_COLOUR",
    "GRID_COLOUR",
    "HIGHLIGHT_COLOUR",
    "NOT_APPLICABLE_TEXT",
    "NO_DATA_TEXT",
    "SERIES_COLOURS",
    "TEXT_COLOUR",
    "Bar",
    "Point",
    "Span",
    "bar_chart",
    "gauge",
    "line_chart",
    "timeline",
]

FONT_FAMILY = "system-ui, sans-serif"
# All colours that carry meaning reach WCAG AA (4.5:1) against white; grid lines are decoration.
BAR_COLOUR = "#0b4f8a"
HIGHLIGHT_COLOUR = "#a1121b"
TEXT_COLOUR = "#1b1f24"
MUTED_TEXT_COLOUR = "#57606a"
GRID_COLOUR = "#d0d7de"
# Colour and dash both vary, so series stay apart in greyscale print and for colour-blind readers.
SERIES_COLOURS = ("#0b4f8a", "#a1121b", "#1a7f37", "#8250df", "#9a6700", "#1b1f24")
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3")
NO_DATA_TEXT = "No data yet"
NOT_APPLICABLE_TEXT = "n/a"

_CHAR_WIDTH = 7.0  # rough advance of a 12 px system-ui glyph, only to reserve room for text
_SMALL_CHAR_WIDTH = 6.0  # same for the 10 px axis labels
_GRID_FRACTIONS = (0.0, 0.25, 0.5, 0.75, 1.0)
_MIN_PLOT = 40.0  # narrower than this, a chart says nothing; refuse rather than draw garbage
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_BAR_TOP = 8.0
_BAR_ROW = 28.0
_BAR_THICKNESS = 18.0
_BAR_AXIS_BAND = 22.0
_BAR_NAME_BAND = 16.0  # a named row's line of text above its bar

_LINE_LEFT = 40.0
_LINE_RIGHT = 40.0  # room for half of the last x label
_LINE_TOP = 12.0
_LINE_X_LABEL_BAND = 24.0
_LEGEND_ROW = 18.0

_GAUGE_MAX = 100.0
_GAUGE_HEIGHT = 60
_GAUGE_PAD = 8.0


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart; `key` goes on the axis, `label` into the accessible text."""

    key: str
    label: str
    value: float | None  # None: no applicable items, drawn as an empty row reading "n/a"
    highlight: bool = False  # e.g. the weakest commitment


@dataclass(frozen=True)
class Point:
    """One x position of a line chart: its label and the value of each series there."""

    label: str
    values: dict[str, float | None]  # a missing or None value leaves a gap in that series


# --- shared helpers -------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (NUL, most controls) so output always parses."""
    return _XML_INVALID.sub("", text)


def _esc(text: str) -> str:
    return escape(_clean(text))


def _attr(text: str) -> str:
    """Quoted attribute value, safe whatever quotes or newlines the caller's text holds."""
    return quoteattr(_clean(text))


def _fmt(number: float) -> str:
    """Coordinates with at most two decimals, so equal inputs give byte-equal output."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _present(value: float | None) -> TypeGuard[float]:
    """NaN and infinities cannot be drawn or printed honestly, so they count as missing."""
    return value is not None and math.isfinite(value)


def _rounded(value: float) -> int:
    """Half-up, as readers expect: 62.5 reads 63 (built-in round() would say 62)."""
    return int(Decimal(repr(float(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _printed(value: float | None, unit: str = "") -> str:
    """The real value, rounded: clamping only applies to what is drawn."""
    return f"{_rounded(value)}{unit}" if _present(value) else NOT_APPLICABLE_TEXT


def _fraction(value: float, max_value: float) -> float:
    """Share of the scale to draw, clamped so outliers cannot break the layout."""
    return min(max(value, 0.0), max_value) / max_value


def _check_scale(max_value: float) -> None:
    if not (math.isfinite(max_value) and max_value > 0):
        raise ValueError(f"max_value must be a positive number, got {max_value!r}")


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = 12,
    anchor: str = "start",
    colour: str = TEXT_COLOUR,
    extra: str = "",
) -> str:
    anchor_attr = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return (
        f'<text x="{_fmt(x)}" y="{_fmt(y)}" font-size="{size}" fill="{colour}"'
        f"{anchor_attr}{extra}>{_esc(content)}</text>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return (
        f'<line x1="{_fmt(x1)}" y1="{_fmt(y1)}" x2="{_fmt(x2)}" y2="{_fmt(y2)}" '
        f'stroke="{colour}" stroke-width="1"/>'
    )


def _svg(width: int, height: int, title: str, desc: str, body: Sequence[str]) -> str:
    """Standalone root; ids derive from the content so several charts can share a page."""
    content = "".join(body)
    digest = hashlib.sha256(f"{width}\0{height}\0{title}\0{desc}\0{content}".encode()).hexdigest()
    ident = f"nucsec-chart-{digest[:12]}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="{FONT_FAMILY}">'
        f'<title id="{ident}-title">{_esc(title)}</title>'
        f'<desc id="{ident}-desc">{_esc(desc)}</desc>'
        f"{content}</svg>"
    )


def _no_data(width: int, height: int, title: str) -> str:
    """A framed placeholder keeps the page layout stable before the first assessment."""
    frame = (
        f'<rect x="0.5" y="0.5" width="{_fmt(width - 1)}" height="{_fmt(height - 1)}" '
        f'fill="none" stroke="{GRID_COLOUR}" stroke-width="1"/>'
    )
    note = _text(width / 2, height / 2 + 4, NO_DATA_TEXT, anchor="middle", colour=MUTED_TEXT_COLOUR)
    return _svg(width, height, title, f"{NO_DATA_TEXT}.", [frame, note])


# --- bar chart ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _BarLayout:
    left: float
    plot_width: float
    rows: int
    named: bool = False

    @property
    def row(self) -> float:
        return _BAR_ROW + (_BAR_NAME_BAND if self.named else 0.0)

    @property
    def bottom(self) -> float:
        return _BAR_TOP + self.rows * self.row

    @property
    def height(self) -> int:
        return math.ceil(self.bottom + _BAR_AXIS_BAND)


def _bar_layout(
    bars: Sequence[Bar], width: int, max_value: float, unit: str, named: bool = False
) -> _BarLayout:
    """Reserve the key column and room for the longest printed value after a full bar."""
    left = min(16 + max(len(bar.key) for bar in bars) * _CHAR_WIDTH, width / 3)
    printed = [_printed(bar.value, unit) for bar in bars] + [_fmt(max_value) + unit]
    plot_width = width - left - (12 + max(map(len, printed)) * _CHAR_WIDTH)
    if plot_width < _MIN_PLOT:
        raise ValueError(f"width {width} leaves no room for the bars")
    return _BarLayout(left, plot_width, len(bars), named)


def _bar_phrase(bar: Bar, unit: str) -> str:
    """Highlight is stated in words too: colour alone must not carry meaning."""
    suffix = " (highlighted)" if bar.highlight else ""
    name = f"{bar.key} {bar.label}".strip()  # a named chart may leave the key empty
    return f"{name}: {_printed(bar.value, unit)}{suffix}"


def _bar_grid(layout: _BarLayout, max_value: float, unit: str) -> list[str]:
    marks = []
    for fraction in _GRID_FRACTIONS:
        x = layout.left + fraction * layout.plot_width
        colour = MUTED_TEXT_COLOUR if fraction == 0 else GRID_COLOUR
        tick = _fmt(fraction * max_value) + unit
        marks.append(_line(x, _BAR_TOP, x, layout.bottom, colour))
        marks.append(
            _text(x, layout.bottom + 14, tick, size=10, anchor="middle", colour=MUTED_TEXT_COLOUR)
        )
    return marks


def _bar_row(layout: _BarLayout, index: int, bar: Bar, max_value: float, unit: str) -> str:
    row_top = _BAR_TOP + index * layout.row
    top = row_top + layout.row - _BAR_ROW + (_BAR_ROW - _BAR_THICKNESS) / 2
    baseline = top + _BAR_THICKNESS / 2 + 4
    weight = ' font-weight="bold"' if bar.highlight else ""
    tooltip = f"<title>{_esc(_bar_phrase(bar, unit))}</title>"
    # the key carries the full name as a tooltip too: an axis of bare IDs still explains itself
    key = _text(layout.left - 8, baseline, bar.key, anchor="end", extra=weight)
    key = key.replace("</text>", f"{tooltip}</text>", 1)
    if layout.named:
        key += _text(layout.left, row_top + _BAR_NAME_BAND - 2, bar.label, size=11, extra=weight)
    if not _present(bar.value):
        empty = _text(
            layout.left + 6,
            baseline,
            NOT_APPLICABLE_TEXT,
            colour=MUTED_TEXT_COLOUR,
            extra=' font-style="italic"',
        )
        return f"<g>{tooltip}{key}{empty}</g>"
    length = layout.plot_width * _fraction(bar.value, max_value)
    fill = HIGHLIGHT_COLOUR if bar.highlight else BAR_COLOUR
    rect = (
        f'<rect data-key={_attr(bar.key)} x="{_fmt(layout.left)}" y="{_fmt(top)}" '
        f'width="{_fmt(length)}" height="{_fmt(_BAR_THICKNESS)}" fill="{fill}">{tooltip}</rect>'
    )
    value = _text(layout.left + length + 6, baseline, _printed(bar.value, unit))
    return f"<g>{key}{rect}{value}</g>"


def bar_chart(
    bars: list[Bar],
    *,
    title: str,
    width: int = 640,
    max_value: float = 100.0,
    unit: str = "",
    named: bool = True,
) -> str:
    """Horizontal bars, one per row, value printed at the end of each bar (rounded, plus unit).

    Horizontal rows keep long lists (commitments, elements) readable at any page width; the
    bar length is clamped to 0..max_value, the printed number is the real one. Each bar's label
    is printed in full on a line above it, since keys such as E01-E12 mean nothing to most
    readers; `named=False` leaves it to the key's and the bar's tooltips (compact charts).
    """
    _check_scale(max_value)
    if not bars:
        return _no_data(width, 80, title)
    layout = _bar_layout(bars, width, max_value, unit, named)
    rows = [_bar_row(layout, i, bar, max_value, unit) for i, bar in enumerate(bars)]
    desc = "; ".join(_bar_phrase(bar, unit) for bar in bars)
    return _svg(width, layout.height, title, desc, [*_bar_grid(layout, max_value, unit), *rows])


# --- line chart -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _LineFrame:
    width: int
    height: int
    count: int
    legend_rows: int

    @property
    def left(self) -> float:
        return _LINE_LEFT

    @property
    def right(self) -> float:
        return self.width - _LINE_RIGHT

    @property
    def top(self) -> float:
        return _LINE_TOP

    @property
    def bottom(self) -> float:
        return self.height - _LINE_X_LABEL_BAND - self.legend_rows * _LEGEND_ROW

    def x(self, index: int) -> float:
        if self.count == 1:
            return (self.left + self.right) / 2
        return self.left + index * (self.right - self.left) / (self.count - 1)

    def y(self, value: float, max_value: float) -> float:
        return self.bottom - (self.bottom - self.top) * _fraction(value, max_value)


def _series_names(points: Sequence[Point]) -> list[str]:
    """Series in order of first appearance, so the legend order is the caller's order."""
    return list(dict.fromkeys(name for point in points for name in point.values))


def _series_style(index: int) -> tuple[str, str]:
    dash = SERIES_DASHES[index % len(SERIES_DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return SERIES_COLOURS[index % len(SERIES_COLOURS)], dash_attr


def _legend_slots(names: Sequence[str], width: int) -> list[tuple[float, int]]:
    """(x, row) of each legend entry, wrapping to a new row rather than running off the edge."""
    slots, x, row = [], _LINE_LEFT, 0
    for name in names:
        entry = 30 + len(name) * _CHAR_WIDTH + 16
        if x > _LINE_LEFT and x + entry > width - 8:
            x, row = _LINE_LEFT, row + 1
        slots.append((x, row))
        x += entry
    return slots


def _line_frame(points: Sequence[Point], legend_rows: int, width: int, height: int) -> _LineFrame:
    frame = _LineFrame(width, height, len(points), legend_rows)
    if frame.right - frame.left < _MIN_PLOT or frame.bottom - frame.top < _MIN_PLOT:
        raise ValueError(f"{width}x{height} leaves no room for the plot")
    return frame


def _y_grid(frame: _LineFrame, max_value: float) -> list[str]:
    marks = []
    for fraction in _GRID_FRACTIONS:
        y = frame.y(fraction * max_value, max_value)
        colour = MUTED_TEXT_COLOUR if fraction == 0 else GRID_COLOUR
        label = _fmt(fraction * max_value)
        marks.append(_line(frame.left, y, frame.right, y, colour))
        marks.append(
            _text(frame.left - 6, y + 4, label, size=10, anchor="end", colour=MUTED_TEXT_COLOUR)
        )
    return marks


def _x_labels(frame: _LineFrame, points: Sequence[Point]) -> list[str]:
    """Every n-th label only, when all of them would overlap."""
    longest = max(len(point.label) for point in points) * _SMALL_CHAR_WIDTH + 8
    slot = (frame.right - frame.left) / max(frame.count - 1, 1)
    step = max(1, math.ceil(longest / slot))
    return [
        _text(frame.x(i), frame.bottom + 16, p.label, size=10, anchor="middle", colour=TEXT_COLOUR)
        for i, p in enumerate(points)
        if i % step == 0
    ]


def _path_data(coords: Sequence[tuple[float, float] | None]) -> str:
    """One subpath per run of consecutive values; a lone value between gaps is a dot only."""
    runs: list[list[tuple[float, float]]] = []
    run: list[tuple[float, float]] = []
    for coord in [*coords, None]:
        if coord is not None:
            run.append(coord)
            continue
        if len(run) >= 2:
            runs.append(run)
        run = []
    return " ".join("M" + " L".join(f"{_fmt(x)} {_fmt(y)}" for x, y in r) for r in runs)


def _series_marks(
    frame: _LineFrame, points: Sequence[Point], name: str, index: int, max_value: float
) -> list[str]:
    colour, dash_attr = _series_style(index)
    values = [point.values.get(name) for point in points]
    coords = [
        (frame.x(i), frame.y(v, max_value)) if _present(v) else None for i, v in enumerate(values)
    ]
    marks = []
    path = _path_data(coords)
    if path:
        marks.append(
            f'<path data-series={_attr(name)} d="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="2"{dash_attr} stroke-linejoin="round"/>'
        )
    for point, value, coord in zip(points, values, coords, strict=True):
        if coord is None:
            continue
        tooltip = _esc(f"{name}, {point.label}: {_printed(value)}")
        marks.append(
            f'<circle data-series={_attr(name)} cx="{_fmt(coord[0])}" cy="{_fmt(coord[1])}" '
            f'r="3.5" fill="{colour}"><title>{tooltip}</title></circle>'
        )
    return marks


def _legend(frame: _LineFrame, names: Sequence[str], slots: Sequence[tuple[float, int]]) -> str:
    entries = []
    for index, (name, (x, row)) in enumerate(zip(names, slots, strict=True)):
        colour, dash_attr = _series_style(index)
        y = frame.bottom + _LINE_X_LABEL_BAND + row * _LEGEND_ROW + 10
        entries.append(
            f'<line x1="{_fmt(x)}" y1="{_fmt(y - 4)}" x2="{_fmt(x + 24)}" y2="{_fmt(y - 4)}" '
            f'stroke="{colour}" stroke-width="2"{dash_attr}/>' + _text(x + 30, y, name)
        )
    return f'<g data-legend="">{"".join(entries)}</g>'


def _line_desc(points: Sequence[Point], names: Sequence[str]) -> str:
    return "; ".join(
        f"{name}: " + ", ".join(f"{p.label} {_printed(p.values.get(name))}" for p in points)
        for name in names
    )


def line_chart(
    points: list[Point],
    *,
    title: str,
    width: int = 640,
    height: int = 260,
    max_value: float = 100.0,
) -> str:
    """One line per series across the points (in the given order), with dots, y grid lines at
    0/25/50/75/100, x labels, and a legend. A single point draws dots only; an empty list draws
    a frame with the text 'No data yet'. None values leave a gap in that series.

    Gaps rather than interpolation: a missing assessment must not look like a measured trend.
    """
    _check_scale(max_value)
    names = _series_names(points)
    if not points or not names:
        return _no_data(width, height, title)
    slots = _legend_slots(names, width)
    frame = _line_frame(points, slots[-1][1] + 1, width, height)
    body = [*_y_grid(frame, max_value), *_x_labels(frame, points)]
    for index, name in enumerate(names):
        body.extend(_series_marks(frame, points, name, index, max_value))
    body.append(_legend(frame, names, slots))
    return _svg(width, height, title, _line_desc(points, names), body)


# --- gauge ----------------------------------------------------------------------------------


def _gauge_figure(value: float | None) -> str:
    """The number in large type, then a small "/ 100" so the scale is never in doubt."""
    scale = ""
    if _present(value):
        scale = (
            f'<tspan font-size="12" font-weight="normal" fill="{MUTED_TEXT_COLOUR}">'
            f"{_esc(f' / {_fmt(_GAUGE_MAX)}')}</tspan>"
        )
    return (
        f'<text x="{_fmt(_GAUGE_PAD)}" y="32" font-size="28" font-weight="bold" '
        f'fill="{TEXT_COLOUR}">{_esc(_printed(value))}{scale}</text>'
    )


def _gauge_rect(width: float, fill: str, extra: str = "") -> str:
    return (
        f'<rect{extra} x="{_fmt(_GAUGE_PAD)}" y="42" width="{_fmt(width)}" height="10" '
        f'fill="{fill}"/>'
    )


def gauge(value: float | None, *, title: str, width: int = 200) -> str:
    """A small horizontal progress bar with the value as big text: used for the overall and
    confidence indices, whose number matters more than the bar (hence the large figure).
    """
    track_width = width - 2 * _GAUGE_PAD
    if track_width < _MIN_PLOT:
        raise ValueError(f"width {width} leaves no room for the gauge")
    body = [_gauge_figure(value), _gauge_rect(track_width, GRID_COLOUR)]
    desc = f"{title}: {_printed(value)}"
    if _present(value):
        length = track_width * _fraction(value, _GAUGE_MAX)
        body.append(_gauge_rect(length, BAR_COLOUR, ' data-key="gauge"'))
        desc += f" out of {_fmt(_GAUGE_MAX)}"
    return _svg(width, _GAUGE_HEIGHT, title, desc, body)


# --- timeline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One event of a timeline: its name (printed), a short key (e.g. a state code) and dates."""

    name: str
    start: date
    end: date | None = None  # None: a one-day event
    key: str = ""


def _span_phrase(span: Span) -> str:
    when = span.start.isoformat()
    if span.end and span.end != span.start:
        when += f" to {span.end.isoformat()}"
    return f"{span.name}{f' ({span.key})' if span.key else ''}: {when}"


def timeline(spans: list[Span], *, title: str, width: int = 640) -> str:
    """One row per event in date order, the event's name printed above a mark that runs from
    its start to its end on a shared axis of years: reviews read by name, not by number."""
    if not spans:
        return _no_data(width, 80, title)
    ordered = sorted(spans, key=lambda s: (s.start, s.end or s.start, s.name))
    first = date(min(s.start for s in ordered).year, 1, 1)
    last = date(max((s.end or s.start) for s in ordered).year + 1, 1, 1)
    left = min(16 + max(len(s.key) for s in ordered) * _CHAR_WIDTH, width / 3)
    plot = width - left - 16
    if plot < _MIN_PLOT:
        raise ValueError(f"width {width} leaves no room for the timeline")
    days = (last - first).days

    def x(day: date) -> float:
        return left + plot * (day - first).days / days

    layout = _BarLayout(left, plot, len(ordered), named=True)
    body = []
    for year in range(first.year, last.year + 1):
        tick = x(date(year, 1, 1))
        body.append(_line(tick, _BAR_TOP, tick, layout.bottom, GRID_COLOUR))
        body.append(
            _text(tick, layout.bottom + 14, str(year), size=10, anchor="middle",
                  colour=MUTED_TEXT_COLOUR)
        )  # fmt: skip
    for index, span in enumerate(ordered):
        row_top = _BAR_TOP + index * layout.row
        top = row_top + _BAR_NAME_BAND + (_BAR_ROW - _BAR_THICKNESS) / 2
        start, end = x(span.start), x(span.end or span.start)
        tooltip = f"<title>{_esc(_span_phrase(span))}</title>"
        body.append(
            "<g>"
            + _text(left, row_top + _BAR_NAME_BAND - 2, span.name, size=11)
            + _text(left - 8, top + _BAR_THICKNESS / 2 + 4, span.key, anchor="end")
            + f'<rect data-key={_attr(span.name)} x="{_fmt(start)}" y="{_fmt(top)}" '
            f'width="{_fmt(max(end - start, 4.0))}" height="{_fmt(_BAR_THICKNESS)}" '
            f'fill="{BAR_COLOUR}">{tooltip}</rect></g>'
        )
    desc = "; ".join(_span_phrase(s) for s in ordered)
    return _svg(width, layout.height, title, desc, body)
