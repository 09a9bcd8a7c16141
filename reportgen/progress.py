"""Progress for a long build, drawn with rich on the terminal (nothing when stderr is not a terminal)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from reportgen.pipeline import BuildOptions, build


def run_with_progress(options: BuildOptions) -> list[Path]:
    """Run build() showing each stage as it starts. rich is imported at the first stage shown: a build
    with nothing to do shows none and so never imports it."""
    if not sys.stderr.isatty():
        return build(options)
    shown: dict[str, Any] = {}

    def show(stage: str, detail: str) -> None:
        if not shown:
            from rich.console import Console

            shown["console"] = Console(stderr=True)
            shown["status"] = shown["console"].status("building…")
            shown["status"].start()
        shown["status"].update(f"[bold]{stage}[/bold] {detail}")
        shown["console"].log(f"{stage}: {detail}")

    try:
        return build(options, show)
    finally:
        if shown:
            shown["status"].stop()
