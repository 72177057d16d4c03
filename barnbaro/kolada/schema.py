"""The shapes of Kolada's v3 answers, checked item by item, and the tables the local copy keeps.

A field missing or of the wrong type is a KoladaError naming the URL, the item and the field.
"""

from __future__ import annotations

import math

import pandas as pd

from .errors import KoladaError

DEFAULT_BASE_URL = "https://api.kolada.se/v3"  # the real API; any other base URL is test data

GENDERS = ("T", "K", "M")
MUNICIPALITY_TYPES = ("K", "L")
RIKET = "0000"
# What an entity of /municipality is: Riket ("0000") has type L like the regions but is riket.
KINDS = {"K": "kommun", "L": "region"}

TABLES = ("kpis", "values", "municipalities", "skr_groups", "rka_groups")
COLUMNS = {
    "kpis": [
        "id",
        "title",
        "description",
        "is_divided_by_gender",
        "municipality_type",
        "operating_area",
        "publ_period",
        "publication_date",
        "latest_year",
    ],
    "values": ["kpi", "kommun_kod", "period", "gender", "value", "status", "count"],
    "municipalities": ["id", "title", "type", "kind"],
    "skr_groups": ["kommun_kod", "group_id", "group_code", "group_name", "group_title"],
    "rka_groups": ["kommun_kod", "group_id", "group_title", "year", "member_id", "member_title"],
}


def _where(url: str, i: int | None = None) -> str:
    return f"{url}" + (f", post {i}" if i is not None else "")


def check_envelope(page: object, url: str) -> tuple[list[dict], str | None]:
    """The page's items and its next URL (None at the end), or a KoladaError naming the field."""
    if not isinstance(page, dict):
        raise KoladaError(f"{url}: svaret ska vara ett JSON-objekt med fältet 'values', är {type(page).__name__}")
    if "values" not in page:
        raise KoladaError(
            f"{url}: fältet 'values' saknas i svaret (fält: {', '.join(sorted(map(str, page))) or 'inga'})"
        )
    values = page["values"]
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise KoladaError(f"{url}: fältet 'values' ska vara en lista med objekt")
    if "count" in page and page["count"] is not None:
        count = page["count"]
        # `count` is the number of items on the page; a count above what came is accepted
        # (the page holds what it holds), one below it means the answer is not what it says.
        if not isinstance(count, int) or isinstance(count, bool) or count < len(values):
            raise KoladaError(f"{url}: fältet 'count' ({count!r}) är mindre än antalet poster på sidan ({len(values)})")
    nxt = page.get("next_url")
    if nxt in (None, ""):
        return values, None
    if not isinstance(nxt, str):
        raise KoladaError(f"{url}: fältet 'next_url' ska vara en adress eller null, är {type(nxt).__name__}")
    return values, nxt


def _field(item: dict, name: str, kinds: tuple, url: str, i: int, required: bool = True):
    if name not in item:
        if not required:
            return None
        raise KoladaError(f"{_where(url, i)}: fältet '{name}' saknas (fält: {', '.join(sorted(map(str, item)))})")
    v = item[name]
    if v is None and not required:
        return None
    if not isinstance(v, kinds) or isinstance(v, bool) and bool not in kinds:
        raise KoladaError(f"{_where(url, i)}: fältet '{name}' har fel typ ({type(v).__name__}: {v!r})")
    return v


def _deleted(item: dict) -> bool:
    v = item.get("isdeleted", item.get("is_deleted"))
    return v not in (None, False, 0, "", "0", "false", "False")


def parse_data(items: list[dict], url: str = "data") -> pd.DataFrame:
    """Data items -> one row per (kpi, municipality, period, gender): value (NaN when null, status
    kept), status, count. Items marked isdeleted are skipped."""
    rows = []
    for i, item in enumerate(items):
        if _deleted(item):
            continue
        kpi = _field(item, "kpi", (str,), url, i)
        muni = _field(item, "municipality", (str,), url, i)
        period = _field(item, "period", (int, str), url, i)
        if isinstance(period, str):
            if not period.isdigit():
                raise KoladaError(f"{_where(url, i)}: fältet 'period' ska vara ett år, är {period!r}")
            period = int(period)
        vals = _field(item, "values", (list,), url, i)
        for j, v in enumerate(vals):
            where = f"{url}, post {i} värde {j}"
            if not isinstance(v, dict):
                raise KoladaError(f"{where}: ska vara ett objekt")
            if _deleted(v):
                continue
            if "gender" not in v:
                raise KoladaError(f"{where}: fältet 'gender' saknas (fält: {', '.join(sorted(map(str, v)))})")
            gender = v["gender"]
            if gender not in GENDERS:
                raise KoladaError(f"{where}: fältet 'gender' ska vara T, K eller M, är {gender!r}")
            if "value" not in v:
                raise KoladaError(f"{where}: fältet 'value' saknas (fält: {', '.join(sorted(map(str, v)))})")
            value = v["value"]
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise KoladaError(f"{where}: fältet 'value' ska vara ett tal eller null, är {value!r}")
            status = v.get("status")
            if status is not None and not isinstance(status, str):
                raise KoladaError(f"{where}: fältet 'status' ska vara text, är {status!r}")
            count = v.get("count")
            if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
                raise KoladaError(f"{where}: fältet 'count' ska vara ett heltal, är {count!r}")
            rows.append(
                {
                    "kpi": kpi,
                    "kommun_kod": muni,
                    "period": period,
                    "gender": gender,
                    "value": float(value) if value is not None else math.nan,
                    "status": status or "",
                    "count": count,
                }
            )
    df = pd.DataFrame(rows, columns=COLUMNS["values"])
    return df.astype(
        {
            "kpi": "string",
            "kommun_kod": "string",
            "period": "int64",
            "gender": "string",
            "value": "float64",
            "status": "string",
            "count": "Int64",
        }
    )


def parse_kpis(items: list[dict], url: str = "kpi") -> pd.DataFrame:
    rows = []
    for i, item in enumerate(items):
        if _deleted(item):
            continue
        row = {"id": _field(item, "id", (str,), url, i), "title": _field(item, "title", (str,), url, i)}
        for name in ("description", "municipality_type", "operating_area", "publication_date"):
            v = _field(item, name, (str,), url, i, required=False)
            row[name] = v
        g = item.get("is_divided_by_gender")
        row["is_divided_by_gender"] = None if g is None else str(g)
        p = item.get("publ_period")
        row["publ_period"] = None if p is None else str(p)
        row["latest_year"] = None  # filled in by the fetch: the latest year with values
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS["kpis"]).astype("string")


def parse_municipalities(items: list[dict], url: str = "municipality") -> pd.DataFrame:
    rows = []
    for i, item in enumerate(items):
        if _deleted(item):
            continue
        typ = _field(item, "type", (str,), url, i)
        if typ not in MUNICIPALITY_TYPES:
            raise KoladaError(f"{_where(url, i)}: fältet 'type' ska vara K eller L, är {typ!r}")
        mid = _field(item, "id", (str,), url, i)
        rows.append(
            {
                "id": mid,
                "title": _field(item, "title", (str,), url, i),
                "type": typ,
                "kind": "riket" if mid == RIKET else KINDS[typ],
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS["municipalities"]).astype("string")


def parse_groups(items: list[dict], url: str = "municipality_groups", members: bool = True) -> list[dict]:
    """Groups as {"id", "title", "members": [(member_id, member_title)] or None when absent}."""
    out = []
    for i, item in enumerate(items):
        if _deleted(item):
            continue
        g = {"id": _field(item, "id", (str,), url, i), "title": _field(item, "title", (str,), url, i), "members": None}
        raw = _field(item, "members", (list,), url, i, required=members)
        if raw is not None:
            ms = []
            for j, m in enumerate(raw):
                where = f"{url}, grupp {g['id']} medlem {j}"
                if not isinstance(m, dict):
                    raise KoladaError(f"{where}: ska vara ett objekt")
                for name in ("member_id", "member_title"):
                    if name not in m:
                        raise KoladaError(f"{where}: fältet '{name}' saknas (fält: {', '.join(sorted(map(str, m)))})")
                    if not isinstance(m[name], str):
                        raise KoladaError(f"{where}: fältet '{name}' ska vara text, är {m[name]!r}")
                ms.append((m["member_id"], m["member_title"]))
            g["members"] = ms
        out.append(g)
    return out
