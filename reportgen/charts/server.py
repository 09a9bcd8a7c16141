"""Imported once, by the chart pool's forkserver (`schedule.PRELOAD`), never by the build itself.

A process the server forks unpickles its start-up state from the build. When the build has just been
stopped (Ctrl-C, SIGTERM) its semaphores are gone, the start fails, and the server's child would print
that traceback to the terminal the build shares, under the build's one line. Such a child ends quietly;
any other failure is printed as before.
"""

from __future__ import annotations

import sys
from types import TracebackType

GONE = (FileNotFoundError, EOFError, ConnectionError, KeyboardInterrupt)  # the build stopped meanwhile


def quiet_when_the_build_is_gone(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, GONE):
        return
    sys.__excepthook__(kind, value, tb)


sys.excepthook = quiet_when_the_build_is_gone
