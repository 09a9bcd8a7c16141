"""Publishing a build into its output folder: one build at a time, every file of a build or none.

A build holds `<out>/.reportgen.lock` (an operating-system lock taken with `filelock`, released when the
process ends, however it ends) from its first write to its last. It writes every file into a staging folder
`<out>/.staging-*/` (the same file system, so a rename is atomic), then publishes the set:

1. every staged file is flushed to disk;
2. every file it will replace is hard-linked into the staging folder's `.backup/`, and a journal
   (`.publishing.json`, itself written by rename) lists the targets;
3. each staged file is renamed over its target;
4. the journal is removed: that is the commit. The staging folder goes.

An error in step 3 puts back every file replaced so far (and removes files that were new), so the
folder holds the previous build again. A build killed during step 3 leaves its journal behind; the
next build into the folder rolls it back in the same way, under the lock, before anything else, and
removes the staging folders of builds that died.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from reportgen.errors import ReportgenError, display_path, fail

LOCK_NAME = ".reportgen.lock"
STAGING_PREFIX = ".staging-"
JOURNAL_NAME = ".publishing.json"
BACKUP_NAME = ".backup"


DEFAULT_LOCK_WAIT = 600.0  # seconds a build waits for another build into the same folder


def lock_wait() -> float:
    """Seconds to wait for another build's lock: REPORTGEN_LOCK_WAIT when set (0: do not wait), else 10 minutes."""
    value = os.environ.get("REPORTGEN_LOCK_WAIT", "").strip()
    try:
        return max(0.0, float(value)) if value else DEFAULT_LOCK_WAIT
    except ValueError:
        return DEFAULT_LOCK_WAIT


class OutputLock:
    """`with OutputLock(out):` one build writes to `out` at a time (a `filelock` lock on `<out>/.reportgen.lock`,
    which holds the builder's process id while it is held).

    A second build waits for the first (saying so once, as a warning) for up to `wait` seconds, then stops
    with a clear message naming the other build's process id.
    """

    def __init__(self, out_dir: Path, wait: float = 0.0):
        self.out_dir = out_dir
        self.path = out_dir / LOCK_NAME
        self.wait = wait
        from filelock import FileLock  # here, not on import: `reportgen check` never takes the lock

        # thread_local=False: a lock taken in one thread may be released in another (as the tests do)
        self._lock = FileLock(self.path, thread_local=False, on_acquired=_write_pid)

    def __enter__(self) -> OutputLock:
        try:
            if not self._acquire(0):
                if self.wait > 0:
                    warnings.warn(f"{display_path(self.out_dir)}: another build is writing to this folder{_holder(self.path)}; "
                                  "waiting for it to finish", UserWarning, stacklevel=2)
                if self.wait <= 0 or not self._acquire(self.wait):
                    waited = f"; waited {self.wait:g} s" if self.wait > 0 else ""
                    raise fail(self.out_dir, "", f"another build is writing to this folder{_holder(self.path)}{waited}; "
                               "wait for it to finish, or build into another folder with --out")
        except OSError as exc:
            exc.filename = None  # name the folder, not the lock file
            raise write_error(exc, self.out_dir) from None
        return self

    def _acquire(self, seconds: float) -> bool:
        from filelock import Timeout

        try:
            self._lock.acquire(timeout=seconds, poll_interval=0.2)
        except Timeout:
            return False
        return True

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._lock.is_locked:
            self._lock.release()


def _write_pid(fd: int) -> None:
    """The lock's new holder writes its process id into the lock file (filelock calls this once it holds the lock)."""
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n".encode())


def _holder(path: Path) -> str:
    """` (pid N)`: the process holding the lock, as it wrote itself into the file; empty when unknown."""
    try:
        text = path.read_bytes()[:32].decode("ascii", "replace").strip()
    except OSError:  # on Windows the holder's lock covers the bytes
        return ""
    return f" (pid {text})" if text.isdigit() else ""


def prepare_out_dir(out_dir: Path) -> None:
    """Create the output folder (and its parents); a clear error when that is not possible."""
    if out_dir.exists() and not out_dir.is_dir():
        raise fail(out_dir, "", "is a file; --out must name a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(out_dir, "", f"cannot create the output folder ({exc.strerror or exc})") from None


def new_staging(out_dir: Path) -> Path:
    """A private staging folder inside `out_dir`, hidden (its name starts with a dot)."""
    try:
        return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
    except OSError as exc:
        raise write_error(exc, out_dir) from None


def clean_up_dead_builds(out_dir: Path, cache_dir: Path | None = None) -> list[Path]:
    """Roll back a publish that a killed build left half done; remove staging folders of dead builds.

    Call it only while holding the folder's lock: then no other build is alive in `out_dir`.
    Returns the targets that were rolled back.
    """
    restored: list[Path] = []
    for staging in sorted(out_dir.glob(STAGING_PREFIX + "*")):
        journal = staging / JOURNAL_NAME
        if journal.is_file():
            entries = [Entry(**e) for e in json.loads(journal.read_text(encoding="utf-8"))]
            _roll_back(out_dir, staging, entries)
            restored += [out_dir / e.target for e in entries]
        shutil.rmtree(staging, ignore_errors=True)
    if cache_dir is not None and cache_dir.is_dir():
        for draft in cache_dir.glob(".draw-*"):
            shutil.rmtree(draft, ignore_errors=True)
    return restored


@dataclass(frozen=True)
class Entry:
    """One file of a publish: its place relative to the output folder, and whether it replaced a file."""

    target: str
    existed: bool
    made_dir: str | None = None  # a folder the publish created for it (removed again on roll-back)


def publish(staging: Path, out_dir: Path, staged: list[Path]) -> list[Path]:
    """Rename every staged file into `out_dir` as one set: all of them, or (on any error) none."""
    plan = [(path, out_dir / path.relative_to(staging)) for path in staged]
    _check_targets(plan, out_dir)
    for path, _ in plan:
        _flush(path)
    entries = [_back_up(staging, out_dir, target) for _, target in plan]
    _write_journal(staging, entries)
    done: list[Entry] = []
    try:
        for (path, target), entry in zip(plan, entries, strict=True):
            if entry.made_dir:
                target.parent.mkdir(parents=True, exist_ok=True)
            done.append(entry)
            os.replace(path, target)
    except BaseException as exc:
        _roll_back(out_dir, staging, done)
        (staging / JOURNAL_NAME).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise replace_error(exc, out_dir / done[-1].target) from None
        raise
    (staging / JOURNAL_NAME).unlink()  # the commit
    _flush_folder(out_dir)
    return [target for _, target in plan]


def _check_targets(plan: list[tuple[Path, Path]], out_dir: Path) -> None:
    """Stop before replacing anything when a target cannot take a file."""
    for _, target in plan:
        for parent in reversed(target.relative_to(out_dir).parents[:-1]):
            folder = out_dir / parent
            if folder.exists() and not folder.is_dir():
                raise fail(folder, "", "is a file; expected a folder for the outputs here: remove or rename it")
        if target.is_dir() and not target.is_symlink():
            raise fail(target, "", "is a folder; expected to replace a file here: remove or rename the folder")


def _back_up(staging: Path, out_dir: Path, target: Path) -> Entry:
    relative = target.relative_to(out_dir).as_posix()
    missing = [p for p in target.relative_to(out_dir).parents[:-1] if not (out_dir / p).exists()]
    made_dir = missing[-1].as_posix() if missing else None
    if not (target.is_file() or target.is_symlink()):
        return Entry(relative, False, made_dir)
    backup = staging / BACKUP_NAME / relative
    backup.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError:  # a file system without hard links: keep a copy instead
        shutil.copy2(target, backup, follow_symlinks=False)
    return Entry(relative, True, made_dir)


def _write_journal(staging: Path, entries: list[Entry]) -> None:
    text = json.dumps([e.__dict__ for e in entries], ensure_ascii=False, indent=0)
    draft = staging / (JOURNAL_NAME + ".tmp")
    with draft.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(draft, staging / JOURNAL_NAME)
    _flush_folder(staging)


def _roll_back(out_dir: Path, staging: Path, entries: list[Entry]) -> None:
    """Put the previous file back at every target in `entries`; remove the targets that are new."""
    for entry in reversed(entries):
        target = out_dir / entry.target
        backup = staging / BACKUP_NAME / entry.target
        if entry.existed and (backup.is_file() or backup.is_symlink()):
            os.replace(backup, target)
        elif not entry.existed:
            target.unlink(missing_ok=True)
    for entry in entries:
        if entry.made_dir:
            try:
                (out_dir / entry.made_dir).rmdir()
            except OSError:
                pass  # not empty, or already gone
    _flush_folder(out_dir)


def _flush(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _flush_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - a platform that cannot open folders (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems cannot sync a folder
        pass
    finally:
        os.close(fd)


DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def write_error(exc: OSError, out_dir: Path, staging: Path | None = None) -> ReportgenError:
    """An OSError during a build, as one message naming the file (an output, never the staging folder)."""
    name, is_output = _shown_name(exc.filename, out_dir, staging)
    reason = exc.strerror or str(exc)
    if exc.errno in DISK_FULL:
        return fail(name, "", f"cannot be written: the disk is full ({reason}); free some space and build again. "
                    "Nothing was published: the previous outputs are untouched")
    if not is_output:
        return fail(name, "", f"cannot be read ({reason})")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return fail(name, "", f"cannot be written ({reason}); check the folder's permissions, or build into "
                    "another folder with --out. The previous outputs are untouched")
    return fail(name, "", f"cannot be written ({reason}). The previous outputs are untouched")


def replace_error(exc: OSError, target: Path) -> ReportgenError:
    """An OSError while renaming a file into place: usually a file held open by another program."""
    reason = exc.strerror or str(exc)
    if exc.errno in DISK_FULL:
        return write_error(exc, target.parent)
    return fail(target, "", f"cannot be replaced ({reason}); is it open in another program (PowerPoint, a PDF "
                "viewer)? Close it and build again. Nothing was published: the previous outputs are untouched")


def _shown_name(filename: object, out_dir: Path, staging: Path | None) -> tuple[str, bool]:
    """The file an error names (a staged file shown as the output it was to become); is it an output?"""
    if not filename:
        return display_path(out_dir), True
    path = Path(os.fsdecode(filename))  # type: ignore[arg-type]
    for folder, shown in ((staging, out_dir), (out_dir, out_dir)):
        if folder is None:
            continue
        try:
            return display_path(shown / path.relative_to(folder)), True
        except ValueError:
            pass
    return display_path(path), False
