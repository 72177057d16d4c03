"""Links, iframe snippets and citation lines for a view (pure; no Streamlit)."""

from __future__ import annotations

import html
from urllib.parse import urlencode, urlsplit, urlunsplit

from ..core.data import CleanData
from ..core.i18n import t
from .analysis import publisher_key
from .urlstate import PAGES, START_PAGE, ViewState, to_query

EMBED_WIDTH, EMBED_HEIGHT = 640, 480


def base_url(url: str | None, fallback: str = "http://localhost:8501") -> str:
    """The app's root ('https://host/prefix') from the browser URL of any page."""
    if not url:
        return fallback.rstrip("/")
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last in PAGES:
        path = path[: -len(last)].rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", "")).rstrip("/")


def view_link(base: str, page: str, state: ViewState, **extra) -> str:
    q = to_query(state.with_(lage="normal", bilder=(), bild=1))
    q.update({k: v for k, v in extra.items() if v is not None})
    path = "" if page == START_PAGE.slug else page  # the start page lives at the app's root
    return f"{base}/{path}?{urlencode(q, doseq=True)}"


def embed_link(base: str, page: str, state: ViewState) -> str:
    """Streamlit's embed=true hides its chrome; lage=embed is the app's own switch (the app
    cannot read embed)."""
    return view_link(base, page, state, lage="embed", embed="true")


def iframe_snippet(src: str, title: str, width: int = EMBED_WIDTH, height: int = EMBED_HEIGHT) -> str:
    return (
        f'<iframe src="{html.escape(src, quote=True)}" width="{width}" height="{height}" '
        f'title="{html.escape(title, quote=True)}" style="border:0;max-width:100%" loading="lazy"></iframe>'
    )


def source_line(data: CleanData, edition: int, lang: str, first: int | None = None) -> str:
    """The source line under every chart, in every image and at the top of every CSV: the
    edition and its publisher, or, where the edition is the sample, what the numbers are (the
    generator's seed). With `first`, for what spans the editions first to edition: "2013–2018",
    the publishers of that span, and the sample's line if any edition of it is the sample."""
    keys = {publisher_key(int(edition))} | ({publisher_key(int(first))} if first is not None else set())
    publisher = t(keys.pop(), lang) if len(keys) == 1 else t("publisher_range", lang)
    span = f"{first}–{edition}" if first is not None and first != edition else edition
    asked = range(int(first if first is not None else edition), int(edition) + 1)
    if data.is_sample and (not data.is_mixed or any(e in data.sample_editions for e in asked)):
        return t("source_line_sample", lang, seed=sample_seed(data), edition=span, publisher=publisher)
    return t("source_line", lang, edition=span, publisher=publisher)


def sample_seed(data: CleanData):
    return (data.manifest.get("generator") or {}).get("seed", "?")


def citation(source_line: str, link: str, is_sample: bool, lang: str, label: str | None = None) -> str:
    """The source line and the link; for sample data the line says Exempeldata (added if not;
    `label` names the sample's editions when only some are)."""
    label = label or t("sample_short", lang)
    sample = f" {label}." if is_sample and label.casefold() not in source_line.casefold() else ""
    return f"{source_line}{sample} {link}"


def embed_title(title: str, is_sample: bool, lang: str, label: str | None = None) -> str:
    return f"{title} ({label or t('sample_short', lang)})" if is_sample else title
