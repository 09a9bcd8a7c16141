"""A chart kind: its name, what it needs from the spec and the data, and how it draws one panel.

Kinds live in `reportgen/charts/kinds/`, one module each; `registry.py` collects them. Nothing here
imports matplotlib: a kind's `draw` gets a matplotlib Axes from `draw.py` and uses its methods.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportgen.charts.chartdata import ChartData, Check, Needs
from reportgen.charts.theme import Theme

Draw = Callable[[Any, ChartData, Theme], None]  # (axes, one panel's data, theme)


@dataclass(frozen=True)
class ChartKind:
    name: str
    draw: Draw
    needs: Needs
    check: Check | None = None  # the kind's own check of prepared data: a problem, or None
    left: float | Callable[[ChartData], float] = 0.06  # left margin (share of the width): room for names left of the plot
    summary: str = ""  # one line for docs and error messages
    value_axis: str = "y"  # the axis facets share when their panels share a unit

    def left_margin(self, data: ChartData) -> float:
        return self.left(data) if callable(self.left) else self.left
