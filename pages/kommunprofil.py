"""Kommunprofil: one municipality across every question of an edition, against its peers; a
full page also when it did not answer the edition."""

import streamlit as st

from barnbaro.core.i18n import t
from barnbaro.core.published import load_examples
from barnbaro.explore import views
from barnbaro.explore.urlstate import page_file, to_query
from barnbaro.ui import data as D
from barnbaro.ui import frame
from barnbaro.ui import kolada as KUI
from barnbaro.ui import share as SH
from barnbaro.ui import widgets as W


def body(view):
    lang = view.lang
    code, edition = view.focus, view.upplaga
    if SH.controls(view):
        with W.pickers(view):
            c1, c2, c3 = st.columns([3, 1, 2])
            with c1:
                code = W.kommun(view)
            with c2:
                edition = W.edition_any(view)
            with c3:
                W.peer_kind(view)

    if not code:
        frame.tab_title(t("profile_tab_none", lang), lang)
        st.info(t("choose_kommun_prompt", lang))
        st.stop()

    view = view.with_(upplaga=edition)
    peers = D.peers(view.jamfor, code, edition, view.egna)
    v = views.profile_view(D.data(), D.catalogue(), view, code, peers, D.ranked)
    frame.tab_title(v.title, lang)
    SH.mode_header(view, "kommunprofil", v.title)
    if v.status:
        st.info(v.status)
    if not v.answered and view.lage == "normal":
        st.markdown(" ".join(v.history))
        if v.latest:
            st.page_link(
                page_file("kommunprofil"),
                label=t("absent_latest", lang, kommun=D.names()["by_code"][code], edition=v.latest),
                icon=":material/arrow_forward:",
                query_params=to_query(views.profile_link_state(view, code, v.latest, D.catalogue())),
            )
    st.caption(v.chart_caption)
    st.vega_lite_chart(v.chart, width="stretch")
    if view.lage != "normal":
        frame.source(view, edition)
        st.stop()

    if v.answered:
        st.subheader(t("profile_summary", lang))
        st.markdown("\n".join(f"- {s}" for s in v.sentences + v.not_asked))
        st.subheader(t("profile_table", lang, edition=edition))
        st.dataframe(v.table, hide_index=True, width="stretch")
        st.dataframe(v.refs, hide_index=True, width="stretch")
        W.csv_download(
            v.table.merge(v.refs.drop(columns=v.refs.columns[0]), left_index=True, right_index=True),
            f"kommunprofil_{code}_{edition}.csv",
            lang,
            "dl_profile",
        )
    else:
        st.subheader(t("absent_peers", lang, edition=edition))
        st.write(v.peers_line)
        if len(v.peers_table):
            st.dataframe(v.peers_table, hide_index=True, width="stretch")
        if v.not_asked:
            st.markdown("\n".join(f"- {s}" for s in v.not_asked))
    st.caption(views.peer_description(view, D.data(), peers))
    KUI.peer_note(view, code)
    KUI.official_figures(view, code)

    if v.answered:
        st.subheader(t("learn_title", lang))
        st.caption(t("learn_intro", lang))
        if D.data().is_sample:
            st.warning(t("learn_sample", lang))
        if not v.learn:
            st.write(t("learn_none_needed", lang))
        if v.learn:  # one element for the list: each element costs every rerun its time
            st.markdown(
                "\n".join(
                    f"- **{title}** ({answer}): " + (", ".join(names) if names else t("learn_nobody", lang))
                    for title, answer, names in v.learn
                )
            )

    KUI.theme_profile(view, code)

    st.subheader(t("examples_title", lang))
    st.markdown("\n".join(f"- {ex[lang]} ([{ex['source_title']}]({ex['source_url']}))" for ex in load_examples()))
    frame.source(view, edition)
    SH.panel(
        view,
        "kommunprofil",
        v.title,
        v.chart,
        v.table if v.answered else v.peers_table,
        stem=f"barnbarometern_kommunprofil_{code}_{edition}",
    )


frame.body("kommunprofil", body)
