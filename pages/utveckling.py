"""Utveckling: answers over the editions for up to eight municipalities, with references."""

import streamlit as st

from barnbaro.core.i18n import t
from barnbaro.explore import views
from barnbaro.ui import data as D
from barnbaro.ui import frame
from barnbaro.ui import share as SH
from barnbaro.ui import widgets as W


def body(view):
    lang = view.lang
    latest = max(e for e in D.catalogue()[view.indikator].editions if e in D.data().editions)
    peers = D.peers(view.jamfor, view.focus, latest, view.egna)
    v = views.trends_view(D.data(), D.catalogue(), D.figures(), view, peers)
    frame.tab_title(v.title, lang)

    SH.mode_header(view, "utveckling", v.title)
    if SH.controls(view):
        with W.pickers(view):
            c1, c2, c3 = st.columns([3, 4, 2])
            with c1:
                W.kommuner(view)
            with c2:
                W.indicator(view)
            with c3:
                W.peer_kind(view)
    if v.answers_chart is not None:
        st.subheader(t("trends_answers", lang))
        st.caption(t("trends_answers_caption", lang))
        st.vega_lite_chart(v.answers_chart, width="stretch")
    for note in v.notes[:-1]:
        st.info(note)
    st.subheader(v.notes[-1])
    st.caption(t("trends_shares_caption", lang))
    st.vega_lite_chart(v.shares_chart, width="stretch")
    if v.change_notes:
        st.markdown(f"**{t('changes_heading', lang)}**\n\n" + "\n".join(f"- {note}" for note in v.change_notes))
    if view.lage == "normal":
        st.caption(views.peer_description(view, D.data(), peers))
        if box := W.lazy_expander(t("table_and_csv", lang), "x_table"):
            if len(v.answers_table):
                box.dataframe(v.answers_table, hide_index=True, width="stretch")
                with box:
                    W.csv_download(v.answers_table, f"utveckling_svar_{view.indikator}.csv", lang, "dl_trend_answers")
            box.dataframe(v.shares_table, hide_index=True, width="stretch")
            with box:
                W.csv_download(v.shares_table, f"utveckling_andelar_{view.indikator}.csv", lang, "dl_trend_shares")
    frame.source(view, latest)
    if view.lage == "normal":
        SH.panel(
            view,
            "utveckling",
            v.title,
            v.answers_chart if v.answers_chart is not None else v.shares_chart,
            v.shares_table,
            edition=latest,
        )


frame.body("utveckling", body)
