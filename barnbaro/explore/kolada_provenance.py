"""Which copy of Kolada the app shows, and how it is cited (pure: markdown-safe text, no
Streamlit). Three kinds of copy:

    api        fetched from Kolada's API (`kolada fetch`): "Källa: Kolada (RKA), hämtat <date>"
    snapshot   the bundled copy imported from open-numbers' scrape (`kolada import-ddf`):
               "Källa: Kolada (RKA), uttag 2024-08 via open-numbers"; lists the key figures
               it lacks with the command that fetches them
    test       anything else: test data, never "Källa: Kolada"
"""

from __future__ import annotations

from dataclasses import replace

from ..core.i18n import md_escape, t
from ..kolada.cache import FETCH_COMMAND, KoladaCache
from ..kolada.themes import NEAR_KPIS, OFFICIAL_KPIS, ThemeKpi, theme_kpi

# Kolada's own titles (GET /v3/kpi) of the key figures the snapshot lacks, for naming them.
KOLADA_TITLES = {
    "U33816": "Handläggare med socionomutbildning och minst ett års erfarenhet av barnutredningar, andel (%)",
    "N30223": "Årsarbetare, kommunalt anställda socialsekreterare, antal",
    "N33818": "Barn och unga 0-20 år som har varit placerade på HVB "
    "eller familjehem någon gång under året, antal/1000 inv",
    "N33006": "Kostnad barn och ungdomsvård, kr/inv 0-20 år",
}
# What the snapshot holds near a figure it lacks (shown under their own titles, never as it):
# {"N33818": ("N33816", "N33817"), "N33006": ("N33001",)}.
NEAR: dict[str, tuple[str, ...]] = {}
for _near, _of in NEAR_KPIS.items():
    NEAR[_of] = (*NEAR.get(_of, ()), _near)


def kind(cache: KoladaCache) -> str:
    return "api" if cache.is_api else "snapshot" if cache.is_snapshot else "test"


def _scraped_month(cache: KoladaCache) -> str:
    return str((cache.meta.get("ddf") or {}).get("scraped", cache.fetched_date))[:7]


def source_line(cache: KoladaCache, lang: str) -> str:
    """The citation under every Kolada figure, table and chart."""
    k = kind(cache)
    if k == "api":
        return t("kolada_source", lang, date=cache.fetched_date)
    if k == "snapshot":
        ddf = cache.meta["ddf"]
        return t("kolada_source_snapshot", lang, month=_scraped_month(cache), commit=str(ddf.get("commit", "?"))[:7])
    return t("kolada_source_test", lang, url=md_escape(str(cache.meta.get("base_url") or "?")), date=cache.fetched_date)


def groups_source_line(cache: KoladaCache, lang: str, revision: int) -> str | None:
    """The citation under the structure check's groups; None for test data (it says so itself)."""
    k = kind(cache)
    if k == "api":
        return t("structure_groups_source", lang, revision=revision, date=cache.fetched_date)
    if k == "snapshot":
        return t("structure_groups_source_snapshot", lang, revision=revision)
    return None


def lacking_text(cache: KoladaCache, lang: str, titles: dict[str, str] | None = None) -> str | None:
    """The key figures the copy lacks, each with its id and title, and what stands near it."""
    if not cache.lacking:
        return None
    titles = titles or {}
    have = set(cache.kpis["id"])
    parts = []
    for k in cache.lacking:
        mapped = theme_kpi(k)
        title = titles.get(k) or (mapped.title if mapped else None) or KOLADA_TITLES.get(k)
        near = [n for n in NEAR.get(k, ()) if n in have]
        part = f"{k}" + (f" ({md_escape(title)})" if title else "")
        if near:
            part += t("kolada_lacking_near", lang, ids=", ".join(near))
        parts.append(part)
    return t("kolada_lacking", lang, figures="; ".join(parts), command=FETCH_COMMAND)


def copy_note(cache: KoladaCache, lang: str) -> str | None:
    """Which copy the app shows (the bundled snapshot or a fetch, with its date); None for test
    data (the test warning says what it is)."""
    k = kind(cache)
    if k == "api":
        return t("kolada_copy_api", lang, date=cache.fetched_date)
    if k == "snapshot":
        ddf = cache.meta["ddf"]
        latest = max((int(y) for y in (cache.meta.get("latest_year") or {}).values()), default=None)
        return t(
            "kolada_copy_snapshot",
            lang,
            scraped=str(ddf.get("scraped", "?")),
            latest=latest or "–",
            repo=md_escape(str(ddf.get("repository", "?"))),
            commit=str(ddf.get("commit", "?"))[:7],
            command=FETCH_COMMAND,
        )
    return None


def shown_kpis(cache: KoladaCache, kpis) -> list[str]:
    """`kpis` with, after each figure the copy lacks, the figures it holds near it (each shown
    under its own title: N33816 and N33817 are never summed into N33818)."""
    have = set(cache.kpis["id"])
    out = []
    for k in kpis:
        out.append(k)
        if k not in have:
            out += [n for n in NEAR.get(k, ()) if n in have and n not in kpis]
    return list(dict.fromkeys(out))


def not_held_note(cache: KoladaCache, lang: str) -> str:
    """The note beside a key figure the copy does not hold."""
    if kind(cache) == "snapshot":
        return t("kolada_note_not_in_snapshot", lang, command=FETCH_COMMAND)
    return t("kolada_note_not_fetched", lang)


def shown_theme_kpis(cache: KoladaCache, kpis) -> list[ThemeKpi]:
    """A question's mapped key figures with, after each one the copy lacks, the figures it holds
    near it, each as its own figure under its own title (no direction of better claimed)."""
    have = set(cache.kpis["id"])
    ids = {k.id for k in kpis}
    out = []
    for k in kpis:
        out.append(k)
        if k.id not in have:
            for n in NEAR.get(k.id, ()):
                if n in have and n not in ids:
                    out.append(replace(k, id=n, title=cache.kpi_title(n), better=None, better_basis=None))
                    ids.add(n)
    return out


def key_figure_beside(cache: KoladaCache, kid: str, beside: dict[str, list[str]], shown: str, lang: str) -> str:
    """Om data's "shown beside" for a key figure: a near figure stands where the figure it is
    near would; a lacking one says so, with the fetch command."""
    if kid in cache.lacking:
        return f"{shown} ({t('kolada_note_not_in_snapshot', lang, command=FETCH_COMMAND)})"
    near_of = [k for k, ns in NEAR.items() if kid in ns and k in cache.lacking]
    if near_of and not beside.get(kid):
        places = [q for k in near_of for q in beside.get(k, [])]
        if not places and any(k in OFFICIAL_KPIS for k in near_of):
            places = [t("keyfig_in_profile", lang)]
        if places:
            return t("keyfig_near", lang, places=", ".join(dict.fromkeys(places)), ids=", ".join(near_of))
    return shown


def years_none_line(cache: KoladaCache, lang: str, survey: str) -> str:
    """Beside a question whose key figures have no values in the copy."""
    if kind(cache) == "snapshot":
        return t("theme_years_none_snapshot", lang, survey=survey, command=FETCH_COMMAND)
    return t("theme_years_none", lang, survey=survey)
