"""Package boundaries: the layers of the tree, as one table of allowed import edges, checked on
every import of every module (imports inside function bodies included); only the interface
imports Streamlit; no import cycles.

    core          barnbaro/core/       the data model and its loading, catalogue, i18n, paths, ...
    pipeline      barnbaro/pipeline/   exports -> clean tables
    kolada        barnbaro/kolada/     the local Kolada copy as data (cache, schema, groups, ...)
    kolada_fetch  barnbaro/kolada/     what fills the copy: the client, the fetch, the dump import,
                                       and the package's front door, which re-exports them
    render        barnbaro/render/     chart specs, images, colours
    explore       barnbaro/explore/    what each page shows
    presskit      barnbaro/presskit/   the static press kit
    ui            barnbaro/ui/         the Streamlit side
    cli           barnbaro/cli.py      the commands (python -m barnbaro ...)
    app           app.py, pages/       the router and the pages
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "barnbaro"
UI = PACKAGE / "ui"

# The one table: which layers each layer may import (its own is always allowed).
ALLOWED = {
    "core": set(),
    "pipeline": {"core"},
    "kolada": {"core"},
    "kolada_fetch": {"core", "kolada"},
    "render": {"core"},
    "explore": {"core", "render", "kolada"},
    "presskit": {"core", "render", "explore"},
    "ui": {"core", "render", "explore", "kolada"},
    "cli": {"core", "pipeline", "kolada", "kolada_fetch", "explore", "presskit"},
    "app": {"core", "render", "explore", "ui"},
}
# Which layer a module is in: the longest matching prefix wins.
LAYER_OF = {
    "barnbaro": "cli",  # barnbaro/__init__.py, __main__.py, cli.py
    "barnbaro.core": "core",
    "barnbaro.pipeline": "pipeline",
    "barnbaro.kolada": "kolada_fetch",  # the front door re-exports the client
    "barnbaro.kolada.cache": "kolada",
    "barnbaro.kolada.errors": "kolada",
    "barnbaro.kolada.groups": "kolada",
    "barnbaro.kolada.schema": "kolada",
    "barnbaro.kolada.themes": "kolada",
    "barnbaro.kolada.years": "kolada",
    "barnbaro.render": "render",
    "barnbaro.explore": "explore",
    "barnbaro.presskit": "presskit",
    "barnbaro.ui": "ui",
    "app": "app",
    "pages": "app",
}
STREAMLIT_LAYERS = {"ui", "app"}


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        hit = LAYER_OF.get(".".join(parts[:n]))
        if hit is not None:
            return hit
    return None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules() -> dict[str, Path]:
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted(PACKAGE.rglob("*.py"))]
    return {module_name(p): p for p in files if "__pycache__" not in p.parts}


MODULES = project_modules()


# ---------------------------------------------------------------- the detectors


def imports(
    source: str, module: str, is_package: bool = False, known: set[str] | frozenset = frozenset()
) -> list[tuple[str, int]]:
    """Every module `module` imports, however written and wherever (function bodies, try
    blocks, importlib), as (dotted name, line). Relative imports are resolved; `from p import x`
    counts as importing p.x when p.x is one of the `known` modules, else p."""
    package = module if is_package else module.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                mod = ".".join([*base, *([node.module] if node.module else [])])
            else:
                mod = node.module or ""
            for a in node.names:
                sub = f"{mod}.{a.name}"
                out.append((sub if sub in known else mod, node.lineno))
        elif isinstance(node, ast.Call):  # importlib.import_module("x") / __import__("x")
            f = node.func
            name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
            if (
                name in ("import_module", "__import__")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                out.append((node.args[0].value, node.lineno))
    return out


def streamlit_imports(source: str, filename: str = "<src>") -> list[int]:
    """Line numbers of every import of streamlit (or a submodule), however written."""
    return sorted({line for mod, line in imports(source, "x") if mod == "streamlit" or mod.startswith("streamlit.")})


def bad_edges(graph: dict[str, list[tuple[str, int]]]) -> list[str]:
    """Every import between two project layers that the table does not allow."""
    out = []
    for mod, targets in graph.items():
        src = layer_of(mod)
        for target, line in targets:
            dst = layer_of(target)
            if src and dst and dst != src and dst not in ALLOWED[src]:
                out.append(f"{mod}:{line} ({src}) imports {target} ({dst})")
    return out


def cycles(graph: dict[str, list[tuple[str, int]]]) -> list[list[str]]:
    """The import cycles (strongly connected components of more than one module, or a module
    importing itself), each sorted (Tarjan's algorithm)."""
    edges = {m: sorted({t for t, _ in ts if t in graph}) for m, ts in graph.items()}
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1 or v in edges[v]:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(out)


def project_graph() -> dict[str, list[tuple[str, int]]]:
    known = set(MODULES)
    return {m: imports(p.read_text(encoding="utf-8"), m, p.name == "__init__.py", known) for m, p in MODULES.items()}


# ---------------------------------------------------------------- the detectors on small sources


@pytest.mark.parametrize(
    "source, found",
    [
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
    ],
)
def test_detector(source, found):
    assert streamlit_imports(source) == found


KNOWN = {
    "barnbaro.kolada",
    "barnbaro.core.data",
    "barnbaro.core.i18n",
    "barnbaro.explore.analysis",
    "barnbaro.kolada.cache",
}


@pytest.mark.parametrize(
    "module, is_package, source, found",
    [
        ("barnbaro.explore.views", False, "from . import analysis as A", ["barnbaro.explore.analysis"]),
        ("barnbaro.explore.views", False, "from ..core.data import CleanData", ["barnbaro.core.data"]),
        (
            "barnbaro.explore.views",
            False,
            "from ..core import data, i18n",
            ["barnbaro.core.data", "barnbaro.core.i18n"],
        ),
        ("barnbaro.explore.views", False, "def f():\n    from .. import kolada as K\n", ["barnbaro.kolada"]),
        ("barnbaro.explore.views", False, "def f():\n    from ..kolada import cache\n", ["barnbaro.kolada.cache"]),
        ("barnbaro.kolada", True, "from .cache import KoladaCache", ["barnbaro.kolada.cache"]),
        ("barnbaro.ui.data", False, "import barnbaro.pipeline.clean", ["barnbaro.pipeline.clean"]),
        (
            "barnbaro.ui.data",
            False,
            "import importlib\nm = importlib.import_module('barnbaro.pipeline.clean')",
            ["importlib", "barnbaro.pipeline.clean"],
        ),
        ("pages.karta", False, "from barnbaro.core.i18n import t", ["barnbaro.core.i18n"]),
    ],
)
def test_the_import_detector(module, is_package, source, found):
    assert [m for m, _ in imports(source, module, is_package, KNOWN)] == found


def test_the_layer_table_names_every_module_of_the_project():
    assert {m: layer_of(m) for m in MODULES if layer_of(m) is None} == {}
    assert set(LAYER_OF.values()) == set(ALLOWED)
    assert all(deps <= set(ALLOWED) for deps in ALLOWED.values())


@pytest.mark.parametrize(
    "module, target",
    [
        ("barnbaro.pipeline.clean", "barnbaro.explore.analysis"),  # the pipeline reads no explorer,
        ("barnbaro.pipeline.clean", "barnbaro.presskit.build"),  # press kit,
        ("barnbaro.pipeline.clean", "barnbaro.kolada.cache"),  # Kolada
        ("barnbaro.pipeline.clean", "barnbaro.ui.data"),  # or interface
        ("barnbaro.explore.analysis", "barnbaro.pipeline.clean"),  # the explorer no pipeline internals
        ("barnbaro.explore.analysis", "barnbaro.kolada"),  # and no Kolada client,
        ("barnbaro.explore.analysis", "barnbaro.kolada.client"),
        ("barnbaro.explore.analysis", "barnbaro.kolada.fetch"),
        ("barnbaro.render.charts", "barnbaro.explore.analysis"),  # rendering reads no view code
        ("barnbaro.core.data", "barnbaro.pipeline.clean"),  # the core reads no other layer
        ("barnbaro.kolada.cache", "barnbaro.kolada.client"),  # the copy needs no client
        ("barnbaro.presskit.cli", "barnbaro.cli"),
        ("barnbaro.ui.kolada", "barnbaro.kolada.fetch"),  # the app reads the copy only
        ("pages.karta", "barnbaro.pipeline.clean"),
    ],
)
def test_edges_outside_the_table_are_found(module, target):
    assert bad_edges({module: [(target, 7)]}) == [
        f"{module}:7 ({layer_of(module)}) imports {target} ({layer_of(target)})"
    ]


@pytest.mark.parametrize(
    "module, target",
    [
        ("barnbaro.explore.kolada_views", "barnbaro.kolada.cache"),  # Kolada data, passed in or read
        ("barnbaro.explore.views", "barnbaro.render.charts"),
        ("barnbaro.pipeline.clean", "barnbaro.core.validate"),
        ("barnbaro.kolada.fetch", "barnbaro.kolada.cache"),
        ("barnbaro.cli", "barnbaro.kolada"),
        ("barnbaro.ui.data", "pandas"),
        ("pages.karta", "barnbaro.ui.data"),
    ],
)
def test_edges_in_the_table_pass(module, target):
    assert bad_edges({module: [(target, 1)]}) == []


def test_the_cycle_finder():
    g = {"a": [("b", 1)], "b": [("c", 1)], "c": [("a", 3), ("d", 1)], "d": [], "e": [("e", 1)], "f": [("d", 1)]}
    assert cycles(g) == [["a", "b", "c"], ["e"]]
    assert cycles({"a": [("b", 1)], "b": [("os", 1)]}) == []


def test_the_cycle_finder_sees_imports_in_function_bodies():
    g = {
        "barnbaro.pipeline.clean": imports(
            "def f():\n    from ..core import data\n", "barnbaro.pipeline.clean", known={"barnbaro.core.data"}
        ),
        "barnbaro.core.data": imports("from ..pipeline.clean import repair", "barnbaro.core.data"),
    }
    assert cycles(g) == [["barnbaro.core.data", "barnbaro.pipeline.clean"]]


# ---------------------------------------------------------------- the project


def test_the_project_has_modules_to_check():
    assert {
        "app",
        "pages.karta",
        "barnbaro.cli",
        "barnbaro.core.data",
        "barnbaro.pipeline.clean",
        "barnbaro.explore.analysis",
        "barnbaro.render.charts",
        "barnbaro.kolada.client",
        "barnbaro.presskit.build",
        "barnbaro.ui.data",
    } <= set(MODULES)


def test_every_import_is_an_edge_of_the_table():
    assert bad_edges(project_graph()) == []


def test_no_import_cycles():
    assert cycles(project_graph()) == []


@pytest.mark.parametrize("name", sorted(MODULES), ids=sorted(MODULES))
def test_only_the_interface_imports_streamlit(name):
    path = MODULES[name]
    lines = streamlit_imports(path.read_text(encoding="utf-8"), str(path))
    if layer_of(name) not in STREAMLIT_LAYERS:
        assert lines == [], f"{path.relative_to(ROOT)} imports streamlit on line(s) {lines}"


def test_the_interface_does_import_streamlit():
    """The rule above is about something: the interface's modules do use Streamlit."""
    assert streamlit_imports((UI / "data.py").read_text(encoding="utf-8"))
    assert streamlit_imports((ROOT / "app.py").read_text(encoding="utf-8"))


KOLADA = sorted(m for m in MODULES if m.startswith("barnbaro.kolada"))


@pytest.mark.parametrize("name", KOLADA)
def test_the_kolada_package_does_not_import_the_cleaner_or_the_views(name):
    """The copy of Kolada is data any layer may read: it imports neither the survey cleaner nor
    interface strings nor view code (what the pages show from it is in barnbaro.explore.kolada_views)."""
    bad = {
        m
        for m, _ in imports(
            MODULES[name].read_text(encoding="utf-8"), name, MODULES[name].name == "__init__.py", set(MODULES)
        )
        if m.startswith(("barnbaro.pipeline", "barnbaro.core.i18n", "barnbaro.explore", "barnbaro.ui"))
    }
    assert not bad, f"{name} imports {sorted(bad)}"


def _names_imported(path: Path) -> set[str]:
    """module.name for every `from module import name` in a file (relative imports resolved)."""
    mod = module_name(path)
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            target = imports(ast.unparse(node), mod)[0][0]
            out |= {f"{target}.{a.name}" for a in node.names}
    return out


def test_the_cleaner_and_the_kolada_copy_share_one_atomic_publisher():
    clean, cache = PACKAGE / "pipeline" / "clean.py", PACKAGE / "kolada" / "cache.py"
    assert "barnbaro.core.atomic.publish" in _names_imported(clean)
    assert "barnbaro.core.atomic.publish" in _names_imported(cache)
    for path in (clean, cache):
        text = path.read_text(encoding="utf-8")
        assert ".rename(" not in text and "hashlib" not in text, f"{path.name} does its own swap or checksum"
