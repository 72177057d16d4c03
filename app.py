"""Barnbarometern explorer (placeholder until the pages land)."""
import streamlit as st

st.set_page_config(page_title="Barnbarometern", layout="wide")
st.title("Barnbarometern")
st.warning("Exempeldata")
