"""Two python-pptx speed-ups that change no byte of the output, applied once per process.

python-pptx compiles the same few XPath expressions again on every call (whether a shape is a
placeholder is asked of every shape, each time a slide's shapes are listed) and builds the same
namespaced tag names again for every element it finds or adds. Together that is about a fifth of
the time of writing our deck. Compiling each expression once and remembering each tag name gives
the same elements and the same XML.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

_applied = False


def speed_up_pptx() -> None:
    """Cache python-pptx's XPath compilation and tag-name lookups (idempotent)."""
    global _applied
    if _applied:
        return
    from lxml import etree
    from pptx.oxml import ns, xmlchemy

    compiled: dict[str, Callable[[Any], Any]] = {}

    def xpath(self: Any, xpath_str: str) -> Any:
        expression = compiled.get(xpath_str)
        if expression is None:
            expression = compiled[xpath_str] = etree.XPath(xpath_str, namespaces=ns._nsmap)
        return expression(self)

    xmlchemy.BaseOxmlElement.xpath = xpath
    original, cached = ns.qn, lru_cache(maxsize=None)(ns.qn)
    for name, module in list(sys.modules.items()):  # every module that imported qn by name
        if name.startswith("pptx") and getattr(module, "qn", None) is original:
            module.qn = cached
    _applied = True
