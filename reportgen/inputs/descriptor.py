"""The dataset descriptor (`datapackage.yaml`): Frictionless Data Package and Table Schema subset."""

from __future__ import annotations

import ast
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from reportgen.inputs.units import UNITS, Unit

SLUG = r"^[a-z][a-z0-9_]*$"
_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+(?:[/?#][^\s\"'<>\\^`{|}\x00-\x1f\x7f]*)?", re.ASCII)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Constraints(_Frozen):
    required: bool = False
    unique: bool = False
    minimum: float | None = None
    maximum: float | None = None
    enum: tuple[str, ...] | None = None
    pattern: str | None = None

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @field_validator("enum", mode="before")
    @classmethod
    def _as_text(cls, value: object) -> object:
        return [str(v) for v in value] if isinstance(value, list) else value


class FieldSpec(_Frozen):
    name: str
    type: Literal["string", "number", "integer", "boolean", "date", "year"] = "string"
    unit: str | None = None
    title: str | None = None
    description: str | None = None
    constraints: Constraints = Constraints()

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str | None, info: ValidationInfo) -> str | None:
        declared = (info.context or {}).get("units", ())
        if value is not None and value not in UNITS and value not in declared:
            known = [*declared, *(u for u in UNITS if u not in declared)]
            raise ValueError(f"unknown unit {value!r}; declare it under units: or use one of: {', '.join(known)}")
        return value


class UnitSpec(_Frozen):
    """A unit the dataset declares: how its numbers read (`kind`, `scale`) and the words after them."""

    name: str = Field(min_length=1)
    kind: Literal["count", "currency", "percent", "plain"] = "count"
    scale: float = Field(default=1.0, gt=0)  # what one stored number means: 1e6 for "USD m"
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")  # ISO code, for kind: currency
    ko: str = ""  # the Korean word after the number: 명, 년, 달러(PPP)
    en: str = ""  # the English word after the number (plural): people, years
    en_one: str = ""  # the English word after exactly one: year
    symbol: str = ""  # for kind: currency, what follows the amount in English: " (PPP)"

    @model_validator(mode="after")
    def _currency_has_code(self) -> UnitSpec:
        if self.kind == "currency" and not self.currency:
            raise ValueError(f"unit {self.name!r} is a currency: give its ISO code, e.g. currency: USD")
        if self.name in UNITS and self.unit() != UNITS[self.name]:
            raise ValueError(f"unit {self.name!r} is built in; give yours another name")
        return self

    def unit(self) -> Unit:
        extra = self.symbol if self.kind == "currency" else ""
        return Unit(self.name, self.kind, self.scale, self.ko, self.en + extra if extra else self.en, self.currency or "",
                    self.en_one)


class Schema(_Frozen):
    fields: tuple[FieldSpec, ...] = Field(min_length=1)
    primaryKey: str | tuple[str, ...] = "id"  # noqa: N815 - Table Schema's own name
    missingValues: tuple[str, ...] = ("",)  # noqa: N815

    @model_validator(mode="after")
    def _key_is_a_field(self) -> Schema:
        names = [f.name for f in self.fields]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"field names repeat: {', '.join(dupes)}")
        for key in self.key_fields:
            if key not in names:
                raise ValueError(f"primaryKey {key!r} is not a field; fields: {', '.join(names)}")
        return self

    @property
    def key_fields(self) -> tuple[str, ...]:
        return (self.primaryKey,) if isinstance(self.primaryKey, str) else self.primaryKey


class Derived(_Frozen):
    """A column that must equal a formula of other columns of the same row, within a tolerance."""

    field: str
    formula: str
    tolerance: float = Field(default=0.0, ge=0)

    @field_validator("formula")
    @classmethod
    def _arithmetic_only(cls, value: str) -> str:
        formula_names(value)
        return value


def formula_names(formula: str) -> list[str]:
    """The column names a formula uses; ValueError unless it is plain arithmetic."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        raise ValueError(f"formula {formula!r} is not valid arithmetic") from None
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Name, ast.Load, ast.Constant,
               ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub)
    names = []
    for node in ast.walk(tree):
        if not isinstance(node, allowed) or (isinstance(node, ast.Constant) and not isinstance(node.value, (int, float))):
            raise ValueError(f"formula {formula!r} may use only column names, numbers and + - * /")
        if isinstance(node, ast.Name):
            names.append(node.id)
    return names


class Resource(_Frozen):
    name: str = Field(pattern=SLUG)
    path: str
    title: str | None = None
    description: str | None = None
    format: str | None = None
    encoding: str | None = None
    sheet: str | None = None  # the worksheet of an .xlsx to read (default: the active visible one)
    schema_: Schema = Field(alias="schema")
    derived: tuple[Derived, ...] = ()

    @field_validator("path")
    @classmethod
    def _inside_folder(cls, value: str) -> str:
        if value.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", value) or ":" in value:
            raise ValueError(f"path {value!r} must stay inside the dataset folder (no '..', no absolute path)")
        if not value.lower().endswith((".csv", ".xlsx")):
            raise ValueError(f"path {value!r}: expected a .csv or .xlsx file")
        return value

    @model_validator(mode="after")
    def _sheet_of_a_workbook(self) -> Resource:
        if self.sheet is not None and not self.path.lower().endswith(".xlsx"):
            raise ValueError(f"`sheet: {self.sheet}` names a worksheet, but {self.path!r} is not an .xlsx workbook")
        return self

    @model_validator(mode="after")
    def _derived_fields_exist(self) -> Resource:
        names = {f.name for f in self.schema_.fields}
        for d in self.derived:
            for col in [d.field, *formula_names(d.formula)]:
                if col not in names:
                    raise ValueError(f"derived check names unknown column {col!r}; columns: {', '.join(sorted(names))}")
        return self


class Source(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    publisher: str
    publisher_en: str | None = None  # the publisher's name for English readers, when `publisher` is not
    title: str
    title_en: str | None = None  # the title for English readers, when `title` is not in English
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}){0,2}$")
    footnote: int | None = None
    url: str | None = None
    author: str | None = None
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        """Only an http(s) address becomes a link; a quote or a space would end the link's markup early."""
        if value is not None and not _WEB_ADDRESS.fullmatch(value):
            raise ValueError(f"{value!r}: expected a web address starting with http:// or https://, without spaces, "
                             "quotes, < or >")
        return value

    def publisher_for(self, lang: str) -> str:
        return self.publisher_en if lang == "en" and self.publisher_en else self.publisher

    def title_for(self, lang: str) -> str:
        """The title in the reader's language; for English readers the original follows in brackets."""
        if lang == "en" and self.title_en and self.title_en != self.title:
            return f"{self.title_en} [{self.title}]"
        return self.title


class Descriptor(_Frozen):
    name: str
    title: str | None = None
    description: str | None = None
    version: str | None = None
    licenses: tuple[dict, ...] = ()
    units: tuple[UnitSpec, ...] = ()  # the dataset's own units, beside the built-in ones
    sources: tuple[Source, ...] = Field(min_length=1)
    resources: tuple[Resource, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> Descriptor:
        for label, items in (("source id", [s.id for s in self.sources]), ("resource name", [r.name for r in self.resources]),
                             ("unit name", [u.name for u in self.units])):
            dupes = sorted({i for i in items if items.count(i) > 1})
            if dupes:
                raise ValueError(f"{label}s repeat: {', '.join(dupes)}")
        return self
