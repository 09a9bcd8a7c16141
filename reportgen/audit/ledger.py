"""The provenance file and the figure sheet, written with each language's deck and memo.

`<report>.<lang>.provenance.json` lists every figure the outputs can show: its printed forms, its
table, row, column and source (or its derivation, inputs and rounding), the texts that print it
(file, key, line), the slides and memo sections it belongs to, and where it appears in the written
files (slide and shape, page and line), found by reading them back. `<report>.<lang>.figures.html`
is the same as a table a reviewer reads. `reportgen audit` reads the outputs and this file only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reportgen.audit.collect import Entry, collect
from reportgen.audit.match import Matcher, placements
from reportgen.audit.read import Place, UnreadableOutputError, read_deck, read_memo
from reportgen.audit.sheet import figure_sheet
from reportgen.context import BuildContext, ChartImage
from reportgen.errors import fail
from reportgen.narrative.provenance import FigureUse
from reportgen.narrative.texts import when_of
from reportgen.writers.citations import citations
from reportgen.writers.memo.labels import memo_labels

FORMAT = 1


def provenance_name(output: Path) -> Path:
    """`china-ai-briefing.en.pptx` -> `china-ai-briefing.en.provenance.json` (beside it)."""
    return output.with_name(output.name.rsplit(".", 1)[0] + ".provenance.json")


def chart_values(ctx: BuildContext, lang: str) -> dict[str, list[FigureUse]]:
    """Each chart's value labels as figures (the chart is a picture: its labels are listed, not read back)."""
    from reportgen.charts.render import plan

    out: dict[str, list[FigureUse]] = {}
    for chart in ctx.report.charts:
        table = ctx.dataset.tables[chart.table]
        rows = table.by_id()
        uses = []
        for point in plan(ctx, chart, lang, warn=False).data.points:
            row = rows.get(point.id)
            source = " ".join(str(row.get(k) or "") for k in ("source", "source2")).split() if row else []
            for column, text, value in ((chart.y, point.text, point.value), (chart.y2, point.text2, point.value2)):
                if column and text and value is not None:
                    uses.append(FigureUse(f"{chart.table}.{point.id}.{column}", (text,), value,
                                          table.unit_of(row, column) if row else None, tuple(source),
                                          when_of(row) if row else ""))
        out[chart.id] = uses
    return out


def read_back(ctx: BuildContext, lang: str, kind: str, path: Path) -> list[Place]:
    """What a written deck or memo of `lang` shows, piece by piece (raises UnreadableOutputError)."""
    if kind == "deck":
        return read_deck(path)
    return read_memo(path, memo_sections(ctx, lang), memo_labels(ctx.texts[lang])["contents"])


def memo_sections(ctx: BuildContext, lang: str) -> dict[str, str]:
    """Each memo section's heading in `lang` -> its id."""
    texts = ctx.texts[lang]
    return {str(texts.get(f"memo.{m.id}.heading", m.id)): m.id for m in ctx.report.memo}


def write_provenance(ctx: BuildContext, lang: str, deck: Path | None, memo: Path | None, folder: Path,
                     images: Mapping[str, ChartImage] | None = None, read: Mapping[Path, list[Place]] | None = None) -> list[Path]:
    """Write the provenance file and the figure sheet of `lang` into `folder`; return their paths.
    `images`: the language's charts, for the sources the deck lists (writers/citations.py); `read`: what
    `read_back` found in some of the outputs already (the rest are read here)."""
    count = len(citations(ctx, lang, images).deck_list) if deck is not None and images is not None else None
    ledger = collect(ctx, lang, chart_values(ctx, lang), count)
    entries = sorted(ledger.entries.values(), key=lambda e: (e.use.ref, e.use.shown))
    figures = [_figure(e, ctx) for e in entries]
    sections = memo_sections(ctx, lang)
    contents = memo_labels(ctx.texts[lang])["contents"]
    outputs = []
    for kind, path in (("deck", deck), ("memo", memo)):
        if path is None:
            continue
        try:
            places = (read or {}).get(path)
            places = read_back(ctx, lang, kind, path) if places is None else places
        except UnreadableOutputError as exc:
            raise fail(path, "", f"{exc}; nothing was published") from None
        for i, spots in placements(places, Matcher(figures, kind)).items():
            figures[i]["appears"].extend(spots)
        outputs.append(path.name)
    doc = {
        "format": FORMAT,
        "report": ctx.report.id,
        "lang": lang,
        "built": ctx.built_at.isoformat(),
        "outputs": outputs,
        "memo_sections": sections,
        "memo_contents": contents,
        "sources": {sid: _source(ctx, sid) for sid in ctx.dataset.sources},
        "figures": figures,
    }
    stem = f"{ctx.report.id}.{lang}"
    json_path = folder / f"{stem}.provenance.json"
    json_path.write_text(json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    sheet_path = folder / f"{stem}.figures.html"
    sheet_path.write_text(figure_sheet(doc), encoding="utf-8")
    return [json_path, sheet_path]


def _figure(entry: Entry, ctx: BuildContext) -> dict[str, Any]:
    out = entry.use.as_dict()
    out["deck"] = sorted(entry.deck)
    out["memo"] = sorted(entry.memo)
    out["texts"] = [{**t, "file": _relative(t["file"], ctx)} for t in entry.texts]
    out["appears"] = []
    return out


def _relative(file: str, ctx: BuildContext) -> str:
    """A text file named from the report folder (`text/en/story.yaml`): no path of the machine."""
    path = Path(file)
    try:
        return path.resolve().relative_to(ctx.report.folder.resolve()).as_posix()
    except ValueError:
        return path.name


def _source(ctx: BuildContext, source_id: str) -> dict[str, Any]:
    source = ctx.dataset.sources[source_id]
    out = {"publisher": source.publisher, "title": source.title, "date": source.date or "", "url": source.url or ""}
    footnote = getattr(source, "footnote", None)
    if footnote is not None:
        out["footnote"] = footnote
    return out
