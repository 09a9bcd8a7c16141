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
from reportgen.writers.deck.kpi_cards import CAPTION_LINES, VALUE_FLOOR, Card, arrange
from reportgen.writers.deck.layout import Box, inches
from reportgen.writers.deck.master_look import BODY_RATIO
from reportgen.writers.deck.native_chart import add_native_chart
from reportgen.writers.deck.placement import layout_backdrop
from reportgen.writers.deck.pptx_internals import picture_properties
from reportgen.writers.deck.text import Para, Style
from reportgen.writers.deck.theme import worst_contrast


def text_source_line(deck: DeckBuilder, s: object, frame: object, slide: Slide) -> None:
    """The source line of a slide whose figures are in its text (summary, recommendation): the
    sources of the rows its templates name (`slides.<id>`, and its recommendation's text)."""
    keys = [f"slides.{slide.id}.title", f"slides.{slide.id}.bullets"]  # what the slide shows, not its notes
    keys += [f"recommendations.{slide.recommendation}"] if slide.recommendation else []
    ids = list(dict.fromkeys(sid for key in keys for sid in text_cited(deck.ctx.dataset, deck.texts, key).sources))
    if ids:
        deck.source_line(s, frame, source_line(deck.ctx.dataset, ids, deck.lang), keys[-1])




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
        _ground(deck, s, area)
        add_native_chart(s.shapes, area, image, deck.lang, deck.ctx.built_at, deck.chart_theme)
    else:
        _picture(s, area, image)
    deck.source_line(s, frame, image.source_line, f"charts.{slide.chart}")
    unit = image.unit if image.unit.startswith(deck.label("unit")) else f"{deck.label('unit')}: {image.unit}"
    deck.notes(s, deck.slide_notes(slide.id) + bullets + [unit, image.source_line])


CHART_GROUND = "FEFEFE"  # white, but no colour role of the design: the master's look leaves it as it is


def _ground(deck: DeckBuilder, s: object, area: Box) -> None:
    """A native chart is transparent; where its text would not read on the master's background there (an orange
    gradient, a photograph), it stands on a white card, as its picture would."""
    theme = deck.chart_theme
    under = layout_backdrop(deck.layouts["chart"], area, deck.prs.slide_width, deck.prs.slide_height)
    if min(worst_contrast(c.lstrip("#"), under) for c in (theme.grey, theme.ink)) < BODY_RATIO:
        deck.panel(s, area, color=CHART_GROUND)


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
    number_style, label_style, caption_style = Style(look.KPI, bold=True, color=look.ACCENT), Style(15.0, color=look.INK), \
        Style(look.SMALL, color=look.MUTED)
    content = []
    for i, kpi in enumerate(slide.kpis):
        table, row, value = kpi_figure(deck, kpi)
        name = labels[i] if i < len(labels) else _metric(row, deck.lang) or kpi.figure
        caption = compare[i] if i < len(compare) else _when(deck, row)
        content.append(Card([Para(value, number_style)], [Para(name, label_style)], [Para(caption, caption_style)]))
    placed = arrange(area, content, centred=not bullets)
    cards = [(cell, c.value[0].text, c.label[0].text, c.caption[0].text) for cell, c in zip(placed.cells, content, strict=True)]
    parts = placed.parts
    values = [("KPI value", p[0], c.value) for p, c in zip(parts, content, strict=True)]
    number_scale = deck.common_scale(values, key, floor=VALUE_FLOOR, max_lines=placed.value_lines)  # else value wraps once
    label_scale = deck.common_scale([("KPI label", p[1], c.label) for p, c in zip(parts, content, strict=True)], f"{key}.kpis")
    figures = []
    for i, ((cell, value, name, caption), (number_box, label_box, caption_box)) in enumerate(zip(cards, parts, strict=True)):
        deck.rule(s, cell.left, cell.top, cell.width, color=look.ACCENT, weight=2.0)
        deck.text(s, f"KPI {i + 1} value", number_box, [Para(value, number_style)], key, anchor="bottom", scale=number_scale)
        deck.text(s, f"KPI {i + 1} label", label_box, [Para(name, label_style)], f"{key}.kpis", scale=label_scale)
        deck.text(s, f"KPI {i + 1} comparison", caption_box, [Para(caption, caption_style)], f"{key}.compare",
                  max_lines=CAPTION_LINES)
        figures.append(f"{name}: {value} — {caption}")
    rows = [kpi_figure(deck, k)[1] for k in slide.kpis]
    compared = text_cited(deck.ctx.dataset, deck.texts, f"{key}.compare").sources
    deck.source_line(s, frame, source_line(deck.ctx.dataset, [*row_sources(rows), *compared], deck.lang), key)
    deck.notes(s, deck.slide_notes(slide.id) + bullets + [deck.label("notes_figures") + ":"] + [f"• {f}" for f in figures])


def _metric(row: Row, lang: str) -> str:
    return str(row.get(f"metric_{lang}") or row.get("metric") or "")


def _when(deck: DeckBuilder, row: Row) -> str:
    """The card's line when the text gives no comparison: the figure's date (the source is the slide's one line)."""
    when = row.get("date") or row.get("year")
    return formats.date_text(str(when), deck.lang) if when else ""
