"""The Jinja sandbox for narrative text, with budgets: a text can neither escape nor run away.

On top of Jinja's immutable sandbox (no `__class__`, no mutating lists or dicts):
- steps: every loop iteration, every call (a macro, `loop()`) and every number in a `range()`
  counts against one budget per string (MAX_STEPS); past it the text stops with an error;
- size: a value built by `*`, `+` or `~` longer than MAX_VALUE_CHARS is an error, and so is
  rendered text longer than MAX_RENDER_CHARS (the text is read as it is produced, never whole);
- no formatting with `%` or `format` on strings, no string method that grows its input,
  no `random` or `lipsum` (the same input must print the same words).
The budgets count work, never time, so a text either renders on every machine or on none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jinja2 import Template, TemplateError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_STEPS = 100_000  # loop iterations, calls and range() items of one string together
MAX_VALUE_CHARS = 100_000  # one string or list built inside a text
MAX_RENDER_CHARS = 200_000  # reading stops here; the caller's own limit is lower

# str methods that never return more than their input (everything else on a str is refused)
SAFE_STR_METHODS = frozenset({
    "capitalize", "casefold", "count", "endswith", "find", "index", "isalnum", "isalpha", "isdecimal", "isdigit",
    "islower", "isnumeric", "isspace", "istitle", "isupper", "lower", "lstrip", "partition", "removeprefix",
    "removesuffix", "rfind", "rindex", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith",
    "strip", "swapcase", "title", "upper",
})
# Jinja's built-in filters that cannot grow text beyond their input, print randomly, or build markup
SAFE_FILTERS = frozenset({
    "abs", "batch", "capitalize", "count", "d", "default", "dictsort", "first", "float", "groupby", "int", "items",
    "join", "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr", "reverse", "round",
    "select", "selectattr", "slice", "sort", "string", "sum", "title", "trim", "truncate", "unique", "upper",
    "wordcount",
})
SAFE_GLOBALS = ("dict", "cycler", "joiner", "namespace")


class Budget:
    """The steps one string may still take."""

    def __init__(self, steps: int = MAX_STEPS):
        self.left = steps

    def spend(self, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            raise TemplateError(f"the text takes more than {MAX_STEPS:,} steps (loop turns and calls); is a loop runaway?")


_budget: ContextVar[Budget] = ContextVar("reportgen_text_budget")


def _too_long(value: Any) -> bool:
    return isinstance(value, (str, list, tuple)) and len(value) > MAX_VALUE_CHARS


def _checked(value: Any) -> Any:
    if _too_long(value):
        raise TemplateError(f"a value longer than {MAX_VALUE_CHARS:,} is not allowed in text")
    return value


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with a step budget and size limits (see the module's docstring)."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, **options: Any):
        super().__init__(**options)
        self.filters = {name: f for name, f in self.filters.items() if name in SAFE_FILTERS}
        self.filters["_counted"] = _counted
        self.filters["_bounded"] = _checked
        self.globals = {name: self.globals[name] for name in SAFE_GLOBALS}
        self.globals["range"] = bounded_range

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format and format_map are refused like any other growing method

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr not in SAFE_STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > 100:
            raise TemplateError("an exponent above 100 is not allowed in text")
        if operator == "%" and isinstance(left, str):
            raise TemplateError("formatting with % is not allowed in text; use the filters fmt, num, pct or money")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_VALUE_CHARS:
                    raise TemplateError(f"a repeated value longer than {MAX_VALUE_CHARS:,} is not allowed in text")
        if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            if len(left) + len(right) > MAX_VALUE_CHARS:
                raise TemplateError(f"a value longer than {MAX_VALUE_CHARS:,} is not allowed in text")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        _spend()
        return _checked(super().call(__context, __obj, *args, **kwargs))

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:  # noqa: A002 - Jinja's name
        """A template with every loop counted and every `~` concatenation checked (see `bounded_tree`)."""
        if isinstance(source, str):
            source = self.bounded_tree(source)
        return super().from_string(source, globals, template_class)

    def bounded_tree(self, source: str) -> nodes.Template:
        tree = self.parse(source)
        for loop in tree.find_all(nodes.For):
            if loop.recursive:
                raise TemplateError("recursive loops are not allowed in text")
            loop.iter = nodes.Filter(loop.iter, "_counted", [], [], None, None, lineno=loop.lineno)
        for parent in list(tree.find_all(nodes.Node)):
            for name in parent.fields:
                child = getattr(parent, name, None)
                if isinstance(child, nodes.Concat):
                    setattr(parent, name, _bounded(child))
                elif isinstance(child, list):
                    child[:] = [_bounded(c) if isinstance(c, nodes.Concat) else c for c in child]
        tree.set_environment(self)
        return tree


def _bounded(node: nodes.Expr) -> nodes.Filter:
    return nodes.Filter(node, "_bounded", [], [], None, None, lineno=node.lineno)


@contextmanager
def within_budget() -> Iterator[None]:
    """Run an expression outside a template (a claim) with a fresh step budget."""
    token = _budget.set(Budget())
    try:
        yield
    finally:
        _budget.reset(token)


class BoundedTemplate(Template):
    """A template that renders within a fresh step budget and stops reading past MAX_RENDER_CHARS."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _budget.set(Budget())
        try:
            parts: list[str] = []
            size = 0
            for part in self.generate(*args, **kwargs):
                parts.append(part)
                size += len(part)
                if size > MAX_RENDER_CHARS:
                    raise TemplateError(f"renders to more than {MAX_RENDER_CHARS:,} characters")
            return "".join(parts)
        finally:
            _budget.reset(token)


BoundedSandbox.template_class = BoundedTemplate


def _counted(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        _spend()
        yield item


def bounded_range(*args: int) -> range:
    """`range()` in text: its length is spent from the budget up front."""
    numbers = range(*args)
    _spend(len(numbers))
    return numbers


def _spend(steps: int = 1) -> None:
    budget = _budget.get(None)
    if budget is None:  # outside a render (Jinja folding constants at compile time): nothing runs away there
        return
    budget.spend(steps)
