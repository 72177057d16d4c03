"""Every Streamlit cache of the app, in one module. Tables are read once per process."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..core import paths
from ..core.catalogue import Catalogue, load_catalogue
from ..core.data import CleanData, DataError, load_clean
from ..core.i18n import sv_key
from ..core.published import load_figures, load_responses
from ..explore import analysis, geo
from ..kolada import cache as KC
from ..kolada.errors import CacheError


@st.cache_resource(show_spinner=False, max_entries=1)
def _clean(path: str) -> tuple[CleanData | None, list[str]]:
    """Read and validated once per process and shared by every session: the tables are only
    ever read (every computation makes new frames), so no session pays for a copy."""
    try:
        return load_clean(path), []
    except DataError as e:
        return None, e.problems


def data() -> CleanData:
    """The validated clean tables; raises DataError (shown by the frame as a page)."""
    d, problems = _clean(str(paths.CLEAN_DIR))
    if d is None:
        raise DataError(problems)
    return d


@st.cache_resource(show_spinner=False, max_entries=1)
def names() -> dict:
    """kommun_kod -> name, and the codes sorted by name, for the pickers (290 labels a run)."""
    by_code = data().names
    return {"by_code": by_code, "sorted": tuple(sorted(by_code, key=lambda c: sv_key(by_code[c])))}


@st.cache_resource(show_spinner=False)
def catalogue() -> Catalogue:
    return load_catalogue()


@st.cache_data(show_spinner=False, max_entries=1)
def figures() -> pd.DataFrame:
    return load_figures()


@st.cache_data(show_spinner=False, max_entries=1)
def responses() -> pd.DataFrame:
    return load_responses()


@st.cache_resource(show_spinner=False)
def features() -> list:
    """Simplified, rounded municipality geometry (immutable, shared by every session)."""
    return geo.kommun_features()


def static_map() -> bool:
    """Whether browsers can load the map's geometry from the app's static folder: the files
    are there and the server serves them (server.enableStaticServing). If not, the map is sent
    inline with every rerun, as before the static files, and the log says why."""
    ok = st.get_option("server.enableStaticServing") and all(
        (paths.STATIC_DIR / n).is_file() for n in ("kommuner.geojson", "lan.json")
    )
    if not ok:
        _warn_inline_map_once()
    return bool(ok)


@st.cache_resource(show_spinner=False, max_entries=1)
def _warn_inline_map_once() -> None:
    import logging

    logging.getLogger("barnbaro").warning(
        "the map is sent inline with every rerun: static/ lacks its files (python -m barnbaro static) "
        "or server.enableStaticServing is off"
    )


@st.cache_resource(show_spinner=False)
def borders() -> list:
    return geo.county_borders()


@st.cache_resource(show_spinner=False)
def neighbours() -> dict:
    return geo.neighbours()


@st.cache_resource(show_spinner=False, max_entries=64)
def ranked(indicator_id: str, edition: int) -> pd.DataFrame:
    """The whole country ranked for one question and edition (at most 8 x 6 = 48 of them),
    shared by every session like the tables: callers only read it."""
    return analysis.ranked_frame(data(), catalogue()[indicator_id], edition)


@st.cache_resource(show_spinner=False, max_entries=1)
def warm(path: str) -> int:
    """Rank every question of every edition once per process (about 0.5 s), so that no
    reader's rerun waits for it. Returns how many frames were made."""
    d, cat = data(), catalogue()
    pairs = [(i, e) for i in cat.indicators for e in cat[i].editions if e in d.editions]
    for i, e in pairs:
        ranked(i, e)
    return len(pairs)


@st.cache_resource(show_spinner=False, max_entries=2)
def _kolada(path: str, signature: tuple | None) -> tuple[KC.KoladaCache | None, list[str]]:
    try:
        return KC.load_cache(path), []
    except CacheError as e:
        return None, e.problems


def kolada_cache() -> tuple[KC.KoladaCache | None, list[str]]:
    """The local Kolada copy (re-read when its meta.json changes) and, when it is unusable, what
    is wrong: the app's one cache of it."""
    return _kolada(str(KC.KOLADA_DIR), KC.signature())


@st.cache_data(show_spinner=False, max_entries=2048)
def _peers(kind: str, code: str | None, edition: int | None, custom: tuple, kolada_signature) -> list:
    listed = KC.peers(kolada_cache()[0], kind, code) if kind in ("skr", "rka") else []
    return analysis.peer_group(kind, code, data(), catalogue(), edition, neighbours(), custom, listed)


def peers(kind: str, code: str | None, edition: int, custom: tuple) -> list:
    """The peer group; groups from the Kolada cache are re-read when the cache changes. Only
    'lika' (similar answers) depends on the edition, so the others are kept once per
    municipality, not once per edition."""
    sig = KC.signature() if kind in ("skr", "rka") else None
    return _peers(kind, code, edition if kind == "lika" else None, tuple(custom), sig)


@st.cache_resource(show_spinner=False, max_entries=256)
def _ranking_parts(data_id: int, indicator_id: str, edition: int, lang: str, codes: tuple | None, scope_label: str):
    from ..explore import views

    return views.ranking_parts(
        data(),
        catalogue(),
        figures(),
        indicator_id,
        edition,
        lang,
        list(codes) if codes is not None else None,
        scope_label,
        ranked(indicator_id, edition),
    )


def ranking_parts(state, peers: list):
    """What Rangordning shows that is the same for every reader of one question, edition,
    language and scope (the distribution, the published marks, the non-respondents), made once
    per process; only the selection is made per run."""
    from ..explore import views

    codes, label = views.scope_codes(state, data(), peers)
    return _ranking_parts(
        id(data()), state.indikator, state.upplaga, state.lang, tuple(codes) if codes is not None else None, label
    )
