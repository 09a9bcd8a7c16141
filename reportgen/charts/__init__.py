"""Charts: one module per kind, a registry, and one context manager that owns matplotlib."""
