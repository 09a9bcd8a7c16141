"""The PDF policy memo (A4, reportlab): reportlab lives in writers/memo/ and nowhere else (its internals in
reportlab_internals.py).

write_memo() sets reportlab up for a safe, reproducible build, assembles the story (memo_story),
checks every string against the font while doing so, and builds the pages (memo_doc) in as many
passes as the contents and the `n / N` page count need. The file appears at `path` only when done.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from reportgen.context import BuildContext, ChartImage
from reportgen.errors import fail
from reportgen.wording import formats
from reportgen.writers.citations import citations
from reportgen.writers.memo.doc import MemoDoc, MemoInfo, PageTotal
from reportgen.writers.memo.draft import MemoDraft
from reportgen.writers.memo.labels import memo_labels
from reportgen.writers.memo.reportlab_internals import configure_reportlab
from reportgen.writers.memo.story import memo_story
from reportgen.writers.memo.styles import make_styles

configure_reportlab()  # on import, and again before every build


def write_memo(ctx: BuildContext, lang: str, charts: Mapping[str, ChartImage], path: Path) -> None:
    """Write the memo of `lang` to `path` (A4 PDF), or raise ReportgenError before drawing anything."""
    configure_reportlab()
    texts = ctx.texts[lang]
    draft = MemoDraft(ctx, lang, texts, charts, make_styles(lang), memo_labels(texts), citations(ctx, lang, charts))
    story = memo_story(draft)
    partial = path.with_name(path.name + ".part")
    doc = MemoDoc(partial, memo_info(draft))
    story.append(PageTotal(doc))
    try:
        doc.multiBuild(story)
    except LayoutError as exc:
        partial.unlink(missing_ok=True)
        raise fail(ctx.spec_path, "memo", f"a block of the {lang} memo is too large to fit on a page; shorten it or "
                   f"split it: {_first_line(exc)}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else exc.__class__.__name__


def memo_info(draft: MemoDraft) -> MemoInfo:
    text = draft.text
    keywords = text("meta.keywords") or [draft.ctx.report.id, draft.ctx.dataset.name]
    if isinstance(keywords, str):
        keywords = [k.strip() for k in keywords.split(",") if k.strip()]
    title = str(text("meta.title", draft.ctx.report.id))
    classification = str(text("meta.classification", ""))
    date_line = formats.date_text(draft.ctx.report.date, draft.lang)
    for value, key in ((title, "meta.title"), (classification, "meta.classification")):
        draft.markup(value, draft.styles.body, draft.place(key))  # the running header and footer print these
    return MemoInfo(
        title=title,
        author=str(text("meta.author") or draft.ctx.report.author),
        subject=str(text("meta.subtitle", "")),
        keywords=tuple(str(k) for k in keywords),
        lang=draft.lang,
        classification=classification,
        date_line=date_line,
        built_at=draft.ctx.built_at,
    )
