"""docs/charts.md lists every key of every kind as the spec models and the kinds define them."""

from __future__ import annotations

import importlib.util

from chart_paths import ROOT


def test_the_chart_keys_in_the_docs_are_generated_from_the_models():
    spec = importlib.util.spec_from_file_location("chart_docs", ROOT / "scripts" / "chart_docs.py")
    assert spec is not None and spec.loader is not None
    chart_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(chart_docs)
    assert chart_docs.current_docs() == chart_docs.keys_section(), "docs/charts.md is stale: run python scripts/chart_docs.py"
    for key in ("`log_x`", "`top`", "`totals`", "`waterfall`", "`combo`", "`not_in`", "`fraction`"):
        assert key in chart_docs.current_docs()
