"""The build's parallel work: one pool that draws charts, then each language's deck and memo side by side.

- One chart pool (`chart_pool`): one process per core, forked from a server that imported matplotlib
  once (a forkserver with preloaded modules), so no worker imports it again and this process never
  does. `prestart_charts` starts that server before the inputs load when the cache is empty, so its
  import runs beside loading. The pool is kept for the process's later builds and shut down when
  the process exits; no thread of ours ever touches it.
- `start_charts` checks every chart and finds the ones the cache lacks (the pictures a deck shows as
  pictures first); `Charts.start_drawing` hands them to the pool; `Charts.wait(lang)` waits for one
  language's charts, copies its pictures to the output and prunes the cache; `Charts.for_deck(lang)`
  waits only for the pictures the deck shows (a native chart needs its data, not its picture). Every
  wait is such an explicit call.
- `write_outputs` starts the drawing, then imports python-pptx and reportlab and reads the fonts here
  (while the pool draws), then writes every deck and memo in processes forked from this one: they
  share the loaded inputs (nothing is copied or pickled) and the warm imports. Each deck starts as
  soon as its pictures are drawn, each memo once its language's charts are; the process that wrote
  an output may read it back at once (`then`: the provenance's reading, beside the other writer).

Elsewhere than on Linux, or with a single core, everything runs here, one after the other.
"""

from __future__ import annotations

import atexit
import multiprocessing
import sys
import warnings
from collections.abc import Callable, Collection, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.charts import cache
from reportgen.charts.render import describe, plan_all, publish
from reportgen.charts.theme import THEME, Theme
from reportgen.charts.worker import Drawn, Job, draw_one, warm_up
from reportgen.context import BuildContext, ChartImage
from reportgen.cores import cpu_count
from reportgen.interrupts import Interrupted, ignoring_signals, quiet_child

PRELOAD = ["__main__", "matplotlib.pyplot", "reportgen.charts.draw", "reportgen.charts.server"]  # imported once, in the forkserver

_pool: ProcessPoolExecutor | None = None


def can_fork() -> bool:
    """Linux only: fork is unsafe on macOS once system frameworks are loaded, and missing on Windows."""
    return sys.platform.startswith("linux") and "forkserver" in multiprocessing.get_all_start_methods()


def pooled() -> bool:
    """Do charts go to the pool (else they are drawn here)?"""
    return cpu_count() > 1 and can_fork()


def chart_pool() -> ProcessPoolExecutor:
    """The process's one chart pool: one process per core, forked from a server that imported matplotlib."""
    global _pool
    if _pool is None:
        _start_server()
        _pool = ProcessPoolExecutor(max_workers=cpu_count(), mp_context=multiprocessing.get_context("forkserver"),
                                    initializer=_start_worker)
        atexit.register(close_pool)
    return _pool


def _start_worker() -> None:
    """A chart worker leaves SIGINT and SIGTERM to the build (which stops the pool), then warms up."""
    quiet_child()
    warm_up()


def _start_server() -> None:
    """Start the forkserver, which imports matplotlib; returns at once (the pool's first process waits for it)."""
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(PRELOAD)
    with ignoring_signals():  # the server starts with both ignored (Python keeps an ignored SIGINT ignored), so a
        forkserver.ensure_running()  # Ctrl-C while it imports matplotlib prints no traceback; the build stops it


def prestart_charts(cache_dir: Path) -> bool:
    """Start the chart pool's server now, beside loading the inputs, when the chart cache is empty (a
    first build will draw every chart); return whether it started. Call it before `load`."""
    if _pool is not None or not pooled() or any(cache_dir.glob("*.png")):
        return False
    _start_server()
    return True


def close_pool() -> None:
    """Stop the chart pool (at exit, or after a worker died)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


@dataclass
class Charts:
    """The charts of one build: `start_drawing()` hands the missing ones to the pool, `wait(lang)` returns
    one language's, by chart id, once they are drawn and copied to the output; `for_deck(lang)` returns
    them as soon as the ones the deck shows as pictures are (a native chart needs its data, not its picture)."""

    ctx: BuildContext
    out_dir: Path
    cache_dir: Path
    theme: Theme
    jobs: dict[tuple[str, str], Job]  # (lang, chart id) -> job
    todo: list[Job]  # the jobs the cache lacks, one per cache key, in language order
    pending: dict[str, Future] = field(default_factory=dict)  # cache key -> its chart being drawn
    published: dict[tuple[str, str], ChartImage] = field(default_factory=dict)  # drawn (or cached) and copied
    drawn: list[Drawn] = field(default_factory=list)  # what was drawn this build (the rest came from the cache)

    @property
    def drawing(self) -> bool:
        """Are charts still to be drawn (so this process has time to spare)?"""
        return bool(self.todo) or bool(self.pending)

    def start_drawing(self) -> None:
        """Hand the charts the cache lacks to the pool (or draw them here); at once, and only once."""
        todo, self.todo = self.todo, []
        for job in todo:
            self.pending[job.key] = self._draw(job)

    def wait(self, lang: str) -> dict[str, ChartImage]:
        """This language's charts, by chart id: waits for them, copies them to the output, prunes the cache."""
        return self._images(lang, lambda chart_id: True)

    def for_deck(self, lang: str) -> dict[str, ChartImage]:
        """This language's charts as the deck needs them: the ones it shows as pictures drawn and copied,
        the native ones described only (their data, words and sources; no picture is waited for)."""
        return self._images(lang, lambda chart_id: not self.ctx.report.native(chart_id))

    def _images(self, lang: str, needed: Callable[[str], bool]) -> dict[str, ChartImage]:
        if lang not in self.ctx.texts:
            raise KeyError(lang)
        self.start_drawing()
        images = {}
        for (job_lang, chart_id), job in self.jobs.items():
            if job_lang != lang:
                continue
            if (lang, chart_id) in self.published:
                images[chart_id] = self.published[(lang, chart_id)]
            elif needed(chart_id):
                if job.key in self.pending:
                    self._drawn(self.pending.pop(job.key))
                images[chart_id] = self.published[(lang, chart_id)] = self._publish(job)
            else:
                images[chart_id] = describe(self.ctx, self.ctx.report.chart(chart_id), job, self.out_dir, self.theme)
        return images

    def _draw(self, job: Job) -> Future:
        if pooled():
            folder = str(self.cache_dir.absolute())  # the pool's processes keep the folder they started in
            return chart_pool().submit(draw_one, job, folder, self.theme)
        done: Future = Future()
        done.set_result(draw_one(job, str(self.cache_dir), self.theme))
        return done

    def _drawn(self, future: Future) -> None:
        try:
            result: Drawn = future.result()
        except BrokenProcessPool:
            close_pool()  # a worker died: the next build starts a new pool
            raise
        self.drawn.append(result)
        for message in result.warnings:
            warnings.warn(f"charts ({result.chart_id}, {result.lang}): {message}", UserWarning, stacklevel=4)

    def _publish(self, job: Job) -> ChartImage:
        spec = self.ctx.report.chart(job.data.chart_id)
        try:
            image = publish(self.ctx, spec, job, self.cache_dir, self.out_dir, self.theme)
        except FileNotFoundError:  # a build of other data sharing this cache pruned it meanwhile
            self._drawn(self._draw(job))
            image = publish(self.ctx, spec, job, self.cache_dir, self.out_dir, self.theme)
        cache.prune(self.cache_dir, job.data, job.key)
        return image


def start_charts(ctx: BuildContext, out_dir: Path, cache_dir: Path, theme: Theme = THEME,
                 jobs: Mapping[tuple[str, str], Job] | None = None, langs: Collection[str] | None = None) -> Charts:
    """Check every chart (all problems together; unless `jobs` holds them checked already) and find the
    ones of `langs` (default: every language) the cache lacks; when there are some, start the pool's
    server. Nothing is drawn until `start_drawing` or `wait`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    jobs = dict(jobs) if jobs is not None else plan_all(ctx, theme)
    todo: dict[str, Job] = {}
    for (lang, _), job in jobs.items():
        if (langs is None or lang in langs) and job.key not in todo and not cache.is_cached(cache_dir, job.data, job.key):
            todo[job.key] = job
    if todo and pooled() and _pool is None:
        _start_server()  # it imports matplotlib while this process loads and keys the inputs
    order = {lang: n for n, lang in enumerate(ctx.texts)}  # the decks' pictures first: a deck starts once they are drawn
    first = sorted(todo.values(), key=lambda job: (ctx.report.native(job.data.chart_id), order.get(job.data.lang, len(order))))
    return Charts(ctx, out_dir, cache_dir, theme, jobs, first)


# writers ---------------------------------------------------------------------------------------

_inherited: BuildContext | None = None  # the build's inputs, as forked writer processes see them
_then: Callable[[BuildContext, Output], Any] | None = None  # what they do after writing (see write_outputs)


@dataclass(frozen=True)
class Output:
    kind: str  # "deck" or "memo"
    lang: str
    path: Path
    hints: Path | None = None  # a memo's layout hints from the last build (see writers/memo/write.py)


def warm_writers(kinds: set[str]) -> None:
    """Import the writers and read the fonts here, once, so the processes forked from here start warm
    (worth it when several will need them, or while this process would only wait for charts)."""
    if "deck" in kinds:
        import reportgen.writers.deck.write  # noqa: F401
    if "memo" in kinds:
        from reportgen.writers.memo.styles import register_fonts

        register_fonts()


def write_outputs(ctx: BuildContext, charts: Charts, outputs: list[Output], template: Path | None,
                  then: Callable[[BuildContext, Output], Any] | None = None) -> dict[Path, Any]:
    """Start drawing the charts; write every deck and memo: each deck as soon as the charts it shows as
    pictures are ready (a native chart needs no picture), each memo once its language's charts are.
    `then(ctx, output)` runs right after an output is written, in the process that wrote it (reading it
    back, say); what it returns is returned by output path."""
    global _inherited, _then
    kinds = [o.kind for o in outputs]
    idle = charts.drawing  # this process would only wait meanwhile
    warm = {k for k in kinds if idle or kinds.count(k) > 1}  # else the one process that needs it imports it
    warm_writers(warm & {"deck"})  # while the pool's server may still be importing matplotlib (handing it work waits for it)
    charts.start_drawing()
    warm_writers(warm - {"deck"})  # while the pool draws
    ordered = [o for o in outputs if o.kind == "deck"] + [o for o in outputs if o.kind != "deck"]
    workers = min(len(outputs), cpu_count())
    results: dict[Path, Any] = {}
    if workers <= 1 or not can_fork():
        for output in ordered:
            messages, results[output.path] = _write_then(ctx, output, _images(charts, output), template, then)
            _raise_warnings(messages)
        return results
    _inherited, _then = ctx, then
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=quiet_child)
    try:
        futures = {o.path: pool.submit(_write_inherited, o, _images(charts, o), template) for o in ordered}
        for path, future in futures.items():
            messages, results[path] = future.result()
            _raise_warnings(messages)
        return results
    except Interrupted:
        for process in multiprocessing.active_children():  # the writers stop now; the staging folder goes next
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _inherited = _then = None


def _images(charts: Charts, output: Output) -> dict[str, ChartImage]:
    return charts.for_deck(output.lang) if output.kind == "deck" else charts.wait(output.lang)


def _write_inherited(output: Output, images: dict[str, ChartImage], template: Path | None) -> tuple[list[str], Any]:
    assert _inherited is not None, "a writer process must be forked from the build"
    return _write_then(_inherited, output, images, template, _then)


def _write_then(ctx: BuildContext, output: Output, images: Mapping[str, ChartImage], template: Path | None,
                then: Callable[[BuildContext, Output], Any] | None) -> tuple[list[str], Any]:
    messages = write_one(ctx, output, images, template)
    return messages, then(ctx, output) if then is not None else None


def write_one(ctx: BuildContext, output: Output, images: Mapping[str, ChartImage], template: Path | None) -> list[str]:
    """Write one deck or memo; return the warnings raised meanwhile (a forked process cannot show them)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        if output.kind == "deck":
            from reportgen.writers.deck.write import write_deck

            write_deck(ctx, output.lang, images, output.path, template)
        else:
            from reportgen.writers.memo.write import write_memo

            write_memo(ctx, output.lang, images, output.path, output.hints)
    return [str(w.message) for w in caught]


def _raise_warnings(messages: list[str]) -> None:
    for message in messages:
        warnings.warn(message, UserWarning, stacklevel=3)
