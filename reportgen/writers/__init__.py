"""Writers turn a build's context and charts into files: the deck (python-pptx), the memo (reportlab)."""
