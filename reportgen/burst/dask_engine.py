"""The dask engine: the same audience builds on a dask.distributed cluster.

- No `--scheduler`: a `LocalCluster` on this machine (one single-threaded worker process per core, or
  `--workers`). With `--scheduler tcp://HOST:8786`: that cluster's workers, which need reportgen
  installed (with the same version: the audience keys hash its code) but no access to any folder here.
- The report travels as bytes: every file a build reads (keys.input_files) in one zip, sent once to
  every worker (`scatter(..., broadcast=True)`); each worker unpacks it once into its own scratch
  folder and loads the spec and dataset once, and keeps a chart cache there for all its audiences.
- Each task builds one audience (work.py) and returns its files as bytes; this process, the client,
  writes them into a staging folder and publishes them (run.py), so workers need no write access to
  the output folder. Only a few tasks per worker are in flight, so memory stays flat.
- A worker that dies mid-task: the scheduler runs its task again on another worker, up to
  `distributed.scheduler.allowed-failures` times (3 by default); then the audience fails. A result
  is published once, whoever delivered it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import tempfile
import threading
import zipfile
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from reportgen.burst.audiences import Audience
from reportgen.burst.keys import bundle
from reportgen.burst.work import AudienceJob, Result, build_audience
from reportgen.errors import display_path, fail
from reportgen.paths import inside
from reportgen.pipeline import Inputs, load_inputs
from reportgen.publish import new_staging
from reportgen.schedule import cpu_count

IN_FLIGHT = 2  # tasks per worker thread
ROOT_MARK = "<report bundle>/"  # how a worker names a file of the bundle in a message; the client puts its own folder back

_lock = threading.Lock()  # one build at a time in a worker process, whatever its thread count
_unpacked: dict[str, tuple[Path, Inputs]] = {}  # bundle digest -> (its folder, its loaded inputs), per worker process


def run_dask(inputs: Inputs, files: list[Path], jobs: list[AudienceJob], out_dir: Path, only: tuple[str, ...], template: Path | None,
             scheduler: str | None, workers: int | None) -> Iterator[tuple[AudienceJob, Path | None, Result]]:
    """Build each job on the cluster; yield (job, a staging folder for its files, result) as each finishes."""
    try:
        from distributed import Client, LocalCluster, as_completed
        from distributed.scheduler import KilledWorker
    except ImportError:
        raise fail("--engine dask", "", "needs dask.distributed, an optional extra: pip install 'reportgen[dask]'") from None
    if not jobs:
        return
    data, root = bundle(files)
    digest = hashlib.sha256(data).hexdigest()
    report = inputs.spec_path.absolute().relative_to(root).as_posix()
    shared_template = template.absolute().relative_to(root).as_posix() if template is not None else None
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers or cpu_count(), threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
    try:
        client = Client(cluster if cluster is not None else scheduler, set_as_default=False)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise fail("--scheduler", "", f"cannot reach the dask scheduler at {scheduler} ({exc})") from None
    queue = deque(jobs)
    try:
        [shared] = client.scatter([data], broadcast=True, hash=False)
        window = IN_FLIGHT * max(1, sum(client.nthreads().values()))
        running = as_completed(loop=client.loop)
        submitted = {}

        def submit(job: AudienceJob) -> None:
            future = client.submit(build_remote, shared, digest, report, shared_template, job.audience, only,
                                   key=f"reportgen-{job.audience.id}-{job.key}", pure=False)
            submitted[future.key] = job
            running.add(future)

        while queue and len(submitted) < window:
            submit(queue.popleft())
        for future in running:
            job = submitted.pop(future.key)
            try:
                result = future.result()
            except KilledWorker as exc:
                result = Result(job.audience.id, error=f"the worker building it died too often ({exc}); not built", internal=True)
            except Exception as exc:  # the cluster failed the task (a worker lost, cancelled)
                result = Result(job.audience.id, error=f"internal error: {exc.__class__.__name__}: {exc}", internal=True)
            future.release()
            result = _with_paths(result, root)
            yield job, new_staging(out_dir) if result.error is None else None, result
            if queue:
                submit(queue.popleft())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _with_paths(result: Result, root: Path) -> Result:
    """A worker's messages name files of the bundle: name them as they are here."""
    shown = display_path(root)
    here = "" if shown == "." else shown.rstrip("/") + "/"
    error = result.error.replace(ROOT_MARK, here) if result.error is not None else None
    return replace(result, error=error, warnings=tuple(w.replace(ROOT_MARK, here) for w in result.warnings))


def build_remote(data: bytes, digest: str, report: str, template: str | None, audience: Audience, only: tuple[str, ...]) -> Result:
    """On a worker: build one audience from the report's bundle; return its files as bytes."""
    with _lock:
        os.environ["REPORTGEN_CHART_WORKERS"] = "1"  # no pool of its own: dask gives the worker its work
        try:
            root, inputs = _unpack(data, digest, report)
        except Exception as exc:  # the client loaded the same files: a bug, or a worker that cannot unpack them
            return Result(audience.id, error=f"internal error: the worker cannot load the report ({exc.__class__.__name__}: "
                          f"{exc})", internal=True)
        work = Path(tempfile.mkdtemp(prefix="audience-", dir=root.parent))
        try:
            result = build_audience(inputs, audience, work, root.parent / "charts", only, root / template if template else None)
            here = str(root) + os.sep
            warned = tuple(w.replace(here, ROOT_MARK) for w in result.warnings)
            if result.error is not None:
                return Result(result.audience_id, error=result.error.replace(here, ROOT_MARK), internal=result.internal, warnings=warned)
            files = {name: (work / name).read_bytes() for name in result.staged}
            return Result(result.audience_id, result.staged, files, warnings=warned, charts=result.charts)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def _unpack(data: bytes, digest: str, report: str) -> tuple[Path, Inputs]:
    """The bundle unpacked into this worker's scratch folder and its inputs loaded, once per worker process."""
    if digest not in _unpacked:
        folder = Path(tempfile.mkdtemp(prefix=f"reportgen-{digest[:12]}-", dir=_scratch()))
        root = folder / "report"
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if inside(root, name) is None:  # the client wrote the names; still, stay inside
                    raise ValueError(f"a bundle entry points outside its folder: {name!r}")
            archive.extractall(root)
        _unpacked[digest] = (root, load_inputs(root / report))
    return _unpacked[digest]


def _scratch() -> str:
    """The worker's own scratch folder (dask removes it when the worker stops), else the system's."""
    try:
        from distributed import get_worker

        return get_worker().local_directory
    except (ImportError, ValueError):
        return tempfile.gettempdir()
