"""python-pptx's and reportlab's internals are touched in one module each (writers/deck/pptx_internals.py,
writers/memo/reportlab_internals.py): no other module of the package imports them or reads a private
attribute of their objects, so an upgrade has one place to check."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "reportgen"
QUARANTINE = {PACKAGE / "writers" / "deck" / "pptx_internals.py", PACKAGE / "writers" / "memo" / "reportlab_internals.py"}
INTERNAL_MODULES = ("pptx.oxml", "pptx.opc", "pptx.package", "pptx.parts", "reportlab.pdfbase.pdfdoc", "reportlab.rl_config")
LIBRARIES = ("pptx", "reportlab", "lxml")


LXML_TYPES = {"_Element", "_ElementTree"}  # lxml's documented element types, whatever their names say


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name not in LXML_TYPES


def internal(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in INTERNAL_MODULES)


def violations(source: str) -> list[str]:
    """What a module does with the libraries' internals, one line each (empty: nothing)."""
    tree = ast.parse(source)
    found: list[str] = []
    library_names: set[str] = set()  # names this module imported from the libraries
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if internal(alias.name):
                    found.append(f"line {node.lineno}: import {alias.name}")
                if alias.name.split(".")[0] in LIBRARIES:
                    library_names.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LIBRARIES:
            for alias in node.names:
                if internal(node.module) or internal(f"{node.module}.{alias.name}") or private(alias.name):
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
                library_names.add(alias.asname or alias.name)
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        bases = {b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else "" for b in cls.bases}
        if not bases & library_names:
            continue
        own = {t.attr for n in ast.walk(cls) if isinstance(n, (ast.Assign, ast.AnnAssign, ast.AugAssign))
               for t in (n.targets if isinstance(n, ast.Assign) else [n.target])
               if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"}
        for n in ast.walk(cls):
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self" \
                    and private(n.attr) and n.attr not in own and not _is_method(cls, n.attr):
                found.append(f"line {n.lineno}: self.{n.attr} (a private attribute of {cls.name}'s library base)")
    for n in ast.walk(tree):
        if isinstance(n, ast.Attribute) and private(n.attr) and not (isinstance(n.value, ast.Name) and n.value.id in ("self", "cls")):
            found.append(f"line {n.lineno}: .{n.attr}")
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("getattr", "setattr", "hasattr") \
                and len(n.args) > 1 and isinstance(n.args[1], ast.Constant) and isinstance(n.args[1].value, str) \
                and private(n.args[1].value):
            found.append(f"line {n.lineno}: {n.func.id}(..., {n.args[1].value!r})")
    return found


def _is_method(cls: ast.ClassDef, name: str) -> bool:
    return any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name for n in cls.body)


def test_no_module_but_the_quarantined_ones_touches_the_libraries_internals():
    found = {str(path.relative_to(ROOT)): v for path in sorted(PACKAGE.rglob("*.py")) if path not in QUARANTINE
             for v in [violations(path.read_text(encoding="utf-8"))] if v}
    assert found == {}


@pytest.mark.parametrize("source", [
    "from pptx.oxml.ns import qn",
    "import pptx.opc.packuri",
    "from reportlab import rl_config",
    "from reportlab.pdfbase.pdfdoc import PDFName",
    "from pptx.text.text import _Paragraph",
    "def f(shape):\n    return shape._element",
    "def f(canv):\n    return getattr(canv, '_code')",
    "from reportlab.platypus import Table\nclass T(Table):\n    def h(self):\n        return self._height",
])
def test_the_check_sees_each_kind_of_touch(source):
    assert violations(source) != []


@pytest.mark.parametrize("source", [
    "from pptx.util import Pt\nfrom reportlab.platypus import Table",
    "class Mine:\n    def __init__(self):\n        self._cells = {}\n    def get(self):\n        return self._cells",
    "from reportlab.platypus import Flowable\nclass F(Flowable):\n    def __init__(self):\n        self._size = 1\n"
    "    def wrap(self):\n        return self._size",
])
def test_the_check_lets_public_use_and_our_own_private_names_be(source):
    assert violations(source) == []
