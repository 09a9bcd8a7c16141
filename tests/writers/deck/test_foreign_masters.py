"""Masters nobody here made: every Impress template LibreOffice ships, converted to .pptx at run time.

The default report builds on each, in both languages, with no mapping; where it cannot, it fails with
one clear message that names the mapping file beside the master, and the mapping this test carries
(written there, as a consultant would) makes it build. Every deck built: the Open XML SDK validator finds no error, no shape leaves the
slide, no text box overlaps a picture of the master, every text reads against what it sits on.
The converted masters are cached in the system temp folder between runs (never in the repository).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from deck_fakes import fake_charts
from pptx import Presentation
from pptx.oxml.ns import qn

from reportgen.charts.theme import THEME
from reportgen.errors import ReportgenError
from reportgen.pipeline import load
from reportgen.writers.deck.anatomy import TITLES
from reportgen.writers.deck.check import off_slide
from reportgen.writers.deck.layout import Box
from reportgen.writers.deck.master import open_master
from reportgen.writers.deck.master_look import BODY_RATIO, TITLE_RATIO, backdrop, text_area
from reportgen.writers.deck.placement import obstacles
from reportgen.writers.deck.theme import worst_contrast
from reportgen.writers.deck.write import write_deck

pytestmark = pytest.mark.slow

REPORT = Path(__file__).resolve().parents[3] / "templates" / "china-ai-briefing"
SOFFICE = shutil.which("soffice")
VALIDATOR = shutil.which("ooxml-validator")

# The mappings that make a master build where it does not as shipped, each beside its master as <name>.yaml.
MAPPINGS: dict[str, str] = {
    # a blueprint photo behind the content master's KPI captions; the second master is plainer
    "Blueprint_Plans": "positions: master\nmasters: {content: 2}\n",
    # the cover's subtitle would sit on a photo, the section number on coloured blocks
    "Candy": "masters: {cover: 4}\nlayouts: {section: {master: 4, layout: Title Only}}\n",
    # LibreOffice wrote every layout with the cover's mid-slide title
    "Midnightblue": "positions: master\n",
    # the content master's body holds a yellow band and a light bulb
    "Yellow_Idea": "masters: {content: 7}\nlayouts: {section: {master: 7, layout: Title Only}}\n",
    # coloured blocks leave masters 1-3 a small white body; master 4 keeps them at its edges
    "Focus": "positions: master\nmasters: {cover: 4, content: 4}\n",
    # photographs on most masters; master 8 has small ones in its corners
    "Grey_Elegant": "masters: {cover: 8, content: 8}\npositions: {title: {left: 1.0, top: 0.45, width: 7.3, height: 1.0}}\n",
    # LibreOffice's layouts put the title mid-slide; master 2 has a title band and a body under it
    "Progress": "positions: master\nmasters: {content: 2}\n",
    # a collage of lights under a see-through glow: no colour reads all over it, so every slide hides it
    "Lights": "masters: {cover: 2, content: 2}\npositions: master\nbackground_graphics: hide\n",
    # the cover's title on piano keys, a dividers' text on a photograph: both hide them; content slides keep their bands
    "Piano": "background_graphics: {title: hide, section: hide}\n",
    # titles on grey photographs: every slide hides them and keeps the black ground
    "Portfolio": "background_graphics: hide\n",
    # one master whose title box is 3.9 in wide: wider boxes for every title
    "Sunset": ("positions:\n  title: {left: 1.0, top: 0.45, width: 9.0, height: 0.85}\n"
               "  cover: {title: {left: 1.0, top: 1.6, width: 9.0, height: 1.6}}\n"
               "  section: {title: {left: 1.0, top: 1.6, width: 9.0, height: 1.6}}\n"),
    # a picture frame around every slide: the content and the cover's subtitle inside it, in percent of the slide
    "Vintage": ("masters: {content: 2}\npositions:\n  placeholders: master\n"
                "  body: {left: 9%, top: 23%, width: 82%, height: 57%}\n"
                "  cover: {subtitle: {left: 9%, top: 62%, width: 82%, height: 14%}}\n"),
}
def shipped_templates() -> list[Path]:
    if SOFFICE is None:
        return []
    share = Path(os.path.realpath(SOFFICE)).parents[1] / "share" / "template"
    return sorted(share.rglob("*.otp"))


TEMPLATES = shipped_templates()


@pytest.fixture(scope="module")
def converted() -> Path:
    """Every template as .pptx, converted once per LibreOffice install and kept in the system temp folder."""
    key = hashlib.sha256("".join(f"{t}:{t.stat().st_size}" for t in TEMPLATES).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"reportgen-test-masters-{key}"
    if not all((folder / f"{t.stem}.pptx").is_file() for t in TEMPLATES):
        work = Path(tempfile.mkdtemp(prefix="reportgen-convert-"))
        subprocess.run([SOFFICE, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--convert-to", "pptx",
                        "--outdir", str(work), *map(str, TEMPLATES)], capture_output=True, timeout=600, check=True)
        folder.mkdir(exist_ok=True)
        for template in TEMPLATES:
            shutil.copy(work / f"{template.stem}.pptx", folder / f"{template.stem}.pptx")
        shutil.rmtree(work, ignore_errors=True)
    return folder


@pytest.fixture(scope="module")
def report_ctx():
    return load(REPORT)


def build_all(ctx, master: Path, folder: Path) -> list[Path]:
    decks = []
    for lang in ctx.report.languages:
        path = folder / f"deck.{lang}.pptx"
        write_deck(ctx, lang, fake_charts(ctx, lang, folder / "charts"), path, master)
        decks.append(path)
    return decks


@pytest.mark.skipif(not TEMPLATES, reason="LibreOffice and its Impress templates are not installed")
@pytest.mark.parametrize("name", [t.stem for t in TEMPLATES])
def test_the_default_report_builds_on_a_shipped_template(name, converted, report_ctx, tmp_path):
    master = tmp_path / f"{name}.pptx"
    shutil.copy(converted / f"{name}.pptx", master)
    try:
        decks = build_all(report_ctx, master, tmp_path)
        assert name not in MAPPINGS, f"{name} builds as shipped: drop it from MAPPINGS"
    except ReportgenError as error:
        assert name in MAPPINGS, f"{name} fails and the test carries no mapping for it:\n{error}"
        assert all(p.where and p.message for p in error.problems), str(error)
        assert f"{name}.yaml" in str(error), f"the message does not point at the mapping that fixes it:\n{error}"
        (tmp_path / f"{name}.yaml").write_text(MAPPINGS[name], encoding="utf-8")
        decks = build_all(report_ctx, master, tmp_path)
    for deck in decks:
        check_deck(deck, master)


def check_deck(deck: Path, master: Path) -> None:
    if VALIDATOR is not None:
        result = subprocess.run([VALIDATOR, str(deck)], capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout[:3000]
    prs = Presentation(deck)
    width, height = prs.slide_width, prs.slide_height
    layouts = {(info.master, info.name): info for info in open_master(master).layouts()}
    masters = list(prs.slide_masters)
    for number, slide in enumerate(prs.slides, start=1):
        where = f"{deck.name} slide {number} ({slide.name})"
        assert off_slide(slide, width, height) == [], where
        layout = layouts[(masters.index(slide.slide_layout.slide_master) + 1, slide.slide_layout.name)]
        if slide._element.get("showMasterSp") == "0":  # "Hide background graphics": the layout's and master's shapes
            layout = replace(layout, artwork=())
        pictures = obstacles(layout, width, height, pictures_only=True)
        for shape in slide.shapes:
            native = getattr(shape, "has_chart", False) or shape._element.tag == qn("p:grpSp")  # a picture has its ground
            if native and shape.name.startswith("Chart"):  # a native chart's text (its own colours) on what lies under it
                under = backdrop(layout, Box(shape.left, shape.top, shape.width, shape.height), slide, width, height,
                                 exclude=shape._element)
                assert worst_contrast(THEME.grey.lstrip("#"), under) >= BODY_RATIO, f"{where}: {shape.name!r} on {under}"
            if not (shape.has_text_frame and shape.text_frame.text.strip()):
                continue
            box = Box(shape.left, shape.top, shape.width, shape.height)
            assert not any(box.overlaps(p) for p in pictures), f"{where}: {shape.name!r} overlaps a picture of the master"
            ph = shape._element.find(f"*/{qn('p:nvPr')}/{qn('p:ph')}")
            ratio = TITLE_RATIO if ph is not None and ph.get("type", "obj") in TITLES else BODY_RATIO
            under = backdrop(layout, text_area(shape), slide, width, height, exclude=shape._element)
            for colour in shape._element.iter(qn("a:srgbClr")):
                if colour.getparent().getparent().tag == qn("a:rPr"):
                    assert worst_contrast(colour.get("val"), under) >= ratio, f"{where}: {shape.name!r} #{colour.get('val')} on {under}"
