"""Kolada, RKA's open database of municipal key figures (API v3), as a local copy.

Only `python -m barnbaro kolada fetch` touches the network. The app reads the copy in
data/kolada/ and nothing else; without it every Kolada figure is replaced by a note with the
fetch command.

The copy, as plain data that any layer may read:

    cache.py    the copy on disk (written through barnbaro.core.atomic) and `KoladaCache`
    schema.py   the shapes of v3's answers, checked; the tables the copy keeps
    groups.py   SKR's kommungruppsindelning and RKA's "Liknande kommuner", found by title
    themes.py   the survey's themes beside Kolada's figures (data/catalogue/kolada_themes.yaml),
                and which key figures the app shows
    years.py    which years to ask for
    errors.py   KoladaError, CacheError

What fills it (only the commands import these, and this front door, which re-exports all):

    client.py   plain-HTTP client: paging, retries, rate limit, injectable clock
    fetch.py    the fetch: metadata, values, municipalities, groups -> the copy
    ddf.py      the import of the open-numbers dump (no network)

What the pages show from it is in barnbaro.explore.kolada_views; the explorer imports the
copy's modules, never the client (tests/test_package_boundaries.py).
"""

from __future__ import annotations

from .cache import (
    CACHE_FILES,
    CACHE_FORMAT,
    FETCH_COMMAND,
    KOLADA_DIR,
    KoladaCache,
    headline,
    load_cache,
    nearest_year,
    peers,
    signature,
    skr_group_of,
    write_cache,
)
from .client import (
    ENV_BASE_URL,
    MAX_IDS,
    MAX_PAGES,
    MAX_REQUESTS_PER_SECOND,
    PER_PAGE,
    Clock,
    KoladaClient,
    SystemClock,
    chunks,
    default_clock,
    is_real_api,
    resolve_base_url,
)
from .errors import CacheError, KoladaError
from .fetch import DEFAULT_KPIS, fetch, latest_with_values
from .groups import (
    RKA_TITLE,
    SKR_ALIASES,
    SKR_GROUP_COUNT,
    SKR_GROUP_NAMES,
    SKR_NAMES_EN,
    SKR_REVISION,
    SkrGroups,
    find_skr_groups,
    rka_candidates,
    rka_membership,
    skr_code_of_title,
    skr_title_names,
)
from .schema import (
    COLUMNS,
    DEFAULT_BASE_URL,
    GENDERS,
    KINDS,
    MUNICIPALITY_TYPES,
    RIKET,
    TABLES,
    check_envelope,
    parse_data,
    parse_groups,
    parse_kpis,
    parse_municipalities,
)
from .themes import NEAR_KPIS, OFFICIAL_KPIS, THEME_KPIS, ThemeKpi, ThemeKpis, kpis_for, theme_kpi, theme_map
from .years import FIRST_YEAR, SURVEY_YEARS, latest_published, latest_year, parse_years, years_to_fetch

__all__ = [
    "CACHE_FILES",
    "CACHE_FORMAT",
    "CacheError",
    "check_envelope",
    "chunks",
    "Clock",
    "COLUMNS",
    "DEFAULT_BASE_URL",
    "default_clock",
    "DEFAULT_KPIS",
    "ENV_BASE_URL",
    "fetch",
    "FETCH_COMMAND",
    "find_skr_groups",
    "FIRST_YEAR",
    "GENDERS",
    "headline",
    "is_real_api",
    "KINDS",
    "KOLADA_DIR",
    "KoladaCache",
    "KoladaClient",
    "KoladaError",
    "kpis_for",
    "latest_published",
    "latest_with_values",
    "latest_year",
    "load_cache",
    "MAX_IDS",
    "MAX_PAGES",
    "MAX_REQUESTS_PER_SECOND",
    "MUNICIPALITY_TYPES",
    "NEAR_KPIS",
    "nearest_year",
    "OFFICIAL_KPIS",
    "parse_data",
    "parse_groups",
    "parse_kpis",
    "parse_municipalities",
    "parse_years",
    "peers",
    "PER_PAGE",
    "resolve_base_url",
    "RIKET",
    "rka_candidates",
    "rka_membership",
    "RKA_TITLE",
    "signature",
    "SKR_ALIASES",
    "skr_code_of_title",
    "SKR_GROUP_COUNT",
    "SKR_GROUP_NAMES",
    "skr_group_of",
    "SKR_NAMES_EN",
    "SKR_REVISION",
    "skr_title_names",
    "SkrGroups",
    "SURVEY_YEARS",
    "SystemClock",
    "TABLES",
    "theme_kpi",
    "THEME_KPIS",
    "theme_map",
    "ThemeKpi",
    "ThemeKpis",
    "write_cache",
    "years_to_fetch",
]
