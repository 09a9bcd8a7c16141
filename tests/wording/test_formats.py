import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.wording.formats import compact_number, date_text, korean_number, money, percent, with_unit


@pytest.mark.parametrize(
    ("value", "unit", "ko", "en"),
    [
        (150_000_000, "users", "1억 5,000만 명", "150M users"),
        (47.5, "USD bn", "475억 달러", "$47.5B"),
        (155, "USD bn", "1,550억 달러", "$155B"),
        (535, "colleges", "535개", "535 colleges"),
        (2048, "GPUs", "2,048개", "2,048 GPUs"),
        (1_670_000, "companies", "167만 개", "1.67M companies"),
        (557_000, "papers", "55만 7,000건", "557,000 papers"),
        (12945, "patents", "1만 2,945건", "12,945 patents"),
        (2.8e6, "GPU hours", "280만 GPU시간", "2.8M GPU hours"),
        (5.5, "USD m", "550만 달러", "$5.5M"),
        (0.28, "USD per 1M tokens", "0.28달러/100만 토큰", "$0.28 per 1M tokens"),
        (18.8, "percent", "18.8%", "18.8%"),
        (26, "percent", "26%", "26%"),
        (5.5, "multiple", "5.5배", "5.5×"),
    ],
)
def test_with_unit_reads_as_each_reader_expects(value, unit, ko, en):
    assert with_unit(value, unit, "ko") == ko
    assert with_unit(value, unit, "en") == en


@pytest.mark.parametrize(
    ("value", "lang", "text"),
    [("2025-01-28", "ko", "2025년 1월 28일"), ("2025-01-28", "en", "January 28, 2025"),
     ("2025-05", "ko", "2025년 5월"), ("2025-05", "en", "May 2025"), ("2024", "ko", "2024년"), ("2024", "en", "2024")],
)
def test_dates(value, lang, text):
    assert date_text(value, lang) == text


def _parse_korean(text: str) -> int:
    total = 0
    for part in text.split(" "):
        m = re.fullmatch(r"([\d,]+)(조|억|만)?", part)
        assert m, part
        total += int(m.group(1).replace(",", "")) * {"조": 10**12, "억": 10**8, "만": 10**4, None: 1}[m.group(2)]
    return total


@given(st.integers(min_value=10_000, max_value=10**15))
def test_korean_groups_read_back_to_the_same_integer(n):
    assert _parse_korean(korean_number(n, exact=True)) == n


@given(st.integers(min_value=10_000, max_value=10**15))
def test_korean_prose_rounds_to_man_from_one_eok_and_keeps_every_digit_below(n):
    back = _parse_korean(korean_number(n))
    if n < 10**8:
        assert back == n
    else:
        assert back % 10**4 == 0 and abs(back - n) <= 5_000


@pytest.mark.parametrize(
    ("value", "unit", "ko", "en", "ko_exact", "en_exact"),
    [
        (3_811_953_827, "people", "38억 1,195만 명", "3.81B people", "38억 1,195만 3,827명", "3,811,953,827 people"),
        (20_947_571, "people", "2,094만 7,571명", "20.95M people", "2,094만 7,571명", "20,947,571 people"),
        (557_000, "papers", "55만 7,000건", "557,000 papers", "55만 7,000건", "557,000 papers"),
        (0.691, "USD bn", "6억 9,100만 달러", "$691M", "6억 9,100만 달러", "$691,000,000"),
        (1_234_567_891, "USD", "12억 3,457만 달러", "$1.23B", "12억 3,456만 7,891달러", "$1,234,567,891"),
    ],
)
def test_large_figures_read_as_tables_print_them_unless_exact(value, unit, ko, en, ko_exact, en_exact):
    assert (with_unit(value, unit, "ko"), with_unit(value, unit, "en")) == (ko, en)
    assert (with_unit(value, unit, "ko", exact=True), with_unit(value, unit, "en", exact=True)) == (ko_exact, en_exact)


@given(st.integers(min_value=10_000, max_value=10**15))
def test_korean_groups_are_descending_and_within_range(n):
    words = re.findall(r"(조|억|만)", korean_number(n))
    order = ["조", "억", "만"]
    assert words == sorted(words, key=order.index)
    for part in korean_number(n, exact=True).split(" "):
        digits = int(re.sub(r"\D", "", part))
        assert 0 < digits < 10_000


@given(st.floats(min_value=1e6, max_value=1e14, allow_nan=False))
def test_english_compact_is_close_to_the_value(x):
    text = compact_number(x, "en")
    m = re.fullmatch(r"([\d.,]+)([MBT])", text)
    assert m, text
    back = float(m.group(1).replace(",", "")) * {"M": 1e6, "B": 1e9, "T": 1e12}[m.group(2)]
    assert math.isclose(back, x, rel_tol=0.01)


@given(st.floats(min_value=0, max_value=1000, allow_nan=False), st.sampled_from(["ko", "en"]))
def test_percent_always_ends_with_sign_and_round_trips(x, lang):
    text = percent(x, lang)
    assert text.endswith("%")
    assert abs(float(text[:-1].replace(",", "")) - x) <= 0.05 + 1e-9


@given(st.floats(min_value=1e4, max_value=1e13, allow_nan=False))
def test_money_words(x):
    assert money(x, "USD", "ko").endswith(" 달러") or money(x, "USD", "ko").endswith("달러")
    assert money(x, "USD", "en").startswith("$")


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        compact_number(5, "fr")
