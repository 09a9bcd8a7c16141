"""Company masters: placeholders read as PowerPoint reads them, mappings beside the master, the master's
look and contrast, `reportgen master inspect`. (Every master LibreOffice ships: test_foreign_masters.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from deck_fakes import fake_charts
from lxml import etree
from pptx import Presentation
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.errors import ReportgenError
from reportgen.writers.deck.master import DEFAULT_MASTER, open_master
from reportgen.writers.deck.pptx_internals import element, qn
from reportgen.writers.deck.theme import contrast, readable
from reportgen.writers.deck.write import write_deck


def build(ctx, lang: str, folder: Path, template: Path | None = None) -> Path:
    path = folder / f"deck.{lang}.pptx"
    write_deck(ctx, lang, fake_charts(ctx, lang, folder / "charts"), path, template)
    return path


def edited_master(folder: Path, edit, name: str = "company.pptx") -> Path:
    prs = Presentation(DEFAULT_MASTER)
    edit(prs)
    path = folder / name
    prs.save(path)
    return path


def layout(prs, name: str):
    return next(lay for lay in prs.slide_layouts if lay.name == name)


def drop_indexes(prs) -> None:
    """What LibreOffice writes: placeholders without idx (and the subtitle's own position kept)."""
    for ph in element(layout(prs, "Title")).iter(qn("p:ph")):
        ph.attrib.pop("idx", None)


def test_a_placeholder_without_idx_is_not_the_title(deck_ctx, tmp_path):
    master = edited_master(tmp_path, drop_indexes)
    prs = Presentation(build(deck_ctx, "en", tmp_path, master))
    cover = prs.slides[0]
    title = next(s for s in cover.placeholders if s.placeholder_format.type == 3)  # centre title
    subtitle = next(s for s in cover.placeholders if s.placeholder_format.type == 4)
    assert subtitle.placeholder_format.idx != 0
    assert subtitle.top >= title.top + title.height  # under the title, not on it
    assert subtitle.text_frame.text == deck_ctx.texts["en"].get("meta.subtitle")
    types = [(ph.get("type"), ph.get("idx")) for ph in element(layout(open_master(master).prs, "Title")).iter(qn("p:ph"))]
    assert ("ctrTitle", None) in types and all(idx for kind, idx in types if kind != "ctrTitle")


def test_a_mapping_beside_the_master_chooses_its_layouts(deck_ctx, tmp_path):
    def rename(prs):
        for lay in prs.slide_layouts:
            lay.name = {"Title Only": "Headline", "Section": "Divider"}.get(lay.name, lay.name)
    master = edited_master(tmp_path, rename)
    (tmp_path / "company.yaml").write_text("layouts:\n  chart: Headline\n  section: {master: 1, layout: Divider}\n", encoding="utf-8")
    prs = Presentation(build(deck_ctx, "en", tmp_path, master))
    used = {(slide.name, slide.slide_layout.name) for slide in prs.slides}
    assert ("users_chart", "Headline") in used and ("market_divider", "Divider") in used


@pytest.mark.parametrize(("content", "message"), [
    ("layouts:\n  chrat: Headline\n", "company.yaml: layouts.chrat (line 2): got 'chrat'; expected one of 'title', "),
    ("layouts:\n  chart: {master: 3, layout: Title Only}\n",
     "company.yaml: layouts.chart (line 2): names master 3, but company.pptx has 1 master(s)"),
    ("layouts:\n  chart: Headline\n", "company.yaml: layouts.chart (line 2): 'Headline' is no layout of company.pptx; its layouts: "
     "'Title', 'Title and Content', 'Section', 'Title Only', 'Blank'"),
])
def test_a_wrong_mapping_beside_the_master_names_its_file_path_and_line(deck_ctx, tmp_path, content, message):
    master = edited_master(tmp_path, lambda prs: None)
    (tmp_path / "company.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ReportgenError) as error:
        build(deck_ctx, "en", tmp_path, master)
    assert message in str(error.value)


def dark_content_layout(prs) -> None:
    """A navy background on 'Title Only', with the master's dark title colour left as it is."""
    bg = etree.fromstring('<p:bg xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
                          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:bgPr><a:solidFill>'
                          '<a:srgbClr val="0B1730"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>')
    element(layout(prs, "Title Only")).find(qn("p:cSld")).insert(0, bg)


def test_text_on_a_dark_layout_takes_a_readable_theme_colour(deck_ctx, tmp_path):
    prs = Presentation(build(deck_ctx, "en", tmp_path, edited_master(tmp_path, dark_content_layout)))
    chart = next(s for s in prs.slides if s.name == "users_chart")
    colours = {shape.name: {c.get("val") for c in element(shape).iter(qn("a:srgbClr"))
                            if c.getparent().getparent().tag == qn("a:rPr")}
               for shape in chart.shapes if shape.has_text_frame and shape.text_frame.text.strip()}
    assert colours["Title 1"] and all(contrast(c, "0B1730") >= 3 for c in colours["Title 1"])
    for name in ("Unit line", "Source line", "Section tracker", "Slide number"):
        assert colours[name] and all(contrast(c, "0B1730") >= 4.5 for c in colours[name]), name


def test_readable_keeps_a_colour_that_reads_and_else_takes_a_theme_colour():
    assert readable("1F2A37", ["FFFFFF"], 4.5, ["FFFFFF"]) == "1F2A37"
    assert readable("1F2A37", ["0B1730"], 4.5, ["1F2A37", "F2F4F7"]) == "F2F4F7"
    assert readable("000000", ["000000", "FFFFFF"], 4.5, []) is None  # nothing reads on black and white at once


def test_master_inspect_lists_masters_layouts_placeholders_and_choices(tmp_path):
    result = CliRunner().invoke(app, ["master", "inspect", str(DEFAULT_MASTER)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "master.pptx: slides 13.33 x 7.50 in, 1 slide master(s), 5 layout(s)" in out
    assert "theme fonts: headings NanumGothic (East Asian: NanumGothic)" in out
    assert "  layout 'Title Only': background #FFFFFF; artwork: line at 0.60, 1.55 in, 12.13 x 0.00 in" in out
    assert "    title     idx -    at 0.60, 0.55 in, 12.13 x 0.90 in" in out
    assert "  chart          master 1, 'Title Only': named 'Title Only'" in out
    assert "  section        master 1, 'Section': named 'Section'" in out


def test_master_inspect_of_a_file_that_is_not_a_master_is_one_clear_error(tmp_path):
    bad = tmp_path / "notes.pptx"
    bad.write_text("not a deck")
    result = CliRunner().invoke(app, ["master", "inspect", str(bad)])
    assert result.exit_code == 1
    assert "notes.pptx: cannot be read as a PowerPoint file" in result.output
    assert "Traceback" not in result.output


def test_the_default_master_is_read_as_one_master_with_its_five_layouts():
    file = open_master(None)
    assert [lay.name for lay in file.layouts()] == ["Title", "Title and Content", "Section", "Title Only", "Blank"]
    assert file.masters[0].theme.slot("accent1") == "1F4E79"
