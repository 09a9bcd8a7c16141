"""Words the deck and the memo both print besides the narrative, per language; `labels.<key>` in the
text overrides any, and one entry changes both outputs.

Each writer adds only its own words (writers/deck/labels.py, writers/memo/labels.py) on top of
these; a word both print lives here once. The table view (writers/tableview.py) takes its cell
words (`not_available`, `yes`, `no`) from here too.
"""

from __future__ import annotations

from collections.abc import Mapping

from reportgen.narrative.texts import Texts

SHARED: dict[str, dict[str, str]] = {
    "ko": {
        "source": "출처",
        "sources": "출처",
        "unit": "단위",
        "not_available": "N/A",
        "yes": "예",
        "no": "아니요",
        "recommendation_rationale": "근거",
        "recommendation_actions": "실행 과제",
        "recommendation_owner": "주체",
        "recommendation_horizon": "시한",
        "recommendation_measures": "성과 지표",
        # source lists (the memo's endnotes, the deck's sources slides): a mark after an entry, explained once below
        "undated_mark": "†",
        "undated": "날짜가 밝혀지지 않은 출처",
        "memo_only_mark": "‡",
        "memo_only": "메모에서만 인용한 출처",
    },
    "en": {
        "source": "Source",
        "sources": "Sources",
        "unit": "Unit",
        "not_available": "N/A",
        "yes": "yes",
        "no": "no",
        "recommendation_rationale": "Why",
        "recommendation_actions": "Actions",
        "recommendation_owner": "Who acts",
        "recommendation_horizon": "Horizon",
        "recommendation_measures": "How success is measured",
        "undated_mark": "†",
        "undated": "Sources that state no date",
        "memo_only_mark": "‡",
        "memo_only": "Sources cited in the memo only",
    },
}


def writer_words(texts: Texts, own: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, str]:
    """The words of the text's language: the shared ones, a writer's `own` over them, then any
    `labels:` the text gives (a string or a number; an empty one keeps the default)."""
    lang = texts.lang if texts.lang in SHARED else "en"
    found = {**SHARED[lang], **((own or {}).get(lang) or (own or {}).get("en") or {})}
    given = texts.get("labels") or {}
    if isinstance(given, Mapping):
        for key, value in given.items():
            if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
                found[str(key)] = str(value)
    return found


def marked(entry: str, marks: list[str]) -> str:
    """A list entry with its marks after it: `Aicpb.com †`."""
    return " ".join([entry, *marks]) if marks else entry


def legend(found: Mapping[str, str], used: list[str]) -> list[str]:
    """One line per mark used in a source list, under it: `† Sources that state no date`."""
    return [f"{found[f'{name}_mark']} {found[name]}" for name in used]
