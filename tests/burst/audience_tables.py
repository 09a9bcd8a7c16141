"""Audience tables and output digests for the burst tests."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

EPOCH = "1751241600"


def audience_rows(count: int) -> list[dict[str, str]]:
    """`count` audiences in English, alternating focus and country, so that several share each chart."""
    return [{"id": f"aud{n:03d}", "audience_en": f"Audience {n}", "audience_ko": f"독자 {n}", "languages": "en",
             "focus": ("talent", "data")[n % 2], "country": ("CN", "US")[n % 3 == 0]} for n in range(count)]


def write_audiences(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def digests(out: Path) -> dict[str, str]:
    """Each published file (not the hidden cache, lock or staging) by its path, with its sha256."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}
