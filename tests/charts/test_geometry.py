"""Property tests: random data through every kind, the drawn geometry read back from the figure.

Bars are as long as their values (within 0.5%) and point the right way from a zero baseline; value
labels sit beyond their bar's end on its own side; each line's end label is nearer its own line than
any other (or is joined to it by a leader); scatter names come only from the label column; every
share of a stacked bar is named; no two texts overlap and none leaves the picture.
"""

from __future__ import annotations

import re
import warnings

import pytest
from geometry import chart_data, contains, drawn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import ReportgenError

SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=24).map(str.strip).filter(bool)
MAGNITUDE = st.sampled_from([1e-2, 1.0, 1e3, 1e6, 1e9])


@st.composite
def values(draw, n_min=1, n_max=20, signs="mixed"):
    n = draw(st.integers(n_min, n_max))
    scale = draw(MAGNITUDE)
    low = 0.0 if signs == "positive" else -1.0
    spread = draw(st.sampled_from(["wide", "close", "huge"]))
    if spread == "close":
        base = draw(st.floats(0.5, 1.0))
        out = [base + draw(st.floats(-0.001, 0.001)) for _ in range(n)]
        if signs == "mixed" and draw(st.booleans()):
            out = [-v for v in out]
    elif spread == "huge":
        out = [draw(st.sampled_from([1e-4, 1e-2, 1.0, 100.0, 1e4])) * (draw(st.sampled_from([-1, 1])) if low else 1)
               for _ in range(n)]
    else:
        out = [draw(st.floats(low, 1.0)) for _ in range(n)]
    if draw(st.booleans()):
        out[draw(st.integers(0, n - 1))] = 0.0
    return [round(v * scale, 6) for v in out]


def rows_of(vals, names=None):
    return [{"id": f"r{i}", "name": (names[i] if names else f"item {i}"), "v": v} for i, v in enumerate(vals)]


def assert_bars_true(fig, data, horizontal):
    bars = fig.artists("bar:")
    labels = fig.artists("value:")
    ax = fig.axes[0]
    zero = ax.transData.transform((0, 0))[0 if horizontal else 1]
    measured = []
    for p in data.points:
        box = fig.box(bars[p.id])
        start, end = (box.x0, box.x1) if horizontal else (box.y0, box.y1)
        length = (end - start) if abs(start - zero) < abs(end - zero) else -(end - start)
        if p.value:
            assert min(abs(start - zero), abs(end - zero)) < 0.5, f"bar {p.id} does not start at zero"
            assert (length > 0) == (p.value > 0), f"bar {p.id} ({p.value}) points the wrong way"
            measured.append((p.value, length))
        label = fig.box(labels[p.id])
        tip = zero + length
        if p.value and p.value < 0:
            assert (label.x1 if horizontal else label.y1) <= tip + 1, f"label of {p.id} ({p.value}) not beyond its bar"
        else:
            assert (label.x0 if horizontal else label.y0) >= tip - 1, f"label of {p.id} ({p.value}) not beyond its bar"
    if measured:
        top_value, top_length = max(measured, key=lambda m: abs(m[0]))
        for value, length in measured:
            assert length / top_length == pytest.approx(value / top_value, abs=0.005)


def assert_readable(fig):
    assert fig.overlapping_texts() == []
    assert fig.outside_figure() == []


@pytest.mark.parametrize(("kind", "unit", "most"), [("ranked_bar", "USD m", 24), ("column", "people", 20)])
@SETTINGS
@given(vals=values(n_max=24), lang=st.sampled_from(["en", "ko"]))
def test_bars_are_true_to_their_values(kind, unit, most, vals, lang):
    data = chart_data(rows_of(vals[:most]), lang, units={"v": unit}, kind=kind, x="name", y="v")
    with drawn(data) as fig:
        assert_bars_true(fig, data, horizontal=kind == "ranked_bar")
        assert_readable(fig)


@SETTINGS
@given(vals=values(n_min=4, n_max=12), series=st.integers(2, 3))
def test_grouped_columns_are_true_to_their_values(vals, series):
    categories = max(1, len(vals) // series)
    rows = [{"id": f"r{c}_{s}", "year": f"{2000 + c}", "who": f"team {s}", "v": vals[(c * series + s) % len(vals)]}
            for c in range(categories) for s in range(series)]
    data = chart_data(rows, units={"v": "percent"}, kind="grouped_column", x="year", y="v", series="who")
    with drawn(data) as fig:
        assert_bars_true(fig, data, horizontal=False)
        assert_readable(fig)


@SETTINGS
@given(n_series=st.integers(1, 6), years=st.integers(2, 10), data=st.data())
def test_line_end_labels_sit_by_their_own_line(n_series, years, data):
    scale = data.draw(MAGNITUDE)
    close = data.draw(st.booleans())  # ends bunched together: labels must move apart, with leaders
    rows = []
    for s in range(n_series):
        for y in range(years):
            base = 1.0 + (s * 0.002 if close else data.draw(st.floats(-1, 1)))
            rows.append({"id": f"s{s}_{y}", "who": f"series {s}", "year": 2000 + y, "v": round(base * scale, 6)})
    drawn_data = chart_data(rows, units={"v": "count"}, kind="line", x="year", y="v", series="who")
    with drawn(drawn_data) as fig:
        ax = fig.axes[0]
        lines = fig.artists("line:")
        ends = {name: ax.transData.transform(line.get_xydata()[-1]) for name, line in lines.items()}
        for name, label in fig.artists("end:").items():
            box = fig.box(label)
            centre = (box.y0 + box.y1) / 2
            own = abs(centre - ends[name][1])
            nearest = min(abs(centre - end[1]) for end in ends.values())
            leader = fig.artists("leader:").get(name)
            if own > nearest + 1:
                assert leader is not None, f"end label {name!r} is nearer another line and has no leader"
            if leader is not None:
                path = ax.transData.transform(leader.get_xydata())
                assert abs(path[0][1] - ends[name][1]) < 1 and abs(path[-1][1] - centre) < 2
        low, high = ax.get_ylim()
        ys = [r["v"] for r in rows]
        if max(ys) > min(ys):
            assert (max(ys) - min(ys)) / (high - low) > 0.4, "the y range does not fit the data"
        assert low <= min(ys) and high >= max(ys)
        assert len([t for t in ax.get_yticklabels() if t.get_text()]) >= 2, "the y axis has no readable ticks"
        assert_readable(fig)


@SETTINGS
@given(n=st.integers(1, 40), data=st.data())
def test_scatter_names_come_from_the_label_column_and_never_overlap(n, data):
    rows = []
    for i in range(n):
        named = data.draw(st.booleans())
        rows.append({"id": f"p{i}", "gdp": data.draw(st.floats(100, 90000)), "life": data.draw(st.floats(40, 85)),
                     "country": data.draw(NAMES) if named else None})
    drawn_data = chart_data(rows, units={"gdp": "USD", "life": "years"}, kind="scatter", x="gdp", y="life", label="country",
                            log_x=data.draw(st.booleans()))
    with drawn(drawn_data) as fig:
        names = fig.artists("name:")
        given_names = {r["id"]: r["country"] for r in rows if r["country"]}
        assert set(names) <= set(given_names)
        for pid, text in names.items():
            assert text.get_text() == given_names[pid]
        assert not any(re.fullmatch(r"[\d.,]+", t.get_text()) and "." in t.get_text() and len(t.get_text()) > 6
                       for t in fig.texts()), "a raw number printed as a name"
        assert_readable(fig)


@SETTINGS
@given(n=st.integers(2, 8), bars=st.integers(1, 4), data=st.data())
def test_every_share_of_a_stacked_bar_is_named(n, bars, data):
    rows = []
    for b in range(bars):
        weights = [data.draw(st.sampled_from([0.4, 1, 3, 10, 30])) for _ in range(n)]
        total = sum(weights)
        for i, w in enumerate(weights):
            rows.append({"id": f"b{b}_{i}", "bar": f"bar {b}", "part": f"part {i}", "v": round(w / total * 100, 1)})
    spec = {"series": "bar"} if bars > 1 else {"where": {"bar": "bar 0"}}
    drawn_data = chart_data(rows, units={"v": "percent"}, kind="stacked_bar", x="part", y="v", percent=True, **spec)
    with drawn(drawn_data) as fig:
        segments = fig.artists("segment:")
        legend = {t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()}
        values = fig.artists("share:")
        texts = fig.texts()
        for key, rect in segments.items():
            name = rect.get_label()
            box = fig.box(rect)
            inside = any(name in t.get_text() and contains(box, fig.box(t)) for t in texts)
            under = fig.artists("segname:").get(key)
            beneath = under is not None and under.get_text().replace("\n", " ") == name and \
                fig.box(under).x0 >= box.x0 - 2 and fig.box(under).x1 <= box.x1 + 2 and fig.box(under).y1 <= box.y0
            assert inside or beneath or name in legend, f"segment {name!r} is not named"
            assert key in values, f"segment {name!r} has no value label"
            if not contains(box, fig.box(values[key])):
                assert key in fig.artists("leader:"), f"the value of {name!r} sits outside with no leader"
        assert_readable(fig)


def test_sixty_categories_are_one_error_naming_the_limit_and_the_chart():
    rows = rows_of([float(i + 1) for i in range(60)])
    for kind in ("ranked_bar", "column"):
        with pytest.raises(ReportgenError, match=r"charts \(c1\): .*60 bars.* at most \d+.*`top: \d+`"):
            chart_data(rows, kind=kind, x="name", y="v")


def test_top_n_keeps_the_largest():
    data = chart_data(rows_of([float(i + 1) for i in range(60)]), kind="ranked_bar", x="name", y="v", top=5)
    assert [p.value for p in data.points] == [60, 59, 58, 57, 56]


def test_facet_panels_share_one_scale_and_have_a_limit():
    rows = [{"id": f"{g}{i}", "group": g, "name": f"n{i}", "v": 10.0 * (i + 1)} for g in "ab" for i in range(3)]
    data = chart_data(rows, units={"v": "people"}, kind="column", x="name", y="v", facet="group")
    with drawn(data) as fig:
        bars = fig.artists("bar:")
        assert fig.box(bars["a2"]).height == pytest.approx(fig.box(bars["b2"]).height, rel=0.001)
        assert_readable(fig)
    many = [{"id": f"{g}{i}", "group": f"group {g}", "name": f"n{i}", "v": 1.0} for g in range(9) for i in range(2)]
    with pytest.raises(ReportgenError, match=r"`facet: group` makes 9 panels; a chart holds at most \d"):
        chart_data(many, kind="column", x="name", y="v", facet="group")


def test_long_panel_titles_wrap_within_their_panel():
    rows = [{"id": f"{g}{i}", "group": f"a very long panel title number {g} that goes on", "name": f"n{i}", "v": 1.0 + i}
            for g in range(4) for i in range(2)]
    with drawn(chart_data(rows, kind="ranked_bar", x="name", y="v", facet="group")) as fig:
        assert_readable(fig)


@pytest.mark.parametrize(("vals", "texts"), [
    ([63, 82.6], ["82.6", "63.0"]),
    ([2_220_000, 660_000, 230_000], ["2.22M", "0.66M", "0.23M"]),
    ([0.28, 15], ["$15.00", "$0.28"]),
])
def test_one_number_format_per_label_set(vals, texts):
    unit = "USD" if texts[0].startswith("$") else "count"
    data = chart_data(rows_of(vals), units={"v": unit}, kind="ranked_bar", x="name", y="v")
    assert [p.text for p in data.points] == texts


def test_log_axes_where_they_make_sense_with_the_positive_check():
    rows = [{"id": f"p{i}", "a": 10.0 ** i, "b": 2.0 ** i, "c": 3.0} for i in range(5)]
    for spec in ({"kind": "scatter", "x": "a", "y": "b", "log_x": True, "log": True}, {"kind": "line", "x": "c", "y": "b", "log": True}):
        if spec["kind"] == "line":
            rows = [{"id": f"p{i}", "c": 2000 + i, "b": 2.0 ** i} for i in range(5)]
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with drawn(chart_data(rows, **spec)) as fig:
                assert fig.axes[0].get_yscale() == "log"
    bad = [{"id": "p0", "a": -1.0, "b": 1.0}, {"id": "p1", "a": 2.0, "b": 1.0}]
    with pytest.raises(ReportgenError, match=r"a log scale needs values above zero; row 'p0' has x = -1"):
        chart_data(bad, kind="scatter", x="a", y="b", log_x=True)


@SETTINGS
@given(changes=st.lists(st.floats(-50, 50).map(lambda v: round(v, 1)), min_size=1, max_size=8), start=st.floats(0, 200))
def test_a_waterfall_bridges_from_start_to_end(changes, start):
    start = round(start, 1)
    end = round(start + sum(changes), 1)
    rows = [{"id": "start", "step": "Start", "v": start}]
    rows += [{"id": f"c{i}", "step": f"change {i}", "v": v} for i, v in enumerate(changes)]
    rows += [{"id": "end", "step": "End", "v": end}]
    data = chart_data(rows, units={"v": "USD m"}, kind="waterfall", x="step", y="v", totals=["start", "end"])
    assert all(p.text.startswith(("+", "-", "$0")) for p in data.points if not p.total)
    with drawn(data) as fig:
        ax = fig.axes[0]
        to_px = ax.transData.transform
        running = 0.0
        for p in data.points:
            box = fig.box(fig.artists("bar:")[p.id])
            low, high = (0.0, p.value) if p.total else (running, running + p.value)
            running = p.value if p.total else running + p.value
            expected = sorted((to_px((0, low))[1], to_px((0, high))[1]))
            assert (box.y0, box.y1) == pytest.approx(tuple(expected), abs=0.6)
        assert_readable(fig)
    with pytest.raises(ReportgenError, match=r"total row 'end' is .* add up to"):
        chart_data([*rows[:-1], {"id": "end", "step": "End", "v": end + 100}], kind="waterfall", x="step", y="v", totals=["start", "end"])


@SETTINGS
@given(vals=values(n_min=2, n_max=12, signs="positive"), rate=st.lists(st.floats(-5, 15), min_size=12, max_size=12))
def test_a_combo_draws_columns_and_a_line_on_its_own_axis(vals, rate):
    rows = [{"id": f"r{i}", "year": str(2010 + i), "v": v, "g": round(rate[i], 2)} for i, v in enumerate(vals)]
    data = chart_data(rows, units={"v": "USD", "g": "percent"}, kind="combo", x="year", y="v", y2="g")
    with drawn(data) as fig:
        assert_bars_true(fig, data, horizontal=False)
        (line,) = fig.artists("line:").values()
        assert list(line.get_ydata()) == [r["g"] for r in rows]
        right = line.axes
        assert right is not fig.axes[0] and right.get_ylim()[0] <= min(rate[: len(vals)])
        assert_readable(fig)


def test_reference_lines_and_periods_keep_clear_of_the_end_labels():
    rows = [{"id": f"s{s}_{y}", "who": f"company {s}", "year": 2018 + y, "v": 100.0 + s * 0.5 + (y == 0) * 0} for s in range(6)
            for y in range(4)]
    spec = {"kind": "line", "x": "year", "y": "v", "series": "who", "lines": [{"name": "start", "value": 100}],
            "periods": [{"name": "dip", "from": 2019, "to": 2020}]}
    data = chart_data(rows, **spec)
    data = type(data)(**{**data.__dict__, "lines": (type(data.lines[0])(100.0, "January 2018"),),
                         "periods": (type(data.periods[0])(2019.0, 2020.0, "a long named period"),)})
    with drawn(data) as fig:
        assert "January 2018" in [t.get_text() for t in fig.texts()]
        assert_readable(fig)
