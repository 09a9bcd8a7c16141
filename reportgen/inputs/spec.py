"""The report spec (`report.yaml`): frozen pydantic models, validated once at the boundary."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator, model_validator

from reportgen.errors import fail
from reportgen.paths import inside

ID = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
Lang = Literal["ko", "en"]
CellValue = str | int | float | bool
# the chart kinds a spec may name; reportgen.charts.registry draws each (a test keeps the two equal)
CHART_KIND_NAMES = ("column", "dumbbell", "grouped_column", "line", "ranked_bar", "scatter", "stacked_bar", "timeline")


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ChartSpec(Model):
    """One chart: which table feeds it and how its columns map to the picture."""

    id: ID
    kind: str
    table: ID
    x: str | None = None  # category or time column
    y: str | None = None  # value column
    y2: str | None = None  # second value (dumbbell end, bubble y)
    series: str | None = None  # grouping column (grouped / stacked / lines)
    size: str | None = None  # bubble size column
    label: str | None = None  # text column drawn beside marks
    where: dict[str, CellValue | list[CellValue]] = {}  # keep rows whose column equals the value(s)
    highlight: list[str] = []  # row ids (or category values) drawn in the highlight colour
    sort: Literal["asc", "desc", "none"] = "none"
    log: bool = False
    percent: bool = False  # values are shares that sum to 100
    sources: list[str] = []  # extra source ids beyond those the rows cite
    facet: str | None = None  # one small panel per value of this column, each with its own scale
    order_by: str | None = None  # draw rows in the order of this column (e.g. year) instead of by value
    missing: Literal["warn", "skip", "label"] = "warn"  # rows without a value: leave out (warn / silently) or show N/A
    step: bool = False  # line: draw steps instead of slopes
    guides: list[float] = []  # scatter: lines where y is this percent of x (e.g. capex = 10% of revenue)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in CHART_KIND_NAMES:
            raise ValueError(f"unknown chart kind {value!r}; known kinds: {', '.join(sorted(CHART_KIND_NAMES))}")
        return value

    def columns(self) -> list[str]:
        """Every column this chart reads (before language suffixes are applied)."""
        named = [self.x, self.y, self.y2, self.series, self.size, self.label, self.facet, self.order_by, *self.where]
        return [c for c in named if c]


class Kpi(Model):
    """A big number on a KPI slide: `table.row_id.column` in the dataset."""

    figure: str = Field(pattern=r"^[a-z][a-z0-9_]*\.[A-Za-z0-9_]+\.[a-z][a-z0-9_]*$")
    digits: int = Field(default=2, ge=0, le=4)


class TableView(Model):
    """A dataset table shown as a native table: which columns, which rows, in what order."""

    table: ID
    columns: list[str] = Field(min_length=1)
    where: dict[str, CellValue | list[CellValue]] = {}
    max_rows: int = Field(default=8, ge=1, le=40)  # per slide / per page before splitting


SlideKind = Literal[
    "title", "summary", "agenda", "section", "chart", "kpi", "table", "bullets", "recommendation", "sources"
]


class Slide(Model):
    id: ID
    kind: SlideKind
    chart: ID | None = None
    kpis: list[Kpi] = []
    table: TableView | None = None
    recommendation: ID | None = None  # key under `recommendations:` in the text

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

    @model_validator(mode="after")
    def _exactly_one(self) -> MemoBlock:
        given = [k for k in ("text", "chart", "table", "recommendation") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a memo block has exactly one of: text, chart, table, recommendation")
        return self


class MemoSection(Model):
    id: ID
    blocks: list[MemoBlock] = []


class Report(Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")  # names the output files
    dataset: str
    languages: list[Lang] = ["ko", "en"]
    date: dt.date
    author: str
    master: str | None = None
    # slide kind -> layout (every master), or master file name -> {slide kind -> layout} (that master only)
    layouts: dict[str, LayoutChoice | dict[str, LayoutChoice]] = {}
    charts: list[ChartSpec] = []
    deck: list[DeckSection] = []
    memo: list[MemoSection] = []
    folder: Path = Field(default=Path("."), exclude=True)  # set by load_spec
    charts_file: str | None = Field(default=None, exclude=True)  # the file `charts:` names, when it names one

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

    @property
    def slides(self) -> list[Slide]:
        return [s for sec in self.deck for s in sec.slides]

    def resolve(self, relative: str, what: str, allowed: list[Path] | None = None) -> Path:
        """A path the report names, confined to the report folder (or the other `allowed` folders)."""
        path = inside(self.folder, relative, *(allowed or []))
        if path is None:
            raise fail(self.folder / "report.yaml", what, f"{relative!r} points outside the report folder")
        return path


class ChartList(RootModel[list[ChartSpec]]):
    model_config = ConfigDict(frozen=True)
