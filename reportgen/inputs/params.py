"""A report's parameters (`params:` in report.yaml): checked against the spec, and applied to it.

A parameter has one value per audience (`reportgen burst`), else its default. The spec uses it in
three ways, all resolved here before anything is built, so no later stage knows about parameters:

- `when: {focus: talent}` on a slide or memo block: the item is left out unless the condition holds;
- `first_when: {focus: talent}` on a slide or memo block: among the items of its section that have a
  `first_when`, those whose condition holds come first (the others keep their order and places);
- `where: {company: "{{ params.company }}"}` on a chart or table: the rows of that value (a parameter
  with no value keeps every row).

The text reads the values as `params.<name>` (and the audience's name as `params.audience`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

from reportgen.errors import Collector
from reportgen.inputs.descriptor import Constraints, FieldSpec
from reportgen.inputs.spec import AudienceTest, MemoBlock, Param, Report, Slide, WhereValue
from reportgen.inputs.yamlio import YamlDocument, format_loc

PARAM_REF = re.compile(r"^\{\{\s*params\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}$")
AUDIENCE = "audience"  # the audience's name: always a parameter, never declared

Item = TypeVar("Item", Slide, MemoBlock)


def param_field(param: Param) -> FieldSpec:
    """The parameter as a table column, so an audience table's cell is read like a dataset's."""
    enum = tuple(str(v) for v in param.allowed) if param.allowed is not None else None
    return FieldSpec(name=param.name, type=param.type, constraints=Constraints(enum=enum))


def values_for(report: Report, given: Mapping[str, object] | None = None) -> dict[str, object]:
    """Every declared parameter's value (given, else its default) plus whatever else was given
    (`audience`, `audience_<lang>`)."""
    values: dict[str, object] = {p.name: p.default for p in report.params}
    values[AUDIENCE] = None
    values.update(given or {})
    return values


def text_params(report: Report, values: Mapping[str, object], lang: str) -> dict[str, object]:
    """What the text of `lang` reads as `params`: each value, `<name>_<lang>` winning over `<name>`."""
    suffixes = tuple(f"_{other}" for other in report.languages)
    plain = {k: v for k, v in values.items() if not k.endswith(suffixes)}
    return {k: v if values.get(f"{k}_{lang}") is None else values[f"{k}_{lang}"] for k, v in plain.items()}


def holds(condition: AudienceTest, values: Mapping[str, object], report: Report) -> bool:
    """Every parameter the condition names has the value given, or one of the values listed."""
    declared = {p.name: p for p in report.params}
    for name, wanted in condition.items():
        value, param = values.get(name), declared.get(name)
        if value is None or param is None:
            return False
        try:
            options = {param.coerce(v) for v in (wanted if isinstance(wanted, list) else [wanted])}
        except ValueError:
            return False  # check_params reported it
        if value not in options:
            return False
    return True


def apply_params(report: Report, values: Mapping[str, object]) -> Report:
    """The report for one audience: items chosen and ordered by `when:`/`first_when:`, filters filled in."""
    deck = []
    for section in report.deck:
        slides = [_view_filled(s, values) for s in _select(section.slides, values, report)]
        if slides:
            deck.append(section.model_copy(update={"slides": slides}))
    memo = []
    for section in report.memo:
        blocks = [_view_filled(b, values) for b in _select(section.blocks, values, report)]
        if blocks or not section.blocks:
            memo.append(section.model_copy(update={"blocks": blocks}))
    charts = [c.model_copy(update={"where": _filled(c.where, values)}) if _uses_params(c.where) else c for c in report.charts]
    recommendations = dict.fromkeys(b.recommendation for m in report.memo for b in m.blocks if b.recommendation)
    numbers = {rec: n for n, rec in enumerate(recommendations, start=1)} if _chooses(report) else {}
    return report.model_copy(update={"deck": deck, "memo": memo, "charts": charts, "recommendation_numbers": numbers})


def _chooses(report: Report) -> bool:
    """Does any slide or memo block depend on a parameter?"""
    items = [*report.slides, *(b for m in report.memo for b in m.blocks)]
    return any(item.when or item.first_when for item in items)


def _select(items: list[Item], values: Mapping[str, object], report: Report) -> list[Item]:
    shown = [item for item in items if holds(item.when, values, report)]
    places = [i for i, item in enumerate(shown) if item.first_when]
    ranked = sorted((shown[i] for i in places), key=lambda item: not holds(item.first_when, values, report))  # stable
    for i, item in zip(places, ranked, strict=True):
        shown[i] = item
    return shown


def _view_filled(item: Item, values: Mapping[str, object]) -> Item:
    view = item.table
    if view is None or not _uses_params(view.where):
        return item
    return item.model_copy(update={"table": view.model_copy(update={"where": _filled(view.where, values)})})


def _uses_params(where: dict[str, WhereValue]) -> bool:
    return any(_ref(v) for value in where.values() for v in (value if isinstance(value, list) else [value]))


def _ref(value: object) -> str | None:
    match = PARAM_REF.match(value) if isinstance(value, str) else None
    return match["name"] if match else None


def _filled(where: dict[str, WhereValue], values: Mapping[str, object]) -> dict[str, WhereValue]:
    """`where` with each `{{ params.x }}` replaced by the value of x; a filter on a parameter without a value goes."""
    out: dict[str, Any] = {}
    for column, wanted in where.items():
        listed = wanted if isinstance(wanted, list) else [wanted]
        filled = [values.get(name) if (name := _ref(v)) else v for v in listed]
        if any(v is None for v in filled):
            continue
        out[column] = filled if isinstance(wanted, list) else filled[0]
    return out


# checks ------------------------------------------------------------------------------------------


def check_params(report: Report, doc: YamlDocument, charts_doc: YamlDocument | None) -> Collector:
    """Parameter names are unique; every `when:`, `first_when:` and `{{ params.x }}` names a declared
    parameter and a value it may take. Each problem names its YAML path and line."""
    problems = Collector()
    declared: dict[str, Param] = {}
    for i, param in enumerate(report.params):
        if param.name in declared:
            problems.add(doc.path, _where(doc, ("params", i, "name")), f"parameter {param.name!r} is declared twice")
        declared[param.name] = param
    items: list[tuple[tuple, Slide | MemoBlock]] = [
        (("deck", s, "slides", i), slide) for s, section in enumerate(report.deck) for i, slide in enumerate(section.slides)]
    items += [(("memo", m, "blocks", b), block) for m, section in enumerate(report.memo) for b, block in enumerate(section.blocks)]
    for loc, item in items:
        for key in ("when", "first_when"):
            for name, wanted in getattr(item, key).items():
                _check_condition(declared, name, wanted, doc, loc + (key, name), problems)
        if item.table is not None:
            _check_refs(declared, item.table.where, doc, loc + ("table", "where"), problems)
    prefix: tuple = () if charts_doc else ("charts",)
    for i, chart in enumerate(report.charts):
        _check_refs(declared, chart.where, charts_doc or doc, prefix + (i, "where"), problems)
    return problems


def _check_condition(declared: Mapping[str, Param], name: str, wanted: object, doc: YamlDocument, loc: tuple,
                     problems: Collector) -> None:
    param = declared.get(name)
    if param is None:
        problems.add(doc.path, _where(doc, loc), f"no parameter {name!r}; {_known(declared)}")
        return
    for value in wanted if isinstance(wanted, list) else [wanted]:
        try:
            typed = param.coerce(value)
        except ValueError as exc:
            problems.add(doc.path, _where(doc, loc), str(exc))
            continue
        if not param.allows(typed):
            problems.add(doc.path, _where(doc, loc), f"{value!r} is not a value of parameter {name!r}; "
                         f"allowed: {', '.join(map(str, param.allowed or []))}")


def _check_refs(declared: Mapping[str, Param], where: dict[str, WhereValue], doc: YamlDocument, loc: tuple, problems: Collector) -> None:
    for column, wanted in where.items():
        for value in wanted if isinstance(wanted, list) else [wanted]:
            name = _ref(value)
            if name is not None and name not in declared:
                problems.add(doc.path, _where(doc, loc + (column,)), f"no parameter {name!r}; {_known(declared)}")
            elif name is None and isinstance(value, str) and "{{" in value:
                problems.add(doc.path, _where(doc, loc + (column,)),
                             f"got {value!r}; a filter names a parameter alone, as \"{{{{ params.NAME }}}}\"")


def _known(declared: Mapping[str, Param]) -> str:
    return f"declared under params: {', '.join(declared)}" if declared else "the report declares none under params:"


def _where(doc: YamlDocument, loc: tuple) -> str:
    line = doc.line_of(loc)
    return format_loc(loc) + (f" (line {line})" if line else "")
