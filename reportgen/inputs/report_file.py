"""Reading `report.yaml` (and the charts file it may name) into a validated `Report`."""

from __future__ import annotations

from pathlib import Path

from reportgen.errors import fail
from reportgen.inputs.params import check_params
from reportgen.inputs.references import check_references
from reportgen.inputs.spec import ChartList, Report
from reportgen.inputs.validate import validate_document
from reportgen.inputs.yamlio import YamlDocument, load_yaml
from reportgen.paths import inside


def load_spec(path: Path) -> Report:
    """Read and validate `report.yaml` (or the folder holding it).

    `charts:` may list the charts inline or name a YAML file beside report.yaml that lists them.
    """
    if path.is_dir():
        path = path / "report.yaml"
    doc = load_yaml(path)
    charts_doc, charts_file = None, None
    if isinstance(doc.data, dict) and isinstance(doc.data.get("charts"), str):
        charts_file = doc.data["charts"]
        line = doc.line_of(("charts",))
        charts_doc = load_yaml(_inside(path.parent, charts_file, path, f"charts (line {line})" if line else "charts"))
        charts = validate_document(ChartList, charts_doc).root
        doc = YamlDocument(doc.path, {**doc.data, "charts": charts}, doc.lines)
    report = validate_document(Report, doc)
    report = report.model_copy(update={"folder": path.parent, "charts_file": charts_file})
    problems = check_references(report, doc, charts_doc)
    problems.problems.extend(check_params(report, doc, charts_doc).problems)
    problems.raise_if_any()
    return report


def _inside(folder: Path, relative: str, spec_path: Path, where: str) -> Path:
    path = inside(folder, relative)
    if path is None:
        raise fail(spec_path, where, f"{relative!r} points outside the report folder")
    return path
