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
