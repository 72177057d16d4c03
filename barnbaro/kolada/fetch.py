"""`python -m barnbaro kolada fetch`: KPI metadata, values, municipalities and groups from
Kolada into the local copy (written atomically by cache.write_cache)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from . import cache as _cache
from .cache import CACHE_FORMAT, write_cache
from .client import KoladaClient, is_real_api
from .errors import KoladaError
from .groups import SKR_REVISION, find_skr_groups, rka_candidates, rka_membership, skr_code_of_title
from .schema import RIKET, parse_data, parse_groups, parse_kpis, parse_municipalities
from .themes import THEME_KPIS
from .years import latest_published, years_to_fetch

# The figures of the municipality table (OFFICIAL_KPIS, in barnbaro.kolada.themes), N01948
# (inhabitants 0-20), and every key figure mapped beside a survey question
# (data/catalogue/kolada_themes.yaml: brukarbedömning, N30223 social secretaries, ...).
DEFAULT_KPIS = tuple(dict.fromkeys(("U33401", "U33816", "N33818", "N33006", "N30223", "N01951", "N01948", *THEME_KPIS)))

Progress = Callable[[int, int, str], None]


def latest_with_values(values: pd.DataFrame) -> dict[str, int]:
    """Per key figure, the latest year in which any municipality (or riket) has a value."""
    v = values[values["value"].notna()]
    return {str(k): int(y) for k, y in v.groupby("kpi")["period"].max().items()}


def fetch(
    out: Path | None = None,
    kpis: Sequence[str] = DEFAULT_KPIS,
    years: Sequence[int] | None = None,
    base_url: str | None = None,
    client: KoladaClient | None = None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> dict:
    """Fetch KPI metadata, values for every municipality, SKR's and RKA's groups; write the copy
    atomically. Returns meta.json's content. Raises KoladaError (nothing written).

    Years: `years` when given; otherwise per key figure every year from the survey's first
    edition to its latest published one (years.years_to_fetch, from publ_period and
    publication_date against `now`). Each key figure's latest year with values is stored
    (meta.json `latest_year`, the kpis table's `latest_year`)."""
    out = Path(out) if out is not None else _cache.KOLADA_DIR
    client = client or KoladaClient(base_url)
    now = now or dt.datetime.now(dt.UTC)
    today = now.date()
    kpis = list(dict.fromkeys(k.strip().upper() for k in kpis if k.strip()))
    if not kpis:
        raise KoladaError("inga nyckeltal angivna")
    bad = [k for k in kpis if not re.fullmatch(r"[A-Z]\d{5}", k)]
    if bad:
        raise KoladaError(f"okänt format på nyckeltal: {', '.join(bad)} (väntat t.ex. N01951)")
    total = len(kpis) + 4
    step = 0

    def tick(label: str) -> None:
        nonlocal step
        step += 1
        if progress:
            progress(step, total, label)

    warnings: list[str] = []
    kpi_df = parse_kpis(client.kpis(kpis), "kpi")
    tick("nyckeltal (metadata)")
    missing = [k for k in kpis if k not in set(kpi_df["id"])]
    if missing:
        warnings.append(f"nyckeltal som Kolada inte känner till hoppas över: {', '.join(missing)}")
    found = [k for k in kpis if k not in missing]
    if not found:
        raise KoladaError(f"Kolada känner inte till något av nyckeltalen {', '.join(kpis)}")
    kpi_rows = {r["id"]: r for r in kpi_df.to_dict("records")}
    years_used: dict[str, list[int]] = {}
    expected: dict[str, int | None] = {}
    frames = []
    for k in found:
        ys = sorted(set(years)) if years else years_to_fetch(kpi_rows.get(k), today)
        years_used[k] = ys
        expected[k] = latest_published(kpi_rows.get(k), today)
        frames.append(parse_data(client.data(k, ys), f"data/kpi/{k}"))
        tick(f"värden {k}")
    values = pd.concat(frames, ignore_index=True) if frames else parse_data([])
    values = values.drop_duplicates(["kpi", "kommun_kod", "period", "gender"], keep="last")
    values = values.sort_values(["kpi", "kommun_kod", "period", "gender"]).reset_index(drop=True)
    latest = latest_with_values(values)
    for k in found:
        if k not in latest:
            warnings.append(f"{k}: inga värden för åren {_span(years_used[k])}")
        elif not years and expected[k] is not None and latest[k] < expected[k]:
            warnings.append(
                f"{k}: senaste år med värden är {latest[k]}, men Kolada anger att {expected[k]} ska vara publicerat"
            )
    kpi_df["latest_year"] = kpi_df["id"].map(lambda k: str(latest[k]) if k in latest else None).astype("string")

    munis = parse_municipalities(client.municipalities())
    tick("kommuner")
    kommuner = set(munis.loc[munis["kind"] == "kommun", "id"])
    if len(kommuner) != 290:
        warnings.append(f"/municipality gav {len(kommuner)} kommuner (typ K), inte 290")
    if RIKET not in set(munis.loc[munis["kind"] == "riket", "id"]):
        warnings.append(f"/municipality saknar riket ({RIKET})")

    listing = parse_groups(client.municipality_groups(), "municipality_groups", members=False)
    tick("kommungrupper (lista)")
    skr_found = find_skr_groups([g for g in listing if g["members"] is not None], kommuner)
    skr_need = [g["id"] for g in listing if g["members"] is None and _is_skr(g)]
    best, w = rka_candidates(listing, munis)
    warnings += w
    need = skr_need + [g["id"] for g in best.values() if g["members"] is None]
    if need:
        full = {g["id"]: g for g in parse_groups(client.municipality_groups(need), "municipality_groups")}
        for g in listing:
            if g["members"] is None and g["id"] in full:
                g["members"] = full[g["id"]]["members"]
        for g in best.values():
            if g["members"] is None:
                got = full.get(g["id"])
                if got is None:
                    warnings.append(f"RKA-gruppen {g['id']} ({g['title']}) kom inte med; hoppas över")
                g["members"] = got["members"] if got else []
        skr_found = find_skr_groups([g for g in listing if g["members"] is not None], kommuner)
    warnings += skr_found.warnings
    tick("SKR:s kommungrupper")
    rka = rka_membership(best)
    if len(best) < len(kommuner):
        warnings.append(
            f"{len(kommuner) - len(best)} av {len(kommuner)} kommuner saknar en grupp "
            "'Liknande kommuner, övergripande' i Kolada"
        )
    tick("RKA:s liknande kommuner")

    real = is_real_api(client.base_url)
    meta = {
        "format": CACHE_FORMAT,
        "source": "kolada" if real else "test",
        "real_api": real,
        "base_url": client.base_url,
        "fetched_at": now.isoformat(timespec="seconds"),
        "kpis": found,
        "years": years_used,
        "latest_year": {k: latest.get(k) for k in found},
        "latest_published": expected,
        "skr_revision": SKR_REVISION,
        "skr_groups": skr_found.found,
        "rka_groups": len(best),
        "warnings": warnings,
        "requests": len(client.urls),
        "urls": list(dict.fromkeys(client.urls)),
    }
    tables = {
        "kpis": kpi_df,
        "values": values,
        "municipalities": munis,
        "skr_groups": skr_found.table,
        "rka_groups": rka,
    }
    return write_cache(out, tables, meta)


def _is_skr(group: dict) -> bool:
    return skr_code_of_title(group["title"]) is not None


def _span(years: Sequence[int]) -> str:
    ys = sorted(years)
    return f"{ys[0]}–{ys[-1]}" if ys else "–"
