"""What the pages show from the local Kolada copy (pure: tables and markdown-safe text, no
Streamlit): the municipality's official figures, what a Kolada peer group is.

Everything shown from a copy fetched from anything but the real API says it is test data and
never "Källa: Kolada". Ranks and group medians are our own processing and say so.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from . import kolada_provenance as P
from .i18n import fmt_num, md_escape, t
from .kolada import KoladaCache
from .kolada.cache import headline, nearest_year, skr_group_of
from .kolada.fetch import OFFICIAL_KPIS
from .kolada.groups import SKR_REVISION
from .kolada.schema import RIKET


def peer_label(cache: KoladaCache | None, kind: str, code: str | None, lang: str = "sv") -> str | None:
    """What a Kolada peer group is, for a caption; None when there is none."""
    if cache is None or code is None:
        return None
    test = "" if cache.is_real else "_test"
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


def official_view(cache: KoladaCache, code: str, edition: int, lang: str, kommun: str | None = None,
                  kpis: Sequence[str] = OFFICIAL_KPIS) -> OfficialView:
    """The municipality's official figures for the edition's year (or the nearest year with a
    value, saying which), with each KPI's own title; ranks and group medians are ours. Notes and
    source are markdown-safe (text from the cache is escaped); the table is plain data."""
    kommun = kommun or code
    kpis = P.shown_kpis(cache, kpis)
    h = headline(cache.values)
    kommuner = set(cache.municipalities.loc[cache.municipalities["kind"] == "kommun", "id"])
    skr = cache.skr_groups
    gid = skr.loc[skr["kommun_kod"] == code, "group_id"]
    group_members = set(skr.loc[skr["group_id"] == gid.iloc[0], "kommun_kod"]) if len(gid) else set()
    group_name = skr_group_of(cache, code, lang)
    rows, notes = [], []
    for kpi in kpis:
        title = cache.kpi_title(kpi) if kpi in set(cache.kpis["id"]) else P.KOLADA_TITLES.get(kpi, kpi)
        hk = h[h["kpi"] == kpi]
        mine = hk[(hk["kommun_kod"] == code)]
        with_value = mine[mine["value"].notna()]
        year = nearest_year(with_value["period"], edition)
        note = []
        if kpi not in set(cache.kpis["id"]):
            note.append(P.not_held_note(cache, lang))
        if year is None:
            stat = [s for s in mine["status"].dropna() if s]
            note.append(t("kolada_note_no_value", lang) + (f" ({', '.join(sorted(set(stat)))})" if stat else ""))
            rows.append((title, kpi, "–", "–", "–", "–", "–", "; ".join(note)))
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
        pos = int((among["value"] > r["value"]).sum()) + 1
        rank = t("kolada_rank", lang, pos=pos, n=len(among)) if len(among) else "–"
        grp = among[among["kommun_kod"].isin(group_members)]["value"]
        rows.append((title, kpi, str(year), _fmt_value(r["value"], kpi, lang),
                     _fmt_value(float(riket.iloc[0]), kpi, lang) if len(riket) else "–", rank,
                     _fmt_value(float(grp.median()), kpi, lang) if len(grp) else "–", "; ".join(note)))
    test = "" if cache.is_real else "_test"
    cols = [t("kolada_col_kpi", lang), t("kolada_col_id", lang), t("kolada_col_year", lang), t("kolada_col_value", lang),
            t(f"kolada_col_riket{test}", lang), t("kolada_col_rank_own", lang), t("kolada_col_group_median_own", lang),
            t("kolada_col_note", lang)]
    table = pd.DataFrame(rows, columns=cols)
    notes.append(t(f"kolada_own_processing{test}", lang, group=md_escape(group_name or "–")))
    if cache.is_real:
        title = t("kolada_official_title", lang, kommun=kommun, edition=edition)
    else:
        title = t("kolada_official_title_test", lang, kommun=kommun, edition=edition)
    source = P.source_line(cache, lang)
    return OfficialView(title=title, table=table, notes=notes, source=source, is_test=not cache.is_real)
