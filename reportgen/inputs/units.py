"""Units a dataset may use: how a value in each unit reads in Korean and in English.

A unit says what one stored number means (`scale`: 155 in `USD bn` is 155e9 dollars), what kind of
quantity it is (`count`, `currency`, `percent`, `plain`) and the word that follows the number
(English may give a singular, `en_one`). The units below are built in; a dataset declares its own
under `units:` in datapackage.yaml (see docs/dataset.md), and `declare` adds them when it loads.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str  # count | currency | percent | plain
    scale: float = 1.0
    ko: str = ""  # word after the number in Korean ("명", "개")
    en: str = ""  # word after the number in English ("people")
    currency: str = ""  # ISO code for kind == "currency"
    en_one: str = ""  # the English word after exactly one ("year"); `en` otherwise


def _count(name: str, ko: str, en: str) -> Unit:
    return Unit(name, "count", 1.0, ko, en)


def _money(name: str, code: str, scale: float, per: tuple[str, str] = ("", "")) -> Unit:
    return Unit(name, "currency", scale, per[0], per[1], code)


UNITS: dict[str, Unit] = {
    u.name: u
    for u in (
        _count("people", "명", "people"),
        _count("users", "명", "users"),
        _count("graduates", "명", "graduates"),
        _count("researchers", "명", "researchers"),
        _count("students", "명", "students"),
        _count("companies", "개", "companies"),
        _count("models", "개", "models"),
        _count("colleges", "개", "colleges"),
        _count("devices", "개", "devices"),
        _count("GPUs", "개", "GPUs"),
        _count("GPU hours", "GPU시간", "GPU hours"),
        _count("papers", "건", "papers"),
        _count("patents", "건", "patents"),
        _count("deals", "건", "deals"),
        _count("downloads", "건", "downloads"),
        _count("vehicles", "대", "vehicles"),
        _count("services", "개", "services"),
        _count("count", "", ""),
        Unit("years", "count", 1.0, "년", "years", en_one="year"),
        Unit("months", "count", 1.0, "개월", "months", en_one="month"),
        _count("rank", "위", ""),
        _money("USD", "USD", 1.0),
        _money("USD m", "USD", 1e6),
        _money("USD bn", "USD", 1e9),
        _money("USD per 1M tokens", "USD", 1.0, ("/100만 토큰", " per 1M tokens")),
        _money("CNY", "CNY", 1.0),
        _money("CNY m", "CNY", 1e6),
        _money("CNY bn", "CNY", 1e9),
        _money("KRW", "KRW", 1.0),
        _money("KRW bn", "KRW", 1e9),
        Unit("percent", "percent"),
        Unit("ZB", "plain", 1.0, "ZB", "ZB"),
        Unit("multiple", "plain", 1.0, "배", "×"),
        Unit("score", "plain", 1.0, "점", ""),
    )
}

CURRENCY_WORDS_KO = {"USD": "달러", "CNY": "위안", "KRW": "원"}


BUILT_IN = frozenset(UNITS)


def get_unit(name: str) -> Unit:
    """The unit called `name`; KeyError if there is none."""
    return UNITS[name]


def declare(units: list[Unit]) -> None:
    """Add a dataset's own units (its `units:`), so every stage reads its figures by name.

    A dataset may not redefine a built-in unit; a unit another dataset declared is replaced.
    """
    for unit in units:
        if unit.name in BUILT_IN and UNITS[unit.name] != unit:
            raise ValueError(f"unit {unit.name!r} is built in; give yours another name")
        UNITS[unit.name] = unit
