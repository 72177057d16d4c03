"""What the pages show from the local Kolada copy (pure: tables and markdown-safe text, no
Streamlit): the municipality's official figures, what a Kolada peer group is.

Everything shown from a copy fetched from anything but the real API says it is test data and
never "Källa: Kolada". Ranks and group medians are our own processing and say so.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.catalogue import EDITIONS, Catalogue
from ..core.i18n import fmt_num, md_escape, t
from ..kolada.cache import KoladaCache, headline, nearest_year, skr_group_of
from ..kolada.groups import SKR_REVISION
from ..kolada.schema import RIKET
from ..kolada.themes import OFFICIAL_KPIS, THEME_KPIS, ThemeKpi, kpis_for, theme_kpi, theme_map
from . import kolada_provenance as P

# The variant of a string shown for a copy fetched from anything but the real API: it says test
# data, never "Källa: Kolada".
TEST_VARIANT = "_test"


class _Index:
    """What every view of one copy needs, made once per copy instead of once per view: the
    headline values (one per key figure, municipality and year), split by key figure and by
    municipality, and each year's values among the municipalities, sorted, for positions. A copy
    is only ever read, so the index stays right for as long as the copy is in use."""

    def __init__(self, cache: KoladaCache):
        h = headline(cache.values)
        self.kommuner = _kommuner(cache)
        self.fetched = set(cache.kpis["id"])
        self._titles: dict[str, str] = {}
        for k, v in zip(cache.kpis["id"], cache.kpis["title"]):
            self._titles.setdefault(k, str(v))  # the first row, as cache.kpi_title reads it
        self._empty = h.iloc[0:0]
        self._by_kpi = {str(k): g for k, g in h.groupby("kpi", sort=False)} if len(h) else {}
        self._by_code: dict[str, dict] = {}
        self._sorted: dict[tuple, np.ndarray] = {}
        self._lock = threading.Lock()

    def title(self, cache: KoladaCache, kpi: str) -> str:
        """As cache.kpi_title (the first title the copy gives the key figure)."""
        return self._titles[kpi] if kpi in self._titles else cache.kpi_title(kpi)

    def kpi(self, kpi: str) -> pd.DataFrame:
        """The headline rows of one key figure (values missing included)."""
        return self._by_kpi.get(kpi, self._empty)

    def mine(self, kpi: str, code: str) -> pd.DataFrame:
        """The headline rows of one key figure for one municipality."""
        hk = self.kpi(kpi)
        idx = self._by_code.get(kpi)
        if idx is None:
            idx = hk.groupby("kommun_kod", sort=False).indices if len(hk) else {}
            with self._lock:
                self._by_code[kpi] = idx
        pos = idx.get(code)
        return hk.iloc[pos] if pos is not None else hk.iloc[0:0]

    def among(self, kpi: str, year: int) -> np.ndarray:
        """The year's values of one key figure among the municipalities that have one, sorted."""
        key = (kpi, int(year))
        arr = self._sorted.get(key)
        if arr is None:
            hk = self.kpi(kpi)
            yk = hk[(hk["period"] == int(year)) & hk["value"].notna() & hk["kommun_kod"].isin(self.kommuner)]
            arr = np.sort(yk["value"].to_numpy(dtype=float))
            with self._lock:
                self._sorted[key] = arr
        return arr

    def years(self, kpi: str) -> set[int]:
        """The years in which any municipality (or the country) has a value of the key figure."""
        key = ("years", kpi)
        ys = self._sorted.get(key)
        if ys is None:
            hk = self.kpi(kpi)
            ys = {int(y) for y in hk.loc[hk["value"].notna(), "period"].unique()}
            with self._lock:
                self._sorted[key] = ys
        return set(ys)

    def position(self, kpi: str, year: int, value: float, rank: str) -> tuple[int, int]:
        """As `position`, from the sorted values."""
        arr = self.among(kpi, year)
        if rank == "descending":
            better = len(arr) - int(np.searchsorted(arr, value, side="right"))
        else:
            better = int(np.searchsorted(arr, value, side="left"))
        return better + 1, int(len(arr))


_INDEXES: dict[int, tuple[KoladaCache, _Index]] = {}
_INDEXES_LOCK = threading.Lock()


def index(cache: KoladaCache) -> _Index:
    """The index of one copy, made on its first use (the app keeps one copy per process)."""
    hit = _INDEXES.get(id(cache))
    if hit is not None and hit[0] is cache:
        return hit[1]
    ix = _Index(cache)
    with _INDEXES_LOCK:
        if len(_INDEXES) >= 4:
            _INDEXES.clear()
        _INDEXES[id(cache)] = (cache, ix)
    return ix


def peer_label(cache: KoladaCache | None, kind: str, code: str | None, lang: str = "sv") -> str | None:
    """What a Kolada peer group is, for a caption; None when there is none."""
    if cache is None or code is None:
        return None
    test = "" if cache.is_real else TEST_VARIANT
    if kind == "skr":
        g = skr_group_of(cache, code, lang)
        return t(f"kolada_peer_skr_label{test}", lang, group=g, revision=SKR_REVISION) if g else None
    if kind == "rka":
        r = cache.rka_groups[cache.rka_groups["kommun_kod"] == code]
        return t(f"kolada_peer_rka_label{test}", lang, title=str(r["group_title"].iloc[0])) if len(r) else None
    return None


def skr_missing(cache: KoladaCache | None) -> bool:
    """The copy is there but holds no usable SKR groups (the fetch found them not nine, or a
    municipality in none or two): the app says so where the groups would be used."""
    return cache is not None and cache.skr_groups.empty


def skr_missing_note(cache: KoladaCache | None, lang: str) -> str | None:
    return t("kolada_skr_missing", lang) if skr_missing(cache) else None


def _fmt_value(value: float, kpi: str, lang: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kpi == "N01951" or float(value).is_integer():
        return fmt_num(int(round(value)), lang)
    return fmt_num(round(float(value), 1), lang)


@dataclass
class OfficialView:
    title: str
    table: pd.DataFrame
    notes: list[str]
    source: str
    is_test: bool


def official_view(
    cache: KoladaCache,
    code: str,
    edition: int,
    lang: str,
    kommun: str | None = None,
    kpis: Sequence[str] = OFFICIAL_KPIS,
) -> OfficialView:
    """The municipality's official figures for the edition's year (or the nearest year with a
    value, saying which) and for the latest year with a value, each with its year and each KPI's
    own title; ranks and group medians are ours. Notes and
    source are markdown-safe (text from the cache is escaped); the table is plain data."""
    kommun = kommun or code
    kpis = P.shown_kpis(cache, kpis)
    ix = index(cache)
    kommuner = ix.kommuner
    skr = cache.skr_groups
    gid = skr.loc[skr["kommun_kod"] == code, "group_id"]
    group_members = set(skr.loc[skr["group_id"] == gid.iloc[0], "kommun_kod"]) if len(gid) else set()
    group_name = skr_group_of(cache, code, lang)
    rows, notes = [], []
    for kpi in kpis:
        title = ix.title(cache, kpi) if kpi in ix.fetched else P.KOLADA_TITLES.get(kpi, kpi)
        hk = ix.kpi(kpi)
        mine = ix.mine(kpi, code)
        with_value = mine[mine["value"].notna()]
        year = nearest_year(with_value["period"], edition)
        note = []
        if kpi not in ix.fetched:
            note.append(P.not_held_note(cache, lang))
        if year is None:
            stat = [s for s in mine["status"].dropna() if s]
            note.append(t("kolada_note_no_value", lang) + (f" ({', '.join(sorted(set(stat)))})" if stat else ""))
            rows.append((title, kpi, "–", "–", "–", "–", "–", "–", "–", "; ".join(note)))
            continue
        if year != edition:
            note.append(t("kolada_note_nearest_year", lang, year=year, edition=edition))
        r = with_value[with_value["period"] == year].iloc[0]
        if r["gender"] != "T":
            note.append(t(f"kolada_note_gender_{r['gender']}", lang))
        if isinstance(r["status"], str) and r["status"]:
            note.append(t("kolada_note_status", lang, status=r["status"]))
        yk = hk[(hk["period"] == year) & hk["value"].notna()]
        riket = yk.loc[yk["kommun_kod"] == RIKET, "value"]
        among = yk[yk["kommun_kod"].isin(kommuner)]
        order = theme_kpi(kpi).rank if theme_kpi(kpi) else "descending"  # U33401: 1 = the shortest time
        pos, n = ix.position(kpi, year, float(r["value"]), order)
        rank = _rank_text(pos, n, order, lang) if n else "–"
        grp = among[among["kommun_kod"].isin(group_members)]["value"]
        last = int(with_value["period"].max())
        rl = with_value[with_value["period"] == last].iloc[0]
        rows.append(
            (
                title,
                kpi,
                str(year),
                _fmt_value(r["value"], kpi, lang),
                _fmt_value(float(riket.iloc[0]), kpi, lang) if len(riket) else "–",
                rank,
                _fmt_value(float(grp.median()), kpi, lang) if len(grp) else "–",
                str(last),
                _fmt_value(rl["value"], kpi, lang),
                "; ".join(note),
            )
        )
    test = "" if cache.is_real else TEST_VARIANT
    cols = [
        t("kolada_col_kpi", lang),
        t("kolada_col_id", lang),
        t("kolada_col_year_nearest", lang),
        t("kolada_col_value", lang),
        t(f"kolada_col_riket{test}", lang),
        t("kolada_col_rank_own", lang),
        t("kolada_col_group_median_own", lang),
        t("kolada_col_latest_year", lang),
        t("kolada_col_latest_value", lang),
        t("kolada_col_note", lang),
    ]
    table = pd.DataFrame(rows, columns=cols)
    notes.append(t(f"kolada_own_processing{test}", lang, group=md_escape(group_name or "–")))
    if cache.is_real:
        title = t("kolada_official_title", lang, kommun=kommun, edition=edition)
    else:
        title = t("kolada_official_title_test", lang, kommun=kommun, edition=edition)
    source = P.source_line(cache, lang)
    return OfficialView(title=title, table=table, notes=notes, source=source, is_test=not cache.is_real)


# ---------------------------------------------------------------- the survey's themes beside Kolada


def _kommuner(cache: KoladaCache) -> set[str]:
    m = cache.municipalities
    return set(m.loc[m["kind"] == "kommun", "id"])


def position(year_values: pd.DataFrame, kommuner: set[str], value: float, rank: str) -> tuple[int, int]:
    """(position, n) of `value` among the municipalities with a value that year: 1 = the highest
    value (rank 'descending') or the lowest ('ascending'); equal values share the better place."""
    among = year_values[year_values["kommun_kod"].isin(kommuner) & year_values["value"].notna()]["value"]
    better = (among > value) if rank == "descending" else (among < value)
    return int(better.sum()) + 1, int(len(among))


def _span(years) -> str:
    ys = sorted(set(int(y) for y in years))
    if not ys:
        return "–"
    return str(ys[0]) if ys[0] == ys[-1] else f"{ys[0]}–{ys[-1]}"


def _rank_text(pos: int, n: int, rank: str, lang: str) -> str:
    return t("theme_rank", lang, pos=pos, n=n, order=t(f"theme_rank_{rank}", lang))


def _better_text(k: ThemeKpi, lang: str) -> str:
    if k.better:
        return t(f"theme_better_{k.better}", lang, basis=k.better_basis)
    return t("theme_better_none", lang)


@dataclass
class ThemeView:
    indicator: str
    heading: str
    note: str  # what the figures are, beside this question (markdown-safe)
    table: pd.DataFrame  # one row per key figure; plain data
    captions: list[str]  # years, honesty, own processing (markdown-safe)
    source: str
    is_test: bool


def theme_view(
    cache: KoladaCache,
    indicator_id: str,
    code: str,
    edition: int,
    lang: str,
    cat: Catalogue,
    is_sample: bool,
    kommun: str | None = None,
    also: Sequence[str] = (),
) -> ThemeView | None:
    """The official figures on the same subject as one survey question, for one municipality:
    per key figure its value in the year nearest the edition and in the latest year with a value,
    each with its year and the municipality's position among those with a value (n), and which
    direction is better where Kolada's description says so. None when the question has none.

    `also`: other questions with the same key figures, named in the heading too (Kommunprofil
    shows such figures once). Nothing here joins a survey answer to a figure: no sentence names
    both."""
    kpis = kpis_for(indicator_id)
    if not kpis:
        return None
    kpis = P.shown_theme_kpis(cache, kpis)
    kommun = kommun or code
    ix = index(cache)
    fetched = ix.fetched
    rows, years_all = [], set()
    for k in kpis:
        years_all |= ix.years(k.id)
        mine = ix.mine(k.id, code)
        mine = mine[mine["value"].notna()]
        title = ix.title(cache, k.id) if k.id in fetched else k.title
        note = []
        if k.id not in fetched:
            note.append(P.not_held_note(cache, lang))
        year = nearest_year(mine["period"], edition)
        if year is None:
            if k.id in fetched:
                note.append(t("kolada_note_no_value", lang))
            rows.append((title, "–", "–", "–", "–", "–", "–", _better_text(k, lang), "; ".join(note), k.id))
            continue
        last = int(mine["period"].max())
        cells = []
        for y in (year, last):
            r = mine[mine["period"] == y].iloc[0]
            pos, n = ix.position(k.id, y, float(r["value"]), k.rank)
            cells += [str(y), _fmt_value(r["value"], k.id, lang), _rank_text(pos, n, k.rank, lang)]
        if year != edition:
            note.append(t("kolada_note_nearest_year", lang, year=year, edition=edition))
        rows.append((title, *cells, _better_text(k, lang), "; ".join(note), k.id))
    prefix = common_title_prefix([r[0] for r in rows])
    if prefix:
        rows = [(_strip_prefix(r[0], prefix), *r[1:]) for r in rows]
    test = "" if cache.is_real else TEST_VARIANT
    cols = [
        t("kolada_col_kpi", lang),
        t("kolada_col_year_nearest", lang),
        t("kolada_col_value", lang),
        t("theme_col_rank", lang),
        t("kolada_col_latest_year", lang),
        t("kolada_col_latest_value", lang),
        t("theme_col_rank_latest", lang),
        t("theme_col_better", lang),
        t("kolada_col_note", lang),
        t("kolada_col_id", lang),
    ]
    table = pd.DataFrame(rows, columns=cols)
    survey = f"{min(EDITIONS)}–{max(EDITIONS)}"
    overlap = sorted(y for y in years_all if min(EDITIONS) <= y <= max(EDITIONS))
    if not years_all:
        years_line = P.years_none_line(cache, lang, survey)
    elif not overlap:
        years_line = t("theme_years_no_overlap", lang, span=_span(years_all), survey=survey)
    else:
        years_line = t("theme_years_overlap", lang, span=_span(years_all), survey=survey, overlap=_span(overlap))
    if prefix:
        years_line = t("theme_prefix", lang, prefix=md_escape(prefix)) + " " + years_line
    captions = [
        years_line,
        t("theme_beside_sample" if is_sample else "theme_beside_survey", lang),
        t(f"theme_own_processing{test}", lang),
    ]
    tm = theme_map()[indicator_id]
    question = t("theme_and", lang).join(cat[i].title_for(lang) for i in (indicator_id, *also))
    heading = t(f"theme_heading{test}", lang, kommun=kommun, question=question)
    source = P.source_line(cache, lang)
    return ThemeView(
        indicator=indicator_id,
        heading=heading,
        note=md_escape(tm.note.get(lang) or tm.note["sv"]),
        table=table,
        captions=captions,
        source=source,
        is_test=not cache.is_real,
    )


def common_title_prefix(titles: list[str]) -> str | None:
    """The start that two or more key-figure titles share up to a separator (" - " or ", "), for
    a table that shows it once ("Brukarbedömning barn- och ungdomsvård IFO"); None if none."""
    if len(titles) < 2:
        return None
    first = min(titles)
    last = max(titles)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    head = first[:n]
    if not all(len(x) > n and x[n] in " ,-" for x in titles):  # cut inside a word: back to a separator
        cut = max(head.rfind(" - "), head.rfind(", "))
        head = head[:cut] if cut > 0 else ""
    head = head.rstrip(" -,")
    return head if len(head) >= 10 else None


def _strip_prefix(title: str, prefix: str) -> str:
    rest = title[len(prefix) :].lstrip(" -,")
    return rest[:1].upper() + rest[1:] if rest else title


def mapped_indicators(cat: Catalogue) -> list[str]:
    """The survey questions that have official figures beside them, in the catalogue's order."""
    m = theme_map()
    return [i for i in cat.indicators if i in m]


def mapped_groups(cat: Catalogue) -> list[tuple[str, ...]]:
    """The mapped survey questions grouped by identical key figures (catalogue order): a figure
    beside two questions is shown once, under both."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for i in mapped_indicators(cat):
        groups.setdefault(tuple(k.id for k in kpis_for(i)), []).append(i)
    return [tuple(g) for g in groups.values()]


def key_figures_table(cache: KoladaCache | None, cat: Catalogue, lang: str) -> pd.DataFrame:
    """For Om data: every key figure of the copy (or, without one, of the mapping) with Kolada's
    title and description, the years it has values for, its latest year, and the survey questions
    it stands beside. Plain data."""
    beside: dict[str, list[str]] = {}
    for ind_id, tm in theme_map().items():
        for k in tm.kpis:
            beside.setdefault(k.id, []).append(cat[ind_id].title_for(lang))
    if cache is not None:
        ids = list(dict.fromkeys([*cache.meta.get("kpis", []), *cache.kpis["id"], *cache.lacking]))
        years = cache.values[cache.values["value"].notna()].groupby("kpi")["period"].agg(lambda s: _span(s))
        latest = cache.meta.get("latest_year") or {}
    else:
        ids = list(dict.fromkeys([*OFFICIAL_KPIS, *THEME_KPIS]))
        years, latest = {}, {}
    rows = []
    for kid in ids:
        row = cache.kpis[cache.kpis["id"] == kid] if cache is not None else None
        if row is not None and len(row):
            title, desc = str(row["title"].iloc[0]), str(row["description"].iloc[0] or "")
        else:
            mk = next((k for tm in theme_map().values() for k in tm.kpis if k.id == kid), None)
            title, desc = (mk.title if mk else P.KOLADA_TITLES.get(kid, kid)), "–"
        shown = ", ".join(beside.get(kid, [])) or (t("keyfig_in_profile", lang) if kid in OFFICIAL_KPIS else "–")
        if cache is not None:
            shown = P.key_figure_beside(cache, kid, beside, shown, lang)
        rows.append(
            (kid, title, desc, years.get(kid, "–") if cache is not None else "–", str(latest.get(kid) or "–"), shown)
        )
    return pd.DataFrame(
        rows,
        columns=[
            t("kolada_col_id", lang),
            t("kolada_col_kpi", lang),
            t("keyfig_col_description", lang),
            t("keyfig_col_years", lang),
            t("kolada_col_latest_year", lang),
            t("keyfig_col_beside", lang),
        ],
    )


def key_figures_markdown(table: pd.DataFrame, lang: str) -> str:
    """The key-figure list of Om data as one markdown block (every text from Kolada escaped):
    per key figure its title and id, its years, the question it stands beside, its description."""
    c = {
        k: t(k, lang)
        for k in (
            "kolada_col_id",
            "kolada_col_kpi",
            "keyfig_col_description",
            "keyfig_col_years",
            "kolada_col_latest_year",
            "keyfig_col_beside",
        )
    }
    items = []
    for r in table.to_dict("records"):
        beside = r[c["keyfig_col_beside"]]
        facts = t(
            "keyfig_facts",
            lang,
            years=r[c["keyfig_col_years"]],
            latest=r[c["kolada_col_latest_year"]],
            beside=md_escape(beside) if beside != "–" else t("keyfig_not_shown", lang),
        )
        items.append(
            f"- **{md_escape(r[c['kolada_col_kpi']])}** ({md_escape(r[c['kolada_col_id']])}). {facts}  \n"
            f"  {md_escape(r[c['keyfig_col_description']])}"
        )
    return "\n".join(items)
