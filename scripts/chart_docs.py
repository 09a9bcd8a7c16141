"""Write the chart keys of docs/charts.md from the spec models and the chart kinds.

Run `python scripts/chart_docs.py` after changing `ChartSpec` (reportgen/inputs/spec.py) or a kind's
`Needs`; tests/charts/test_docs.py fails while the docs and the models disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from reportgen.charts.prepare import ENCODINGS, OPTIONS
from reportgen.charts.registry import CHART_KINDS
from reportgen.inputs.spec import ChartSpec, Condition, NumberFormat, Period, RefLine

DOCS = Path(__file__).resolve().parents[1] / "docs" / "charts.md"
START, END = "<!-- generated: chart keys (scripts/chart_docs.py) -->", "<!-- end of generated chart keys -->"
EVERY_KIND = ("id", "kind", "table", "where", "highlight", "colors", "palette", "sort", "order_by", "top", "format", "sources",
              "missing")
FLAGS = {"facet": "facet", "log": "log", "log_x": "log_x", "percent": "percent", "lines": "lines", "periods": "periods",
         "totals": "totals"}


def _type(annotation: Any) -> str:
    """A field's type in words: `text`, `number`, `one of 'asc', 'desc'`, `list of colour` ..."""
    text = str(annotation).replace("typing.", "").replace("reportgen.inputs.spec.", "")
    text = re.sub(r"Annotated\[str, FieldInfo\([^]]*#\[0-9A-Fa-f\][^]]*\]\)\]", "colour", text)
    text = text.replace("str | int | float | bool | list[str | int | float | bool] | Condition", "value, [values] or condition")
    text = text.replace("str | int | float | bool", "value")
    for old, new in (("<class '", ""), ("'>", ""), ("Literal[", "one of ["), (" | None", ""), ("str", "text"), ("float", "number"),
                     ("int", "whole number"), ("bool", "true/false"), (" | ", " or "), ("NumberFormat", "format"),
                     ("RefLine", "line"), ("Period", "period")):
        text = text.replace(old, new)
    text = re.sub(r"dict\[text, (.*)\]$", r"{key: \1}", text)
    return re.sub(r"list\[([^][]*)\]", r"list of \1", text)


def model_table(model: type[BaseModel]) -> list[str]:
    rows = ["| key | type | default | what it does |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        if field.exclude:
            continue
        key = field.alias or name
        value = None if field.is_required() else field.get_default(call_default_factory=True)
        default = "required" if field.is_required() else "(see below)" if isinstance(value, BaseModel) else \
            "—" if value is None or value in ([], {}) else f"`{str(value).lower() if isinstance(value, bool) else value}`"
        rows.append(f"| `{key}` | {_type(field.annotation)} | {default} | {field.description or ''} |")
    return rows


def kind_keys(name: str) -> list[str]:
    needs = CHART_KINDS[name].needs
    keys = list(EVERY_KIND[:3]) + [f"{e} (required)" for e in needs.required] + [e for e in needs.optional]
    keys += [k for k in EVERY_KIND[3:]]
    keys += [key for key, flag in FLAGS.items() if getattr(needs, flag)]
    keys += [key for key, kinds in OPTIONS.items() if name in kinds]
    return keys


def keys_section() -> str:
    lines = [START, "", "### Keys of every kind", ""]
    lines += ["| kind | what it draws | keys it takes |", "|---|---|---|"]
    for name in sorted(CHART_KINDS):
        kind = CHART_KINDS[name]
        lines.append(f"| `{name}` | {kind.summary} | {', '.join(f'`{k}`' for k in kind_keys(name))} |")
    lines += ["", f"Any other encoding ({', '.join(f'`{e}`' for e in ENCODINGS)}) or option a kind does not take is an error "
              "naming the kinds that take it.", "", "### Every key", ""]
    lines += model_table(ChartSpec)
    for title, model in (("`format:`", NumberFormat), ("a `where:` condition", Condition), ("`lines:` (each)", RefLine),
                         ("`periods:` (each)", Period)):
        lines += ["", f"### {title}", ""] + model_table(model)
    lines += ["", END]
    return "\n".join(lines)


def current_docs() -> str:
    text = DOCS.read_text(encoding="utf-8")
    return text[text.index(START): text.index(END) + len(END)] if START in text else ""


def main() -> int:
    text = DOCS.read_text(encoding="utf-8")
    section = keys_section()
    if START in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.replace("\n## What is checked before drawing", f"\n{section}\n\n## What is checked before drawing", 1)
    DOCS.write_text(text, encoding="utf-8")
    print(f"wrote the chart keys into {DOCS.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
