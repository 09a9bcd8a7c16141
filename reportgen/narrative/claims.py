"""Claims: what a sentence asserts about the data, declared beside it and checked at every build.

In a text file, `claims:` sits in the mapping of the text it is about (a list: the claims of that
slide or chart), or maps a sibling key to its list (`paragraphs: {claims: {capital: [...]}}`).
Each claim is one line a consultant can read; figures are named as in text, without `data.`:

    ai_services.alibaba_quark.mau is the largest of ai_services.mau
    ai_services.deepseek.mau ranks 3rd of ai_services.mau
    state_funds.amount among big_fund_1, big_fund_2, big_fund_3 rises by year
    big_tech_capex.bytedance.capex_share < big_tech_capex.meta.capex_share
    ratio(stem_graduates.cn_stem_all_degrees_2022.value, stem_graduates.kr_stem_2022.value) >= 9

A claim that does not hold on the data is an error naming the file, the key, the line, the claim
and the values that break it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError

from reportgen.errors import Collector
from reportgen.inputs.dataset import Dataset, Table
from reportgen.inputs.yamlio import YamlDocument, format_loc
from reportgen.narrative.derived import DerivationError, ranking
from reportgen.narrative.sandbox import within_budget
from reportgen.wording import formats

NAME = r"[A-Za-z_][A-Za-z0-9_]*"
ROWS = r"(?P<rows>[A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]+)*)"
OF = rf"(?:\s+of\s+(?P<of>{NAME}\.{NAME}))?"
AMONG = rf"(?:\s+among\s+{ROWS})?"
REF = rf"(?P<ref>{NAME}\.{NAME}\.{NAME})"
EXTREME = re.compile(rf"^{REF}\s+is\s+the\s+(?P<which>largest|highest|smallest|lowest){OF}{AMONG}$", re.I)
RANK = re.compile(rf"^{REF}\s+ranks\s+(?P<n>\d+)(?:st|nd|rd|th)?{OF}{AMONG}$", re.I)
ORDER = re.compile(rf"^(?P<col>{NAME}\.{NAME}){AMONG}\s+(?P<dir>rises|falls)\s+(?:by|with)\s+(?P<by>{NAME})$", re.I)
COMPARE = re.compile(r"^(?P<left>.+?)\s*(?P<op><=|>=|==|!=|<|>|=)\s*(?P<right>[^<>=!].*)$")
OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
    "=": lambda a, b: a == b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}
FORMS = ("<figure> is the largest|smallest [of <table>.<column>] [among <row>, ...]",
         "<figure> ranks <n> [of <table>.<column>] [among <row>, ...]",
         "<table>.<column> [among <row>, ...] rises|falls by <column>",
         "<expression> <|<=|>|>=|=|!= <expression>")


class ClaimError(ValueError):
    """A claim that cannot be read or evaluated (not one that is false)."""


@dataclass(frozen=True)
class Claim:
    """One declared claim: its words, the text it is about, and where it is written."""

    text: str
    covers: str  # the text key it is about: `slides.users`, `paragraphs.capital`
    where: str  # its YAML path: `slides.users.claims[0]`
    line: int | None


@dataclass(frozen=True)
class Verdict:
    holds: bool
    values: str  # the values the claim was decided on, for the message


def check_claim(claim: str, dataset: Dataset, env: Environment, context: Mapping[str, Any]) -> Verdict:
    """Decide `claim` on the data; ClaimError when it cannot be read."""
    text = " ".join(claim.split())
    for pattern, decide in ((EXTREME, _extreme), (RANK, _rank), (ORDER, _order)):
        match = pattern.match(text)
        if match:
            return decide(match, dataset)
    match = COMPARE.match(text)
    if match:
        return _compare(match, dataset, env, context)
    raise ClaimError("cannot read this claim; write one of: " + "; ".join(FORMS))


CLAIMS = "claims"  # the key that holds the claims about its sibling texts


def declared_claims(doc: YamlDocument, problems: Collector) -> list[Claim]:
    """Every `claims:` of the file: a list (about its mapping) or a mapping of sibling key -> list."""
    found: list[Claim] = []

    def walk(node: Any, loc: tuple) -> None:
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            if key == CLAIMS:
                found.extend(_claims_at(value, loc, doc, problems))
            else:
                walk(value, loc + (key,))

    walk(doc.data, ())
    return found


def _claims_at(value: Any, loc: tuple, doc: YamlDocument, problems: Collector) -> list[Claim]:
    where = loc + (CLAIMS,)
    groups = value.items() if isinstance(value, dict) else [(None, value)]
    out = []
    for sibling, items in groups:
        at = where + ((sibling,) if sibling is not None else ())
        covers = format_loc(loc + ((sibling,) if sibling is not None else ()))
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            problems.add(doc.path, f"{format_loc(at)} (line {doc.line_of(at)})", "expected a list of claims, one per line of text")
            continue
        out += [Claim(" ".join(text.split()), covers, format_loc(at + (i,)), doc.line_of(at + (i,))) for i, text in enumerate(items)]
    return out


def check_declared(claim: Claim, path: Path, dataset: Dataset, env: Environment, context: Mapping[str, Any],
                   problems: Collector, unknown: type[Exception]) -> None:
    """Decide `claim`; a false or unreadable one is a problem naming the file, its key, line and values."""
    where = claim.where + (f" (line {claim.line})" if claim.line else "")
    try:
        verdict = check_claim(claim.text, dataset, env, context)
    except (ClaimError, DerivationError, unknown) as exc:
        problems.add(path, where, f"claim {claim.text!r}: {exc}")
        return
    if not verdict.holds:
        problems.add(path, where, f"the claim about {claim.covers} does not hold: {claim.text!r}; the data says {verdict.values}")


# ranks and extremes -------------------------------------------------------------------------------

def _column(dataset: Dataset, table_column: str) -> tuple[Table, str, dict[str, float]]:
    table_name, column = table_column.split(".")
    table = dataset.tables.get(table_name)
    if table is None:
        raise ClaimError(f"no table {table_name!r} in the dataset")
    if column not in table.columns:
        raise ClaimError(f"table {table_name!r} has no column {column!r}")
    return table, column, numbers_of(table, column)


def numbers_of(table: Table, column: str) -> dict[str, float]:
    """Row id -> the number in `column`, for the rows that have one."""
    return {str(r["id"]): float(r[column]) for r in table.rows
            if isinstance(r.get(column), (int, float)) and not isinstance(r.get(column), bool)}


def _peers(match: re.Match, dataset: Dataset) -> tuple[str, str, list[str], Table, str, dict[str, float]]:
    table_name, row, column = match["ref"].split(".")
    table, column, values = _column(dataset, match["of"] or f"{table_name}.{column}")
    if row not in table.by_id():
        raise ClaimError(f"table {table.name!r} has no row {row!r}")
    rows = [r.strip() for r in match["rows"].split(",")] if match["rows"] else None
    return table_name, row, rows or [], table, column, values


def _listing(table: Table, column: str, ids: list[str], values: dict[str, float], limit: int = 8) -> str:
    shown = [f"{r} {_number(table, r, column, values[r])}" for r in ids[:limit]]
    return ", ".join(shown) + (", ..." if len(ids) > limit else "")


def _number(table: Table, row_id: str, column: str, value: float) -> str:
    unit = table.unit_of(table.by_id()[row_id], column)
    return formats.with_unit(value, unit, "en") if unit else formats.compact_number(value, "en")


def _ranked(rows: list[str], values: dict[str, float], order: str) -> list[str]:
    try:
        return ranking(values, rows or None, order)
    except DerivationError as exc:
        raise ClaimError(str(exc)) from None


def _extreme(match: re.Match, dataset: Dataset) -> Verdict:
    _, row, rows, table, column, values = _peers(match, dataset)
    order = "largest" if match["which"].lower() in ("largest", "highest") else "smallest"
    ranked = _ranked(rows, values, order)
    holds = bool(ranked) and ranked[0] == row and (len(ranked) == 1 or values[ranked[1]] != values[row])
    return Verdict(holds, f"{order} first: {_listing(table, column, ranked, values)}")


def _rank(match: re.Match, dataset: Dataset) -> Verdict:
    _, row, rows, table, column, values = _peers(match, dataset)
    ranked = _ranked(rows, values, "largest")
    wanted = int(match["n"])
    place = ranked.index(row) + 1 if row in ranked else None
    actual = f"{row} ranks {formats.ordinal(place, 'en')}" if place else f"{row} has no number"
    return Verdict(place == wanted, f"{actual}; largest first: {_listing(table, column, ranked, values)}")


# order over time --------------------------------------------------------------------------------

def _order(match: re.Match, dataset: Dataset) -> Verdict:
    table, column, values = _column(dataset, match["col"])
    by = match["by"]
    if by not in table.columns:
        raise ClaimError(f"table {table.name!r} has no column {by!r} to order by")
    rows = [r.strip() for r in match["rows"].split(",")] if match["rows"] else list(values)
    missing = [r for r in rows if r not in values]
    if missing:
        raise ClaimError(f"no number in {table.name}.{column} for {', '.join(missing)}")
    by_id = table.by_id()
    ordered = sorted(rows, key=lambda r: (str(by_id[r].get(by)), rows.index(r)))
    rising = match["dir"].lower() == "rises"
    for before, after in zip(ordered, ordered[1:], strict=False):
        a, b = values[before], values[after]
        if (b <= a) if rising else (b >= a):
            verb = "is not larger than" if rising else "is not smaller than"
            return Verdict(False, f"{after} ({by} {by_id[after].get(by)}) {_number(table, after, column, b)} {verb} "
                                  f"{before} ({by} {by_id[before].get(by)}) {_number(table, before, column, a)}")
    listed = ", ".join(f"{r} ({by_id[r].get(by)}) {_number(table, r, column, values[r])}" for r in ordered)
    return Verdict(True, listed)


# comparisons ------------------------------------------------------------------------------------

REF_IN_TEXT = re.compile(rf"(?<![\w.])(?:data\.)?({NAME})\.({NAME})\.({NAME})(?![\w(])")


def _as_data(expression: str, dataset: Dataset) -> str:
    """`a.b.c` -> `data.a.b.c` for every table of the dataset (figures are named as in text)."""
    return REF_IN_TEXT.sub(lambda m: f"data.{m[1]}.{m[2]}.{m[3]}" if m[1] in dataset.tables else m[0], expression)


def _evaluate(expression: str, dataset: Dataset, env: Environment, context: Mapping[str, Any]) -> Any:
    try:
        with within_budget():
            value = env.compile_expression(_as_data(expression, dataset), undefined_to_none=False)(**context)
    except (TemplateError, ValueError, TypeError, ArithmeticError, LookupError) as exc:
        raise ClaimError(f"cannot evaluate {expression!r}: {getattr(exc, 'message', None) or exc}") from None
    except Exception as exc:  # the data view's own errors (an unknown table, row or column)
        if exc.__class__.__name__ == "UnknownNameError":  # the text's data view (narrative.texts) names what it lacks
            raise ClaimError(str(exc)) from None
        raise
    return value


def _float(value: Any, expression: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ClaimError(f"{expression!r} is not a number ({value!r})") from None


def _compare(match: re.Match, dataset: Dataset, env: Environment, context: Mapping[str, Any]) -> Verdict:
    left, op, right = match["left"].strip(), match["op"], match["right"].strip()
    a = _evaluate(left, dataset, env, context)
    b = _evaluate(right, dataset, env, context)
    holds = OPERATORS[op](_float(a, left), _float(b, right))
    return Verdict(holds, f"{_shown(left, a)} {op} {_shown(right, b)}")


def _shown(expression: str, value: Any) -> str:
    number = formats.plain_number(float(value), "en", 4)
    if REF_IN_TEXT.fullmatch(expression) or "(" in expression:
        return f"{expression} = {number}" + (f" ({value})" if str(value) != number else "")
    return number


@dataclass(frozen=True)
class Coverage:
    """How much of a language's text carries figures, and how much of it declares its claims."""

    with_figures: int  # strings that print a figure
    declared: int  # of those, strings under a declared claim
    titles: int  # titles (action titles, chart takeaways) that print a figure
    titles_declared: int
    claims: int

    def __str__(self) -> str:
        return (f"{self.with_figures} sentences carry figures, {self.declared} of them with declared claims; "
                f"titles and takeaways: {self.titles_declared} of {self.titles}; {self.claims} claims hold")


def coverage(records: Mapping[str, Any], claims: tuple[Claim, ...]) -> Coverage:
    """Count, over the text records (each with its `key` and `figures`), those that declare claims."""
    scopes = {c.covers for c in claims}

    def declared(key: str) -> bool:
        return any(key == s or key.startswith((s + ".", s + "[")) for s in scopes)

    keys = [r.key for r in records.values() if r.figures]
    titles = [k for k in keys if k.endswith(".title")]
    return Coverage(len(keys), sum(map(declared, keys)), len(titles), sum(map(declared, titles)), len(claims))
