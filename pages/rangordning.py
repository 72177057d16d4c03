"""Rangordning: every municipality that answered one indicator in one edition, ranked."""

import streamlit as st

from barnbaro.core.i18n import t
from barnbaro.explore import views
from barnbaro.ui import data as D
from barnbaro.ui import frame
from barnbaro.ui import kolada as KUI
from barnbaro.ui import share as SH
from barnbaro.ui import widgets as W


def body(view):
    lang = view.lang
    peers = D.peers(view.jamfor, view.focus, view.upplaga, view.egna)
    v = views.ranking_view(
        D.data(),
        D.catalogue(),
        D.figures(),
        view,
        D.ranked(view.indikator, view.upplaga),
        peers,
        parts=D.ranking_parts(view, peers),
    )
    frame.tab_title(v.title, lang)

    SH.mode_header(view, "rangordning", v.title)
    if v.selected_lines:  # one element per block of text: each element costs a rerun time
        st.markdown("  \n".join(f"**{line}**" for line in v.selected_lines))
    if SH.controls(view):
        with W.pickers(view):
            W.selection_row(view)
            c4, c5 = st.columns([3, 2])
            with c4:
                W.scope(view)
            with c5:
                W.peer_kind(view)
    st.vega_lite_chart(v.chart, width="stretch")
    notes = ([v.caption] if view.lage != "embed" else []) + [t("position_caveat", lang)]
    if view.lage == "normal":
        notes += [*v.published_lines, views.peer_description(view, D.data(), peers)]
    st.caption("  \n".join(notes))
    if view.lage == "normal":
        KUI.peer_note(view, view.focus)
        if view.focus and (
            box := W.lazy_expander(t("kolada_expander", lang, kommun=W.kommun_label(view.focus)), "x_kolada")
        ):
            with box:
                KUI.beside_question(view, view.focus)
        if box := W.lazy_expander(t("non_respondents", lang, n=len(v.non_respondents)), "x_non_respondents"):
            box.write(", ".join(v.non_respondents) if v.non_respondents else t("non_respondents_none", lang))
        if box := W.lazy_expander(t("table_and_csv", lang), "x_table"):
            with box:
                st.dataframe(v.table, hide_index=True, width="stretch")
                W.csv_download(v.table, f"rangordning_{view.indikator}_{view.upplaga}.csv", lang, "dl_rank")
    frame.source(view, view.upplaga)
    if view.lage == "normal":
        SH.panel(view, "rangordning", v.title, v.chart, lambda: v.table)


frame.body("rangordning", body)
