"""Översikt: what Barnbarometern is, responses per edition, published figures beside the data."""
import streamlit as st

from barnbaro import views
from barnbaro.i18n import t
from barnbaro.ui import data as D
from barnbaro.ui import frame
from barnbaro.ui import state as S

view = S.view()
lang = view.lang
st.title(t("app_title", lang))
st.markdown(f"**{t('app_tagline', lang)}**")
st.write(t("overview_intro", lang))

st.subheader(t("overview_goto", lang))
cols = st.columns(5)
for col, (page, key) in zip(cols, [("pages/rangordning.py", "nav_ranking"), ("pages/utveckling.py", "nav_trends"),
                                   ("pages/karta.py", "nav_map"), ("pages/kommunprofil.py", "nav_profile"),
                                   ("pages/om_data.py", "nav_about")]):
    col.page_link(page, label=t(key, lang), query_params=st.query_params.to_dict())

st.subheader(t("overview_responses", lang))
counts = views.response_counts(D.data())
for col, (e, n) in zip(st.columns(len(counts)), counts.items()):
    col.metric(str(e), t("responded_metric", lang, n=n), help=t("responded_of", lang, n=n, edition=e))
st.caption(t("responded_caption", lang))
st.dataframe(views.responses_table(D.data(), D.responses(), lang), hide_index=True, width="stretch")

st.subheader(t("overview_figures", lang))
figs = views.figures_table(D.data(), D.figures(), lang)
st.dataframe(figs, hide_index=True, width="stretch",
             column_config={"url": st.column_config.LinkColumn(t("col_source", lang), display_text="↗")})
frame.source(view, max(D.data().editions))
