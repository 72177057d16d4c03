"""`python -m barnbaro kolada fetch`: KPI metadata, values, municipalities and groups from
Kolada into the local copy (written atomically by cache.write_cache)."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd

from . import cache as _cache
from .cache import CACHE_FORMAT, write_cache
from .client import KoladaClient, is_real_api
from .errors import KoladaError
from .groups import SKR_GROUPS, SKR_REVISION, rka_candidates, rka_membership, skr_membership
from .schema import parse_data, parse_groups, parse_kpis, parse_municipalities
from .years import SURVEY_YEARS, latest_year

FETCH_COMMAND = "python -m barnbaro kolada fetch"

# U33401 investigation time (days), U33816 experienced case workers (%), N33818 placed children
# per 1000, N33006 cost per inhabitant 0-20, N30223 (fetched for later use), N01951 population,
# N01948 (fetched for later use).
DEFAULT_KPIS = ("U33401", "U33816", "N33818", "N33006", "N30223", "N01951", "N01948")
OFFICIAL_KPIS = ("U33401", "U33816", "N33818", "N33006", "N01951")


Progress = Callable[[int, int, str], None]


def fetch(out: Path | None = None, kpis: Sequence[str] = DEFAULT_KPIS, years: Sequence[int] | None = None,
          base_url: str | None = None, client: KoladaClient | None = None, progress: Progress | None = None,
          now: dt.datetime | None = None) -> dict:
    """Fetch KPI metadata, values for every municipality, SKR's and RKA's groups; write the cache
    atomically. Returns meta.json's content. Raises KoladaError (nothing written)."""
    out = Path(out) if out is not None else _cache.KOLADA_DIR
    client = client or KoladaClient(base_url)
    now = now or dt.datetime.now(dt.timezone.utc)
    kpis = list(dict.fromkeys(k.strip().upper() for k in kpis if k.strip()))
    if not kpis:
        raise KoladaError("inga nyckeltal angivna")
    bad = [k for k in kpis if not re.fullmatch(r"[A-Z]\d{5}", k)]
    if bad:
        raise KoladaError(f"okänt format på nyckeltal: {', '.join(bad)} (väntat t.ex. N01951)")
    total = len(kpis) + 5
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
    frames = []
    for k in found:
        ys = list(years) if years else sorted(set(SURVEY_YEARS) | {latest_year(kpi_rows.get(k), now.date())})
        years_used[k] = ys
        frames.append(parse_data(client.data(k, ys), f"data/kpi/{k}"))
        tick(f"värden {k}")
    values = pd.concat(frames, ignore_index=True) if frames else parse_data([])
    values = values.drop_duplicates(["kpi", "kommun_kod", "period", "gender"], keep="last")
    values = values.sort_values(["kpi", "kommun_kod", "period", "gender"]).reset_index(drop=True)

    munis = parse_municipalities(client.municipalities())
    tick("kommuner")
    kommuner = set(munis.loc[munis["type"] == "K", "id"])
    if len(kommuner) != 290:
        warnings.append(f"/municipality gav {len(kommuner)} kommuner (typ K), inte 290")

    skr_raw = parse_groups(client.municipality_groups(list(SKR_GROUPS)), "municipality_groups/SKR")
    skr, w, skr_found = skr_membership(skr_raw, kommuner)
    warnings += w
    tick("SKR:s kommungrupper")

    listing = parse_groups(client.municipality_groups(), "municipality_groups", members=False)
    tick("kommungrupper (lista)")
    best, w = rka_candidates(listing, munis)
    warnings += w
    need = [g["id"] for g in best.values() if g["members"] is None]
    if need:
        full = {g["id"]: g for g in parse_groups(client.municipality_groups(need), "municipality_groups/RKA")}
        for code, g in best.items():
            if g["members"] is None:
                got = full.get(g["id"])
                if got is None:
                    warnings.append(f"RKA-gruppen {g['id']} ({g['title']}) kom inte med; hoppas över")
                g["members"] = got["members"] if got else []
    rka = rka_membership(best)
    if len(best) < len(kommuner):
        warnings.append(f"{len(kommuner) - len(best)} av {len(kommuner)} kommuner saknar en grupp "
                        "'Liknande kommuner, övergripande' i Kolada")
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
        "skr_revision": SKR_REVISION,
        "skr_groups": skr_found,
        "rka_groups": len(best),
        "warnings": warnings,
        "requests": len(client.urls),
        "urls": list(dict.fromkeys(client.urls)),
    }
    tables = {"kpis": kpi_df, "values": values, "municipalities": munis, "skr_groups": skr, "rka_groups": rka}
    return write_cache(out, tables, meta)

