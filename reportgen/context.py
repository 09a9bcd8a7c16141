"""What the stages hand each other: the loaded inputs of a build and the charts it rendered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reportgen.inputs.dataset import Dataset
from reportgen.inputs.spec import Report
from reportgen.narrative.texts import Texts


@dataclass(frozen=True)
class BuildContext:
    """Everything `load` produced, validated: the spec, the dataset, the text of each language."""

    report: Report
    dataset: Dataset
    texts: Mapping[str, Texts]
    spec_path: Path
    built_at: dt.datetime  # the one clock of the build (SOURCE_DATE_EPOCH when set)


@dataclass(frozen=True)
class ChartImage:
    """One rendered chart in one language; the same files serve deck and memo."""

    chart_id: str
    lang: str
    png: Path
    svg: Path
    width_px: int
    height_px: int
    title: str  # the takeaway, as a sentence
    unit: str  # the unit line
    alt: str  # alt text for the picture
    source_line: str  # "출처: ..." / "Source: ..."
    source_ids: tuple[str, ...]
    data: object = None  # the prepared ChartData (reportgen.charts.chartdata) it was drawn from: a native chart's values
