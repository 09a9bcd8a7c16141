"""`check` is the build without the drawing: every chart's data checks run at load, and a name in a chart
that matches nothing is an error naming the YAML path, its line, the value and the valid choices."""

from __future__ import annotations

import shutil
import warnings

import pytest
from chart_paths import CHART_FIXTURE

from reportgen.errors import ReportgenError
from reportgen.pipeline import load


def fixture_with(tmp_path, old: str, new: str):
    shutil.copytree(CHART_FIXTURE, tmp_path / "charts")
    spec = tmp_path / "charts" / "report" / "report.yaml"
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, new), encoding="utf-8")
    return tmp_path / "charts" / "report"


def line_of(report, needle: str) -> int:
    lines = (report / "report.yaml").read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, line in enumerate(lines) if needle in line)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("highlight: [CN], missing: label}", "highlight: [CNN], missing: label}",
     r"charts\[0\]\.highlight\[0\] \(chart ranked, line {line}\): highlight 'CNN' matches no row id or cell of the chart's rows; "
     r"did you mean 'CN'\? valid: cn, us, kr"),
    ("where: {id: [trials_us, trials_eu, trials_cn]}", "where: {id: [trials_us, trials_eu, trials_cnn]}",
     r"charts\[3\]\.where\.id\[2\] \(chart stacked, line {line}\): where id: 'trials_cnn' matches no row; "
     r"did you mean 'trials_cn'\? valid: "),
    ("where: {unit: percent}", "where: {unit: {in: [percent, precent]}}",
     r"charts\[4\]\.where\.unit \(chart stacked_bars, line {line}\): where unit: 'precent' matches no row; did you mean 'percent'"),
    ("label: year, highlight: [cn]", "label: year, colors: {cn: '#FF0000', kr: '#00FF00', xk: '#0000FF'}, highlight: [cn]",
     r"charts\[1\]\.colors\.xk \(chart column, line {line}\): colors: 'xk' matches no row id"),
])
def test_a_name_that_matches_nothing_is_an_error_at_its_line(tmp_path, old, new, message):
    report = fixture_with(tmp_path, old, new)
    with pytest.raises(ReportgenError) as info:
        load(report)
    line = line_of(report, new)
    assert len(info.value.problems) == 1
    import re

    assert re.search(message.format(line=line), str(info.value)), str(info.value)


def test_an_empty_label_column_is_an_error(tmp_path):
    report = fixture_with(tmp_path, "size: plan, label: name,", "size: plan, label: year, where: {id: [meta]},")
    data = report.parent / "data" / "companies.csv"
    data.write_text(data.read_text(encoding="utf-8").replace(",3,2024,", ",3,,"), encoding="utf-8")
    with pytest.raises(ReportgenError, match=r"\(chart scatter, line \d+\): label: 'year' is empty in every row the chart draws"):
        load(report)


def test_data_checks_run_at_load_so_check_fails_where_build_would(tmp_path):
    report = fixture_with(tmp_path, "{id: prices, kind: ranked_bar, table: companies, x: name, y: price, log: true",
                          "{id: prices, kind: ranked_bar, table: companies, x: name, y: revenue, y2: plan, log: true")
    with pytest.raises(ReportgenError, match=r"charts \(prices\): ranked_bar chart of table 'companies': does not use `y2:`"):
        load(report)


def test_text_keys_nothing_uses_are_a_warning(tmp_path):
    report = fixture_with(tmp_path, "id: chartfix", "id: chartfix")
    text = report / "text" / "en.yaml"
    text.write_text(text.read_text(encoding="utf-8").replace("  panels: {", "  old_chart: {title: x}\n  panels: {"), encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load(report)
    assert any("text keys nothing uses (en): charts.old_chart" in str(w.message) for w in caught)
