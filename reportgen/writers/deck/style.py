"""The deck's look in one place: font, colours and type sizes (points)."""

from __future__ import annotations

from reportgen.fonts import FAMILY

FONT = FAMILY  # NanumGothic, Latin and East Asian slots alike: the font the text is measured with

INK = "1F2A37"  # titles and body text
MUTED = "5B6675"  # secondary text: unit lines, captions
SOFT = "8A94A3"  # tracker, page numbers, source lines
RULE = "C9D1DB"  # thin separators
PANEL = "F2F4F7"  # background of side panels
ACCENT = "1F4E79"  # KPI numbers, numbering, the accent rule (the charts' first series colour)
WHITE = "FFFFFF"

TITLE = 24.0  # action titles, two lines at most
COVER_TITLE = 36.0
SECTION_TITLE = 34.0
BODY = 16.0
SMALL = 12.0
UNIT = 11.0
CAPTION = 9.5
FOOTER = 9.0
KPI = 40.0
TABLE_HEADER = 13.0
TABLE_BODY = 13.0

FLOOR = 0.75  # text may shrink to 75% of its design size, never below
TITLE_LINES = 2
