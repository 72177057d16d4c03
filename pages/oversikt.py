"""Översikt: a municipality search that opens its profile, the national picture per question,
participation per edition; the tables behind them in an expander."""

import streamlit as st

from barnbaro.core.i18n import t
from barnbaro.explore import views
from barnbaro.ui import data as D
from barnbaro.ui import frame
from barnbaro.ui import state as S
from barnbaro.ui import widgets as W

view = S.view()
lang = view.lang
frame.tab_title(t("nav_overview", lang), lang)
st.title(t("app_title", lang))
st.markdown(f"**{t('app_tagline', lang)}**")
W.start_search(view)

v = views.overview_view(D.data(), D.catalogue(), D.figures(), D.responses(), lang)
st.subheader(t("start_national", lang))
st.caption(v.national_caption)
for i in range(0, len(v.national), 4):
    for col, (_ind, chart) in zip(st.columns(4), v.national[i : i + 4]):
        col.vega_lite_chart(chart, width="stretch")

st.subheader(t("start_participation", lang))
st.caption(v.participation_caption)
st.vega_lite_chart(v.participation, width="stretch")
if box := W.lazy_expander(t("start_tables", lang), "x_start_tables"):
    with box:
        st.markdown(f"**{t('overview_figures', lang)}**")
        st.dataframe(
            views.figures_table(D.data(), D.figures(), lang),
            hide_index=True,
            width="stretch",
            column_config={"url": st.column_config.LinkColumn(t("col_source", lang), display_text="↗")},
        )
        st.markdown(f"**{t('overview_responses', lang)}**")
        st.dataframe(views.responses_table(D.data(), D.responses(), lang), hide_index=True, width="stretch")

st.subheader(t("start_about", lang))
st.write(t("overview_intro", lang))
frame.source(view, max(D.data().editions))
