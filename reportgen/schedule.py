"""The build's parallel work: charts on a warm process pool, then each language's deck and memo side by side.

- Charts: the ones missing from the cache are drawn in a pool of one process per core, started once
  per process and kept for later builds. Its processes are forked from a server that imported
  matplotlib once (a forkserver with preloaded modules), so no process imports it again. Even one
  chart goes to the pool: the pool starts beside this process's own work (warming the writers)
  instead of before it, and this process never imports matplotlib.
- Writers: while the charts are drawn, this process imports python-pptx and reportlab and reads the
  fonts. As soon as one language's charts are ready, its deck and memo are written side by side in
  processes forked from this one: they share its loaded inputs (nothing is copied or pickled) and its
  warm imports, and they run while the other language's charts are still being drawn.

Elsewhere than on Linux, or with a single core, everything runs here, one after the other.
"""

from __future__ import annotations

import atexit
import multiprocessing
import sys
import threading
import warnings
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.charts import cache
from reportgen.charts.render import cpu_count, plan_all, publish
from reportgen.charts.theme import THEME
from reportgen.charts.worker import Drawn, Job, draw_one, warm_up
from reportgen.context import BuildContext, ChartImage

PRELOAD = ["__main__", "matplotlib.pyplot", "reportgen.charts.draw"]  # imported once, in the forkserver

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def chart_pool() -> ProcessPoolExecutor:
    """The process's chart pool: one process per core, forked from a server that imported matplotlib."""
    global _pool
    with _pool_lock:
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _pool = ProcessPoolExecutor(max_workers=cpu_count(), mp_context=context, initializer=warm_up)
            atexit.register(close_pool)
        return _pool


def prestart_charts(cache_dir: Path) -> bool:
    """Start the chart pool now, beside loading the inputs, when the chart cache is empty (a first
    build will draw every chart); return whether it started. Call it before `load`."""
    if _pool is not None or cpu_count() <= 1 or not can_fork() or any(cache_dir.glob("*.png")):
        return False
    threading.Thread(target=_start_workers, name="reportgen-pool", daemon=True).start()
    return True


def _start_workers() -> None:
    pool = chart_pool()
    for _ in range(cpu_count()):
        pool.submit(warm_up)  # each starts a worker (once warm, a worker takes the next)


def close_pool() -> None:
    """Stop the chart pool (at exit, or after a worker died)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


def can_fork() -> bool:
    """Linux only: fork is unsafe on macOS once system frameworks are loaded, and missing on Windows."""
    return sys.platform.startswith("linux") and "forkserver" in multiprocessing.get_all_start_methods()


@dataclass
class Charts(Mapping[str, Mapping[str, ChartImage]]):
    """The charts of a build, by language then chart id; looking up a language waits for its charts."""

    ctx: BuildContext
    out_dir: Path
    cache_dir: Path
    jobs: dict[tuple[str, str], Job]
    pending: dict[str, list[Future]] = field(default_factory=dict)  # lang -> futures of charts being drawn
    ready: dict[str, dict[str, ChartImage]] = field(default_factory=dict)
    drawn: list[Drawn] = field(default_factory=list)
    starting: threading.Thread | None = None  # submits the drawing; joined before any result is read
    failure: BaseException | None = None  # what went wrong while submitting

    @property
    def drawing(self) -> bool:
        """Are charts still being drawn (so this process has time to spare)?"""
        return self.starting is not None or any(self.pending.values())

    def __getitem__(self, lang: str) -> Mapping[str, ChartImage]:
        if lang not in self.ctx.texts:
            raise KeyError(lang)
        if lang not in self.ready:
            self.ready[lang] = self._publish(lang)
        return self.ready[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ctx.texts)

    def __len__(self) -> int:
        return len(self.ctx.texts)

    def _publish(self, lang: str) -> dict[str, ChartImage]:
        if self.starting is not None:
            self.starting.join()
            self.starting = None
        if self.failure is not None:
            raise self.failure
        for future in self.pending.pop(lang, []):
            try:
                self._drawn(future.result())
            except BrokenProcessPool:
                close_pool()
                raise
        images = {}
        for (job_lang, chart_id), job in self.jobs.items():
            if job_lang == lang:
                spec = self.ctx.report.chart(chart_id)
                try:
                    images[chart_id] = publish(self.ctx, spec, job, self.cache_dir, self.out_dir, THEME)
                except FileNotFoundError:  # a build of other data sharing this cache pruned it meanwhile
                    self._drawn(draw_one(job, str(self.cache_dir), THEME))
                    images[chart_id] = publish(self.ctx, spec, job, self.cache_dir, self.out_dir, THEME)
                cache.prune(self.cache_dir, job.data, job.key)
        return images

    def _drawn(self, result: Drawn) -> None:
        self.drawn.append(result)
        for message in result.warnings:
            warnings.warn(f"charts ({result.chart_id}, {result.lang}): {message}", UserWarning, stacklevel=3)


def start_charts(ctx: BuildContext, out_dir: Path, cache_dir: Path) -> Charts:
    """Check every chart, then start drawing the ones the cache lacks; return without waiting."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    jobs = plan_all(ctx)
    charts = Charts(ctx, out_dir, cache_dir, jobs)
    todo: dict[str, Job] = {}
    for job in jobs.values():
        if job.key not in todo and not cache.is_cached(cache_dir, job.data, job.key):
            todo[job.key] = job
    if not todo:
        return charts
    if cpu_count() <= 1 or not can_fork():
        for job in todo.values():
            charts._drawn(draw_one(job, str(cache_dir), THEME))
        return charts
    charts.starting = threading.Thread(target=_submit, args=(charts, list(todo.values())), name="reportgen-charts")
    charts.starting.start()  # starting the pool waits for its server to import matplotlib: not here
    return charts


def _submit(charts: Charts, jobs: list[Job]) -> None:
    try:
        pool = chart_pool()
        folder = str(charts.cache_dir.absolute())  # the pool's processes keep the folder they started in
        for job in jobs:  # in language order: the first language's writers can start first
            future = pool.submit(draw_one, job, folder, THEME)
            charts.pending.setdefault(job.data.lang, []).append(future)
    except BaseException as exc:  # raised where the results are read
        charts.failure = exc


# writers ---------------------------------------------------------------------------------------

_inherited: BuildContext | None = None  # the build's inputs, as forked writer processes see them


@dataclass(frozen=True)
class Output:
    kind: str  # "deck" or "memo"
    lang: str
    path: Path


def warm_writers(kinds: set[str]) -> None:
    """Import the writers and read the fonts here, once, so the processes forked from here start warm
    (worth it when several will need them, or while this process would only wait for charts)."""
    if "deck" in kinds:
        import reportgen.writers.deck.write  # noqa: F401
    if "memo" in kinds:
        from reportgen.writers.memo.styles import register_fonts

        register_fonts()


def write_outputs(ctx: BuildContext, charts: Mapping[str, Mapping[str, ChartImage]], outputs: list[Output],
                  template: Path | None) -> None:
    """Write every deck and memo; each language's as soon as its charts are ready, side by side."""
    global _inherited
    kinds = [o.kind for o in outputs]
    idle = isinstance(charts, Charts) and charts.drawing  # this process only waits meanwhile
    warm_writers({k for k in kinds if idle or kinds.count(k) > 1})  # else the one process that needs it imports it
    workers = min(len(outputs), cpu_count())
    if workers <= 1 or not can_fork():
        for output in outputs:
            _raise_warnings(write_one(ctx, output, charts[output.lang], template))
        return
    _inherited = ctx
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        futures = []
        for lang in ctx.texts:
            images = dict(charts[lang])  # waits for this language's charts
            futures += [pool.submit(_write_inherited, o, images, template) for o in outputs if o.lang == lang]
        for future in futures:
            _raise_warnings(future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _inherited = None


def _write_inherited(output: Output, images: dict[str, ChartImage], template: Path | None) -> list[str]:
    assert _inherited is not None, "a writer process must be forked from the build"
    return write_one(_inherited, output, images, template)


def write_one(ctx: BuildContext, output: Output, images: Mapping[str, ChartImage], template: Path | None) -> list[str]:
    """Write one deck or memo; return the warnings raised meanwhile (a forked process cannot show them)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        if output.kind == "deck":
            from reportgen.writers.deck.write import write_deck

            write_deck(ctx, output.lang, images, output.path, template)
        else:
            from reportgen.writers.memo.write import write_memo

            write_memo(ctx, output.lang, images, output.path)
    return [str(w.message) for w in caught]


def _raise_warnings(messages: list[str]) -> None:
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=3)
