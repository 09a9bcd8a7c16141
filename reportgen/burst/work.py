"""Building one audience, in whichever process runs it: the shared inputs specialized with its
parameters, its charts taken from the chart cache (each missing picture drawn once, under a lock, by
whichever worker needs it first), then the pipeline's own stages into the audience's work folder.

Each audience reads the pictures through a folder of links of its own, so that the build's usual
pruning of older pictures (schedule.py) never removes a picture another audience is about to use.
"""

from __future__ import annotations

import os
import shutil
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock

from reportgen.burst.audiences import Audience
from reportgen.charts import cache
from reportgen.charts.render import plan_all
from reportgen.charts.theme import THEME
from reportgen.charts.worker import draw_one
from reportgen.context import BuildContext
from reportgen.errors import ReportgenError
from reportgen.pipeline import Inputs, specialize, stage

WORK = ".work"  # inside an audience's staging folder: what the pipeline writes, before it is named for publishing
LOCK_SUFFIX = ".lock"


@dataclass(frozen=True)
class AudienceJob:
    """One audience to build, with the key of everything its outputs depend on."""

    audience: Audience
    key: str


@dataclass(frozen=True)
class Result:
    """What building one audience gave: the staged file names (or, from a remote worker, the files), or an error."""

    audience_id: str
    staged: tuple[str, ...] = ()  # names in the work folder: `<report>.<lang>.pptx|pdf`
    files: dict[str, bytes] = field(default_factory=dict)  # a remote worker's staged files themselves
    error: str | None = None
    internal: bool = False  # the error is a bug, not the audience's input
    warnings: tuple[str, ...] = ()
    charts: tuple[str, ...] = ()  # the chart cache's files it used


def build_audience(inputs: Inputs, audience: Audience, work: Path, cache_dir: Path, only: tuple[str, ...],
                   template: Path | None) -> Result:
    """Build one audience into `work`; every error becomes the Result's, so one audience never stops the others."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            work.mkdir(parents=True, exist_ok=True)
            ctx = specialize(inputs, audience.langs, audience.values)
            used = link_charts(ctx, cache_dir, work / ".charts")
            staged = stage(ctx, work, work / ".charts", only, template)
            names = tuple(p.relative_to(work).as_posix() for p in staged)
        except ReportgenError as exc:
            return Result(audience.id, error=str(exc), warnings=_messages(caught))
        except Exception as exc:  # a bug: the audience fails, the others go on
            detail = "\n" + traceback.format_exc() if os.environ.get("REPORTGEN_DEBUG") else ""
            return Result(audience.id, error=f"internal error: {exc.__class__.__name__}: {exc}{detail}", internal=True,
                          warnings=_messages(caught))
    return Result(audience.id, names, warnings=_messages(caught), charts=used)


def link_charts(ctx: BuildContext, cache_dir: Path, private: Path) -> tuple[str, ...]:
    """Make every chart of `ctx` present in `private` (links into `cache_dir`), drawing each missing picture
    once: a worker that needs a picture another is drawing waits for it. Return the cache files used."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    private.mkdir(parents=True, exist_ok=True)
    used = []
    for job in {job.key: job for job in plan_all(ctx, THEME).values()}.values():
        if not cache.is_cached(cache_dir, job.data, job.key):
            with FileLock(cache_dir / f".{job.key}{LOCK_SUFFIX}"):
                if not cache.is_cached(cache_dir, job.data, job.key):
                    drawn = draw_one(job, str(cache_dir), THEME)
                    for message in drawn.warnings:
                        warnings.warn(f"charts ({drawn.chart_id}, {drawn.lang}): {message}", UserWarning, stacklevel=2)
        for suffix in (".png", ".svg"):
            shared = cache.entry(cache_dir, job.data, job.key, suffix)
            _link(shared, cache.entry(private, job.data, job.key, suffix))
            used.append(shared.name)
    return tuple(used)


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        shutil.copyfile(source, target)


def _messages(caught: list[warnings.WarningMessage]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(w.message) for w in caught))
