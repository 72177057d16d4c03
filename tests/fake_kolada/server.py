"""A fake Kolada API v3 on 127.0.0.1, serving real records and made-up values over real HTTP.

What it serves:
- the REAL municipality list, municipality groups (SKR's nine and RKA's 290 "Liknande kommuner")
  and KPI metadata that the live v3 API returned (tests/fake_kolada/real/, see PROVENANCE.md
  there), plus a few made-up decoy groups (ids G2999x) that must not be taken for either;
- made-up VALUES (fixed rules, no randomness), in the years a real key figure would have them:
  from its first year up to its latest published year on the server's `now`, from the real
  `publ_period` and `publication_date` (publ_period once the date has passed, the year before
  until then). A year after that has no items.

Routes (under /v3):
    /kpi/{ids}  /municipality  /municipality_groups[/{ids}]
    /data/kpi/{kpi}/year/{years}  /data/kpi/{kpi}/municipality/{ids}/year/{years}

Answers are envelopes {"values", "count", "next_url", "previous_url"}, `page_size` items a page
(at most the request's per_page). A comma list of more than 25 ids is refused with 422, as is
per_page above 5000. Tests steer misbehaviour through attributes:

    server.script(substring, action, ...)   canned actions for the next requests whose path
                                            contains `substring`, used up in order:
        ("status", code, headers, body)     answer that instead
        ("delay", seconds)                  hold the answer back (the client should time out)
        ("raw", bytes)                      answer 200 with these bytes
        ("cut", bytes)                      send these bytes of a longer answer, then hang up
    server.next_url_mode    "absolute" (default) | "relative" | "loop" | "foreign"
    server.empty_page       insert an empty page after the first page
    server.rename           {"field": "new name"} applied to every data item
    server.count_off        report a `count` below the items on the page (an error)
    server.count_more       report a `count` above the items on the page (accepted)
    server.titles           {group id: title} overrides
    server.list_members     the /municipality_groups listing includes members (True, as the real API)
    server.drop_groups      group ids left out of every answer
    server.extra_groups     groups added to every answer
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import urllib.parse
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL = HERE / "real"
# The date the real records were taken from the live API; the server's default `now`.
RECORDED = dt.date(2026, 3, 23)
FIRST_YEAR = 2010
# Brukarbedömning (SKR's user survey of child and youth care) began in 2016.
FIRST_YEAR_OF = {
    k: 2016 for k in ("U33901", "U33904", "U33575", "U33576", "U33577", "U33578", "U33579", "U33580", "U33581")
}
# The real SKR groups (kolada-v3 README): id -> (code, name). The tests' answer key.
SKR_REAL = {
    "G92786": ("B5", "Lågpendlingskommun nära större stad"),
    "G92787": ("A1", "Storstäder"),
    "G92788": ("C6", "Mindre stad/tätort"),
    "G92789": ("C7", "Pendlingskommun nära mindre tätort"),
    "G92790": ("B3", "Större stad"),
    "G92791": ("C8", "Landsbygdskommun, ej nära större stad"),
    "G92792": ("B4", "Pendlingskommun nära större stad"),
    "G92793": ("A2", "Pendlingskommun nära storstad"),
    "G92794": ("C9", "Landsbygdskommun med besöksnäring"),
}
SKR_IDS = list(SKR_REAL)
STORSTADER = ("0180", "1280", "1480")


def load(name: str) -> list[dict]:
    """The `values` of one of the real records in real/."""
    return json.loads((REAL / name).read_text(encoding="utf-8"))["values"]


def _unit(*parts) -> float:
    """A fixed number in [0, 1) from the parts (a hash, not a random draw)."""
    h = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(h[:8], "big") / 2**64


def latest_year_on(kpi: dict, now: dt.date) -> int:
    """The latest year the fake has values for on `now`. From publ_period and publication_date
    (written independently of the client's rule, which the tests check against it); U33401 and
    other figures without either: the year before last, and last year from October on (its
    data collection runs through the autumn)."""
    period, date = kpi.get("publ_period"), kpi.get("publication_date")
    if period:
        if date and now < dt.date.fromisoformat(date):
            return int(period) - 1
        return int(period)
    return now.year - 1 if now.month >= 10 else now.year - 2


def skr_answer_key() -> dict[str, tuple[str, str]]:
    """Every municipality's real SKR group (code, name), from the real records by id."""
    out = {}
    for g in load("municipality_groups.json"):
        if g["id"] in SKR_REAL:
            for m in g["members"]:
                out[m["member_id"]] = SKR_REAL[g["id"]]
    return out


def skr_index(code: str) -> int:
    """Which of SKR's nine groups a municipality is in, as an index into the codes A1..C9."""
    order = ["A1", "A2", "B3", "B4", "B5", "C6", "C7", "C8", "C9"]
    return order.index(skr_answer_key()[code][0])


def _value(kpi: str, code: str, year: int) -> float:
    u = _unit(kpi, code, year)
    if kpi in ("N01951", "N01948"):
        base = 3000 + 900000 * _unit(kpi, code) * (0.25 if kpi == "N01948" else 1)
        return float(int(base * (1 + (year - 2010) / 100)))
    if kpi == "U33401":
        return round(60 + 120 * u, 1)
    if kpi == "U33904":
        return float(int(10 + 200 * u))
    if kpi == "N30223":
        return round(2 + 150 * _unit(kpi, code) + 5 * u, 1)
    if kpi.startswith("U33") or kpi.startswith("U339"):
        return round(40 + 60 * u, 1)
    return round(5 + 50 * u, 1)


def build_values(municipalities: list[dict], kpi: dict, now: dt.date) -> list[dict]:
    """Data items for one KPI, every entity and year it has values on `now`, with the special
    cases the tests rely on:
    - U33401 for 0180 is null (status "Saknas") in 2013-2015;
    - a deleted duplicate of N01951 for 0180 in 2018 (isdeleted: true, value 999999);
    - N01948 has only genders K and M (a made-up quirk); figures divided by gender have T, K, M;
    - brukarbedömning: about a third of the municipalities take part in a year, the others have
      no item."""
    k = kpi["id"]
    items = []
    last = latest_year_on(kpi, now)
    for m in municipalities:
        code = m["id"]
        for year in range(FIRST_YEAR_OF.get(k, FIRST_YEAR), last + 1):
            if (
                k in FIRST_YEAR_OF
                and code != "0000"
                and _unit("takes part", code, year) > 0.35
                and code not in STORSTADER
            ):
                continue
            v = _value(k, code, year)
            vals = [{"gender": "T", "count": 1, "status": "", "value": v}]
            if kpi.get("is_divided_by_gender"):
                share = (0.49, 0.51) if k.startswith("N019") else (0.98, 1.02)  # counts split, rates near T
                vals += [
                    {"gender": "K", "count": 1, "status": "", "value": round(v * share[0], 1)},
                    {"gender": "M", "count": 1, "status": "", "value": round(v * share[1], 1)},
                ]
            if k == "N01948":
                vals = [
                    {"gender": "K", "count": 1, "status": "", "value": v},
                    {"gender": "M", "count": 1, "status": "", "value": v + 2},
                ]
            if k == "U33401" and code == "0180" and 2013 <= year <= 2015:
                vals = [{"gender": "T", "count": 0, "status": "Saknas", "value": None}]
            items.append({"kpi": k, "municipality": code, "period": year, "values": vals})
            if k == "N01951" and code == "0180" and year == 2018:
                items.append(
                    {
                        "kpi": k,
                        "municipality": code,
                        "period": year,
                        "isdeleted": True,
                        "values": [{"gender": "T", "count": 1, "status": "", "value": 999999.0}],
                    }
                )
    return items


def decoy_groups(municipalities: list[dict]) -> list[dict]:
    """Made-up groups beside the real ones, each a trap: an older RKA group of Stockholm with
    other members, an RKA group naming no municipality, an RKA group of another kind, and a group
    whose title contains an SKR group's name without being it."""
    title = {m["id"]: m["title"] for m in municipalities}
    return [
        {
            "id": "G29999",
            "title": "Liknande kommuner, övergripande, Stockholm, 2021",
            "members": [{"member_id": "0114", "member_title": title["0114"]}],
        },
        {"id": "G29998", "title": "Liknande kommuner, övergripande, Testköping, 2025", "members": []},
        {
            "id": "G29996",
            "title": "Liknande kommuner IFO, Stockholm, 2025",
            "members": [{"member_id": "2584", "member_title": title["2584"]}],
        },
        {
            "id": "G29997",
            "title": "Storstäder och storstadsnära kommuner (testdata)",
            "members": [{"member_id": c, "member_title": title[c]} for c in STORSTADER],
        },
    ]


@lru_cache(maxsize=1)
def universe() -> tuple:
    """The real records, read once per process (read only): municipalities, KPIs, groups."""
    municipalities = load("municipality.json")
    kpis = load("kpi.json")
    return municipalities, kpis, load("municipality_groups.json") + decoy_groups(municipalities)


@lru_cache(maxsize=64)
def values_for(kpi_id: str, now: dt.date) -> tuple:
    municipalities, kpis, _ = universe()
    kpi = next((k for k in kpis if k["id"] == kpi_id), None)
    return tuple(build_values(municipalities, kpi, now)) if kpi else ()


class FakeKolada:
    def __init__(self, page_size: int = 100, now: dt.date = RECORDED):
        self.municipalities, self.kpis, self.groups = universe()
        self.now = now
        self.page_size = page_size
        self.next_url_mode = "absolute"
        self.empty_page = False
        self.rename: dict[str, str] = {}
        self.count_off = False
        self.count_more = False
        self.titles: dict[str, str] = {}
        self.list_members = True
        self.drop_groups: set[str] = set()
        self.extra_groups: list[dict] = []
        self.requests: list[str] = []
        self._scripts: list[tuple[str, list]] = []
        self._lock = threading.Lock()
        self.release = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v3"

    def start(self) -> FakeKolada:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def script(self, substring: str, *actions) -> None:
        with self._lock:
            self._scripts.append((substring, list(actions)))

    def _next_action(self, path: str):
        with self._lock:
            for sub, actions in self._scripts:
                if sub in path and actions:
                    return actions.pop(0)
        return None

    # -- answers

    def _group(self, g: dict, members: bool) -> dict:
        out = {"id": g["id"], "title": self.titles.get(g["id"], g["title"])}
        if members:
            out["members"] = g["members"]
        return out

    def items_for(self, parts: list[str]) -> tuple[int, list[dict] | str]:
        """(status, items) for a path below /v3; status 400/404 with a message when refused."""
        for p in parts:
            if len(p.split(",")) > 25:
                return 422, "more than 25 ids in a comma list"
        groups = [g for g in self.groups + self.extra_groups if g["id"] not in self.drop_groups]
        if parts[:1] == ["kpi"] and len(parts) == 2:
            ids = parts[1].split(",")
            return 200, [k for k in self.kpis if k["id"] in ids]
        if parts == ["municipality"]:
            return 200, self.municipalities
        if parts == ["municipality_groups"]:
            return 200, [self._group(g, self.list_members) for g in groups]
        if parts[:1] == ["municipality_groups"] and len(parts) == 2:
            ids = parts[1].split(",")
            return 200, [self._group(g, True) for g in groups if g["id"] in ids]
        if parts[:2] == ["data", "kpi"]:
            if len(parts) == 5 and parts[3] == "year":
                kpi, munis, years = parts[2], None, parts[4]
            elif len(parts) == 7 and parts[3] == "municipality" and parts[5] == "year":
                kpi, munis, years = parts[2], set(parts[4].split(",")), parts[6]
            else:
                return 404, "unknown data path"
            ys = {int(y) for y in years.split(",")}
            out = [
                dict(v)
                for v in values_for(kpi, self.now)
                if v["period"] in ys and (munis is None or v["municipality"] in munis)
            ]
            for old, new in self.rename.items():
                for v in out:
                    if old in v:
                        v[new] = v.pop(old)
            return 200, out
        return 404, "not found"

    def page(self, path: str, query: dict) -> tuple[int, dict | str]:
        parts = [urllib.parse.unquote(p) for p in path.split("/") if p]
        if parts[:1] != ["v3"]:
            return 404, "not under /v3"
        status, items = self.items_for(parts[1:])
        if status != 200:
            return status, items
        per_page = int(query.get("per_page", ["5000"])[0])
        if per_page > 5000:
            return 422, "per_page above 5000"
        size = min(per_page, self.page_size)
        pages = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
        if self.empty_page and len(pages) > 1:
            pages.insert(1, [])
        n = int(query.get("page", ["1"])[0])
        values = pages[n - 1] if 1 <= n <= len(pages) else []

        def link(k: int) -> str:
            q = urllib.parse.urlencode({"per_page": per_page, "page": k})
            if self.next_url_mode == "relative":
                return f"{parts[-1]}?{q}" if len(parts) > 1 else f"?{q}"
            if self.next_url_mode == "foreign":
                return f"http://kolada.example.invalid{path}?{q}"
            return f"{self.base_url.rsplit('/v3', 1)[0]}{path}?{q}"

        nxt = None
        if n < len(pages):
            nxt = link(1 if self.next_url_mode == "loop" and n >= 2 else n + 1)
        count = len(values) - 1 if self.count_off and values else len(values) + (7 if self.count_more else 0)
        body = {"values": values, "count": count, "next_url": nxt, "previous_url": link(n - 1) if n > 1 else None}
        return 200, body

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")  # no charset, like Kolada
                    self.send_header("Content-Length", str(len(body)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                with server._lock:
                    server.requests.append(self.path)
                split = urllib.parse.urlsplit(self.path)
                action = server._next_action(split.path)
                if action is not None:
                    kind = action[0]
                    if kind == "status":
                        _, code, headers, body = action
                        return self._send(code, body if isinstance(body, bytes) else json.dumps(body).encode(), headers)
                    if kind == "raw":
                        return self._send(200, action[1])
                    if kind == "cut":  # promise more bytes than are sent, then hang up
                        try:
                            self.send_response(200)
                            self.send_header("Content-Length", str(len(action[1]) + 100))
                            self.end_headers()
                            self.wfile.write(action[1])
                        except (BrokenPipeError, ConnectionResetError):
                            pass
                        self.close_connection = True
                        return None
                    if kind == "delay":
                        server.release.wait(action[1])
                status, body = server.page(split.path, urllib.parse.parse_qs(split.query))
                if status != 200:
                    return self._send(status, json.dumps({"error": body}).encode())
                self._send(200, json.dumps(body, ensure_ascii=False).encode("utf-8"))

        return Handler


class FakeClock:
    """Virtual time for the client: sleep() advances it and records how long was asked for."""

    def __init__(self, start: float = 1000.0, epoch: float = 1_750_000_000.0):
        self.t = start
        self.epoch = epoch
        self.sleeps: list[float] = []
        self.starts: list[float] = []

    def monotonic(self) -> float:
        return self.t

    def wall(self) -> float:
        return self.epoch + self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += max(0.0, seconds)
