"""The frame every page shares: the sample banner, URL messages, language, the source line."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from ..core import paths
from ..core.data import DataError
from ..core.i18n import LANGS, norm_lang, t
from ..explore import share
from ..explore.urlstate import ViewState
from . import data as D
from . import state as S
from . import widgets as W

log = logging.getLogger("barnbaro")


def _shown_path(p) -> str:
    try:
        return str(p.relative_to(paths.ROOT))
    except ValueError:
        return str(p)


def load_or_stop(lang: str = "sv") -> bool:
    """True when the data loads; otherwise shows the data-error page (both languages)."""
    try:
        D.data()
        D.warm(str(paths.CLEAN_DIR))
        return True
    except DataError as e:
        log.error("clean data failed to load: %s", e)
        for lg in LANGS:
            st.error(
                f"**{t('data_error_title', lg)}**\n\n{t('data_error_body', lg, path=_shown_path(paths.CLEAN_DIR))}"
            )
        with st.expander(t("data_error_details", lang)):
            for p in e.problems:
                st.text(p)
        return False


# Phones (below 640 px): smaller headings and a tighter sample label, so that a deep link's
# title, the Exempeldata label and the chart fit on the first screen.
PHONE_CSS = """<style>
@media (max-width: 640px) {
  [data-testid="stMain"] h1 { font-size: 1.9rem; }
  [data-testid="stMain"] h2 { font-size: 1.45rem; }
  [data-testid="stMain"] h3 { font-size: 1.2rem; }
  [data-testid="stMainBlockContainer"] { padding-top: 3.2rem; }
  [data-testid="stAlert"] [data-testid="stMarkdownContainer"] p { font-size: 0.9rem; line-height: 1.4; }
}
</style>"""


def document(state: ViewState) -> None:
    """What the page as a whole needs: its `lang` attribute in the language shown (screen
    readers and axe read it; Streamlit's page says "en"), and the phone layout. The script sets
    only an attribute, from a fixed list of languages: nothing from the URL goes into it."""
    lang = norm_lang(state.lang)
    st.html(f"{PHONE_CSS}<script>document.documentElement.lang = '{lang}';</script>", unsafe_allow_javascript=True)


def banner(state: ViewState) -> None:
    d = D.data()
    if d.is_sample and state.lage != "normal":
        st.warning(d.sample_label(state.lang))
    elif d.is_sample:
        st.warning(d.sample_label(state.lang, "banner", seed=share.sample_seed(d)), icon="⚠️")
    else:
        st.caption(t("survey_note", state.lang, built=d.manifest.get("built_at", "?")))


def messages(state: ViewState, msgs: list) -> None:
    for m in msgs:
        st.info(S.message_text(m, state.lang))


def source_line(state: ViewState, edition: int) -> str:
    return share.source_line(D.data(), edition, state.lang)


def source(state: ViewState, edition: int) -> None:
    st.caption(source_line(state, edition))


def sidebar(state: ViewState) -> None:
    with st.sidebar:
        W.language(state)


def tab_title(view_title: str, lang: str) -> None:
    """Name the view in the browser tab, so a shared link is recognisable among tabs."""
    from ..explore.views import tab_title as _title

    st.set_page_config(page_title=_title(view_title, lang))


def body(page: str, render: Callable[[ViewState], None]) -> None:
    """Run the part of a page that its widgets change (its pickers, title, chart, reading,
    tables and share panel) as a fragment. A widget change then reruns this body alone: the
    frame around it (navigation, language, the sample label, the page's document settings)
    stays as it was drawn and is neither run nor sent again. The body reads the view the
    widget's callback kept (state.update writes the URL and the session's view together), so
    it shows what a full run of the new URL shows; a shared link opens the same view, as the
    URL is written exactly as before. The language is outside the body: changing it reruns
    the whole page, frame included."""

    def run() -> None:
        render(S.view())

    # Streamlit names a fragment by its function's qualified name and place on the page:
    # one name per page, so that one page's fragment is never taken for another's.
    run.__qualname__ = f"body_{page}"
    st.fragment(run)()
