"""Chart kinds, one module each. Each module defines KIND (a ChartKind); registry.py lists them."""
