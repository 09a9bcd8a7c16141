"""One family of errors a user can act on. Each names the file and the place in it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where it is and what was expected."""

    file: str
    where: str  # "row 4, column mau", "charts[2].kind", "line 12"
    message: str

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        return f"{place}: {self.message}"


class ReportgenError(Exception):
    """Input the user must fix. Carries every problem found in one pass."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def problem(file: Path | str, where: str, message: str) -> Problem:
    """A Problem whose file is shown relative to the working folder when it can be."""
    return Problem(display_path(file), where, message)


def fail(file: Path | str, where: str, message: str) -> ReportgenError:
    """One ReportgenError holding one problem, to `raise`."""
    return ReportgenError(problem(file, where, message))


def display_path(file: Path | str) -> str:
    """`file` relative to the working folder when it is inside it; a link is named, not its target."""
    path = Path(os.path.abspath(file))
    for here in (Path(os.path.abspath(".")), Path.cwd().resolve()):
        try:
            return str(path.relative_to(here))
        except ValueError:
            continue
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(file)


class Collector:
    """Gathers problems so one run reports them all together."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: Path | str, where: str, message: str) -> None:
        self.problems.append(problem(file, where, message))

    def extend(self, error: ReportgenError) -> None:
        self.problems.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ReportgenError(self.problems)
