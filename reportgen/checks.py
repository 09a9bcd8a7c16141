"""Cross-checks between the spec, the dataset and the text: every name a report uses must exist."""

from __future__ import annotations

from pathlib import Path

from reportgen.compute import has_column, select_rows
from reportgen.data import Dataset
from reportgen.errors import Collector
from reportgen.narrative import Texts
from reportgen.spec import Report, TableView

REQUIRED_CHART_TEXT = ("title", "unit", "alt")
REQUIRED_RECOMMENDATION_TEXT = ("title", "rationale", "actions", "owner", "horizon", "measures")


MAX_CHART_ROWS = 500  # rows one chart draws: more is unreadable, and slow to draw
MAX_VIEW_ROWS = 400  # rows one table view shows, over all its slides or pages


def check_spec_against_data(report: Report, dataset: Dataset, spec_path: Path) -> Collector:
    problems = Collector()
    tables = sorted(dataset.tables)
    charts_path = report.charts_path
    for i, chart in enumerate(report.charts):
        where = (f"[{i}]" if report.charts_file else f"charts[{i}]") + f" ({chart.id})"
        if chart.table not in dataset.tables:
            problems.add(charts_path, f"{where}.table", f"no table {chart.table!r} in the dataset; tables: {', '.join(tables)}")
            continue
        table = dataset.tables[chart.table]
        missing = [column for column in chart.columns() if not has_column(table, column)]
        for column in missing:
            problems.add(charts_path, where, f"table {chart.table!r} has no column {column!r}; columns: {', '.join(table.columns)}")
        for source in chart.sources:
            if source not in dataset.sources:
                problems.add(charts_path, f"{where}.sources", f"unknown source id {source!r}")
        drawn = len(select_rows(table, chart.where)) if not missing else 0
        if drawn > MAX_CHART_ROWS:
            problems.add(charts_path, where, f"draws {drawn:,} rows of table {chart.table!r}; a chart draws at most "
                         f"{MAX_CHART_ROWS}: pick the rows with `where:`")
    for s_i, section in enumerate(report.deck):
        for i, slide in enumerate(section.slides):
            where = f"deck[{s_i}].slides[{i}] ({slide.id})"
            if slide.table is not None:
                _check_view(slide.table, dataset, spec_path, f"{where}.table", problems)
            for k, kpi in enumerate(slide.kpis):
                _check_figure(kpi.figure, dataset, spec_path, f"{where}.kpis[{k}].figure", problems)
    for m_i, section in enumerate(report.memo):
        for b_i, block in enumerate(section.blocks):
            if block.table is not None:
                _check_view(block.table, dataset, spec_path, f"memo[{m_i}].blocks[{b_i}].table", problems)
    return problems


def _check_view(view: TableView, dataset: Dataset, spec_path: Path, where: str, problems: Collector) -> None:
    if view.table not in dataset.tables:
        problems.add(spec_path, where, f"no table {view.table!r} in the dataset; tables: {', '.join(sorted(dataset.tables))}")
        return
    table = dataset.tables[view.table]
    missing = [column for column in [*view.columns, *view.where] if not has_column(table, column)]
    for column in missing:
        problems.add(spec_path, where, f"table {view.table!r} has no column {column!r}; columns: {', '.join(table.columns)}")
    shown = len(select_rows(table, view.where)) if not missing else 0
    if shown > MAX_VIEW_ROWS:
        problems.add(spec_path, where, f"shows {shown:,} rows of table {view.table!r}; a table shows at most {MAX_VIEW_ROWS}: "
                     "pick the rows with `where:`")


def _check_figure(figure: str, dataset: Dataset, spec_path: Path, where: str, problems: Collector) -> None:
    table_name, row_id, column = figure.split(".")
    table = dataset.tables.get(table_name)
    if table is None:
        problems.add(spec_path, where, f"no table {table_name!r} in the dataset")
        return
    row = table.by_id().get(row_id)
    if row is None:
        problems.add(spec_path, where, f"table {table_name!r} has no row {row_id!r}")
    elif not isinstance(row.get(column), (int, float)):
        problems.add(spec_path, where, f"{figure}: expected a number, the cell is {row.get(column)!r}")


def required_text_keys(report: Report) -> list[str]:
    """Every key a language's text must have for this report."""
    keys = ["meta.title", "meta.subtitle", "meta.audience", "meta.classification"]
    keys += [f"sections.{s.section}" for s in report.deck]
    keys += [f"charts.{c.id}.{part}" for c in report.charts for part in REQUIRED_CHART_TEXT]
    keys += [f"slides.{s.id}.title" for s in report.slides]
    keys += [f"memo.{m.id}.heading" for m in report.memo]
    keys += [f"paragraphs.{b.text}" for m in report.memo for b in m.blocks if b.text]
    recs = [s.recommendation for s in report.slides] + [b.recommendation for m in report.memo for b in m.blocks]
    for rec in dict.fromkeys(r for r in recs if r):
        keys += [f"recommendations.{rec}.{part}" for part in REQUIRED_RECOMMENDATION_TEXT]
    return keys


LIST_TEXT = (".actions", ".measures")  # recommendation parts that are lists of lines
Scalar = (str, int, float)


def check_texts(report: Report, texts: Texts) -> Collector:
    problems = Collector()
    for key in required_text_keys(report):
        value = texts.get(key)
        if value is None:
            problems.add(texts.file_of(key), key, f"missing text for the {texts.lang} report")
            continue
        expected = _text_shape(key, value)
        if expected:
            problems.add(texts.file_of(key), key, f"expected {expected}, got {_shape_of(value)}")
    return problems


def _text_shape(key: str, value: object) -> str | None:
    """What `key` should hold when `value` is not it; None when it is."""
    lines = isinstance(value, list) and all(isinstance(item, Scalar) and not isinstance(item, bool) for item in value)
    if key.startswith("paragraphs.") or key.endswith(LIST_TEXT):
        return None if lines or (isinstance(value, Scalar) and not isinstance(value, bool)) else "text or a list of lines"
    return None if isinstance(value, Scalar) and not isinstance(value, bool) else "text"


def _shape_of(value: object) -> str:
    if isinstance(value, dict):
        return f"a mapping ({', '.join(map(str, list(value)[:4]))})"
    if isinstance(value, list):
        return "a list" if all(isinstance(v, Scalar) for v in value) else "a list holding a list or a mapping"
    return "true/false" if isinstance(value, bool) else type(value).__name__
