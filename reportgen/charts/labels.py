"""Words on a chart besides its figures: wrapped category names, times as years, a share's remainder.

The figures themselves (value labels) are written by `reportgen.wording` like every other figure
of a report: one style per chart (`NumberStyle`: the same decimals and scale for every label), the
unit word dropped where the unit line gives it (`1.5억`, `150M`), money and percent signs kept
(`$0.28`, `26%`), the source's hedge kept (`약 0.28달러`, `over 557,000`) and, when the points of
one chart count different things, each point's own word (`64억 개`, `11억 명`).
"""

from __future__ import annotations

import datetime as dt
import textwrap

from reportgen.wording import formats

WORDS = {
    "ko": {"other": "기타", "na": "N/A"},
    "en": {"other": "Other", "na": "N/A"},
}
UNDER = {"ko": "{} 미만", "en": "under {}"}


def remainder_text(value: float, lang: str, hedged: bool) -> str:
    """The rest of 100% (`40%`), or `40% 미만` / `under 40%` when the shares it completes are lower bounds."""
    text = formats.percent(value, lang, 1)
    return UNDER[lang].format(text) if hedged else text


def year_of(value: object) -> float | None:
    """A time as a number of years: 2017 -> 2017.0, '2023-08' -> 2023.58, a date -> its year fraction."""
    if isinstance(value, dt.date):
        return value.year + (value.timetuple().tm_yday - 1) / 365.25
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    parts = str(value or "").split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4:
        return None
    month = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12 else 1
    return int(parts[0]) + (month - 1) / 12


def wrap(label: str, lang: str, width: int | None = None, lines: int = 3) -> str:
    """A category name broken at spaces into short lines: about 10 Korean or 18 Latin characters each."""
    limit = width or (10 if lang == "ko" else 18)
    if len(label) <= limit:
        return label
    parts = textwrap.wrap(label, limit, break_long_words=False, break_on_hyphens=False)
    if len(parts) > lines:
        parts = parts[: lines - 1] + [" ".join(parts[lines - 1 :])]
    return "\n".join(parts)
