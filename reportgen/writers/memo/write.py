"""The PDF policy memo (A4, reportlab): reportlab lives in writers/memo/ and nowhere else (its internals in
reportlab_internals.py).

write_memo() sets reportlab up for a safe, reproducible build, assembles the story (memo_story),
checks every string against the font while doing so, and builds the pages (memo_doc) in as many
passes as the contents and the `n / N` page count need. The file appears at `path` only when done.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.tableofcontents import TableOfContents

from reportgen.context import BuildContext, ChartImage
from reportgen.errors import fail
from reportgen.wording import formats
from reportgen.writers.citations import citations
from reportgen.writers.memo.doc import MemoDoc, MemoInfo, PageTotal, toc_entries
from reportgen.writers.memo.draft import MemoDraft
from reportgen.writers.memo.labels import memo_labels
from reportgen.writers.memo.reportlab_internals import configure_reportlab
from reportgen.writers.memo.story import memo_story
from reportgen.writers.memo.styles import make_styles

configure_reportlab()  # on import, and again before every build


def write_memo(ctx: BuildContext, lang: str, charts: Mapping[str, ChartImage], path: Path, hints: Path | None = None) -> int:
    """Write the memo of `lang` to `path` (A4 PDF), or raise ReportgenError before drawing anything.
    Returns the number of layout passes it took.

    The contents need the page of every heading, and the footer the page count, so reportlab lays the
    memo out until they are stable. The contents' lines are known before the first pass (`toc_entries`),
    so two passes do; with `hints` (a file keeping the last build's pages), one pass does when the
    pages did not move."""
    configure_reportlab()
    texts = ctx.texts[lang]
    draft = MemoDraft(ctx, lang, texts, charts, make_styles(lang), memo_labels(texts), citations(ctx, lang, charts))
    story = memo_story(draft)
    partial = path.with_name(path.name + ".part")
    doc = MemoDoc(partial, memo_info(draft))
    pages, total = read_hints(hints)
    for flowable in story:
        if isinstance(flowable, TableOfContents):
            flowable.addEntries(toc_entries(story, pages))
    story.append(PageTotal(doc, total))
    try:
        passes = doc.multiBuild(story)
    except LayoutError as exc:
        partial.unlink(missing_ok=True)
        raise fail(ctx.spec_path, "memo", f"a block of the {lang} memo is too large to fit on a page; shorten it or "
                   f"split it: {_first_line(exc)}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, path)
    if hints is not None:
        write_hints(hints, doc)
    return passes


def read_hints(path: Path | None) -> tuple[dict[str, int], int | None]:
    """The pages of the last build's headings and its page count; nothing when there is no such file
    or it is damaged (a wrong hint costs a layout pass, never a wrong page)."""
    try:
        data = json.loads(path.read_bytes()) if path is not None else None
        pages = {str(k): int(v) for k, v in data["pages"].items()}
        return pages, int(data["total"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}, None


def write_hints(path: Path, doc: MemoDoc) -> None:
    pages = doc.heading_pages
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}")
        draft.write_text(json.dumps({"total": doc.page_total, "pages": pages}), encoding="utf-8")
        os.replace(draft, path)
    except OSError:
        pass  # hints only save time


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
