"""Words the memo prints around the narrative, per language; `labels:` in the text overrides any.

The names are shared with the deck where both print the same word (`source`, `unit`, `sources`,
`recommendation_actions`, ...), so one `labels:` entry in the text changes both.
"""

from __future__ import annotations

from collections.abc import Mapping

from reportgen.narrative.texts import Texts

DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "ko": {
        "memo": "정책 메모",
        "contents": "목차",
        "date": "날짜",
        "audience": "수신",
        "author": "작성",
        "figure": "그림",
        "table": "표",
        "source": "출처",
        "unit": "단위",
        "notes": "주",
        "sources": "출처",
        "appendix": "부록: 데이터",
        "appendix_intro": "이 메모의 모든 수치는 아래 데이터 표에서 가져왔다. "
        "표의 각 행은 출처를 기록하며, 출처 번호는 앞의 주석 번호와 같다.",
        "built": "생성",
        "dataset": "데이터셋",
        "recommendation": "권고",
        "recommendation_rationale": "근거",
        "recommendation_actions": "실행 과제",
        "recommendation_owner": "주체",
        "recommendation_horizon": "시한",
        "recommendation_measures": "성과 지표",
        "not_available": "N/A",
        "undated": "날짜 미기재",
        "file": "파일",
        "rows": "행",
        "period": "기간",
    },
    "en": {
        "memo": "Policy memo",
        "contents": "Contents",
        "date": "Date",
        "audience": "To",
        "author": "From",
        "figure": "Figure",
        "table": "Table",
        "source": "Source",
        "unit": "Unit",
        "notes": "Notes",
        "sources": "Sources",
        "appendix": "Appendix: the data",
        "appendix_intro": "Every figure in this memo comes from the data tables below. Each row of a table records its source; "
        "source numbers match the notes above.",
        "built": "Built",
        "dataset": "Dataset",
        "recommendation": "Recommendation",
        "recommendation_rationale": "Why",
        "recommendation_actions": "Actions",
        "recommendation_owner": "Who acts",
        "recommendation_horizon": "Horizon",
        "recommendation_measures": "How success is measured",
        "not_available": "N/A",
        "undated": "date not stated",
        "file": "File",
        "rows": "Rows",
        "period": "Period",
    },
}


def memo_labels(texts: Texts) -> Mapping[str, str]:
    """The default words of the text's language, with any `labels:` the text gives laid over them."""
    given = texts.get("labels") or {}
    defaults = DEFAULT_LABELS.get(texts.lang, DEFAULT_LABELS["en"])
    return {**defaults, **{k: str(v) for k, v in given.items() if isinstance(v, (str, int, float))}}
