"""Words only the memo prints around the narrative, per language, over the words deck and memo share
(writers/words.py: `source`, `unit`, `sources`, `recommendation_actions`, ...); `labels:` in the
text overrides any, so one entry changes a shared word in both."""

from __future__ import annotations

from collections.abc import Mapping

from reportgen.narrative.texts import Texts
from reportgen.writers.words import writer_words

MEMO_WORDS: dict[str, dict[str, str]] = {
    "ko": {
        "memo": "정책 메모",
        "contents": "목차",
        "date": "날짜",
        "audience": "수신",
        "author": "작성",
        "figure": "그림",
        "table": "표",
        "notes": "주",
        "appendix": "부록: 데이터",
        "appendix_intro": "이 메모의 모든 수치는 아래 데이터 표에서 가져왔다. "
        "표의 각 행은 출처를 기록하며, 출처 번호는 앞의 주석 번호와 같다.",
        "built": "생성",
        "dataset": "데이터셋",
        "recommendation": "권고",
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
        "notes": "Notes",
        "appendix": "Appendix: the data",
        "appendix_intro": "Every figure in this memo comes from the data tables below. Each row of a table records its source; "
        "source numbers match the notes above.",
        "built": "Built",
        "dataset": "Dataset",
        "recommendation": "Recommendation",
        "file": "File",
        "rows": "Rows",
        "period": "Period",
    },
}


def memo_labels(texts: Texts) -> Mapping[str, str]:
    """The memo's and the shared words of the text's language, with any `labels:` the text gives laid over them."""
    return writer_words(texts, MEMO_WORDS)
