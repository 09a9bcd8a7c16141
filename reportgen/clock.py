"""The one clock of a build."""

from __future__ import annotations

import datetime as dt
import os

from reportgen.errors import fail

LATEST = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)


def build_date() -> dt.datetime:
    """The one clock of a build: SOURCE_DATE_EPOCH when set (reproducible builds), else now (UTC).

    SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC (as https://reproducible-builds.org/specs/
    says); anything else is an error, never silently today's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None or epoch == "":
        return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
    text = epoch.strip()
    if not text.isdigit() or not text.isascii():
        raise fail("SOURCE_DATE_EPOCH", "", f"got {epoch!r}; expected whole seconds since 1970-01-01 UTC, like 1751241600 "
                   "(or leave it unset for today's date)")
    seconds = int(text)
    if seconds > LATEST.timestamp():
        raise fail("SOURCE_DATE_EPOCH", "", f"got {text}, a date after the year 9999; expected whole seconds since "
                   "1970-01-01 UTC, like 1751241600")
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=seconds)


def key_date(built_at: dt.datetime) -> str:
    """The part of the build's clock an output's key holds: the day it shows (a rebuild the same day
    with nothing changed keeps the file), or with SOURCE_DATE_EPOCH the exact time its metadata holds."""
    return built_at.isoformat() if os.environ.get("SOURCE_DATE_EPOCH") else built_at.date().isoformat()
