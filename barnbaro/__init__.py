"""Barnbarometern explorer: the domain package.

Everything here is plain Python and pandas. Only ``barnbaro.ui`` may import Streamlit.
"""

__version__ = "0.1.0"
