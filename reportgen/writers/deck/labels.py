"""Words the deck prints besides the narrative: `labels.<key>` in the text, else these defaults."""

from __future__ import annotations

from reportgen.narrative.texts import Texts

DEFAULTS: dict[str, dict[str, str]] = {
    "ko": {
        "source": "출처",
        "unit": "단위",
        "contents": "목차",
        "appendix": "부록",
        "sources": "출처",
        "not_available": "N/A",
        "undated": "날짜 미기재",
        "recommendation_rationale": "근거",
        "recommendation_actions": "실행 과제",
        "recommendation_owner": "주체",
        "recommendation_horizon": "시한",
        "recommendation_measures": "성과 지표",
        "section": "섹션",
        "takeaways": "핵심 메시지",
        "notes_figures": "슬라이드의 수치",
    },
    "en": {
        "source": "Source",
        "unit": "Unit",
        "contents": "Agenda",
        "appendix": "Appendix",
        "sources": "Sources",
        "not_available": "N/A",
        "undated": "date not stated",
        "recommendation_rationale": "Why",
        "recommendation_actions": "Actions",
        "recommendation_owner": "Who acts",
        "recommendation_horizon": "Horizon",
        "recommendation_measures": "How success is measured",
        "section": "Section",
        "takeaways": "Key messages",
        "notes_figures": "Figures on this slide",
    },
}


def label(texts: Texts, key: str) -> str:
    """`labels.<key>` from the text when it is given, else the default for the language."""
    given = texts.get(f"labels.{key}")
    if isinstance(given, str) and given.strip():
        return given
    return DEFAULTS.get(texts.lang, DEFAULTS["en"]).get(key, key)
