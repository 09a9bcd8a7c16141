"""Reading a drawn chart back: the bars, lines, labels and leaders the kinds tag with a `gid`.

Each kind names what it draws (`bar:<row id>`, `value:<row id>`, `line:<series>`, `end:<series>`,
`leader:<...>`, `segment:<bar>:<i>`, `name:<row id>` ...), so a test can find a mark and its label and
measure them in pixels, as a reader would see them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reportgen.charts.chartdata import ChartData
from reportgen.charts.draw import drawn_figure
from reportgen.charts.prepare import prepare
from reportgen.charts.theme import THEME
from reportgen.inputs.dataset import Row, Table
from reportgen.inputs.descriptor import FieldSpec
from reportgen.inputs.spec import ChartSpec

THEME_TEST = dataclasses.replace(THEME, dpi=50)  # geometry is the same at any dpi; text sizes scale with it
SPEC_FILE = Path("charts.yaml")


def table(rows: list[dict[str, Any]], units: dict[str, str] | None = None, name: str = "t") -> Table:
    """An in-memory table: columns typed from their first value, units by column."""
    units = units or {}
    columns = list(dict.fromkeys(k for r in rows for k in r))
    fields = []
    for column in columns:
        sample = next((r[column] for r in rows if r.get(column) is not None), "")
        kind = "number" if isinstance(sample, (int, float)) and not isinstance(sample, bool) else "string"
        fields.append(FieldSpec(name=column, type=kind, unit=units.get(column)))
    return Table(name, name, Path(f"{name}.csv"), tuple(fields),
                 tuple(Row({c: r.get(c) for c in columns}, i + 2) for i, r in enumerate(rows)))


def chart_data(rows: list[dict[str, Any]], lang: str = "en", units: dict[str, str] | None = None, **spec: Any) -> ChartData:
    chart = ChartSpec(id="c1", table="t", **spec)
    return prepare(chart, table(rows, units), lang, SPEC_FILE, warn=False)


@contextmanager
def drawn(data: ChartData) -> Iterator[Figure]:
    with drawn_figure(data, THEME_TEST) as (fig, axes):
        fig.canvas.draw()
        yield Figure(fig, axes)


@dataclasses.dataclass
class Figure:
    fig: Any
    axes: list[Any]

    def artists(self, prefix: str) -> dict[str, Any]:
        found = self.fig.findobj(lambda a: isinstance(a.get_gid(), str) and a.get_gid().startswith(prefix))
        return {a.get_gid()[len(prefix):]: a for a in found}

    def box(self, artist: Any) -> Any:
        return artist.get_window_extent(self.fig.canvas.get_renderer())

    def texts(self) -> list[Any]:
        """Every visible, non-empty text in the picture (labels, names, ticks, legends, titles)."""
        from matplotlib.text import Text

        found = self.fig.findobj(Text)
        return [t for t in found if t.get_visible() and t.get_text().strip() and _shown(self.fig, t)]

    def overlapping_texts(self) -> list[tuple[str, str]]:
        """Pairs of texts whose boxes overlap by more than a pixel each way."""
        boxes = [(t.get_text(), self.box(t)) for t in self.texts()]
        pairs = []
        for i, (a, box_a) in enumerate(boxes):
            for b, box_b in boxes[i + 1:]:
                dx = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
                dy = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
                if dx > 1 and dy > 1:
                    pairs.append((a, b))
        return pairs

    def outside_figure(self) -> list[str]:
        width, height = self.fig.canvas.get_width_height()
        out = []
        for t in self.texts():
            box = self.box(t)
            if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
                out.append(t.get_text())
        return out


def _shown(fig: Any, text: Any) -> bool:
    """Tick labels of a hidden axis, or outside the axis range, are not drawn, though they exist."""
    for axes in fig.axes:
        for axis in (axes.xaxis, axes.yaxis):
            if any(text is t for t in axis.get_ticklabels(which="both")):
                if not axis.get_visible():
                    return False
                low, high = sorted(axes.get_xlim() if axis is axes.xaxis else axes.get_ylim())
                x, y = text.get_position()
                at = x if axis is axes.xaxis else y
                return low - 1e-9 * max(1.0, abs(high)) <= at <= high + 1e-9 * max(1.0, abs(high))
    return True


def contains(outer: Any, inner: Any, slack: float = 1.0) -> bool:
    return (inner.x0 >= outer.x0 - slack and inner.x1 <= outer.x1 + slack and inner.y0 >= outer.y0 - slack
            and inner.y1 <= outer.y1 + slack)
