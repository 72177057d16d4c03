"""The floor for bench.browser: the cheapest Streamlit page there is, one selectbox and a
title that shows its value. Every figure of the real app is shown as a ratio to this page,
measured in the same run. (Streamlit runs a script as __main__; the guard only lets
bench.browser import FLOOR_OPTIONS without drawing anything.)"""

import streamlit as st

FLOOR_OPTIONS = ["alfa", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]

if __name__ == "__main__":
    choice = st.selectbox("Val", FLOOR_OPTIONS, key="w_val")
    st.title(f"Golvet: {choice}")
