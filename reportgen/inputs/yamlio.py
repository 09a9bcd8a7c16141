"""Reading YAML safely: safe tags only, duplicate keys rejected, a line number for every path.

Only a regular file of at most MAX_YAML_BYTES is read, in Unicode's composed form (NFC).
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import fail
from reportgen.inputs.cleantext import composed

try:  # the C loader is several times faster; both are safe loaders
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class _UniqueKeyLoader(_Base):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r} (first at line {seen[key]})", key_node.start_mark
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date that looks like one but is not (2025-13-45) is an error at its line, not a crash."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid date ({exc}); expected YYYY-MM-DD", node.start_mark
            ) from None


_UniqueKeyLoader.add_constructor(
    "tag:yaml.org,2002:map", _UniqueKeyLoader.construct_mapping
)
_UniqueKeyLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _UniqueKeyLoader.construct_checked_timestamp
)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file and where each path starts in it."""

    path: Path
    data: Any
    lines: dict[tuple, int]

    def line_of(self, loc: tuple) -> int | None:
        """The line of the deepest known prefix of `loc`."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None


MAX_YAML_BYTES = 10 * 1024 * 1024  # a spec, a descriptor or a text file: words, never data


def read_text_file(path: Path, limit: int = MAX_YAML_BYTES) -> str:
    """A regular file of at most `limit` bytes as UTF-8 text (a byte-order mark dropped), in composed form (NFC).

    A device, a pipe or a folder is refused before it is read (reading /dev/zero never ends)."""
    try:
        if stat.S_ISDIR(path.stat().st_mode):
            raise fail(path, "", "is a folder; expected a YAML text file")
        if not stat.S_ISREG(path.stat().st_mode):  # before opening: opening a pipe waits for a writer
            raise fail(path, "", "is not a regular file; expected a YAML text file")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise fail(path, "", "file not found") from None
    except OSError as exc:
        raise fail(path, "", f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise fail(path, "", f"is larger than {limit // 2**20} MB; a YAML file holds words, not data (put data in a table)")
    try:
        return composed(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise fail(path, f"byte {exc.start}", "not UTF-8 text") from None


def load_yaml(path: Path) -> YamlDocument:
    """Parse `path`; a syntax error, a duplicate key or an unsafe tag raises ReportgenError."""
    text = read_text_file(path)
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in str(exc):
            reason = "this YAML tag is not allowed (only plain YAML: no !!python tags)"
        raise fail(path, where, reason) from None
    except yaml.YAMLError as exc:
        raise fail(path, "", f"invalid YAML ({exc})") from None
    except (ValueError, TypeError, RecursionError) as exc:  # a value no constructor could build
        raise fail(path, "", f"invalid YAML value ({exc.__class__.__name__}: {exc})") from None
    finally:
        loader.dispose()
    lines = _index(node, path) if node is not None else {}
    return YamlDocument(path, data, lines)


MAX_NODES = 1_000_000  # values in a file once every alias is expanded


def _index(root: yaml.Node, path: Path) -> dict[tuple, int]:
    """The line of every path in the document; a cycle of aliases or an alias bomb is an error."""
    lines: dict[tuple, int] = {}
    stack: list[tuple[yaml.Node, tuple, frozenset[int]]] = [(root, (), frozenset())]
    seen = 0
    while stack:
        node, loc, above = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            raise fail(path, "", f"holds more than {MAX_NODES:,} values once its aliases (*name) are expanded; "
                       "is an alias repeated on purpose?")
        if id(node) in above:
            mark = node.start_mark
            raise fail(path, f"line {mark.line + 1}, column {mark.column + 1}", "an alias (*name) refers to a value that holds it")
        lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode) and "\x00" in node.value:  # only "\0" writes one: no path or text holds it
            mark = node.start_mark
            raise fail(path, f"line {mark.line + 1}, column {mark.column + 1}", "contains a NUL character (U+0000, "
                       "written \\0); remove it")
        inner = above | {id(node)}
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value
                lines[loc + (key,)] = key_node.start_mark.line + 1
                stack.append((value_node, loc + (key,), inner))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, loc + (i,), inner) for i, item in enumerate(node.value))
    return lines


def format_loc(loc: tuple) -> str:
    """('charts', 2, 'kind') -> 'charts[2].kind'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"
