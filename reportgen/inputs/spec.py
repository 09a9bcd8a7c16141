"""The report spec (`report.yaml`): frozen pydantic models, validated once at the boundary."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationInfo, field_validator, model_validator

from reportgen.errors import fail
from reportgen.paths import inside

ID = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Lang = Literal["ko", "en"]
CellValue = str | int | float | bool
# the chart kinds a spec may name; reportgen.charts.registry draws each (a test keeps the two equal)
CHART_KIND_NAMES = ("column", "combo", "dumbbell", "grouped_column", "line", "ranked_bar", "scatter", "stacked_bar", "timeline",
                    "waterfall")
COLOUR = r"^#[0-9A-Fa-f]{6}$"
# kinds the deck shows as their picture: PowerPoint has no honest native chart for a timeline
# (writers/deck/native_chart.py writes every other kind; a test keeps the two lists apart and complete)
PICTURE_ONLY_KINDS = ("timeline",)
Engine = Literal["native", "picture"]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Condition(Model):
    """A filter beyond equality: `{in: [a, b]}`, `{not_in: [c]}`, `{gt: 10}`, `{le: 2020}`, `{ne: x}` (several: all hold)."""

    in_: list[CellValue] | None = Field(default=None, alias="in", description="the cell is one of these")
    not_in: list[CellValue] | None = Field(default=None, description="the cell is none of these")
    ne: CellValue | None = Field(default=None, description="the cell is not this")
    gt: float | None = Field(default=None, description="the number is greater than this")
    ge: float | None = Field(default=None, description="the number is at least this")
    lt: float | None = Field(default=None, description="the number is less than this")
    le: float | None = Field(default=None, description="the number is at most this")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _says_something(self) -> Condition:
        if all(v is None for v in self.model_dump().values()):
            raise ValueError("a condition needs one of: in, not_in, ne, gt, ge, lt, le")
        return self


WhereValue = CellValue | list[CellValue] | Condition


class NumberFormat(Model):
    """How the figures of a chart (its value labels), a KPI or a table column read."""

    digits: int | None = Field(default=None, ge=0, le=4, description="decimals, the same for every figure (default: as few as they need)")
    scale: Literal["auto", "none", "thousands", "millions", "billions", "trillions", "만", "억", "조"] = Field(
        default="auto", description="auto: 1억 5,000만 / 150M; none: every digit; or one scale for all figures")
    sign: bool = Field(default=False, description="a plus before positive figures (+3.2)")
    fraction: bool = Field(default=False, description="the stored value is a fraction: 0.25 reads 25%")


class RefLine(Model):
    """A reference or target line across the plot, named from the text (`charts.<id>.lines.<name>`)."""

    name: ID = Field(description="its key under `charts.<id>.lines` in the text")
    value: float = Field(description="where it crosses the value axis (in the stored unit)")
    style: Literal["reference", "target"] = Field(default="reference", description="reference: grey dashes; target: the highlight colour")


class Period(Model):
    """A shaded stretch of time on a line or combo chart, named from the text (`charts.<id>.periods.<name>`)."""

    name: ID = Field(description="its key under `charts.<id>.periods` in the text")
    start: int | float | str = Field(alias="from", description="a year or date (YYYY, YYYY-MM)")
    end: int | float | str = Field(alias="to", description="a year or date (YYYY, YYYY-MM)")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class ChartSpec(Model):
    """One chart: which table feeds it and how its columns map to the picture."""

    id: ID = Field(description="a slug; slides and memo blocks name the chart by it")
    kind: str = Field(description="the chart kind (see Kinds)")
    table: ID = Field(description="a table of the dataset")
    x: str | None = Field(default=None, description="the category, time or x-number column")
    y: str | None = Field(default=None, description="the value column")
    y2: str | None = Field(default=None, description="a second value: a dumbbell's second end, a combo's line")
    series: str | None = Field(default=None, description="the grouping column: groups, bars of a stack, lines, lanes")
    size: str | None = Field(default=None, description="bubble size column")
    label: str | None = Field(default=None, description="a text column drawn beside marks (empty cells: no label)")
    where: dict[str, WhereValue] = Field(
        default={}, description="keep rows: `{column: value}`, `[values]` or a condition `{in, not_in, ne, gt, ge, lt, le}`")
    highlight: list[str] = Field(default=[], description="row ids or cell values drawn in the highlight colour")
    colors: dict[str, Annotated[str, Field(pattern=COLOUR)]] = Field(
        default={}, description="a colour (#RRGGBB) per row id, category or series value")
    palette: list[Annotated[str, Field(pattern=COLOUR)]] = Field(default=[], description="colours for series and segments, in order")
    sort: Literal["asc", "desc", "none"] = Field(
        default="none", description="order by `order_by` (default y): ascending, descending, or file order")
    order_by: str | None = Field(default=None, description="the column to sort by (a ranked bar sorts by y)")
    top: int | None = Field(default=None, ge=1, le=100, description="keep only the first N rows after sorting")
    log: bool = Field(default=False, description="the value axis on a log scale (values above zero)")
    log_x: bool = Field(default=False, description="scatter: the x axis on a log scale (values above zero)")
    percent: bool = Field(default=False, description="stacked_bar: values are shares that sum to 100 at most")
    format: NumberFormat = Field(default=NumberFormat(), description="how the value labels read: digits, scale, sign, fraction")
    lines: list[RefLine] = Field(default=[], description="reference or target lines")
    periods: list[Period] = Field(default=[], description="shaded periods on a time axis")
    callouts: list[str] = Field(default=[], description="row ids whose mark gets a note from `charts.<id>.callouts.<row id>`")
    totals: list[str] = Field(default=[], description="waterfall: row ids drawn as totals from zero; the other rows are changes")
    sources: list[str] = Field(default=[], description="extra source ids beyond those the rows cite")
    facet: str | None = Field(default=None, description="one small panel per value of this column")
    missing: Literal["warn", "skip", "label"] = Field(
        default="warn", description="rows without a value: leave out with a warning, quietly, or show N/A")
    step: bool = Field(default=False, description="line: steps instead of slopes")
    guides: list[float] = Field(default=[], description="scatter: lines where y is this percent of x")
    engine: Engine | None = Field(
        default=None, description="the deck's chart: `native` (editable, with its data) or `picture`; default: the report's `engine`")

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in CHART_KIND_NAMES:
            raise ValueError(f"unknown chart kind {value!r}; known kinds: {', '.join(sorted(CHART_KIND_NAMES))}")
        return value

    @model_validator(mode="after")
    def _engine_can_draw(self) -> ChartSpec:
        if self.engine == "native" and (self.kind in PICTURE_ONLY_KINDS or self.step):
            what = "a step line" if self.step else f"a {self.kind}"
            raise ValueError(f"`engine: native`: {what} has no native PowerPoint form in reportgen and stays a picture; "
                             "say `engine: picture` or leave engine out")
        return self

    @property
    def native_form(self) -> bool:
        """Can the deck write this chart as a native PowerPoint chart?"""
        return self.kind not in PICTURE_ONLY_KINDS and not self.step

    def columns(self) -> list[str]:
        """Every column this chart reads (before language suffixes are applied)."""
        named = [self.x, self.y, self.y2, self.series, self.size, self.label, self.facet, self.order_by, *self.where]
        return [c for c in named if c]


class Kpi(Model):
    """A big number on a KPI slide: `table.row_id.column` in the dataset."""

    figure: str = Field(pattern=r"^[a-z][a-z0-9_]*\.[A-Za-z0-9_]+\.[a-z][a-z0-9_]*$")
    digits: int = Field(default=2, ge=0, le=4)  # at most this many decimals (a `format:` with `digits` fixes them)
    format: NumberFormat | None = None  # none: the figure reads as the text prints it


class TableView(Model):
    """A dataset table shown as a native table: which columns, which rows, in what order."""

    table: ID
    columns: list[str] = Field(min_length=1)
    where: dict[str, WhereValue] = {}
    max_rows: int = Field(default=8, ge=1, le=40)  # per slide / per page before splitting
    # how a number column reads: `{column: {digits: 1, scale: 억}}`; every column without one still reads
    # in one style (the same decimals and scale in every cell), completed from its figures
    formats: dict[str, NumberFormat] = {}

    @field_validator("formats")
    @classmethod
    def _formats_name_shown_columns(cls, value: dict[str, NumberFormat], info: ValidationInfo) -> dict[str, NumberFormat]:
        shown = info.data.get("columns")
        unknown = [name for name in value if shown is not None and name not in shown]
        if unknown:
            raise ValueError(f"no column {unknown[0]!r} in this table's `columns:`; `formats:` may name: {', '.join(shown)}")
        return value


SlideKind = Literal[
    "title", "summary", "agenda", "section", "chart", "kpi", "table", "bullets", "recommendation", "sources"
]


# `{focus: talent}`: holds when the parameter `focus` is `talent` (or one of a list of values)
AudienceTest = dict[str, CellValue | list[CellValue]]


class Slide(Model):
    id: ID
    kind: SlideKind
    chart: ID | None = None
    kpis: list[Kpi] = []
    table: TableView | None = None
    recommendation: ID | None = None  # key under `recommendations:` in the text
    when: AudienceTest = {}  # shown only when every parameter named here has the value given (see `params:`)
    first_when: AudienceTest = {}  # moved ahead of its section's other `first_when` slides when this holds

    @model_validator(mode="after")
    def _has_what_it_shows(self) -> Slide:
        if self.kind == "chart" and not self.chart:
            raise ValueError("a chart slide needs `chart:` naming a chart id")
        if self.kind == "kpi" and not self.kpis:
            raise ValueError("a kpi slide needs `kpis:` with at least one figure")
        if self.kind == "table" and self.table is None:
            raise ValueError("a table slide needs `table:`")
        if self.kind == "recommendation" and not self.recommendation:
            raise ValueError("a recommendation slide needs `recommendation:` naming a key under recommendations: in the text")
        return self


class LayoutRef(Model):
    """A layout of one slide master of a file with several: `{master: 2, layout: "Title Only"}`."""

    master: int = Field(ge=1)  # 1-based, in file order (`reportgen master inspect` numbers them)
    layout: str = Field(min_length=1)


LayoutChoice = Annotated[str, Field(min_length=1)] | LayoutRef
SLIDE_KIND_NAMES: tuple[str, ...] = SlideKind.__args__


class MasterChoice(Model):
    """Which slide master to search first: for the cover, and for every other slide kind."""

    cover: int | None = Field(default=None, ge=1)
    content: int | None = Field(default=None, ge=1)


class MasterLayouts(Model):
    """The file beside a slide master (`our-master.yaml` beside `our-master.pptx`): its layout per slide kind."""

    masters: MasterChoice = MasterChoice()
    layouts: dict[SlideKind, LayoutChoice] = {}
    # where the placeholders are: as each layout places them, or as its slide master does (for files whose
    # layouts all carry one master's positions, as LibreOffice writes them)
    positions: Literal["layout", "master"] = "layout"


def _check_layouts(value: dict[str, object]) -> dict[str, object]:
    """`layouts:` maps slide kinds to layouts, or a master's file name to such a mapping."""
    for key, choice in value.items():
        if key.lower().endswith(".pptx"):
            if not isinstance(choice, dict):
                raise ValueError(f"{key!r}: expected a mapping of slide kinds to layouts, e.g. {{chart: Title Only}}")
            unknown = sorted(set(choice) - set(SLIDE_KIND_NAMES))
            if unknown:
                raise ValueError(f"{key!r}: unknown slide kind(s) {', '.join(map(repr, unknown))}; kinds: {', '.join(SLIDE_KIND_NAMES)}")
        elif key not in SLIDE_KIND_NAMES:
            raise ValueError(f"unknown slide kind {key!r}; expected a slide kind ({', '.join(SLIDE_KIND_NAMES)}) "
                             "or a master's file name (our-master.pptx) holding a mapping for that master")
        elif isinstance(choice, dict):
            raise ValueError(f"{key!r}: expected a layout name or {{master: N, layout: NAME}}")
    return value


class DeckSection(Model):
    section: ID
    slides: list[Slide] = Field(min_length=1)


class MemoBlock(Model):
    """One block of a memo section: narrative paragraphs, a chart, a table or a recommendation."""

    text: ID | None = None  # key under `paragraphs:` in the text
    chart: ID | None = None
    table: TableView | None = None
    recommendation: ID | None = None  # key under `recommendations:` in the text
    when: AudienceTest = {}  # as on a slide
    first_when: AudienceTest = {}

    @model_validator(mode="after")
    def _exactly_one(self) -> MemoBlock:
        given = [k for k in ("text", "chart", "table", "recommendation") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a memo block has exactly one of: text, chart, table, recommendation")
        return self


class MemoSection(Model):
    id: ID
    blocks: list[MemoBlock] = []


RESERVED_PARAMS = ("audience", "id", "languages", "lang", "report")  # columns of an audience table, names of a name pattern


class Param(Model):
    """A parameter of the report, one value per audience (`reportgen burst`): the text reads it as
    `params.<name>`, a `where:` filter as `"{{ params.<name> }}"`, a slide or memo block's `when:` and
    `first_when:` test it. A build without an audience uses `default` (none: no value)."""

    name: ID
    type: Literal["string", "integer", "number", "boolean"] = "string"
    allowed: list[CellValue] | None = None  # the values it may take
    default: CellValue | None = None

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_PARAMS:
            raise ValueError(f"{value!r} is a reserved name (the audience table's own columns: {', '.join(RESERVED_PARAMS)})")
        return value

    @model_validator(mode="after")
    def _values_of_its_type(self) -> Param:
        for value in [*(self.allowed or []), *([] if self.default is None else [self.default])]:
            self.coerce(value)  # a ValueError names the value
        if self.default is not None and not self.allows(self.default):
            raise ValueError(f"default {self.default!r} is not among the allowed values: {', '.join(map(str, self.allowed or []))}")
        return self

    def coerce(self, value: object) -> CellValue:
        """`value` as this parameter's type; ValueError when it is not one."""
        if self.type == "boolean":
            if isinstance(value, bool):
                return value
            raise ValueError(f"got {value!r}; expected true or false for boolean parameter {self.name!r}")
        if self.type in ("number", "integer"):
            whole = self.type == "integer"
            if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not float(value).is_integer()):
                raise ValueError(f"got {value!r}; expected a {'whole ' if whole else ''}number for {self.type} parameter {self.name!r}")
            return int(value) if whole else float(value)
        return str(value)

    def allows(self, value: object) -> bool:
        """Is `value` (already of this type) one of the allowed values (any, when none are listed)?"""
        return self.allowed is None or value in {self.coerce(v) for v in self.allowed}


class Report(Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")  # names the output files
    dataset: str
    languages: list[Lang] = ["ko", "en"]
    date: dt.date
    author: str
    master: str | None = None
    # slide kind -> layout (every master), or master file name -> {slide kind -> layout} (that master only)
    layouts: dict[str, LayoutChoice | dict[str, LayoutChoice]] = {}
    engine: Engine = "native"  # how the deck shows charts unless a chart says otherwise (the memo draws pictures)
    params: list[Param] = []  # what may differ from one audience to the next (`reportgen burst`)
    charts: list[ChartSpec] = []
    deck: list[DeckSection] = []
    memo: list[MemoSection] = []
    folder: Path = Field(default=Path("."), exclude=True)  # set by load_spec
    charts_file: str | None = Field(default=None, exclude=True)  # the file `charts:` names, when it names one
    # each memo recommendation's number in the report as written, kept when parameters reorder them (inputs/params.py)
    recommendation_numbers: dict[str, int] = Field(default={}, exclude=True)

    @field_validator("layouts")
    @classmethod
    def _layouts(cls, value: dict[str, object]) -> dict[str, object]:
        return _check_layouts(value)

    @field_validator("dataset", "master")
    @classmethod
    def _relative(cls, value: str | None) -> str | None:
        if value is not None and (value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value)):
            raise ValueError(f"{value!r}: give a path relative to report.yaml")
        return value

    @property
    def charts_path(self) -> Path:
        """The file that lists the charts: the charts file, else report.yaml."""
        return self.folder / (self.charts_file or "report.yaml")

    def chart(self, chart_id: str) -> ChartSpec:
        return next(c for c in self.charts if c.id == chart_id)

    def native(self, chart_id: str) -> bool:
        """Does the deck show this chart as a native chart (its engine, else the report's, and a kind that has one)?"""
        chart = self.chart(chart_id)
        return (chart.engine or self.engine) == "native" and chart.native_form

    @property
    def slides(self) -> list[Slide]:
        return [s for sec in self.deck for s in sec.slides]

    def master_file(self, template: Path | None) -> Path | None:
        """The slide master a deck opens: --template wins; else the report's `master:` (beside report.yaml);
        else None (the default master, one of reportgen's files)."""
        if template is not None:
            return template
        return self.resolve(self.master, "master") if self.master else None

    def resolve(self, relative: str, what: str, allowed: list[Path] | None = None) -> Path:
        """A path the report names, confined to the report folder (or the other `allowed` folders)."""
        path = inside(self.folder, relative, *(allowed or []))
        if path is None:
            raise fail(self.folder / "report.yaml", what, f"{relative!r} points outside the report folder")
        return path


class ChartList(RootModel[list[ChartSpec]]):
    model_config = ConfigDict(frozen=True)
