"""Words only the deck prints besides the narrative: `labels.<key>` in the text, else these defaults,
over the words deck and memo share (writers/words.py)."""

from __future__ import annotations

from reportgen.narrative.texts import Texts
from reportgen.writers.words import writer_words

DECK_WORDS: dict[str, dict[str, str]] = {
    "ko": {
        "contents": "목차",
        "appendix": "부록",
        "section": "섹션",
        "takeaways": "핵심 메시지",
        "notes_figures": "슬라이드의 수치",
    },
    "en": {
        "contents": "Agenda",
        "appendix": "Appendix",
        "section": "Section",
        "takeaways": "Key messages",
        "notes_figures": "Figures on this slide",
    },
}


def label(texts: Texts, key: str) -> str:
    """`labels.<key>` from the text when it is given, else the deck's or the shared default."""
    return writer_words(texts, DECK_WORDS).get(key, key)
