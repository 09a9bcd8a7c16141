"""Plain narrative strings are rendered without compiling a template, exactly as Jinja renders them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.inputs.dataset import load_dataset
from reportgen.inputs.yamlio import load_yaml
from reportgen.narrative.texts import DataView, make_environment, simple_templates

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEFAULT_TEXT = ROOT / "templates" / "china-ai-briefing" / "text"


def outcome(render, *args):  # type: ignore[no-untyped-def]
    """What rendering gives: the text, or the kind and message of the error."""
    try:
        result = "ok", render(*args)
    except Exception as exc:  # noqa: BLE001 - the comparison is the point
        result = type(exc).__name__, str(exc)
    return result[0], re.sub(r" at 0x[0-9a-f]+", "", result[1])  # an object printed twice has two addresses


def jinja(env, text, context):  # type: ignore[no-untyped-def]
    return env.from_string(text).render(context)


def strings(node: object):  # type: ignore[no-untyped-def]
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_string_of_the_default_report_renders_as_jinja_renders_it(lang):
    dataset = load_dataset(ROOT / "data" / "datapackage.yaml")
    env, context = make_environment(lang), {"data": DataView(dataset, lang), "lang": lang}
    templates = [s for path in sorted((DEFAULT_TEXT / lang).glob("*.yaml")) for s in strings(load_yaml(path).data) if "{" in s]
    for text in templates:
        assert outcome(simple_templates.render, env, text, context) == outcome(jinja, env, text, context), text
    simple = [t for t in templates if simple_templates._parts(env, t) is not None]
    assert len(simple) >= 0.8 * len(templates)  # the fast path is the common one


MINI = load_dataset(FIXTURES / "mini" / "data" / "datapackage.yaml")
TAGS = ["{{ data.services.quark.mau }}", "{{data.services.doubao.name}}", "{{ data.services.quark.mau.bare }}",
        "{{ data.services.quark.mau | josa('을/를') }}", "{{ data.capex.meta.capex | num(1) }}",
        "{{ data.capex.meta.year | date }}", "{{ data.services.nope.mau }}", "{{ data.nope.quark.mau }}",
        "{{ data.services.quark.nope }}", "{{ data.services.quark.mau | nofilter }}", "{{ data.services }}",
        "{{ data.services.quark.mau | fmt('USD bn') }}", "{{ lang }}", "{{ data.services._rows }}",
        "{{- data.services.quark.mau }}", "{% if true %}x{% endif %}", "{# note #}", "{{ data.services.quark.mau }"]
PLAIN = st.text(alphabet="ab 가나{}%#'\n.|()", max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PLAIN, st.sampled_from(TAGS)), max_size=6), st.sampled_from(["ko", "en"]))
def test_any_mix_of_text_and_tags_renders_as_jinja_renders_it(pieces, lang):
    text = "".join(pieces)
    env, context = make_environment(lang), {"data": DataView(MINI, lang), "lang": lang}
    assert outcome(simple_templates.render, env, text, context) == outcome(jinja, env, text, context)
