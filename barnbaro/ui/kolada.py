"""The Kolada parts of the pages, kept thin: everything shown is computed in barnbaro.explore.kolada_views and
barnbaro.explore.structure; this module reads the local cache (never the network) and renders.

    official_figures(view_state, code)   the municipality's official Kolada figures
    structure_check(view_state)          answers by SKR kommungrupp, with a permutation test
    peer_note(view_state, code)          what a Kolada peer group (jamfor=skr|rka) is, or why it is empty

Without a cache each of them shows a short note with the fetch command and nothing else. A
cache fetched from anything but the real API is shown as test data, never as "Källa: Kolada".
"""

from __future__ import annotations

import streamlit as st

from ..core import paths
from ..core.i18n import md_escape, t
from ..explore import kolada_provenance as P
from ..explore import kolada_views as KV
from ..explore import structure as S
from ..explore.urlstate import ViewState
from ..kolada import cache as KC
from ..kolada import groups as KG
from . import data as D
from . import widgets as W


def _where() -> str:
    try:
        return str(KC.KOLADA_DIR.relative_to(paths.ROOT))
    except ValueError:
        return str(KC.KOLADA_DIR)


def cache_or_note(lang: str, warn_test: bool = True) -> KC.KoladaCache | None:
    """The cache, after saying what it is (test data); or None, after saying why there is none."""
    cache, problems = D.kolada_cache()
    if problems:
        st.warning(t("kolada_cache_broken", lang, path=_where(), command=KC.FETCH_COMMAND))
        with st.expander(t("kolada_cache_problems", lang)):
            for p in problems:
                st.text(p)
        return None
    if cache is None:
        st.info(t("kolada_no_cache", lang, command=KC.FETCH_COMMAND, path=_where()))
        return None
    if warn_test and not cache.is_real:
        st.warning(t("kolada_test_warning", lang, url=md_escape(cache.meta.get("base_url", "?"))))
    return cache


def _fetch_notes(cache: KC.KoladaCache, lang: str) -> None:
    notes = cache.meta.get("warnings") or []
    if notes:
        with st.expander(t("kolada_fetch_notes", lang)):
            for n in notes:
                st.text(str(n))


def official_figures(view_state: ViewState, code: str | None, cache: KC.KoladaCache | None = None) -> None:
    """The municipality's official figures from Kolada (U33401, U33816, N33818, N33006, N01951)
    for the view's edition year or the nearest year with a value, with each KPI's own title and
    year, "Källa: Kolada", and our own ranks and group medians labelled as ours."""
    lang = view_state.lang
    cache = cache or cache_or_note(lang)
    if cache is None:
        return
    if not code:
        st.info(t("choose_kommun_prompt", lang))
        return
    names = D.data().names
    v = KV.official_view(cache, code, view_state.upplaga, lang, kommun=names.get(code, code))
    st.subheader(v.title)
    st.dataframe(v.table, hide_index=True, width="stretch")
    W.csv_download(v.table, f"kolada_{code}_{view_state.upplaga}.csv", lang, f"dl_kolada_{code}")
    _fetch_notes(cache, lang)
    st.caption("  \n".join([*v.notes, v.source]))  # one element: each costs every rerun its time


@st.cache_data(show_spinner=False, max_entries=64)
def _structure(indicator_id: str, edition: int, lang: str, signature: tuple | None) -> S.StructureView | None:
    cache, _ = D.kolada_cache()  # `signature` keys this cache to the copy's
    if cache is None or cache.skr_groups.empty:
        return None
    ind = D.catalogue()[indicator_id]
    return S.structure_view(
        D.ranked(indicator_id, edition),
        cache.skr_groups,
        ind,
        edition,
        lang,
        is_sample=D.data().is_sample,
        groups_are_real=cache.is_real,
        revision=KG.SKR_REVISION,
        group_names=KG.SKR_NAMES_EN if lang == "en" else None,
    )


def structure_check(view_state: ViewState) -> None:
    """For the view's indicator and edition: the answers by SKR kommungrupp (a table), a
    permutation test of association, and what the data shows next to what the reports said."""
    lang = view_state.lang
    cache = cache_or_note(lang)
    if cache is None:
        return
    if cache.skr_groups.empty:
        st.warning(KV.skr_missing_note(cache, lang))
        _fetch_notes(cache, lang)
        return
    v = _structure(view_state.indikator, view_state.upplaga, lang, KC.signature())
    if v is None:  # the cache changed between the two reads
        st.info(t("kolada_no_cache", lang, command=KC.FETCH_COMMAND, path=_where()))
        return
    st.subheader(v.title)
    if v.sample_note:
        st.warning(v.sample_note)
    st.dataframe(v.table, hide_index=True, width="stretch")
    W.csv_download(
        v.table,
        f"kommungrupp_{view_state.indikator}_{view_state.upplaga}.csv",
        lang,
        f"dl_structure_{view_state.indikator}_{view_state.upplaga}",
    )
    c1, c2 = st.columns(2)
    with c1:
        st.markdown(f"**{t('structure_data_shows', lang)}**")
        st.write(v.sentence)
        if v.stats:
            st.caption(v.stats)
    with c2:
        st.write(v.reports)
    for n in v.notes:
        st.caption(n)
    st.caption(v.method)
    _fetch_notes(cache, lang)
    src = P.groups_source_line(cache, lang, KG.SKR_REVISION)
    if src:
        st.caption(src)


def peer_note(view_state: ViewState, code: str | None) -> None:
    """Under a peer-group choice of 'skr' or 'rka': what the group is, or why it is empty."""
    if view_state.jamfor not in ("skr", "rka"):
        return
    lang = view_state.lang
    cache = cache_or_note(lang, warn_test=False)  # the label itself says test data
    if cache is None or not code:
        return
    if view_state.jamfor == "skr" and KV.skr_missing(cache):
        st.warning(KV.skr_missing_note(cache, lang))
        return
    label = KV.peer_label(cache, view_state.jamfor, code, lang)
    if label and KC.peers(cache, view_state.jamfor, code):
        st.caption(md_escape(label))  # the group's title comes from Kolada: plain text
    else:
        st.info(t("kolada_peer_none", lang))


# ---------------------------------------------------------------- the survey's themes beside Kolada


def _theme_block(v: KV.ThemeView, lang: str, key: str, common: bool = True) -> None:
    """One question's figures; `common` adds the lines every block shares (honesty, own
    processing, source), which Kommunprofil writes once under all of them."""
    # the heading and its note in one element (each element costs every rerun its time)
    st.markdown(f"**{md_escape(v.heading)}**" + (f"  \n:small[{v.note}]" if v.note else ""))
    cols = list(v.table.columns)
    kid = t("kolada_col_id", lang)  # the id beside the title: related figures' titles start alike
    order = [cols[0], kid, *[c for c in cols[1:] if c != kid]] if kid in cols else cols
    st.dataframe(
        v.table,
        hide_index=True,
        width="stretch",
        column_order=order,
        column_config={t("kolada_col_kpi", lang): st.column_config.TextColumn(width="medium", pinned=True)},
    )
    W.csv_download(v.table, f"kolada_{v.indicator}.csv", lang, key)
    st.caption("  \n".join([*v.captions, v.source] if common else v.captions[:1]))


def theme_figures(
    view_state: ViewState,
    code: str | None,
    indicator_id: str | None = None,
    cache: KC.KoladaCache | None = None,
    common: bool = True,
    also: tuple = (),
) -> KV.ThemeView | None:
    """Beside one survey question (the view's indicator): Kolada's figures on the same subject
    for the municipality, nearest the edition and latest, each with its year and position."""
    lang = view_state.lang
    indicator_id = indicator_id or view_state.indikator
    if not KV.kpis_for(indicator_id):
        st.caption(t("theme_none_for_question", lang))
        return None
    cache = cache or cache_or_note(lang)
    if cache is None or not code:
        return None
    names = D.data().names
    v = KV.theme_view(
        cache,
        indicator_id,
        code,
        view_state.upplaga,
        lang,
        D.catalogue(),
        D.data().is_sample,
        kommun=names.get(code, code),
        also=also,
    )
    if v is not None:
        _theme_block(v, lang, f"dl_theme_{indicator_id}_{code}", common)
    return v


def theme_profile(view_state: ViewState, code: str | None) -> None:
    """For Kommunprofil: each survey question that has official figures on the same subject,
    with those figures beside it (one block per question)."""
    lang = view_state.lang
    st.subheader(t("theme_section", lang))
    st.caption(t("theme_section_intro", lang))
    cache = cache_or_note(lang)
    if cache is None or not code:
        return
    last = None
    for first, *also in KV.mapped_groups(D.catalogue()):
        last = theme_figures(view_state, code, first, cache=cache, common=False, also=tuple(also)) or last
    if last is not None:
        st.caption("  \n".join([*last.captions[1:], last.source]))
    copy_caption(cache, lang)


def key_figures(view_state: ViewState) -> None:
    """For Om data: every key figure with Kolada's description, its years, and that Kolada may
    revise figures (the copy is shown as fetched)."""
    lang = view_state.lang
    st.subheader(t("keyfig_title", lang))
    cache, problems = D.kolada_cache()
    if cache is None:
        st.markdown(t("keyfig_intro_none", lang, command=KC.FETCH_COMMAND))
    else:
        if not cache.is_real:
            st.warning(t("kolada_test_warning", lang, url=md_escape(cache.meta.get("base_url", "?"))))
        st.markdown(t("keyfig_intro", lang, date=cache.fetched_date, command=KC.FETCH_COMMAND))
    table = KV.key_figures_table(cache, D.catalogue(), lang)
    st.markdown(KV.key_figures_markdown(table, lang))
    W.csv_download(table, "kolada_nyckeltal.csv", lang, "dl_key_figures")


def beside_question(view_state: ViewState, code: str | None) -> None:
    """For Rangordning: the figures on the same subject as the view's question, then the
    municipality's table of official figures (one note about what the copy is)."""
    cache = cache_or_note(view_state.lang)
    if cache is None:
        return
    theme_figures(view_state, code, cache=cache)
    official_figures(view_state, code, cache=cache)
    copy_caption(cache, view_state.lang)


# ---- which copy is shown: the bundled open-numbers snapshot or a fetch


def copy_caption(cache: KC.KoladaCache, lang: str) -> None:
    """Under Kolada figures: which copy they come from and, for the snapshot, what it lacks."""
    texts = [x for x in (P.copy_note(cache, lang), P.lacking_text(cache, lang)) if x]
    if texts:
        st.caption("  \n".join(texts))


def copy_section(view_state: ViewState) -> None:
    """Om data: which Kolada copy the app shows, its source and terms, and what it lacks."""
    lang = view_state.lang
    cache, _ = D.kolada_cache()  # without a usable copy the structure check above has said so
    if cache is None or not cache.is_real:
        return
    note = P.copy_note(cache, lang)
    if note:
        st.markdown(note)
    lacking = P.lacking_text(cache, lang)
    if lacking:
        st.markdown(lacking)
    st.caption(P.source_line(cache, lang))
