"""Names the spec uses within itself: ids are unique, every chart a slide or memo block names exists,
and every file it names lies inside the report folder. Each problem names its YAML path and line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from reportgen.errors import Collector
from reportgen.inputs.spec import Report
from reportgen.inputs.yamlio import YamlDocument, format_loc
from reportgen.paths import inside


def check_references(report: Report, doc: YamlDocument, charts_doc: YamlDocument | None) -> Collector:
    """Every problem with ids and names in one pass (`charts_doc`: the charts file, when there is one)."""
    problems = Collector()
    where_charts = charts_doc or doc
    chart_prefix: tuple = () if charts_doc else ("charts",)
    _unique(problems, where_charts, "chart id", ((chart_prefix + (i, "id"), c.id) for i, c in enumerate(report.charts)))
    _unique(problems, doc, "slide id", ((("deck", s, "slides", i, "id"), slide.id)
                                         for s, section in enumerate(report.deck) for i, slide in enumerate(section.slides)))
    _unique(problems, doc, "memo section id", ((("memo", m, "id"), section.id) for m, section in enumerate(report.memo)))
    known = [c.id for c in report.charts]
    named = [(("deck", s, "slides", i, "chart"), slide.chart)
             for s, section in enumerate(report.deck) for i, slide in enumerate(section.slides)]
    named += [(("memo", m, "blocks", b, "chart"), block.chart)
              for m, section in enumerate(report.memo) for b, block in enumerate(section.blocks)]
    for loc, chart in named:
        if chart and chart not in known:
            close = difflib.get_close_matches(chart, known, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            problems.add(doc.path, _where(doc, loc),
                         f"chart {chart!r} is not defined under charts:; defined: {', '.join(known) or '(none)'}{hint}")
    if report.master is not None:
        if inside(report.folder, report.master) is None:
            problems.add(doc.path, _where(doc, ("master",)), f"{report.master!r} points outside the report folder")
    return problems


def _unique(problems: Collector, doc: YamlDocument, label: str, items: Iterable[tuple[tuple, str]]) -> None:
    first: dict[str, tuple] = {}
    for loc, value in items:
        if value in first:
            line = doc.line_of(first[value])
            at = f" (first at line {line})" if line else ""
            problems.add(doc.path, _where(doc, loc), f"{label} {value!r} is used twice{at}; ids must be unique")
        else:
            first[value] = loc


def _where(doc: YamlDocument, loc: tuple) -> str:
    line = doc.line_of(loc)
    return format_loc(loc) + (f" (line {line})" if line else "")
