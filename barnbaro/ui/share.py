"""The share panel (link, iframe snippet, citation, downloads) and the embedded and projector
modes. Computation lives in barnbaro.explore.share and barnbaro.render.images."""

from __future__ import annotations

import streamlit as st

from ..core.i18n import t
from ..explore import share
from ..explore.urlstate import START_PAGE, ViewState, page_file
from ..render import images
from . import data as D
from . import frame, widgets

PRESENT_CSS = """<style>
[data-testid="stMain"] h1, [data-testid="stMain"] h2 { font-size: 2.6rem !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.35rem !important; }
[data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 100%; }
</style>"""


def base() -> str:
    return share.base_url(st.context.url)


def sample_label(lang: str) -> str | None:
    return D.data().sample_label(lang)


def panel(
    view: ViewState,
    page: str,
    title: str,
    chart=None,
    table=None,
    edition: int | None = None,
    export_width: int | None = images.EXPORT_WIDTH,
    stem: str | None = None,
) -> None:
    """The 'Dela' panel under a chart; `stem` names the downloaded files (default: page,
    indicator and edition)."""
    lang = view.lang
    box = widgets.lazy_expander(t("share_title", lang), "x_share")
    if box is None:
        return
    edition = edition or view.upplaga
    source = frame.source_line(view, edition)
    link = share.view_link(base(), page, view)
    with box:
        is_sample = D.data().is_sample
        sample_note = f" ({D.data().sample_label(lang, 'short')})" if is_sample else ""
        st.markdown(f"**{t('share_link', lang)}**{sample_note}")
        st.code(link, language=None, wrap_lines=True)
        st.markdown(f"**{t('share_embed', lang)}**{sample_note}")
        short = D.data().sample_label(lang, "short")
        st.code(
            share.iframe_snippet(
                share.embed_link(base(), page, view), share.embed_title(title, is_sample, lang, short)
            ),
            language=None,
            wrap_lines=True,
        )  # plain: highlighted tokens fail the contrast check
        st.markdown(f"**{t('share_cite', lang)}**")
        st.code(share.citation(source, link, is_sample, lang, short), language=None, wrap_lines=True)
        st.page_link(
            page_file(page),
            label=t("share_present", lang),
            icon=":material/slideshow:",
            query_params=_query(view.with_(lage="present")),
        )
        cols = st.columns(3)
        stem = stem or f"barnbarometern_{page}_{view.indikator}_{edition}"
        if chart is not None:

            def built():  # a callable chart is built only when someone downloads it
                return chart() if callable(chart) else chart

            def png():
                return images.to_png(images.decorate(built(), title, source, sample_label(lang), export_width))

            def svg():
                return images.to_svg(images.decorate(built(), title, source, sample_label(lang), export_width))

            cols[0].download_button(
                t("download_png", lang),
                png,
                file_name=f"{stem}.png",
                mime="image/png",
                on_click="ignore",
                key=f"png_{page}",
            )
            cols[1].download_button(
                t("download_svg", lang),
                svg,
                file_name=f"{stem}.svg",
                mime="image/svg+xml",
                on_click="ignore",
                key=f"svg_{page}",
            )
        if table is not None:
            table = table() if callable(table) else table  # like the chart, may be made only now
            note = f"# {source}" + (f" {sample_label(lang)}" if sample_label(lang) else "") + "\n"
            cols[2].download_button(
                t("download_csv", lang),
                (note + table.to_csv(index=False)).encode("utf-8-sig"),
                file_name=f"{stem}.csv",
                mime="text/csv",
                on_click="ignore",
                key=f"csv_{page}",
            )


def _query(view: ViewState) -> dict:
    from ..explore.urlstate import to_query

    return to_query(view)


def controls(view: ViewState) -> bool:
    """Widgets are shown in the normal mode only; embedded and projector views show the
    selection as text."""
    return view.lage == "normal"


def mode_header(view: ViewState, page: str, title: str) -> None:
    """In embedded and projector mode: the title, and the link back to the full app."""
    lang = view.lang
    if view.lage == "present":
        st.html(PRESENT_CSS)
        present_nav(view)
    if view.lage == "embed":
        st.markdown(f"**{title}** · [{t('open_full', lang)} ↗]({share.view_link(base(), page, view)})")
    else:
        st.header(title)


def present_nav(view: ViewState) -> None:
    lang = view.lang
    cols = st.columns([1, 2, 1, 1])
    if view.bilder:
        i, n = view.bild, len(view.bilder)
        cols[1].markdown(t("present_of", lang, i=i, n=n))
        if i > 1 and cols[0].button(t("present_prev", lang), key="present_prev"):
            _go(view, i - 1)
        if i < n and cols[2].button(t("present_next", lang), key="present_next"):
            _go(view, i + 1)
    cols[3].page_link(
        page_file(_current_page()),
        label=t("present_exit", lang),
        query_params=_query(view.with_(lage="normal", bilder=(), bild=1)),
    )


def _current_page() -> str:
    from urllib.parse import urlsplit

    return (urlsplit(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]) or START_PAGE.slug


def _go(view: ViewState, i: int) -> None:
    from urllib.parse import parse_qs

    page, _, query = view.bilder[i - 1].partition("?")
    q = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(query).items()}
    q.update({"lage": "present", "bilder": list(view.bilder), "bild": str(i)})
    if view.lang != "sv":
        q.setdefault("lang", view.lang)
    st.switch_page(page_file(page), query_params=q)
