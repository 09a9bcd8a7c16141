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
import sys
import tempfile
import warnings
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from types import TracebackType

from reportgen.errors import ReportgenError, display_path, fail
from reportgen.interrupts import deferred
from reportgen.paths import inside

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

    Call it only while holding the folder's lock: then no other build is alive in `out_dir`. Nothing found
    there is trusted (the folder may be synced, unzipped, shared): a journal is obeyed only when it is
    well-formed and every target and backup it names lies inside the folder (see `read_journal`); a
    damaged one is reported (a warning) and its staging folder set aside, never obeyed.
    Returns the targets that were rolled back.
    """
    restored: list[Path] = []
    for staging in sorted(out_dir.glob(STAGING_PREFIX + "*")):
        if staging.is_symlink() or not staging.is_dir():
            _set_aside(out_dir, staging, "is not a staging folder reportgen made (a link, or a file)")
            continue
        journal = staging / JOURNAL_NAME
        if journal.exists() or journal.is_symlink():
            try:
                entries = read_journal(out_dir, staging)
            except ValueError as exc:
                _set_aside(out_dir, staging, f"holds a damaged journal ({exc})")
                continue
            stuck = _roll_back(out_dir, staging, entries)
            if stuck:  # still held by another program: left for the build after this one
                _write_journal(staging, stuck)
                continue
            restored += [out_dir / e.target for e in entries]
        shutil.rmtree(staging, ignore_errors=True)
    if cache_dir is not None and cache_dir.is_dir():
        for draft in cache_dir.glob(".draw-*"):
            if draft.is_symlink():
                draft.unlink()
            else:
                shutil.rmtree(draft, ignore_errors=True)
    return restored


MAX_JOURNAL_BYTES = 1024 * 1024


def read_journal(out_dir: Path, staging: Path) -> list[Entry]:
    """The entries of `staging`'s journal; ValueError naming what is wrong unless it is one reportgen wrote:
    a JSON list of entries, each target a relative path to an output inside `out_dir` (no part hidden,
    no `..`, no link out), each backup a plain file inside the staging folder, each made folder a parent
    of its target."""
    journal = staging / JOURNAL_NAME
    if journal.is_symlink() or not journal.is_file():
        raise ValueError("it is not a plain file")
    if journal.stat().st_size > MAX_JOURNAL_BYTES:
        raise ValueError("it is larger than a journal can be")
    try:
        items = json.loads(journal.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not JSON: {exc}") from None
    if not isinstance(items, list):
        raise ValueError("expected a list of entries")
    entries = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or set(item) - {"target", "existed", "made_dir", "reason"} or \
                not isinstance(item.get("target"), str) or not isinstance(item.get("existed"), bool) or \
                not isinstance(item.get("made_dir"), (str, type(None))) or not isinstance(item.get("reason"), (str, type(None))):
            raise ValueError(f"entry {number} is not a target, whether it existed and the folder made for it")
        entry = Entry(**item)
        _check_entry(out_dir, staging, entry, number)
        entries.append(entry)
    return entries


def _check_entry(out_dir: Path, staging: Path, entry: Entry, number: int) -> None:
    target = PurePosixPath(entry.target)
    if not entry.target or "\x00" in entry.target or "\\" in entry.target or target.is_absolute() or \
            any(part in ("..", "") or part.startswith(".") for part in target.parts):
        raise ValueError(f"entry {number} names {entry.target!r}, which is no output of a build")
    if inside(out_dir, entry.target) is None:
        raise ValueError(f"entry {number} names {entry.target!r}, which leads outside the output folder")
    made = PurePosixPath(entry.made_dir or "")
    if entry.made_dir is not None and (len(made.parts) >= len(target.parts) or target.parts[: len(made.parts)] != made.parts):
        raise ValueError(f"entry {number} names the folder {entry.made_dir!r}, which does not hold its target")
    backup = staging / BACKUP_NAME / entry.target
    if entry.existed and (backup.is_symlink() or (backup.exists() and not backup.is_file())
                          or inside(staging, Path(BACKUP_NAME) / entry.target) is None):
        raise ValueError(f"entry {number}: the previous file is not a plain file inside the staging folder")


SET_ASIDE_PREFIX = ".set-aside-"


def _set_aside(out_dir: Path, staging: Path, problem: str) -> None:
    """Rename a staging folder nothing may act on out of the way (kept for a person to look at), and say so."""
    aside = out_dir / f"{SET_ASIDE_PREFIX}{staging.name.removeprefix('.')}"
    number = 1
    while aside.exists() or aside.is_symlink():
        number += 1
        aside = out_dir / f"{SET_ASIDE_PREFIX}{staging.name.removeprefix('.')}-{number}"
    os.rename(staging, aside)  # renames a link itself, never what it points to
    warnings.warn(f"{display_path(staging)}: {problem}; nothing in it was acted on. It is set aside as "
                  f"{display_path(aside)}: look at it, then delete it", UserWarning, stacklevel=3)


@dataclass(frozen=True)
class Entry:
    """One file of a publish: its place relative to the output folder, and whether it replaced a file."""

    target: str
    existed: bool
    made_dir: str | None = None  # a folder the publish created for it (removed again on roll-back)
    reason: str | None = None  # why a roll-back could not put it back


def publish(staging: Path, out_dir: Path, staged: list[Path]) -> list[Path]:
    """Rename every staged file into `out_dir` as one set: all of them, or (on any error) none.

    The renames and the commit run with SIGTERM and SIGINT held back (interrupts.deferred): a signal
    then ends the build after the commit, or after the roll-back, never between two renames."""
    plan = [(path, out_dir / path.relative_to(staging)) for path in staged]
    _check_targets(plan, out_dir)
    _check_other_programs(plan, out_dir)
    for path, _ in plan:
        _flush(path)
    entries = [_back_up(staging, out_dir, target) for _, target in plan]
    _write_journal(staging, entries)
    with deferred():
        replaced: list[Entry] = []
        try:
            for (path, target), entry in zip(plan, entries, strict=True):
                if entry.made_dir:
                    target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.replace(path, target)
                except BaseException:
                    _remove_made_dir(out_dir, entry)
                    raise
                replaced.append(entry)
        except BaseException as exc:
            failed = entries[len(replaced)]
            stuck = _roll_back(out_dir, staging, replaced)
            if stuck:
                kept = _keep_for_next_build(out_dir, staging, stuck)
                if isinstance(exc, OSError):
                    raise half_published_error(exc, out_dir / failed.target, stuck, kept, out_dir) from None
                raise
            (staging / JOURNAL_NAME).unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise replace_error(exc, out_dir / failed.target) from None
            raise
        (staging / JOURNAL_NAME).unlink()  # the commit
    _flush_folder(out_dir)
    return [target for _, target in plan]


OWNER_FILES = (("~${name}", "PowerPoint or Word"), (".~lock.{name}#", "LibreOffice"))


def _check_other_programs(plan: list[tuple[Path, Path]], out_dir: Path) -> None:
    """Stop before anything moves when an output is open in another program, where that can be seen: the
    owner file PowerPoint (`~$name`) or LibreOffice (`.~lock.name#`) keeps beside an open file, on every
    platform; on Windows also a file that cannot be opened for writing (a PDF viewer's share lock)."""
    for _, target in plan:
        for pattern, program in OWNER_FILES:
            owner = target.with_name(pattern.format(name=target.name))
            if owner.exists():
                raise fail(target, "", f"is open in {program} (its lock file {owner.name} is beside it); close it and "
                           f"build again (if it is not open, delete {owner.name}). Nothing was published: the previous "
                           "outputs are untouched")
        if sys.platform == "win32" and target.is_file():  # pragma: no cover - Windows only
            try:
                os.close(os.open(target, os.O_RDWR))
            except OSError as exc:
                raise replace_error(exc, target) from None


def _remove_made_dir(out_dir: Path, entry: Entry) -> None:
    if entry.made_dir:
        try:
            (out_dir / entry.made_dir).rmdir()
        except OSError:
            pass  # not empty, or already gone


def _keep_for_next_build(out_dir: Path, staging: Path, stuck: list[Entry]) -> Path:
    """The staging folder, with a journal of only the files a roll-back could not put back, is kept under a
    name of its own (renaming the folder moves no file): the next build into the folder puts them back first."""
    _write_journal(staging, stuck)
    kept = out_dir / f"{STAGING_PREFIX}kept-{staging.name.removeprefix(STAGING_PREFIX)}"
    os.rename(staging, kept)
    return kept


def _check_targets(plan: list[tuple[Path, Path]], out_dir: Path) -> None:
    """Stop before replacing anything when a target cannot take a file."""
    for _, target in plan:
        for parent in reversed(target.relative_to(out_dir).parents[:-1]):
            folder = out_dir / parent
            if folder.is_symlink():
                raise fail(folder, "", "is a link to a folder elsewhere; expected a folder of the outputs here (a build "
                           "would write, and on an error delete, files there): remove the link")
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


def _roll_back(out_dir: Path, staging: Path, entries: list[Entry]) -> list[Entry]:
    """Put the previous file back at every target in `entries`; remove the targets that are new. Every
    entry is tried, whatever fails; return the ones left as this build made them."""
    stuck: list[Entry] = []
    for entry in reversed(entries):
        target = out_dir / entry.target
        backup = staging / BACKUP_NAME / entry.target
        try:
            if entry.existed and (backup.is_file() or backup.is_symlink()):
                os.replace(backup, target)
            elif not entry.existed:
                target.unlink(missing_ok=True)
        except OSError as exc:
            stuck.append(replace(entry, reason=exc.strerror or str(exc)))
            continue
        _remove_made_dir(out_dir, entry)
    _flush_folder(out_dir)
    return stuck


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


def half_published_error(exc: OSError, target: Path, stuck: list[Entry], kept: Path, out_dir: Path) -> ReportgenError:
    """A rename failed, and putting some previous files back failed too: say exactly what the folder holds."""
    reason = exc.strerror or str(exc)
    names = ", ".join(f"{display_path(out_dir / e.target)} ({e.reason})" for e in stuck)
    previous = [e for e in stuck if e.existed]
    kept_note = (f"; their previous versions are kept in {display_path(kept)} and the next build into the folder puts "
                 "them back first" if previous else "; the next build into the folder removes them first")
    return fail(target, "", f"cannot be replaced ({reason}); is it open in another program (PowerPoint, a PDF viewer)? "
                f"Close it and build again. The roll-back could not put back {names}: they are this build's, every other "
                f"output is the previous build's{kept_note}")


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
