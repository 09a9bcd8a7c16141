"""Each kind checks its input before drawing: the message names the chart, the table and the fault."""

from pathlib import Path

import pytest

from reportgen.charts.prepare import ChartDataWarning, prepare
from reportgen.charts.registry import CHART_KINDS
from reportgen.data import load_dataset
from reportgen.errors import ReportgenError
from reportgen.spec import ChartSpec

FIXTURE = Path(__file__).parents[1] / "fixtures" / "mini" / "data" / "datapackage.yaml"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(FIXTURE)


def run(dataset, **spec):
    chart = ChartSpec(id="c1", **spec)
    kind = CHART_KINDS[chart.kind]
    return prepare(chart, dataset.tables[chart.table], "en", kind.needs, Path("report.yaml"), {})


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"kind": "ranked_bar", "table": "services", "x": "name"}, "charts (c1): ranked_bar chart of table 'services': needs `y:`"),
        ({"kind": "dumbbell", "table": "capex", "x": "id", "y": "capex"}, "dumbbell chart of table 'capex': needs `y2:`"),
        ({"kind": "timeline", "table": "services", "x": "date"}, "needs `label:`, `series:`"),
        ({"kind": "column", "table": "services", "x": "name", "y": "name"}, "`y: name` must be a number column"),
        ({"kind": "scatter", "table": "capex", "x": "country", "y": "capex"}, "`x: country` must be a number column"),
        ({"kind": "column", "table": "services", "x": "name", "y": "mau", "where": {"id": "nothing"}},
         "no rows match where {'id': 'nothing'}"),
        ({"kind": "column", "table": "services", "x": "name", "y": "mau", "where": {"id": "zhipu"}}, "every row is missing a value"),
        ({"kind": "stacked_bar", "table": "capex", "x": "id", "y": "capex_share", "percent": True},
         "shares must sum to 100, they sum to 31"),
    ],
)
def test_bad_input_is_a_clear_error(dataset, spec, message):
    with pytest.raises(ReportgenError) as info:
        run(dataset, **spec)
    assert message in str(info.value)
    assert str(info.value).startswith("report.yaml: charts (c1): ")


def test_zero_or_negative_on_a_log_scale(dataset, tmp_path):
    import shutil

    shutil.copytree(FIXTURE.parent, tmp_path / "data")
    path = tmp_path / "data" / "capex.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",39.2,", ",0,").replace(",23.8,", ",0,"), encoding="utf-8")
    broken = load_dataset(tmp_path / "data" / "datapackage.yaml")
    with pytest.raises(ReportgenError, match="a log scale needs values above zero; row 'meta' has 0"):
        run(broken, kind="ranked_bar", table="capex", x="id", y="capex", log=True)


def test_missing_values_are_left_out_with_a_warning(dataset):
    with pytest.warns(ChartDataWarning, match=r"charts \(c1\): 1 rows without a value left out \(zhipu\)"):
        data = run(dataset, kind="ranked_bar", table="services", x="name", y="mau", sort="desc")
    assert data.ids == ["quark", "doubao"]
    assert data.labels == ["Quark", "Doubao"]
    assert data.texts == ["150M", "100M"]


def test_highlight_matches_row_ids_and_cell_values(dataset):
    data = run(dataset, kind="ranked_bar", table="capex", x="id", y="capex", highlight=["CN"])
    assert data.highlight == [True, False]


def test_unknown_kind_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown chart kind 'pie'; known kinds: column, dumbbell, grouped_column"):
        ChartSpec(id="c1", kind="pie", table="t", x="a", y="b")
