"""The figure sheet: the provenance as one HTML table a reviewer checks a deck against in minutes.

One row per figure: what it prints, where it appears (output, slide or page, shape or line), where
it comes from (table, row, column, or the derivation with its inputs and rounding) and its sources
with their footnote numbers and dates.
"""

from __future__ import annotations

from html import escape
from typing import Any

STYLE = """body{font-family:sans-serif;font-size:13px;margin:24px}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#1f2a37;color:#fff}
td.shown{font-weight:bold;white-space:nowrap}small{color:#667}"""


def figure_sheet(doc: dict[str, Any]) -> str:
    """The HTML of the sheet for one provenance document."""
    lang = doc["lang"]
    rows = sorted((f for f in doc["figures"] if f["appears"]), key=_first_place)
    rows += [f for f in doc["figures"] if not f["appears"] and f.get("texts")]
    body = "\n".join(_row(f, doc["sources"]) for f in rows)
    title = f"Figures of {doc['report']} ({lang})"
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>\n<h1>{escape(title)}</h1>\n"
            f"<p>{len(rows)} figures; outputs: {escape(', '.join(doc['outputs']))}; built {escape(doc['built'])}.</p>\n"
            "<table><tr><th>Figure</th><th>Where it appears</th><th>From</th><th>Source</th></tr>\n"
            f"{body}\n</table></body></html>\n")


def _first_place(figure: dict[str, Any]) -> tuple:
    spot = figure["appears"][0]
    return (spot["output"], spot.get("slide", spot.get("page", 0)), figure["ref"])


def _row(figure: dict[str, Any], sources: dict[str, Any]) -> str:
    shown = escape(figure["shown"][0]) if figure["shown"] else ""
    where = "<br>".join(escape(f"{s['output']}: {s['where']}") for s in figure["appears"]) or "<small>(not shown)</small>"
    texts = ", ".join(f"{t['key']} ({t['file']}" + (f", line {t['line']}" if t.get("line") else "") + ")"
                      for t in figure.get("texts", [])[:3])
    origin = escape(figure["ref"])
    if figure.get("derivation"):
        rounding = escape(figure.get("rounding", ""))
        origin = f"{escape(figure['derivation'])} of {escape(', '.join(figure['inputs']))}<br><small>rounded to {rounding}</small>"
    if texts:
        origin += f"<br><small>text: {escape(texts)}</small>"
    cited = "<br>".join(_source(sid, sources) for sid in figure.get("sources", []))
    return f'<tr><td class="shown">{shown}</td><td>{where}</td><td>{origin}</td><td>{cited}</td></tr>'


def _source(source_id: str, sources: dict[str, Any]) -> str:
    source = sources.get(source_id)
    if source is None:
        return escape(source_id)
    note = f"note {source['footnote']}: " if "footnote" in source else ""
    date = f", {source['date']}" if source.get("date") else ", undated"
    return escape(f"{note}{source['publisher']}, {source['title']}{date}")
