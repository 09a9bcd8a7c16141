"""The keys of the mapping beside a master that fix what the master cannot: explicit boxes
(`positions:`), hiding the background graphics, and the KPI cards that fit a narrow body."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from deck_fakes import fake_charts
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Inches

from reportgen.charts.render import plan_all
from reportgen.charts.theme import THEME, themed
from reportgen.errors import ReportgenError
from reportgen.pipeline import chart_theme
from reportgen.writers.deck.builder import DeckBuilder
from reportgen.writers.deck.layout import Box
from reportgen.writers.deck.master import DEFAULT_MASTER, find_layouts, open_master
from reportgen.writers.deck.pptx_internals import element, qn
from reportgen.writers.deck.slides import _numbered_rows
from reportgen.writers.deck.text import Para, Style
from reportgen.writers.deck.theme import Theme, chart_palette, contrast
from reportgen.writers.deck.write import write_deck

IN = 914400


def build(ctx, folder: Path, master: Path, lang: str = "en") -> Presentation:
    path = folder / f"deck.{lang}.pptx"
    write_deck(ctx, lang, fake_charts(ctx, lang, folder / "charts"), path, master)
    return Presentation(path)


def master_with_logo(folder: Path, mapping: str) -> Path:
    """The default master with a dark square on its slide master, mid-right, where the body goes."""
    prs = Presentation(DEFAULT_MASTER)
    scratch = prs.slides.add_slide(prs.slide_layouts[0])  # python-pptx draws on slides: draw there, move it (the
    logo = scratch.shapes.add_shape(1, Inches(8), Inches(2.5), Inches(4), Inches(3))  # master's own slides are dropped)
    logo.fill.solid()
    logo.fill.fore_color.rgb = RGBColor.from_string("203040")
    logo.name = "Logo block"
    element(prs.slide_masters[0]).find(qn("p:cSld")).find(qn("p:spTree")).append(element(logo))
    path = folder / "company.pptx"
    prs.save(path)
    (folder / "company.yaml").write_text(mapping, encoding="utf-8")
    return path


def chart_box(slide) -> Box:
    chart = next(s for s in slide.shapes if s.name.startswith("Chart") or s.has_chart)
    return Box(chart.left, chart.top, chart.width, chart.height)


def boxes(slide) -> list[tuple[str, Box]]:
    return [(s.name, Box(s.left, s.top, s.width, s.height)) for s in slide.shapes]


def slide_named(prs, name: str):
    return next(s for s in prs.slides if s.name == name)


def test_hiding_background_graphics_on_content_slides_writes_powerpoints_flag_and_frees_the_body(deck_ctx, tmp_path):
    shown = build(deck_ctx, tmp_path / "shown", master_with_logo(_mkdir(tmp_path / "shown"), "masters: {content: 1}\n"))
    hidden = build(deck_ctx, tmp_path / "hidden",
                   master_with_logo(_mkdir(tmp_path / "hidden"), "background_graphics: {content: hide}\n"))
    logo = Box(Inches(8), Inches(2.5), Inches(4), Inches(3))
    assert element(hidden.slides[0]).get("showMasterSp") is None  # the cover keeps the master's artwork
    kinds = {s.name: element(s).get("showMasterSp") for s in hidden.slides}
    assert kinds["users_chart"] == kinds["scale"] == kinds["sources"] == "0"
    assert kinds["cover"] is None and kinds["market_divider"] is None  # not content slides
    assert all(element(s).get("showMasterSp") is None for s in shown.slides)
    chart_shown = chart_box(slide_named(shown, "users_chart"))
    chart_hidden = chart_box(slide_named(hidden, "users_chart"))
    assert not chart_shown.overlaps(logo)  # kept clear of the logo
    assert chart_hidden.overlaps(logo)  # the logo is not shown: the body has its room
    assert chart_hidden.width > chart_shown.width


def test_explicit_boxes_move_the_title_and_the_content_of_content_slides(deck_ctx, tmp_path):
    mapping = ("positions:\n  title: {left: 1.0, top: 0.3, width: 6.0, height: 1.2}\n"
               "  body: {left: 10%, top: 30%, width: 50%, height: 50%}\n")
    prs = build(deck_ctx, tmp_path, master_with_logo(tmp_path, mapping))
    width, height = prs.slide_width, prs.slide_height
    body = Box(round(width * 0.1), round(height * 0.3), round(width * 0.5), round(height * 0.5))
    title = slide_named(prs, "users_chart").shapes.title
    assert (title.left, title.top, title.width) == (Inches(1.0), Inches(0.3), Inches(6.0))
    assert chart_box(slide_named(prs, "users_chart")).inside(body)
    cover = prs.slides[0].shapes.title
    assert cover.width != Inches(6.0)  # the cover keeps its layout's title box (no `cover:` given)


@pytest.mark.parametrize(("content", "message"), [
    ("positions:\n  body: {left: 1, top: 1, width: 20, height: 3}\n",
     "company.yaml: positions.body (line 2): the box at 1.00, 1.00 in, 20.00 x 3.00 in does not lie on the slide (13.33 x 7.50 in)"),
    ("positions:\n  body: {left: 1, top: 1, width: 12px, height: 3}\n",
     "company.yaml: positions.body.width (line 2): got '12px'; expected inches (`1.2`, `1.2in`) or percent of the slide (`8%`)"),
    ("positions: everywhere\n", "company.yaml: positions (line 1): got 'everywhere'; expected `layout`, `master` or boxes"),
    ("background_graphics: {charts: hide}\n", "company.yaml: background_graphics.charts (line 1): got 'charts'; expected one of"),
    ("background_graphics: sometimes\n", "company.yaml: background_graphics (line 1): got 'sometimes'; expected `show`, `hide`"),
])
def test_a_wrong_box_or_graphics_key_names_the_file_path_and_line(deck_ctx, tmp_path, content, message):
    with pytest.raises(ReportgenError) as error:
        build(deck_ctx, tmp_path, master_with_logo(tmp_path, content))
    assert message in str(error.value)


def test_text_too_large_for_its_box_points_at_the_positions_key(deck_ctx, tmp_path):
    mapping = "positions:\n  body: {left: 1.0, top: 2.0, width: 1.5, height: 1.0}\n"
    with pytest.raises(ReportgenError) as error:
        build(deck_ctx, tmp_path, master_with_logo(tmp_path, mapping))
    assert "or give it one in company.yaml: `positions: {body: {left: .., top: .., width: .., height: ..}}`" in str(error.value)


def test_kpi_cards_on_a_narrow_body_go_in_rows(deck_ctx, tmp_path):
    mapping = "positions:\n  body: {left: 0.8, top: 1.8, width: 3.6, height: 5.0}\n"
    prs = build(deck_ctx, tmp_path, master_with_logo(tmp_path, mapping))
    kpi = slide_named(prs, "scale")
    values = [b for name, b in boxes(kpi) if name.startswith("KPI") and name.endswith("value")]
    assert len(values) == 3 and len({b.top for b in values}) >= 2  # three cards, not one row of three
    texts = [b for name, b in boxes(kpi) if name.startswith("KPI")]
    assert not any(a.overlaps(b) for i, a in enumerate(texts) for b in texts[i + 1:])
    assert all(b.left >= Inches(0.8) and b.right <= Inches(4.4) for b in texts)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_the_chart_palette_takes_the_theme_accents_that_read_on_white_neighbours_distinct():
    theme = Theme({"accent1": "4F81BD", "accent2": "FFFF00", "accent3": "4F82BE", "accent4": "C0504D", "accent5": "8064A2",
                   "accent6": "F79646"})
    palette = chart_palette(theme)
    assert "FFFF00" not in palette and "F79646" not in palette  # 1.1:1 and 2.3:1 on white: not a mark anyone sees
    assert palette[0] == "4F81BD" and palette[1] == "C0504D"  # accent3 is accent1 again: not its neighbour
    assert all(contrast(c, "FFFFFF") >= 3 for c in palette)
    assert themed(palette).highlight == "#4F81BD" and themed(palette).series[:2] == ("#4F81BD", "#C0504D")
    assert themed(palette[:1]) == THEME  # one colour is no palette


def accented_master(folder: Path) -> Path:
    """The default master with a theme whose accents are teal, purple and orange-brown."""
    prs = Presentation(DEFAULT_MASTER)
    part = prs.slide_masters[0].part.part_related_by(RT.THEME)
    xml = part.blob.decode()
    for slot, colour in (("accent1", "00707A"), ("accent2", "6A3D9A"), ("accent3", "A0522D")):
        start = xml.index(f"<a:{slot}>")
        end = xml.index(f"</a:{slot}>") + len(f"</a:{slot}>")
        xml = xml[:start] + f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>' + xml[end:]
    part._blob = xml.encode()
    path = folder / "accented.pptx"
    prs.save(path)
    return path


def chart_fills(prs) -> set[str]:
    chart = next(s for s in slide_named(prs, "users_chart").shapes if s.has_chart).chart
    return {el.get("val") for el in chart._chartSpace.iter(qn("a:srgbClr"))}


def test_palette_master_gives_native_charts_the_theme_accents(deck_ctx, tmp_path):
    master = accented_master(tmp_path)
    charts = [c.model_copy(update={"highlight": ["quark"]}) for c in deck_ctx.report.charts]  # one bar in the highlight
    deck_ctx = replace(deck_ctx, report=deck_ctx.report.model_copy(update={"charts": charts}))
    own = build(deck_ctx, _mkdir(tmp_path / "own"), master)
    themed_ctx = replace(deck_ctx, report=deck_ctx.report.model_copy(update={"palette": "master"}))
    theirs = build(themed_ctx, _mkdir(tmp_path / "theirs"), master)
    assert "C8102E" in chart_fills(own) and "00707A" not in chart_fills(own)  # reportgen's highlight red
    assert "00707A" in chart_fills(theirs) and "C8102E" not in chart_fills(theirs)  # the master's first accent instead


def edited(folder: Path, xml: str, name: str = "company.pptx") -> Path:
    """The default master with one more shape (DrawingML `xml`) on its slide master."""
    prs = Presentation(DEFAULT_MASTER)
    shape = etree.fromstring(f'<p:sp xmlns:p="{NS_P}" xmlns:a="{NS_A}"><p:nvSpPr><p:cNvPr id="90" name="Extra"/><p:cNvSpPr txBox="1"/>'
                             f'<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="9000000" y="6400000"/><a:ext cx="1800000" cy="300000"/>'
                             f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:p>{xml}</a:p>'
                             '</p:txBody></p:sp>')
    element(prs.slide_masters[0]).find(qn("p:cSld")).find(qn("p:spTree")).append(shape)
    path = folder / name
    prs.save(path)
    return path


NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def page_numbers(slide) -> list:
    return [s for s in slide.shapes if s.name == "Slide number"]


def test_the_page_number_goes_in_the_layouts_slide_number_placeholder(deck_ctx, tmp_path):
    prs = build(deck_ctx, tmp_path, DEFAULT_MASTER)
    chart = slide_named(prs, "users_chart")
    (number,) = page_numbers(chart)
    ph = element(number).find(f".//{qn('p:ph')}")
    layout_idx = {p.get("idx") for p in element(chart.slide_layout).iter(qn("p:ph")) if p.get("type") == "sldNum"}
    assert ph is not None and ph.get("type") == "sldNum" and ph.get("idx") in layout_idx
    assert element(number).find(f".//{qn('a:fld')}").get("type") == "slidenum"
    assert not page_numbers(prs.slides[0])  # none on the cover


def test_a_master_that_draws_its_own_slide_number_gets_no_second_one(deck_ctx, tmp_path):
    field = f'<a:fld xmlns:a="{NS_A}" id="{{11111111-2222-3333-4444-555555555555}}" type="slidenum"><a:t>&lt;#&gt;</a:t></a:fld>'
    own = build(deck_ctx, _mkdir(tmp_path / "own"), edited(_mkdir(tmp_path / "own"), field))
    assert not any(page_numbers(s) for s in own.slides)
    (tmp_path / "hidden" / "company.yaml").parent.mkdir()
    (tmp_path / "hidden" / "company.yaml").write_text("background_graphics: {content: hide}\n", encoding="utf-8")
    hidden = build(deck_ctx, tmp_path / "hidden", edited(tmp_path / "hidden", field))
    assert page_numbers(slide_named(hidden, "users_chart"))  # the master's number is hidden there: ours instead


def test_a_libreoffice_field_stub_on_the_master_is_removed(deck_ctx, tmp_path):
    master = edited(tmp_path, "<a:r><a:t>&lt;date/time&gt;</a:t></a:r>")
    prs = build(deck_ctx, tmp_path, master)
    texts = [s.text_frame.text for s in prs.slide_masters[0].shapes if s.has_text_frame]
    assert "<date/time>" not in texts


def test_a_native_chart_on_a_dark_background_stands_on_a_white_card(deck_ctx, tmp_path):
    prs = Presentation(DEFAULT_MASTER)
    bg = etree.fromstring(f'<p:bg xmlns:p="{NS_P}" xmlns:a="{NS_A}"><p:bgPr><a:solidFill><a:srgbClr val="0B1730"/></a:solidFill>'
                          '<a:effectLst/></p:bgPr></p:bg>')
    element(next(lay for lay in prs.slide_layouts if lay.name == "Title Only")).find(qn("p:cSld")).insert(0, bg)
    prs.save(tmp_path / "navy.pptx")
    chart_slide = slide_named(build(deck_ctx, tmp_path, tmp_path / "navy.pptx"), "users_chart")
    shapes = list(chart_slide.shapes)
    chart = next(s for s in shapes if s.has_chart)
    (card,) = cards(chart_slide)
    assert shapes.index(card) < shapes.index(chart)  # behind it
    assert Box(chart.left, chart.top, chart.width, chart.height).inside(Box(card.left, card.top, card.width, card.height))
    plain = slide_named(build(deck_ctx, _mkdir(tmp_path / "plain"), DEFAULT_MASTER), "users_chart")
    assert not cards(plain)  # on the default master's white: no card


def cards(slide) -> list:
    return [s for s in slide.shapes if s.name == "Panel" and s.fill.fore_color.rgb == RGBColor.from_string("FEFEFE")]


def test_numbered_rows_on_a_short_wide_body_go_in_two_columns(deck_ctx):
    file = open_master(DEFAULT_MASTER)
    deck = DeckBuilder(deck_ctx, "en", {}, file.prs, find_layouts(file, ["agenda"], deck_ctx.report, deck_ctx.spec_path))
    rows = [(f"{i:02d}", [Para(f"Part {i}", Style(20.0, bold=True)), Para("what this part of the briefing says, in a line or two",
                                                                             Style(14.0))]) for i in range(1, 5)]

    def leads(area: Box) -> list[Box]:
        slide, _ = deck.new_slide("agenda", "agenda", None)
        _numbered_rows(deck, slide, area, rows, "sections", size=20.0, max_row=Inches(1.0))
        return [b for name, b in boxes(slide) if name.startswith("Row") and name.endswith("lead")]
    assert len({b.left for b in leads(Box(Inches(0.6), Inches(1.8), Inches(12), Inches(5)))}) == 1  # room: one column
    short = leads(Box(Inches(0.6), Inches(1.8), Inches(12), Inches(1.6)))
    assert len({b.left for b in short}) == 2 and len({b.top for b in short}) == 2  # two columns of two


def test_palette_master_hands_the_accents_to_the_chart_pictures_and_their_cache_keys(deck_ctx, tmp_path):
    master = accented_master(tmp_path)
    themed_ctx = replace(deck_ctx, report=deck_ctx.report.model_copy(update={"palette": "master"}))
    theme = chart_theme(themed_ctx, master)
    assert theme.highlight == "#00707A" and theme.series[:3] == theme.segments[:3] == ("#00707A", "#6A3D9A", "#A0522D")
    assert chart_theme(deck_ctx, master) == THEME  # only when the report asks
    assert {j.key for j in plan_all(themed_ctx, theme).values()}.isdisjoint(j.key for j in plan_all(deck_ctx, THEME).values())
