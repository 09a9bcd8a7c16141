"""The evidence: chart slides (action title, unit line, picture, source line) and KPI slides."""

from __future__ import annotations

from reportgen.context import ChartImage
from reportgen.errors import fail
from reportgen.inputs.dataset import Row, Table
from reportgen.inputs.spec import DeckSection, Kpi, Slide
from reportgen.wording import formats
from reportgen.wording.figures import kpi_text, row_sources, source_line
from reportgen.writers.citations import text_cited
from reportgen.writers.deck import style as look
from reportgen.writers.deck.builder import DeckBuilder, flat
from reportgen.writers.deck.layout import Box, inches
from reportgen.writers.deck.native_chart import add_native_chart
from reportgen.writers.deck.pptx_internals import picture_properties
from reportgen.writers.deck.text import Para, Style, fit


def text_source_line(deck: DeckBuilder, s: object, frame: object, slide: Slide) -> None:
    """The source line of a slide whose figures are in its text (summary, recommendation): the
    sources of the rows its templates name (`slides.<id>`, and its recommendation's text)."""
    keys = [f"slides.{slide.id}.title", f"slides.{slide.id}.bullets"]  # what the slide shows, not its notes
    keys += [f"recommendations.{slide.recommendation}"] if slide.recommendation else []
    ids = list(dict.fromkeys(sid for key in keys for sid in text_cited(deck.ctx.dataset, deck.texts, key).sources))
    if ids:
        deck.source_line(s, frame, source_line(deck.ctx.dataset, ids, deck.lang), keys[-1])


VALUE_FLOOR = 0.55  # a KPI value may shrink further than other text before it wraps
CARD_HEIGHT = inches(2.0)  # a KPI card: accent rule, value, label, comparison line (the slide has one source line)


def chart_image(deck: DeckBuilder, slide: Slide) -> ChartImage:
    image = deck.charts.get(slide.chart or "")
    if image is None:
        raise fail(deck.ctx.spec_path, f"slide {slide.id!r}", f"chart {slide.chart!r} was not rendered for the {deck.lang} deck")
    return image


def chart_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    image = chart_image(deck, slide)
    s, frame = deck.new_slide("chart", slide.id, section.section)
    key = f"slides.{slide.id}"
    title = deck.text_of(f"{key}.title") or image.title
    deck.title(s, frame, title, f"{key}.title")
    unit_height = inches(0.3)
    deck.text(s, "Unit line", frame.body.top_part(unit_height), [Para(image.unit, Style(look.UNIT, color=look.MUTED))],
              f"charts.{slide.chart}.unit", max_lines=1)
    area = frame.body.below(unit_height, inches(0.1))
    bullets = [str(b) for b in flat(deck.text_of(f"{key}.bullets"))]
    if bullets:
        area, side = area.columns([0.64, 0.36], inches(0.35))
        _takeaways(deck, s, side, bullets, f"{key}.bullets")
    if deck.ctx.report.native(image.chart_id):
        add_native_chart(s.shapes, area, image, deck.lang, deck.ctx.built_at)
    else:
        _picture(s, area, image)
    deck.source_line(s, frame, image.source_line, f"charts.{slide.chart}")
    unit = image.unit if image.unit.startswith(deck.label("unit")) else f"{deck.label('unit')}: {image.unit}"
    deck.notes(s, deck.slide_notes(slide.id) + bullets + [unit, image.source_line])


def _picture(s: object, area: Box, image: ChartImage) -> None:
    box = area.fit_picture(image.width_px, image.height_px)
    picture = s.shapes.add_picture(str(image.png), box.left, box.top, box.width, box.height)
    picture.name = f"Chart {image.chart_id}"
    c_nv_pr = picture_properties(picture)
    c_nv_pr.set("descr", image.alt)
    c_nv_pr.set("title", image.title)


def _takeaways(deck: DeckBuilder, s: object, box: Box, bullets: list[str], key: str) -> None:
    deck.panel(s, box)
    inner = box.shrink(inches(0.25), inches(0.25))
    items = [Para(deck.label("takeaways"), Style(look.SMALL, bold=True, color=look.ACCENT))]
    items += [Para(b, Style(14.0, bullet="•", space_before=10.0)) for b in bullets]
    deck.text(s, "Key messages", inner, items, key)


def kpi_figure(deck: DeckBuilder, kpi: Kpi) -> tuple[Table, Row, str]:
    """The table, row and formatted value of a KPI (`167만 개 이상` / `over 1.67M companies`), in its `format:`."""
    return kpi_text(deck.ctx.dataset, kpi, deck.lang)


def kpi_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    s, frame = deck.new_slide("kpi", slide.id, section.section)
    key = f"slides.{slide.id}"
    deck.title(s, frame, deck.text_of(f"{key}.title", ""), f"{key}.title")
    labels = [str(x) for x in flat(deck.text_of(f"{key}.kpis"))]
    compare = [str(x) for x in flat(deck.text_of(f"{key}.compare"))]
    area = frame.body
    bullets = [str(b) for b in flat(deck.text_of(f"{key}.bullets"))]
    if bullets:
        area, below = area.rows([0.62, 0.38], inches(0.3))
        deck.text(s, "Key messages", below, [Para(b, Style(look.BODY, bullet="•", space_before=8.0)) for b in bullets], f"{key}.bullets")
    count = len(slide.kpis)
    per_row = count if count <= 3 else (2 if count == 4 else 3)
    row_count = -(-count // per_row)
    gap = inches(0.45)
    block = CARD_HEIGHT * row_count + gap * (row_count - 1)
    top = area.top + max(0, (area.height - block) * 2 // 5) if not bullets else area.top
    cells = Box(area.left, top, area.width, min(block, area.height)).grid(count, per_row, inches(0.5), gap)
    cards = []
    for i, kpi in enumerate(slide.kpis):
        table, row, value = kpi_figure(deck, kpi)
        name = labels[i] if i < len(labels) else _metric(row, deck.lang) or kpi.figure
        cards.append((cells[i], value, name, compare[i] if i < len(compare) else _when(deck, row)))
    parts = [_card_parts(cell) for cell, *_ in cards]
    number_style, label_style = Style(look.KPI, bold=True, color=look.ACCENT), Style(15.0, color=look.INK)
    values = [("KPI value", p[0], [Para(c[1], number_style)]) for p, c in zip(parts, cards, strict=True)]
    one_line = all(fit(items, box.width, box.height, VALUE_FLOOR, 1) is not None for _, box, items in values)
    number_scale = deck.common_scale(values, key, floor=VALUE_FLOOR, max_lines=1 if one_line else 2)  # else value wraps once
    label_scale = deck.common_scale([("KPI label", p[1], [Para(c[2], label_style)]) for p, c in zip(parts, cards, strict=True)],
                                    f"{key}.kpis")
    figures = []
    for i, ((cell, value, name, caption), (number_box, label_box, caption_box)) in enumerate(zip(cards, parts, strict=True)):
        deck.rule(s, cell.left, cell.top, cell.width, color=look.ACCENT, weight=2.0)
        deck.text(s, f"KPI {i + 1} value", number_box, [Para(value, number_style)], key, anchor="bottom", scale=number_scale)
        deck.text(s, f"KPI {i + 1} label", label_box, [Para(name, label_style)], f"{key}.kpis", scale=label_scale)
        deck.text(s, f"KPI {i + 1} comparison", caption_box, [Para(caption, Style(look.SMALL, color=look.MUTED))],
                  f"{key}.compare", max_lines=2)
        figures.append(f"{name}: {value} — {caption}")
    rows = [kpi_figure(deck, k)[1] for k in slide.kpis]
    compared = text_cited(deck.ctx.dataset, deck.texts, f"{key}.compare").sources
    deck.source_line(s, frame, source_line(deck.ctx.dataset, [*row_sources(rows), *compared], deck.lang), key)
    deck.notes(s, deck.slide_notes(slide.id) + bullets + [deck.label("notes_figures") + ":"] + [f"• {f}" for f in figures])


def _card_parts(cell: Box) -> tuple[Box, Box, Box]:
    """Value, label and comparison boxes of one KPI card (top to bottom), under the card's accent rule; a card
    shorter than CARD_HEIGHT (a small master) shrinks every part alike."""
    k = min(1.0, cell.height / CARD_HEIGHT)
    value = Box(cell.left, cell.top + round(inches(0.12) * k), cell.width, round(inches(0.8) * k))
    label = Box(cell.left, value.bottom + round(inches(0.06) * k), cell.width, round(inches(0.5) * k))
    caption = Box(cell.left, label.bottom + round(inches(0.06) * k), cell.width, round(inches(0.45) * k))
    return value, label, caption


def _metric(row: Row, lang: str) -> str:
    return str(row.get(f"metric_{lang}") or row.get("metric") or "")


def _when(deck: DeckBuilder, row: Row) -> str:
    """The card's line when the text gives no comparison: the figure's date (the source is the slide's one line)."""
    when = row.get("date") or row.get("year")
    return formats.date_text(str(when), deck.lang) if when else ""
