"""What a chart kind draws: plain, picklable data with every text already in the reader's language.

A `ChartData` is built from a chart spec and its table by `prepare.py`, checked there, hashed for
the cache and sent to a worker process; the worker never sees the dataset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace


class ChartDataWarning(UserWarning):
    """Rows left out of a chart because a value is missing (the stated policy, not an error)."""


@dataclass(frozen=True)
class Point:
    """One row of the table as a mark: a bar, a dot, a segment or a milestone."""

    id: str
    label: str  # the category (x) or the point's name, in the reader's language
    value: float | None  # y; None is a missing value shown as N/A (`missing: label`)
    text: str  # the value as the reader reads it: `1억 5,000만`, `$0.28`, `91% 이상`, `N/A`
    x: float | None = None  # x as a number (scatter) or a time in years (line, timeline: 2023-08 -> 2023.58)
    value2: float | None = None  # y2: the dumbbell's second end
    text2: str = ""
    size: float | None = None  # bubble size
    series: str = ""  # group, lane or segment set
    note: str = ""  # the `label:` column: a milestone's name, a point's name, a second line under a category
    highlight: bool = False
    panel: str = ""  # the `facet:` value: one small panel per value
    qualifier: str = ""  # the source's hedge on the value (over, approx, up_to ...), already in `text`
    colour: str = ""  # a colour the spec gives this row, its category or its series (`colors:`)
    callout: str = ""  # a note drawn beside this mark (`callouts:`), in the reader's language
    total: bool = False  # waterfall: a total drawn from zero, not a change


@dataclass(frozen=True)
class Mark:
    """A reference or target line: where it crosses the value axis and its name."""

    value: float
    text: str
    style: str = "reference"  # reference | target


@dataclass(frozen=True)
class Span:
    """A shaded period of a time axis (in years: 2008.0 to 2009.5) and its name."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class ChartData:
    """Everything a kind needs to draw one chart in one language."""

    chart_id: str
    kind: str
    lang: str
    points: tuple[Point, ...]
    log: bool = False
    percent: bool = False
    step: bool = False
    guides: tuple[float, ...] = ()
    log_x: bool = False
    names: dict[str, str] = field(default_factory=dict)  # column titles by encoding: x, y, y2
    words: dict[str, str] = field(default_factory=dict)  # other (a share's remainder), na (missing)
    palette: tuple[str, ...] = ()  # the spec's colours for series and segments, in order
    keys: tuple[tuple[str, str], ...] = ()  # (category in the reader's language, colour): `colors:` given by category
    lines: tuple[Mark, ...] = ()  # reference and target lines across the value axis
    periods: tuple[Span, ...] = ()  # shaded stretches of the time axis
    shared: bool = False  # facets: every panel on one scale (set when the panels share a unit)
    limits: tuple[float, float] | None = None  # the value range over every panel (for a shared scale)

    def panels(self) -> list[ChartData]:
        """One ChartData per facet value, in first-seen order (just this one without a facet)."""
        names = list(dict.fromkeys(p.panel for p in self.points))
        return [replace(self, points=tuple(p for p in self.points if p.panel == name)) for name in names]

    @property
    def title(self) -> str:
        """The facet value of a one-panel ChartData (drawn above the panel)."""
        return self.points[0].panel if self.points else ""

    def series_names(self) -> list[str]:
        return list(dict.fromkeys(p.series for p in self.points))

    def highlighted_series(self) -> set[str]:
        return {p.series for p in self.points if p.highlight}


Check = Callable[[ChartData], "str | None"]


@dataclass(frozen=True)
class Needs:
    """What a kind asks of its spec and data, checked before anything is drawn."""

    required: tuple[str, ...]  # encodings the spec must set: x, y, y2, series, size, label
    optional: tuple[str, ...] = ()  # encodings it may use; any other set encoding is an error
    numeric: tuple[str, ...] = ("y",)  # encodings whose column must hold numbers
    time: tuple[str, ...] = ()  # encodings holding a year or a date (YYYY, YYYY-MM, YYYY-MM-DD)
    log: bool = False  # may draw its values on a log scale
    facet: bool = False  # may split into small panels
    label_missing: bool = False  # can show a missing value as N/A (`missing: label`)
    percent: bool = False  # understands `percent: true`
    log_x: bool = False  # may draw x on a log scale (`log_x: true`)
    lines: bool = False  # draws reference and target lines (`lines:`)
    periods: bool = False  # draws shaded periods on a time axis (`periods:`)
    totals: bool = False  # takes `totals:` (waterfall)
    max_marks: int = 0  # the most bars (or points) one chart draws readably; 0: no limit
