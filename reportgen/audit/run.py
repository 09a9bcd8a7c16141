"""`reportgen audit OUTPUT...`: read each written deck or memo back and trace every number in it.

Each output is read as a reader sees it (audit/read.py), its numbers found in the language's forms
(audit/numbers.py) and matched against the provenance file written beside it by the build
(audit/match.py). Nothing of the build's memory is used: only the two files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from reportgen.audit.ledger import provenance_name
from reportgen.audit.match import Matcher, Untraced, untraced
from reportgen.audit.numbers import numbers_in
from reportgen.audit.read import UnreadableOutputError, read_deck, read_memo
from reportgen.errors import fail

KINDS = {".pptx": "deck", ".pdf": "memo"}


@dataclass(frozen=True)
class AuditResult:
    output: Path
    numbers: int  # numbers read in it
    untraced: list[Untraced]


def audit(output: Path) -> AuditResult:
    """Trace every number of one output; ReportgenError when it or its provenance cannot be read."""
    kind = KINDS.get(output.suffix.lower())
    if kind is None:
        raise fail(output, "", f"cannot audit a {output.suffix or 'file without a suffix'}: expected a .pptx deck or a .pdf memo")
    if not output.is_file():
        raise fail(output, "", "file not found")
    ledger = provenance_name(output)
    try:
        doc = json.loads(ledger.read_text(encoding="utf-8"))
        figures = doc["figures"]
    except FileNotFoundError:
        raise fail(output, "", f"no provenance beside it (expected {ledger.name}); build it again with `reportgen build`") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise fail(ledger, "", f"is not a provenance file reportgen can read ({exc.__class__.__name__}: {exc})") from None
    try:
        places = read_deck(output) if kind == "deck" else read_memo(output, doc.get("memo_sections", {}), doc.get("memo_contents", ""))
    except UnreadableOutputError as exc:
        raise fail(output, "", str(exc)) from None
    count = sum(len(numbers_in(p.text, list_numbers=not p.cell and not p.line_starts)) for p in places)
    return AuditResult(output, count, untraced(places, Matcher(figures, kind)))
