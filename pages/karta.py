"""Karta: a choropleth of the 290 municipalities; a click selects a municipality."""

import streamlit as st

from barnbaro.core.i18n import t
from barnbaro.explore import views
from barnbaro.explore.mapview import build_deck
from barnbaro.render import images
from barnbaro.render.charts import legend_chart
from barnbaro.ui import data as D
from barnbaro.ui import frame
from barnbaro.ui import share as SH
from barnbaro.ui import state as S
from barnbaro.ui import widgets as W


def body(view):
    picked = S.picked_kommun(st.session_state.get("karta"))  # a click on the map, before drawing
    if picked and picked != st.session_state.get("_karta_handled"):
        st.session_state["_karta_handled"] = picked
        S.update(kommuner=(picked,) + tuple(c for c in view.kommuner if c != picked))
        view = S.view()
    lang = view.lang
    v = views.map_view(D.data(), D.catalogue(), view, D.ranked(view.indikator, view.upplaga), D.features())
    frame.tab_title(v.title, lang)
    SH.mode_header(view, "karta", v.title)
    if SH.controls(view):
        with W.pickers(view):
            W.selection_row(view)
    st.caption(f"{t('map_caption', lang)} {t('map_table_note', lang)}")
    left, right = st.columns([4, 1])
    with left:
        deck = build_deck(v.features, lang, view.kommuner, borders=None if D.static_map() else D.borders())
        st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="karta", height=720)
    with right:
        st.markdown(f"**{t('legend', lang)}**")
        st.vega_lite_chart(legend_chart(v.legend, lang), width="content")
        if view.kommuner:
            st.markdown(
                f"**{t('map_selected_heading', lang)}**\n\n" + "\n".join(f"- {line}" for line in v.selected_lines)
            )

    if view.lage == "normal":
        if box := W.lazy_expander(t("table_and_csv", lang), "x_table"):
            with box:
                st.dataframe(v.table, hide_index=True, width="stretch")
                W.csv_download(v.table, f"karta_{view.indikator}_{view.upplaga}.csv", lang, "dl_map")
    frame.source(view, view.upplaga)
    if view.lage == "normal":
        SH.panel(
            view,
            "karta",
            v.title,
            lambda: images.map_chart(
                D.features(), D.ranked(view.indikator, view.upplaga), D.catalogue()[view.indikator], lang, view.kommuner
            ),
            v.table,
            export_width=None,
        )


frame.body("karta", body)
