"""Numbers as a reader sees them, in each locale's forms; names, list and caption numbers are not figures."""

from __future__ import annotations

import pytest

from reportgen.audit.numbers import numbers_in


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("월간 사용자 1억 5,000만 명, 55만 7,000개", ["1억 5000만", "55만 7000"]),
        ("over 1.67M firms, $47.5B, 3.4× the US, 48.5% and 3rd", ["1.67M", "$47.5B", "3.4×", "48.5%", "3rd"]),
        ("오픈AI의 약 29분의 1, 3.4배, 세계 3위", ["29분의 1", "3.4배", "3위"]),
        ("about 1/29 of OpenAI's price", ["1/29"]),
        ("deals above USD 50m / 50M", ["50M", "50M"]),
        ("3–5 years, 3~5년", ["3", "5", "3", "5"]),
        ("DeepSeek V3 on H800s, GPT-4, R1, 5G", []),
        ("1. Talent — build 2 schools", ["2"]),
        ("2.  Driver 1: talent", []),
        ("Figure 3. Quark leads with 150M", ["150M"]),
        ("02   Where China stands", []),
        ("한국의 1인당 GDP는 2만 3,348달러, 1인 가구 3곳", ["2만 3348", "1", "3"]),  # 1인당 (per head) is a word
    ],
)
def test_numbers_in_each_locale(text, numbers):
    assert [t.text for t in numbers_in(text) if t.kind == "number"] == numbers


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        ("June 30, 2025 and May 2025", [("June 30, 2025", "date"), ("May 2025", "date")]),
        ("2025년 6월 30일, 2025년 5월, 2014년", [("2025년 6월 30일", "date"), ("2025년 5월", "date"), ("2014년", "date")]),
        ("in 2024 and 2013–2023", [("2024", "year"), ("2013", "year"), ("2023", "year")]),
    ],
)
def test_dates_and_years_are_their_own_kinds(text, dates):
    assert [(t.text, t.kind) for t in numbers_in(text)] == dates
