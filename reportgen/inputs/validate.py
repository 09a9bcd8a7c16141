"""Turning pydantic's validation errors into problems that name the YAML path, line and choices."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, RootModel, ValidationError

from reportgen.errors import Problem, ReportgenError, problem
from reportgen.inputs.yamlio import YamlDocument, format_loc

M = TypeVar("M", bound=BaseModel)


def validate_document(model: type[M], doc: YamlDocument, context: dict | None = None) -> M:
    """Validate a parsed YAML document into `model`, reporting every error in one pass."""
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        raise ReportgenError(problems_from(exc, doc, model)) from None


def problems_from(exc: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not _is_union_tag(p))
        line = doc.line_of(loc)
        where = format_loc(loc) + (f" (line {line})" if line else "")
        out.append(problem(doc.path, where, _message(err, loc, model)))
    return out


def _is_union_tag(part: Any) -> bool:
    # pydantic puts the tried member of a union in the location ("function-after[...]", "str")
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "float", "list", "dict"})


def _message(err: dict, loc: tuple, model: type[BaseModel]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        valid = _valid_keys(model, loc[:-1])
        hint = f"; valid keys here: {', '.join(valid)}" if valid else ""
        return f"unknown key {loc[-1]!r}{hint}"
    if kind == "missing":
        return "required key is missing"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"got {err.get('input')!r}; expected one of {expected}"
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return f"got {err.get('input')!r}; expected a date as YYYY-MM-DD"
    if kind == "model_type" or kind == "dict_type":
        if err.get("input") is None:
            return "is empty; expected a mapping of keys"
        return f"expected a mapping of keys, got {type(err.get('input')).__name__}"
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return msg


def _valid_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the model found at `loc`, walking nested models, lists and dicts."""
    current: Any = model
    if issubclass(model, RootModel):  # a file that is a list of models: start at the items
        current = _inner_model(model.model_fields["root"].annotation)
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            current = _inner_model(current)
            if isinstance(part, int) or current is None:
                continue
        fields = current.model_fields if current else {}
        field = fields.get(part) or next((f for f in fields.values() if f.alias == part), None)
        if field is None:
            current = _inner_model(current)
            if current is None:
                return []
            continue
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(f.alias or name for name, f in current.model_fields.items() if not f.exclude)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
