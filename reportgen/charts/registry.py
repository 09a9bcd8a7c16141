"""Chart kinds by name. Importing this module must not import matplotlib."""

from __future__ import annotations

# Filled by the chart modules (issue 3); the names are the kinds report.yaml may use.
CHART_KINDS: dict[str, object] = {
    name: None
    for name in ("ranked_bar", "column", "grouped_column", "stacked_bar", "line", "scatter", "dumbbell", "timeline")
}
