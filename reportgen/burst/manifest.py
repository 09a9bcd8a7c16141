"""`manifest.json`: what a burst did for each audience (status, files with their sha256, error).

The output folder is trusted for nothing: a manifest read back is validated (its shape, each path
inside the folder, each digest 64 hex digits), and an audience counts as unchanged only when its
key is the same and each file it lists is still there with the same sha256. A manifest that fails
validation is ignored with a warning: every audience is built again.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from reportgen.errors import display_path
from reportgen.manifest import file_sha256
from reportgen.paths import inside

MANIFEST_NAME = "manifest.json"
Status = Literal["built", "unchanged", "failed"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OutputFile(_Model):
    path: str  # relative to the output folder, with `/`
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")

    @field_validator("path")
    @classmethod
    def _inside(cls, value: str) -> str:
        if not is_safe_name(value):
            raise ValueError(f"{value!r} is not a path inside the output folder")
        return value


class AudienceEntry(_Model):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
    name: str
    status: Status
    key: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    outputs: list[OutputFile] = []
    error: str | None = None


class Manifest(_Model):
    version: Literal[1] = 1
    report: str
    audiences: list[AudienceEntry]


def is_safe_name(name: str) -> bool:
    """A relative path with `/`: no part empty, hidden, `.` or `..`; no backslash or drive."""
    if not name or "\\" in name or ":" in name or name.startswith("/"):
        return False
    return all(part and not part.startswith(".") for part in name.split("/"))


def read_manifest(out_dir: Path, report_id: str) -> dict[str, AudienceEntry]:
    """The previous burst's entries by audience id; none when there is no valid manifest of this report."""
    path = out_dir / MANIFEST_NAME
    if not path.is_file() or path.is_symlink():
        return {}
    try:
        manifest = Manifest.model_validate_json(path.read_bytes())
    except (ValidationError, OSError, ValueError) as exc:
        reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        warnings.warn(f"{display_path(path)}: not a valid manifest ({reason}); every audience is built again",
                      UserWarning, stacklevel=2)
        return {}
    if manifest.report != report_id:
        return {}
    return {entry.id: entry for entry in manifest.audiences}


def write_manifest(out_dir: Path, manifest: Manifest) -> None:
    """Write `manifest.json` at once (a reader sees the old one or the new one, never half)."""
    text = json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"
    fd, draft = tempfile.mkstemp(prefix=".manifest-", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(draft, out_dir / MANIFEST_NAME)
    except BaseException:
        Path(draft).unlink(missing_ok=True)
        raise


def still_there(entry: AudienceEntry, key: str, out_dir: Path) -> bool:
    """Was the audience built with this key, and is each file it listed unchanged since (and, links followed,
    inside the output folder)?"""
    if entry.status == "failed" or entry.key != key or not entry.outputs:
        return False
    return all(inside(out_dir, f.path) is not None and sha256_of(out_dir / f.path) == f.sha256 for f in entry.outputs)


def sha256_of(path: Path) -> str | None:
    """The file's sha256; None when it is missing, a link or not a file."""
    if path.is_symlink() or not path.is_file():
        return None
    return file_sha256(path)
