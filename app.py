"""Barnbarometern explorer: the router and the shared frame.

Reads the view from the URL (one parser, barnbaro.explore.urlstate), shows the sample banner and any
message about the link, and runs the chosen page. Pages hold layout only.
"""

import streamlit as st

from barnbaro.core.i18n import t
from barnbaro.explore.urlstate import SITE, START_PAGE
from barnbaro.ui import frame
from barnbaro.ui import state as S

st.set_page_config(page_title="Barnbarometern", page_icon="📊", layout="wide", initial_sidebar_state="collapsed")

lang = S.lang_from_url()
if frame.load_or_stop(lang):
    view, msgs = S.for_this_run()
    S.note_arrival()  # before write(): whether the link itself named a view
    S.write(view)
    st.session_state["view"] = view
    pages = [st.Page(p.file, title=t(p.nav_key, view.lang), url_path=p.slug, default=p is START_PAGE) for p in SITE]
    nav = st.navigation(pages, position="top" if view.lage == "normal" else "hidden")
    if view.lage == "normal":
        frame.sidebar(view)
    frame.document(view)
    frame.banner(view)
    frame.messages(view, msgs)
    nav.run()
