"""The local engine: audiences built on a process pool, one process per core.

The spec and dataset are loaded once, here; on Linux the pool's processes are forked from this one
after it imported the writers, matplotlib and the fonts, so they share all of it and start warm.
(Elsewhere they are spawned and each loads the inputs once.) Each audience's files are written into
its own staging folder inside the output folder; `run.py` publishes them when the audience is done.

A process that dies mid-build (killed, out of memory) breaks the pool: a new pool is started and
every audience that was in flight is built again, up to MAX_ATTEMPTS times each.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from reportgen.burst.audiences import Audience
from reportgen.burst.work import WORK, AudienceJob, Result, build_audience
from reportgen.pipeline import Inputs, load_inputs
from reportgen.publish import new_staging
from reportgen.schedule import can_fork, warm_writers

MAX_ATTEMPTS = 3
IN_FLIGHT = 2  # audiences queued per process: enough to keep each busy, few enough to keep memory flat

_inputs: Inputs | None = None  # the shared inputs, as the pool's processes see them


def run_local(inputs: Inputs, jobs: Iterable[AudienceJob], out_dir: Path, cache_dir: Path, only: tuple[str, ...],
              template: Path | None, workers: int) -> Iterator[tuple[AudienceJob, Path | None, Result]]:
    """Build each job; yield (job, its staging folder, result) as each finishes, in any order.
    The caller publishes and removes the staging folder (None when there is nothing to publish)."""
    global _inputs
    queue = deque((job, 1) for job in jobs)
    if not queue:
        return
    _inputs = inputs
    _warm(only)
    pending: dict[Future, tuple[AudienceJob, Path, int]] = {}
    pool = _pool(workers, inputs)
    try:
        while queue or pending:
            while queue and len(pending) < IN_FLIGHT * workers:
                job, attempt = queue.popleft()
                staging = new_staging(out_dir)
                future = pool.submit(_build, job.audience, str(staging / WORK), str(cache_dir), only, template)
                pending[future] = (job, staging, attempt)
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = [f for f in done if isinstance(f.exception(), BrokenProcessPool)]
            for future in done:
                if future not in broken:
                    job, staging, _ = pending.pop(future)
                    yield job, staging, future.result()
            if broken:  # every audience in flight is lost with the pool: start a new pool, build them again
                pool.shutdown(wait=True, cancel_futures=True)
                lost = sorted(pending.values(), key=lambda item: item[2])
                pending.clear()
                for job, staging, attempt in lost:
                    shutil.rmtree(staging, ignore_errors=True)
                    if attempt < MAX_ATTEMPTS:
                        queue.appendleft((job, attempt + 1))
                    else:
                        yield job, None, Result(job.audience.id, error=f"the process building it died {attempt} times "
                                                "(killed, or out of memory?); not built", internal=True)
                pool = _pool(workers, inputs)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for _, staging, _ in pending.values():
            shutil.rmtree(staging, ignore_errors=True)
        _inputs = None


def _pool(workers: int, inputs: Inputs) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("fork" if can_fork() else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(str(inputs.spec_path), os.getpid()))


def _warm(only: tuple[str, ...]) -> None:
    """Import the writers and matplotlib and read the fonts once, here, before the pool forks."""
    if can_fork():
        from reportgen.charts.worker import warm_up

        warm_writers(set(only))
        warm_up()


def _start_worker(spec_path: str, parent: int) -> None:
    """In each pool process: no pool of its own (charts and writers run in it, one after the other), the
    inputs loaded unless inherited, and Ctrl-C left to the parent, which stops the pool."""
    global _inputs
    os.environ["REPORTGEN_CHART_WORKERS"] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent(parent)
    if _inputs is None:
        _inputs = load_inputs(Path(spec_path))


def _end_with_parent(parent: int) -> None:
    """Linux: end this process when the burst that started it ends, however it ends (killed too), instead of
    waiting forever on a queue whose other ends its sibling processes still hold."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # it ended before the line above
        os.kill(os.getpid(), signal.SIGTERM)


def _build(audience: Audience, work: str, cache_dir: str, only: tuple[str, ...], template: Path | None) -> Result:
    assert _inputs is not None, "a pool process has the inputs"
    return build_audience(_inputs, audience, Path(work), Path(cache_dir), only, template)
