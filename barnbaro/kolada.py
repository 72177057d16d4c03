"""Kolada, RKA's open database of municipal key figures (API v3): a plain-HTTP client, the local
cache the app reads, and what the app shows from that cache.

Only `python -m barnbaro kolada fetch` touches the network. The app reads the cache in
data/kolada/ and nothing else; without a cache every Kolada figure is replaced by a note with
the fetch command.

The API, as documented (shapes checked on every answer; a disagreement is a KoladaError that
names the field, never a KeyError):

    GET {base}/data/kpi/{kpi}/year/{years}                      values, all municipalities
    GET {base}/data/kpi/{kpi}/municipality/{ids}/year/{years}   values, given municipalities
    GET {base}/kpi/{ids}                                        KPI metadata
    GET {base}/municipality                                     {"id","title","type": K|L}
    GET {base}/municipality_groups[/{ids}]                      {"id","title","members":[...]}

Every answer is an envelope {"values": [...], "count": n, "next_url": ..., "previous_url": ...};
`count` is the number of items on that page, `next_url` (absolute or relative) the next page
until it is missing, null or empty. At most 25 ids go in one comma list; per_page is 5000.

The client retries 5xx, 429 (honouring Retry-After), timeouts and dropped connections with
exponential backoff, and never sends more than 5 requests in any second. All waiting goes
through an injectable clock, so tests run on virtual time.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import json
import math
import os
import re
import shutil
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Protocol, Sequence

import pandas as pd

from . import paths
from .clean import repair as _clean_repair
from .clean import sha256 as _clean_sha256
from .catalogue import EDITIONS
from .i18n import fmt_num, md_escape, t

DEFAULT_BASE_URL = "https://api.kolada.se/v3"
ENV_BASE_URL = "BARNBARO_KOLADA_URL"
# Where the app reads the cache; BARNBARO_KOLADA_DIR points it elsewhere (a test server's copy).
KOLADA_DIR = Path(os.environ.get("BARNBARO_KOLADA_DIR") or paths.DATA / "kolada")
FETCH_COMMAND = "python -m barnbaro kolada fetch"
CACHE_FORMAT = 1

# U33401 investigation time (days), U33816 experienced case workers (%), N33818 placed children
# per 1000, N33006 cost per inhabitant 0-20, N30223 (fetched for later use), N01951 population,
# N01948 (fetched for later use).
DEFAULT_KPIS = ("U33401", "U33816", "N33818", "N33006", "N30223", "N01951", "N01948")
OFFICIAL_KPIS = ("U33401", "U33816", "N33818", "N33006", "N01951")
SURVEY_YEARS = tuple(EDITIONS)
RIKET = "0000"

PER_PAGE = 5000
MAX_IDS = 25
MAX_PAGES = 1000
MAX_REQUESTS_PER_SECOND = 5
GENDERS = ("T", "K", "M")
MUNICIPALITY_TYPES = ("K", "L")

# SKR:s kommungruppsindelning, 2023 revision, as Kolada groups. Each id is verified by its title
# when fetched; a group whose title does not name the expected group is reported and not used.
SKR_REVISION = 2023
SKR_GROUPS: dict[str, tuple[str, str]] = {
    "G92786": ("A1", "Storstäder"),
    "G92787": ("A2", "Pendlingskommun nära storstad"),
    "G92788": ("B3", "Större stad"),
    "G92789": ("B4", "Pendlingskommun nära större stad"),
    "G92790": ("B5", "Lågpendlingskommun nära större stad"),
    "G92791": ("C6", "Mindre stad/tätort"),
    "G92792": ("C7", "Pendlingskommun nära mindre stad/tätort"),
    "G92793": ("C8", "Landsbygdskommun"),
    "G92794": ("C9", "Landsbygdskommun med besöksnäring"),
}
# Other spellings of a group name seen in SKR's own material.
SKR_ALIASES = {"Pendlingskommun nära mindre stad/tätort": ("Pendlingskommun nära mindre tätort",)}
SKR_NAMES_EN = {
    "A1": "Large cities", "A2": "Commuting municipalities near large cities",
    "B3": "Medium-sized towns", "B4": "Commuting municipalities near medium-sized towns",
    "B5": "Low-commuting municipalities near medium-sized towns", "C6": "Small towns",
    "C7": "Commuting municipalities near small towns", "C8": "Rural municipalities",
    "C9": "Rural municipalities with a visitor industry",
}
RKA_TITLE = re.compile(r"^\s*Liknande kommuner,\s*övergripande,\s*(?P<kommun>.+?),\s*(?P<year>\d{4})\s*$",
                       re.IGNORECASE)

TABLES = ("kpis", "values", "municipalities", "skr_groups", "rka_groups")
COLUMNS = {
    "kpis": ["id", "title", "description", "is_divided_by_gender", "municipality_type", "publ_period"],
    "values": ["kpi", "kommun_kod", "period", "gender", "value", "status", "count"],
    "municipalities": ["id", "title", "type"],
    "skr_groups": ["kommun_kod", "group_id", "group_code", "group_name", "group_title"],
    "rka_groups": ["kommun_kod", "group_id", "group_title", "year", "member_id", "member_title"],
}


class KoladaError(Exception):
    """The API could not be reached, or answered something other than its documented shape."""


class CacheError(Exception):
    """The cache in data/kolada is there but incomplete or changed; lists what is wrong."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# ---------------------------------------------------------------- clock

class Clock(Protocol):
    def monotonic(self) -> float: ...
    def wall(self) -> float: ...
    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


def default_clock() -> Clock:
    """The clock a client uses when none is given (tests replace this function)."""
    return SystemClock()


# ---------------------------------------------------------------- base URL

def resolve_base_url(cli_value: str | None = None, env: dict | None = None) -> str:
    """--base-url, else $BARNBARO_KOLADA_URL, else the real API; given with its /v3."""
    env = os.environ if env is None else env
    raw = (cli_value or env.get(ENV_BASE_URL) or DEFAULT_BASE_URL).strip()
    parts = urllib.parse.urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise KoladaError(f"bas-URL:en {raw!r} är inte en http(s)-adress (ange den med /v3, t.ex. {DEFAULT_BASE_URL})")
    if parts.query or parts.fragment:
        raise KoladaError(f"bas-URL:en {raw!r} ska inte ha frågeparametrar")
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def is_real_api(base_url: str) -> bool:
    return resolve_base_url(base_url, {}) == DEFAULT_BASE_URL


def chunks(ids: Sequence[str], size: int = MAX_IDS) -> list[list[str]]:
    ids = list(dict.fromkeys(str(i) for i in ids))
    return [ids[i:i + size] for i in range(0, len(ids), size)]


# ---------------------------------------------------------------- client

@dataclass
class KoladaClient:
    """Plain-HTTP client for Kolada v3. `urls` records every URL requested (every attempt)."""

    base_url: str | None = None
    timeout: float = 30.0
    max_retries: int = 4
    backoff: float = 1.0
    max_backoff: float = 60.0
    max_retry_after: float = 300.0
    rate: int = MAX_REQUESTS_PER_SECOND
    per_page: int = PER_PAGE
    clock: Clock | None = None
    user_agent: str = "barnbaro-kolada/1 (+Barnbarometern explorer)"
    urls: list[str] = field(default_factory=list)
    waits: list[tuple[str, float]] = field(default_factory=list)  # (why, seconds) of every wait
    started: list[float] = field(default_factory=list)  # clock time of every request's start

    def __post_init__(self):
        self.base_url = resolve_base_url(self.base_url)
        self.clock = self.clock or default_clock()
        self._starts: deque[float] = deque(maxlen=max(1, self.rate))
        self._host = urllib.parse.urlsplit(self.base_url).netloc

    # -- one request

    def _throttle(self) -> None:
        """At most `rate` request starts in any window of one second (sliding window)."""
        if len(self._starts) == self._starts.maxlen:
            wait = self._starts[0] + 1.0 - self.clock.monotonic()
            if wait > 0:
                self.waits.append(("rate", wait))
                self.clock.sleep(wait)
        now = self.clock.monotonic()
        self._starts.append(now)
        self.started.append(now)

    def _retry_after(self, value: str | None) -> float | None:
        if not value:
            return None
        value = value.strip()
        if re.fullmatch(r"\d+(\.\d+)?", value):
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        return max(0.0, when.timestamp() - self.clock.wall())

    def _backoff(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * (2 ** attempt))

    def get_json(self, url: str) -> object:
        """GET one URL and parse its JSON (bytes decoded as UTF-8 whatever the headers say)."""
        last, body = "", None
        for attempt in range(self.max_retries + 1):
            self._throttle()
            self.urls.append(url)
            req = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": self.user_agent})
            retry_after = None
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    body = resp.read()
                break
            except urllib.error.HTTPError as e:
                status = e.code
                retry_after = self._retry_after(e.headers.get("Retry-After") if e.headers else None)
                e.close()
                if status != 429 and status < 500:
                    raise KoladaError(f"{url}: servern svarade HTTP {status} ({e.reason})") from None
                last = f"HTTP {status}"
            except (TimeoutError, socket.timeout):
                last = f"ingen svar inom {self.timeout:g} s"
            except urllib.error.URLError as e:
                if isinstance(e.reason, (TimeoutError, socket.timeout)):
                    last = f"ingen svar inom {self.timeout:g} s"
                else:
                    last = f"anslutningen misslyckades ({e.reason})"
            except (ConnectionError, OSError, http.client.HTTPException) as e:  # reset or cut off mid-answer
                last = f"anslutningen bröts ({type(e).__name__})"
            if attempt == self.max_retries:
                break
            if retry_after is not None:
                if retry_after > self.max_retry_after:
                    raise KoladaError(f"{url}: servern bad oss vänta {retry_after:.0f} s (Retry-After), "
                                      f"längre än {self.max_retry_after:.0f} s; försök igen senare")
                wait, why = retry_after, "retry-after"
            else:
                wait, why = self._backoff(attempt), "backoff"
            self.waits.append((why, wait))
            self.clock.sleep(wait)
        if body is None:
            raise KoladaError(f"{url}: gav upp efter {self.max_retries + 1} försök (senast: {last})")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as e:
            raise KoladaError(f"{url}: svaret är inte UTF-8 (byte {e.start})") from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as e:
            raise KoladaError(f"{url}: svaret är inte giltig JSON ({e.msg}, rad {e.lineno} kolumn {e.colno})") from None

    # -- pages

    def url(self, path: str, params: dict | None = None) -> str:
        q = {"per_page": str(self.per_page)} | {k: str(v) for k, v in (params or {}).items()}
        quoted = "/".join(urllib.parse.quote(part, safe=",") for part in path.strip("/").split("/"))
        return f"{self.base_url}/{quoted}?{urllib.parse.urlencode(q)}"

    def get_all(self, path: str, params: dict | None = None) -> list[dict]:
        """Every item of every page of one endpoint, following next_url."""
        url = self.url(path, params)
        seen: set[str] = set()
        items: list[dict] = []
        for _ in range(MAX_PAGES):
            seen.add(url)
            page = self.get_json(url)
            values, next_url = check_envelope(page, url)
            items.extend(values)
            if next_url is None:
                return items
            nxt = urllib.parse.urljoin(url, next_url)
            parts = urllib.parse.urlsplit(nxt)
            if parts.scheme not in ("http", "https") or parts.netloc != self._host:
                raise KoladaError(f"{url}: next_url pekar utanför API:t ({next_url!r}); följer den inte")
            if nxt in seen:
                raise KoladaError(f"{url}: next_url pekar tillbaka på en sida som redan hämtats ({next_url!r}); "
                                  "sidorna går i ring")
            url = nxt
        raise KoladaError(f"{path}: fler än {MAX_PAGES} sidor; avbryter")

    # -- endpoints

    def kpis(self, ids: Iterable[str]) -> list[dict]:
        return [x for c in chunks(list(ids)) for x in self.get_all(f"kpi/{','.join(c)}")]

    def data(self, kpi: str, years: Iterable[int], municipalities: Iterable[str] | None = None) -> list[dict]:
        out = []
        for ys in chunks([str(y) for y in years]):
            if municipalities is None:
                out += self.get_all(f"data/kpi/{kpi}/year/{','.join(ys)}")
            else:
                for ms in chunks(list(municipalities)):
                    out += self.get_all(f"data/kpi/{kpi}/municipality/{','.join(ms)}/year/{','.join(ys)}")
        return out

    def municipalities(self) -> list[dict]:
        return self.get_all("municipality")

    def municipality_groups(self, ids: Iterable[str] | None = None) -> list[dict]:
        if ids is None:
            return self.get_all("municipality_groups")
        return [x for c in chunks(list(ids)) for x in self.get_all(f"municipality_groups/{','.join(c)}")]


# ---------------------------------------------------------------- shapes

def _where(url: str, i: int | None = None) -> str:
    return f"{url}" + (f", post {i}" if i is not None else "")


def check_envelope(page: object, url: str) -> tuple[list[dict], str | None]:
    """The page's items and its next URL (None at the end), or a KoladaError naming the field."""
    if not isinstance(page, dict):
        raise KoladaError(f"{url}: svaret ska vara ett JSON-objekt med fältet 'values', är {type(page).__name__}")
    if "values" not in page:
        raise KoladaError(f"{url}: fältet 'values' saknas i svaret (fält: {', '.join(sorted(map(str, page))) or 'inga'})")
    values = page["values"]
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise KoladaError(f"{url}: fältet 'values' ska vara en lista med objekt")
    if "count" in page and page["count"] is not None:
        count = page["count"]
        if not isinstance(count, int) or isinstance(count, bool) or count != len(values):
            raise KoladaError(f"{url}: fältet 'count' ({count!r}) stämmer inte med antalet poster på sidan ({len(values)})")
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
            rows.append({"kpi": kpi, "kommun_kod": muni, "period": period, "gender": gender,
                         "value": float(value) if value is not None else math.nan,
                         "status": status or "", "count": count})
    df = pd.DataFrame(rows, columns=COLUMNS["values"])
    return df.astype({"kpi": "string", "kommun_kod": "string", "period": "int64", "gender": "string",
                      "value": "float64", "status": "string", "count": "Int64"})


def parse_kpis(items: list[dict], url: str = "kpi") -> pd.DataFrame:
    rows = []
    for i, item in enumerate(items):
        if _deleted(item):
            continue
        row = {"id": _field(item, "id", (str,), url, i), "title": _field(item, "title", (str,), url, i)}
        for name in ("description", "municipality_type"):
            v = _field(item, name, (str,), url, i, required=False)
            row[name] = v
        g = item.get("is_divided_by_gender")
        row["is_divided_by_gender"] = None if g is None else str(g)
        p = item.get("publ_period")
        row["publ_period"] = None if p is None else str(p)
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
        rows.append({"id": _field(item, "id", (str,), url, i), "title": _field(item, "title", (str,), url, i), "type": typ})
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


# ---------------------------------------------------------------- SKR and RKA groups

def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _skr_names() -> dict[str, str]:
    """Every known spelling (normalised) -> the canonical SKR group name."""
    out = {}
    for _, name in SKR_GROUPS.values():
        out[_norm(name)] = name
        for alias in SKR_ALIASES.get(name, ()):
            out[_norm(alias)] = name
    return out


def skr_title_names(title: str) -> str | None:
    """The SKR group a Kolada group title names: the longest known group name found in it as a
    whole phrase ("Landsbygdskommun med besöksnäring" is not "Landsbygdskommun")."""
    if _norm(title).startswith("liknande kommuner"):
        return None
    text = _norm(title)
    best = None
    for spelling, name in _skr_names().items():
        if re.search(r"(?<!\w)" + re.escape(spelling) + r"(?!\w)", text) and (best is None or len(spelling) > len(best[0])):
            best = (spelling, name)
    return best[1] if best else None


def skr_membership(groups: list[dict], kommuner: set[str]) -> tuple[pd.DataFrame, list[str], dict]:
    """The verified SKR groups as one row per member municipality, the warnings, and per group
    what was found (for meta.json)."""
    warnings, found, rows = [], {}, []
    by_id = {g["id"]: g for g in groups}
    for gid, (code, name) in SKR_GROUPS.items():
        g = by_id.get(gid)
        if g is None:
            warnings.append(f"SKR-gruppen {gid} ({code} {name}) finns inte i Kolada; används inte")
            found[gid] = {"expected": name, "title": None, "used": False}
            continue
        named = skr_title_names(g["title"])
        ok = named == name
        found[gid] = {"expected": name, "title": g["title"], "used": ok}
        if not ok:
            warnings.append(f"SKR-gruppen {gid} heter {g['title']!r} i Kolada, inte {name!r} som väntat; används inte")
            continue
        for mid, _ in g["members"] or []:
            rows.append({"kommun_kod": mid, "group_id": gid, "group_code": code, "group_name": name, "group_title": g["title"]})
    df = pd.DataFrame(rows, columns=COLUMNS["skr_groups"]).astype("string")
    dup = df[df["kommun_kod"].duplicated(keep=False)]
    if len(dup):
        warnings.append(f"{dup['kommun_kod'].nunique()} kommuner står i flera SKR-grupper; den första används")
        df = df.drop_duplicates("kommun_kod")
    missing = kommuner - set(df["kommun_kod"])
    if missing and len(df):
        warnings.append(f"{len(missing)} av {len(kommuner)} kommuner saknar SKR-kommungrupp i cachen")
    return df.reset_index(drop=True), warnings, found


def rka_candidates(groups: list[dict], municipalities: pd.DataFrame) -> tuple[dict[str, dict], list[str]]:
    """RKA's "Liknande kommuner, övergripande, <kommun>, <år>" groups by municipality code: the
    latest year's group of each municipality, matched by the municipality's Kolada name."""
    k = municipalities[municipalities["type"] == "K"]
    by_name = {_norm(title): mid for mid, title in zip(k["id"], k["title"])}
    best: dict[str, dict] = {}
    unknown = []
    for g in groups:
        m = RKA_TITLE.match(g["title"])
        if not m:
            continue
        code = by_name.get(_norm(m["kommun"]))
        if code is None:
            unknown.append(m["kommun"])
            continue
        year = int(m["year"])
        cur = best.get(code)
        if cur is None or year > cur["year"]:
            best[code] = g | {"year": year, "kommun_kod": code}
    warnings = [f"{len(unknown)} RKA-grupper har ett kommunnamn som inte finns i /municipality: "
                + ", ".join(sorted(set(unknown))[:5])] if unknown else []
    return best, warnings


def rka_membership(best: dict[str, dict]) -> pd.DataFrame:
    rows = [{"kommun_kod": code, "group_id": g["id"], "group_title": g["title"], "year": g["year"],
             "member_id": mid, "member_title": mtitle}
            for code, g in sorted(best.items()) for mid, mtitle in (g["members"] or []) if mid != code]
    df = pd.DataFrame(rows, columns=COLUMNS["rka_groups"])
    return df.astype({c: "string" for c in COLUMNS["rka_groups"] if c != "year"} | {"year": "int64"})


# ---------------------------------------------------------------- years

def parse_years(text: str) -> list[int]:
    """'2013-2018', '2023,2024' or both ('2013-2018,2024') -> sorted distinct years."""
    years: set[int] = set()
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", part)
        if not m:
            raise ValueError(f"{part!r} är inte ett år eller ett intervall som 2013-2018")
        a, b = int(m[1]), int(m[2] or m[1])
        if a > b:
            raise ValueError(f"intervallet {part!r} går baklänges")
        if a < 1990 or b > 2100:
            raise ValueError(f"{part!r} ligger utanför 1990–2100")
        years.update(range(a, b + 1))
    if not years:
        raise ValueError("inga år angivna")
    return sorted(years)


def latest_year(kpi_row: dict | None, today: dt.date) -> int:
    """The KPI's latest published period (publ_period) when Kolada gives one, else last year."""
    p = (kpi_row or {}).get("publ_period")
    if isinstance(p, str) and re.fullmatch(r"\d{4}", p.strip()):
        return int(p)
    return today.year - 1


# ---------------------------------------------------------------- fetch and write

Progress = Callable[[int, int, str], None]


def fetch(out: Path = KOLADA_DIR, kpis: Sequence[str] = DEFAULT_KPIS, years: Sequence[int] | None = None,
          base_url: str | None = None, client: KoladaClient | None = None, progress: Progress | None = None,
          now: dt.datetime | None = None) -> dict:
    """Fetch KPI metadata, values for every municipality, SKR's and RKA's groups; write the cache
    atomically. Returns meta.json's content. Raises KoladaError (nothing written)."""
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


# The cache is published with the same write-aside-and-swap scheme as the clean tables.
repair = _clean_repair
_sha256 = _clean_sha256


CACHE_FILES = {f"{t}.parquet" for t in TABLES} | {"meta.json"}


def write_cache(out: Path, tables: dict[str, pd.DataFrame], meta: dict) -> dict:
    """Write tables and meta.json into a folder beside `out`, check it loads, then swap it in by
    two renames. Files in `out` that are not the cache's own (README.md) are carried over."""
    out = Path(out)
    repair(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    stamp = f"{os.getpid()}-{dt.datetime.now().strftime('%Y%m%d%H%M%S%f')}"
    tmp = out.parent / f".{out.name}.tmp-{stamp}"
    old = out.parent / f".{out.name}.old-{stamp}"
    tmp.mkdir()
    try:
        for name in TABLES:
            tables[name][COLUMNS[name]].to_parquet(tmp / f"{name}.parquet", index=False)
        meta = meta | {"tables": {f"{n}.parquet": {"sha256": _sha256(tmp / f"{n}.parquet"), "rows": len(tables[n])}
                                  for n in TABLES}}
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if out.is_dir():
            for p in out.iterdir():
                if p.name not in CACHE_FILES and not p.name.startswith(".kolada-"):
                    (shutil.copytree if p.is_dir() else shutil.copy2)(p, tmp / p.name)
        load_cache(tmp)  # raises CacheError if what was written does not read back
        if out.exists():
            out.rename(old)
        tmp.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    return meta


# ---------------------------------------------------------------- reading the cache

@dataclass(frozen=True)
class KoladaCache:
    kpis: pd.DataFrame
    values: pd.DataFrame
    municipalities: pd.DataFrame
    skr_groups: pd.DataFrame
    rka_groups: pd.DataFrame
    meta: dict
    directory: Path

    @property
    def is_real(self) -> bool:
        """Fetched from the real API (only then may it be shown as "Källa: Kolada")."""
        return (self.meta.get("real_api") is True and self.meta.get("source") == "kolada"
                and self.meta.get("base_url") == DEFAULT_BASE_URL)

    @property
    def fetched_date(self) -> str:
        return str(self.meta.get("fetched_at", "?"))[:10]

    def kpi_title(self, kpi: str) -> str:
        row = self.kpis[self.kpis["id"] == kpi]
        return str(row["title"].iloc[0]) if len(row) else kpi


def load_cache(directory: Path = KOLADA_DIR) -> KoladaCache | None:
    """The cache, None when there is none (no meta.json), CacheError when it is inconsistent."""
    directory = Path(directory)
    if not directory.exists():
        repair(directory, tidy=False)
    mpath = directory / "meta.json"
    if not mpath.is_file():
        return None
    try:
        meta = json.loads(mpath.read_text(encoding="utf-8"))
        if not isinstance(meta, dict):
            raise ValueError("inte ett objekt")
    except (ValueError, UnicodeDecodeError) as e:
        raise CacheError([f"meta.json kan inte läsas ({e})"]) from None
    problems = []
    if meta.get("format") != CACHE_FORMAT:
        problems.append(f"meta.json: format {meta.get('format')!r}, väntat {CACHE_FORMAT}; hämta igen")
    listed = meta.get("tables") if isinstance(meta.get("tables"), dict) else {}
    tables = {}
    for name in TABLES:
        p = directory / f"{name}.parquet"
        info = listed.get(p.name)
        if not isinstance(info, dict):
            problems.append(f"meta.json: {p.name} står inte med")
            continue
        if not p.is_file():
            problems.append(f"{p.name} saknas")
            continue
        if _sha256(p) != info.get("sha256"):
            problems.append(f"{p.name}: kontrollsumman stämmer inte med meta.json (filen har ändrats)")
            continue
        try:
            df = pd.read_parquet(p)
        except Exception as e:  # truncated or not parquet
            problems.append(f"{p.name} kan inte läsas ({type(e).__name__})")
            continue
        miss = [c for c in COLUMNS[name] if c not in df.columns]
        if miss:
            problems.append(f"{p.name}: kolumner saknas: {', '.join(miss)}")
        tables[name] = df
    if problems:
        raise CacheError(problems)
    return KoladaCache(**tables, meta=meta, directory=directory)


def _signature(directory: Path) -> tuple | None:
    try:
        st = (Path(directory) / "meta.json").stat()
        return (st.st_mtime_ns, st.st_size)
    except OSError:
        return None


@lru_cache(maxsize=4)
def _cached(directory: str, signature: tuple | None) -> KoladaCache | None:
    try:
        return load_cache(Path(directory))
    except CacheError:
        return None


def cached(directory: Path | None = None) -> KoladaCache | None:
    """The cache (default data/kolada), read once per change of meta.json; None when missing or
    inconsistent."""
    directory = Path(directory) if directory is not None else KOLADA_DIR
    return _cached(str(directory), _signature(directory))


# ---------------------------------------------------------------- what the app shows

def headline(values: pd.DataFrame) -> pd.DataFrame:
    """One value per (kpi, municipality, period): the total T; for a KPI with no T at all, the
    gender it has (K before M), with `gender` saying which."""
    if values.empty:
        return values.copy()
    keep = []
    for kpi, g in values.groupby("kpi", sort=False):
        genders = set(g["gender"])
        pick = "T" if "T" in genders else "K" if "K" in genders else "M"
        keep.append(g[g["gender"] == pick])
    return pd.concat(keep, ignore_index=True)


def peers(cache: KoladaCache | None, kind: str, code: str | None) -> list[str]:
    """The municipalities in `code`'s SKR kommungrupp (kind 'skr') or RKA's "Liknande kommuner,
    övergripande" group (kind 'rka'), never `code` itself; [] without a cache or a group."""
    if cache is None or code is None:
        return []
    if kind == "skr":
        s = cache.skr_groups
        gid = s.loc[s["kommun_kod"] == code, "group_id"]
        if gid.empty:
            return []
        return sorted(set(s.loc[s["group_id"] == gid.iloc[0], "kommun_kod"]) - {code})
    if kind == "rka":
        r = cache.rka_groups
        return sorted(set(r.loc[r["kommun_kod"] == code, "member_id"]) - {code})
    return []


def skr_group_of(cache: KoladaCache | None, code: str | None, lang: str = "sv") -> str | None:
    if cache is None or code is None:
        return None
    s = cache.skr_groups[cache.skr_groups["kommun_kod"] == code]
    if s.empty:
        return None
    c = str(s["group_code"].iloc[0])
    return f"{SKR_NAMES_EN.get(c, s['group_name'].iloc[0]) if lang == 'en' else s['group_name'].iloc[0]} ({c})"


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


def nearest_year(years: Iterable[int], target: int) -> int | None:
    """The year closest to `target` (the earlier one on a tie)."""
    ys = sorted(set(int(y) for y in years))
    return min(ys, key=lambda y: (abs(y - target), y)) if ys else None


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
    h = headline(cache.values)
    kommuner = set(cache.municipalities.loc[cache.municipalities["type"] == "K", "id"])
    skr = cache.skr_groups
    gid = skr.loc[skr["kommun_kod"] == code, "group_id"]
    group_members = set(skr.loc[skr["group_id"] == gid.iloc[0], "kommun_kod"]) if len(gid) else set()
    group_name = skr_group_of(cache, code, lang)
    rows, notes = [], []
    for kpi in kpis:
        title = cache.kpi_title(kpi)
        hk = h[h["kpi"] == kpi]
        mine = hk[(hk["kommun_kod"] == code)]
        with_value = mine[mine["value"].notna()]
        year = nearest_year(with_value["period"], edition)
        note = []
        if kpi not in set(cache.kpis["id"]):
            note.append(t("kolada_note_not_fetched", lang))
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
        source = t("kolada_source", lang, date=cache.fetched_date)
    else:
        title = t("kolada_official_title_test", lang, kommun=kommun, edition=edition)
        source = t("kolada_source_test", lang, url=md_escape(cache.meta.get("base_url", "?")), date=cache.fetched_date)
    return OfficialView(title=title, table=table, notes=notes, source=source, is_test=not cache.is_real)
