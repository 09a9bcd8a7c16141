"""The import rules of pyproject.toml (checked by `lint-imports` in .ci/run) cover every module: a module
or package added at the top of reportgen/ must be given its layer, or nothing would hold it."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_top_level_module_has_a_layer() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (layers,) = [c["layers"] for c in config["contracts"] if c["type"] == "layers"]
    named = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    package = ROOT / "reportgen"
    present = {f"reportgen.{p.stem}" for p in package.glob("*.py") if p.stem != "__init__"}
    present |= {f"reportgen.{p.parent.name}" for p in package.glob("*/__init__.py")}
    assert present - named == set()
    assert named - present == set()  # no layer names a module that is gone
