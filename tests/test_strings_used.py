"""Every interface string is used. A key counts as used when the code or a press-kit template
names it literally, or when the code composes it at run time (t(f"peer_{kind}") and the like)
from an enumeration of the package: the keys composed are worked out from those enumerations
here, so a composed key needs its source, and a string nothing names or composes fails."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from barnbaro.core.data import SAMPLE_LABEL_KEYS
from barnbaro.core.i18n import STRINGS
from barnbaro.core.validate import STATUSES
from barnbaro.explore.analysis import CHANGES
from barnbaro.explore.kolada_views import TEST_VARIANT
from barnbaro.explore.urlstate import PEER_KINDS
from barnbaro.kolada.schema import GENDERS
from barnbaro.kolada.themes import BETTER, RANKS
from barnbaro.presskit.specs import CELL_KINDS
from barnbaro.render.colours import THIRD_COLOURS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "barnbaro").rglob("*.py"))]
TEMPLATES = sorted((ROOT / "barnbaro" / "presskit" / "templates").glob("*.html"))
PLURAL = "{}_one", "{}_zero"  # i18n.t's own variants of a key, for n == 1 and n == 0

# Each key composed at run time, written as its pattern with {} for each slot, and the values
# the code fills in, from the enumeration they come from.
COMPOSED = {
    "peer_{}": PEER_KINDS,
    "third_{}": tuple(THIRD_COLOURS),
    "change_{}": CHANGES,
    "sentence_{}": CHANGES,
    "{}_mixed": tuple(SAMPLE_LABEL_KEYS.values()),
    "presskit_status_{}": STATUSES,
    "presskit_cell_{}": CELL_KINDS,
    "theme_rank_{}": RANKS,
    "theme_better_{}": tuple(b for b in BETTER if b),  # without a direction: "theme_better_none"
    "kolada_note_gender_{}": tuple(g for g in GENDERS if g != "T"),  # the total needs no note
    **{
        f"{key}{{}}": ("", TEST_VARIANT)
        for key in (
            "kolada_peer_skr_label",
            "kolada_peer_rka_label",
            "kolada_col_riket",
            "kolada_own_processing",
            "theme_own_processing",
            "theme_heading",
        )
    },
}


def _strings_definition(tree: ast.AST) -> set[int]:
    """The nodes of `STRINGS = {...}` (its keys name every string, so they cannot count as uses)."""
    for node in ast.walk(tree):
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and getattr(target, "id", None) == "STRINGS":
            return {id(n) for n in ast.walk(node)}
    return set()


def pattern_of(node: ast.JoinedStr) -> str:
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)


def concatenated(node: ast.AST) -> set[str] | None:
    """Every value of a key joined from string literals ("a" + ("_b" if x else "")), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        a, b = concatenated(node.body), concatenated(node.orelse)
        return a | b if a is not None and b is not None else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = concatenated(node.left), concatenated(node.right)
        return {x + y for x in a for y in b} if a is not None and b is not None else None
    return None


def scan(source: str) -> tuple[set[str], set[str]]:
    """(every string constant, the pattern of every f-string that names a key: the first
    argument of a call of t, or a variant made inside t itself)."""
    tree = ast.parse(source)
    skip = _strings_definition(tree)
    skip |= {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}  # parts of f-strings
    literals, patterns = set(), set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            literals.add(node.value)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t" and node.args:
            if isinstance(node.args[0], ast.JoinedStr):
                patterns.add(pattern_of(node.args[0]))
            elif isinstance(node.args[0], ast.BinOp):
                joined = concatenated(node.args[0])
                assert joined is not None, f"line {node.lineno}: a key joined from more than literals"
                literals |= joined
        elif isinstance(node, ast.FunctionDef) and node.name == "t":
            patterns |= {pattern_of(n) for n in ast.walk(node) if isinstance(n, ast.JoinedStr)}
    return literals, patterns


def template_keys(text: str) -> set[str]:
    return set(re.findall(r"""\bt\(\s*["']([a-z0-9_]+)["']""", text))


def project() -> tuple[set[str], set[str]]:
    literals, patterns = set(), set()
    for p in SOURCES:
        lit, pat = scan(p.read_text(encoding="utf-8"))
        literals |= lit
        patterns |= pat
    for p in TEMPLATES:
        literals |= template_keys(p.read_text(encoding="utf-8"))
    return literals, patterns


def composed_keys(named: set[str]) -> set[str]:
    out = {pattern.format(v) for pattern, values in COMPOSED.items() for v in values}
    return out | {pattern.format(k) for pattern in PLURAL for k in named | out}


# ---------------------------------------------------------------- the scanner on small sources


@pytest.mark.parametrize(
    "source, literals, patterns",
    [
        ('t("app_title", lang)', {"app_title"}, set()),
        ('t(f"peer_{kind}", lang)', set(), {"peer_{}"}),
        ('x = {"a": "sample_short"}[kind]\nt(f"{key}_mixed", lang)', {"a", "sample_short"}, {"{}_mixed"}),
        ('def t(key, lang):\n    v = f"{key}_one"\n', set(), {"{}_one"}),
        ('STRINGS = {"app_title": {"sv": "A", "en": "A"}}\n', set(), set()),
        ('print(f"{n} rows")', set(), set()),  # an f-string that is not a key
        ('t("caption" + ("_lan" if x else ""), lang)', {"caption", "_lan", "", "caption_lan"}, set()),
    ],
)
def test_the_scanner(source, literals, patterns):
    assert scan(source) == (literals, patterns)


def test_template_keys():
    assert template_keys("<p>{{ t(\"presskit_generated\", date=date) }} {{ t('open_full') }}</p>") == {
        "presskit_generated",
        "open_full",
    }


# ---------------------------------------------------------------- the project


def test_every_composed_key_in_the_code_has_its_source_here():
    _, patterns = project()
    assert patterns == set(COMPOSED) | set(PLURAL)


@pytest.mark.parametrize("pattern", sorted(COMPOSED))
def test_every_composed_key_exists(pattern):
    missing = [pattern.format(v) for v in COMPOSED[pattern] if pattern.format(v) not in STRINGS]
    assert missing == []


def test_every_string_is_used():
    literals, _ = project()
    named = literals & set(STRINGS)
    unused = sorted(set(STRINGS) - named - composed_keys(named))
    assert unused == []
