"""Numbers, money, percentages and dates the way a Korean or an English reader reads them.

Korean groups large numbers by 10^4 (만, 억, 조): 150,000,000 -> `1억 5,000만`.
English uses short scales from a million up: 150,000,000 -> `150M`.

Prose reads a large figure the way tables and KPIs do (`figure_style` in wording/figures.py): in
Korean, from 1억 the groups are rounded to 만 (3,811,953,827 -> `38억 1,195만`, not `38억 1,195만
3,827`); in English, from a million, to the short scale (`3.81B`). `exact=True` asks for every
digit (`38억 1,195만 3,827`, `3,811,953,827`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_currency, format_compact_decimal, format_decimal

from reportgen.inputs.units import CURRENCY_WORDS_KO, UNITS, Unit  # noqa: F401 - UNITS is re-exported

LOCALES = {"ko": "ko_KR", "en": "en_US"}
_KO_GROUPS = ((10**12, "조"), (10**8, "억"), (10**4, "만"))
KO_ROUNDED_FROM = 10**8  # from 1억, Korean prose rounds to 만 (as tables and KPIs do)


def _locale(lang: str) -> str:
    try:
        return LOCALES[lang]
    except KeyError:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LOCALES)}") from None


def plain_number(value: float, lang: str, digits: int = 2) -> str:
    """`12,945` / `0.28`: grouped digits, at most `digits` decimals, trailing zeros dropped."""
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return format_decimal(round(value, digits), format=pattern, locale=_locale(lang))


def korean_number(value: float, digits: int = 2, exact: bool = False) -> str:
    """`1억 5,000만`, `55만 7,000`, `12.5`: 만/억/조 groups, each with grouped digits; from 1억 rounded
    to 만 (`38억 1,195만`) unless `exact`."""
    if value < 0:
        return "-" + korean_number(-value, digits, exact)
    if value < 10**4:
        return plain_number(value, "ko", digits)
    whole = round(value) if exact or value < KO_ROUNDED_FROM else int(half_up(value / 10**4, 0)) * 10**4
    parts = []
    for size, word in _KO_GROUPS:
        count, whole = divmod(whole, size)
        if count:
            parts.append(f"{plain_number(count, 'ko', 0)}{word}")
    if whole:
        parts.append(plain_number(whole, "ko", 0))
    return " ".join(parts)


def compact_number(value: float, lang: str, digits: int = 2, exact: bool = False) -> str:
    """A number for prose: `1억 5,000만` (ko) or `150M` (en); small numbers as grouped digits; `exact`:
    every digit (`38억 1,195만 3,827`, `3,811,953,827`)."""
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r}")
    if lang == "ko":
        return korean_number(value, digits, exact)
    if abs(value) >= 10**6 and not exact:
        return format_compact_decimal(value, format_type="short", locale=_locale(lang), fraction_digits=digits)
    return plain_number(value, lang, digits)


def money(amount: float, currency: str, lang: str, digits: int = 2, exact: bool = False) -> str:
    """`$47.5B` (en) or `475억 달러` (ko) for an amount in whole currency units; `exact`: every digit."""
    if lang == "ko":
        word = CURRENCY_WORDS_KO.get(currency, currency)
        return _ko_join(korean_number(amount, digits, exact), word)
    if abs(amount) >= 10**6 and not exact:
        return format_compact_currency(amount, currency, locale=_locale(lang), fraction_digits=digits)
    symbol = {"USD": "$"}.get(currency)
    shown = plain_number(amount, lang, digits)
    return f"{symbol}{shown}" if symbol else f"{currency} {shown}"


def percent(value: float, lang: str, digits: int = 1) -> str:
    """`26%`, `18.8%` for a value given in percent (26 means 26%)."""
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "") + "%"
    return format_decimal(round(value, digits), format=pattern.replace("%", ""), locale=_locale(lang)) + "%"


def with_unit(value: float, unit: Unit | str, lang: str, digits: int = 2, exact: bool = False) -> str:
    """A value stored in `unit`, written out for a reader: `1억 5,000만 명`, `150M users`, `$155B`;
    `exact`: every digit (`38억 1,195만 3,827명`)."""
    unit = UNITS[unit] if isinstance(unit, str) else unit
    scaled = value * unit.scale
    if unit.kind == "currency":
        text = money(scaled, unit.currency, lang, digits, exact)
        suffix = unit.ko if lang == "ko" else unit.en
        return text + suffix
    if unit.kind == "percent":
        return percent(value, lang, digits)
    number = compact_number(scaled, lang, digits, exact)
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


# Number styles: one look for a set of figures (a chart's labels, a table column, a KPI) -----------------

SCALES: dict[str, float] = {"thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12, "만": 1e4, "억": 1e8, "조": 1e12}
SCALE_WORDS = {
    "ko": {"thousands": "천", "millions": "백만", "billions": "십억", "trillions": "조", "만": "만", "억": "억", "조": "조"},
    "en": {"thousands": "K", "millions": "M", "billions": "B", "trillions": "T"},
}
MAX_DIGITS = 4


@dataclass(frozen=True)
class NumberStyle:
    """How a set of figures reads. `digits`: decimals (None: as few as the figures need, the same for all);
    `scale`: `auto` (1억 5,000만 / 150M), `none` (every digit) or a named scale (millions, 억 ...);
    `sign`: a plus before positive figures; `fraction`: the stored value is a fraction (0.25 reads 25%)."""

    digits: int | None = None
    scale: str = "auto"
    sign: bool = False
    fraction: bool = False
    fixed: bool = False  # keep trailing zeros (63.0 beside 82.6): set by `common_style`
    step: float = 1.0  # Korean auto: round to this unit first (10**4: `38억 1,195만`, not `38억 1,195만 3,827`)


def scale_for(scale: str, lang: str) -> str | None:
    """The named scale a style uses in `lang` (a Korean scale in English reads as auto), or None."""
    if scale in ("auto", "none"):
        return None
    return scale if scale in SCALE_WORDS[lang] else None


def common_style(values: Iterable[float], lang: str, style: NumberStyle = NumberStyle(), max_digits: int = 2,
                 groups: bool = False) -> NumberStyle:
    """One style for a set of figures: the scale of the largest (in auto) and the fewest decimals that show
    every figure to its stored precision (at most `max_digits`, or the style's own digits), kept for all.
    `groups`: Korean figures from 1억 read in 억/만 groups (`1억 5,000만`, a table's or a KPI's form), not `1.5억`
    (a chart label's); either way rounded to 만 when every figure reaches 1만."""
    numbers = [abs(v) * (100 if style.fraction else 1) for v in values if v is not None and math.isfinite(v)]
    scale = style.scale if style.scale in ("auto", "none") or scale_for(style.scale, lang) else "auto"  # 만 in English: auto
    if scale == "auto" and numbers:
        # the largest figure's scale, as long as the smallest still reads (Korean: 1만 or more, English: 0.1M or more)
        top, least = max(numbers), min((n for n in numbers if n), default=0.0)
        steps = (("억", 1e8, 1.0), ("만", 1e4, 1.0)) if lang == "ko" else (("trillions", 1e12, 0.1), ("billions", 1e9, 0.1),
                                                                       ("millions", 1e6, 0.1))
        scale = next((name for name, size, floor in steps if top >= size and least / size >= floor), "none")
        if lang == "ko" and (scale != "억" or groups) and top >= 1e8:  # 1억 5,000만 beside 3,000만, rounded to 만 when all reach it
            return replace(style, scale="auto", digits=0 if style.digits is None else style.digits,
                           step=1e4 if least >= 1e4 else 1.0)
    divisor = SCALES.get(scale_for(scale, lang) or "", 1.0)
    digits = style.digits
    if digits is None:
        scaled = [n / divisor for n in numbers]
        top = max(scaled, default=0.0)
        max_digits = 0 if top >= 1000 else min(max_digits, 1) if top >= 100 else max_digits  # no 532,647.13
        digits = next((d for d in range(max_digits + 1) if all(abs(round(n, d) - n) <= 1e-9 * max(1.0, n) for n in scaled)),
                      max_digits)
        least = min((n for n in scaled if n), default=0.0)  # no figure of a set reads 0 unless it is 0 (0.5 beside 1,000,000)
        digits = next((d for d in range(digits, MAX_DIGITS + 1) if round(least, d)), MAX_DIGITS)
    return replace(style, scale=scale, digits=digits, fixed=True)


def half_up(value: float, digits: int) -> Decimal:
    """`value` rounded as a reader rounds (1,234.5 -> 1,235; 82.65 -> 82.7), not to the even neighbour."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def styled_number(value: float, lang: str, style: NumberStyle) -> str:
    """A number in a style: `2.22M`, `0.66M`, `1.5억`, `+3.2`, `63.0`."""
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r}")
    shown = value * 100 if style.fraction else value
    digits = 2 if style.digits is None else style.digits
    named = scale_for(style.scale, lang)
    if style.scale == "auto":
        text = compact_number(float(half_up(shown / style.step, 0)) * style.step if style.step != 1.0 else shown, lang, digits,
                              exact=lang == "ko")  # the style's step rounds (a chart keeps every digit beside a figure under 1만)
    else:
        scaled = shown / SCALES[named] if named else shown
        pattern = "#,##0" + ("." + ("0" if style.fixed else "#") * digits if digits > 0 else "")
        text = format_decimal(half_up(scaled, digits), format=pattern, locale=_locale(lang))
        if text.startswith("-") and not any(c not in "-0.," for c in text):
            text = text[1:]  # -0.0 reads 0.0
        text += SCALE_WORDS[lang][named] if named else ""
    if style.sign and value > 0:
        text = "+" + text
    return text + ("%" if style.fraction else "")


def styled_with_unit(value: float, unit: Unit | str | None, lang: str, style: NumberStyle, word: bool = True) -> str:
    """A value in its unit and a style: `$47.5B`, `475억 달러`, `1.5억 명`, `26.0%`; `word=False` drops a count's word."""
    unit = UNITS[unit] if isinstance(unit, str) else unit
    if unit is None:
        return styled_number(value, lang, style)
    if unit.kind == "percent":
        return styled_number(value, lang, replace(style, fraction=False)) + "%"
    number = styled_number(value * unit.scale, lang, style)
    if unit.kind == "currency":  # the money sign stays; what the amount is per (`/100만 토큰`) only with `word`
        per = (unit.ko if lang == "ko" else unit.en) if word else ""
        if lang == "ko":
            return _ko_join(number, CURRENCY_WORDS_KO.get(unit.currency, unit.currency)) + per
        sign = "+" if number.startswith("+") else "-" if number.startswith("-") else ""
        bare = number.lstrip("+-")
        symbol = {"USD": "$"}.get(unit.currency)
        return (f"{sign}{symbol}{bare}" if symbol else f"{sign}{unit.currency} {bare}") + per
    said = unit_word(unit, lang, value) if word else ""
    if not said:
        return number
    if lang == "ko":
        return _ko_join(number, said)
    return f"{number}{said}" if said == "×" else f"{number} {said}"


def unit_word(unit: Unit, lang: str, value: float) -> str:
    """The word after a number: Korean has one; English its singular for exactly one (`1 year`, `2 years`)."""
    if lang == "ko":
        return unit.ko
    return unit.en_one if abs(value * unit.scale) == 1 and unit.en_one else unit.en
