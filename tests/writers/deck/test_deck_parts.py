"""The deck's part index gives the names and the shared pictures python-pptx's own searches give."""

from __future__ import annotations

from deck_fakes import chart_png, fake_charts
from pptx import Presentation
from pptx.opc.package import OpcPackage
from pptx.package import Package

import reportgen.writers.deck.write as deck_module
from reportgen.writers.deck.master import DEFAULT_MASTER
from reportgen.writers.deck.pptx_internals import index_parts
from reportgen.writers.deck.write import write_deck


def test_a_deck_is_byte_identical_with_and_without_the_index(deck_ctx, tmp_path, monkeypatch):
    charts = fake_charts(deck_ctx, "ko", tmp_path / "charts")  # every chart the same picture: shared, not copied
    write_deck(deck_ctx, "ko", charts, tmp_path / "indexed.pptx", None)
    monkeypatch.setattr(deck_module, "index_parts", lambda package: None)
    write_deck(deck_ctx, "ko", charts, tmp_path / "searched.pptx", None)
    assert (tmp_path / "indexed.pptx").read_bytes() == (tmp_path / "searched.pptx").read_bytes()


def test_names_and_pictures_follow_python_pptx(tmp_path):
    searched, indexed = Presentation(str(DEFAULT_MASTER)), Presentation(str(DEFAULT_MASTER))
    index = index_parts(indexed.part.package)
    pictures = [chart_png(tmp_path / f"{n}.png", 400 + n, 200) for n in range(3)]
    for prs in (searched, indexed):
        for n in range(4):
            slide = prs.slides.add_slide(prs.slide_layouts[0])
            slide.notes_slide.notes_text_frame.text = str(n)
            slide.shapes.add_picture(str(pictures[n % 3]), 0, 0)
    package = searched.part.package
    for tmpl in ("/ppt/notesSlides/notesSlide%d.xml", "/ppt/charts/chart%d.xml"):  # (slides are named by count)
        assert index.next_partname(tmpl) == OpcPackage.next_partname(package, tmpl)
    assert index.next_image_partname("png") == Package.next_image_partname(package, "png")
    names = sorted(str(p.partname) for p in indexed.part.package.iter_parts())
    assert names == sorted(str(p.partname) for p in package.iter_parts())
