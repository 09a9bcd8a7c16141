"""Data prep for templates/asia-rise: tidy CSVs from the Gapminder excerpt that ships inside plotly.

The data: Gapminder Foundation (https://www.gapminder.org/data/), free to use under the Creative
Commons Attribution 4.0 licence (CC BY 4.0), as excerpted by Jennifer Bryan's R package `gapminder`
and bundled with the plotly Python package (MIT licence) as `plotly/package_data/datasets/gapminder.csv.gz`:
life expectancy, population and GDP per capita (inflation-adjusted international dollars of 2005,
at purchasing-power parity) of 142 countries every five years from 1952 to 2007.

plotly is needed only here, never by reportgen. Run it in a throwaway environment:

    python -m venv /tmp/prep && /tmp/prep/bin/pip install --no-deps plotly
    /tmp/prep/bin/python scripts/prep_gapminder.py        # writes templates/asia-rise/data/*.csv

Every figure the report shows is in the CSVs this writes; derived columns (a gain, a growth rate,
a change between years, a share) are computed here from the bundled figures, as stated in each table's title.
"""

from __future__ import annotations

import csv
import gzip
import io
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "templates" / "asia-rise" / "data"
SOURCE = "gapminder"
KOREA = "Korea, Rep."
NAMES = {  # the countries the report shows, in Korean
    "Afghanistan": "아프가니스탄", "Bahrain": "바레인", "Bangladesh": "방글라데시", "Cambodia": "캄보디아", "China": "중국",
    "Hong Kong, China": "홍콩", "India": "인도", "Indonesia": "인도네시아", "Iran": "이란", "Iraq": "이라크", "Israel": "이스라엘",
    "Japan": "일본", "Jordan": "요르단", "Korea, Dem. Rep.": "북한", KOREA: "한국", "Kuwait": "쿠웨이트", "Lebanon": "레바논",
    "Malaysia": "말레이시아", "Mongolia": "몽골", "Myanmar": "미얀마", "Nepal": "네팔", "Oman": "오만", "Pakistan": "파키스탄",
    "Philippines": "필리핀", "Saudi Arabia": "사우디아라비아", "Singapore": "싱가포르", "Sri Lanka": "스리랑카", "Syria": "시리아",
    "Taiwan": "대만", "Thailand": "태국", "Vietnam": "베트남", "West Bank and Gaza": "팔레스타인", "Yemen, Rep.": "예멘",
    "United States": "미국", "Germany": "독일", "United Kingdom": "영국", "Brazil": "브라질", "Nigeria": "나이지리아",
}
ENGLISH = {KOREA: "South Korea", "Korea, Dem. Rep.": "North Korea", "Hong Kong, China": "Hong Kong", "Yemen, Rep.": "Yemen",
           "West Bank and Gaza": "Palestine"}
CONTINENTS = {"Asia": "아시아", "Europe": "유럽", "Africa": "아프리카", "Americas": "아메리카", "Oceania": "오세아니아"}
NAMED = {KOREA, "China", "Japan", "India", "Singapore", "Afghanistan", "United States", "Nigeria", "Vietnam", "Israel"}


def bundled() -> list[dict[str, str]]:
    raw = resources.files("plotly").joinpath("package_data/datasets/gapminder.csv.gz").read_bytes()
    return list(csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"))))


def slug(country: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in ENGLISH.get(country, country).lower()).strip("_").replace("__", "_")


def write(name: str, header: list[str], rows: list[list[object]]) -> None:
    with (OUT / name).open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def main() -> None:
    data = bundled()
    by = {(r["country"], int(r["year"])): r for r in data}
    OUT.mkdir(parents=True, exist_ok=True)
    shown = [r for r in data if r["country"] in NAMES]
    write("countries.csv", ["id", "country_en", "country_ko", "continent_en", "continent_ko", "year", "life_exp", "population",
                            "gdp_per_capita", "label_en", "label_ko", "source"],
          [[f"{slug(r['country'])}_{r['year']}", ENGLISH.get(r["country"], r["country"]), NAMES[r["country"]], r["continent"],
            CONTINENTS[r["continent"]], r["year"], round(float(r["lifeExp"]), 1), r["pop"], round(float(r["gdpPercap"])),
            ENGLISH.get(r["country"], r["country"]) if r["country"] in NAMED and r["year"] == "2007" else "",
            NAMES[r["country"]] if r["country"] in NAMED and r["year"] == "2007" else "", SOURCE] for r in shown])
    asia = sorted({r["country"] for r in data if r["continent"] == "Asia"})
    gains, growths = [], []
    for country in asia:  # each row carries the period its figures cover (period_start, year)
        first, last, y77, y87 = (by[(country, y)] for y in (1952, 2007, 1977, 1987))
        growth = ((float(y87["gdpPercap"]) / float(y77["gdpPercap"])) ** (1 / 10) - 1) * 100
        names = [slug(country), ENGLISH.get(country, country), NAMES[country]]
        gains.append([*names, 1952, 2007, round(float(first["lifeExp"]), 1), round(float(last["lifeExp"]), 1),
                      round(round(float(last["lifeExp"]), 1) - round(float(first["lifeExp"]), 1), 1), SOURCE])
        growths.append([*names, 1977, 1987, round(growth, 1), SOURCE])
    write("asia.csv", ["id", "country_en", "country_ko", "period_start", "year", "life_1952", "life_2007", "life_gain", "source"],
          gains)
    write("growth.csv", ["id", "country_en", "country_ko", "period_start", "year", "growth", "source"], growths)
    years = list(range(1952, 2008, 5))
    korea = [by[(KOREA, y)] for y in years]
    write("korea.csv", ["id", "year", "population", "life_exp", "gdp_per_capita", "source"],
          [[f"kr_{r['year']}", r["year"], r["pop"], round(float(r["lifeExp"]), 1), round(float(r["gdpPercap"])), SOURCE] for r in korea])
    steps = [1952, 1962, 1972, 1982, 1992, 2002, 2007]
    levels = {y: round(float(by[(KOREA, y)]["gdpPercap"])) for y in steps}
    bridge = [["start", "1952년", "1952", levels[1952], SOURCE]]
    bridge += [[f"d{a}", f"{a}–{b}", f"{a}–{b}", levels[b] - levels[a], SOURCE] for a, b in zip(steps, steps[1:], strict=False)]
    bridge += [["end", "2007년", "2007", levels[2007], SOURCE]]
    write("korea_bridge.csv", ["id", "step_ko", "step_en", "change", "source"], bridge)
    shares = []
    for year in (1952, 2007):
        totals: dict[str, int] = {}
        for r in data:
            if int(r["year"]) == year:
                totals[r["continent"]] = totals.get(r["continent"], 0) + int(r["pop"])
        world = sum(totals.values())
        for continent, people in sorted(totals.items(), key=lambda kv: -kv[1]):
            shares.append([f"{continent.lower()}_{year}", continent, CONTINENTS[continent], f"{year}", f"{year}년",
                           round(people / world * 100, 1), SOURCE])
    write("continents.csv", ["id", "continent_en", "continent_ko", "year_en", "year_ko", "share", "source"], shares)
    print(f"wrote {len(shown)} country-years, {len(gains)} Asian countries and Korea's series into {OUT.name}/")


if __name__ == "__main__":
    main()
