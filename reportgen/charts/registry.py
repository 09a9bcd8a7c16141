"""Chart kinds by name: what each needs and how it draws. Importing this does not import matplotlib.

A spec naming a kind not listed here fails validation with the list of known kinds (spec.py).
"""

from __future__ import annotations

from reportgen.charts.kind import ChartKind
from reportgen.charts.kinds import column, combo, dumbbell, grouped_column, line, ranked_bar, scatter, stacked_bar, timeline, waterfall

CHART_KINDS: dict[str, ChartKind] = {
    kind.name: kind
    for kind in (
        ranked_bar.KIND,
        column.KIND,
        grouped_column.KIND,
        stacked_bar.KIND,
        line.KIND,
        scatter.KIND,
        dumbbell.KIND,
        timeline.KIND,
        waterfall.KIND,
        combo.KIND,
    )
}
