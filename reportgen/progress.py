"""Progress for a long build, drawn with rich on the terminal (plain lines when not a terminal)."""

from __future__ import annotations

from pathlib import Path

from reportgen.pipeline import BuildOptions, build


def run_with_progress(options: BuildOptions) -> list[Path]:
    """Run build() showing each stage as it starts; rich only draws when stderr is a terminal."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        return build(options)
    with console.status("building…") as status:

        def show(stage: str, detail: str) -> None:
            status.update(f"[bold]{stage}[/bold] {detail}")
            console.log(f"{stage}: {detail}")

        return build(options, show)
