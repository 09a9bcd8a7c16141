"""A value label as a spreadsheet number format, so a native chart's labels follow its data.

A label the chart module wrote (`150M`, `$0.28`, `약 0.28달러`, `26%`, `over 557,000`) is one number
between literal words. `number_format(value, text)` finds the format code that shows `value` as
exactly `text` in PowerPoint and Excel (`"$"#,##0.00`, `#,##0,,"M"`): digits, decimals, thousands
grouping, scaling by thousands (a trailing comma divides by 1,000) and the words around the number
as quoted literals. It checks its answer by rendering the code the way PowerPoint does; a label no
single code can show (`1억 5,000만`, a range `10–20%`, a literal with a quote) gets None, and the
chart writes it as fixed text instead.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

NUMERAL = re.compile(r"\d[\d,]*(?:\.\d+)?")
MAX_SCALE = 4  # up to trillions: ,,,,


def number_format(value: float | None, text: str) -> str | None:
    """The format code that shows `value` as `text`, or None when no single code does."""
    if value is None or not text:
        return None
    sign = text.startswith("-") and value < 0
    body = text[1:] if sign else text
    found = NUMERAL.findall(body)
    if len(found) != 1:
        return None
    numeral = found[0]
    prefix, _, suffix = body.partition(numeral)
    if '"' in prefix + suffix or "\\" in prefix + suffix:
        return None
    whole, _, fraction = numeral.partition(".")
    grouped = "," in whole or len(whole.replace(",", "")) <= 3
    for scale in range(MAX_SCALE + 1):
        code = _code(prefix, suffix, len(fraction), grouped, scale)
        if render(value, len(fraction), grouped, scale, prefix, suffix) == text:
            return code
    return None


def _code(prefix: str, suffix: str, decimals: int, grouped: bool, scale: int) -> str:
    digits = ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "") + "," * scale
    return f"{_literal(prefix)}{digits}{_literal(suffix)}"


def _literal(words: str) -> str:
    return f'"{words}"' if words else ""


def render(value: float, decimals: int, grouped: bool, scale: int, prefix: str = "", suffix: str = "") -> str:
    """`value` as PowerPoint shows it under such a code: halves rounded away from zero, '-' first."""
    shown = (Decimal(repr(abs(value))) / Decimal(1000) ** scale).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    digits = f"{shown:,.{decimals}f}" if grouped else f"{shown:.{decimals}f}"
    sign = "-" if value < 0 and shown != 0 else ""
    return f"{sign}{prefix}{digits}{suffix}"
