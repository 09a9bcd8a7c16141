"""Each kind checks its input before drawing: the message names the chart, the table and the fault."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest
from chart_paths import CHART_FIXTURE

from reportgen.charts.chartdata import ChartDataWarning
from reportgen.charts.prepare import prepare
from reportgen.errors import ReportgenError
from reportgen.inputs.dataset import load_dataset
from reportgen.inputs.spec import ChartSpec

DATA = CHART_FIXTURE / "data" / "datapackage.yaml"
SPEC_FILE = Path("charts.yaml")


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


def run(dataset, lang="en", **spec):
    chart = ChartSpec(id="c1", **spec)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ChartDataWarning)
        return prepare(chart, dataset.tables[chart.table], lang, SPEC_FILE)


PERCENT = {"unit": "percent"}
BAD_INPUT = [
    # what the kind needs from the spec
    ({"kind": "ranked_bar", "table": "countries", "x": "name"}, "ranked_bar chart of table 'countries': needs `y:`"),
    ({"kind": "dumbbell", "table": "companies", "x": "name", "y": "capex"}, "needs `y2:`"),
    ({"kind": "timeline", "table": "events", "x": "date"}, "needs `label:`"),
    ({"kind": "grouped_column", "table": "yearly", "x": "year", "y": "amount"}, "needs `series:`"),
    ({"kind": "ranked_bar", "table": "companies", "x": "name", "y": "capex", "size": "plan"},
     "does not use `size:`; a ranked_bar uses x:, y:, label:"),
    ({"kind": "ranked_bar", "table": "companies", "x": "name", "y": "capex", "log_x": True},
     "`log_x:` does not apply to a ranked_bar; kinds that take it: scatter"),
    ({"kind": "stacked_bar", "table": "shares", "x": "part", "y": "value", "log": True},
     "`log:` does not apply to a stacked_bar; kinds that take it: ranked_bar, column, line, scatter"),
    ({"kind": "line", "table": "yearly", "x": "year", "y": "amount", "facet": "code"},
     "`facet:` does not apply to a line; kinds that take it: ranked_bar, column, grouped_column"),
    ({"kind": "column", "table": "countries", "x": "name", "y": "graduates", "percent": True},
     "`percent:` does not apply to a column; kinds that take it: stacked_bar"),
    ({"kind": "column", "table": "countries", "x": "name", "y": "graduates", "step": True},
     "`step:` does not apply to a column; kinds that take it: line"),
    ({"kind": "line", "table": "yearly", "x": "year", "y": "amount", "guides": [10]},
     "`guides:` does not apply to a line; kinds that take it: scatter"),
    ({"kind": "line", "table": "yearly", "x": "year", "y": "amount", "missing": "label"},
     "`missing: label` does not apply to a line; use warn or skip (label works with ranked_bar, column, grouped_column)"),
    # columns and rows
    ({"kind": "column", "table": "countries", "x": "name", "y": "name"}, "`y: name` must be a number column"),
    ({"kind": "scatter", "table": "companies", "x": "country", "y": "capex"}, "`x: country` must be a number column"),
    ({"kind": "timeline", "table": "events", "x": "date", "label": "name", "where": {"id": "us_rights"}},
     "every selected row is missing a value in 'date', 'name'; nothing to draw"),
    ({"kind": "timeline", "table": "events", "x": "lane", "label": "name"},
     "row 'cn_cyber': `x: lane` is 'CN'; expected a year or a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ({"kind": "column", "table": "countries", "x": "name", "y": "graduates", "where": {"id": "nothing"}},
     "no rows match where {'id': 'nothing'}"),
    ({"kind": "column", "table": "countries", "x": "name", "y": "graduates", "where": {"id": "xx"}},
     "every selected row is missing a value in 'graduates'; nothing to draw"),
    # values
    ({"kind": "ranked_bar", "table": "shares", "x": "part", "y": "value", "where": {"id": ["users", "volume"]}},
     "rows mix units (ZB, users); keep one with where: {unit: ...} or give each its panel with facet: unit"),
    ({"kind": "stacked_bar", "table": "shares", "x": "part", "y": "value", "where": {"id": ["users", "trials_us"]}, "percent": True},
     "rows mix units (percent, users)"),
    ({"kind": "stacked_bar", "table": "shares", "x": "part", "y": "value", "where": {"id": "users"}, "percent": True},
     "`percent: true` needs shares from 0 to 100; row 'users' has 1.1e+09"),
    # the kinds' own checks
    ({"kind": "ranked_bar", "table": "shares", "x": "whole", "y": "value", "where": PERCENT},
     "rows 'trials_us' and 'trials_eu' are both 'Clinical-trial starts'; narrow them with where: or pick another x:"),
    ({"kind": "column", "table": "shares", "x": "whole", "y": "value", "where": PERCENT},
     "rows 'trials_us' and 'trials_eu' are both 'Clinical-trial starts'"),
    ({"kind": "grouped_column", "table": "yearly", "x": "year", "y": "amount", "series": "country",
      "where": {"id": ["cn_2020", "us_2020", "cn_2024"]}},
     "category '2024' has no row for series 'United States'; every group needs every series"),
    ({"kind": "grouped_column", "table": "yearly", "x": "year", "y": "amount", "series": "country", "where": {"code": "CN"}},
     "a grouped column needs two or more series; `series:` has only 'China' (use column)"),
    ({"kind": "stacked_bar", "table": "shares", "y": "value", "where": {"id": "saving"}, "percent": True},
     "needs `x:` (the segments) or `series:` (one bar per value)"),
    ({"kind": "stacked_bar", "table": "shares", "x": "part", "y": "value", "where": PERCENT, "percent": True},
     "the shares of bar 'c1' add up to 200; with `percent: true` they may not pass 100"),
    ({"kind": "line", "table": "yearly", "x": "year", "y": "amount"},
     "rows 'cn_2020' and 'us_2020' give the same series '(one line)' two values at 2020"),
    ({"kind": "dumbbell", "table": "shares", "x": "whole", "y": "value", "y2": "value", "where": {"id": ["trials_us", "trials_eu"]}},
     "rows 'trials_us' and 'trials_eu' are both 'Clinical-trial starts'"),
]


@pytest.mark.parametrize(("spec", "message"), BAD_INPUT, ids=[f"{s['kind']}-{i}" for i, (s, _) in enumerate(BAD_INPUT)])
def test_bad_input_is_one_clear_error_naming_chart_and_table(dataset, spec, message):
    with pytest.raises(ReportgenError) as info:
        run(dataset, **spec)
    assert message in str(info.value)
    assert str(info.value).startswith(f"charts.yaml: charts (c1): {spec['kind']} chart of table '{spec['table']}': ")


@pytest.mark.parametrize(("column", "cell", "message"), [
    ("price", "0", "a log scale needs values above zero; row 'meta' has y = 0"),
    ("price", "-3", "a log scale needs values above zero; row 'meta' has y = -3"),
    ("plan", "-5", "row 'meta' has size -5; a bubble needs a size of 0 or more"),
])
def test_values_a_kind_cannot_draw(tmp_path, column, cell, message):
    shutil.copytree(DATA.parent, tmp_path / "data")
    path = tmp_path / "data" / "companies.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")  # meta
    cells[header.index(column)] = cell
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = load_dataset(tmp_path / "data" / "datapackage.yaml")
    spec = {"kind": "ranked_bar", "table": "companies", "x": "name", "y": "price", "log": True}
    if column == "plan":
        spec = {"kind": "scatter", "table": "companies", "x": "revenue", "y": "capex", "size": "plan"}
    with pytest.raises(ReportgenError, match=message):
        run(broken, **spec)


def test_unknown_kind_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown chart kind 'pie'; known kinds: column, combo, dumbbell, grouped_column, line"):
        ChartSpec(id="c1", kind="pie", table="t", x="a", y="b")


def test_the_kinds_a_spec_may_name_are_the_kinds_the_registry_draws():
    from reportgen.charts.registry import CHART_KINDS
    from reportgen.inputs.spec import CHART_KIND_NAMES

    assert sorted(CHART_KIND_NAMES) == sorted(CHART_KINDS)
