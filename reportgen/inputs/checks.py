"""Cross-checks between the spec, the dataset and the text: every name a report uses must exist."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import Collector
from reportgen.inputs.dataset import Dataset
from reportgen.inputs.rows import has_column, select_rows
from reportgen.inputs.spec import Report, TableView

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
