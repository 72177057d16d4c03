"""The shared selection widgets. Each takes its value from the URL state and writes changes
back to the URL in its on_change callback, so links and page switches keep the view."""

from __future__ import annotations

import streamlit as st

from ..core.i18n import DEFAULT_LANG, LANGS, t
from ..explore.urlstate import MAX_KOMMUNER, PEER_KINDS, SCOPES, ViewState, page_file
from . import data as D
from . import state as S


def _names() -> dict:
    return D.names()["by_code"]


def _sorted_codes() -> list:
    return list(D.names()["sorted"])


def _labeller():
    """kommun_label for the pickers' 290 options: the names looked up once per widget, not
    through the cache for every option."""
    by_code = _names()
    return lambda code: f"{by_code.get(code, code)} ({code})"


def kommun_label(code: str) -> str:
    return _labeller()(code)


def _set(key: str, value) -> None:
    st.session_state[key] = value


def pickers(state: ViewState):
    """The container for a page's pickers: "Ändra urval", folded when the session opened on a
    link that names a view (that link opens on its chart, at every width), open otherwise.
    A plain expander, not a lazy one: its widgets exist on every run even while it is folded,
    because they are bound to the URL. Its open state stays as the user leaves it."""
    return st.expander(
        t("change_selection", state.lang), expanded=not S.note_arrival(), key="x_pickers", icon=":material/tune:"
    )


def selection_row(state: ViewState, edition_picker: bool = True) -> None:
    """The row most chart pages start with: municipalities, indicator and (optionally) edition."""
    cols = st.columns([3, 4, 1] if edition_picker else [3, 4])
    with cols[0]:
        kommuner(state)
    with cols[1]:
        indicator(state)
    if edition_picker:
        with cols[2]:
            edition(state)


def kommuner(state: ViewState, max_selections: int = MAX_KOMMUNER) -> tuple[str, ...]:
    key = "w_kommun"
    _set(key, list(state.kommuner[:max_selections]))
    codes = _sorted_codes()

    def changed():
        S.update(kommuner=tuple(st.session_state[key]))

    value = st.multiselect(
        t("pick_kommun", state.lang),
        codes,
        format_func=_labeller(),
        key=key,
        max_selections=max_selections,
        help=t("pick_kommun_help", state.lang),
        on_change=changed,
        placeholder=t("choose_kommun_prompt", state.lang),
    )
    return tuple(value)


def kommun(state: ViewState) -> str | None:
    """One municipality (the focus): the first of the selection."""
    key = "w_kommun_one"
    _set(key, state.focus)
    codes = _sorted_codes()

    def changed():
        new = st.session_state[key]
        rest = tuple(c for c in S.current()[0].kommuner if c != new)
        S.update(kommuner=((new,) + rest) if new else rest)

    return st.selectbox(
        t("pick_one_kommun", state.lang),
        codes,
        format_func=_labeller(),
        key=key,
        index=None,
        on_change=changed,
        placeholder=t("choose_kommun_prompt", state.lang),
    )


def indicator(state: ViewState) -> str:
    key = "w_indikator"
    _set(key, state.indikator)
    cat = D.catalogue()
    ids = list(cat.indicators)

    def label(i):
        ind = cat[i]
        return f"{cat.theme_label(ind.theme, state.lang)}: {ind.title_for(state.lang)}"

    def changed():
        new = st.session_state[key]
        cur = S.current()[0]
        eds = [e for e in cat[new].editions if e in D.data().editions]
        S.update(indikator=new, upplaga=cur.upplaga if cur.upplaga in eds else max(eds))

    return st.selectbox(t("pick_indicator", state.lang), ids, format_func=label, key=key, on_change=changed)


def edition(state: ViewState) -> int:
    key = "w_upplaga"
    cat = D.catalogue()
    eds = [e for e in cat[state.indikator].editions if e in D.data().editions]
    _set(key, state.upplaga if state.upplaga in eds else max(eds))

    def changed():
        S.update(upplaga=int(st.session_state[key]))

    return st.selectbox(t("pick_edition", state.lang), eds, key=key, on_change=changed)


def peer_kind(state: ViewState) -> str:
    key = "w_jamfor"
    _set(key, state.jamfor)

    def changed():
        S.update(jamfor=st.session_state[key])

    kind = st.selectbox(
        t("pick_peer", state.lang),
        list(PEER_KINDS),
        format_func=lambda k: t(f"peer_{k}", state.lang),
        key=key,
        on_change=changed,
    )
    if kind == "egen":
        ckey = "w_egna"
        _set(ckey, list(state.egna))

        def custom_changed():
            S.update(egna=tuple(st.session_state[ckey]))

        codes = _sorted_codes()
        st.multiselect(
            t("pick_custom", state.lang),
            codes,
            format_func=_labeller(),
            key=ckey,
            on_change=custom_changed,
            placeholder=t("choose_kommun_prompt", state.lang),
        )
    return kind


def scope(state: ViewState) -> str:
    key = "w_urval"
    _set(key, state.urval)

    def changed():
        S.update(urval=st.session_state[key])

    return (
        st.segmented_control(
            t("pick_scope", state.lang),
            list(SCOPES),
            format_func=lambda k: t({"alla": "scope_all", "lan": "scope_lan", "grupp": "scope_peer"}[k], state.lang),
            key=key,
            on_change=changed,
        )
        or "alla"
    )


def language(state: ViewState) -> str:
    key = "w_lang"
    _set(key, state.lang)

    def changed():
        S.update(lang=st.session_state[key] or DEFAULT_LANG)

    return (
        st.segmented_control(
            t("language", state.lang),
            list(LANGS),
            format_func={"sv": "Svenska", "en": "English"}.get,
            key=key,
            on_change=changed,
        )
        or DEFAULT_LANG
    )


def lazy_expander(label: str, key: str):
    """An expander whose content is made only while it is open: opening it reruns the page.
    A closed one costs the page one element instead of all of its content on every rerun
    (tables, downloads, the share panel). Returns the container when open, else None."""
    box = st.expander(label, key=key, on_change="rerun")
    return box if box.open else None


def csv_download(df, name: str, lang: str, key: str) -> None:
    st.download_button(
        t("download_csv", lang), df.to_csv(index=False).encode("utf-8-sig"), file_name=name, mime="text/csv", key=key
    )


def edition_any(state: ViewState) -> int:
    """An edition of the survey (any question), for pages about all questions at once."""
    key = "w_upplaga_any"
    eds = D.data().editions
    _set(key, state.upplaga if state.upplaga in eds else max(eds))

    def changed():
        S.update(upplaga=int(st.session_state[key]))

    return st.selectbox(t("pick_edition", state.lang), eds, key=key, on_change=changed)


def start_search(state: ViewState) -> None:
    """The start page's search: choosing a municipality opens its profile on the latest edition
    it answered. The choice is acted on once (a flag set by the callback), so coming back to
    the start page never sends the reader away again."""
    from ..explore.urlstate import to_query
    from ..explore.views import profile_link_state, start_edition

    key = "w_start_search"

    def chosen():
        st.session_state["_start_goto"] = st.session_state.get(key)

    st.selectbox(
        t("start_search", state.lang),
        _sorted_codes(),
        format_func=_labeller(),
        key=key,
        index=None,
        on_change=chosen,
        placeholder=t("start_search_placeholder", state.lang),
        help=t("start_search_help", state.lang),
    )
    code = st.session_state.pop("_start_goto", None)
    if code:
        target = profile_link_state(state, code, start_edition(D.data(), code), D.catalogue())
        st.switch_page(page_file("kommunprofil"), query_params=to_query(target))
