"""A fake Kolada API v3 on 127.0.0.1, serving the documented shapes over real HTTP, for tests.

Everything it serves is TEST DATA: municipalities and KPI metadata from the testdata_*.json files
beside this module; values and municipality groups generated here by fixed rules (no randomness).

Routes (under /v3):
    /kpi/{ids}  /municipality  /municipality_groups[/{ids}]
    /data/kpi/{kpi}/year/{years}  /data/kpi/{kpi}/municipality/{ids}/year/{years}

Answers are envelopes {"values", "count", "next_url", "previous_url"}, `page_size` items a page
(at most the request's per_page). A comma list of more than 25 ids is refused with 400, as the
real API documents. Tests steer misbehaviour through attributes:

    server.script(substring, action, ...)   canned actions for the next requests whose path
                                            contains `substring`, used up in order:
        ("status", code, headers, body)     answer that instead
        ("delay", seconds)                  hold the answer back (the client should time out)
        ("raw", bytes)                      answer 200 with these bytes
        ("cut", bytes)                      send these bytes of a longer answer, then hang up
    server.next_url_mode    "absolute" (default) | "relative" | "loop" | "foreign"
    server.empty_page       insert an empty page after the first page
    server.rename           {"field": "new name"} applied to every data item
    server.count_off        report a wrong `count`
    server.titles           {group id: title} overrides
    server.list_members     the /municipality_groups listing includes members
"""
from __future__ import annotations

import hashlib
import json
import threading
import urllib.parse
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
YEARS = range(2010, 2026)
SKR_IDS = ["G92786", "G92787", "G92788", "G92789", "G92790", "G92791", "G92792", "G92793", "G92794"]
SKR_TITLES = [
    "Storstäder (A1)", "Pendlingskommun nära storstad (A2)", "Större stad (B3)",
    "Pendlingskommun nära större stad (B4)", "Lågpendlingskommun nära större stad (B5)",
    "Mindre stad/tätort (C6)", "Pendlingskommun nära mindre stad/tätort (C7)", "Landsbygdskommun (C8)",
    "Landsbygdskommun med besöksnäring (C9)",
]
STORSTADER = ("0180", "1280", "1480")


def load(name: str) -> list[dict]:
    return json.loads((HERE / name).read_text(encoding="utf-8"))["items"]


def _unit(*parts) -> float:
    """A fixed number in [0, 1) from the parts (a hash, not a random draw)."""
    h = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(h[:8], "big") / 2 ** 64


def skr_index(code: str) -> int:
    """Which of the nine SKR test groups a municipality is in (0 = Storstäder)."""
    if code in STORSTADER:
        return 0
    return 1 + int(code) % 8


def build_values(municipalities: list[dict], kpis: list[dict]) -> list[dict]:
    """Data items for every KPI, entity and year, with the special cases the tests rely on:
    - U33401 for 0180 is null (status "Saknas") in 2013-2015;
    - a deleted duplicate of N01951 for 0180 in 2018 (isdeleted: true, value 999999);
    - N01948 has only genders K and M; N33818 has T, K and M."""
    items = []
    for k in kpis:
        kpi = k["id"]
        for m in municipalities:
            code = m["id"]
            for year in YEARS:
                u = _unit(kpi, code, year)
                if kpi == "N01951":
                    v = float(int(3000 + 900000 * _unit(kpi, code) * (1 + (year - 2010) / 100)))
                elif kpi == "U33401":
                    v = round(60 + 120 * u, 1)
                elif kpi == "U33816":
                    v = round(100 * u, 1)
                else:
                    v = round(5 + 50 * u, 1)
                vals = [{"gender": "T", "count": 1, "status": "", "value": v}]
                if kpi == "N33818":
                    vals += [{"gender": "K", "count": 1, "status": "", "value": v - 1},
                             {"gender": "M", "count": 1, "status": "", "value": v + 1}]
                if kpi == "N01948":
                    vals = [{"gender": "K", "count": 1, "status": "", "value": v},
                            {"gender": "M", "count": 1, "status": "", "value": v + 2}]
                if kpi == "U33401" and code == "0180" and 2013 <= year <= 2015:
                    vals = [{"gender": "T", "count": 0, "status": "Saknas", "value": None}]
                items.append({"kpi": kpi, "municipality": code, "period": year, "values": vals})
                if kpi == "N01951" and code == "0180" and year == 2018:
                    items.append({"kpi": kpi, "municipality": code, "period": year, "isdeleted": True,
                                  "values": [{"gender": "T", "count": 1, "status": "", "value": 999999.0}]})
    return items


def build_groups(municipalities: list[dict]) -> list[dict]:
    """SKR's nine groups (titles naming them), RKA's "Liknande kommuner, övergripande" group of
    every municipality (the seven next codes; 0180 also has an older group with other members),
    and groups that must not be taken for either."""
    kommuner = [m for m in municipalities if m["type"] == "K"]
    codes = [m["id"] for m in kommuner]
    title = {m["id"]: m["title"] for m in kommuner}
    groups = []
    for i, gid in enumerate(SKR_IDS):
        members = [c for c in codes if skr_index(c) == i]
        groups.append({"id": gid, "title": f"{SKR_TITLES[i]}, SKR:s kommungruppsindelning 2023 (testdata)",
                       "members": [{"member_id": c, "member_title": title[c]} for c in members]})
    for n, c in enumerate(codes):
        peers = [codes[(n + j) % len(codes)] for j in range(1, 8)]
        groups.append({"id": f"G3{c}", "title": f"Liknande kommuner, övergripande, {title[c]}, 2024",
                       "members": [{"member_id": p, "member_title": title[p]} for p in peers]})
        groups.append({"id": f"G4{c}", "title": f"Liknande kommuner IFO, {title[c]}, 2024",
                       "members": [{"member_id": codes[(n + 9) % len(codes)], "member_title": "x"}]})
    groups.append({"id": "G29999", "title": "Liknande kommuner, övergripande, Stockholm, 2021",
                   "members": [{"member_id": "0114", "member_title": title["0114"]}]})
    groups.append({"id": "G29998", "title": "Liknande kommuner, övergripande, Testköping, 2024", "members": []})
    groups.append({"id": "G29997", "title": "Storstäder och storstadsnära kommuner (testdata)",
                   "members": [{"member_id": c, "member_title": title[c]} for c in STORSTADER]})
    return groups


@lru_cache(maxsize=1)
def universe() -> tuple:
    """The test data, built once per process (read only)."""
    municipalities = load("testdata_municipality.json")
    kpis = load("testdata_kpi.json")
    values = build_values(municipalities, kpis)
    by_kpi: dict[str, list[dict]] = {}
    for v in values:
        by_kpi.setdefault(v["kpi"], []).append(v)
    return municipalities, kpis, values, by_kpi, build_groups(municipalities)


class FakeKolada:
    def __init__(self, page_size: int = 100):
        self.municipalities, self.kpis, self.values, self.by_kpi, self.groups = universe()
        self.page_size = page_size
        self.next_url_mode = "absolute"
        self.empty_page = False
        self.rename: dict[str, str] = {}
        self.count_off = False
        self.titles: dict[str, str] = {}
        self.list_members = False
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

    def start(self) -> "FakeKolada":
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
                return 400, "more than 25 ids in a comma list"
        if parts[:1] == ["kpi"] and len(parts) == 2:
            ids = parts[1].split(",")
            return 200, [k for k in self.kpis if k["id"] in ids]
        if parts == ["municipality"]:
            return 200, self.municipalities
        if parts == ["municipality_groups"]:
            return 200, [self._group(g, self.list_members) for g in self.groups]
        if parts[:1] == ["municipality_groups"] and len(parts) == 2:
            ids = parts[1].split(",")
            return 200, [self._group(g, True) for g in self.groups if g["id"] in ids]
        if parts[:2] == ["data", "kpi"]:
            if len(parts) == 5 and parts[3] == "year":
                kpi, munis, years = parts[2], None, parts[4]
            elif len(parts) == 7 and parts[3] == "municipality" and parts[5] == "year":
                kpi, munis, years = parts[2], set(parts[4].split(",")), parts[6]
            else:
                return 404, "unknown data path"
            ys = {int(y) for y in years.split(",")}
            out = [dict(v) for v in self.by_kpi.get(kpi, []) if v["period"] in ys
                   and (munis is None or v["municipality"] in munis)]
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
            return 400, "per_page above 5000"
        size = min(per_page, self.page_size)
        pages = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
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
        body = {"values": values, "count": len(values) + (1 if self.count_off else 0),
                "next_url": nxt, "previous_url": link(n - 1) if n > 1 else None}
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
