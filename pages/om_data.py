"""Om data: the questions per edition, sources, how the sample is made, how to build and cite."""

import streamlit as st

from barnbaro.core.i18n import t
from barnbaro.explore import views
from barnbaro.ui import data as D
from barnbaro.ui import frame
from barnbaro.ui import kolada as KUI
from barnbaro.ui import state as S
from barnbaro.ui import widgets as W

view = S.view()
lang = view.lang
cat = D.catalogue()
data = D.data()
frame.tab_title(t("about_title", lang), lang)
st.title(t("about_title", lang))

st.subheader(t("about_questions", lang))
st.caption(t("about_wording_note", lang))
for ind in cat.indicators.values():
    box = W.lazy_expander(f"{cat.theme_label(ind.theme, lang)}: {ind.title_for(lang)}", f"x_question_{ind.id}")
    if box is None:
        continue
    with box:
        st.dataframe(views.questions_table(ind, lang), hide_index=True, width="stretch")
        answers = ", ".join(a.label(lang) for a in ind.answers)
        desired = ", ".join(ind.answer_label(a, lang) for a in ind.desired)
        st.markdown(f"{t('col_answer', lang)}: {answers}. **{desired}**")
        if ind.editions_note:
            st.caption(ind.editions_note.get(lang) or ind.editions_note["sv"])


def structure(view):
    """The structure check and the key figures, the part of the page its two pickers change."""
    st.subheader(t("structure_section", view.lang))
    c1, c2 = st.columns([4, 1])
    with c1:
        W.indicator(view)
    with c2:
        W.edition(view)
    KUI.structure_check(view)
    KUI.key_figures(view)


frame.body("om-data", structure)
KUI.copy_section(view)

st.subheader(t("about_figures", lang))
st.dataframe(
    views.figures_table(data, D.figures(), lang),
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn(t("col_source", lang), display_text="↗")},
)
st.markdown(f"**{t('about_responses', lang)}**")
st.dataframe(views.responses_table(data, D.responses(), lang), hide_index=True, width="stretch")

st.subheader(t("about_method", lang))
seed = (data.manifest.get("generator") or {}).get("seed", "–")
st.markdown(t("about_method_body", lang, seed=seed))
st.markdown(f"**{t('about_accounting', lang)}**")
st.dataframe(views.accounting_table(data, lang), hide_index=True, width="stretch")

st.subheader(t("about_build", lang))
st.markdown(t("about_build_body", lang))
# plain (the highlighter's light blue for options fails the contrast check) and wrapped (a block
# that scrolls sideways cannot be reached by keyboard)
st.code(
    "python -m barnbaro clean --dry-run --raw MAPP_MED_EXPORTER\n"
    "python -m barnbaro clean --raw MAPP_MED_EXPORTER --out data/clean\npython -m barnbaro check --data data/clean",
    language=None,
    wrap_lines=True,
)
st.markdown(t("about_build_after", lang))

st.subheader(t("about_cite", lang))
st.code(frame.source_line(view, max(data.editions)), language=None, wrap_lines=True)
frame.source(view, max(data.editions))
