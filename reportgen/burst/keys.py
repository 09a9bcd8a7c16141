"""What an audience's outputs depend on, as one content hash; and the report packed for remote workers.

An audience's key hashes every file a build of the report reads (report.yaml, the charts file, the
text of every language, the slide master, the dataset's descriptor and tables, `--template`), the
code that builds it (reportgen's own files and the versions of the libraries that draw and write),
the options that shape its files, SOURCE_DATE_EPOCH, and the audience's row as written. A rerun
rebuilds an audience only when its key changed (or its last build failed, or its files did).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from functools import cache
from importlib import metadata
from pathlib import Path

from reportgen.burst.audiences import Audience
from reportgen.manifest import code_digest
from reportgen.narrative.texts import text_files
from reportgen.pipeline import Inputs

LIBRARIES = ("python-pptx", "reportlab", "matplotlib", "Pillow", "Babel", "Jinja2", "koreanize-matplotlib", "lxml")
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def input_files(inputs: Inputs, template: Path | None = None) -> list[Path]:
    """Every file a build of the report reads, each once, as absolute paths."""
    report = inputs.report
    files = [inputs.spec_path]
    if report.charts_file:
        files.append(report.charts_path)
    for lang in report.languages:
        files += text_files(report.folder, lang)
    if report.master:
        files.append(report.resolve(report.master, "master"))
    files += [inputs.dataset.path, *(table.path for table in inputs.dataset.tables.values())]
    if template is not None:
        files.append(template)
    return sorted({Path(os.path.abspath(f)) for f in files})


def shared_key(files: list[Path], options: dict[str, object]) -> str:
    """The hash of everything every audience's outputs depend on besides its own row."""
    digest = hashlib.sha256()
    root = common_root(files)
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    settings = {**options, "code": code_version(), "epoch": os.environ.get("SOURCE_DATE_EPOCH", "")}
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def audience_key(shared: str, audience: Audience) -> str:
    """The hash of everything this audience's outputs depend on."""
    row = json.dumps([audience.langs, audience.cells], ensure_ascii=False)
    return hashlib.sha256(f"{shared}\0{row}".encode()).hexdigest()[:32]


@cache
def code_version() -> str:
    """reportgen's own files (manifest.code_digest, the key normal builds use) and the versions of the
    libraries that shape the outputs."""
    digest = hashlib.sha256(code_digest().encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:  # pragma: no cover - every one is a dependency
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()[:16]


def common_root(files: list[Path]) -> Path:
    """The deepest folder holding every file."""
    return Path(os.path.commonpath([f.parent for f in files]))


def bundle(files: list[Path]) -> tuple[bytes, Path]:
    """The files as one zip (the same bytes for the same files) and the folder their names are relative to."""
    root = common_root(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(root).as_posix(), ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return out.getvalue(), root
