"""Chart kinds by name: what each needs and how it draws. Importing this does not import matplotlib."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportgen.charts import bars, shapes, timeseries
from reportgen.charts.prepare import ChartData, KindNeeds
from reportgen.charts.theme import Theme

Draw = Callable[[Any, Any, ChartData, Theme], None]


@dataclass(frozen=True)
class ChartKind:
    draw: Draw
    needs: KindNeeds


CHART_KINDS: dict[str, ChartKind] = {
    "ranked_bar": ChartKind(bars.draw_ranked_bar, KindNeeds(("x", "y"))),
    "column": ChartKind(bars.draw_column, KindNeeds(("x", "y"))),
    "grouped_column": ChartKind(bars.draw_grouped_column, KindNeeds(("x", "y", "series"))),
    "stacked_bar": ChartKind(shapes.draw_stacked_bar, KindNeeds(("x", "y"))),
    "dumbbell": ChartKind(shapes.draw_dumbbell, KindNeeds(("x", "y", "y2"), ("y", "y2"))),
    "scatter": ChartKind(shapes.draw_scatter, KindNeeds(("x", "y"), ("x", "y"))),
    "line": ChartKind(timeseries.draw_line, KindNeeds(("x", "y"), ("x", "y"))),
    "timeline": ChartKind(timeseries.draw_timeline, KindNeeds(("x", "label", "series"), ())),
}
