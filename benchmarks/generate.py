"""A generated report of any size, for the scale benchmark: N charts, N chart slides, a memo with N figures.

Every chart shows its own group of six rows (different values, so every picture differs and none is
shared between slides), with a paragraph before it in the memo that names one of its figures.

Run: python benchmarks/generate.py N FOLDER   (writes FOLDER/data and FOLDER/report)
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ITEMS = [("alpha", "알파", "Alpha"), ("beta", "베타", "Beta"), ("gamma", "감마", "Gamma"),
         ("delta", "델타", "Delta"), ("epsilon", "엡실론", "Epsilon"), ("zeta", "제타", "Zeta")]
PER_SECTION = 10

DATAPACKAGE = """name: scale
title: Generated figures for the scale benchmark
sources:
  - {id: gen, publisher: reportgen benchmarks, title: "Generated figures", date: "2025-06"}
resources:
  - name: figures
    path: figures.csv
    title: Generated figures by group
    schema:
      primaryKey: id
      fields:
        - {name: id, type: string, constraints: {required: true, unique: true, pattern: "^[a-z0-9_]+$"}}
        - {name: grp, type: string, constraints: {required: true}}
        - {name: item_ko, type: string, constraints: {required: true}}
        - {name: item_en, type: string, constraints: {required: true}}
        - {name: value, type: number, unit: companies, constraints: {minimum: 0}}
        - {name: date, type: string}
        - {name: source, type: string, constraints: {required: true}}
"""


def generate(count: int, folder: Path, seed: int = 7) -> Path:
    """Write a dataset and a report with `count` charts; return the report folder."""
    rng = random.Random(seed)
    data, report = folder / "data", folder / "report"
    (report / "text").mkdir(parents=True, exist_ok=True)
    data.mkdir(parents=True, exist_ok=True)
    (data / "datapackage.yaml").write_text(DATAPACKAGE, encoding="utf-8")
    rows = ["id,grp,item_ko,item_en,value,date,source"]
    for g in range(count):
        for key, ko, en in ITEMS:
            rows.append(f"g{g:04d}_{key},g{g:04d},{ko},{en},{rng.randint(10, 5000)},2025-05,gen")
    (data / "figures.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (report / "report.yaml").write_text(_spec(count), encoding="utf-8")
    for lang in ("ko", "en"):
        (report / "text" / f"{lang}.yaml").write_text(_text(count, lang), encoding="utf-8")
    return report


def _sections(count: int) -> list[list[int]]:
    return [list(range(s, min(s + PER_SECTION, count))) for s in range(0, count, PER_SECTION)]


def _spec(count: int) -> str:
    lines = ["id: scale", "dataset: ../data/datapackage.yaml", "languages: [ko, en]", "date: 2025-06-30",
             "author: reportgen", "charts:"]
    for g in range(count):
        kind = "ranked_bar" if g % 2 == 0 else "column"
        lines.append(f"  - {{id: c{g:04d}, kind: {kind}, table: figures, x: item, y: value, sort: desc, "
                     f"where: {{grp: g{g:04d}}}, highlight: [g{g:04d}_alpha]}}")
    lines.append("deck:")
    for n, group in enumerate(_sections(count)):
        lines += [f"  - section: s{n:03d}", "    slides:"]
        if n == 0:
            lines.append("      - {id: cover, kind: title}")
        lines += [f"      - {{id: slide{g:04d}, kind: chart, chart: c{g:04d}}}" for g in group]
    lines.append("      - {id: sources, kind: sources}")
    lines.append("memo:")
    for n, group in enumerate(_sections(count)):
        lines += [f"  - id: m{n:03d}", "    blocks:"]
        for g in group:
            lines += [f"      - {{text: p{g:04d}}}", f"      - {{chart: c{g:04d}}}"]
    return "\n".join(lines) + "\n"


def _text(count: int, lang: str) -> str:
    ko = lang == "ko"
    lines = ["meta:", f"  title: {'규모 시험 보고서' if ko else 'Scale test report'}",
             f"  subtitle: {'생성된 수치' if ko else 'Generated figures'}", "  audience: Executives",
             "  classification: Internal", "  author: reportgen", "sections:"]
    lines += [f"  s{n:03d}: {'구역' if ko else 'Section'} {n + 1}" for n in range(len(_sections(count)))]
    lines.append("memo:")
    lines += [f"  m{n:03d}: {{heading: {'구역' if ko else 'Section'} {n + 1}}}" for n in range(len(_sections(count)))]
    lines.append("charts:")
    for g in range(count):
        figure = f"{{{{ data.figures.g{g:04d}_alpha.value }}}}"
        title = f"알파는 {figure}" if ko else f"Alpha stands at {figure}"
        lines += [f"  c{g:04d}:", f'    title: "{title}"', f"    unit: {'기업 수' if ko else 'Companies'}",
                  f"    alt: {'막대 그래프' if ko else 'Bar chart'} {g}"]
    lines.append("slides:")
    lines.append(f"  cover: {{title: {'규모 시험' if ko else 'Scale test'}}}")
    lines.append(f"  sources: {{title: {'출처' if ko else 'Sources'}}}")
    for g in range(count):
        title = f"{'그룹' if ko else 'Group'} {g}: {'알파가 앞선다' if ko else 'Alpha leads'}"
        lines.append(f"  slide{g:04d}: {{title: \"{title}\", notes: {'그룹' if ko else 'Group'} {g}}}")
    lines.append("paragraphs:")
    for g in range(count):
        figure = f"{{{{ data.figures.g{g:04d}_beta.value }}}}"
        text = f"그룹 {g}에서 베타는 {figure}입니다." if ko else f"In group {g}, Beta stands at {figure}."
        lines.append(f'  p{g:04d}: "{text}"')
    lines += ["columns:", f"  figures.item: {'항목' if ko else 'Item'}", f"  figures.value: {'값' if ko else 'Value'}"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(generate(int(sys.argv[1]), Path(sys.argv[2])))
