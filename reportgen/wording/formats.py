"""Numbers, money, percentages and dates the way a Korean or an English reader reads them.

Korean groups large numbers by 10^4 (만, 억, 조): 150,000,000 -> `1억 5,000만`.
English uses short scales from a million up: 150,000,000 -> `150M`.
"""

from __future__ import annotations

import datetime as dt
import math

from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_currency, format_compact_decimal, format_decimal

from reportgen.inputs.units import CURRENCY_WORDS_KO, UNITS, Unit  # noqa: F401 - UNITS is re-exported

LOCALES = {"ko": "ko_KR", "en": "en_US"}
_KO_GROUPS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))


def _locale(lang: str) -> str:
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LOCALES)}") from None


def plain_number(value: float, lang: str, digits: int = 2) -> str:
    """`12,945` / `0.28`: grouped digits, at most `digits` decimals, trailing zeros dropped."""
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return format_decimal(round(value, digits), format=pattern, locale=_locale(lang))


def korean_number(value: float, digits: int = 2) -> str:
    """`1억 5,000만`, `55만 7,000`, `12.5`: 만/억/조 groups, each with grouped digits."""
    if value < 0:
        return "-" + korean_number(-value, digits)
    if value < 10**4:
        return plain_number(value, "ko", digits)
    whole = round(value)
    parts = []
    for size, word in _KO_GROUPS:
        count, whole = divmod(whole, size)
        if count:
            parts.append(f"{plain_number(count, 'ko', 0)}{word}")
    if whole:
        parts.append(plain_number(whole, "ko", 0))
    return " ".join(parts)


def compact_number(value: float, lang: str, digits: int = 2) -> str:
    """A number for prose: `1억 5,000만` (ko) or `150M` (en); small numbers as grouped digits."""
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r}")
    if lang == "ko":
        return korean_number(value, digits)
    if abs(value) >= 10**6:
        return format_compact_decimal(value, format_type="short", locale=_locale(lang), fraction_digits=digits)
    return plain_number(value, lang, digits)


def money(amount: float, currency: str, lang: str, digits: int = 2) -> str:
    """`$47.5B` (en) or `475억 달러` (ko) for an amount in whole currency units."""
    if lang == "ko":
        word = CURRENCY_WORDS_KO.get(currency, currency)
        return _ko_join(korean_number(amount, digits), word)
    if abs(amount) >= 10**6:
        return format_compact_currency(amount, currency, locale=_locale(lang), fraction_digits=digits)
    symbol = {"USD": "$"}.get(currency)
    shown = plain_number(amount, lang, digits)
    return f"{symbol}{shown}" if symbol else f"{currency} {shown}"


def percent(value: float, lang: str, digits: int = 1) -> str:
    """`26%`, `18.8%` for a value given in percent (26 means 26%)."""
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "") + "%"
    return format_decimal(round(value, digits), format=pattern.replace("%", ""), locale=_locale(lang)) + "%"


def with_unit(value: float, unit: Unit | str, lang: str, digits: int = 2) -> str:
    """A value stored in `unit`, written out for a reader: `1억 5,000만 명`, `150M users`, `$155B`."""
    unit = UNITS[unit] if isinstance(unit, str) else unit
    scaled = value * unit.scale
    if unit.kind == "currency":
        text = money(scaled, unit.currency, lang, digits)
        suffix = unit.ko if lang == "ko" else unit.en
        return text + suffix
    if unit.kind == "percent":
        return percent(value, lang, digits)
    number = compact_number(scaled, lang, digits)
    word = unit.ko if lang == "ko" else unit.en
    if not word:
        return number
    if lang == "ko":
        return _ko_join(number, word)
    return f"{number}{word}" if word == "×" else f"{number} {word}"


def _ko_join(number: str, word: str) -> str:
    """`1억 5,000만 명` but `535개`: a space only after a 만/억/조 group."""
    return f"{number} {word}" if number[-1] in "만억조" else f"{number}{word}"


def date_text(value: dt.date | str | int, lang: str) -> str:
    """`2025년 1월 28일` / `January 28, 2025`; `2025년 5월` / `May 2025`; `2025년` / `2025`."""
    locale = _locale(lang)
    if isinstance(value, dt.date):
        return format_date(value, "long", locale=locale)
    text = str(value)
    parts = text.split("-")
    if len(parts) == 3:
        return format_date(dt.date.fromisoformat(text), "long", locale=locale)
    if len(parts) == 2:
        return format_skeleton("yMMMM", dt.date(int(parts[0]), int(parts[1]), 1), locale=locale)
    return f"{text}년" if lang == "ko" else text


_QUALIFIERS = {  # one entry per inputs/qualifiers.py QUALIFIERS
    "over": ("{} 이상", "over {}"),
    "approx": ("약 {}", "about {}"),
    "nearly": ("{}에 육박", "nearly {}"),
    "up_to": ("최대 {}", "up to {}"),
    "within_top": ("{} 이내", "top {}"),
    "forecast": ("{}(전망)", "{} (forecast)"),
}


def qualified(text: str, qualifier: str | None, lang: str) -> str:
    """`167만 개 이상` / `over 1.67M companies`: a figure with the hedge its source gives it."""
    if not qualifier:
        return text
    ko, en = _QUALIFIERS[qualifier]
    return (ko if lang == "ko" else en).format(text)


def value_range(low: float, high: float, unit: Unit | str, lang: str, digits: int = 2) -> str:
    """`3~5년` / `3–5 years`: two values of one unit, the unit written once."""
    unit = UNITS[unit] if isinstance(unit, str) else unit
    full = with_unit(high, unit, lang, digits)
    bare_high = compact_number(high * unit.scale, lang, digits)
    bare_low = compact_number(low * unit.scale, lang, digits)
    if unit.kind == "currency" or bare_high not in full:
        return f"{with_unit(low, unit, lang, digits)}{'~' if lang == 'ko' else '–'}{full}"
    return full.replace(bare_high, f"{bare_low}{'~' if lang == 'ko' else '–'}{bare_high}", 1)


def ordinal(value: float, lang: str) -> str:
    """`3rd`, `19th` / `3위`: a rank as the reader says it."""
    n = int(round(value))
    if lang == "ko":
        return f"{n}위"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
