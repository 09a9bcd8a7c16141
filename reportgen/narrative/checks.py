"""The text of a language against the spec: every key the report needs is there, in the right shape."""

from __future__ import annotations

from reportgen.errors import Collector
from reportgen.inputs.spec import Report
from reportgen.narrative.texts import Texts

REQUIRED_CHART_TEXT = ("title", "unit", "alt")
REQUIRED_RECOMMENDATION_TEXT = ("title", "rationale", "actions", "owner", "horizon", "measures")


def required_text_keys(report: Report) -> list[str]:
    """Every key a language's text must have for this report."""
    keys = ["meta.title", "meta.subtitle", "meta.audience", "meta.classification"]
    keys += [f"sections.{s.section}" for s in report.deck]
    keys += [f"charts.{c.id}.{part}" for c in report.charts for part in REQUIRED_CHART_TEXT]
    keys += [f"slides.{s.id}.title" for s in report.slides]
    keys += [f"memo.{m.id}.heading" for m in report.memo]
    keys += [f"paragraphs.{b.text}" for m in report.memo for b in m.blocks if b.text]
    recs = [s.recommendation for s in report.slides] + [b.recommendation for m in report.memo for b in m.blocks]
    for rec in dict.fromkeys(r for r in recs if r):
        keys += [f"recommendations.{rec}.{part}" for part in REQUIRED_RECOMMENDATION_TEXT]
    return keys


LIST_TEXT = (".actions", ".measures")  # recommendation parts that are lists of lines
Scalar = (str, int, float)


def check_texts(report: Report, texts: Texts) -> Collector:
    problems = Collector()
    for key in required_text_keys(report):
        value = texts.get(key)
        if value is None:
            problems.add(texts.file_of(key), key, f"missing text for the {texts.lang} report")
            continue
        expected = _text_shape(key, value)
        if expected:
            problems.add(texts.file_of(key), key, f"expected {expected}, got {_shape_of(value)}")
    return problems


def _text_shape(key: str, value: object) -> str | None:
    """What `key` should hold when `value` is not it; None when it is."""
    lines = isinstance(value, list) and all(isinstance(item, Scalar) and not isinstance(item, bool) for item in value)
    if key.startswith("paragraphs.") or key.endswith(LIST_TEXT):
        return None if lines or (isinstance(value, Scalar) and not isinstance(value, bool)) else "text or a list of lines"
    return None if isinstance(value, Scalar) and not isinstance(value, bool) else "text"


def _shape_of(value: object) -> str:
    if isinstance(value, dict):
        return f"a mapping ({', '.join(map(str, list(value)[:4]))})"
    if isinstance(value, list):
        return "a list" if all(isinstance(v, Scalar) for v in value) else "a list holding a list or a mapping"
    return "true/false" if isinstance(value, bool) else type(value).__name__
