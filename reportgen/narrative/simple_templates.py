"""Most narrative strings are text with figures in it: rendered without compiling a Jinja template.

Compiling one Jinja template costs a few milliseconds; a report's text has about a hundred per
language, so compiling was most of loading. A string made only of plain text and `{{ data.a.b.c }}`
or `{{ data.a.b.c | filter('word') }}` (or `| filter(2)`) is rendered here the way Jinja's compiled
code renders it: the same sandboxed `environment.getattr` for every dot, the same filter function,
`str()` of the result, one trailing newline dropped. Anything else (other names, arithmetic,
statements, comments, whitespace control, a filter that asks for the context) goes to Jinja, and so
does a very long result, so that the sandbox's size limits and their messages apply.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import Environment

NAME = r"[A-Za-z][A-Za-z0-9_]*"
TAG = re.compile(
    r"\{\{\s*(?P<path>data(?:\." + NAME + r")+)\s*"
    r"(?:\|\s*(?P<filter>" + NAME + r")\s*(?:\(\s*(?P<arg>'[^'\\\n]*'|\d+)\s*\))?\s*)?\}\}"
)
OTHER_SYNTAX = re.compile(r"\{[{%#]")
LONG = 10_000  # characters; a longer result is rendered again by Jinja


def render(env: Environment, text: str, context: dict[str, Any]) -> str:
    """`text` rendered with `context`: here when it is simple (see above), else by Jinja."""
    parts = None if env.finalize is not None or env.autoescape else _parts(env, text)
    if parts is None:
        return env.from_string(text).render(context)
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        path, filter_name, arg = part
        value = context["data"]
        for name in path:
            value = env.getattr(value, name)
        if filter_name is not None:
            value = env.filters[filter_name](value, *([] if arg is None else [arg]))
        out.append(str(value))
    rendered = "".join(out)
    if len(rendered) > LONG:  # let Jinja render it, so its size limits and their messages apply
        return env.from_string(text).render(context)
    return rendered


def _parts(env: Environment, text: str) -> list[Any] | None:
    """Plain text and (path, filter, argument) for each tag; None when the text needs Jinja."""
    if "\r" in text:
        return None  # Jinja normalises line ends; leave that to it
    source = text[:-1] if text.endswith("\n") else text
    parts: list[Any] = []
    pos = 0
    for tag in TAG.finditer(source):
        plain = source[pos:tag.start()]
        if OTHER_SYNTAX.search(plain) or plain.endswith("{"):
            return None
        parts.append(plain)
        filter_name, arg = tag.group("filter"), tag.group("arg")
        if filter_name is not None:
            function = env.filters.get(filter_name)
            if function is None or getattr(function, "jinja_pass_arg", None) is not None:
                return None
        value: Any = None if arg is None else (arg[1:-1] if arg.startswith("'") else int(arg))
        parts.append((tag.group("path").split(".")[1:], filter_name, value))
        pos = tag.end()
    if OTHER_SYNTAX.search(source[pos:]):
        return None
    parts.append(source[pos:])
    return parts
