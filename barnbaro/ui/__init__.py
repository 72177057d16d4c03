"""The Streamlit side of the package: cached loaders, the shared frame and widgets.
The only part of barnbaro that imports streamlit."""
