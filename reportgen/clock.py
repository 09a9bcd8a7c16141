"""The one clock of a build."""

from __future__ import annotations

import datetime as dt
import os


def build_date() -> dt.datetime:
    """The one clock of a build: SOURCE_DATE_EPOCH when set (reproducible builds), else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def key_date(built_at: dt.datetime) -> str:
    """The part of the build's clock an output's key holds: the day it shows (a rebuild the same day
    with nothing changed keeps the file), or with SOURCE_DATE_EPOCH the exact time its metadata holds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return built_at.isoformat() if epoch and epoch.strip().isdigit() else built_at.date().isoformat()
