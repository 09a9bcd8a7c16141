"""Recommendation slides: why and what on the left; who acts, by when and how success is measured on the right."""

from __future__ import annotations

from reportgen.errors import fail
from reportgen.inputs.spec import DeckSection, Slide
from reportgen.writers.deck import style as look
from reportgen.writers.deck.builder import DeckBuilder, flat
from reportgen.writers.deck.evidence import text_source_line
from reportgen.writers.deck.layout import inches
from reportgen.writers.deck.text import Para, Style, fit

HEADING = Style(look.SMALL, bold=True, color=look.ACCENT, space_before=16.0)
FLOOR = 0.68  # a recommendation is long-form text: on a master with a small body it may shrink a little further
SPLITS = ([0.6, 0.4], [0.66, 0.34])  # the text's and the panel's share of the width; the second when the first is too tight


def recommendation_slide(deck: DeckBuilder, slide: Slide, section: DeckSection) -> None:
    key = f"recommendations.{slide.recommendation}"
    rec = deck.text_of(key)
    if not isinstance(rec, dict):
        raise fail(deck.texts.path, key, f"missing: the recommendation slide {slide.id!r} needs it")
    s, frame = deck.new_slide("recommendation", slide.id, section.section)
    deck.title(s, frame, deck.text_of(f"slides.{slide.id}.title") or str(rec.get("title", "")), f"slides.{slide.id}.title")
    left, right = frame.body.columns(SPLITS[0], inches(0.4))
    actions = [str(a) for a in flat(rec.get("actions"))]
    measures = [str(m) for m in flat(rec.get("measures"))]
    why_what = [Para(deck.label("recommendation_rationale"), HEADING),
                Para(str(rec.get("rationale", "")), Style(15.0, color=look.INK, space_before=4.0)),
                Para(deck.label("recommendation_actions"), HEADING)]
    why_what += [Para(a, Style(15.0, bullet="auto", space_before=8.0)) for a in actions]
    if fit(why_what, left.width, left.height - 2 * inches(0.2), FLOOR) is None:
        left, right = frame.body.columns(SPLITS[1], inches(0.3))
    deck.text(s, "Rationale and actions", left.shrink(0, inches(0.2)), why_what, key, floor=FLOOR)
    deck.panel(s, right)
    who_when = [Para(deck.label("recommendation_owner"), HEADING), Para(str(rec.get("owner", "")), Style(13.0, space_before=4.0)),
                Para(deck.label("recommendation_horizon"), HEADING), Para(str(rec.get("horizon", "")), Style(13.0, space_before=4.0)),
                Para(deck.label("recommendation_measures"), HEADING)]
    who_when += [Para(m, Style(13.0, bullet="•", space_before=5.0)) for m in measures]
    deck.text(s, "Owner, horizon and measures", right.shrink(inches(0.2), inches(0.2)), who_when, key, floor=FLOOR)
    text_source_line(deck, s, frame, slide)
    deck.notes(s, deck.slide_notes(slide.id) + [
        str(rec.get("title", "")),
        f"{deck.label('recommendation_owner')}: {rec.get('owner', '')}",
        f"{deck.label('recommendation_horizon')}: {rec.get('horizon', '')}",
        f"{deck.label('recommendation_measures')}: " + "; ".join(measures),
    ])
