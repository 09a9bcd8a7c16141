"""Security: dependency floors above every known CVE fix, and a text sandbox no template can escape or run away in."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import TemplateError

from reportgen.inputs.dataset import load_dataset
from reportgen.narrative.texts import DataView, UnknownNameError, make_environment, simple_templates

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"

# the first release of each that fixes every CVE known for it (name: (version, why))
FIXED = {
    "jinja2": ((3, 1, 6), "CVE-2025-27516, sandbox escape through |attr (and CVE-2024-56201, CVE-2024-56326 in 3.1.5)"),
    "reportlab": ((3, 6, 13), "CVE-2023-33733, code execution through rl_safe_eval in markup"),
    "pyyaml": ((5, 4), "CVE-2020-14343, code execution through full_load"),
    "pillow": ((10, 3, 0), "CVE-2024-28219, buffer overflow in _imagingcms"),
}


def floors() -> dict[str, tuple[int, ...]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    found = {}
    for requirement in project["dependencies"]:
        match = re.match(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9.]+)", requirement)
        if match:
            found[match.group(1).lower()] = version(match.group(2))
    return found


def version(text: str) -> tuple[int, int, int]:
    """`10.3` -> (10, 3, 0): release numbers, padded, for comparing."""
    parts = [int(p) for p in re.findall(r"\d+", text)[:3]]
    return (parts + [0, 0, 0])[0], (parts + [0, 0, 0])[1], (parts + [0, 0, 0])[2]


@pytest.mark.parametrize("name", sorted(FIXED))
def test_dependency_floors_are_above_every_known_cve_fix(name: str) -> None:
    fixed, why = FIXED[name]
    assert name in floors(), f"pyproject.toml should state a floor for {name}"
    assert floors()[name] >= version(".".join(map(str, fixed))), f"{name} >= {'.'.join(map(str, fixed))} is needed: {why}"
    assert version(metadata.version(name)) >= floors()[name]


# ---- the sandbox: any text, however hostile, renders or gives one of the errors narrative.py reports ----

NARRATIVE_ERRORS = (UnknownNameError, TemplateError, ValueError, TypeError, ArithmeticError, LookupError, RecursionError)
TOKENS = [
    "{{ ", " }}", "{% ", " %}", "for x in ", "endfor", "if ", "endif", "set y = ", "macro f(n)", "endmacro", "f(", "x",
    "y", "range(", "99999", "9", ")", "(", "[", "]", ", ", ".", "data", "services", "quark", "mau", "name", "'ab'", "*",
    "**", "~", "+", "%", "|", "upper", "list", "join", "attr('__class__')", "__class__", "__mro__", "__globals__",
    "cycler", "lipsum", "namespace", "format", "replace", "loop", "recursive", "self", " ", "text ", "\n",
    "batch(", "slice(", "sum", "round(", "truncate(", "num(", "pct(", "int", "string", "map('join')", "1000000000",
    " in ", "[1:]", "10 ** 100", "'ceil'",
]


@pytest.fixture(scope="module")
def context() -> dict:
    dataset = load_dataset(FIXTURES / "mini" / "data" / "datapackage.yaml")
    return {"data": DataView(dataset, "en"), "lang": "en"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_any_text_renders_or_fails_with_a_reportable_error(context: dict, text: str) -> None:
    env = make_environment("en")
    try:
        rendered = simple_templates.render(env, text, context)
    except NARRATIVE_ERRORS:
        return
    assert isinstance(rendered, str)
    assert len(rendered) <= 200_000


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
        ("{{ cycler.__init__.__globals__ }}", "access to attribute '__init__' of 'type' object is unsafe"),
        ("{{ ''|attr('__class__') }}", "No filter named 'attr'"),
        ("{{ '{0.__class__}'.format(1) }}", "access to attribute 'format' of 'str' object is unsafe"),
        ("{{ '{0}'.format_map({}) }}", "access to attribute 'format_map' of 'str' object is unsafe"),
        ("{{ '%s' % 1 }}", "formatting with % is not allowed in text"),
        ("{{ 'x'|center(999999999) }}", "No filter named 'center'"),
        ("{% set a = [] %}{{ a.append(1) }}", "access to attribute 'append' of 'list' object is unsafe"),
        ("{{ lipsum(9) }}", "'lipsum' is undefined"),
        ("{{ [1, 2]|random }}", "No filter named 'random'"),
        ("{% for x in range(999999) %}{% endfor %}", "more than 100,000 steps"),
        ("{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}", None),  # RecursionError
        ("{% for c in 'ab' recursive %}{{ loop('ab') }}{% endfor %}", "recursive loops are not allowed in text"),
        ("{% set a = 'x' * 99999 %}{{ a ~ a }}", "a value longer than 100,000 is not allowed in text"),
        ("{% set a = 'x' * 99999 %}{{ a + a }}", "a value longer than 100,000 is not allowed in text"),
        ("{% for i in range(99) %}{{ 'x' * 99999 }}{% endfor %}", "renders to more than 200,000 characters"),
        ("{{ 9 ** 999 }}", "an exponent above 100 is not allowed in text"),
    ],
)
def test_the_sandbox_refuses_escapes_and_bombs(context: dict, template: str, expected: str | None) -> None:
    env = make_environment("en")
    with pytest.raises(NARRATIVE_ERRORS) as info:
        simple_templates.render(env, template, context)
    if expected is not None:
        assert expected in str(info.value)
    else:
        assert isinstance(info.value, RecursionError)


def test_running_out_of_memory_is_a_text_error(context: dict) -> None:
    env = make_environment("en")

    def greedy(value: object) -> object:
        raise MemoryError

    env.filters["greedy"] = greedy
    for text in ("{{ 1|greedy }}", "{% for i in [1] %}{{ i|greedy }}{% endfor %}"):
        with pytest.raises(TemplateError, match="needs more memory than there is"):
            simple_templates.render(env, text, context)
