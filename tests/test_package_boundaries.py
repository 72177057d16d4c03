"""Package boundaries: only barnbaro.ui may import Streamlit (the domain package stays plain
Python and pandas, usable by the commands and the tests without a Streamlit runtime)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "barnbaro"
UI = PACKAGE / "ui"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if UI not in p.parents and "__pycache__" not in p.parts)


def streamlit_imports(source: str, filename: str = "<src>") -> list[int]:
    """Line numbers of every import of streamlit (or a submodule), however written."""
    lines = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            if any(a.name == "streamlit" or a.name.startswith("streamlit.") for a in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level == 0 and (mod == "streamlit" or mod.startswith("streamlit.")):
                lines.append(node.lineno)
        elif isinstance(node, ast.Call):  # importlib.import_module("streamlit") / __import__("streamlit")
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if name in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant) \
                    and str(node.args[0].value).split(".")[0] == "streamlit":
                lines.append(node.lineno)
    return lines


@pytest.mark.parametrize("source, found", [
    ("import streamlit", [1]),
    ("import streamlit as st", [1]),
    ("import os, streamlit.components.v1 as c", [1]),
    ("from streamlit import session_state", [1]),
    ("from streamlit.runtime import exists", [1]),
    ("def f():\n    import streamlit\n", [2]),
    ("try:\n    import streamlit as st\nexcept ImportError:\n    st = None\n", [2]),
    ("import importlib\nst = importlib.import_module('streamlit')", [2]),
    ("st = __import__('streamlit')", [1]),
    ("import streamlit_folium", []),
    ("from .streamlit import x", []),
    ("import pandas as pd", []),
    ("# import streamlit\nx = 'import streamlit'", []),
])
def test_detector(source, found):
    assert streamlit_imports(source) == found


def test_the_package_has_modules_to_check():
    names = {p.name for p in MODULES}
    assert {"clean.py", "validate.py", "municipalities.py", "cli.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(PACKAGE)) for p in MODULES])
def test_no_streamlit_outside_ui(path):
    lines = streamlit_imports(path.read_text(encoding="utf-8"), str(path))
    assert lines == [], f"{path.relative_to(PACKAGE.parent)} imports streamlit on line(s) {lines}"


def _imported_modules(path: Path) -> set[str]:
    """Every barnbaro module a file imports, as a dotted name (relative imports resolved)."""
    pkg = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = pkg.rsplit(".", node.level - 1)[0] if node.level else ""
            mod = ".".join(x for x in (base, node.module or "") if x)
            out.add(mod)
            out |= {f"{mod}.{a.name}" for a in node.names}
    return out


KOLADA = sorted((PACKAGE / "kolada").glob("*.py"))


@pytest.mark.parametrize("path", KOLADA, ids=[p.name for p in KOLADA])
def test_the_kolada_package_does_not_import_the_cleaner_or_the_views(path):
    """The copy of Kolada is data any layer may read: it imports neither the survey cleaner nor
    interface strings nor view code (what the pages show from it is in barnbaro.kolada_views)."""
    bad = {m for m in _imported_modules(path)
           if m.split(".")[:2] in (["barnbaro", "clean"], ["barnbaro", "i18n"], ["barnbaro", "kolada_views"],
                                   ["barnbaro", "views"], ["barnbaro", "ui"])}
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_the_cleaner_and_the_kolada_copy_share_one_atomic_publisher():
    assert "barnbaro.atomic.publish" in _imported_modules(PACKAGE / "clean.py")
    assert "barnbaro.atomic.publish" in _imported_modules(PACKAGE / "kolada" / "cache.py")
    for path in (PACKAGE / "clean.py", PACKAGE / "kolada" / "cache.py"):
        text = path.read_text(encoding="utf-8")
        assert ".rename(" not in text and "hashlib" not in text, f"{path.name} does its own swap or checksum"
