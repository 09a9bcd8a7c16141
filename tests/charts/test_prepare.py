"""What a chart draws: missing values by policy, highlight, order, and labels the way each reader reads them."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from chart_paths import CHART_FIXTURE

from reportgen.charts.chartdata import ChartDataWarning
from reportgen.charts.kinds.stacked_bar import bars
from reportgen.charts.prepare import prepare
from reportgen.inputs.dataset import load_dataset
from reportgen.inputs.spec import ChartSpec

RANKED = {"kind": "ranked_bar", "table": "countries", "x": "name", "y": "graduates"}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(CHART_FIXTURE / "data" / "datapackage.yaml")


def run(dataset, lang="en", warn=True, **spec):
    chart = ChartSpec(id="c1", **spec)
    return prepare(chart, dataset.tables[chart.table], lang, Path("charts.yaml"), warn=warn)


def test_missing_values_are_left_out_with_a_warning_naming_the_rows(dataset):
    with pytest.warns(ChartDataWarning, match=r"charts.yaml: charts \(c1\): table 'countries': 1 rows without a value left out \(xx\)"):
        data = run(dataset, **RANKED)
    assert [p.id for p in data.points] == ["cn", "us", "kr", "jp"]


@pytest.mark.parametrize(("policy", "ids", "last_text"), [("skip", ["cn", "us", "kr", "jp"], "0.15M"),
                                                          ("label", ["cn", "us", "kr", "jp", "xx"], "N/A")])
def test_a_stated_policy_is_silent(dataset, policy, ids, last_text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = run(dataset, **RANKED, missing=policy)
    assert [p.id for p in data.points] == ids
    assert data.points[-1].text == last_text


def test_only_the_first_language_warns(dataset):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run(dataset, warn=False, **RANKED)


def test_a_milestone_without_a_date_is_a_missing_value(dataset):
    with pytest.warns(ChartDataWarning, match=r"1 rows without a value left out \(us_rights\)"):
        data = run(dataset, kind="timeline", table="events", x="date", label="name", series="lane")
    assert [p.x for p in data.points][:4] == [2017.0, 2021.0, 2021.0, pytest.approx(2023 + 7 / 12)]


def test_highlight_matches_row_ids_and_cell_values(dataset):
    data = run(dataset, kind="ranked_bar", table="companies", x="name", y="capex", highlight=["CN", "amazon"])
    assert {p.id for p in data.points if p.highlight} == {"amazon", "bytedance", "tencent"}


@pytest.mark.parametrize(("spec", "ids"), [
    ({**RANKED, "missing": "skip"}, ["cn", "us", "kr", "jp"]),  # a ranked bar is ranked, largest first
    ({**RANKED, "missing": "skip", "sort": "asc"}, ["jp", "kr", "us", "cn"]),
    ({**RANKED, "kind": "column", "missing": "skip"}, ["cn", "us", "kr", "jp"]),  # file order
    ({"kind": "column", "table": "companies", "x": "name", "y": "capex", "order_by": "revenue"},
     ["tencent", "bytedance", "meta", "google", "amazon"]),
])
def test_order(dataset, spec, ids):
    assert [p.id for p in run(dataset, **spec).points] == ids


@pytest.mark.parametrize(("lang", "spec", "texts"), [
    ("ko", {**RANKED, "missing": "skip"}, ["222만", "66만", "23만", "15만"]),
    ("en", {**RANKED, "missing": "skip"}, ["2.22M", "0.66M", "0.23M", "0.15M"]),  # one scale and one precision per chart
    ("ko", {"kind": "ranked_bar", "table": "companies", "x": "name", "y": "price", "where": {"id": ["amazon", "tencent"]}},
     ["15.00달러", "0.28달러"]),
    ("en", {"kind": "ranked_bar", "table": "companies", "x": "name", "y": "revenue", "where": {"id": ["amazon", "tencent"]}},
     ["$638B", "$92B"]),
    # counts of different things keep their words; the source's hedge stays
    ("ko", {"kind": "ranked_bar", "table": "shares", "x": "part", "y": "value", "where": {"id": ["users", "devices"]}},
     ["64억 개", "약 11억 명"]),
    ("en", {"kind": "ranked_bar", "table": "shares", "x": "part", "y": "value", "where": {"id": ["users", "devices"]}},
     ["6.4B devices", "about 1.1B users"]),
])
def test_value_labels_read_the_way_the_reader_reads(dataset, lang, spec, texts):
    assert [p.text for p in run(dataset, lang=lang, **spec).points] == texts


@pytest.mark.parametrize(("lang", "rest"), [("ko", "40% 미만"), ("en", "under 40%")])
def test_a_share_given_as_a_lower_bound_leaves_an_upper_bound(dataset, lang, rest):
    data = run(dataset, lang=lang, kind="stacked_bar", table="shares", x="part", y="value", where={"id": "saving"}, percent=True)
    (segments,) = bars(data).values()
    assert [s.text for s in segments] == ["60% 이상" if lang == "ko" else "over 60%", rest]


def test_facets_split_points_into_panels_with_their_own_units(dataset):
    data = run(dataset, kind="column", table="shares", x="part", y="value", facet="whole", where={"id": ["users", "devices", "volume"]})
    assert [p.title for p in data.panels()] == ["Users", "Devices", "Data"]
    assert [p.text for p in data.points] == ["about 1.1B", "6.4B", "33"]
