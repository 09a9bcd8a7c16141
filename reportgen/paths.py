"""Confinement: a file a report or a dataset names must lie inside its folder, links followed.

The one check every loader uses (the report's charts file and master, the dataset's tables); each
caller words its own message, since it knows what the file is and where it was named.
"""

from __future__ import annotations

from pathlib import Path


def inside(folder: Path, relative: str | Path, *also: Path) -> Path | None:
    """`folder / relative` with every link followed, when it lies inside `folder` (or inside one of the
    folders `also`); None when it leads anywhere else."""
    path = (folder / relative).resolve()
    return path if any(is_inside(path, root) for root in (folder, *also)) else None


def is_inside(path: Path, folder: Path) -> bool:
    """Does `path` (a link followed to where it leads) lie inside `folder`?"""
    return folder.resolve() in path.resolve().parents
