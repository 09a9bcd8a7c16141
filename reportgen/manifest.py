"""What an output folder holds and what each output was built from: `<out>/.reportgen-manifest.json`.

A build keys each output (the deck and the memo of each language, each chart file) by a content hash
of everything it depends on (see reportgen/dependencies.py) and records the key beside the published
file, with the digest of the file's bytes. The next build rewrites only the outputs whose key changed
or whose file is no longer the one it wrote.

For each way of building into the folder (report, languages, outputs, master: a *request*) the
manifest also records the input files the build read and a fingerprint of their bytes, of reportgen's
code, of the libraries and fonts, and of the build date. When nothing of that changed and every output
is still the file it wrote, a build is done before it loads anything (`up_to_date`): nothing is read
but those files, nothing is written.

The folder is trusted for nothing: a manifest that is missing, unreadable, of another format or
damaged in any way reads as empty (everything is built again); names in it are used only to look up
the outputs this build would write anyway, and never as places to write to.

This module is imported before the inputs load: it imports nothing heavy.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST_NAME = ".reportgen-manifest.json"
FORMAT = 1
MAX_REQUESTS = 8  # the ways of building into one folder that are remembered (--lang ko, --lang en, ...)
OUTPUT_SUFFIXES = (".pptx", ".pdf", ".png", ".svg", ".json", ".html")  # decks, memos, charts, provenance
PACKAGE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Built:
    """One published output: its key, what went into the key (name -> digest), the digest of its bytes."""

    key: str
    parts: Mapping[str, str]
    sha256: str


@dataclass(frozen=True)
class Seen:
    """One request as last built: the fingerprint of its inputs, the files it read, the outputs it made."""

    fingerprint: str
    inputs: tuple[str, ...]  # absolute paths, hashed by content
    watched: tuple[str, ...]  # absolute paths of installed files (fonts, libraries), compared by size and time
    outputs: tuple[str, ...]  # names relative to the output folder


@dataclass(frozen=True)
class Manifest:
    outputs: Mapping[str, Built] = field(default_factory=dict)
    requests: Mapping[str, Seen] = field(default_factory=dict)


# reading and writing ---------------------------------------------------------------------------

def read_manifest(out_dir: Path) -> Manifest:
    """The folder's manifest; an empty one when it is missing or damaged in any way (never an error)."""
    try:
        data = json.loads((out_dir / MANIFEST_NAME).read_bytes().decode("utf-8"))
        return _parse(data)
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return Manifest()


def _parse(data: object) -> Manifest:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a manifest of this format")
    outputs = {}
    for name, entry in _mapping(data["outputs"]).items():
        parts = {_text(k): _text(v) for k, v in _mapping(entry["parts"]).items()}
        if safe_name(name):
            outputs[name] = Built(_text(entry["key"]), parts, _text(entry["sha256"]))
    requests = {}
    for request_id, entry in _mapping(data["requests"]).items():
        names = tuple(_text(n) for n in _sequence(entry["outputs"]))
        if not all(safe_name(n) for n in names):
            continue
        requests[_text(request_id)] = Seen(_text(entry["fingerprint"]), tuple(_text(p) for p in _sequence(entry["inputs"])),
                                           tuple(_text(p) for p in _sequence(entry["watched"])), names)
    return Manifest(outputs, requests)


def _mapping(value: object) -> dict:
    if not isinstance(value, dict):
        raise TypeError("expected a mapping")
    return value


def _sequence(value: object) -> list:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def safe_name(name: str) -> bool:
    """An output's name as the manifest may hold it: a plain relative path inside the folder, of an output's kind."""
    path = PurePosixPath(name)
    return (bool(name) and "\\" not in name and ":" not in name and not path.is_absolute()
            and all(part not in ("", ".", "..") and not part.startswith(".") for part in path.parts)
            and path.suffix in OUTPUT_SUFFIXES)


def manifest_text(manifest: Manifest) -> str:
    data = {
        "format": FORMAT,
        "outputs": {name: {"key": b.key, "sha256": b.sha256, "parts": dict(sorted(b.parts.items()))}
                    for name, b in sorted(manifest.outputs.items())},
        "requests": {rid: {"fingerprint": s.fingerprint, "inputs": list(s.inputs), "watched": list(s.watched),
                           "outputs": list(s.outputs)} for rid, s in manifest.requests.items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# digests ---------------------------------------------------------------------------------------

def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (hex)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def digest(value: object) -> str:
    """A short stable hash of a JSON-able value."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


_code: str | None = None


def code_digest() -> str:
    """reportgen's version and every file of the package (code, default master, starter): a change
    in any of them builds everything again."""
    global _code
    if _code is None:
        from reportgen import __version__

        sha = hashlib.sha256(__version__.encode())
        for path in sorted(PACKAGE.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                sha.update(path.relative_to(PACKAGE).as_posix().encode())
                sha.update(path.read_bytes())
        _code = sha.hexdigest()[:32]
    return _code


def stat_token(path: str) -> list[int] | None:
    """Size and modification time of an installed file (a font, a library): what changes on reinstall."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


# requests and the quick check ------------------------------------------------------------------

def request_id(report_dir: Path, langs: Iterable[str], only: Iterable[str], template: Path | None, cache_dir: Path) -> str:
    """One way of building into a folder: which report, languages, outputs, master and chart cache."""
    return digest([str(report_dir.absolute()), sorted(langs), sorted(only),
                   str(template.absolute()) if template else None, str(cache_dir.absolute())])


def fingerprint(request: str, date: str, inputs: Mapping[str, str | None], watched: Iterable[str], listing: list[str]) -> str:
    """Everything a request's outputs come from, in one hash: the input files' digests, the installed
    files' sizes and times, the text folder's listing, reportgen's code, Python's version and the date."""
    return digest([FORMAT, request, date, code_digest(), sys.version, sorted(inputs.items()),
                   [(p, stat_token(p)) for p in sorted(watched)], listing])


def text_listing(report_dir: Path) -> list[str]:
    """Every file under the report's `text/` folder: a text file added or removed changes what loads."""
    folder = report_dir / "text"
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir())


def input_digests(paths: Iterable[str]) -> dict[str, str | None]:
    """The digest of each input file (None for one that is gone or not a regular file)."""
    found: dict[str, str | None] = {}
    for path in paths:
        try:
            found[path] = file_sha256(Path(path)) if Path(path).is_file() else None
        except OSError:
            found[path] = None
    return found


def up_to_date(manifest: Manifest, out_dir: Path, request: str, date: str, report_dir: Path) -> bool:
    """Would this request build exactly what the folder holds? True only when the manifest knows the
    request, every file it read and every installed file it used is as it was, and every output it
    made is still the file it wrote. Reads those files; loads nothing, writes nothing."""
    seen = manifest.requests.get(request)
    if seen is None or not seen.outputs or any(out_dir.glob(".staging-*")):
        return False
    if fingerprint(request, date, input_digests(seen.inputs), seen.watched, text_listing(report_dir)) != seen.fingerprint:
        return False
    for name in seen.outputs:
        built = manifest.outputs.get(name)
        path = out_dir / name
        if built is None or path.is_symlink() or not path.is_file():
            return False
        try:
            if file_sha256(path) != built.sha256:
                return False
        except OSError:
            return False
    return True
