"""What a burst shows on the terminal: a progress bar (done, failed, left, ETA), then a summary table."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from reportgen.burst.manifest import MANIFEST_NAME, AudienceEntry
from reportgen.burst.run import BurstResult, Tally
from reportgen.errors import display_path

SHOWN_FAILURES = 20


class BurstProgress:
    """`with BurstProgress(console) as show: burst(options, show.update)`: a bar when stderr is a terminal."""

    def __init__(self, console: Console):
        self.console = console
        self.bar: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> BurstProgress:
        if self.console.is_terminal:
            self.bar = Progress(TextColumn("[bold]burst"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[counts]}"),
                                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=self.console)
            self.bar.start()
        return self

    def update(self, tally: Tally, entry: AudienceEntry | None) -> None:
        """Called for each audience as it is settled; `entry` None once the ones settled without building are counted."""
        if self.bar is None or (entry is not None and self.task is None):
            return  # the bar starts once the audiences left unchanged are counted, so they do not skew the ETA
        counts = f"done {tally.built + tally.unchanged} · failed {tally.failed} · left {tally.left}"
        completed = tally.total - tally.left
        if self.task is None:
            self.task = self.bar.add_task("burst", total=tally.total, completed=completed, counts=counts)
        else:
            self.bar.update(self.task, completed=completed, counts=counts)

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.stop()


def summary(result: BurstResult, console: Console) -> None:
    """How many audiences were built, left unchanged or failed, and why each failure happened."""
    table = Table(title=f"burst into {display_path(result.out_dir)}", title_justify="left")
    table.add_column("audiences")
    table.add_column("count", justify="right")
    for status, label in (("built", "built"), ("unchanged", "unchanged (skipped)"), ("failed", "failed")):
        table.add_row(label, str(result.count(status)))
    console.print(table)
    failed = [e for e in result.entries if e.status == "failed"]
    if failed:
        errors = Table("audience", "error", show_lines=True)
        for entry in failed[:SHOWN_FAILURES]:
            errors.add_row(entry.id, entry.error or "")
        console.print(errors)
        if len(failed) > SHOWN_FAILURES:
            console.print(f"… and {len(failed) - SHOWN_FAILURES} more")
    console.print(f"manifest: {display_path(result.out_dir / MANIFEST_NAME)}")
