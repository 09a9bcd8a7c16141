"""Saving a presentation so that the same inputs give the same bytes.

python-pptx stamps every zip entry with the current time; here each entry gets the build's one
clock instead (SOURCE_DATE_EPOCH when set), and the core properties carry the same date.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from pptx.presentation import Presentation

ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a zip entry can carry


def set_core_properties(prs: Presentation, when: dt.datetime, title: str, author: str, subject: str,
                        language: str, keywords: str = "") -> None:
    """Title, author, subject, language and dates: what a file browser and a search show."""
    props = prs.core_properties
    naive = when.astimezone(dt.UTC).replace(tzinfo=None)
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.subject = subject
    props.language = language
    props.keywords = keywords
    props.revision = 1
    props.created = naive
    props.modified = naive


def save_reproducibly(prs: Presentation, path: Path, when: dt.datetime) -> None:
    """Write `prs` to `path` with every zip entry dated `when` (UTC) and fixed permissions."""
    raw = io.BytesIO()
    prs.save(raw)
    stamp = max(when.astimezone(dt.UTC), ZIP_EPOCH).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(entry.filename))
    path.write_bytes(out.getvalue())
