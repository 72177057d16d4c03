"""The view state lives in the URL. Each run parses st.query_params through urlstate.parse
(forgiving; messages for bad values), writes the canonical form back, and gives widgets their
values from it. A widget's on_change writes its new value into the URL before the rerun."""

from __future__ import annotations

import streamlit as st

from ..core.i18n import md_escape, norm_lang, t
from ..explore import urlstate
from ..explore.urlstate import ViewState
from . import data as D


def _params() -> dict:
    qp = st.query_params
    return {k: qp.get_all(k) for k in qp.keys()}


def current() -> tuple[ViewState, list]:
    d = D.data()
    codes = list(D.names()["by_code"])  # the municipalities' codes in the table's order
    return urlstate.parse(_params(), D.catalogue(), codes, d.editions)


def for_this_run() -> tuple[ViewState, list]:
    """The view for this run. Streamlit's page navigation opens the next page with an empty
    query string; when the URL carries none of the app's keys but this session has shown a view,
    that view is kept (and written back into the URL), so switching pages keeps the selection.
    A fresh browser with a bare URL gets the defaults."""
    if not any(k in st.query_params for k in urlstate.KNOWN_KEYS):
        last = st.session_state.get("view")
        if isinstance(last, ViewState):
            return last, []
    return current()


VIEW_KEYS = ("kommun", "indikator", "upplaga", "jamfor", "egna", "urval")


def note_arrival() -> bool:
    """Whether this session opened on a link that names a view (a municipality, a question, an
    edition, ...): decided on the session's first run, before the app writes its canonical URL,
    and kept for the session. Such a link opens on its chart, with the pickers folded away."""
    key = "_arrived_with_view"
    if key not in st.session_state:
        st.session_state[key] = any(k in st.query_params for k in VIEW_KEYS)
    return bool(st.session_state[key])


def write(state: ViewState) -> None:
    """Make the URL the canonical form of `state` (only the keys the app owns)."""
    q = urlstate.to_query(state)
    qp = st.query_params
    for k in urlstate.KNOWN_KEYS:
        if k not in q and k in qp:
            del qp[k]
    for k, v in q.items():
        want = v if isinstance(v, list) else [v]
        if qp.get_all(k) != want:
            qp[k] = v


def message_text(msg, lang: str) -> str:
    params = {k: md_escape(v) for k, v in msg.params.items()}
    cat = D.catalogue()
    if msg.key == "url_unknown_indicator" and msg.params.get("default") in cat:
        params["default"] = cat[msg.params["default"]].title_for(lang)
    return t(msg.key, lang, **params)


def update(**changes) -> None:
    """Apply changes to the state in the URL (used by widget callbacks), and keep it as this
    session's view: a page body that runs alone after the change (a fragment, see
    frame.body) reads it from there, as a full run would parse it from the new URL."""
    state, _ = current()
    new = state.with_(**changes)
    write(new)
    st.session_state["view"] = new


def lang_from_url() -> str:
    """The language alone, for the data-error page (which must not need the data)."""
    v = st.query_params.get("lang")
    return norm_lang(v)


def ensure_router() -> None:
    """Pages live in pages/, which makes Streamlit run a deep link's page file directly (the old
    pages-directory mode) until app.py has called st.navigation once in this process. Then the
    frame (banner, URL parsing) would be skipped: switch to the router and run again."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def view() -> ViewState:
    """The state app.py parsed for this run (pages call this)."""
    ensure_router()
    v = st.session_state.get("view")
    return v if isinstance(v, ViewState) else current()[0]


def picked_kommun(event) -> str | None:
    """The municipality code a map click selected, if any (forgiving about the event's shape)."""
    try:
        objs = event.selection.get("objects", {}) if event is not None else {}
        hits = objs.get("kommuner") or []
        if not hits:
            return None
        obj = hits[0]
        props = obj.get("properties", obj) if isinstance(obj, dict) else {}
        code = props.get("kommun_kod")
        return code if code in set(D.data().municipalities["kommun_kod"]) else None
    except (AttributeError, TypeError, KeyError):
        return None
