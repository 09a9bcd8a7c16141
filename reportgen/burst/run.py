"""burst(): one report built for every audience of a table, each published as soon as it is built.

1. load the spec and the dataset once, read the audience table (a problem with the table as a whole
   stops here: exit 1, nothing written);
2. key each audience (keys.py); under the output folder's lock, an audience whose key and files match
   the last manifest is left as it is; a row with a bad cell fails alone;
3. the engine (local.py or dask_engine.py) builds the rest, a few at a time; each built audience's
   files are named by the pattern and published with the project's publish code (all its files or
   none), and the progress callback hears of it;
4. manifest.json says what happened to each audience (rewritten every few seconds and at the end).

Memory stays flat however many audiences there are: only the audiences in flight are held.
"""

from __future__ import annotations

import os
import shutil
import string
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.burst.audiences import Audience, read_audiences
from reportgen.burst.keys import audience_key, input_files, shared_key
from reportgen.burst.local import run_local
from reportgen.burst.manifest import (
    AudienceEntry,
    Manifest,
    OutputFile,
    is_safe_name,
    read_manifest,
    sha256_of,
    still_there,
    write_manifest,
)
from reportgen.burst.work import LOCK_SUFFIX, WORK, AudienceJob, Result
from reportgen.errors import fail
from reportgen.inputs.spec import Report
from reportgen.pipeline import Inputs, load_inputs
from reportgen.publish import OutputLock, clean_up_dead_builds, lock_wait, prepare_out_dir, publish, write_error
from reportgen.schedule import cpu_count

DEFAULT_NAMES = "{id}/{report}.{lang}"
BURST_KINDS = ("deck", "memo")
MANIFEST_EVERY = 5.0  # seconds between two writes of the manifest during a burst


@dataclass(frozen=True)
class BurstOptions:
    report_dir: Path
    audiences: Path
    out_dir: Path = Path("output")
    engine: str = "local"  # or "dask"
    scheduler: str | None = None  # a dask scheduler's address; none: a LocalCluster
    workers: int | None = None  # processes (local) or workers (LocalCluster); none: one per core
    only: tuple[str, ...] = BURST_KINDS
    template: Path | None = None
    names: str = DEFAULT_NAMES  # where each audience's files go, without the extension


@dataclass
class Tally:
    """Where a burst stands, for the progress bar."""

    total: int
    built: int = 0
    unchanged: int = 0
    failed: int = 0

    @property
    def left(self) -> int:
        return self.total - self.built - self.unchanged - self.failed


@dataclass
class BurstResult:
    out_dir: Path
    entries: list[AudienceEntry]
    internal: list[str] = field(default_factory=list)  # audiences that failed on a bug, not on their input

    def count(self, status: str) -> int:
        return sum(e.status == status for e in self.entries)


Progress = Callable[[Tally, AudienceEntry | None], None]


def _quiet(tally: Tally, entry: AudienceEntry | None) -> None:
    pass


class Names:
    """The name pattern: `{id}/{report}.{lang}` (and any parameter) -> `msit/china-ai-briefing.ko` + `.pptx`."""

    def __init__(self, pattern: str, report: Report):
        fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
        known = {"id", "report", "lang", *(p.name for p in report.params)}
        unknown = sorted(fields - known)
        problem = f"unknown field {{{unknown[0]}}}; fields: {', '.join(sorted(known))}" if unknown else None
        if problem is None and not {"id", "lang"} <= fields:
            problem = "must hold {id} and {lang}, so that no two files get the same name"
        if problem is None and not is_safe_name(pattern.format(id="a", report="r", lang="ko", **{p.name: "p" for p in report.params})):
            problem = "must name a file inside the output folder: relative, with /, no part starting with a dot"
        if problem is not None:
            raise fail("--names", "", f"{pattern!r}: {problem}")
        self.pattern, self.report_id = pattern, report.id

    def target(self, audience: Audience, staged: str) -> str:
        """Where the staged file `<report>.<lang><suffix>` goes, relative to the output folder."""
        lang, suffix = staged.removeprefix(self.report_id + ".").split(".", 1)
        values = {k: "" if v is None else str(v) for k, v in audience.values.items()}
        name = self.pattern.format(**{**values, "id": audience.id, "report": self.report_id, "lang": lang}) + "." + suffix
        if not is_safe_name(name):
            raise ValueError(f"the name pattern gives {name!r}, not a file inside the output folder")
        return name


def burst(options: BurstOptions, progress: Progress = _quiet) -> BurstResult:
    """Build every audience of the table; publish each as soon as it is built; return what happened."""
    inputs = load_inputs(options.report_dir)
    audiences = read_audiences(options.audiences, inputs.report)
    names = Names(options.names, inputs.report)
    files = input_files(inputs, options.template)
    shared = shared_key(files, {"only": sorted(options.only), "names": options.names})
    out_dir = options.out_dir
    prepare_out_dir(out_dir)
    cache_dir = (out_dir / ".cache" / "burst").absolute()
    with OutputLock(out_dir, wait=lock_wait()):
        clean_up_dead_builds(out_dir, cache_dir)
        return Burst(options, inputs, names, out_dir, cache_dir, progress).run(audiences, shared, files)


@dataclass
class Burst:
    options: BurstOptions
    inputs: Inputs
    names: Names
    out_dir: Path
    cache_dir: Path
    progress: Progress
    entries: dict[str, AudienceEntry] = field(default_factory=dict)
    internal: list[str] = field(default_factory=list)
    charts_used: set[str] = field(default_factory=set)
    warned: dict[str, list[str]] = field(default_factory=dict)  # message -> audiences that raised it

    def run(self, audiences: list[Audience], shared: str, files: list[Path]) -> BurstResult:
        previous = read_manifest(self.out_dir, self.inputs.report.id)
        tally = Tally(len(audiences))
        jobs = []
        for audience in audiences:
            key = audience_key(shared, audience)
            old = previous.get(audience.id)
            if audience.error is not None:
                self._record(tally, AudienceEntry(id=audience.id, name=audience.name, status="failed", key=key, error=audience.error))
            elif old is not None and still_there(old, key, self.out_dir):
                self._record(tally, old.model_copy(update={"status": "unchanged", "name": audience.name}))
            else:
                jobs.append(AudienceJob(audience, key))
        self.progress(tally, None)
        finished = False
        written = time.monotonic()
        try:
            for job, staging, result in self._engine(jobs, files):
                self._record(tally, self._publish(job, staging, result))
                if time.monotonic() - written > MANIFEST_EVERY:
                    self._write(audiences, previous)
                    written = time.monotonic()
            finished = True
        finally:
            self._write(audiences, previous)
        self._prune_cache(every=finished and len(jobs) == len(audiences))
        self._warn()
        return BurstResult(self.out_dir, [self.entries[a.id] for a in audiences], self.internal)

    def _engine(self, jobs: list[AudienceJob], files: list[Path]) -> Iterator[tuple[AudienceJob, Path | None, Result]]:
        o = self.options
        workers = o.workers or _cores()
        if o.engine == "dask":
            from reportgen.burst.dask_engine import run_dask

            return run_dask(self.inputs, files, jobs, self.out_dir, o.only, o.template, o.scheduler, o.workers)
        return run_local(self.inputs, jobs, self.out_dir, self.cache_dir, o.only, o.template, workers)

    def _publish(self, job: AudienceJob, staging: Path | None, result: Result) -> AudienceEntry:
        """Name the audience's staged files by the pattern and publish them together; the entry saying so."""
        audience = job.audience
        for message in result.warnings:
            self.warned.setdefault(message, []).append(audience.id)
        self.charts_used.update(result.charts)
        failed = AudienceEntry(id=audience.id, name=audience.name, status="failed", key=job.key, error=result.error)
        if result.error is not None or staging is None:
            if result.internal:
                self.internal.append(audience.id)
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            return failed
        try:
            for name, data in result.files.items():  # from a remote worker
                (staging / WORK / name).parent.mkdir(parents=True, exist_ok=True)
                (staging / WORK / name).write_bytes(data)
            try:
                targets = [(staging / WORK / name, self.names.target(audience, name)) for name in result.staged]
            except ValueError as exc:
                return failed.model_copy(update={"error": str(exc)})
            outputs = []
            for source, name in targets:
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, staging / name)
                outputs.append(OutputFile(path=name, sha256=sha256_of(staging / name) or ""))
            publish(staging, self.out_dir, [staging / f.path for f in outputs])
        except OSError as exc:
            raise write_error(exc, self.out_dir, staging) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return AudienceEntry(id=audience.id, name=audience.name, status="built", key=job.key, outputs=outputs)

    def _record(self, tally: Tally, entry: AudienceEntry) -> None:
        if entry.id in self.entries:  # a result delivered twice is published once
            return
        self.entries[entry.id] = entry
        setattr(tally, entry.status, getattr(tally, entry.status) + 1)
        self.progress(tally, entry)

    def _write(self, audiences: list[Audience], previous: dict[str, AudienceEntry]) -> None:
        """The manifest as it stands; an audience not reached yet keeps its previous entry (its key tells it is stale)."""
        listed = [self.entries.get(a.id) or previous.get(a.id) for a in audiences]
        write_manifest(self.out_dir, Manifest(report=self.inputs.report.id, audiences=[e for e in listed if e is not None]))

    def _prune_cache(self, every: bool) -> None:
        """Drop the drawing locks; after a burst that built `every` audience, the pictures none of them used too."""
        if not self.cache_dir.is_dir():
            return
        for path in self.cache_dir.iterdir():
            stale = every and self.charts_used and path.suffix in (".png", ".svg") and path.name not in self.charts_used
            if path.is_file() and (stale or path.name.endswith(LOCK_SUFFIX)):
                path.unlink(missing_ok=True)

    def _warn(self) -> None:
        for message, ids in self.warned.items():
            more = f" and {len(ids) - 1} more" if len(ids) > 1 else ""
            warnings.warn(f"{ids[0]}{more}: {message}", UserWarning, stacklevel=3)


def _cores() -> int:
    return cpu_count()
