"""Is a file whole? Each kind of output starts and ends with its own marks; a file cut short lacks the end.

Used on staged outputs before they are published, and on chart cache entries before they are used again.
"""

from __future__ import annotations

from pathlib import Path

# how each kind of file starts and ends when it was written completely
MAGIC = {".pptx": (b"PK\x03\x04", b"PK\x05\x06"), ".pdf": (b"%PDF-", b"%%EOF"), ".png": (b"\x89PNG", b"IEND\xaeB`\x82"),
         ".svg": (b"<?xml", b"</svg>")}


def is_complete(path: Path) -> bool:
    """`path` starts as its kind starts and its last kilobyte holds the end mark (a zip's central directory
    end); a kind without marks is taken as complete. A file that cannot be read is not complete."""
    if path.suffix not in MAGIC:
        return True
    head, tail = MAGIC[path.suffix]
    try:
        with path.open("rb") as fh:
            start = fh.read(len(head))
            fh.seek(max(0, path.stat().st_size - 1024))
            end = fh.read()
    except OSError:
        return False
    return start == head and tail in end
