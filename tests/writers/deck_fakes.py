"""Stand-ins for the chart renderer, so deck tests run without matplotlib."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from reportgen.charts.render import plan
from reportgen.context import BuildContext, ChartImage
from reportgen.inputs.rows import select_rows
from reportgen.wording.figures import row_sources, source_line

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DECK_REPORT = FIXTURES / "deck"


def chart_png(path: Path, width: int = 1800, height: int = 720) -> Path:
    """A stand-in chart: a few grey bars and one blue one, drawn by Pillow."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for i, share in enumerate((0.9, 0.65, 0.4, 0.25)):
        top = 60 + i * 160
        draw.rectangle((200, top, 200 + int((width - 300) * share), top + 100), fill="#C8102E" if i == 0 else "#8A9BB0")
    image.save(path, format="PNG")
    return path


def fake_charts(ctx: BuildContext, lang: str, folder: Path) -> dict[str, ChartImage]:
    """One ChartImage per chart of the report, with the text the narrative gives it and its prepared data
    (what a native chart is written from)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = ctx.texts[lang]
    charts = {}
    for spec in ctx.report.charts:
        png = chart_png(folder / f"{spec.id}.{lang}.png")
        rows = select_rows(ctx.dataset.tables[spec.table], spec.where)
        sources = tuple(dict.fromkeys([*row_sources(rows), *spec.sources]))
        charts[spec.id] = ChartImage(
            chart_id=spec.id, lang=lang, png=png, svg=png.with_suffix(".svg"), width_px=1800, height_px=720,
            title=texts.get(f"charts.{spec.id}.title", spec.id), unit=texts.get(f"charts.{spec.id}.unit", ""),
            alt=texts.get(f"charts.{spec.id}.alt", spec.id), source_line=source_line(ctx.dataset, sources, lang),
            source_ids=sources, data=plan(ctx, spec, lang, warn=False).data,
        )
    return charts
