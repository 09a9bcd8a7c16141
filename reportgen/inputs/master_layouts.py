"""The layout mapping that travels with a slide master: `our-master.yaml` beside `our-master.pptx`.

Read and validated here, at the boundary, like every input: an unknown key or slide kind is an error
naming the file, the YAML path and its line. The deck writer gets the model and the line of each entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.inputs.spec import MasterLayouts
from reportgen.inputs.validate import validate_document
from reportgen.inputs.yamlio import load_yaml


@dataclass(frozen=True)
class PlacedMapping:
    """A validated mapping and the line each of its YAML paths starts on."""

    path: Path
    mapping: MasterLayouts
    lines: dict[tuple, int]


def beside(master: Path) -> Path:
    """The mapping file that travels with a master: `our-master.yaml` beside `our-master.pptx`."""
    return master.with_suffix(".yaml")


def read_master_layouts(master: Path) -> PlacedMapping | None:
    """The mapping beside `master`, validated; None when there is none."""
    path = beside(master)
    if not path.is_file():
        return None
    doc = load_yaml(path)
    return PlacedMapping(path, validate_document(MasterLayouts, doc), doc.lines)


def spec_lines(spec_path: Path) -> dict[tuple, int]:
    """The line each YAML path of report.yaml starts on (for messages about its `layouts:`)."""
    return load_yaml(spec_path).lines if spec_path.is_file() else {}
