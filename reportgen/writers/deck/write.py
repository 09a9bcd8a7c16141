"""write_deck: the PowerPoint briefing of one language, built from the storyline in report.yaml.

python-pptx lives in reportgen/writers/deck/ and nowhere else (its internals in pptx_internals.py). The steps: open the master
(--template, else the report's `master:`, else the default master), find a layout for every slide
kind, build each slide with its kind's function, check that no text overflows, set the core
properties, and save with the build's date in every zip entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pptx.slide import Slide

from reportgen.context import BuildContext, ChartImage
from reportgen.errors import Collector
from reportgen.writers.deck.builder import DeckBuilder
from reportgen.writers.deck.check import overflowing
from reportgen.writers.deck.master import find_layouts, open_master
from reportgen.writers.deck.master_look import check_contrast, dress, look_of
from reportgen.writers.deck.package import save_reproducibly, set_core_properties
from reportgen.writers.deck.pptx_internals import index_parts, remove_shape, speed_up_pptx
from reportgen.writers.deck.slides import SLIDE_KINDS
from reportgen.writers.deck.text import LANG_TAGS, type_scaled


def remove_empty_placeholders(slide: Slide) -> None:
    """A placeholder the layout offers but the slide does not use would show "Click to add text"."""
    for placeholder in list(slide.placeholders):
        if not (placeholder.has_text_frame and placeholder.text_frame.text.strip()):
            remove_shape(placeholder)


def write_deck(ctx: BuildContext, lang: str, charts: Mapping[str, ChartImage], path: Path, template: Path | None) -> None:
    """Build the deck of `lang` and write it to `path`."""
    speed_up_pptx()
    master = ctx.report.master_file(template)
    master_file = open_master(master)
    prs = master_file.prs
    index_parts(prs.part.package)  # adding slides, notes and pictures stays linear in the slides
    kinds = [slide.kind for slide in ctx.report.slides]
    layouts = find_layouts(master_file, kinds, ctx.report, ctx.spec_path)
    deck = DeckBuilder(ctx, lang, charts, prs, layouts)
    with type_scaled(prs.slide_width, prs.slide_height):
        for section in ctx.report.deck:
            for slide in section.slides:
                SLIDE_KINDS[slide.kind](deck, slide, section)
    problems = Collector()
    infos = {str(info.layout.part.partname): info for info in layouts.values()}
    looks = {name: look_of(info, master_file.masters[info.master - 1].theme) for name, info in infos.items()}
    for number, slide in enumerate(prs.slides, start=1):
        remove_empty_placeholders(slide)
        name = str(slide.slide_layout.part.partname)
        dress(slide, looks[name])
        problems.problems += check_contrast(slide, number, infos[name], looks[name], prs.slide_width, prs.slide_height,
                                            str(master_file.path or ctx.spec_path))
        for name, need, room in overflowing(slide):
            problems.add(deck.texts.path, f"slide {number} ({slide.name}), shape {name!r}",
                         f"text needs {need:.0f} pt but the box holds {room:.0f} pt")
    problems.raise_if_any()
    texts = ctx.texts[lang]
    set_core_properties(
        prs, ctx.built_at,
        title=str(texts.get("meta.title", ctx.report.id)),
        author=str(texts.get("meta.author") or ctx.report.author),
        subject=str(texts.get("meta.subtitle", "")),
        language=LANG_TAGS.get(lang, lang),
        keywords=str(texts.get("meta.classification", "")),
    )
    save_reproducibly(prs, path, ctx.built_at)
