"""SIGTERM and SIGINT (Ctrl-C) as one exception that unwinds the build, so every `finally` runs.

`install()` (the command line calls it) turns either signal into `Interrupted`: the staging folder is
removed on the way out, a publish under way is rolled back, the chart pool and the writers are stopped,
and the command prints one line and exits 143 (SIGTERM) or 130 (SIGINT). While `deferred()` holds (the
renames of a publish and its commit), a signal waits until the block ends, so a publish is never cut
between renames; it is then raised with `published=True` when the block finished the publish.
Processes the build starts ignore both signals (`quiet_child`): the build stops them itself.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Interrupted(BaseException):
    """The build was asked to stop by a signal (a BaseException, like KeyboardInterrupt: no `except Exception` eats it)."""

    def __init__(self, signum: int, published: bool = False):
        self.signum = signum
        self.published = published
        super().__init__(signal.Signals(signum).name)

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    def line(self) -> str:
        """The one line the command prints."""
        done = "the outputs are this build's" if self.published else "nothing was published; the previous outputs are untouched"
        return f"stopped by {signal.Signals(self.signum).name}: {done}"


_deferring = False
_pending: int | None = None


def _handle(signum: int, frame: FrameType | None) -> None:
    global _pending
    if _deferring:
        _pending = signum
        return
    raise Interrupted(signum)


def install() -> dict[int, Any]:
    """Turn SIGTERM and SIGINT into `Interrupted` in this process (the main thread only: Python's rule);
    return the handlers they had, for `restore`."""
    return {signum: signal.signal(signum, _handle) for signum in SIGNALS}


def restore(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """Hold a signal back until the block ends; then raise it (`published=True` when the block completed)."""
    global _deferring, _pending
    outer = _deferring
    _deferring = True
    completed = False
    try:
        yield
        completed = True
    finally:
        _deferring = outer
        if not outer and _pending is not None:
            signum, _pending = _pending, None
            raise Interrupted(signum, published=completed)


def quiet_child() -> None:
    """In a process the build starts: leave both signals to the build (Ctrl-C reaches the whole process group;
    a traceback from every child would follow)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def ignore_from_now() -> None:
    """Ignore both signals for the rest of this process (main thread only; elsewhere it does nothing)."""
    if threading.current_thread() is threading.main_thread():
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_IGN)


@contextmanager
def ignoring_signals() -> Iterator[None]:
    """Both signals ignored meanwhile (a process started now inherits that: its start prints no traceback);
    one that came meanwhile is lost, so call it only around starting a process. Main thread only; elsewhere
    it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in SIGNALS}
    try:
        yield
    finally:
        restore(previous)
