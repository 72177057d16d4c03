"""A plain-HTTP client for Kolada, RKA's open database of municipal key figures (API v3).

Only `python -m barnbaro kolada fetch` uses it; the app reads the local copy (cache.py).

The API, as its v3 answers (shapes checked on every answer, schema.py; a disagreement is a
KoladaError that names the field, never a KeyError):

    GET {base}/data/kpi/{kpi}/year/{years}                      values, all municipalities
    GET {base}/data/kpi/{kpi}/municipality/{ids}/year/{years}   values, given municipalities
    GET {base}/kpi/{ids}                                        KPI metadata
    GET {base}/municipality                                     {"id","title","type": K|L}
    GET {base}/municipality_groups[/{ids}]                      {"id","title","members":[...]}

Every answer is an envelope {"values": [...], "count": n, "next_url": ..., "previous_url": ...};
`count` is the number of items on that page (accepted when at least the items sent), `next_url`
(absolute or relative) the next page until it is missing, null or empty. At most 25 ids go in
one comma list; per_page is 5000 (more is answered with HTTP 422).

The client retries 5xx, 429 (honouring Retry-After), timeouts and dropped connections with
exponential backoff, and never sends more than 5 requests in any second. All waiting goes
through an injectable clock, so tests run on virtual time.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from .errors import KoladaError
from .schema import DEFAULT_BASE_URL, check_envelope

ENV_BASE_URL = "BARNBARO_KOLADA_URL"
PER_PAGE = 5000
MAX_IDS = 25
MAX_PAGES = 1000
MAX_REQUESTS_PER_SECOND = 5


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
    return [ids[i : i + size] for i in range(0, len(ids), size)]


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
            when = when.replace(tzinfo=dt.UTC)
        return max(0.0, when.timestamp() - self.clock.wall())

    def _backoff(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * (2**attempt))

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
            except TimeoutError:
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
                    raise KoladaError(
                        f"{url}: servern bad oss vänta {retry_after:.0f} s (Retry-After), "
                        f"längre än {self.max_retry_after:.0f} s; försök igen senare"
                    )
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
                raise KoladaError(
                    f"{url}: next_url pekar tillbaka på en sida som redan hämtats ({next_url!r}); sidorna går i ring"
                )
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
