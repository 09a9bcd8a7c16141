"""The Jinja sandbox for narrative text, with budgets: a text can neither escape nor run away.

On top of Jinja's immutable sandbox (no `__class__`, no mutating lists or dicts):
- steps: one budget per string (MAX_STEPS) counts the work a text does: every loop turn, every call
  (a macro, a method, a filter, `loop()`), every number in a `range()`, and every item a filter,
  a comparison, a slice or a `+`/`*` of lists goes through (a string counts one step per 100
  characters). Past it the text stops with an error;
- size: no value may hold more than MAX_VALUE_CHARS characters and items, counting what it holds
  (a list of long strings weighs all their characters); no integer more than MAX_INT_DIGITS digits;
  a filter's digits (`num(2)`, `round(1)`) stay within MAX_DIGITS; rendered text is read as it is
  produced and stopped past MAX_RENDER_CHARS;
- no formatting with `%` or `format` on strings, no string method that grows its input,
  no `random` or `lipsum` (the same input must print the same words).
The budgets count work, never time, so a text either renders on every machine or on none. Running
out of memory all the same is a text error, never a crash.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jinja2 import Template, TemplateError, nodes
from jinja2.filters import make_attrgetter
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import pass_environment

MAX_STEPS = 100_000  # loop turns, calls, range() items and items gone through, of one string together
MAX_VALUE_CHARS = 100_000  # one value built inside a text: characters and items, all it holds counted
MAX_RENDER_CHARS = 200_000  # reading stops here; the caller's own limit is lower
MAX_INT_DIGITS = 1_000  # one whole number inside a text
MAX_INT_BITS = 3_322  # MAX_INT_DIGITS decimal digits
MAX_DIGITS = 15  # the digits a number filter shows, or round() keeps: a double holds about 15
CHARS_PER_STEP = 100  # a filter or method going through a string spends one step per 100 characters

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
DIGIT_ARGUMENTS = ("digits", "precision")  # arguments of number filters that say how many digits to show


class Budget:
    """The steps one string may still take."""

    def __init__(self, steps: int = MAX_STEPS):
        self.left = steps

    def spend(self, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            raise TemplateError(f"the text takes more than {MAX_STEPS:,} steps (loop turns, calls and items gone "
                                "through); is a loop runaway?")


_budget: ContextVar[Budget] = ContextVar("reportgen_text_budget")


def _spend(steps: int = 1) -> None:
    budget = _budget.get(None)
    if budget is None:  # outside a render and outside a filter: a lookup, nothing that runs away
        return
    budget.spend(steps)


def _size(value: Any) -> int:
    """The steps going through `value` costs: its items, or its characters / CHARS_PER_STEP."""
    if isinstance(value, str):
        return len(value) // CHARS_PER_STEP
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return len(value)
    return 0


def weight(value: Any, limit: int = MAX_VALUE_CHARS) -> int:
    """Characters and items `value` holds, all the way down (a list of ten 1,000-character strings weighs
    10,010); counting stops past `limit`. The items looked at are spent from the budget."""
    total, looked, stack = 0, 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        looked += 1
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
    if total <= limit:  # past it the caller refuses the value: the size is the message, not the steps
        _spend(looked)
    return total


def _checked(value: Any) -> Any:
    """`value`, when it is within the size budgets (see the module's docstring)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            raise TemplateError(f"a number of more than {MAX_INT_DIGITS:,} digits is not allowed in text")
    elif isinstance(value, str):
        if len(value) > MAX_VALUE_CHARS:
            raise TemplateError(f"a value longer than {MAX_VALUE_CHARS:,} is not allowed in text")
    elif isinstance(value, (list, tuple, dict, set, frozenset)) and weight(value) > MAX_VALUE_CHARS:
        raise TemplateError(f"a value holding more than {MAX_VALUE_CHARS:,} characters and items is not allowed in text")
    return value


def _scanned(value: Any) -> Any:
    """`value` unchanged, once going through it is spent (a comparison, a slice)."""
    _spend(_size(value))
    return value


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse `left <operator> right` before it runs when its result would pass a budget."""
    ints = all(isinstance(v, int) and not isinstance(v, bool) for v in (left, right))
    if operator == "**" and isinstance(right, (int, float)) and abs(right) > 100:
        raise TemplateError("an exponent above 100 is not allowed in text")
    if operator == "**" and ints and right > 0 and left.bit_length() * right > MAX_INT_BITS:
        raise TemplateError(f"a number of more than {MAX_INT_DIGITS:,} digits is not allowed in text")
    if operator == "%" and isinstance(left, str):
        raise TemplateError("formatting with % is not allowed in text; use the filters fmt, num, pct or money")
    if operator == "*":
        if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise TemplateError(f"a number of more than {MAX_INT_DIGITS:,} digits is not allowed in text")
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and times > 0:
                if isinstance(seq, str):
                    if len(seq) * times > MAX_VALUE_CHARS:
                        raise TemplateError(f"a repeated value longer than {MAX_VALUE_CHARS:,} is not allowed in text")
                elif weight(seq) * times > MAX_VALUE_CHARS:
                    raise TemplateError(f"a repeated value holding more than {MAX_VALUE_CHARS:,} characters and items "
                                        "is not allowed in text")
                else:
                    _spend(len(seq) * times)
    if operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        if isinstance(left, str) or isinstance(right, str):
            total = len(left) + len(right)
        else:
            total = weight(left) + weight(right)
            _spend(len(left) + len(right))
        if total > MAX_VALUE_CHARS:
            raise TemplateError(f"a value longer than {MAX_VALUE_CHARS:,} is not allowed in text")


class BudgetedFilters(dict):
    """The filters of a BoundedSandbox: every filter set here is wrapped by `budgeted` (see there)."""

    def __setitem__(self, name: str, function: Callable[..., Any]) -> None:
        super().__setitem__(name, function if name.startswith("_") else budgeted(name, function))

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for name, function in dict(*args, **kwargs).items():
            self[name] = function


def budgeted(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` as a filter that spends its work from the budget: one step, plus its input's items (or
    characters / 100); an unsized input is counted item by item as the filter reads it. Its digits stay
    within MAX_DIGITS, a `batch` fill and the number of `slice`s are spent first, and its result is
    checked against the size budgets. Jinja's own argument (context, environment) is passed through."""
    signature = inspect.signature(function)
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    first = next(iter(signature.parameters), "")
    unbound = skip if first not in ("eval_ctx", "context", "environment", "env") else 0  # a wrapper drops Jinja's argument

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        if _budget.get(None) is not None:
            return work(*args, **kwargs)
        token = _budget.set(Budget())  # outside a render (Jinja folding constants, a plain text): a budget of its own
        try:
            return work(*args, **kwargs)
        finally:
            _budget.reset(token)

    def work(*args: Any, **kwargs: Any) -> Any:
        args = list(args)  # type: ignore[assignment]
        if len(args) > skip:
            value = args[skip]
            _spend(1 + _size(value))
            if not isinstance(value, (str, Sized, Mapping)) and isinstance(value, Iterable):
                args[skip] = _counted(value)  # type: ignore[index]
        try:
            bound = signature.bind(*args[unbound:], **kwargs)
        except TypeError:
            bound = None  # Jinja's own call reports the wrong arguments
        if bound is not None:
            _check_work(name, bound.arguments)
        try:
            return _checked(function(*args, **kwargs))
        except AssertionError as exc:  # Jinja's filters assert on some arguments (truncate's length)
            raise TemplateError(f"filter {name}: {exc}") from None
        except MemoryError:
            raise TemplateError(f"filter {name} needs more memory than there is") from None

    return run


def _check_work(name: str, arguments: Mapping[str, Any]) -> None:
    for key in DIGIT_ARGUMENTS:
        digits = arguments.get(key)
        if isinstance(digits, int) and not isinstance(digits, bool) and abs(digits) > MAX_DIGITS:
            raise TemplateError(f"filter {name}: {key} must be from -{MAX_DIGITS} to {MAX_DIGITS}; got {digits}")
    if name == "batch" and arguments.get("fill_with") is not None and isinstance(arguments.get("linecount"), int):
        _spend(max(0, arguments["linecount"]))
    if name == "slice" and isinstance(arguments.get("slices"), int):
        _spend(max(0, arguments["slices"]))


@pass_environment
def bounded_join(environment: Any, value: Iterable[Any], d: str = "", attribute: str | int | None = None) -> str:
    """Jinja's `join`, refused before the joined text would pass MAX_VALUE_CHARS."""
    if attribute is not None:
        value = map(make_attrgetter(environment, attribute), value)
    separator = str(d)
    parts: list[str] = []
    size = 0
    for item in value:
        text = str(item)
        size += len(text) + (len(separator) if parts else 0)
        if size > MAX_VALUE_CHARS:
            raise TemplateError(f"a value longer than {MAX_VALUE_CHARS:,} is not allowed in text")
        parts.append(text)
    return separator.join(parts)


@pass_environment
def bounded_sum(environment: Any, iterable: Iterable[Any], attribute: str | int | None = None, start: Any = 0) -> Any:
    """Jinja's `sum`, with every addition checked as `+` is (list sizes, digits)."""
    if isinstance(start, str):
        raise TypeError("sum() can't sum strings [use join instead]")
    if attribute is not None:
        iterable = map(make_attrgetter(environment, attribute), iterable)
    total = start
    for item in iterable:
        check_binop("+", total, item)
        total = _checked(total + item)
    return total


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with a step budget and size limits (see the module's docstring)."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, **options: Any):
        super().__init__(**options)
        builtin = {name: f for name, f in self.filters.items() if name in SAFE_FILTERS}
        builtin.update(join=bounded_join, sum=bounded_sum)
        self.filters = BudgetedFilters()
        self.filters.update(builtin)
        self.filters["_counted"] = _counted
        self.filters["_bounded"] = _checked
        self.filters["_scanned"] = _scanned
        self.globals = {name: self.globals[name] for name in SAFE_GLOBALS}
        self.globals["range"] = bounded_range

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format and format_map are refused like any other growing method

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr not in SAFE_STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        check_binop(operator, left, right)
        return _checked(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        _spend(1 + _size(getattr(__obj, "__self__", None)))  # a method goes through its object
        return _checked(super().call(__context, __obj, *args, **kwargs))

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:  # noqa: A002 - Jinja's name
        """A template with its work counted (see `bounded_tree`)."""
        if isinstance(source, str):
            source = self.bounded_tree(source)
        return super().from_string(source, globals, template_class)

    def bounded_tree(self, source: str) -> nodes.Template:
        """The parsed text with every loop counted, every `~` concatenation checked, and every comparison
        and slice spending the items it goes through."""
        tree = self.parse(source)
        for loop in tree.find_all(nodes.For):
            if loop.recursive:
                raise TemplateError("recursive loops are not allowed in text")
            loop.iter = _filtered(loop.iter, "_counted")
        for compare in tree.find_all(nodes.Compare):
            compare.expr = _filtered(compare.expr, "_scanned")
            for operand in compare.ops:
                operand.expr = _filtered(operand.expr, "_scanned")
        for parent in list(tree.find_all(nodes.Node)):
            for name in parent.fields:
                child = getattr(parent, name, None)
                if _wrapped(child) is not child:
                    setattr(parent, name, _wrapped(child))
                elif isinstance(child, list):
                    child[:] = [_wrapped(c) for c in child]
        tree.set_environment(self)
        return tree


def _filtered(node: nodes.Expr, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)


def _wrapped(node: Any) -> Any:
    """A `~` concatenation checked for size; a slice (`items[1:]`) spending what it copies."""
    if isinstance(node, nodes.Concat):
        return _filtered(node, "_bounded")
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Slice):
        return _filtered(node, "_scanned")
    return node


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
        except MemoryError:
            raise TemplateError("the text needs more memory than there is; is a value or a loop runaway?") from None
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
