"""The hedges a source puts on a figure: the values a table's `qualifier` column may hold.

Checked when the dataset loads (inputs/dataset.py); how each reads in each language is
wording/formats.py's (`qualified`).
"""

QUALIFIERS = ("over", "approx", "nearly", "up_to", "within_top", "forecast")
