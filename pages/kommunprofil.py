"""Kommunprofil: one municipality across every question of an edition, against its peers."""
import streamlit as st

from barnbaro import views
from barnbaro.i18n import t
from barnbaro.published import load_examples
from barnbaro.ui import data as D
from barnbaro.ui import frame
from barnbaro.ui import kolada as KUI
from barnbaro.ui import state as S
from barnbaro.ui import widgets as W

view = S.view()
lang = view.lang
c1, c2, c3 = st.columns([3, 1, 2])
with c1:
    code = W.kommun(view)
with c2:
    edition = W.edition_any(view)
with c3:
    W.peer_kind(view)

if not code:
    st.info(t("choose_kommun_prompt", lang))
    st.stop()

view = view.with_(upplaga=edition)
peers = D.peers(view.jamfor, code, edition, view.egna)
v = views.profile_view(D.data(), D.catalogue(), view, code, peers, D.ranked)
st.header(v.title)
if v.status:
    st.info(v.status)
if v.answered:
    st.subheader(t("profile_summary", lang))
    for s in v.sentences:
        st.markdown(f"- {s}")
    st.subheader(t("profile_table", lang, edition=edition))
    st.dataframe(v.table, hide_index=True, width="stretch")
    st.dataframe(v.refs, hide_index=True, width="stretch")
    W.csv_download(v.table.merge(v.refs.drop(columns=v.refs.columns[0]), left_index=True, right_index=True),
                   f"kommunprofil_{code}_{edition}.csv", lang, "dl_profile")
    st.caption(views.peer_description(view, D.data(), peers))
    KUI.peer_note(view, code)
    KUI.official_figures(view, code)

    st.subheader(t("learn_title", lang))
    st.caption(t("learn_intro", lang))
    if D.data().is_sample:
        st.warning(t("learn_sample", lang))
    if not v.learn:
        st.write(t("learn_none_needed", lang))
    for title, answer, names in v.learn:
        st.markdown(f"**{title}** ({answer}): " + (", ".join(names) if names else t("learn_nobody", lang)))

KUI.theme_profile(view, code)

st.subheader(t("examples_title", lang))
for ex in load_examples():
    st.markdown(f"- {ex[lang]} ([{ex['source_title']}]({ex['source_url']}))")
frame.source(view, edition)
