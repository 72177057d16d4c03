"""Where the project's data lives. Everything the app and the commands read is under data/
(the clean tables elsewhere when $BARNBARO_CLEAN_DIR says so, e.g. a build from real exports)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # barnbaro/core/paths.py -> the project
DATA = ROOT / "data"
CATALOGUE = DATA / "catalogue" / "indicators.yaml"
CODEBOOK_DIR = DATA / "codebook"
PUBLISHED_DIR = DATA / "published"
SAMPLE_TARGETS = DATA / "sample" / "targets.yaml"
RAW_DIR = DATA / "raw"
CLEAN_DIR = Path(os.environ.get("BARNBARO_CLEAN_DIR") or DATA / "clean")
# Served by Streamlit's static serving at app/static/ (server.enableStaticServing): the map's
# geometry, sent to a browser once instead of with every rerun.
STATIC_DIR = ROOT / "static"
OTHER_NAMES = DATA / "names" / "other_names.yaml"
