"""reportgen: data-driven briefings (PowerPoint deck, PDF memo, charts) from YAML, CSV and text."""

__version__ = "0.1.0"
