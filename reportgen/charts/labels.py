"""Words on a chart: value labels, axis ticks and wrapped category names, the way the reader reads them.

Value labels drop the unit word the unit line already gives (`1억 5,000만`, `150M`) but keep money and
percent signs (`$0.28`, `0.28달러`, `26%`), the source's hedge (`약 0.28달러`, `over 557,000`) and, when
the points of one chart count different things, each point's own word (`64억 개`, `11억 명`).
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import TYPE_CHECKING

from reportgen.inputs.units import UNITS
from reportgen.wording import formats

if TYPE_CHECKING:  # the drawing processes never load the dataset code
    from reportgen.inputs.dataset import Row, Table

WORDS = {
    "ko": {"other": "기타", "na": "N/A"},
    "en": {"other": "Other", "na": "N/A"},
}
UNDER = {"ko": "{} 미만", "en": "under {}"}


def number_text(value: float, unit: str | None, lang: str, digits: int = 2, word: bool = False) -> str:
    """One value in `unit` for a label or a tick: money and percent keep their sign, counts lose their word."""
    if unit is None:
        return formats.compact_number(value, lang, digits)
    spec = UNITS[unit]
    if spec.kind == "currency":
        return formats.money(value * spec.scale, spec.currency, lang, digits)
    if spec.kind == "percent":
        return formats.percent(value, lang, 1)
    text = formats.compact_number(value * spec.scale, lang, digits)
    said = spec.ko if lang == "ko" else spec.en
    if not word or not said:
        return text
    if lang == "ko":
        return f"{text} {said}" if text[-1] in "만억조" else f"{text}{said}"
    return f"{text}{said}" if said == "×" else f"{text} {said}"


def value_text(table: Table, row: Row, column: str, lang: str, word: bool = False) -> str:
    """A cell as a value label, with the row's range (`value_max`) and qualifier (`over`, `approx`)."""
    value = float(row[column])  # type: ignore[arg-type]
    unit = table.unit_of(row, column)
    text = number_text(value, unit, lang, word=word)
    high = row.get("value_max") if column == "value" else None
    if isinstance(high, (int, float)) and not isinstance(high, bool):
        text = f"{text}{'~' if lang == 'ko' else '–'}{number_text(float(high), unit, lang, word=word)}"
    qualifier = row.get("qualifier")
    return formats.qualified(text, str(qualifier) if qualifier else None, lang)


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
